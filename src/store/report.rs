//! The shift report: one day's figures, the day read in the call centre's time zone.

use super::{Result, Store};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;
use serde::Serialize;
use std::collections::BTreeMap;

/// What one operator did in the day.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OperatorDay {
    /// Calls ended, by outcome (`offer_logged`, `nothing_to_offer`, `call_back`, `wrong_number`).
    pub calls: BTreeMap<String, i64>,
    pub offers_logged: i64,
    pub matches_proposed: i64,
    pub matches_confirmed: i64,
    pub matches_handed_over: i64,
}

/// The day's figures for the handover.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayReport {
    pub date: NaiveDate,
    pub zone: String,
    /// The day's bounds in UTC (local midnight to midnight).
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
    /// Calls ended, by outcome, all operators.
    pub calls: BTreeMap<String, i64>,
    pub offers_logged: i64,
    pub matches_proposed: i64,
    pub matches_confirmed: i64,
    pub matches_handed_over: i64,
    pub per_operator: BTreeMap<String, OperatorDay>,
    /// Callbacks scheduled within the day.
    pub callbacks_scheduled: i64,
    /// Needs open now (not closed, quantity left), by catalogue category (`?`: none).
    pub open_needs_by_category: BTreeMap<String, i64>,
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Store {
    /// The figures of `date` (a day in the clock's zone).
    pub fn day_report(&self, date: NaiveDate) -> Result<DayReport> {
        if !self.actor().may(super::access::Permission::Maintain, None) {
            self.require(super::access::Permission::SeeAllCalls, None)?;
        }
        let zone = self.clock().zone();
        let start = |d: NaiveDate| {
            crate::domain::local_to_utc(zone, d.and_hms_opt(0, 0, 0).expect("midnight"))
        };
        let (from, until) = (start(date), start(date + chrono::Duration::days(1)));
        let range = params![ts(from), ts(until)];
        let mut report = DayReport {
            date,
            zone: zone.name().to_string(),
            from,
            until,
            calls: BTreeMap::new(),
            offers_logged: 0,
            matches_proposed: 0,
            matches_confirmed: 0,
            matches_handed_over: 0,
            per_operator: BTreeMap::new(),
            callbacks_scheduled: 0,
            open_needs_by_category: BTreeMap::new(),
        };
        let mut stmt = self.conn().prepare_cached(
            "SELECT operator, outcome, count(*) FROM calls
             WHERE ended_at >= ?1 AND ended_at < ?2 GROUP BY operator, outcome",
        )?;
        let mut rows = stmt.query(range)?;
        while let Some(r) = rows.next()? {
            let (op, outcome, n): (String, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            *report.calls.entry(outcome.clone()).or_default() += n;
            *report
                .per_operator
                .entry(op)
                .or_default()
                .calls
                .entry(outcome)
                .or_default() += n;
        }
        // Who logged offers and moved matches: the audit rows of the day (a repeat proposal
        // that added to a match counts as a proposal).
        let mut stmt = self.conn().prepare_cached(
            "SELECT operator, entity, action, count(*) FROM audit
             WHERE at >= ?1 AND at < ?2 AND (
                 (entity = 'offer' AND action = 'create') OR
                 (entity = 'match' AND action IN ('propose', 'propose_more', 'confirmed', 'handed_over')))
             GROUP BY operator, entity, action",
        )?;
        let mut rows = stmt.query(range)?;
        while let Some(r) = rows.next()? {
            let (op, entity, action, n): (String, String, String, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let o = report.per_operator.entry(op).or_default();
            let (total, mine) = match (entity.as_str(), action.as_str()) {
                ("offer", _) => (&mut report.offers_logged, &mut o.offers_logged),
                (_, "confirmed") => (&mut report.matches_confirmed, &mut o.matches_confirmed),
                (_, "handed_over") => (&mut report.matches_handed_over, &mut o.matches_handed_over),
                _ => (&mut report.matches_proposed, &mut o.matches_proposed),
            };
            *total += n;
            *mine += n;
        }
        report.callbacks_scheduled = self
            .conn()
            .prepare_cached(
                "SELECT count(*) FROM calls WHERE outcome = 'call_back'
                 AND callback_at >= ?1 AND callback_at < ?2",
            )?
            .query_row(range, |r| r.get(0))?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT coalesce(category, '?'), count(*) FROM needs
             WHERE closed = 0 AND quantity > proposed + confirmed + delivered GROUP BY category",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            report.open_needs_by_category.insert(r.get(0)?, r.get(1)?);
        }
        Ok(report)
    }
}
