//! Bulk loads (an import, the demo): what each row's write would do to the list filters' search
//! tables and to the tables' own indexes, done once at the end of the same transaction.
//!
//! The search tables (`need_search`, `offer_search` and their `_codes`) are FTS5, kept by
//! triggers. Every statement that fires those triggers opens a statement savepoint, and FTS5
//! writes its pending terms to disk at every savepoint: an import that inserts row by row wrote
//! one tiny segment per row and spent about half its time writing and merging them. So during a
//! bulk load the insert and update triggers of the loaded tables are set aside; at the end they
//! are put back exactly as the schema had them, and the search entries of every row the load
//! wrote are inserted in one statement per table from the view the triggers insert from
//! (`need_search_rows`, `offer_search_rows`: migration V10). What goes into the index keeps one
//! definition, and the terms reach the disk in a few large segments.
//!
//! When the load is large beside the table, the table's secondary indexes are set aside too
//! and built again at the end over sorted keys. Unique indexes stay: they are constraints, and
//! the import looks rows up by them.
//!
//! Everything happens inside the caller's transaction, so a failed or interrupted load leaves
//! the schema as it was.

use super::Result;
use rusqlite::{OptionalExtension, Transaction, params};

/// A loaded table's search entries: the row triggers that keep them (the delete trigger stays:
/// a bulk load does not delete), the view they are computed in, and the FTS5 tables with the
/// view's column each is filled from.
struct SearchOf {
    table: &'static str,
    triggers: [&'static str; 2],
    view: &'static str,
    fts: [(&'static str, &'static str); 2],
}

const SEARCH: &[SearchOf] = &[
    SearchOf {
        table: "needs",
        triggers: ["need_search_insert", "need_search_update"],
        view: "need_search_rows",
        fts: [("need_search", "t"), ("need_codes", "k")],
    },
    SearchOf {
        table: "offers",
        triggers: ["offer_search_insert", "offer_search_update"],
        view: "offer_search_rows",
        fts: [("offer_search", "t"), ("offer_codes", "k")],
    },
];

fn search_of(table: &str) -> Option<&'static SearchOf> {
    SEARCH.iter().find(|e| e.table == table)
}

/// FTS5 writes its pending terms out when they pass `hashsize` (1 MB by default). A bulk fill
/// with 16 MB writes larger segments and merges less: filling a million needs' trigrams took
/// 20.9 s instead of 32.5 s (sqlite3, one run each), for about 20 MB more memory.
const BULK_HASHSIZE: i64 = 16 << 20;
const DEFAULT_HASHSIZE: i64 = 1 << 20;

fn set_hashsize(tx: &Transaction<'_>, search: &SearchOf, size: i64) -> Result<()> {
    for (fts, _) in &search.fts {
        tx.execute(
            &format!("INSERT INTO {fts}({fts}, rank) VALUES ('hashsize', ?1)"),
            [size],
        )?;
    }
    Ok(())
}

/// A load below this many rows keeps the indexes (rebuilding them would cost more).
const INDEXES_ASIDE_FROM: u64 = 5_000;

/// One table under a bulk load.
struct Loaded {
    table: &'static str,
    /// Rows with an id above this one were inserted by the load.
    max_before: i64,
    /// `(name, sql)` of the triggers set aside.
    triggers: Vec<(String, String)>,
    /// `(name, sql)` of the indexes set aside.
    indexes: Vec<(String, String)>,
}

/// A bulk load in progress; `finish` it before committing.
pub(crate) struct Bulk {
    loaded: Vec<Loaded>,
}

