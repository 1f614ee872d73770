//! The shift report: one day's figures, the day read in the call centre's time zone.

use super::{Callback, Result, Store, rows};
use crate::domain::Need;
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

/// How many days the dashboard's sparkline of offers covers.
pub const SPARK_DAYS: i64 = 14;

/// What the shift lead's dashboard (F7) shows, read in one go: today's and this week's figures
/// (the same counts as `aidline report`), offers per day, and the lists that need someone.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftFigures {
    /// Today (in the call centre's zone), with the open needs by category.
    pub today: DayReport,
    /// The seven days to today (the open needs by category are left empty: see `today`).
    pub week: DayReport,
    /// Offers created per local day, the last [`SPARK_DAYS`] days, oldest first.
    pub offers_per_day: Vec<(NaiveDate, i64)>,
    /// The most urgent needs still open (not past their needed-by), most urgent first.
    pub urgent: Vec<Need>,
    /// Stale needs ([`Need::is_stale`]: not reviewed for 14 days, or past needed-by).
    pub stale_count: i64,
    /// The longest unseen of them (the "still needed?" list's first page).
    pub stale: Vec<Need>,
    /// Matches proposed and waiting for the organisation to confirm.
    pub waiting: i64,
    /// Of those, how many have waited longer than `FOLLOW_UP_AFTER`.
    pub waiting_long: i64,
    /// Callbacks not taken, from now on, soonest first.
    pub callbacks: Vec<Callback>,
}

fn local_midnight(zone: chrono_tz::Tz, d: NaiveDate) -> DateTime<Utc> {
    crate::domain::local_to_utc(zone, d.and_time(chrono::NaiveTime::MIN))
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Store {
    /// The figures of `date` (a day in the clock's zone).
    pub fn day_report(&self, date: NaiveDate) -> Result<DayReport> {
        self.days_report(date, 1, true)
    }

    /// The figures of `days` days from `date` on (the same counts as [`Store::day_report`],
    /// over a longer span: the dashboard's week); the open needs by category only if asked
    /// (they are "now", the same for any span).
    pub fn days_report(&self, date: NaiveDate, days: i64, open_needs: bool) -> Result<DayReport> {
        if !self.actor().may(super::access::Permission::Maintain, None) {
            self.require(super::access::Permission::SeeAllCalls, None)?;
        }
        let zone = self.clock().zone();
        let (from, until) = (
            local_midnight(zone, date),
            local_midnight(zone, date + chrono::Duration::days(days)),
        );
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
        if open_needs {
            report.open_needs_by_category = self.open_needs_by_category()?;
        }
        Ok(report)
    }
}

impl Store {
    /// Needs open now (not closed, quantity left), by catalogue category (`?`: none).
    pub fn open_needs_by_category(&self) -> Result<BTreeMap<String, i64>> {
        let mut out = BTreeMap::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT coalesce(category, '?'), count(*) FROM needs
             WHERE closed = 0 AND quantity > proposed + confirmed + delivered GROUP BY category",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            out.insert(r.get(0)?, r.get(1)?);
        }
        Ok(out)
    }

    /// The dashboard's figures; `limit` rows for each list.
    pub fn shift_figures(&self, limit: usize) -> Result<ShiftFigures> {
        let clock = self.clock();
        let now = clock.now();
        let today = clock.today();
        let zone = clock.zone();
        let today_report = self.day_report(today)?;
        let week = self.days_report(today - chrono::Duration::days(6), 7, false)?;
        let mut offers_per_day = Vec::new();
        let mut stmt = self.conn().prepare_cached(
            "SELECT count(*) FROM offers WHERE created_at >= ?1 AND created_at < ?2",
        )?;
        for back in (0..SPARK_DAYS).rev() {
            let d = today - chrono::Duration::days(back);
            let n: i64 = stmt.query_row(
                params![
                    ts(local_midnight(zone, d)),
                    ts(local_midnight(zone, d + chrono::Duration::days(1)))
                ],
                |r| r.get(0),
            )?;
            offers_per_day.push((d, n));
        }
        let today_text = today.to_string();
        let open = "n.closed = 0 AND n.quantity > n.proposed + n.confirmed + n.delivered";
        let urgent = self
            .conn()
            .prepare_cached(&format!(
                "SELECT {} FROM {} WHERE {open} AND (n.needed_by IS NULL OR n.needed_by >= ?1)
                 ORDER BY n.urgency, n.id LIMIT ?2",
                rows::NEED_COLUMNS,
                rows::NEED_FROM
            ))?
            .query_map(params![today_text, limit as i64], rows::need)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Stale: the registry's one rule (`Need::is_stale`, the "still needed?" list): not
        // reviewed for 14 days, or past needed-by and not reviewed since; longest unseen first.
        let stale_filter = super::NeedFilter {
            stale: true,
            ..super::NeedFilter::default()
        };
        let stale_count = self.count_needs(&stale_filter)?;
        let stale = self.list_needs(&stale_filter, 0, limit)?;
        let long_before = ts(now - super::FOLLOW_UP_AFTER);
        let (waiting, waiting_long): (i64, i64) = self
            .conn()
            .prepare_cached(
                "SELECT count(*), coalesce(sum(created_at < ?1), 0) FROM matches
                 WHERE status = 'proposed'",
            )?
            .query_row([long_before], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let callbacks = self.scheduled_callbacks(now, limit)?;
        Ok(ShiftFigures {
            today: today_report,
            week,
            offers_per_day,
            urgent,
            stale_count,
            stale,
            waiting,
            waiting_long,
            callbacks,
        })
    }
}
