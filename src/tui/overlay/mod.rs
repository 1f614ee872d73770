//! Dialogs over the screen: help, the quit question, the kept draft, the call's outcome, the
//! callback time and the quantity of a proposal. Their state and update; `view` draws them.

pub mod view;

use super::action::Action;
use super::app::{App, Tab};
use super::call::DraftData;
use super::effect::Effect;
use super::limits;
use super::text::TextInput;
use crate::domain::CallOutcome;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    ConfirmQuit,
    RestoreDraft(Box<DraftData>, DateTime<Utc>),
    /// Discard the kept entry? Asked after a no to `RestoreDraft`: only Enter discards, so
    /// text typed while the question was up (`т` is `n` on the Ukrainian layout) cannot.
    DiscardDraft(Box<DraftData>, DateTime<Utc>),
    Outcome,
    CallbackTime(TextInput),
    EditQuantity(TextInput),
    /// A question of the liaison's desk: a reason, or the quantity received.
    Desk(Box<super::desk::Prompt>),
    /// The callbacks due (one chosen, to take) and those later.
    Callbacks {
        sel: usize,
    },
    /// The offers to re-match (one chosen, to show its needs).
    Rematch {
        sel: usize,
    },
    /// Withdraw this offer?
    ConfirmWithdraw {
        id: i64,
        reference: String,
        label: String,
    },
}

impl Overlay {
    pub fn takes_text(&self) -> bool {
        matches!(
            self,
            Overlay::CallbackTime(_) | Overlay::EditQuantity(_) | Overlay::Desk(_)
        )
    }
}

/// A key while a dialog is open.
pub fn update(app: &mut App, action: Action) {
    let Some(overlay) = app.overlay.clone() else {
        return;
    };
    match overlay {
        Overlay::Help { scroll } => match action {
            Action::Up => {
                app.overlay = Some(Overlay::Help {
                    scroll: scroll.saturating_sub(1),
                })
            }
            Action::Down => app.overlay = Some(Overlay::Help { scroll: scroll + 1 }),
            Action::Quit => {
                app.overlay = None;
                super::app::update(app, Action::Quit);
            }
            _ => app.overlay = None,
        },
        Overlay::ConfirmQuit => match action {
            Action::Yes | Action::Submit => {
                app.overlay = None;
                app.keep_draft();
                app.quit = true;
            }
            Action::No | Action::Cancel => app.overlay = None,
            _ => {}
        },
        Overlay::RestoreDraft(data, at) => match action {
            Action::Yes | Action::Submit => {
                app.overlay = None;
                app.tab = Tab::Call;
                app.restore_draft(&data);
            }
            Action::No | Action::Cancel => app.overlay = Some(Overlay::DiscardDraft(data, at)),
            _ => {}
        },
        Overlay::DiscardDraft(data, at) => match action {
            Action::Submit => {
                app.overlay = None;
                app.effects.push(Effect::SaveDraft(None));
            }
            Action::Cancel | Action::No | Action::Yes => {
                app.overlay = Some(Overlay::RestoreDraft(data, at))
            }
            _ => {}
        },
        Overlay::Outcome => match action {
            Action::Choose(1) => {
                app.overlay = None;
                app.end_call(CallOutcome::NothingToOffer, None);
            }
            Action::Choose(2) => app.overlay = Some(Overlay::CallbackTime(TextInput::default())),
            Action::Choose(3) => {
                app.overlay = None;
                app.end_call(CallOutcome::WrongNumber, None);
            }
            Action::Choose(4) if app.call.taken.is_some() => {
                // Give the callback back, log nothing: another operator may take it.
                app.overlay = None;
                app.reset_call();
                app.info(app.c().shift.cb_released);
            }
            Action::Cancel | Action::No => app.overlay = None,
            _ => {}
        },
        Overlay::Desk(p) => super::desk::prompt_update(app, p, action),
        Overlay::Callbacks { sel } | Overlay::Rematch { sel } => {
            let rematch = matches!(app.overlay, Some(Overlay::Rematch { .. }));
            let n = if rematch {
                app.call.rematch.len()
            } else {
                app.call.callbacks.len()
            };
            let wrap = |sel| {
                if rematch {
                    Overlay::Rematch { sel }
                } else {
                    Overlay::Callbacks { sel }
                }
            };
            let sel = sel.min(n.saturating_sub(1));
            match action {
                Action::Up => app.overlay = Some(wrap(sel.saturating_sub(1))),
                Action::Down => app.overlay = Some(wrap((sel + 1).min(n.saturating_sub(1)))),
                Action::Submit => {
                    app.overlay = None;
                    if rematch {
                        if let Some(r) = app.call.rematch.get(sel).cloned() {
                            app.pick_rematch(r);
                        }
                    } else if let Some(cb) = app.call.callbacks.get(sel) {
                        let id = cb.call.id;
                        app.take_callback(id);
                    }
                }
                Action::Cancel | Action::No => app.overlay = None,
                _ => {}
            }
        }
        Overlay::ConfirmWithdraw { id, .. } => match action {
            Action::Yes | Action::Submit => {
                app.overlay = None;
                app.effects.push(Effect::WithdrawOffer(id));
            }
            Action::No | Action::Cancel => app.overlay = None,
            _ => {}
        },
        Overlay::CallbackTime(mut input) | Overlay::EditQuantity(mut input) => {
            let is_qty = matches!(app.overlay, Some(Overlay::EditQuantity(_)));
            let limit = if is_qty {
                limits::QUANTITY
            } else {
                limits::CALLBACK
            };
            let wrap = |i: TextInput| {
                if is_qty {
                    Overlay::EditQuantity(i)
                } else {
                    Overlay::CallbackTime(i)
                }
            };
            match action {
                Action::Char(c) => {
                    if input.len() < limit {
                        input.insert(c);
                    }
                    app.overlay = Some(wrap(input));
                }
                Action::Paste(s) => {
                    input.paste(&s, limit);
                    app.overlay = Some(wrap(input));
                }
                Action::Backspace => {
                    input.backspace();
                    app.overlay = Some(wrap(input));
                }
                Action::Cancel => app.overlay = None,
                Action::Submit if is_qty => match input.trimmed().parse::<i64>() {
                    Ok(q) if q > 0 => {
                        app.overlay = None;
                        app.propose(Some(q));
                    }
                    _ => app.error(app.c().quantity_invalid),
                },
                Action::Submit => match app.parse_callback(input.trimmed()) {
                    Some(at) => {
                        app.overlay = None;
                        app.end_call(CallOutcome::CallBack, Some(at));
                    }
                    None => app.error(app.c().callback_invalid),
                },
                _ => {}
            }
        }
    }
}
