//! The Matches tab as the NGO liaison's desk: the list narrowed by organisation, status and
//! "waiting 3+ days"; the age of each match; the detail with the donor's name, phone and place
//! and the match's history; and the keys that move a match (`c` confirm, `d` decline, `h`
//! handed over, `x` cancel), each one effect on the writer calling the store's transition.
//!
//! The list itself (window, selection, text filter) is the shared `lists::ListState`; this
//! module owns what only the desk has: the scope it adds to the list's query, the history and
//! phone-view bookkeeping (`DeskState`), the prompts, and the effects and answers.

pub mod view;

use super::action::{Action, Failure};
use super::app::{App, Tab};
use super::effect::Effect;
use super::lists::{ListQuery, Row};
use super::overlay::Overlay;
use super::text::TextInput;
use crate::domain::{Match, MatchStatus, Ref, RefKind};
use crate::i18n::{Case, DeskStrings, fill};
use crate::store::{FOLLOW_UP_AFTER, MatchEvent, MatchFilter, MatchView, Store, StoreError};
use chrono::{DateTime, Utc};
use std::collections::HashSet;

/// What the desk adds to the Matches list's query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeskScope {
    pub status: Option<MatchStatus>,
    /// The organisation (id, name as stored): `--org NAME` or `o` on a row.
    pub org: Option<(i64, String)>,
    /// Only matches proposed more than 3 days ago and not confirmed.
    pub waiting: bool,
}

/// The store's filter for the Matches list's query (the same for its pages and its count).
pub fn match_filter(q: &ListQuery) -> MatchFilter {
    MatchFilter {
        status: q.desk.status,
        org_id: q.desk.org.as_ref().map(|(id, _)| *id),
        text: q.text.clone(),
        follow_up: q.desk.waiting,
    }
}

/// The desk's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskKey {
    Confirm,
    Decline,
    HandOver,
    Cancel,
    /// Only the matches waiting 3+ days (again: all).
    Waiting,
    /// The next status filter: all, proposed, confirmed, handed over, declined, cancelled.
    Status,
    /// Only the selected row's organisation (again: all).
    Org,
}

/// What the desk asks of the worker.
#[derive(Debug, Clone)]
pub enum DeskEffect {
    /// One transition, one transaction (with its audit row and both tallies).
    Move {
        id: i64,
        to: MatchStatus,
        reason: Option<String>,
        received: Option<i64>,
    },
    /// The history of a match (its audit rows).
    History { id: i64 },
    /// The donor's phone was shown in a match's detail: one audit row.
    PhoneViewed { id: i64 },
}

/// The answers to [`DeskEffect`]s.
#[derive(Debug, Clone)]
pub enum DeskAnswer {
    Moved {
        id: i64,
        to: MatchStatus,
        /// The quantity before (a handover of less says "x of y").
        proposed: i64,
        result: Result<Box<MatchView>, Failure>,
    },
    History {
        id: i64,
        events: Result<Vec<MatchEvent>, Failure>,
    },
    PhoneLogged(Result<(), Failure>),
}

fn err(e: StoreError) -> Failure {
    Failure::from(&e)
}

/// Run a desk effect (on the worker, or in place in tests).
pub fn execute(store: &mut Store, e: DeskEffect) -> Option<Action> {
    Some(Action::DeskAnswer(match e {
        DeskEffect::Move {
            id,
            to,
            reason,
            received,
        } => {
            let proposed = store.match_by_id(id).map(|m| m.quantity).unwrap_or(0);
            let moved = match received {
                Some(n) => store.hand_over(id, n, reason.as_deref()),
                None => store.set_match_status(id, to, reason.as_deref()),
            };
            let result = moved.and_then(|m| {
                tracing::info!(
                    r#match = m.id,
                    status = to.as_str(),
                    "match moved from the desk"
                );
                store.match_view(id)
            });
            DeskAnswer::Moved {
                id,
                to,
                proposed,
                result: result.map(Box::new).map_err(err),
            }
        }
        DeskEffect::History { id } => DeskAnswer::History {
            id,
            events: store.match_history(id).map_err(err),
        },
        DeskEffect::PhoneViewed { id } => {
            DeskAnswer::PhoneLogged(store.log_phone_view(id).map_err(err))
        }
    }))
}

/// A match's history as shown: (match id, the match's `updated_at` it was read for, the
/// events or why not).
pub type Shown = (i64, DateTime<Utc>, Result<Vec<MatchEvent>, Failure>);

/// The desk's own state beside the shared list.
#[derive(Debug, Clone, Default)]
pub struct DeskState {
    /// The history shown.
    pub history: Option<Shown>,
    /// The history asked for and not answered yet.
    asked: Option<(i64, DateTime<Utc>)>,
    /// Matches whose donor's phone was shown (and logged) since the tab was opened.
    pub phone_logged: HashSet<i64>,
}

