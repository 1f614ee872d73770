//! Exit codes: one per kind of failure, so a cron job or a script can tell them apart. The table
//! is printed in `--help` and the README; the numbers never change meaning.

use crate::store::StoreError;

/// How the process ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    /// A bug or an environment failure (disk, permissions, a damaged file).
    Internal = 1,
    /// The command line or the configuration file is wrong.
    Usage = 2,
    /// The input was refused (a bad value, a file that does not validate); nothing was changed.
    Refused = 3,
    /// What was asked for does not exist: a record, a file, or the database itself.
    NotFound = 4,
    /// Another program held the database for longer than the busy timeout (30 s).
    Busy = 5,
    /// The user's roles do not allow this, or `--user` names nobody (or a disabled user).
    NotAllowed = 6,
    /// `check` found a problem in the database.
    CheckFailed = 7,
    /// The database needs `aidline migrate` (or was made by a newer aidline).
    Schema = 8,
}

/// The table for `--help` and the README.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  internal error (a bug, a disk or permission failure)
  2  usage error (command line or configuration file)
  3  data refused (a bad value or file; nothing was changed)
  4  not found (a record, a file, or the database: read-only commands never create one)
  5  database busy (another program held it longer than 30 s)
  6  not allowed (the user's roles do not allow it, or an unknown or disabled --user)
  7  check found a problem
  8  database schema: needs `aidline migrate`, or is newer than this program";

/// `EXIT_CODES_HELP` in Ukrainian.
pub const EXIT_CODES_HELP_UK: &str = "\
Коди завершення:
  0  успіх
  1  внутрішня помилка (вада програми, збій диска чи прав доступу)
  2  помилка виклику (командний рядок або файл конфігурації)
  3  дані відхилено (хибне значення чи файл; нічого не змінено)
  4  не знайдено (запис, файл чи база — читання ніколи не створює базу)
  5  база зайнята (інша програма тримала її довше за 30 с)
  6  не дозволено (ролі цього не дозволяють, або --user невідомий чи вимкнений)
  7  перевірка знайшла проблему
  8  схема бази: потрібен `aidline migrate`, або база новіша за цю програму";

/// An error with a chosen exit code (and a stable reason code for `--json`).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CliError {
    pub exit: Exit,
    pub reason: &'static str,
    pub message: String,
}

impl CliError {
    pub fn new(exit: Exit, reason: &'static str, message: impl Into<String>) -> CliError {
        CliError {
            exit,
            reason,
            message: message.into(),
        }
    }
}

/// A refusal of user input, for CLI code: `return Err(refused("quantity", "…").into())`.
pub fn refused(reason: &'static str, message: impl Into<String>) -> CliError {
    CliError::new(Exit::Refused, reason, message)
}

/// The exit code and the stable reason code for an error.
pub fn classify(err: &anyhow::Error) -> (Exit, &'static str) {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<CliError>() {
            return (e.exit, e.reason);
        }
        if cause.downcast_ref::<crate::config::ConfigError>().is_some() {
            return (Exit::Usage, "config");
        }
        if let Some(e) = cause.downcast_ref::<StoreError>() {
            if e.is_busy() {
                return (Exit::Busy, "busy");
            }
            return match e {
                StoreError::NoDatabase(_) => (Exit::NotFound, "no_database"),
                StoreError::NotAllowed { .. } => (Exit::NotAllowed, "not_allowed"),
                StoreError::UnknownUser { .. } => (Exit::NotAllowed, "unknown_user"),
                StoreError::NotFound { .. } => (Exit::NotFound, "not_found"),
                StoreError::NeedsMigration { .. } => (Exit::Schema, "needs_migration"),
                StoreError::NewerSchema { .. } => (Exit::Schema, "newer_schema"),
                StoreError::Invalid { .. } => (Exit::Refused, "invalid"),
                StoreError::Rejected(_) => (Exit::Refused, "rejected"),
                StoreError::Phone(_) => (Exit::Refused, "phone"),
                StoreError::Place(_) => (Exit::Refused, "place"),
                StoreError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                    (Exit::NotFound, "file_not_found")
                }
                _ => (Exit::Internal, "internal"),
            };
        }
        if cause.downcast_ref::<crate::domain::PhoneError>().is_some() {
            return (Exit::Refused, "phone");
        }
        if cause
            .downcast_ref::<crate::catalogue::PlaceError>()
            .is_some()
        {
            return (Exit::Refused, "place");
        }
        if cause
            .downcast_ref::<crate::domain::ParseValueError>()
            .is_some()
        {
            return (Exit::Refused, "invalid");
        }
        if let Some(e) = cause.downcast_ref::<rusqlite::Error>() {
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ) {
                return (Exit::Busy, "busy");
            }
            return (Exit::Internal, "internal");
        }
        if let Some(e) = cause.downcast_ref::<std::io::Error>() {
            if e.kind() == std::io::ErrorKind::NotFound {
                return (Exit::NotFound, "file_not_found");
            }
            return (Exit::Internal, "io");
        }
    }
    // A message made by the CLI itself (`bail!`, `anyhow!`): they all explain what was wrong
    // with what the user gave.
    (Exit::Refused, "invalid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_map_to_their_codes() {
        let e = anyhow::Error::new(StoreError::NoDatabase("x.db".into()));
        assert_eq!(classify(&e), (Exit::NotFound, "no_database"));
        let e = anyhow::Error::new(StoreError::NotFound {
            what: "offer",
            reference: "O-1".into(),
        })
        .context("while proposing");
        assert_eq!(classify(&e).0, Exit::NotFound);
        let e = anyhow::Error::new(StoreError::invalid("quantity", "0"));
        assert_eq!(classify(&e).0, Exit::Refused);
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        );
        let e = anyhow::Error::new(StoreError::Sqlite(busy));
        assert_eq!(classify(&e), (Exit::Busy, "busy"));
        let e = anyhow::Error::new(std::io::Error::other("disk full"));
        assert_eq!(classify(&e).0, Exit::Internal);
        assert_eq!(
            classify(&anyhow::anyhow!("'x' is not an offer")).0,
            Exit::Refused
        );
        let codes = [
            Exit::Ok,
            Exit::Internal,
            Exit::Usage,
            Exit::Refused,
            Exit::NotFound,
            Exit::Busy,
            Exit::NotAllowed,
            Exit::CheckFailed,
            Exit::Schema,
        ];
        for c in codes {
            assert!(
                EXIT_CODES_HELP.contains(&format!("  {}  ", c as i32)),
                "{c:?} is in the help"
            );
            assert!(
                EXIT_CODES_HELP_UK.contains(&format!("  {}  ", c as i32)),
                "{c:?} is in the Ukrainian help"
            );
        }
    }
}
