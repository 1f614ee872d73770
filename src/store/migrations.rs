//! The schema, as an append-only list of migrations. Never edit a released step: add a new one.

use rusqlite_migration::{M, Migrations};

const V1: &str = r#"
CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL DEFAULT 'other',
    contact     TEXT,
    phone       TEXT,
    location    TEXT,
    place_code  TEXT,
    helps_with  TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE TABLE needs (
    id              INTEGER PRIMARY KEY,
    org_id          INTEGER NOT NULL REFERENCES organisations(id),
    ref             TEXT,
    item            TEXT NOT NULL CHECK (item <> ''),
    category        TEXT,
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    unit            TEXT NOT NULL,
    proposed        INTEGER NOT NULL DEFAULT 0 CHECK (proposed >= 0),
    confirmed       INTEGER NOT NULL DEFAULT 0 CHECK (confirmed >= 0),
    delivered       INTEGER NOT NULL DEFAULT 0 CHECK (delivered >= 0),
    urgency         INTEGER NOT NULL CHECK (urgency BETWEEN 0 AND 3),
    location        TEXT,
    place_code      TEXT,
    settlement_code TEXT,
    hromada_code    TEXT,
    raion_code      TEXT,
    oblast_code     TEXT,
    accepts         TEXT NOT NULL DEFAULT 'any' CHECK (accepts IN ('new', 'any')),
    needed_by       TEXT,
    notes           TEXT,
    closed          INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK (proposed + confirmed + delivered <= quantity)
) STRICT;
CREATE UNIQUE INDEX needs_partner_ref ON needs(org_id, ref) WHERE ref IS NOT NULL;
CREATE INDEX needs_org ON needs(org_id);
-- Candidate search: narrow by category and place, already in urgency order.
CREATE INDEX needs_open_by_place ON needs(category, oblast_code, raion_code, hromada_code, settlement_code, urgency, id)
    WHERE closed = 0 AND quantity > proposed + confirmed + delivered;
CREATE INDEX needs_open_by_urgency ON needs(category, urgency, id)
    WHERE closed = 0 AND quantity > proposed + confirmed + delivered;

