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
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

impl Store {
    /// The audit rows of one kind of record as `at operator action before -> after` lines.
    pub fn audit_rows(&self, entity: &str) -> Result<Vec<String>> {
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
        let need_mismatches: i64 = c.query_row(&tally_sql("needs", "need_id"), [], |r| r.get(0))?;
        let offer_mismatches: i64 =
            c.query_row(&tally_sql("offers", "offer_id"), [], |r| r.get(0))?;
        let tally_mismatches = need_mismatches + offer_mismatches;
        let mut problems = Vec::new();
        if integrity != "ok" {
            problems.push(format!("integrity_check: {integrity}"));
        }
        if schema_version != schema_latest {
            problems.push(format!(
                "schema version {schema_version}, this program expects {schema_latest}"
            ));
        }
        if self.path().is_some() && !journal_mode.eq_ignore_ascii_case("wal") {
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
            problems,
        })
    }

    /// Copy the database to `dest` with SQLite's online backup: consistent while consoles write.
    /// The copy is created mode 0600 like the original; an existing file is refused.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(StoreError::invalid(
                "backup",
                format!("{} already exists; choose a new file name", dest.display()),
            ));
        }
        super::create_private(dest)?;
        let mut target = rusqlite::Connection::open(dest)?;
        let backup = rusqlite::backup::Backup::new(self.conn(), &mut target)?;
        backup.run_to_completion(256, std::time::Duration::from_millis(5), None)?;
        drop(backup);
        let integrity: String = target.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
        if integrity != "ok" {
            return Err(StoreError::invalid(
                "backup",
                format!("the copy failed its check: {integrity}"),
            ));
        }
        Ok(())
    }
}
