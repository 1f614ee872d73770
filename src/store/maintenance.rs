//! Counts, integrity check and online backup.

use super::{Result, Store, StoreError};
use serde::Serialize;
use std::path::Path;

/// What `aidline stats` prints.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub organisations: i64,
    pub needs: i64,
    pub needs_open: i64,
    pub needs_fulfilled: i64,
    pub donors: i64,
    pub offers: i64,
    pub offers_open: i64,
    pub matches: i64,
    pub matches_proposed: i64,
    pub matches_confirmed: i64,
    pub matches_handed_over: i64,
    pub matches_declined: i64,
    pub matches_cancelled: i64,
}

/// What `aidline check` found.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub integrity: String,
    pub schema_version: i64,
    pub schema_latest: i64,
    pub journal_mode: String,
    pub synchronous: i64,
    pub foreign_keys: bool,
    pub busy_timeout_ms: i64,
    pub foreign_key_violations: i64,
    pub tally_mismatches: i64,
    /// What the file holds, so an empty copy cannot pass for a good one.
    pub needs: i64,
    pub offers: i64,
    pub donors: i64,
    /// When the file was made by `aidline backup` (RFC 3339), `None` for a working database.
    pub backup_taken_at: Option<String>,
    pub problems: Vec<String>,
}

/// What a finished backup holds (read from the copy itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupReport {
    pub needs: i64,
    pub offers: i64,
    pub donors: i64,
    pub taken_at: String,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

