//! What `update` asks of the outside world, as data: read a page, count, look up a phone, save,
//! propose, log a call, keep the draft, poll for changes. `update` never calls the store; it
//! queues effects and [`execute`] runs them — on the worker threads in the console (reads with a
//! generation tag so a stale answer is dropped, writes in order on their own thread), in place
//! in tests. Each effect's answer comes back as an [`Action`].

use super::action::{Action, Dashboard};
use super::app::Tab;
use super::lists::{self, ListQuery};
use crate::domain::{Phone, RefKind};
use crate::matching::OfferQuery;
use crate::store::{NewCall, NewOffer, Store, StoreError};

/// How many rows the dashboard's lists and the Call tab's queues show.
pub const QUEUE: usize = 20;
use chrono::{DateTime, Utc};

/// How many due callbacks the Call tab shows.
pub const CALLBACKS: usize = 20;

#[derive(Debug, Clone)]
pub enum Effect {
    // Reads (the worker; newer requests of the same kind replace queued ones).
    LoadPage {
        tab: Tab,
        generation: u64,
        query: ListQuery,
        start: usize,
    },
    Count {
        tab: Tab,
        generation: u64,
        query: ListQuery,
    },
    Suggest {
        seq: u64,
        query: Box<OfferQuery>,
        limit: usize,
    },
    LookupPhone {
        generation: u64,
        phone: Phone,
    },
    /// The saved offer and the known donor again, after another console changed something.
    RefreshCall {
        offer: Option<i64>,
        phone: Option<Phone>,
    },
    Stats {
        since: DateTime<Utc>,
    },
    /// One offer, to correct it in the Call form.
    LoadOffer(i64),
    /// The data version and the due callbacks (every tick).
    Poll {
        now: DateTime<Utc>,
    },
    // Writes (in order, on the writer).
    SaveOffer {
        offer: Box<NewOffer>,
        started_at: DateTime<Utc>,
    },
    /// Several offers from one call, in one transaction (one per item the text named).
    SaveOffers {
        offers: Vec<NewOffer>,
        started_at: DateTime<Utc>,
    },
    Propose {
        offer: i64,
        need: i64,
        quantity: i64,
    },
    /// A call's end, with the entry as the console serialised it (kept for a callback).
    LogCall(Box<NewCall>, Option<String>),
    /// Take a callback for this operator (one conditional write: never two consoles).
    TakeCallback(i64),
    /// Give back a callback this operator took.
    ReleaseCallback(i64),
    /// Correct a saved offer (the store's `edit_offer`, as `aidline offer edit`).
    EditOffer {
        id: i64,
        offer: Box<NewOffer>,
    },
    /// Withdraw an offer (the store's `withdraw_offer`, as `aidline offer withdraw`).
    WithdrawOffer(i64),
    /// Keep the entry in progress (`None`: there is none, forget the kept one).
    SaveDraft(Option<String>),
    /// The liaison's desk: a transition or the phone-view row (writes), a history (a read).
    Desk(super::desk::DeskEffect),
    /// The registry screens' reads and writes (their lane and slot are theirs).
    Registry(super::registry::Request),
}

/// Which queue an effect goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lane {
    /// Pages, suggestions, lookups, polls: short reads.
    Read,
    /// Counts and statistics: reads that may take a while, never in front of a page.
    Count,
    /// Writes, in the order they were asked for.
    Write,
}

/// Requests of the same slot replace each other while queued (only the newest is worth doing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    Page(Tab),
    Count(Tab),
    Suggest,
    Lookup,
    Refresh,
    Stats,
    Poll,
    History,
    Offer,
    Registry(super::registry::RegSlot),
}

impl Effect {
    pub fn lane(&self) -> Lane {
        match self {
            Effect::Registry(r) => r.lane(),
            Effect::Count { .. } | Effect::Stats { .. } => Lane::Count,
            Effect::Desk(super::desk::DeskEffect::History { .. }) => Lane::Read,
            Effect::Desk(_) => Lane::Write,
            Effect::SaveOffer { .. }
            | Effect::SaveOffers { .. }
            | Effect::Propose { .. }
            | Effect::LogCall(..)
            | Effect::TakeCallback(_)
            | Effect::ReleaseCallback(_)
            | Effect::EditOffer { .. }
            | Effect::WithdrawOffer(_)
            | Effect::SaveDraft(_) => Lane::Write,
            _ => Lane::Read,
        }
    }

    /// The slot of a read (writes have none: every one is done).
    pub fn slot(&self) -> Option<Slot> {
        Some(match self {
            Effect::Registry(r) => return r.slot(),
            Effect::LoadPage { tab, .. } => Slot::Page(*tab),
            Effect::Count { tab, .. } => Slot::Count(*tab),
            Effect::Suggest { .. } => Slot::Suggest,
            Effect::LookupPhone { .. } => Slot::Lookup,
            Effect::RefreshCall { .. } => Slot::Refresh,
            Effect::Stats { .. } => Slot::Stats,
            Effect::LoadOffer(_) => Slot::Offer,
            Effect::Poll { .. } => Slot::Poll,
            Effect::Desk(super::desk::DeskEffect::History { .. }) => Slot::History,
            _ => return None,
        })
    }
}

fn err(e: StoreError) -> super::action::Failure {
    super::action::Failure::from(&e)
}

