//! Donors and their offers. One donor per phone number; a donor can be forgotten on request.

use super::{Result, Store, StoreError, Writer, audit, rows};
use crate::catalogue::Catalogue;
use crate::domain::{Condition, Donor, Location, Match, Offer, OfferStatus, Phone, RefKind, Unit};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

/// An offer as the operator logs it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOffer {
    pub phone: Phone,
    /// The donor's name; kept from an earlier call when not given.
    pub name: Option<String>,
    pub item: String,
    pub category: Option<String>,
    pub quantity: i64,
    pub unit: Option<Unit>,
    pub condition: Condition,
    pub location: Location,
    pub notes: Option<String>,
    pub available_until: Option<NaiveDate>,
}

/// A donor with their offers and the matches of those offers.
#[derive(Debug, Clone, Serialize)]
pub struct DonorView {
    pub donor: Donor,
    pub offers: Vec<Offer>,
    pub matches: Vec<Match>,
}

fn find_by_phone(conn: &rusqlite::Connection, phone: &Phone) -> Result<Option<Donor>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {} FROM donors WHERE phone = ?1",
            rows::DONOR_COLUMNS
        ))?
        .query_row([phone.as_str()], rows::donor)
        .optional()?)
}

/// The donor for this phone, created if new; the name and location are updated when given.
/// Audit rows say which fields changed, never their values (personal data).
pub(crate) fn ensure_donor(
    w: &Writer<'_>,
    phone: &Phone,
    name: Option<&str>,
    location: &Location,
) -> Result<i64> {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    match find_by_phone(w.tx, phone)? {
        Some(d) => {
            let mut changed = Vec::new();
            if name.is_some() && name != d.name.as_deref() {
                changed.push("name");
            }
            if location.code.is_some() && location.code != d.location.code {
                changed.push("location");
            }
            if !changed.is_empty() {
                w.tx.prepare_cached(
                    "UPDATE donors SET name = coalesce(?2, name),
                            location = coalesce(?3, location), place_code = coalesce(?4, place_code),
                            updated_at = ?5 WHERE id = ?1",
                )?
                .execute(params![d.id, name, location.text, location.code, w.now])?;
                audit::record(
                    w,
                    "donor",
                    d.id,
                    "update",
                    None,
                    Some(json!({ "changed": changed })),
                )?;
            }
            Ok(d.id)
        }
        None => {
            w.tx.prepare_cached(
                "INSERT INTO donors (name, phone, location, place_code, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            )?
            .execute(params![
                name,
                phone.as_str(),
                location.text,
                location.code,
                w.now
            ])?;
            let id = w.tx.last_insert_rowid();
            audit::record(
                w,
                "donor",
                id,
                "create",
                None,
                Some(json!({ "changed": ["phone"] })),
            )?;
            Ok(id)
        }
    }
}

pub(crate) fn insert_offer(w: &Writer<'_>, donor_id: i64, o: &NewOffer) -> Result<i64> {
    if o.quantity <= 0 {
        return Err(StoreError::invalid(
            "quantity",
            format!("{} is not a positive whole number", o.quantity),
        ));
    }
    if o.item.trim().is_empty() {
        return Err(StoreError::invalid("item", "say what is offered"));
    }
    let (category, unit) =
        Catalogue::builtin().category_and_unit(&o.item, o.category.as_deref(), o.unit);
    let loc = &o.location;
    w.tx.prepare_cached(
        "INSERT INTO offers (donor_id, item, category, quantity, unit, condition, location,
                place_code, settlement_code, hromada_code, raion_code, oblast_code, notes,
                available_until, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)",
    )?
    .execute(params![
        donor_id,
        o.item.trim(),
        category,
        o.quantity,
        unit.code(),
        o.condition.as_str(),
        loc.text,
        loc.code,
        loc.settlement,
        loc.hromada,
        loc.raion,
        loc.oblast,
        o.notes,
        o.available_until.map(|d| d.to_string()),
        w.now,
    ])?;
    let id = w.tx.last_insert_rowid();
    audit::record(
        w,
        "offer",
        id,
        "create",
        None,
        Some(json!({
            "donor_id": donor_id, "item": o.item, "category": category, "quantity": o.quantity,
            "unit": unit, "condition": o.condition, "place_code": loc.code,
        })),
    )?;
    Ok(id)
}

/// Whether any text in a JSON document is this phone number, however it was typed.
fn mentions_phone(json: &str, phone: &Phone) -> bool {
    fn walk(v: &serde_json::Value, phone: &Phone) -> bool {
        match v {
            serde_json::Value::String(s) => Phone::parse(s).is_ok_and(|p| &p == phone),
            serde_json::Value::Array(a) => a.iter().any(|x| walk(x, phone)),
            serde_json::Value::Object(o) => o.values().any(|x| walk(x, phone)),
            _ => false,
        }
    }
    // A draft that is not JSON is kept out of caution only if it cannot name the number.
    serde_json::from_str::<serde_json::Value>(json)
        .map(|v| walk(&v, phone))
        .unwrap_or(true)
}

pub(crate) fn get_offer(conn: &rusqlite::Connection, id: i64) -> Result<Offer> {
    rows::by_id(
        conn,
        &format!(
            "SELECT {} FROM {} WHERE f.id = ?1",
            rows::OFFER_COLUMNS,
            rows::OFFER_FROM
        ),
        id,
        rows::offer,
        RefKind::Offer,
        "offer",
    )
}

impl Store {
    /// Log an offer: the donor is found by phone (or created) and the offer saved, in one
    /// transaction.
    pub fn add_offer(&mut self, offer: &NewOffer) -> Result<Offer> {
        let id = self.write(|w| {
            let donor = ensure_donor(w, &offer.phone, offer.name.as_deref(), &offer.location)?;
            insert_offer(w, donor, offer)
        })?;
        self.offer(id)
    }