impl Store {
    /// The audit rows of one kind of record as `at operator action before -> after` lines.
    pub fn audit_rows(&self, entity: &str) -> Result<Vec<String>> {
        self.require(super::access::Permission::SeeAudit, None)?;
        let mut stmt = self.conn().prepare(
            "SELECT at, operator, entity_id, action, coalesce(before, ''), coalesce(after, '')
             FROM audit WHERE entity = ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([entity], |r| {
                Ok(format!(
                    "{} {} {}#{} {} {} -> {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    entity,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn stats(&self) -> Result<Stats> {
        let c = self.conn();
        // Dates are compared with the store's clock, not SQLite's, so a fixed clock holds.
        let today = self.clock().today().to_string();
        let count = |sql: &str, params: &[&dyn rusqlite::ToSql]| -> Result<i64> {
            Ok(c.query_row(sql, params, |r| r.get(0))?)
        };
        let one = |sql: &str| count(sql, &[]);
        let status = |s: &str| count("SELECT count(*) FROM matches WHERE status = ?1", &[&s]);
        Ok(Stats {
            organisations: one("SELECT count(*) FROM organisations")?,
            needs: one("SELECT count(*) FROM needs")?,
            needs_open: count(
                "SELECT count(*) FROM needs WHERE closed = 0 AND quantity > proposed + confirmed + delivered
                 AND (needed_by IS NULL OR needed_by >= ?1)",
                &[&today],
            )?,
            needs_fulfilled: one("SELECT count(*) FROM needs WHERE delivered >= quantity")?,
            donors: one("SELECT count(*) FROM donors WHERE forgotten_at IS NULL")?,
            offers: one("SELECT count(*) FROM offers")?,
            offers_open: count(
                "SELECT count(*) FROM offers WHERE withdrawn = 0 AND quantity > proposed + confirmed + delivered
                 AND (available_until IS NULL OR available_until >= ?1)",
                &[&today],
            )?,
            matches: one("SELECT count(*) FROM matches")?,
            matches_proposed: status("proposed")?,
            matches_confirmed: status("confirmed")?,
            matches_handed_over: status("handed_over")?,
            matches_declined: status("declined")?,
            matches_cancelled: status("cancelled")?,
        })
    }

    /// integrity_check, schema version, pragmas, foreign keys, and that every tally equals the
    /// sum of its matches.
    pub fn check(&self) -> Result<CheckReport> {
        self.require(super::access::Permission::Maintain, None)?;
        let c = self.conn();
        let integrity: String = c.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
        let schema_version: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let schema_latest = super::migrations::LATEST;
        let journal_mode = self.journal_mode()?;
        let synchronous: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        let foreign_keys: bool = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        let busy_timeout_ms: i64 = c.query_row("PRAGMA busy_timeout", [], |r| r.get(0))?;
        let foreign_key_violations: i64 =
            c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })?;
        let tally_sql = |table: &str, key: &str| {
            format!(
                "SELECT count(*) FROM {table} t LEFT JOIN (
                    SELECT {key} AS id,
                        sum(CASE WHEN status = 'proposed' THEN quantity ELSE 0 END) AS p,
                        sum(CASE WHEN status = 'confirmed' THEN quantity ELSE 0 END) AS c,
                        sum(CASE WHEN status = 'handed_over' THEN quantity ELSE 0 END) AS d
                    FROM matches GROUP BY {key}) m ON m.id = t.id
                 WHERE t.proposed <> coalesce(m.p, 0) OR t.confirmed <> coalesce(m.c, 0)
                    OR t.delivered <> coalesce(m.d, 0)"
            )
        };
        // A need books its matches in its own unit (2 t offered to a need in kg is 2000 kg).
        let need_sql = format!(
            "SELECT count(*) FROM needs t LEFT JOIN (
                SELECT m.need_id AS id,
                    sum(CASE WHEN m.status = 'proposed' THEN {q} ELSE 0 END) AS p,
                    sum(CASE WHEN m.status = 'confirmed' THEN {q} ELSE 0 END) AS c,
                    sum(CASE WHEN m.status = 'handed_over' THEN {q} ELSE 0 END) AS d
                FROM matches m JOIN offers o ON o.id = m.offer_id JOIN needs n ON n.id = m.need_id
                GROUP BY m.need_id) m ON m.id = t.id
             WHERE t.proposed <> coalesce(m.p, 0) OR t.confirmed <> coalesce(m.c, 0)
                OR t.delivered <> coalesce(m.d, 0)",
            q = super::matches::need_quantity_sql()
        );
        let need_mismatches: i64 = c.query_row(&need_sql, [], |r| r.get(0))?;
        let offer_mismatches: i64 =
            c.query_row(&tally_sql("offers", "offer_id"), [], |r| r.get(0))?;
        let tally_mismatches = need_mismatches + offer_mismatches;
        let count = |table: &str| -> Result<i64> {
            Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        let (needs, offers) = (count("needs")?, count("offers")?);
        let donors = count("donors WHERE forgotten_at IS NULL")?;
        let backup_taken_at = backup_taken_at(c)?;
        let mut problems = Vec::new();
        if integrity != "ok" {
            problems.push(format!("integrity_check: {integrity}"));
        }
        if schema_version != schema_latest {
            problems.push(format!(
                "schema version {schema_version}, this program expects {schema_latest}"
            ));
        }
        // A backup is one self-contained file (rollback journal); opening it as the live
        // database switches it to WAL.
        if self.path().is_some()
            && backup_taken_at.is_none()
            && !journal_mode.eq_ignore_ascii_case("wal")
        {
            problems.push(format!("journal_mode is {journal_mode}, expected wal"));
        }
        if synchronous != 2 {
            problems.push(format!("synchronous is {synchronous}, expected 2 (FULL)"));
        }
        if !foreign_keys {
            problems.push("foreign_keys is off".into());
        }
        if busy_timeout_ms < 5000 {
            problems.push(format!(
                "busy_timeout is {busy_timeout_ms} ms, expected at least 5000"
            ));
        }
        if foreign_key_violations > 0 {
            problems.push(format!("{foreign_key_violations} foreign key violations"));
        }
        if tally_mismatches > 0 {
            problems.push(format!(
                "{tally_mismatches} needs or offers whose quantities disagree with their matches"
            ));
        }
        Ok(CheckReport {
            integrity,
            schema_version,
            schema_latest,
            journal_mode,
            synchronous,
            foreign_keys,
            busy_timeout_ms,
            foreign_key_violations,
            tally_mismatches,
            needs,
            offers,
            donors,
            backup_taken_at,
            problems,
        })
    }

    /// Copy the database to `dest` with SQLite's online backup: consistent while consoles write.
    ///
    /// The copy is written to a hidden temporary file in the destination folder (mode 0600 like
    /// the original), stamped with the time it was taken (the `backup_info` table, which
    /// `check` reads), checked, fsynced and only then renamed to `dest`, and the folder fsynced.
    /// Anything failing (a full disk, a removed stick) removes what was written and returns the
    /// error, so nothing is left that could pass for a backup and a retry starts clean. An
    /// existing `dest` is refused.
    pub fn backup(&self, dest: &Path) -> Result<BackupReport> {
        self.require(super::access::Permission::Maintain, None)?;
        if dest.exists() {
            return Err(StoreError::invalid(
                "backup",
                format!("{} already exists; choose a new file name", dest.display()),
            ));
        }
        let io = |path: &Path| {
            let path = path.display().to_string();
            move |source| StoreError::Io { path, source }
        };
        let name = dest
            .file_name()
            .ok_or_else(|| {
                StoreError::invalid("backup", format!("{} is not a file name", dest.display()))
            })?
            .to_string_lossy()
            .into_owned();
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        remove_stale_partials(&dir, &name);
        let temp = dir.join(format!(".{name}.partial-{}", std::process::id()));
        let result = self.backup_to(&temp);
        let result = result.and_then(|report| {
            if dest.exists() {
                return Err(StoreError::invalid(
                    "backup",
                    format!(
                        "{} appeared while copying; choose a new file name",
                        dest.display()
                    ),
                ));
            }
            std::fs::rename(&temp, dest).map_err(io(dest))?;
            // The rename itself survives a power cut only once the folder is on disk.
            std::fs::File::open(&dir)
                .and_then(|d| d.sync_all())
                .map_err(io(&dir))?;
            Ok(report)
        });
        if result.is_err() {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                let mut p = temp.clone().into_os_string();
                p.push(suffix);
                let _ = std::fs::remove_file(p);
            }
        }
        result
    }

    /// The backup into `temp` (created here), stamped, checked and fsynced.
    fn backup_to(&self, temp: &Path) -> Result<BackupReport> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let io = |source| StoreError::Io {
            path: temp.display().to_string(),
            source,
        };
        drop(options.open(temp).map_err(io)?);
        let mut target = rusqlite::Connection::open(temp)?;
        // No journal while copying: a half-written temp file is deleted, never recovered.
        target.query_row("PRAGMA journal_mode=OFF", [], |_| Ok(()))?;
        {
            let backup = rusqlite::backup::Backup::new(self.conn(), &mut target)?;
            backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
        }
        // A single self-contained file: rollback journal, not WAL (the program switches it back
        // to WAL when it is opened as a working database).
        target.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(()))?;
        let taken = self
            .clock()
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        target.execute_batch(
            "CREATE TABLE IF NOT EXISTS backup_info (taken_at TEXT NOT NULL) STRICT;
             DELETE FROM backup_info;",
        )?;
        target.execute("INSERT INTO backup_info (taken_at) VALUES (?1)", [&taken])?;
        let integrity: String = target.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
        if integrity != "ok" {
            return Err(StoreError::invalid(
                "backup",
                format!("the copy failed its check: {integrity}"),
            ));
        }
        let count = |sql: &str| -> Result<i64> { Ok(target.query_row(sql, [], |r| r.get(0))?) };
        let report = BackupReport {
            needs: count("SELECT count(*) FROM needs")?,
            offers: count("SELECT count(*) FROM offers")?,
            donors: count("SELECT count(*) FROM donors WHERE forgotten_at IS NULL")?,
            taken_at: taken,
        };
        target.close().map_err(|(_, e)| e)?;
        std::fs::File::open(temp)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
        Ok(report)
    }
}

/// Remove `.NAME.partial-PID` files (and their journals) left in `dir` by a backup that was
/// killed: those whose process is gone.
fn remove_stale_partials(dir: &Path, name: &str) {
    let prefix = format!(".{name}.partial-");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<i32>().ok());
        if pid.is_some_and(|pid| pid > 0 && !process_alive(pid)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(unix)]
fn process_alive(pid: i32) -> bool {
    // Signal 0 checks without signalling; EPERM means it exists under another user.
    // SAFETY: kill with signal 0 has no effect beyond the check.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_pid: i32) -> bool {
    true
}

/// When this file was made by `aidline backup`, if it was.
fn backup_taken_at(c: &rusqlite::Connection) -> Result<Option<String>> {
    let exists: bool = c.query_row(
        "SELECT count(*) > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'backup_info'",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(None);
    }
    use rusqlite::OptionalExtension;
    Ok(
        c.query_row("SELECT max(taken_at) FROM backup_info", [], |r| r.get(0))
            .optional()?
            .flatten(),
    )
}