impl DeskState {
    /// The tab was opened: a new view, each phone shown is logged again (once).
    pub fn opened(&mut self) {
        self.phone_logged.clear();
    }
}

/// Whether a match waits for the organisation's answer too long: proposed more than 3 days ago.
pub fn waiting(m: &Match, now: DateTime<Utc>) -> bool {
    m.status == MatchStatus::Proposed && now - m.created_at > FOLLOW_UP_AFTER
}

/// How old a match is: «12 min», «5 h», «3 d» / «12 хв», «5 год», «3 дн».
pub fn age(d: &DeskStrings, since: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (now - since).num_minutes().max(0);
    if minutes < 60 {
        fill(d.age_min, &[&minutes])
    } else if minutes < 24 * 60 {
        fill(d.age_hours, &[&(minutes / 60)])
    } else {
        fill(d.age_days, &[&(minutes / (24 * 60))])
    }
}

/// What the prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Decline,
    Cancel,
    HandOver,
}

impl PromptKind {
    fn to(self) -> MatchStatus {
        match self {
            PromptKind::Decline => MatchStatus::Declined,
            PromptKind::Cancel => MatchStatus::Cancelled,
            PromptKind::HandOver => MatchStatus::HandedOver,
        }
    }
}

/// A question before a transition: the reason, or the quantity received.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub id: i64,
    /// The match's quantity (the most a handover can say) and its unit (the offer's).
    pub proposed: i64,
    pub unit: crate::domain::Unit,
    pub input: TextInput,
}

/// The selected match, if the Matches list has one.
fn selected(app: &App) -> Option<&MatchView> {
    match app.list(Tab::Matches)?.selected()? {
        Row::Match(m) => Some(m),
        _ => None,
    }
}

fn push(app: &mut App, e: DeskEffect) {
    app.effects.push(Effect::Desk(e));
}

/// A desk key on the Matches tab.
pub fn key(app: &mut App, k: DeskKey) {
    let d = app.c().desk;
    let scope_key = matches!(k, DeskKey::Waiting | DeskKey::Status | DeskKey::Org);
    if scope_key {
        return change_scope(app, k);
    }
    let Some(m) = selected(app) else {
        return app.error(d.no_selection);
    };
    let (id, status, quantity) = (m.matched.id, m.matched.status, m.matched.quantity);
    let unit = m.offer.unit;
    let prompt = |kind: PromptKind| {
        Overlay::Desk(Box::new(Prompt {
            kind,
            id,
            proposed: quantity,
            unit,
            input: if kind == PromptKind::HandOver {
                TextInput::new(&quantity.to_string())
            } else {
                TextInput::default()
            },
        }))
    };
    let kind = match k {
        DeskKey::Confirm => {
            return push(
                app,
                DeskEffect::Move {
                    id,
                    to: MatchStatus::Confirmed,
                    reason: None,
                    received: None,
                },
            );
        }
        DeskKey::Decline => PromptKind::Decline,
        DeskKey::Cancel => PromptKind::Cancel,
        _ => PromptKind::HandOver,
    };
    if !status.can_become(kind.to()) {
        // Nothing to ask: the store says why not (and the shown row may be out of date).
        return push(
            app,
            DeskEffect::Move {
                id,
                to: kind.to(),
                reason: None,
                received: None,
            },
        );
    }
    app.message = None;
    app.overlay = Some(prompt(kind));
}

fn change_scope(app: &mut App, k: DeskKey) {
    let org = selected(app).map(|m| (m.need.org_id, m.need.organisation.clone()));
    let mut fx = Vec::new();
    let Some(list) = app.list_mut(Tab::Matches) else {
        return;
    };
    match k {
        DeskKey::Waiting => list.desk.waiting = !list.desk.waiting,
        DeskKey::Status => {
            use MatchStatus::*;
            const CYCLE: [Option<MatchStatus>; 6] = [
                None,
                Some(Proposed),
                Some(Confirmed),
                Some(HandedOver),
                Some(Declined),
                Some(Cancelled),
            ];
            let at = CYCLE
                .iter()
                .position(|s| *s == list.desk.status)
                .unwrap_or(0);
            list.desk.status = CYCLE[(at + 1) % CYCLE.len()];
        }
        _ => {
            if list.desk.org.is_some() {
                list.desk.org = None;
            } else if let Some(o) = org {
                list.desk.org = Some(o);
            } else {
                return;
            }
        }
    }
    list.requery(&mut fx);
    app.effects.extend(fx);
}

