//! Mapping rows to domain records; the column lists live next to their mappers.

use crate::domain::{
    Accepts, Condition, Donor, Location, Match, MatchStatus, Need, Offer, OrgKind, Organisation,
    Phone, Tally, Unit, Urgency,
};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Row;

/// One record by id (`sql` selects it with `?1`), or NotFound naming its short reference.
pub fn by_id<T>(
    conn: &rusqlite::Connection,
    sql: &str,
    id: i64,
    map: fn(&Row<'_>) -> rusqlite::Result<T>,
    kind: crate::domain::RefKind,
    what: &'static str,
) -> super::Result<T> {
    use rusqlite::OptionalExtension;
    conn.prepare_cached(sql)?
        .query_row([id], map)
        .optional()?
        .ok_or_else(|| super::StoreError::NotFound {
            what,
            reference: crate::domain::Ref::new(kind, id).to_string(),
        })
}

fn parse_enum<T: std::str::FromStr>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    text.parse().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("unexpected value '{text}'").into(),
        )
    })
}

fn unit(row: &Row<'_>, idx: usize) -> rusqlite::Result<Unit> {
    let text: String = row.get(idx)?;
    Ok(Unit::from_code(&text))
}

fn time(row: &Row<'_>, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(idx)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into())
        })
}

fn date(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let text: Option<String> = row.get(idx)?;
    Ok(text.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()))
}

fn location(row: &Row<'_>, first: usize) -> rusqlite::Result<Location> {
    Ok(Location {
        text: row.get(first)?,
        code: row.get(first + 1)?,
        settlement: row.get(first + 2)?,
        hromada: row.get(first + 3)?,
        raion: row.get(first + 4)?,
        oblast: row.get(first + 5)?,
    })
}

pub const NEED_COLUMNS: &str = "n.id, n.org_id, o.name, n.ref, n.item, n.category, n.unit,
    n.quantity, n.proposed, n.confirmed, n.delivered, n.urgency,
    n.location, n.place_code, n.settlement_code, n.hromada_code, n.raion_code, n.oblast_code,
    n.accepts, n.needed_by, n.notes, n.closed, n.created_at, n.reviewed_at";
pub const NEED_FROM: &str = "needs n JOIN organisations o ON o.id = n.org_id";

pub fn need(row: &Row<'_>) -> rusqlite::Result<Need> {
    Ok(Need {
        id: row.get(0)?,
        org_id: row.get(1)?,
        organisation: row.get(2)?,
        partner_ref: row.get(3)?,
        item: row.get(4)?,
        category: row.get(5)?,
        unit: unit(row, 6)?,
        tally: Tally {
            total: row.get(7)?,
            proposed: row.get(8)?,
            confirmed: row.get(9)?,
            delivered: row.get(10)?,
        },
        urgency: Urgency::from_rank(row.get(11)?),
        location: location(row, 12)?,
        accepts: parse_enum::<Accepts>(row, 18)?,
        needed_by: date(row, 19)?,
        notes: row.get(20)?,
        closed: row.get(21)?,
        created_at: time(row, 22)?,
        reviewed_at: row
            .get::<_, Option<String>>(23)?
            .map(|_| time(row, 23))
            .transpose()?,
    })
}

pub const OFFER_COLUMNS: &str =
    "f.id, f.donor_id, d.name, shown_phone(d.phone), f.item, f.category, f.unit,
    f.quantity, f.proposed, f.confirmed, f.delivered, f.condition,
    f.location, f.place_code, f.settlement_code, f.hromada_code, f.raion_code, f.oblast_code,
    f.notes, f.available_until, f.withdrawn, f.created_at";
pub const OFFER_FROM: &str = "offers f JOIN donors d ON d.id = f.donor_id";

pub fn offer(row: &Row<'_>) -> rusqlite::Result<Offer> {
    Ok(Offer {
        id: row.get(0)?,
        donor_id: row.get(1)?,
        donor_name: row.get(2)?,
        donor_phone: row.get::<_, Option<String>>(3)?.map(Phone::from_e164),
        item: row.get(4)?,
        category: row.get(5)?,
        unit: unit(row, 6)?,
        tally: Tally {
            total: row.get(7)?,
            proposed: row.get(8)?,
            confirmed: row.get(9)?,
            delivered: row.get(10)?,
        },
        condition: parse_enum::<Condition>(row, 11)?,
        location: location(row, 12)?,
        notes: row.get(18)?,
        available_until: date(row, 19)?,
        withdrawn: row.get(20)?,
        created_at: time(row, 21)?,
    })
}

pub const DONOR_COLUMNS: &str =
    "id, name, shown_phone(phone), location, place_code, notes, forgotten_at";

pub fn donor(row: &Row<'_>) -> rusqlite::Result<Donor> {
    Ok(Donor {
        id: row.get(0)?,
        name: row.get(1)?,
        phone: row.get::<_, Option<String>>(2)?.map(Phone::from_e164),
        location: Location {
            text: row.get(3)?,
            code: row.get(4)?,
            ..Location::default()
        },
        notes: row.get(5)?,
        forgotten: row.get::<_, Option<String>>(6)?.is_some(),
    })
}

pub const ORG_COLUMNS: &str = "id, name, kind, contact, phone, location, place_code, helps_with";

pub fn organisation(row: &Row<'_>) -> rusqlite::Result<Organisation> {
    Ok(Organisation {
        id: row.get(0)?,
        name: row.get(1)?,
        kind: parse_enum::<OrgKind>(row, 2)?,
        contact: row.get(3)?,
        phone: row.get(4)?,
        location: Location {
            text: row.get(5)?,
            code: row.get(6)?,
            ..Location::default()
        },
        helps_with: row.get(7)?,
    })
}

pub const MATCH_COLUMNS: &str =
    "m.id, m.offer_id, m.need_id, m.quantity, m.status, m.reason, m.created_at, m.updated_at";

pub fn match_row(row: &Row<'_>) -> rusqlite::Result<Match> {
    Ok(Match {
        id: row.get(0)?,
        offer_id: row.get(1)?,
        need_id: row.get(2)?,
        quantity: row.get(3)?,
        status: parse_enum::<MatchStatus>(row, 4)?,
        reason: row.get(5)?,
        created_at: time(row, 6)?,
        updated_at: time(row, 7)?,
    })
}
