//! Matches: an offer's quantity proposed to a need, then confirmed, handed over, or ended.
//! Every move changes the need's and the offer's tallies in the same transaction.

use super::access::Permission;
use super::{Result, Store, StoreError, Writer, audit, donors, needs, rows};
use crate::domain::{Match, MatchStatus, Need, Offer, RefKind, Tally};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use serde_json::json;

/// A match with the offer and need it joins.
#[derive(Debug, Clone, Serialize)]
pub struct MatchView {
    #[serde(flatten)]
    pub matched: Match,
    pub offer: Offer,
    pub need: Need,
}

fn get(conn: &rusqlite::Connection, id: i64) -> Result<Match> {
    rows::by_id(
        conn,
        &format!(
            "SELECT {} FROM matches m WHERE m.id = ?1",
            rows::MATCH_COLUMNS
        ),
        id,
        rows::match_row,
        RefKind::Match,
        "match",
    )
}

fn save_tally(w: &Writer<'_>, table: &str, id: i64, t: &Tally) -> Result<()> {
    w.tx.prepare_cached(&format!(
        "UPDATE {table} SET proposed = ?2, confirmed = ?3, delivered = ?4, updated_at = ?5 WHERE id = ?1"
    ))?
    .execute(params![id, t.proposed, t.confirmed, t.delivered, w.now])?;
    Ok(())
}

/// How a match's quantity, in the offer's unit, is booked on the need: times `mul`, divided by
/// `div` (exact: a quantity that does not give whole units of the need is refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Booking {
    mul: i64,
    div: i64,
}

impl Booking {
    const SAME: Booking = Booking { mul: 1, div: 1 };

    /// The same unit, or units of one kind (t and kg, l and ml); other units are refused.
    fn between(offer: &Offer, need: &Need) -> Result<Booking> {
        if offer.unit == need.unit {
            return Ok(Booking::SAME);
        }
        match (offer.unit.dimension(), need.unit.dimension()) {
            (Some((a, from)), Some((b, to))) if a == b => Ok(if from >= to {
                Booking {
                    mul: from / to,
                    div: 1,
                }
            } else {
                Booking {
                    mul: 1,
                    div: to / from,
                }
            }),
            _ => Err(StoreError::invalid(
                "unit",
                format!(
                    "{} is in {} and {} is in {}, which do not convert; correct the unit of one of them first",
                    offer.short_ref(),
                    offer.unit,
                    need.short_ref(),
                    need.unit
                ),
            )),
        }
    }

    /// `q` of the offer's unit in the need's unit.
    fn to_need(self, q: i64) -> i64 {
        q.saturating_mul(self.mul) / self.div
    }

    /// The most of the offer's unit that `q` of the need's unit holds.
    fn to_offer(self, q: i64) -> i64 {
        q.saturating_mul(self.div) / self.mul
    }

    /// `q` rounded down to whole units of the need.
    fn round(self, q: i64) -> i64 {
        q - q % self.div
    }

    fn check_whole(self, field: &'static str, q: i64, need: &Need) -> Result<()> {
        if q % self.div == 0 {
            return Ok(());
        }
        Err(StoreError::invalid(
            field,
            format!(
                "{q} is not a whole number of {} for {}: use a multiple of {}",
                need.unit,
                need.short_ref(),
                self.div
            ),
        ))
    }
}

/// SQL for a match's quantity booked on its need (`m` the match, `o` its offer, `n` its need),
/// for `check`'s sums: the same arithmetic as `Booking`.
pub(crate) fn need_quantity_sql() -> String {
    use crate::domain::Unit;
    let case = |f: &dyn Fn(Unit) -> String, col: &str| {
        let arms: String = Unit::ALL
            .iter()
            .filter(|u| u.dimension().is_some())
            .map(|u| format!(" WHEN '{}' THEN {}", u.code(), f(*u)))
            .collect();
        format!("(CASE {col}{arms} END)")
    };
    let dim = |u: Unit| format!("'{:?}'", u.dimension().map(|d| d.0).expect("a dimension"));
    let base = |u: Unit| u.dimension().map(|d| d.1).expect("a dimension").to_string();
    format!(
        "(CASE WHEN o.unit = n.unit OR {od} IS NULL OR {od} <> coalesce({nd}, '') THEN m.quantity
          WHEN {ob} >= {nb} THEN m.quantity * ({ob} / {nb})
          ELSE m.quantity / ({nb} / {ob}) END)",
        od = case(&dim, "o.unit"),
        nd = case(&dim, "n.unit"),
        ob = case(&base, "o.unit"),
        nb = case(&base, "n.unit"),
    )
}

