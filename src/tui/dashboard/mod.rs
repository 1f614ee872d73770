//! The Dashboard (F7), the shift lead's view: today and the last seven days (calls by outcome,
//! offers, matches, per operator), open needs by category, offers per day, and what needs
//! someone (urgent and stale needs, matches waiting on organisations, callbacks scheduled).
//! Read by one effect (`Store::shift_figures`, the same counts as `aidline report`) when the tab
//! is shown or the data changes; three pages so it reads at 80x24; `view` draws them.

pub mod view;

use super::action::{Action, Dashboard};
use super::app::App;

/// The pages, in order.
pub const PAGES: usize = 3;

#[derive(Debug, Clone, Default)]
pub struct DashboardState {
    /// The last figures read, if any yet.
    pub data: Option<Dashboard>,
    /// The page shown (0: the shift, 1: operators, 2: needs attention).
    pub page: usize,
    /// Lines scrolled on the page (operators, long lists).
    pub scroll: u16,
}

/// A key on the Dashboard: ←→ / PgUp PgDn change the page, ↑↓ scroll it.
pub fn update(app: &mut App, action: Action) {
    let d = &mut app.dashboard;
    match action {
        Action::Right | Action::PageDown => {
            d.page = (d.page + 1) % PAGES;
            d.scroll = 0;
        }
        Action::Left | Action::PageUp => {
            d.page = (d.page + PAGES - 1) % PAGES;
            d.scroll = 0;
        }
        Action::Down => d.scroll = d.scroll.saturating_add(1),
        Action::Up => d.scroll = d.scroll.saturating_sub(1),
        _ => {}
    }
}