impl Bulk {
    /// Begin a load of about `rows` rows into each of `tables` (`needs`, `offers`,
    /// `need_items`, `matches`).
    pub fn begin(tx: &Transaction<'_>, tables: &[&'static str], rows: u64) -> Result<Bulk> {
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS bulk_touched (tbl TEXT NOT NULL, id INTEGER NOT NULL,
                PRIMARY KEY (tbl, id)) WITHOUT ROWID",
        )?;
        let mut loaded = Vec::new();
        for &table in tables {
            let max_before: i64 = match table {
                "need_items" => 0,
                _ => tx.query_row(
                    &format!("SELECT coalesce(max(id), 0) FROM {table}"),
                    [],
                    |r| r.get(0),
                )?,
            };
            let mut triggers = Vec::new();
            for &name in search_of(table).map_or(&[][..], |e| &e.triggers[..]) {
                let sql: Option<String> = tx
                    .query_row(
                        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                        [name],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(sql) = sql {
                    tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
                    triggers.push((name.to_string(), sql));
                }
            }
            let mut indexes = Vec::new();
            if rows >= INDEXES_ASIDE_FROM && rows.saturating_mul(2) >= max_before.max(0) as u64 {
                let found: Vec<(String, String)> = tx
                    .prepare(
                        "SELECT name, sql FROM sqlite_master WHERE type = 'index'
                           AND tbl_name = ?1 AND sql IS NOT NULL
                           AND sql NOT LIKE 'CREATE UNIQUE%'",
                    )?
                    .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                for (name, _) in &found {
                    tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
                }
                indexes = found;
            }
            loaded.push(Loaded {
                table,
                max_before,
                triggers,
                indexes,
            });
        }
        Ok(Bulk { loaded })
    }

    /// A row that existed before the load was changed by it: its search entry is redone at the
    /// end. (Rows the load inserted are known by their ids.)
    pub fn touched(&self, tx: &Transaction<'_>, table: &str, id: i64) -> Result<()> {
        let before = self
            .loaded
            .iter()
            .find(|l| l.table == table)
            .map_or(i64::MAX, |l| l.max_before);
        if id <= before {
            tx.prepare_cached("INSERT OR IGNORE INTO temp.bulk_touched (tbl, id) VALUES (?1, ?2)")?
                .execute(params![table, id])?;
        }
        Ok(())
    }

    /// Put the triggers back, insert the search entries of the rows the load wrote, and build
    /// the indexes set aside. `progress` is told each step (done, total).
    pub fn finish(self, tx: &Transaction<'_>, progress: &mut dyn FnMut(u64, u64)) -> Result<()> {
        let total: usize = self
            .loaded
            .iter()
            .map(|l| usize::from(!l.triggers.is_empty()) + l.indexes.len())
            .sum();
        let mut done = 0u64;
        for l in &self.loaded {
            if !l.triggers.is_empty() {
                let t = std::time::Instant::now();
                progress(done, total as u64);
                for (_, sql) in &l.triggers {
                    tx.execute_batch(sql)?;
                }
                if let Some(search) = search_of(l.table) {
                    fill_search(tx, search, l.max_before)?;
                }
                tracing::info!(
                    table = l.table,
                    ms = t.elapsed().as_millis() as u64,
                    "bulk load: search entries"
                );
                done += 1;
            }
            for (name, sql) in &l.indexes {
                let t = std::time::Instant::now();
                progress(done, total as u64);
                tx.execute_batch(sql)?;
                tracing::info!(
                    index = name.as_str(),
                    ms = t.elapsed().as_millis() as u64,
                    "bulk load: index"
                );
                done += 1;
            }
        }
        tx.execute_batch("DROP TABLE temp.bulk_touched")?;
        progress(done, total as u64);
        Ok(())
    }
}

/// The search entries of the rows a load wrote: those it inserted (ids above `max_before`), in
/// one statement per FTS5 table from the view; those it changed, their old entries deleted
/// first.
fn fill_search(tx: &Transaction<'_>, search: &SearchOf, max_before: i64) -> Result<()> {
    set_hashsize(tx, search, BULK_HASHSIZE)?;
    let view = search.view;
    for (fts, column) in search.fts {
        tx.execute(
            &format!(
                "DELETE FROM {fts} WHERE rowid IN
                    (SELECT id FROM temp.bulk_touched WHERE tbl = ?1)"
            ),
            [search.table],
        )?;
        tx.execute(
            &format!(
                "INSERT INTO {fts}(rowid, {column}) SELECT id, {column} FROM {view} WHERE id > ?1"
            ),
            [max_before],
        )?;
        tx.execute(
            &format!(
                "INSERT INTO {fts}(rowid, {column}) SELECT id, {column} FROM {view}
                    WHERE id IN (SELECT id FROM temp.bulk_touched WHERE tbl = ?1)"
            ),
            [search.table],
        )?;
    }
    set_hashsize(tx, search, DEFAULT_HASHSIZE)
}

#[cfg(test)]
mod tests {
    use super::INDEXES_ASIDE_FROM;
    use crate::store::import::{ImportOptions, need_from_fields};
    use crate::store::{Store, StoreError};

    const ORGS: [&str; 3] = ["БФ «Світло»", "Прихисток «Дім»", "ГО Разом"];
    const ITEMS: [&str; 6] = [
        "ковдри теплі",
        "подгузники 4 размер",
        "дрова колоті",
        "winter jackets",
        "дитяче харчування",
        "матрац односпальний",
    ];
    const PLACES: [&str; 4] = ["Харків", "Бровари", "Ірпінь", ""];

    /// Row `i` of the file: organisation, ref, item, quantity, place.
    fn row(i: usize, items: &[&str]) -> [String; 5] {
        [
            ORGS[i % 3].to_string(),
            format!("R-{i}"),
            items[i % items.len()].to_string(),
            (1 + i % 40).to_string(),
            PLACES[i % 4].to_string(),
        ]
    }

    fn csv(rows: impl Iterator<Item = [String; 5]>) -> String {
        let mut out = String::from("organisation,ref,item,quantity,location\n");
        for r in rows {
            out.push_str(&format!(
                "\"{}\",{},{},{},{}\n",
                r[0], r[1], r[2], r[3], r[4]
            ));
        }
        out
    }

