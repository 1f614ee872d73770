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

/// The schema version after every migration has run.
// V4 and V5 come from other branches; on this branch V6 is the fourth step.
pub const LATEST: i64 = 4;

/// Every schema step, oldest first.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(V1), M::up(V2), M::up(V3), M::up(V6)])
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