CREATE TABLE donors (
    id           INTEGER PRIMARY KEY,
    name         TEXT,
    phone        TEXT UNIQUE,
    location     TEXT,
    place_code   TEXT,
    notes        TEXT,
    forgotten_at TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

CREATE TABLE offers (
    id              INTEGER PRIMARY KEY,
    donor_id        INTEGER NOT NULL REFERENCES donors(id),
    item            TEXT NOT NULL CHECK (item <> ''),
    category        TEXT,
    quantity        INTEGER NOT NULL CHECK (quantity > 0),
    unit            TEXT NOT NULL,
    proposed        INTEGER NOT NULL DEFAULT 0 CHECK (proposed >= 0),
    confirmed       INTEGER NOT NULL DEFAULT 0 CHECK (confirmed >= 0),
    delivered       INTEGER NOT NULL DEFAULT 0 CHECK (delivered >= 0),
    condition       TEXT NOT NULL CHECK (condition IN ('new', 'good', 'used')),
    location        TEXT,
    place_code      TEXT,
    settlement_code TEXT,
    hromada_code    TEXT,
    raion_code      TEXT,
    oblast_code     TEXT,
    notes           TEXT,
    available_until TEXT,
    withdrawn       INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK (proposed + confirmed + delivered <= quantity)
) STRICT;
CREATE INDEX offers_donor ON offers(donor_id);
CREATE INDEX offers_open_by_place ON offers(category, oblast_code, id)
    WHERE withdrawn = 0 AND quantity > proposed + confirmed + delivered;

CREATE TABLE matches (
    id          INTEGER PRIMARY KEY,
    offer_id    INTEGER NOT NULL REFERENCES offers(id),
    need_id     INTEGER NOT NULL REFERENCES needs(id),
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    status      TEXT NOT NULL CHECK (status IN ('proposed', 'confirmed', 'handed_over', 'declined', 'cancelled')),
    reason      TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX matches_offer ON matches(offer_id);
CREATE INDEX matches_need ON matches(need_id);
CREATE INDEX matches_status ON matches(status);

CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    operator  TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    action    TEXT NOT NULL,
    before    TEXT,
    after     TEXT
) STRICT;
CREATE INDEX audit_entity ON audit(entity, entity_id);
"#;

/// Calls and their outcomes (the console's call log and callback queue) and the entry in progress
/// per operator (drafts), so a dropped session loses nothing.
const V2: &str = r#"
CREATE TABLE calls (
    id          INTEGER PRIMARY KEY,
    operator    TEXT NOT NULL,
    phone       TEXT,
    donor_id    INTEGER REFERENCES donors(id),
    offer_id    INTEGER REFERENCES offers(id),
    outcome     TEXT NOT NULL CHECK (outcome IN ('offer_logged', 'nothing_to_offer', 'call_back', 'wrong_number')),
    callback_at TEXT,
    notes       TEXT,
    started_at  TEXT NOT NULL,
    ended_at    TEXT NOT NULL
) STRICT;
CREATE INDEX calls_callbacks ON calls(callback_at) WHERE outcome = 'call_back';
CREATE INDEX calls_phone ON calls(phone);

CREATE TABLE drafts (
    operator   TEXT PRIMARY KEY,
    json       TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
"#;

/// The Needs list sorted most urgent first, over the whole registry.
const V3: &str = "CREATE INDEX needs_by_urgency ON needs(urgency, id);";

/// Every item a need names (a need's text may list several), with the need's urgency and place
/// copied in so candidate retrieval reads one index per item category, already in urgency
/// order. Filled for existing needs by `needs::backfill_items`, kept by `needs::upsert`.
const V4: &str = r#"
CREATE TABLE need_items (
    need_id         INTEGER NOT NULL REFERENCES needs(id),
    category        TEXT NOT NULL,
    urgency         INTEGER NOT NULL,
    oblast_code     TEXT,
    raion_code      TEXT,
    hromada_code    TEXT,
    settlement_code TEXT,
    PRIMARY KEY (need_id, category)
) STRICT, WITHOUT ROWID;
"#;

/// The list filters' index (the console's Needs and Offers at a million rows). Per record: its
/// text (item, organisation, place, partner ref; offers: item and place, never the donor's name
/// or phone) after a space (so a two-letter word can be matched at a word's start, ` бф`), with
/// the apostrophes made one and `ё` as `е` (as `fold` does), in an FTS5 trigram table: any
/// substring of three letters or more, in any case, is an index lookup. And its codes
/// (`c:<category>`, `p:<settlement>`, `p:<oblast>`) as whole tokens in a small FTS5 table, so a
/// word the catalogue or the gazetteer knows is one more lookup. Kept by triggers in plain SQL,
/// so any client may write the tables.
const V5: &str = r#"
CREATE VIRTUAL TABLE need_search USING fts5(t, tokenize = 'trigram');
CREATE VIRTUAL TABLE need_codes USING fts5(k, tokenize = "unicode61 tokenchars '.:_'", detail = none);
INSERT INTO need_search(rowid, t)
    SELECT n.id, ' ' || replace(replace(replace(replace(replace(replace(replace((coalesce(n.item, '') || ' ' || coalesce(o.name, '') || ' ' || coalesce(n.location, '') || ' ' || coalesce(n.ref, '')), '’', ''''), 'ʼ', ''''), '`', ''''), '‘', ''''), 'ʹ', ''''), 'ё', 'е'), 'Ё', 'Е') FROM needs n JOIN organisations o ON o.id = n.org_id;
INSERT INTO need_codes(rowid, k) SELECT n.id, (coalesce('c:' || n.category, '') || ' ' || coalesce('p:' || n.settlement_code, '') || ' ' || coalesce('p:' || n.oblast_code, '')) FROM needs n;
CREATE TRIGGER need_search_insert AFTER INSERT ON needs BEGIN
    INSERT INTO need_search(rowid, t) VALUES (new.id,
        ' ' || replace(replace(replace(replace(replace(replace(replace((coalesce(new.item, '') || ' ' || coalesce((SELECT name FROM organisations WHERE id = new.org_id), '') || ' ' || coalesce(new.location, '') || ' ' || coalesce(new.ref, '')), '’', ''''), 'ʼ', ''''), '`', ''''), '‘', ''''), 'ʹ', ''''), 'ё', 'е'), 'Ё', 'Е'));
    INSERT INTO need_codes(rowid, k) VALUES (new.id, (coalesce('c:' || new.category, '') || ' ' || coalesce('p:' || new.settlement_code, '') || ' ' || coalesce('p:' || new.oblast_code, '')));
END;
CREATE TRIGGER need_search_update AFTER UPDATE OF item, org_id, location, ref, category, settlement_code, oblast_code ON needs BEGIN
    DELETE FROM need_search WHERE rowid = old.id;
    DELETE FROM need_codes WHERE rowid = old.id;
    INSERT INTO need_search(rowid, t) VALUES (new.id,
        ' ' || replace(replace(replace(replace(replace(replace(replace((coalesce(new.item, '') || ' ' || coalesce((SELECT name FROM organisations WHERE id = new.org_id), '') || ' ' || coalesce(new.location, '') || ' ' || coalesce(new.ref, '')), '’', ''''), 'ʼ', ''''), '`', ''''), '‘', ''''), 'ʹ', ''''), 'ё', 'е'), 'Ё', 'Е'));
    INSERT INTO need_codes(rowid, k) VALUES (new.id, (coalesce('c:' || new.category, '') || ' ' || coalesce('p:' || new.settlement_code, '') || ' ' || coalesce('p:' || new.oblast_code, '')));
END;
CREATE TRIGGER need_search_delete AFTER DELETE ON needs BEGIN
    DELETE FROM need_search WHERE rowid = old.id;
    DELETE FROM need_codes WHERE rowid = old.id;
END;
CREATE TRIGGER need_search_org AFTER UPDATE OF name ON organisations BEGIN
    UPDATE need_search SET t = (SELECT ' ' || replace(replace(replace(replace(replace(replace(replace((coalesce(n.item, '') || ' ' || coalesce(new.name, '') || ' ' || coalesce(n.location, '') || ' ' || coalesce(n.ref, '')), '’', ''''), 'ʼ', ''''), '`', ''''), '‘', ''''), 'ʹ', ''''), 'ё', 'е'), 'Ё', 'Е') FROM needs n WHERE n.id = need_search.rowid)
    WHERE rowid IN (SELECT id FROM needs WHERE org_id = new.id);
END;
CREATE VIRTUAL TABLE offer_search USING fts5(t, tokenize = 'trigram');
INSERT INTO offer_search(offer_search, rank) VALUES ('secure-delete', 1);
CREATE VIRTUAL TABLE offer_codes USING fts5(k, tokenize = "unicode61 tokenchars '.:_'", detail = none);
INSERT INTO offer_search(rowid, t) SELECT f.id, ' ' || replace(replace(replace(replace(replace(replace(replace((coalesce(f.item, '') || ' ' || coalesce(f.location, '')), '’', ''''), 'ʼ', ''''), '`', ''''), '‘', ''''), 'ʹ', ''''), 'ё', 'е'), 'Ё', 'Е') FROM offers f;
INSERT INTO offer_codes(rowid, k) SELECT f.id, (coalesce('c:' || f.category, '') || ' ' || coalesce('p:' || f.settlement_code, '') || ' ' || coalesce('p:' || f.oblast_code, '')) FROM offers f;
CREATE TRIGGER offer_search_insert AFTER INSERT ON offers BEGIN
    INSERT INTO offer_search(rowid, t) VALUES (new.id, ' ' || replace(replace(replace(replace(replace(replace(replace((coalesce(new.item, '') || ' ' || coalesce(new.location, '')), '’', ''''), 'ʼ', ''''), '`', ''''), '‘', ''''), 'ʹ', ''''), 'ё', 'е'), 'Ё', 'Е'));
    INSERT INTO offer_codes(rowid, k) VALUES (new.id, (coalesce('c:' || new.category, '') || ' ' || coalesce('p:' || new.settlement_code, '') || ' ' || coalesce('p:' || new.oblast_code, '')));
END;
CREATE TRIGGER offer_search_update AFTER UPDATE OF item, location, category, settlement_code, oblast_code ON offers BEGIN
    DELETE FROM offer_search WHERE rowid = old.id;
    DELETE FROM offer_codes WHERE rowid = old.id;
    INSERT INTO offer_search(rowid, t) VALUES (new.id, ' ' || replace(replace(replace(replace(replace(replace(replace((coalesce(new.item, '') || ' ' || coalesce(new.location, '')), '’', ''''), 'ʼ', ''''), '`', ''''), '‘', ''''), 'ʹ', ''''), 'ё', 'е'), 'Ё', 'Е'));
    INSERT INTO offer_codes(rowid, k) VALUES (new.id, (coalesce('c:' || new.category, '') || ' ' || coalesce('p:' || new.settlement_code, '') || ' ' || coalesce('p:' || new.oblast_code, '')));
END;
CREATE TRIGGER offer_search_delete AFTER DELETE ON offers BEGIN
    DELETE FROM offer_search WHERE rowid = old.id;
    DELETE FROM offer_codes WHERE rowid = old.id;
END;
"#;

/// Runs of `aidline export`: a finished run's start time is where `--since last` begins.
const V6: &str = r#"
CREATE TABLE exports (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    since       TEXT,
    dir         TEXT NOT NULL,
    rows        INTEGER NOT NULL
) STRICT;
"#;

/// The liaison's queues: offers whose match was declined or cancelled, waiting to be matched again
/// (one row per offer, removed when it is proposed again or cleared by hand); and per callback its
/// context (the first call's entry as the console serialised it) and who took it, so no second
/// console offers the same callback. Only new tables and indexes, all `IF NOT EXISTS`: it runs
/// after any other step and again on a database whose version was set back.
const V7: &str = r#"
CREATE TABLE IF NOT EXISTS rematch (
    offer_id  INTEGER PRIMARY KEY REFERENCES offers(id),
    match_id  INTEGER NOT NULL REFERENCES matches(id),
    queued_at TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS callback_state (
    call_id  INTEGER PRIMARY KEY REFERENCES calls(id),
    context  TEXT,
    taken_by TEXT,
    taken_at TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS matches_follow_up ON matches(created_at) WHERE status = 'proposed';
"#;

/// Who may see what (issue 14): the people who use the database, with their roles, the
/// organisations a liaison acts for and their SSH keys; and the access log, one row each time a
/// donor's full phone is shown or exported (the donor's id, never the phone). Only new tables,
/// all `IF NOT EXISTS`. A database without users is a single seat: the local user has every right.
const V8: &str = r#"
CREATE TABLE IF NOT EXISTS users (
    login      TEXT PRIMARY KEY CHECK (login <> ''),
    name       TEXT NOT NULL,
    roles      TEXT NOT NULL,
    enabled    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS user_orgs (
    login  TEXT NOT NULL REFERENCES users(login),
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (login, org_id)
) STRICT;
CREATE TABLE IF NOT EXISTS user_keys (
    login    TEXT NOT NULL REFERENCES users(login),
    key      TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (login, key)
) STRICT;
CREATE TABLE IF NOT EXISTS access_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    login    TEXT NOT NULL,
    donor_id INTEGER NOT NULL,
    why      TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS access_log_donor ON access_log(donor_id, at);
"#;

/// When a need was last confirmed as still needed (the registry's "still needed?" review): a
/// nullable column added in place (no table rewrite at a million rows); a need never reviewed
/// counts from its creation.
/// The index orders the review list (oldest seen first) over open needs only. The column is
/// added by the hook only when missing (SQLite has no `ADD COLUMN IF NOT EXISTS`), so this step,
/// like V7, runs again on a database whose version was set back.
const V9: &str = "-- needs.reviewed_at and needs_by_review: see needs::add_reviewed_at";

/// The search entries' one definition, and one index fewer.
///
/// What a need's or an offer's search entries hold (the V5 texts and codes, unchanged) is now
/// a view, `need_search_rows` / `offer_search_rows` (`id`, `t`, `k`); the triggers insert from
/// it, and so does a bulk load (`store::bulk`) for all the rows it wrote in one statement,
/// without rewriting them. Renaming an organisation redoes its needs' entries from the view.
///
/// `needs_open_by_place` is dropped: candidate retrieval reads `need_items` (V4), and no query
/// has used it since; it cost every need written a seven-column index entry.
///
/// Only views and triggers replaced and an index dropped (`IF EXISTS` / `IF NOT EXISTS`): the
/// indexed texts do not change, so nothing is rebuilt, and the step runs again safely.
const V10: &str = r#"
DROP INDEX IF EXISTS needs_open_by_place;
CREATE VIEW IF NOT EXISTS need_search_rows (id, t, k) AS
    SELECT n.id,
        ' ' || replace(replace(replace(replace(replace(replace(replace((coalesce(n.item, '') || ' ' || coalesce(o.name, '') || ' ' || coalesce(n.location, '') || ' ' || coalesce(n.ref, '')), '’', ''''), 'ʼ', ''''), '`', ''''), '‘', ''''), 'ʹ', ''''), 'ё', 'е'), 'Ё', 'Е'),
        (coalesce('c:' || n.category, '') || ' ' || coalesce('p:' || n.settlement_code, '') || ' ' || coalesce('p:' || n.oblast_code, ''))
    FROM needs n LEFT JOIN organisations o ON o.id = n.org_id;
CREATE VIEW IF NOT EXISTS offer_search_rows (id, t, k) AS
    SELECT f.id,
        ' ' || replace(replace(replace(replace(replace(replace(replace((coalesce(f.item, '') || ' ' || coalesce(f.location, '')), '’', ''''), 'ʼ', ''''), '`', ''''), '‘', ''''), 'ʹ', ''''), 'ё', 'е'), 'Ё', 'Е'),
        (coalesce('c:' || f.category, '') || ' ' || coalesce('p:' || f.settlement_code, '') || ' ' || coalesce('p:' || f.oblast_code, ''))
    FROM offers f;
DROP TRIGGER IF EXISTS need_search_insert;
CREATE TRIGGER need_search_insert AFTER INSERT ON needs BEGIN
    INSERT INTO need_search(rowid, t) SELECT id, t FROM need_search_rows WHERE id = new.id;
    INSERT INTO need_codes(rowid, k) SELECT id, k FROM need_search_rows WHERE id = new.id;
END;
DROP TRIGGER IF EXISTS need_search_update;
CREATE TRIGGER need_search_update AFTER UPDATE OF item, org_id, location, ref, category, settlement_code, oblast_code ON needs BEGIN
    DELETE FROM need_search WHERE rowid = old.id;
    DELETE FROM need_codes WHERE rowid = old.id;
    INSERT INTO need_search(rowid, t) SELECT id, t FROM need_search_rows WHERE id = new.id;
    INSERT INTO need_codes(rowid, k) SELECT id, k FROM need_search_rows WHERE id = new.id;
END;
DROP TRIGGER IF EXISTS need_search_org;
CREATE TRIGGER need_search_org AFTER UPDATE OF name ON organisations BEGIN
    DELETE FROM need_search WHERE rowid IN (SELECT id FROM needs WHERE org_id = new.id);
    INSERT INTO need_search(rowid, t) SELECT id, t FROM need_search_rows
        WHERE id IN (SELECT id FROM needs WHERE org_id = new.id);
END;
DROP TRIGGER IF EXISTS offer_search_insert;
CREATE TRIGGER offer_search_insert AFTER INSERT ON offers BEGIN
    INSERT INTO offer_search(rowid, t) SELECT id, t FROM offer_search_rows WHERE id = new.id;
    INSERT INTO offer_codes(rowid, k) SELECT id, k FROM offer_search_rows WHERE id = new.id;
END;
DROP TRIGGER IF EXISTS offer_search_update;
CREATE TRIGGER offer_search_update AFTER UPDATE OF item, location, category, settlement_code, oblast_code ON offers BEGIN
    DELETE FROM offer_search WHERE rowid = old.id;
    DELETE FROM offer_codes WHERE rowid = old.id;
    INSERT INTO offer_search(rowid, t) SELECT id, t FROM offer_search_rows WHERE id = new.id;
    INSERT INTO offer_codes(rowid, k) SELECT id, k FROM offer_search_rows WHERE id = new.id;
END;
"#;

/// The schema version after every migration has run.
pub const LATEST: i64 = 10;

/// Every schema step, oldest first.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1),
        M::up(V2),
        M::up(V3),
        M::up_with_hook(V4, super::needs::backfill_items),
        M::up(V5),
        M::up(V6),
        M::up(V7),
        M::up(V8),
        M::up_with_hook(V9, super::needs::add_reviewed_at),
        M::up(V10),
    ])
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }

    #[test]
    fn latest_matches_the_list() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        super::migrations().to_latest(&mut conn).unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, super::LATEST);
    }
}