    fn rows_of(s: &Store, sql: &str) -> Vec<(String, String)> {
        s.conn()
            .prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// Every search row, as `(rowid, text)`, of both search tables.
    fn search(s: &Store) -> Vec<(String, String)> {
        let mut out = rows_of(s, "SELECT 's' || rowid, t FROM need_search ORDER BY rowid");
        out.extend(rows_of(
            s,
            "SELECT 'c' || rowid, k FROM need_codes ORDER BY rowid",
        ));
        out
    }

    fn schema(s: &Store) -> Vec<(String, String)> {
        rows_of(
            s,
            "SELECT name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name",
        )
    }

    fn import(s: &mut Store, text: &str, dry_run: bool) -> crate::store::Result<()> {
        let opts = ImportOptions {
            dry_run,
            new_orgs: true,
        };
        s.import_needs_with("f.csv", text.as_bytes(), opts)
            .map(|_| ())
    }

    #[test]
    fn a_bulk_import_leaves_what_writing_row_by_row_leaves() {
        let n = INDEXES_ASIDE_FROM as usize + 500;
        let mut bulk = Store::open_in_memory("t").unwrap();
        let before = schema(&bulk);
        import(&mut bulk, &csv((0..n).map(|i| row(i, &ITEMS))), false).unwrap();
        // A small load after it (indexes kept): 40 known refs with other items.
        let other = ["генератор", "павербанк"];
        import(&mut bulk, &csv((100..140).map(|i| row(i, &other))), false).unwrap();

        let mut one = Store::open_in_memory("t").unwrap();
        for i in 0..n {
            let r = if (100..140).contains(&i) {
                row(i, &other)
            } else {
                row(i, &ITEMS)
            };
            let names = ["organisation", "ref", "item", "quantity", "location"];
            let fields: Vec<(&'static str, String)> = names.into_iter().zip(r).collect();
            one.add_need(&need_from_fields(&fields).unwrap()).unwrap();
        }
        assert_eq!(
            schema(&bulk),
            before,
            "triggers and indexes are back as they were"
        );
        let got = search(&bulk);
        assert_eq!(got.len(), 2 * n);
        assert!(got.iter().any(|(_, t)| t.contains("генератор")));
        assert_eq!(got, search(&one));
    }

    #[test]
    fn a_load_rolled_back_leaves_the_schema_and_the_triggers_working() {
        let mut s = Store::open_in_memory("t").unwrap();
        let before = schema(&s);
        let file = csv((0..INDEXES_ASIDE_FROM as usize).map(|i| row(i, &ITEMS)));
        // A dry run sets everything aside and rolls back.
        import(&mut s, &file, true).unwrap();
        assert_eq!(schema(&s), before);
        // A refused file (one bad quantity at the end) writes nothing either.
        let bad = format!("{file}\"ГО Разом\",R-x,ковдри,-1,Харків\n");
        assert!(matches!(
            import(&mut s, &bad, false),
            Err(StoreError::Rejected(_))
        ));
        assert_eq!(schema(&s), before);
        // The triggers still fill the search tables for a need added by hand.
        let fields = [
            ("organisation", "ГО Разом".to_string()),
            ("item", "ковдри теплі".to_string()),
            ("quantity", "3".to_string()),
        ];
        s.add_need(&need_from_fields(&fields).unwrap()).unwrap();
        assert_eq!(search(&s).len(), 2);
    }

    /// The triggers insert from the views of migration V10, which hold V5's texts (item,
    /// organisation, place, partner ref; apostrophes made one, `ё` as `е`), and an organisation
    /// renamed by any client, in plain SQL, has its needs' entries redone and no other's.
    #[test]
    fn search_entries_follow_the_view_and_an_organisations_new_name() {
        let mut s = Store::open_in_memory("t").unwrap();
        let items = ["в’язані шкарпетки", "ёлочні іграшки"];
        import(&mut s, &csv((0..6).map(|i| row(i, &items))), false).unwrap();
        let first = rows_of(&s, "SELECT 's' || rowid, t FROM need_search ORDER BY rowid");
        assert_eq!(first.len(), 6);
        for part in [" в'язані шкарпетки", "Світло", "Харків", "R-0"] {
            assert!(first[0].1.contains(part), "{part}: {first:?}");
        }
        assert!(first[1].1.starts_with(" елочні"), "{first:?}");
        s.conn()
            .execute(
                "UPDATE organisations SET name = 'БФ «Нове світло»' WHERE name = ?1",
                [ORGS[0]],
            )
            .unwrap();
        let after = rows_of(&s, "SELECT 's' || rowid, t FROM need_search ORDER BY rowid");
        assert_eq!(after.len(), 6);
        for (i, (before, now)) in first.iter().zip(&after).enumerate() {
            if i % 3 == 0 {
                assert!(now.1.contains("Нове світло"), "{now:?}");
                assert_eq!(now.1.replace("Нове світло", "Світло"), before.1);
            } else {
                assert_eq!(now, before);
            }
        }
    }
}