/// A key while a desk prompt is open.
pub fn prompt_update(app: &mut App, mut p: Box<Prompt>, action: Action) {
    let d = app.c().desk;
    let limit = match p.kind {
        PromptKind::HandOver => super::limits::QUANTITY,
        _ => crate::domain::limits::REASON.max_chars,
    };
    match action {
        Action::Char(c) => {
            if p.input.len() < limit {
                p.input.insert(c);
            }
            app.overlay = Some(Overlay::Desk(p));
        }
        Action::Paste(s) => {
            p.input.paste(&s, limit);
            app.overlay = Some(Overlay::Desk(p));
        }
        Action::Backspace => {
            p.input.backspace();
            app.overlay = Some(Overlay::Desk(p));
        }
        Action::Left => {
            p.input.left();
            app.overlay = Some(Overlay::Desk(p));
        }
        Action::Right => {
            p.input.right();
            app.overlay = Some(Overlay::Desk(p));
        }
        Action::Cancel => {
            app.overlay = None;
            app.message = None;
        }
        Action::Submit => {
            let text = p.input.trimmed().to_string();
            let (reason, received) = match p.kind {
                PromptKind::HandOver => match text.parse::<i64>() {
                    Ok(n) if n > 0 && n <= p.proposed => (None, Some(n)),
                    _ => return app.error(fill(d.received_invalid, &[&p.proposed])),
                },
                _ if text.is_empty() => return app.error(d.reason_empty),
                _ => (Some(text), None),
            };
            app.overlay = None;
            app.message = None;
            push(
                app,
                DeskEffect::Move {
                    id: p.id,
                    to: p.kind.to(),
                    reason,
                    received,
                },
            );
        }
        _ => app.overlay = Some(Overlay::Desk(p)),
    }
}

/// An answer from the worker for the desk.
pub fn answer(app: &mut App, a: DeskAnswer) {
    let d = app.c().desk;
    match a {
        DeskAnswer::Moved {
            id,
            to,
            proposed,
            result,
        } => {
            match result {
                Ok(v) => {
                    let r = Ref::new(RefKind::Match, id);
                    let qty = |n: i64| app.lang.quantity(n, v.offer.unit);
                    let text = match to {
                        MatchStatus::Confirmed => fill(d.done_confirmed, &[&r]),
                        MatchStatus::Declined => fill(d.done_declined, &[&r, &v.offer.short_ref()]),
                        MatchStatus::Cancelled => {
                            fill(d.done_cancelled, &[&r, &v.offer.short_ref()])
                        }
                        _ if v.matched.quantity < proposed => fill(
                            d.done_handed_part,
                            &[
                                &r,
                                &v.matched.quantity,
                                &app.lang.quantity_in(proposed, v.offer.unit, Case::Genitive),
                            ],
                        ),
                        _ => fill(d.done_handed, &[&r, &qty(v.matched.quantity)]),
                    };
                    app.info(text);
                }
                Err(f) => app.fail(&f),
            }
            // The row (and the others the tallies touched) read again; the history follows.
            let mut fx = Vec::new();
            if let Some(l) = app.list_mut(Tab::Matches) {
                l.refresh(&mut fx);
            }
            app.effects.extend(fx);
        }
        DeskAnswer::History { id, events } => {
            if let Some((asked, at)) = app.desk.asked
                && asked == id
            {
                app.desk.asked = None;
                app.desk.history = Some((id, at, events));
            }
        }
        DeskAnswer::PhoneLogged(r) => {
            if let Err(f) = r {
                app.fail(&f);
            }
        }
    }
}

/// After every step on the Matches tab: the selected match's history is read if it is not
/// shown yet (or the match changed since), and its donor's phone, now shown, is logged once
/// per match while the tab stays open — never per redraw.
pub fn observe(app: &mut App) {
    if app.tab != Tab::Matches {
        return;
    }
    let Some(m) = selected(app) else { return };
    let (id, updated, has_phone) = (
        m.matched.id,
        m.matched.updated_at,
        m.offer.donor_phone.is_some(),
    );
    let shown = matches!(&app.desk.history, Some((h, at, _)) if *h == id && *at == updated);
    if !shown && app.desk.asked != Some((id, updated)) {
        app.desk.asked = Some((id, updated));
        push(app, DeskEffect::History { id });
    }
    if has_phone && app.desk.phone_logged.insert(id) {
        push(app, DeskEffect::PhoneViewed { id });
    }
}

/// The actions the desk handles (for the keymap's check that each has a key).
pub fn handled() -> Vec<Action> {
    [
        DeskKey::Confirm,
        DeskKey::Decline,
        DeskKey::HandOver,
        DeskKey::Cancel,
        DeskKey::Waiting,
        DeskKey::Status,
        DeskKey::Org,
    ]
    .into_iter()
    .map(Action::Desk)
    .collect()
}

#[cfg(test)]
mod tests;
