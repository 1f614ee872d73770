//! Everything that can happen to the console: what a key means, and what the effects, the worker
//! and the clock report. `update` is the only place that turns these into state changes.

use super::app::Tab;
use super::lists::Row;
use crate::domain::{Need, Offer, Ref};
use crate::i18n::ConsoleStrings;
use crate::matching::Candidate;
use crate::store::{Callback, DonorView, Rematch, ShiftFigures, StoreError};

/// What went wrong in the store, as a kind the console says in its own language (the English
/// detail goes to the log, not to the screen).
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Another console holds the database longer than a writer waits.
    Busy,
    /// The disk is full or the file cannot be written.
    Disk,
    /// The record is gone (erased or removed by another console).
    NotFound(String),
    /// A value breaks a rule; the field and reason come from the store's rules.
    Invalid(String),
    /// The read was stopped because a newer one replaced it (never shown: the worker reads
    /// again or drops it).
    Interrupted,
    /// Anything else (the log has the detail).
    Other,
}

impl From<&StoreError> for Failure {
    fn from(e: &StoreError) -> Failure {
        if let StoreError::Sqlite(s) = e
            && s.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted)
        {
            return Failure::Interrupted;
        }
        tracing::warn!(error = %e, "store error in the console");
        if e.is_busy() {
            return Failure::Busy;
        }
        match e {
            StoreError::NotFound { reference, .. } => Failure::NotFound(reference.clone()),
            StoreError::Invalid { field, reason } => Failure::Invalid(format!("{field}: {reason}")),
            StoreError::Phone(p) => Failure::Invalid(p.to_string()),
            StoreError::Io { .. } => Failure::Disk,
            StoreError::Sqlite(s)
                if matches!(
                    s.sqlite_error_code(),
                    Some(
                        rusqlite::ErrorCode::DiskFull
                            | rusqlite::ErrorCode::ReadOnly
                            | rusqlite::ErrorCode::SystemIoFailure
                            | rusqlite::ErrorCode::CannotOpen
                    )
                ) =>
            {
                Failure::Disk
            }
            _ => Failure::Other,
        }
    }
}

impl Failure {
    /// The sentence the operator reads.
    pub fn text(&self, c: &ConsoleStrings) -> String {
        match self {
            Failure::Busy => c.e_busy.to_string(),
            Failure::Disk => c.e_disk.to_string(),
            Failure::NotFound(r) => crate::i18n::fill(c.e_not_found, &[r]),
            // The store speaks English; its message is rendered in the console's language here,
            // as the CLI does (`i18n::messages`).
            Failure::Invalid(why) => crate::i18n::fill(
                c.e_invalid,
                &[&crate::i18n::messages::localise(why, c.lang)],
            ),
            Failure::Interrupted | Failure::Other => c.e_other.to_string(),
        }
    }
}

/// What the Dashboard shows, read in one go.
#[derive(Debug, Clone)]
pub struct Dashboard {
    pub figures: ShiftFigures,
    /// Calls this operator ended today.
    pub calls_today: i64,
}

/// The Call tab's queues, read on every poll: callbacks due (with the first call's context),
/// callbacks scheduled later, offers to re-match.
#[derive(Debug, Clone, Default)]
pub struct Queues {
    pub due: Vec<Callback>,
    pub scheduled: Vec<Callback>,
    pub rematch: Vec<Rematch>,
}

