//! Donors and their offers. One donor per phone number; a donor can be forgotten on request.

use super::access::Permission;
use super::{Result, Store, StoreError, Writer, audit, rows};
use crate::catalogue::Catalogue;
use crate::domain::limits;
use crate::domain::redact::Redactor;
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

impl NewOffer {
    /// The offer with every field through the limits and the text check (`domain::limits`):
    /// trimmed, and refused when empty where required, invisible, too long or holding control
    /// characters; the quantity from 1 to 10⁹.
    pub fn cleaned(&self) -> Result<NewOffer> {
        let mut location = self.location.clone();
        location.text = limits::LOCATION.clean_opt(location.text.as_deref())?;
        Ok(NewOffer {
            phone: self.phone.clone(),
            name: limits::NAME.clean_opt(self.name.as_deref())?,
            item: limits::ITEM.clean(&self.item)?,
            category: self.category.clone(),
            quantity: limits::check_quantity("quantity", self.quantity)?,
            unit: self.unit,
            condition: self.condition,
            location,
            notes: limits::NOTES.clean_opt(self.notes.as_deref())?,
            available_until: self.available_until,
        })
    }
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
    let name = limits::NAME.clean_opt(name)?;
    let name = name.as_deref();
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

/// Insert an offer (through `NewOffer::cleaned` again, so no caller can skip the check).
pub(crate) fn insert_offer(w: &Writer<'_>, donor_id: i64, o: &NewOffer) -> Result<i64> {
    let o = &o.cleaned()?;
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
        o.item,
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

/// `erase_mentions(text)`: whether the text names the donor being forgotten;
/// `erase_redact(text)`: the text with the phone and whole name replaced (NULL stays NULL).
fn register_redactor(conn: &rusqlite::Connection, r: &std::sync::Arc<Redactor>) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    let m = r.clone();
    conn.create_scalar_function("erase_mentions", 1, flags, move |ctx| {
        // Borrowed, not copied: this runs on every row of the big tables.
        Ok(match ctx.get_raw(0) {
            rusqlite::types::ValueRef::Text(t) => {
                std::str::from_utf8(t).is_ok_and(|t| m.mentions(t))
            }
            _ => false,
        })
    })?;
    let m = r.clone();
    conn.create_scalar_function("erase_redact", 1, flags, move |ctx| {
        Ok(ctx.get::<Option<String>>(0)?.map(|t| m.redact(&t)))
    })?;
    Ok(())
}

/// Free-text columns outside the donor's own records that may name them.
const FREE_TEXT: [(&str, &[&str]); 6] = [
    ("offers", &["item", "notes"]),
    ("needs", &["item", "notes"]),
    ("matches", &["reason"]),
    ("calls", &["notes"]),
    ("donors", &["notes"]),
    ("organisations", &["contact"]),
];

/// Keys of audit copies that hold the donor's free text whole (blanked, not searched).
const OWN_FREE_TEXT_KEYS: [&str; 4] = ["reason", "notes", "location", "name"];

/// Redact one text: the donor's own (`own`: every word of the name) or someone else's.
fn redact_text(r: &Redactor, own: bool, text: &str) -> String {
    if own {
        r.redact_own(text)
    } else {
        r.redact(text)
    }
}

/// Every string in a JSON document redacted; in the donor's own records, the free-text keys
/// set to null.
fn map_json(v: &mut serde_json::Value, r: &Redactor, own: bool) {
    match v {
        serde_json::Value::String(s) => *s = redact_text(r, own, s),
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| map_json(x, r, own)),
        serde_json::Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                if own && OWN_FREE_TEXT_KEYS.contains(&k.as_str()) {
                    *x = serde_json::Value::Null;
                } else {
                    map_json(x, r, own);
                }
            }
        }
        _ => {}
    }
}

/// An audit column's text redacted (as JSON when it is JSON, else as text).
fn map_audit_text(text: &str, r: &Redactor, own: bool) -> String {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(mut v) => {
            map_json(&mut v, r, own);
            v.to_string()
        }
        Err(_) => redact_text(r, own, text),
    }
}