/// Reserve `quantity` (default: as much as both have open) of the offer for the need.
pub(crate) fn propose(
    w: &Writer<'_>,
    offer_id: i64,
    need_id: i64,
    quantity: Option<i64>,
) -> Result<i64> {
    let offer = donors::get_offer(w.tx, offer_id)?;
    let need = needs::get(w.tx, need_id)?;
    let today = w.today;
    if need.closed || need.status(today) == crate::domain::NeedStatus::Expired {
        return Err(StoreError::invalid(
            "need",
            format!(
                "{} is {} and takes no more matches",
                need.short_ref(),
                need.status(today)
            ),
        ));
    }
    if offer.withdrawn {
        return Err(StoreError::invalid(
            "offer",
            format!("{} was withdrawn", offer.short_ref()),
        ));
    }
    if !need.accepts.accepts(offer.condition) {
        return Err(StoreError::invalid(
            "condition",
            format!(
                "{} accepts only new items; {} is {}",
                need.short_ref(),
                offer.short_ref(),
                offer.condition
            ),
        ));
    }
    // The match's quantity is in the offer's unit (what the donor gives); the need books it
    // in its own unit (2 t offered to a need in kg books 2000 kg).
    let booking = Booking::between(&offer, &need)?;
    let (offer_open, need_open) = (offer.tally.open(), need.tally.open());
    if quantity.is_none() && need_open > 0 && offer_open > 0 && booking.to_offer(need_open) == 0 {
        return Err(StoreError::invalid(
            "quantity",
            format!(
                "{} needs {} {}, less than one {} of {}: log the offer in {} to give part of it",
                need.short_ref(),
                need_open,
                need.unit,
                offer.unit,
                offer.short_ref(),
                need.unit
            ),
        ));
    }
    let quantity =
        quantity.unwrap_or_else(|| booking.round(offer_open.min(booking.to_offer(need_open))));
    if quantity <= 0 {
        return Err(StoreError::invalid(
            "quantity",
            format!(
                "nothing left to match: {} has {} {} open, {} has {} {} open",
                offer.short_ref(),
                offer_open,
                offer.unit,
                need.short_ref(),
                need_open,
                need.unit
            ),
        ));
    }
    if quantity > offer_open {
        return Err(StoreError::invalid(
            "quantity",
            format!(
                "{} has only {} {} left",
                offer.short_ref(),
                offer_open,
                offer.unit
            ),
        ));
    }
    booking.check_whole("quantity", quantity, &need)?;
    let need_quantity = booking.to_need(quantity);
    if need_quantity > need_open {
        return Err(StoreError::invalid(
            "quantity",
            format!(
                "{} needs only {} {} more",
                need.short_ref(),
                need_open,
                need.unit
            ),
        ));
    }
    // The same offer proposed to the same need again adds to the match still waiting.
    let existing: Option<(i64, i64)> =
        w.tx.prepare_cached(
            "SELECT id, quantity FROM matches
             WHERE offer_id = ?1 AND need_id = ?2 AND status = 'proposed' ORDER BY id LIMIT 1",
        )?
        .query_row(params![offer_id, need_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let id = match existing {
        Some((id, before)) => {
            w.tx.prepare_cached(
                "UPDATE matches SET quantity = quantity + ?2, updated_at = ?3 WHERE id = ?1",
            )?
            .execute(params![id, quantity, w.now])?;
            audit::record(
                w,
                "match",
                id,
                "propose_more",
                Some(json!({"quantity": before})),
                Some(json!({"quantity": before + quantity, "added": quantity})),
            )?;
            id
        }
        None => {
            w.tx.prepare_cached(
                "INSERT INTO matches (offer_id, need_id, quantity, status, created_by, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 'proposed', ?4, ?5, ?5)",
            )?
            .execute(params![offer_id, need_id, quantity, w.operator, w.now])?;
            let id = w.tx.last_insert_rowid();
            audit::record(
                w,
                "match",
                id,
                "propose",
                None,
                Some(
                    json!({"offer_id": offer_id, "need_id": need_id, "quantity": quantity, "status": "proposed"}),
                ),
            )?;
            id
        }
    };
    let (mut ot, mut nt) = (offer.tally, need.tally);
    ot.apply(None, Some(MatchStatus::Proposed), quantity);
    nt.apply(None, Some(MatchStatus::Proposed), need_quantity);
    save_tally(w, "offers", offer_id, &ot)?;
    save_tally(w, "needs", need_id, &nt)?;
    // Proposed again: no longer waiting to be re-matched.
    w.tx.prepare_cached("DELETE FROM rematch WHERE offer_id = ?1")?
        .execute([offer_id])?;
    Ok(id)
}

/// Move a match to `to`, moving its quantity in both tallies.
pub(crate) fn transition(
    w: &Writer<'_>,
    id: i64,
    to: MatchStatus,
    reason: Option<&str>,
    received: Option<i64>,
) -> Result<()> {
    let reason = crate::domain::limits::REASON.clean_opt(reason)?;
    let reason = reason.as_deref();
    let m = get(w.tx, id)?;
    if !m.status.can_become(to) {
        return Err(StoreError::invalid(
            "status",
            format!("{} is {} and cannot become {}", m.short_ref(), m.status, to),
        ));
    }
    // A handover of less than proposed: the match keeps what arrived, the rest is freed.
    let quantity = match received {
        Some(_) if to != MatchStatus::HandedOver => {
            return Err(StoreError::invalid(
                "received",
                "only a handover says how much was received",
            ));
        }
        Some(n) if n <= 0 || n > m.quantity => {
            return Err(StoreError::invalid(
                "received",
                format!(
                    "{n} is not between 1 and the {} of {}",
                    m.quantity,
                    m.short_ref()
                ),
            ));
        }
        Some(n) => n,
        None => m.quantity,
    };
    let offer = donors::get_offer(w.tx, m.offer_id)?;
    let need = needs::get(w.tx, m.need_id)?;
    // A match made before its units were told apart books the same number on both sides.
    let booking = Booking::between(&offer, &need).unwrap_or(Booking::SAME);
    if received.is_some() {
        booking.check_whole("received", quantity, &need)?;
    }
    let (mut ot, mut nt) = (offer.tally, need.tally);
    ot.apply(Some(m.status), None, m.quantity);
    ot.apply(None, Some(to), quantity);
    nt.apply(Some(m.status), None, booking.to_need(m.quantity));
    nt.apply(None, Some(to), booking.to_need(quantity));
    save_tally(w, "offers", m.offer_id, &ot)?;
    save_tally(w, "needs", m.need_id, &nt)?;
    w.tx.prepare_cached(
        "UPDATE matches SET status = ?2, reason = coalesce(?3, reason), quantity = ?4,
                updated_at = ?5 WHERE id = ?1",
    )?
    .execute(params![id, to.as_str(), reason, quantity, w.now])?;
    if matches!(to, MatchStatus::Declined | MatchStatus::Cancelled) {
        // Somebody must match the offer again: it waits in the re-match queue.
        w.tx.prepare_cached(
            "INSERT INTO rematch (offer_id, match_id, queued_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(offer_id) DO UPDATE SET match_id = excluded.match_id,
                 queued_at = excluded.queued_at",
        )?
        .execute(params![m.offer_id, id, w.now])?;
    }
    audit::record(
        w,
        "match",
        id,
        to.as_str(),
        Some(json!({"status": m.status, "quantity": m.quantity})),
        Some(json!({"status": to, "reason": reason, "quantity": quantity})),
    )
}

/// An offer waiting to be matched again after its match was declined or cancelled.
#[derive(Debug, Clone, Serialize)]
pub struct Rematch {
    pub offer: Offer,
    /// The declined or cancelled match.
    pub match_id: i64,
    /// The need of that match (the console does not suggest it again).
    pub need_id: i64,
    /// Its reason (read from the match, never copied: erasure blanks it there).
    pub reason: Option<String>,
    pub queued_at: chrono::DateTime<chrono::Utc>,
}

/// How long a proposed match may wait for the organisation before a follow-up call.
pub const FOLLOW_UP_AFTER: chrono::Duration = chrono::Duration::days(3);

impl Store {
    /// Propose the offer to the need; checks and reserves quantities in one `BEGIN IMMEDIATE`.
    pub fn propose(&mut self, offer_id: i64, need_id: i64, quantity: Option<i64>) -> Result<Match> {
        self.require(Permission::Propose, None)?;
        let id = self.write(|w| propose(w, offer_id, need_id, quantity))?;
        self.match_by_id(id)
    }

    /// Confirm, decline, hand over or cancel a match.
    pub fn set_match_status(
        &mut self,
        id: i64,
        to: MatchStatus,
        reason: Option<&str>,
    ) -> Result<Match> {
        let org = self.org_of_match(id)?;
        let right = match to {
            MatchStatus::Cancelled => Permission::CancelMatch,
            _ => Permission::DecideMatch,
        };
        self.require(right, org)?;
        self.write(|w| transition(w, id, to, reason, None))?;
        self.match_by_id(id)
    }

    /// Hand over a confirmed match of which only `received` arrived; the rest of the offer and
    /// the need is freed (in the same transaction).
    pub fn hand_over(&mut self, id: i64, received: i64, reason: Option<&str>) -> Result<Match> {
        self.require(Permission::DecideMatch, self.org_of_match(id)?)?;
        self.write(|w| transition(w, id, MatchStatus::HandedOver, reason, Some(received)))?;
        self.match_by_id(id)
    }

    /// Offers waiting to be matched again (declined or cancelled, not withdrawn, still open),
    /// oldest first; one page.
    pub fn rematch_queue(&self, offset: usize, limit: usize) -> Result<Vec<Rematch>> {
        self.require(Permission::SeeOffers, None)?;
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {}, q.match_id, m.reason, q.queued_at, m.need_id FROM rematch q
             JOIN offers f ON f.id = q.offer_id JOIN donors d ON d.id = f.donor_id
             JOIN matches m ON m.id = q.match_id
             WHERE f.withdrawn = 0 AND f.quantity > f.proposed + f.confirmed + f.delivered
             ORDER BY q.queued_at, q.offer_id LIMIT ?1 OFFSET ?2",
            rows::OFFER_COLUMNS
        ))?;
        let n = rows::OFFER_COLUMNS.split(',').count();
        let list = stmt
            .query_map(params![limit as i64, offset as i64], |r| {
                let at: String = r.get(n + 2)?;
                Ok(Rematch {
                    offer: rows::offer(r)?,
                    match_id: r.get(n)?,
                    reason: r.get(n + 1)?,
                    need_id: r.get(n + 3)?,
                    queued_at: chrono::DateTime::parse_from_rfc3339(&at)
                        .map(|t| t.with_timezone(&chrono::Utc))
                        .unwrap_or_default(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(list)
    }

    /// Take an offer off the re-match queue by hand (proposing it does so too). Whether it was
    /// queued.
    pub fn clear_rematch(&mut self, offer_id: i64) -> Result<bool> {
        self.require(Permission::Propose, None)?;
        self.write(|w| {
            let n =
                w.tx.prepare_cached("DELETE FROM rematch WHERE offer_id = ?1")?
                    .execute([offer_id])?;
            if n > 0 {
                audit::record(w, "offer", offer_id, "rematch_clear", None, None)?;
            }
            Ok(n > 0)
        })
    }

    /// Matches proposed more than `FOLLOW_UP_AFTER` ago and still not confirmed: the liaison
    /// calls the organisation. Oldest first; one page.
    pub fn follow_up_matches(&self, offset: usize, limit: usize) -> Result<Vec<Match>> {
        let before = (self.clock().now() - FOLLOW_UP_AFTER)
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let scope = self
            .actor()
            .scope_sql("n.org_id")
            .map(|s| format!("AND {s}"))
            .unwrap_or_default();
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {} FROM matches m JOIN needs n ON n.id = m.need_id
             WHERE m.status = 'proposed' AND m.created_at < ?1 {scope}
             ORDER BY m.created_at, m.id LIMIT ?2 OFFSET ?3",
            rows::MATCH_COLUMNS
        ))?;
        let list = stmt
            .query_map(
                params![before, limit as i64, offset as i64],
                rows::match_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(list)
    }

    /// One match (a liaison: of their organisations only; another's is not found).
    pub fn match_by_id(&self, id: i64) -> Result<Match> {
        let m = get(self.conn(), id)?;
        if self.actor().scoped() {
            let org = self.org_of_match(id)?;
            if !org.is_some_and(|o| self.actor().orgs.contains(&o)) {
                return Err(StoreError::NotFound {
                    what: "match",
                    reference: m.short_ref().to_string(),
                });
            }
        }
        Ok(m)
    }

    /// A match with its offer and need.
    pub fn match_view(&self, id: i64) -> Result<MatchView> {
        let matched = self.match_by_id(id)?;
        let mut view = MatchView {
            offer: self.offer(matched.offer_id)?,
            need: self.need(matched.need_id)?,
            matched,
        };
        self.reveal_to_liaison(std::slice::from_mut(&mut view))?;
        Ok(view)
    }

    /// A liaison sees the name and full phone of the donors matched to their organisations
    /// (every match they can read is one), each shown phone logged in the access log ("match
    /// M-…"). If the log cannot be written (a read-only store) the phones stay masked.
    fn reveal_to_liaison(&self, views: &mut [MatchView]) -> Result<()> {
        if !self.actor().scoped() || views.is_empty() {
            return Ok(());
        }
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT phone FROM donors WHERE id = ?1")?;
        let mut phones = Vec::with_capacity(views.len());
        for v in views.iter() {
            let p: Option<String> = stmt
                .query_row([v.offer.donor_id], |r| r.get(0))
                .optional()?
                .flatten();
            phones.push(p);
        }
        for (v, p) in views.iter_mut().zip(phones) {
            if p.is_none() {
                continue;
            }
            let why = format!("match {}", v.matched.short_ref());
            if self.log_access(&[v.offer.donor_id], &why).is_ok() {
                v.offer.donor_phone = p.map(crate::domain::Phone::from_e164);
            }
        }
        Ok(())
    }

    /// One page of matches with their offers and needs, in three queries (not three a row).
    pub fn list_match_views(
        &self,
        status: Option<MatchStatus>,
        org_id: Option<i64>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<MatchView>> {
        let filter = MatchFilter {
            status,
            org_id,
            ..MatchFilter::default()
        };
        self.match_views(&filter, offset, limit)
    }

    /// One page of the matches a filter selects, with their offers and needs.
    pub fn match_views(
        &self,
        filter: &MatchFilter,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<MatchView>> {
        let matches = self.matches_where(filter, offset, limit)?;
        if matches.is_empty() {
            return Ok(Vec::new());
        }
        let in_list = |ids: &mut dyn Iterator<Item = i64>| {
            ids.map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
        };
        let offers: std::collections::HashMap<i64, Offer> = self
            .conn()
            .prepare(&format!(
                "SELECT {} FROM {} WHERE f.id IN ({})",
                rows::OFFER_COLUMNS,
                rows::OFFER_FROM,
                in_list(&mut matches.iter().map(|m| m.offer_id))
            ))?
            .query_map([], rows::offer)?
            .map(|o| o.map(|o| (o.id, o)))
            .collect::<rusqlite::Result<_>>()?;
        let needs: std::collections::HashMap<i64, Need> = self
            .conn()
            .prepare(&format!(
                "SELECT {} FROM {} WHERE n.id IN ({})",
                rows::NEED_COLUMNS,
                rows::NEED_FROM,
                in_list(&mut matches.iter().map(|m| m.need_id))
            ))?
            .query_map([], rows::need)?
            .map(|n| n.map(|n| (n.id, n)))
            .collect::<rusqlite::Result<_>>()?;
        // Foreign keys guarantee both exist.
        let mut views: Vec<MatchView> = matches
            .into_iter()
            .filter_map(|m| {
                Some(MatchView {
                    offer: offers.get(&m.offer_id)?.clone(),
                    need: needs.get(&m.need_id)?.clone(),
                    matched: m,
                })
            })
            .collect();
        self.reveal_to_liaison(&mut views)?;
        Ok(views)
    }

    /// Matches, newest first, optionally of one status or one organisation; one page.
    pub fn list_matches(
        &self,
        status: Option<MatchStatus>,
        org_id: Option<i64>,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Match>> {
        let filter = MatchFilter {
            status,
            org_id,
            ..MatchFilter::default()
        };
        self.matches_where(&filter, offset, limit)
    }

    fn matches_where(
        &self,
        filter: &MatchFilter,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Match>> {
        let (where_sql, args) = match_where(filter, self.clock().now(), self.actor());
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {} FROM matches m JOIN needs n ON n.id = m.need_id {where_sql}
             ORDER BY m.id DESC LIMIT {limit} OFFSET {offset}",
            rows::MATCH_COLUMNS
        ))?;
        let list = stmt
            .query_map(rusqlite::params_from_iter(args), rows::match_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(list)
    }

    /// How many matches a filter selects (the same WHERE as the pages).
    pub fn count_matches(&self, filter: &MatchFilter) -> Result<i64> {
        let (where_sql, args) = match_where(filter, self.clock().now(), self.actor());
        Ok(self
            .conn()
            .prepare_cached(&format!(
                "SELECT count(*) FROM matches m JOIN needs n ON n.id = m.need_id {where_sql}"
            ))?
            .query_row(rusqlite::params_from_iter(args), |r| r.get(0))?)
    }
}

/// What a list of matches is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct MatchFilter {
    pub status: Option<MatchStatus>,
    pub org_id: Option<i64>,
    /// The list filter: words of the offer's or the need's text, or references.
    pub text: Option<String>,
    /// Only matches proposed more than [`FOLLOW_UP_AFTER`] ago and still not confirmed.
    pub follow_up: bool,
}

/// The one WHERE of the matches list, for its pages and its count.
fn match_where(
    filter: &MatchFilter,
    now: chrono::DateTime<chrono::Utc>,
    actor: &super::access::Actor,
) -> (String, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let mut args = Vec::new();
    let mut clauses = Vec::new();
    // A liaison's lists hold their organisations' matches only.
    clauses.extend(actor.scope_sql("n.org_id"));
    if filter.follow_up {
        let before = (now - FOLLOW_UP_AFTER).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        args.push(Value::Text(before));
        clauses.push(format!(
            "m.status = 'proposed' AND m.created_at < ?{}",
            args.len()
        ));
    }
    if let Some(s) = filter.status {
        args.push(Value::Text(s.as_str().to_string()));
        clauses.push(format!("m.status = ?{}", args.len()));
    }
    if let Some(o) = filter.org_id {
        args.push(Value::Integer(o));
        clauses.push(format!("n.org_id = ?{}", args.len()));
    }
    if let Some(text) = filter.text.as_deref() {
        clauses.extend(super::filter::clauses(
            text,
            &super::filter::MATCHES,
            &mut args,
        ));
    }
    (super::filter::where_sql(&clauses), args)
}

/// One line of a match's history, read from its audit rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchEvent {
    pub at: chrono::DateTime<chrono::Utc>,
    pub operator: String,
    /// The audit action: propose, propose_more, confirmed, declined, handed_over, cancelled.
    pub action: String,
    /// The match's quantity after the change.
    pub quantity: Option<i64>,
    /// Its quantity before (a handover of less than proposed: «2 of 3»).
    pub quantity_before: Option<i64>,
    pub reason: Option<String>,
}

/// How many history lines a match's detail reads (the newest).
pub const HISTORY_LIMIT: usize = 20;

impl Store {
    /// The history of a match from its audit rows, oldest first (the newest
    /// [`HISTORY_LIMIT`]).
    pub fn match_history(&self, id: i64) -> Result<Vec<MatchEvent>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT at, operator, action, after, before FROM audit
             WHERE entity = 'match' AND entity_id = ?1 ORDER BY id DESC LIMIT ?2",
        )?;
        let mut list = stmt
            .query_map(params![id, HISTORY_LIMIT as i64], |r| {
                let at: String = r.get(0)?;
                let after: Option<String> = r.get(3)?;
                let after: serde_json::Value = after
                    .and_then(|a| serde_json::from_str(&a).ok())
                    .unwrap_or_default();
                let before: Option<String> = r.get(4)?;
                let before: serde_json::Value = before
                    .and_then(|a| serde_json::from_str(&a).ok())
                    .unwrap_or_default();
                Ok(MatchEvent {
                    at: chrono::DateTime::parse_from_rfc3339(&at)
                        .map(|t| t.with_timezone(&chrono::Utc))
                        .unwrap_or_default(),
                    operator: r.get(1)?,
                    action: r.get(2)?,
                    quantity: after.get("quantity").and_then(|q| q.as_i64()),
                    quantity_before: before.get("quantity").and_then(|q| q.as_i64()),
                    reason: after
                        .get("reason")
                        .and_then(|q| q.as_str())
                        .map(str::to_string),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        list.reverse();
        Ok(list)
    }

    /// Record that this person was shown the phone of the donor of match `id` (the liaison
    /// calls them): one row of the access log ("match M-…"), which `aidline audit who-saw`
    /// reads; it names the donor by id only. Another organisation's match is not found.
    pub fn log_phone_view(&mut self, id: i64) -> Result<()> {
        let m = self.match_by_id(id)?;
        // Only a full phone is a view to record: the single seat's, or a liaison's of their own
        // organisation's match (found above); anyone else was shown it masked.
        if !(self.actor().local || self.actor().scoped()) {
            return Ok(());
        }
        let why = format!("match {}", m.short_ref());
        self.write(|w| {
            let offer = donors::get_offer(w.tx, m.offer_id)?;
            w.log_access(offer.donor_id, &why)
        })
    }
}
