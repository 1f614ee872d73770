//! Logs go to a daily file in the data directory, never to the terminal. A log line never holds
//! a phone number, a name or an address: callers log ids, counts and kinds only.

use tracing_appender::non_blocking::WorkerGuard;

/// Start logging to `<data dir>/logs/aidline.log.<date>`; `AIDLINE_LOG` sets the level (info).
/// Returns the guard that flushes on drop; `None` when no log directory can be made.
pub fn init() -> Option<WorkerGuard> {
    let dir = crate::paths::data_dir().ok()?.join("logs");
    create_private_dir(&dir).ok()?;
    // Log files are created 0600 (no other user reads them), whatever the umask.
    // SAFETY: umask only changes this process's mask for files created from now on.
    #[cfg(unix)]
    unsafe {
        let old = libc::umask(0o077);
        libc::umask(old | 0o077);
    }
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("aidline.log")
        .max_log_files(14)
        .build(&dir)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let level = std::env::var("AIDLINE_LOG")
        .ok()
        .and_then(|l| l.parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::INFO);
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_max_level(level)
        .try_init()
        .ok()?;
    Some(guard)
}

/// Make `dir` (and parents) with mode 0700 if it does not exist.
fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Where the logs are, for messages to the user.
pub fn log_dir() -> Option<std::path::PathBuf> {
    crate::paths::data_dir().ok().map(|d| d.join("logs"))
}

/// A failure's kind for the log, without its message.
pub fn error_kind(err: &anyhow::Error) -> &'static str {
    use crate::store::StoreError;
    match err.downcast_ref::<StoreError>() {
        Some(StoreError::Sqlite(_)) => "database",
        Some(StoreError::Migration(_)) => "schema",
        Some(StoreError::Io { .. }) => "io",
        Some(StoreError::Phone(_)) => "phone",
        Some(StoreError::Place(_)) => "place",
        Some(StoreError::NotFound { .. }) => "not_found",
        Some(StoreError::Invalid { .. }) => "invalid",
        Some(StoreError::Rejected(_)) => "rejected",
        Some(StoreError::NoDatabase(_)) => "no_database",
        Some(StoreError::NeedsMigration { .. } | StoreError::NewerSchema { .. }) => "schema",
        #[allow(unreachable_patterns)]
        Some(_) => "other",
        None if err.downcast_ref::<crate::domain::PhoneError>().is_some() => "phone",
        None if err.downcast_ref::<crate::catalogue::PlaceError>().is_some() => "place",
        None => "other",
    }
}
