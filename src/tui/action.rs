//! Everything that can happen to the console: what a key means, and what the background worker
//! and the clock report. `update` is the only place that turns these into state changes.

use super::app::Tab;
use crate::domain::Need;
use crate::matching::Candidate;
use crate::store::Stats;

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
    EditQuantity,
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
    Suggestions(u64, Result<Vec<Candidate<Need>>, String>),
    StatsLoaded(Result<Stats, String>),
}