impl Action {
    /// An answer to a read that was stopped (the worker asks again unless a newer one waits).
    pub fn was_interrupted(&self) -> bool {
        let i = |f: &Failure| *f == Failure::Interrupted;
        match self {
            Action::PageLoaded { rows: Err(f), .. } => i(f),
            Action::Counted { total: Err(f), .. } => i(f),
            Action::Suggestions(_, Err(f)) => i(f),
            Action::PhoneLooked { found: Err(f), .. } => i(f),
            Action::StatsLoaded(Err(f)) => i(f),
            Action::OfferLoaded(Err(f)) => i(f),
            Action::Polled {
                callbacks: Err(f), ..
            } => i(f),
            Action::DeskAnswer(super::desk::DeskAnswer::History { events: Err(f), .. }) => i(f),
            _ => false,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Action {
    // Global
    Quit,
    /// Ctrl-C: keep the draft and leave at once.
    Interrupt,
    Help,
    /// Esc: close an overlay, hide suggestions, cancel a filter.
    Cancel,
    GoTab(Tab),
    // Moving
    NextField,
    PrevField,
    Submit,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Left,
    Right,
    // The call
    Save,
    NextCall,
    TakeCallback,
    /// The offers whose match was declined or cancelled (Call tab).
    Rematch,
    /// Correct the saved offer (Call tab) or the selected one (Offers).
    EditOffer,
    /// Withdraw the saved offer (Call tab) or the selected one (Offers), after a question.
    WithdrawOffer,
    EditQuantity,
    /// Log each item the text names as its own offer.
    SplitItems,
    // Lists
    Filter,
    Sort,
    // Text
    Char(char),
    Backspace,
    Delete,
    Paste(String),
    // Dialogs
    Yes,
    No,
    Choose(u8),
    // From the outside
    Tick,
    Resize(u16, u16),
    // Answers to effects
    Suggestions(u64, Result<Vec<Candidate<Need>>, Failure>),
    StatsLoaded(Result<Box<Dashboard>, Failure>),
    PageLoaded {
        tab: Tab,
        generation: u64,
        start: usize,
        rows: Result<Vec<Row>, Failure>,
    },
    Counted {
        tab: Tab,
        generation: u64,
        total: Result<usize, Failure>,
    },
    PhoneLooked {
        generation: u64,
        found: Result<Option<Box<DonorView>>, Failure>,
    },
    CallRefreshed {
        offer: Option<Box<Offer>>,
        donor: Option<Box<DonorView>>,
    },
    Polled {
        data_version: Option<i64>,
        callbacks: Result<Box<Queues>, Failure>,
    },
    /// The callback taken (`None`: another console took it first).
    CallbackTaken(Result<Option<Box<Callback>>, Failure>),
    CallbackReleaseFailed(Failure),
    /// An offer read to be corrected in the Call form.
    OfferLoaded(Result<Box<Offer>, Failure>),
    OfferEdited(Result<Box<Offer>, Failure>),
    /// The withdrawn offer and how many of its matches were cancelled.
    OfferWithdrawn(Result<(Box<Offer>, usize), Failure>),
    OfferSaved(Result<Box<Offer>, Failure>),
    /// Several offers written at once (one per item the text named).
    OffersSaved(Result<Vec<Offer>, Failure>),
    /// The match made and the offer with its new tally.
    Proposed(Result<(Ref, Box<Offer>), Failure>),
    CallLogged(Result<(), Failure>),
    DraftFailed(Failure),
    /// A key of the registry screens (Needs form and review, the directory).
    Registry(super::registry::RegKey),
    /// An answer to a registry request.
    RegistryAnswer(Box<super::registry::Answer>),
    /// A key of the liaison's desk (Matches tab).
    Desk(super::desk::DeskKey),
    /// An answer to a desk effect.
    DeskAnswer(super::desk::DeskAnswer),
}

#[cfg(test)]
mod tests {
    use super::Failure;

    /// A store refusal is English where it arises; the console shows it in its own language.
    #[test]
    fn a_store_refusal_reads_in_the_consoles_language() {
        let f = Failure::Invalid("quantity: 0 is not a whole number from 1 to 1000000".into());
        let uk = f.text(&crate::i18n::UK.console);
        assert!(uk.contains("не ціле число від 1 до 1000000"), "{uk}");
        assert!(!uk.contains("is not a whole number"), "{uk}");
        let en = f.text(&crate::i18n::EN.console);
        assert!(
            en.contains("is not a whole number from 1 to 1000000"),
            "{en}"
        );
    }
}