    pub fn offer(&self, id: i64) -> Result<Offer> {
        get_offer(self.conn(), id)
    }

    pub fn donor_by_phone(&self, phone: &Phone) -> Result<Option<Donor>> {
        find_by_phone(self.conn(), phone)
    }

    /// Offers, newest first, optionally only those with a status; one page.
    pub fn list_offers(
        &self,
        status: Option<OfferStatus>,
        text: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Offer>> {
        let today = self.clock().today();
        let (where_sql, args) = offer_where(text);
        // A status is derived from quantities and dates in Rust, so with one the rows are
        // filtered and paged here; without one (the console's lists) SQL pages.
        let paging = match status {
            None => format!("LIMIT {limit} OFFSET {offset}"),
            Some(_) => String::new(),
        };
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {} FROM {} {where_sql} ORDER BY f.id DESC {paging}",
            rows::OFFER_COLUMNS,
            rows::OFFER_FROM
        ))?;
        let offers = stmt
            .query_map(rusqlite::params_from_iter(args), rows::offer)?
            .filter(|o| !matches!(o, Ok(o) if status.is_some_and(|s| o.status(today) != s)))
            .skip(if status.is_some() { offset } else { 0 })
            .take(limit)
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(offers)
    }

    /// How many offers a list filter selects (the same WHERE as [`Store::list_offers`]).
    pub fn count_offers(&self, text: Option<&str>) -> Result<i64> {
        let (where_sql, args) = offer_where(text);
        Ok(self
            .conn()
            .prepare_cached(&format!(
                "SELECT count(*) FROM {} {where_sql}",
                rows::OFFER_FROM
            ))?
            .query_row(rusqlite::params_from_iter(args), |r| r.get(0))?)
    }

    /// The donor with this phone, their offers and matches.
    pub fn donor_view(&self, phone: &Phone) -> Result<DonorView> {
        let donor = self
            .donor_by_phone(phone)?
            .ok_or_else(|| StoreError::NotFound {
                what: "donor with phone",
                reference: phone.masked(),
            })?;
        self.donor_view_by_id(donor)
    }

    fn donor_view_by_id(&self, donor: Donor) -> Result<DonorView> {
        let offers = self
            .conn()
            .prepare_cached(&format!(
                "SELECT {} FROM {} WHERE f.donor_id = ?1 ORDER BY f.id DESC",
                rows::OFFER_COLUMNS,
                rows::OFFER_FROM
            ))?
            .query_map([donor.id], rows::offer)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let matches = self
            .conn()
            .prepare_cached(&format!(
                "SELECT {} FROM matches m JOIN offers f ON f.id = m.offer_id
                 WHERE f.donor_id = ?1 ORDER BY m.id DESC",
                rows::MATCH_COLUMNS
            ))?
            .query_map([donor.id], rows::match_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(DonorView {
            donor,
            offers,
            matches,
        })
    }

    /// Erase a donor's name, phone and address on request. Offers stay, anonymised (their
    /// location is kept only as the settlement code, their notes are cleared); their calls lose
    /// the number and notes; a draft that holds the number is deleted. The freed bytes
    /// are overwritten (secure_delete is on for every connection) and the WAL is checkpointed and truncated so the data is
    /// gone from the files, not only from the tables.
    pub fn forget_donor(&mut self, phone: &Phone) -> Result<i64> {
        let donor = self
            .donor_by_phone(phone)?
            .ok_or_else(|| StoreError::NotFound {
                what: "donor with phone",
                reference: phone.masked(),
            })?;
        let result = self.write(|w| {
            w.tx.execute(
                "UPDATE donors SET name = NULL, phone = NULL, location = NULL, place_code = NULL,
                        notes = NULL, forgotten_at = ?2, updated_at = ?2 WHERE id = ?1",
                params![donor.id, w.now],
            )?;
            w.tx.execute(
                "UPDATE offers SET location = NULL, notes = NULL, place_code = settlement_code,
                        updated_at = ?2 WHERE donor_id = ?1",
                params![donor.id, w.now],
            )?;
            // The call log and any draft left by a dropped session hold the number too.
            w.tx.execute(
                "UPDATE calls SET phone = NULL, notes = NULL WHERE donor_id = ?1 OR phone = ?2",
                params![donor.id, phone.as_str()],
            )?;
            let drafts: Vec<(String, String)> =
                w.tx.prepare("SELECT operator, json FROM drafts")?
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
            for (operator, json) in drafts {
                if mentions_phone(&json, phone) {
                    w.tx.execute("DELETE FROM drafts WHERE operator = ?1", [operator])?;
                }
            }
            audit::record(w, "donor", donor.id, "forget", None, None)
        });
        result?;
        self.checkpoint()?;
        Ok(donor.id)
    }

    /// Copy every committed page into the main file and truncate the WAL.
    pub(crate) fn checkpoint(&self) -> Result<()> {
        if self.path().is_none() {
            return Ok(());
        }
        let (busy, _, _): (i64, i64, i64) =
            self.conn()
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
        if busy != 0 {
            return Err(StoreError::invalid(
                "checkpoint",
                "another console is reading; the erased data is out of the tables but the WAL \
                 could not be truncated yet: run `aidline check` again when the consoles are idle",
            ));
        }
        Ok(())
    }
}

/// The one WHERE of the offers list, for its pages and its count.
fn offer_where(text: Option<&str>) -> (String, Vec<rusqlite::types::Value>) {
    let mut args = Vec::new();
    let clauses = text
        .map(|t| super::filter::clauses(t, &super::filter::OFFERS, &mut args))
        .unwrap_or_default();
    (super::filter::where_sql(&clauses), args)
}