/// The erasure itself, in the forget transaction.
fn erase(w: &Writer<'_>, donor_id: i64, phone: &Phone, r: &Redactor) -> Result<()> {
    let tx = w.tx;
    let ids = |sql: &str| -> Result<Vec<i64>> {
        Ok(tx
            .prepare(sql)?
            .query_map([donor_id], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    };
    let offers = ids("SELECT id FROM offers WHERE donor_id = ?1")?;
    let matches =
        ids("SELECT m.id FROM matches m JOIN offers f ON f.id = m.offer_id WHERE f.donor_id = ?1")?;
    let calls: Vec<i64> = tx
        .prepare("SELECT id FROM calls WHERE donor_id = ?1 OR phone = ?2")?
        .query_map(params![donor_id, phone.as_str()], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;

    // The donor's own records: blanked whole.
    tx.execute(
        "UPDATE donors SET name = NULL, phone = NULL, location = NULL, place_code = NULL,
                notes = NULL, forgotten_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![donor_id, w.now],
    )?;
    let own_items: Vec<(i64, String)> = tx
        .prepare("SELECT id, item FROM offers WHERE donor_id = ?1")?
        .query_map([donor_id], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, item) in own_items {
        tx.execute(
            "UPDATE offers SET item = ?2, location = NULL, notes = NULL,
                    place_code = settlement_code, updated_at = ?3 WHERE id = ?1",
            params![id, r.redact_own(&item), w.now],
        )?;
    }
    for id in &matches {
        tx.execute("UPDATE matches SET reason = NULL WHERE id = ?1", [id])?;
    }
    for id in &calls {
        tx.execute(
            "UPDATE calls SET phone = NULL, notes = NULL WHERE id = ?1",
            [id],
        )?;
        // A callback's kept entry holds the name, phone and notes: dropped whole.
        tx.execute(
            "UPDATE callback_state SET context = NULL WHERE call_id = ?1",
            [id],
        )?;
    }
    tx.execute(
        "UPDATE callback_state SET context = NULL WHERE erase_mentions(context)",
        [],
    )?;

    // Everyone else's free text: the phone and the whole name blanked where they occur.
    // One scan per table: the rows that mention them, then each column of those.
    for (table, columns) in FREE_TEXT {
        let set: Vec<String> = columns
            .iter()
            .map(|c| {
                format!("{c} = CASE WHEN erase_mentions({c}) THEN erase_redact({c}) ELSE {c} END")
            })
            .collect();
        let any: Vec<String> = columns
            .iter()
            .map(|c| format!("erase_mentions({c})"))
            .collect();
        tx.execute(
            &format!(
                "UPDATE {table} SET {} WHERE {}",
                set.join(", "),
                any.join(" OR ")
            ),
            [],
        )?;
    }
    tx.execute("DELETE FROM drafts WHERE erase_mentions(json)", [])?;

    // Audit copies: the donor's own records' free text blanked, every row searched.
    let own = |entity: &str, list: &[i64]| {
        list.iter()
            .map(|id| format!("(entity = '{entity}' AND entity_id = {id})"))
            .collect::<Vec<_>>()
    };
    let mut own_rows = own("offer", &offers);
    own_rows.extend(own("match", &matches));
    own_rows.extend(own("call", &calls));
    own_rows.push(format!("(entity = 'donor' AND entity_id = {donor_id})"));
    let audit: Vec<(i64, bool, Option<String>, Option<String>)> = tx
        .prepare(&format!(
            "SELECT id, {own}, before, after FROM audit
             WHERE {own} OR erase_mentions(before) OR erase_mentions(after)",
            own = format!("({})", own_rows.join(" OR "))
        ))?
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (id, is_own, before, after) in audit {
        let map = |t: Option<String>| t.map(|t| map_audit_text(&t, r, is_own));
        tx.execute(
            "UPDATE audit SET before = ?2, after = ?3 WHERE id = ?1",
            params![id, map(before), map(after)],
        )?;
    }
    audit::record(w, "donor", donor_id, "forget", None, None)
}

impl Store {
    /// Who may correct or withdraw offer `id`: the lead (any offer), and the operator who logged
    /// it, for a day (a slip caught while the caller is still on the line or soon after).
    fn require_correct_offer(&self, id: i64) -> Result<()> {
        if self.actor().may(Permission::CorrectOffers, None) {
            return Ok(());
        }
        if self.actor().may(Permission::TakeCalls, None) {
            let since = (self.clock().now() - chrono::Duration::days(1))
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            let own: bool = self
                .conn()
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM audit WHERE entity = 'offer' AND entity_id = ?1
                       AND action = 'create' AND operator = ?2 AND at > ?3)",
                )?
                .query_row(params![id, self.actor().login, since], |r| r.get(0))?;
            if own {
                return Ok(());
            }
        }
        self.require(Permission::CorrectOffers, None)
    }

    /// Log an offer: the donor is found by phone (or created) and the offer saved, in one
    /// transaction.
    pub fn add_offer(&mut self, offer: &NewOffer) -> Result<Offer> {
        self.require(Permission::TakeCalls, None)?;
        let offer = &offer.cleaned()?;
        let id = self.write(|w| {
            let donor = ensure_donor(w, &offer.phone, offer.name.as_deref(), &offer.location)?;
            insert_offer(w, donor, offer)
        })?;
        self.offer(id)
    }

    /// Correct a saved offer: item, quantity, unit, condition, place, notes and available-until
    /// from `offer` replace the stored ones (the donor stays: `phone` and `name` are not read).
    /// The quantity may not drop below what is already matched. One transaction with its audit
    /// row.
    pub fn edit_offer(&mut self, id: i64, offer: &NewOffer) -> Result<Offer> {
        self.require_correct_offer(id)?;
        let o = &offer.cleaned()?;
        self.write(|w| {
            let old = get_offer(w.tx, id)?;
            if old.withdrawn {
                return Err(StoreError::invalid(
                    "offer",
                    format!("{} was withdrawn", old.short_ref()),
                ));
            }
            if o.quantity < old.tally.committed() {
                return Err(StoreError::invalid(
                    "quantity",
                    format!(
                        "{} is below the {} already matched from {}",
                        o.quantity,
                        old.tally.committed(),
                        old.short_ref()
                    ),
                ));
            }
            let (category, unit) =
                Catalogue::builtin().category_and_unit(&o.item, o.category.as_deref(), o.unit);
            let loc = &o.location;
            w.tx.prepare_cached(
                "UPDATE offers SET item = ?2, category = ?3, quantity = ?4, unit = ?5,
                        condition = ?6, location = ?7, place_code = ?8, settlement_code = ?9,
                        hromada_code = ?10, raion_code = ?11, oblast_code = ?12, notes = ?13,
                        available_until = ?14, updated_at = ?15
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                o.item,
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
            audit::record(
                w,
                "offer",
                id,
                "edit",
                Some(json!({
                    "item": old.item, "category": old.category, "quantity": old.tally.total,
                    "unit": old.unit, "condition": old.condition, "place_code": old.location.code,
                })),
                Some(json!({
                    "item": o.item, "category": category, "quantity": o.quantity,
                    "unit": unit, "condition": o.condition, "place_code": loc.code,
                })),
            )
        })?;
        self.offer(id)
    }

    /// Withdraw an offer (the donor no longer gives it): its proposed and confirmed matches are
    /// cancelled, freeing the needs' quantities, in the same transaction. Returns the offer and
    /// how many matches were cancelled.
    pub fn withdraw_offer(&mut self, id: i64, reason: Option<&str>) -> Result<(Offer, usize)> {
        self.require_correct_offer(id)?;
        let reason = crate::domain::limits::REASON.clean_opt(reason)?;
        let cancelled = self.write(|w| {
            let old = get_offer(w.tx, id)?;
            if old.withdrawn {
                return Err(StoreError::invalid(
                    "offer",
                    format!("{} is already withdrawn", old.short_ref()),
                ));
            }
            let open: Vec<i64> =
                w.tx.prepare_cached(
                    "SELECT id FROM matches WHERE offer_id = ?1
                     AND status IN ('proposed', 'confirmed') ORDER BY id",
                )?
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let why = reason.as_deref().unwrap_or("offer withdrawn");
            for m in &open {
                super::matches::transition(
                    w,
                    *m,
                    crate::domain::MatchStatus::Cancelled,
                    Some(why),
                    None,
                )?;
            }
            w.tx.prepare_cached("DELETE FROM rematch WHERE offer_id = ?1")?
                .execute([id])?;
            w.tx.prepare_cached("UPDATE offers SET withdrawn = 1, updated_at = ?2 WHERE id = ?1")?
                .execute(params![id, w.now])?;
            audit::record(
                w,
                "offer",
                id,
                "withdraw",
                Some(json!({"withdrawn": false})),
                Some(json!({"withdrawn": true, "reason": reason, "matches_cancelled": open})),
            )?;
            Ok(open.len())
        })?;
        Ok((self.offer(id)?, cancelled))
    }

    /// One offer (phone masked in rows). Without the right to see offers (a liaison), only
    /// an offer matched to one of their organisations; another is not found.
    pub fn offer(&self, id: i64) -> Result<Offer> {
        if !self.actor().may(Permission::SeeOffers, None) {
            let scope = self.actor().scope_sql("n.org_id").unwrap_or("1 = 0".into());
            let ours: bool = self.conn().query_row(
                &format!(
                    "SELECT EXISTS (SELECT 1 FROM matches m JOIN needs n ON n.id = m.need_id
                     WHERE m.offer_id = ?1 AND {scope})"
                ),
                [id],
                |r| r.get(0),
            )?;
            if !ours {
                return Err(StoreError::NotFound {
                    what: "offer",
                    reference: crate::domain::Ref::new(crate::domain::RefKind::Offer, id)
                        .to_string(),
                });
            }
        }
        get_offer(self.conn(), id)
    }

    /// The donor with the phone typed (the caller on the line): their record with that phone
    /// in full, since the operator typed it (operator or lead).
    pub fn donor_by_phone(&self, phone: &Phone) -> Result<Option<Donor>> {
        self.require(Permission::TakeCalls, None)?;
        Ok(find_by_phone(self.conn(), phone)?.map(|mut d| {
            d.phone = Some(phone.clone());
            d
        }))
    }

    /// Offers, newest first, optionally only those with a status; one page.
    pub fn list_offers(
        &self,
        status: Option<OfferStatus>,
        text: Option<&str>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Offer>> {
        self.require(Permission::SeeOffers, None)?;
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
        self.require(Permission::SeeOffers, None)?;
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
        self.require(Permission::TakeCalls, None)?;
        let mut donor = find_by_phone(self.conn(), phone)?.ok_or_else(|| StoreError::NotFound {
            what: "donor with phone",
            reference: phone.masked(),
        })?;
        // Shown in full to whoever may take calls, logged as a look-up; a store that cannot
        // log (opened read-only) shows it masked, so no phone is shown unlogged.
        if self.log_access(&[donor.id], "lookup").is_ok() || self.actor().local {
            donor.phone = Some(phone.clone());
        }
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

    /// Erase a donor's name, phone and address on request (see docs/RELIABILITY.md, erasure).
    ///
    /// What belongs to the donor is blanked whole: their row; their offers' location and notes
    /// (an offer keeps only its settlement code), the reasons of their offers' matches, their
    /// calls' number and notes (callback notes too), and the same fields in the audit copies of
    /// those records; their offers' item text keeps the words but loses the phone and every
    /// word of the name in any form. Everything else is searched for the phone in any written
    /// form and the whole name, which are replaced by `[erased]`: other offers' and needs'
    /// items and notes, match reasons, call notes, organisations' contacts, every audit row; a
    /// console draft that mentions them is deleted. The freed bytes are overwritten
    /// (secure_delete is on for every connection) and the WAL is checkpointed and truncated, so
    /// the data is gone from the files, not only from the tables.
    pub fn forget_donor(&mut self, phone: &Phone) -> Result<i64> {
        self.require(Permission::ForgetDonor, None)?;
        let donor = find_by_phone(self.conn(), phone)?.ok_or_else(|| StoreError::NotFound {
            what: "donor with phone",
            reference: phone.masked(),
        })?;
        let redactor = std::sync::Arc::new(Redactor::new(phone, donor.name.as_deref()));
        register_redactor(self.conn(), &redactor)?;
        let result = self.write(|w| erase(w, donor.id, phone, &redactor));
        // The functions hold the phone and name: drop them with the transaction.
        self.conn().remove_function("erase_mentions", 1)?;
        self.conn().remove_function("erase_redact", 1)?;
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
