//! Calls and their outcomes (the call log and the callback queue), the operator's draft (the entry
//! in progress, kept as it changes so a dropped session loses nothing), and the few page queries
//! the console needs beyond the other files (counts for End, donor offers for the call screen).
//! The phone of a call is personal data: it is stored here, never logged.

use super::{Result, Store, StoreError, audit, rows};
use crate::domain::{CallOutcome, Phone};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde_json::json;

/// A finished call as the console records it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCall {
    pub phone: Option<Phone>,
    pub donor_id: Option<i64>,
    pub offer_id: Option<i64>,
    pub outcome: CallOutcome,
    pub callback_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    pub started_at: DateTime<Utc>,
}

/// A recorded call.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRecord {
    pub id: i64,
    pub operator: String,
    pub phone: Option<String>,
    pub donor_id: Option<i64>,
    pub donor_name: Option<String>,
    pub offer_id: Option<i64>,
    pub outcome: CallOutcome,
    pub callback_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
}

/// The operator's entry in progress, as the console serialised it.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub json: String,
    pub updated_at: DateTime<Utc>,
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn parse_ts(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn call_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CallRecord> {
    let outcome: String = r.get(6)?;
    let callback: Option<String> = r.get(7)?;
    let started: String = r.get(9)?;
    let ended: String = r.get(10)?;
    Ok(CallRecord {
        id: r.get(0)?,
        operator: r.get(1)?,
        phone: r.get(2)?,
        donor_id: r.get(3)?,
        donor_name: r.get(4)?,
        offer_id: r.get(5)?,
        outcome: outcome.parse().unwrap_or(CallOutcome::NothingToOffer),
        callback_at: callback.as_deref().and_then(parse_ts),
        notes: r.get(8)?,
        started_at: parse_ts(&started).unwrap_or_default(),
        ended_at: parse_ts(&ended).unwrap_or_default(),
    })
}

/// A callback with the first call's context and who took it.
#[derive(Debug, Clone, PartialEq)]
pub struct Callback {
    pub call: CallRecord,
    /// The first call's entry as the console serialised it (donor, item, notes…).
    pub context: Option<String>,
    pub taken_by: Option<String>,
    pub taken_at: Option<DateTime<Utc>>,
}

fn callback_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Callback> {
    let taken_at: Option<String> = r.get(13)?;
    Ok(Callback {
        call: call_row(r)?,
        context: r.get(11)?,
        taken_by: r.get(12)?,
        taken_at: taken_at.as_deref().and_then(parse_ts),
    })
}

const CALL_COLUMNS: &str = "c.id, c.operator, shown_phone(c.phone), c.donor_id, d.name, c.offer_id,
    c.outcome, c.callback_at, c.notes, c.started_at, c.ended_at";

impl Store {
    /// Record how a call ended.
    pub fn log_call(&mut self, call: &NewCall) -> Result<i64> {
        self.log_call_with_context(call, None)
    }

    /// Record how a call ended, keeping its context (the entry in progress as the console
    /// serialised it: donor, item, quantity, notes…) for a callback to restore; one transaction.
    pub fn log_call_with_context(&mut self, call: &NewCall, context: Option<&str>) -> Result<i64> {
        self.require(super::access::Permission::TakeCalls, None)?;
        if call.outcome == CallOutcome::CallBack && call.callback_at.is_none() {
            return Err(StoreError::invalid("callback", "say when to call back"));
        }
        let notes = crate::domain::limits::NOTES.clean_opt(call.notes.as_deref())?;
        self.write(|w| {
            w.tx.prepare_cached(
                "INSERT INTO calls (operator, phone, donor_id, offer_id, outcome, callback_at,
                                    notes, started_at, ended_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                w.operator,
                call.phone.as_ref().map(|p| p.as_str()),
                call.donor_id,
                call.offer_id,
                call.outcome.as_str(),
                call.callback_at.map(ts),
                notes,
                ts(call.started_at),
                w.now,
            ])?;
            let id = w.tx.last_insert_rowid();
            // The caller's phone was on the operator's screen in full: the access log says so.
            if let (Some(donor), Some(_)) = (call.donor_id, &call.phone) {
                w.log_access(donor, "call")?;
            }
            if let Some(context) = context {
                w.tx.prepare_cached(
                    "INSERT INTO callback_state (call_id, context) VALUES (?1, ?2)",
                )?
                .execute(params![id, context])?;
            }
            audit::record(
                w,
                "call",
                id,
                "end",
                None,
                Some(json!({"outcome": call.outcome, "offer_id": call.offer_id})),
            )?;
            Ok(id)
        })
    }

    /// Callbacks due by `until`, oldest first, that no later call to the same number has answered.
    pub fn due_callbacks(&self, until: DateTime<Utc>, limit: usize) -> Result<Vec<CallRecord>> {
        self.require(super::access::Permission::TakeCallbacks, None)?;
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {CALL_COLUMNS} FROM calls c LEFT JOIN donors d ON d.id = c.donor_id
             WHERE c.outcome = 'call_back' AND c.callback_at <= ?1
               AND NOT EXISTS (SELECT 1 FROM callback_state s
                               WHERE s.call_id = c.id AND s.taken_by IS NOT NULL)
               AND NOT EXISTS (SELECT 1 FROM calls l WHERE l.phone = c.phone AND l.id > c.id)
             ORDER BY c.callback_at, c.id LIMIT ?2"
        ))?;
        let list = stmt
            .query_map(params![ts(until), limit as i64], call_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(list)
    }

    /// Callbacks due by `until` with the first call's context (what the console offers to
    /// take): the same selection and order as [`Store::due_callbacks`].
    pub fn due_callbacks_with_context(
        &self,
        until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Callback>> {
        self.require(super::access::Permission::TakeCallbacks, None)?;
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {CALL_COLUMNS}, s.context, s.taken_by, s.taken_at
             FROM calls c LEFT JOIN donors d ON d.id = c.donor_id
             LEFT JOIN callback_state s ON s.call_id = c.id
             WHERE c.outcome = 'call_back' AND c.callback_at <= ?1 AND s.taken_by IS NULL
               AND NOT EXISTS (SELECT 1 FROM calls l WHERE l.phone = c.phone AND l.id > c.id)
             ORDER BY c.callback_at, c.id LIMIT ?2"
        ))?;
        let list = stmt
            .query_map(params![ts(until), limit as i64], callback_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(list)
    }

    /// Take a callback for this operator: marked taken in one statement, so of two consoles
    /// taking the same callback exactly one gets it (the other gets `None`). The callback comes
    /// back with the first call's context, to restore.
    pub fn take_callback(&mut self, id: i64) -> Result<Option<Callback>> {
        self.require(super::access::Permission::TakeCallbacks, None)?;
        let taken = self.write(|w| {
            let outcome: Option<String> =
                w.tx.prepare_cached("SELECT outcome FROM calls WHERE id = ?1")?
                    .query_row([id], |r| r.get(0))
                    .optional()?;
            if outcome.as_deref() != Some("call_back") {
                return Err(StoreError::NotFound {
                    what: "callback",
                    reference: id.to_string(),
                });
            }
            let n =
                w.tx.prepare_cached(
                    "INSERT INTO callback_state (call_id, taken_by, taken_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT(call_id) DO UPDATE SET taken_by = excluded.taken_by,
                         taken_at = excluded.taken_at
                     WHERE callback_state.taken_by IS NULL",
                )?
                .execute(params![id, w.operator, w.now])?;
            if n == 1 {
                audit::record(w, "call", id, "take_callback", None, None)?;
                // The operator calls the donor back: the phone is shown in full, logged.
                let donor: Option<i64> =
                    w.tx.prepare_cached("SELECT donor_id FROM calls WHERE id = ?1")?
                        .query_row([id], |r| r.get(0))?;
                if let Some(donor) = donor {
                    w.log_access(donor, "callback")?;
                }
            }
            Ok(n == 1)
        })?;
        if !taken {
            return Ok(None);
        }
        let mut callback = self.callback(id)?;
        let phone: Option<String> = self
            .conn()
            .prepare_cached("SELECT phone FROM calls WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        callback.call.phone = phone;
        Ok(Some(callback))
    }

    /// Give back a callback this operator took and could not finish (it is offered again).
    pub fn release_callback(&mut self, id: i64) -> Result<bool> {
        self.require(super::access::Permission::TakeCallbacks, None)?;
        self.write(|w| {
            let n =
                w.tx.prepare_cached(
                    "UPDATE callback_state SET taken_by = NULL, taken_at = NULL
                     WHERE call_id = ?1 AND taken_by = ?2",
                )?
                .execute(params![id, w.operator])?;
            if n == 1 {
                audit::record(w, "call", id, "release_callback", None, None)?;
            }
            Ok(n == 1)
        })
    }

    /// One callback with its context and who took it.
    pub fn callback(&self, id: i64) -> Result<Callback> {
        self.conn()
            .prepare_cached(&format!(
                "SELECT {CALL_COLUMNS}, s.context, s.taken_by, s.taken_at
                 FROM calls c LEFT JOIN donors d ON d.id = c.donor_id
                 LEFT JOIN callback_state s ON s.call_id = c.id
                 WHERE c.id = ?1 AND c.outcome = 'call_back'"
            ))?
            .query_row([id], callback_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                what: "callback",
                reference: id.to_string(),
            })
    }

    /// Callbacks not taken and not answered by a later call, from `from` on (the scheduled
    /// ones, with their times), soonest first; one page.
    pub fn scheduled_callbacks(&self, from: DateTime<Utc>, limit: usize) -> Result<Vec<Callback>> {
        self.require(super::access::Permission::TakeCallbacks, None)?;
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {CALL_COLUMNS}, s.context, s.taken_by, s.taken_at
             FROM calls c LEFT JOIN donors d ON d.id = c.donor_id
             LEFT JOIN callback_state s ON s.call_id = c.id
             WHERE c.outcome = 'call_back' AND c.callback_at >= ?1 AND s.taken_by IS NULL
               AND NOT EXISTS (SELECT 1 FROM calls l WHERE l.phone = c.phone AND l.id > c.id)
             ORDER BY c.callback_at, c.id LIMIT ?2"
        ))?;
        let list = stmt
            .query_map(params![ts(from), limit as i64], callback_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(list)
    }

    /// Calls, newest first; one page. Everyone's for a lead (and the single seat); anyone else
    /// sees their own calls ("my calls").
    pub fn list_calls(&self, offset: usize, limit: usize) -> Result<Vec<CallRecord>> {
        let mine = if self
            .actor()
            .may(super::access::Permission::SeeAllCalls, None)
        {
            None
        } else {
            Some(self.operator().to_string())
        };
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {CALL_COLUMNS} FROM calls c LEFT JOIN donors d ON d.id = c.donor_id
             WHERE ?3 IS NULL OR c.operator = ?3
             ORDER BY c.id DESC LIMIT ?1 OFFSET ?2"
        ))?;
        let list = stmt
            .query_map(params![limit as i64, offset as i64, mine], call_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(list)
    }

    /// How many calls this operator ended since `since`.
    pub fn count_calls_since(&self, since: DateTime<Utc>) -> Result<i64> {
        Ok(self
            .conn()
            .prepare_cached("SELECT count(*) FROM calls WHERE operator = ?1 AND ended_at >= ?2")?
            .query_row(params![self.operator(), ts(since)], |r| r.get(0))?)
    }

    /// Keep the operator's entry in progress (one row per operator, replaced on every change).
    pub fn save_draft(&mut self, json: &str) -> Result<()> {
        let now = ts(self.clock().now());
        self.conn()
            .prepare_cached(
                "INSERT INTO drafts (operator, json, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(operator) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at",
            )?
            .execute(params![self.operator(), json, now])?;
        Ok(())
    }

    /// The operator's kept draft, if any.
    pub fn draft(&self) -> Result<Option<Draft>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT json, updated_at FROM drafts WHERE operator = ?1")?
            .query_row([self.operator()], |r| {
                let at: String = r.get(1)?;
                Ok(Draft {
                    json: r.get(0)?,
                    updated_at: parse_ts(&at).unwrap_or_default(),
                })
            })
            .optional()?)
    }

    pub fn delete_draft(&mut self) -> Result<()> {
        self.conn()
            .prepare_cached("DELETE FROM drafts WHERE operator = ?1")?
            .execute([self.operator()])?;
        Ok(())
    }

    /// How many open needs an organisation has (for its detail pane).
    pub fn count_open_needs_of(&self, org_id: i64) -> Result<i64> {
        Ok(self
            .conn()
            .prepare_cached(&format!(
                "SELECT count(*) FROM {} WHERE n.org_id = ?1 AND n.closed = 0
                   AND n.quantity > n.proposed + n.confirmed + n.delivered",
                rows::NEED_FROM
            ))?
            .query_row([org_id], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FixedClock;
    use chrono::TimeZone;
    use std::sync::Arc;

    fn store() -> Store {
        let now = Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap();
        Store::open_in_memory("op")
            .unwrap()
            .with_clock(Arc::new(FixedClock(now)))
    }

    #[test]
    fn drafts_are_one_per_operator_and_replaced() {
        let mut s = store();
        assert!(s.draft().unwrap().is_none());
        s.save_draft("{\"a\":1}").unwrap();
        s.save_draft("{\"a\":2}").unwrap();
        assert_eq!(s.draft().unwrap().unwrap().json, "{\"a\":2}");
        s.delete_draft().unwrap();
        assert!(s.draft().unwrap().is_none());
    }

    #[test]
    fn callbacks_leave_the_queue_when_the_number_is_called_again() {
        let mut s = store();
        let now = s.clock().now();
        let phone = Phone::parse("095 167 90 26").unwrap();
        let call = NewCall {
            phone: Some(phone.clone()),
            donor_id: None,
            offer_id: None,
            outcome: CallOutcome::CallBack,
            callback_at: Some(now - chrono::Duration::minutes(5)),
            notes: None,
            started_at: now,
        };
        s.log_call(&call).unwrap();
        assert_eq!(s.due_callbacks(now, 10).unwrap().len(), 1);
        let later = NewCall {
            outcome: CallOutcome::NothingToOffer,
            callback_at: None,
            ..call.clone()
        };
        s.log_call(&later).unwrap();
        assert!(s.due_callbacks(now, 10).unwrap().is_empty());
        assert!(
            s.log_call(&NewCall {
                callback_at: None,
                ..call
            })
            .is_err()
        );
    }
}