/// Run one effect on `store` and say what came of it.
pub fn execute(store: &mut Store, effect: Effect) -> Option<Action> {
    Some(match effect {
        Effect::Registry(r) => super::registry::execute(store, r),
        Effect::LoadPage {
            tab,
            generation,
            query,
            start,
        } => Action::PageLoaded {
            tab,
            generation,
            start,
            rows: lists::fetch(store, tab, &query, start, lists::WINDOW).map_err(err),
        },
        Effect::Count {
            tab,
            generation,
            query,
        } => Action::Counted {
            tab,
            generation,
            total: lists::count(store, tab, &query).map_err(err),
        },
        Effect::Suggest { seq, query, limit } => {
            Action::Suggestions(seq, store.suggest_needs(&query, limit).map_err(err))
        }
        Effect::LookupPhone { generation, phone } => {
            let found = match store.donor_by_phone(&phone) {
                Ok(Some(_)) => store.donor_view(&phone).map(|v| Some(Box::new(v))),
                Ok(None) => Ok(None),
                Err(e) => Err(e),
            };
            Action::PhoneLooked {
                generation,
                found: found.map_err(err),
            }
        }
        Effect::RefreshCall { offer, phone } => Action::CallRefreshed {
            offer: offer.and_then(|id| store.offer(id).ok()).map(Box::new),
            donor: phone.and_then(|p| store.donor_view(&p).ok()).map(Box::new),
        },
        Effect::Stats { since } => {
            let result = (|| {
                Ok(Dashboard {
                    figures: store.shift_figures(QUEUE)?,
                    calls_today: store.count_calls_since(since)?,
                })
            })();
            Action::StatsLoaded(result.map(Box::new).map_err(err))
        }
        Effect::Poll { now } => Action::Polled {
            data_version: store.data_version().ok(),
            // The queues only for those who take callbacks (a liaison's console polls for
            // changes without them).
            callbacks: if store
                .actor()
                .may(crate::store::Permission::TakeCallbacks, None)
            {
                (|| {
                    Ok(super::action::Queues {
                        due: store.due_callbacks_with_context(now, CALLBACKS)?,
                        scheduled: store.scheduled_callbacks(now, QUEUE)?,
                        rematch: store.rematch_queue(0, QUEUE)?,
                    })
                })()
                .map(Box::new)
                .map_err(err)
            } else {
                Ok(Box::default())
            },
        },
        Effect::LoadOffer(id) => Action::OfferLoaded(store.offer(id).map(Box::new).map_err(err)),
        Effect::SaveOffer { offer, started_at } => {
            let result = store.add_offer(&offer).and_then(|saved| {
                let call = NewCall {
                    phone: Some(offer.phone.clone()),
                    donor_id: Some(saved.donor_id),
                    offer_id: Some(saved.id),
                    outcome: crate::domain::CallOutcome::OfferLogged,
                    callback_at: None,
                    notes: None,
                    started_at,
                };
                store.log_call(&call)?;
                tracing::info!(offer = saved.id, "offer logged from the console");
                Ok(saved)
            });
            Action::OfferSaved(result.map(Box::new).map_err(err))
        }
        Effect::SaveOffers { offers, started_at } => {
            let result = store.add_offers(&offers).and_then(|saved| {
                if let (Some(first), Some(o)) = (saved.first(), offers.first()) {
                    store.log_call(&NewCall {
                        phone: Some(o.phone.clone()),
                        donor_id: Some(first.donor_id),
                        offer_id: Some(first.id),
                        outcome: crate::domain::CallOutcome::OfferLogged,
                        callback_at: None,
                        notes: None,
                        started_at,
                    })?;
                }
                tracing::info!(offers = saved.len(), "offers logged from the console");
                Ok(saved)
            });
            Action::OffersSaved(result.map_err(err))
        }
        Effect::Propose {
            offer,
            need,
            quantity,
        } => {
            let result = store.propose(offer, need, Some(quantity)).and_then(|m| {
                tracing::info!(r#match = m.id, quantity, "match proposed from the console");
                Ok((
                    crate::domain::Ref::new(RefKind::Match, m.id),
                    store.offer(offer)?,
                ))
            });
            Action::Proposed(result.map(|(r, o)| (r, Box::new(o))).map_err(err))
        }
        Effect::LogCall(call, context) => {
            let result = store
                .log_call_with_context(&call, context.as_deref())
                .map(|_| {
                    tracing::info!(outcome = call.outcome.as_str(), "call ended");
                });
            Action::CallLogged(result.map_err(err))
        }
        Effect::Desk(e) => return super::desk::execute(store, e),
        Effect::TakeCallback(id) => {
            let result = store.take_callback(id).map(|cb| {
                tracing::info!(call = id, taken = cb.is_some(), "callback taken");
                cb.map(Box::new)
            });
            Action::CallbackTaken(result.map_err(err))
        }
        Effect::ReleaseCallback(id) => match store.release_callback(id) {
            Ok(_) => {
                tracing::info!(call = id, "callback given back");
                return None;
            }
            Err(e) => Action::CallbackReleaseFailed(err(e)),
        },
        Effect::EditOffer { id, offer } => {
            let result = store.edit_offer(id, &offer).inspect(|o| {
                tracing::info!(offer = o.id, "offer edited from the console");
            });
            Action::OfferEdited(result.map(Box::new).map_err(err))
        }
        Effect::WithdrawOffer(id) => {
            let result = store.withdraw_offer(id, None).inspect(|(o, n)| {
                tracing::info!(
                    offer = o.id,
                    cancelled = n,
                    "offer withdrawn from the console"
                );
            });
            Action::OfferWithdrawn(result.map(|(o, n)| (Box::new(o), n)).map_err(err))
        }
        Effect::SaveDraft(json) => {
            let result = match json {
                Some(j) => store.save_draft(&j),
                None => store.delete_draft(),
            };
            match result {
                Ok(()) => return None,
                Err(e) => Action::DraftFailed(err(e)),
            }
        }
    })
}
