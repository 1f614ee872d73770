//! The list tabs (Offers, Needs, Matches, Organisations): one specification per list — its
//! columns, widths, cells, detail and query — and the state, update and view they share.
//!
//! A list holds one window of rows read from the database; moving, filtering and sorting only
//! ask for effects (a page, a count), tagged with the list's generation so an answer to an older
//! filter is dropped. The page and the count use one WHERE per list in the store, so the count
//! shown is what the list holds. Sorts are database orders over the whole list.

pub mod view;

use super::action::{Action, Failure};
use super::app::{Tab, TextInput, condition_label, status_label};
use super::effect::Effect;
use crate::catalogue::fold::inert;
use crate::domain::{Need, Offer, Organisation};
use crate::i18n::{ConsoleStrings, Lang};
use crate::store::{MatchView, NeedFilter, Store, StoreError};
use ratatui::layout::Constraint;

/// Rows fetched from the database per list window (a list never holds more).
pub const WINDOW: usize = 100;

/// What a list shows: its filter text and its order (an index into [`orders`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListQuery {
    pub text: Option<String>,
    pub order: usize,
    /// The Matches desk's organisation, status and waiting filters (other lists: none).
    pub desk: super::desk::DeskScope,
    /// Needs only: the "still needed?" list (registry review).
    pub stale: bool,
}

/// The database orders a list offers (over the whole list), as the words shown for them.
pub fn orders(tab: Tab) -> &'static [fn(&ConsoleStrings) -> &'static str] {
    match tab {
        Tab::Needs => &[|c| c.sort_db, |c| c.sort_urgent],
        Tab::Orgs => &[|c| c.sort_name],
        _ => &[|c| c.sort_db],
    }
}

/// A row of one of the list tabs.
#[derive(Debug, Clone)]
pub enum Row {
    Offer(Offer),
    Need(Need),
    Org(Organisation),
    Match(Box<MatchView>),
}

/// A column: its title and its width.
pub struct Column {
    pub title: &'static str,
    pub width: Constraint,
}

fn col(title: &'static str, width: Constraint) -> Column {
    Column { title, width }
}

/// The columns of a list tab.
pub fn columns(tab: Tab, c: &ConsoleStrings) -> Vec<Column> {
    use Constraint::{Length, Percentage};
    match tab {
        Tab::Offers => vec![
            col(c.col_ref, Length(9)),
            col(c.col_donor, Percentage(18)),
            col(c.col_item, Percentage(28)),
            col(c.col_quantity, Length(10)),
            col(c.f_condition, Length(8)),
            col(c.col_place, Percentage(20)),
            col(c.col_status, Length(10)),
        ],
        Tab::Needs => vec![
            col(c.col_ref, Length(9)),
            col(c.col_partner_ref, Length(12)),
            col(c.col_org, Percentage(22)),
            col(c.col_item, Percentage(26)),
            col(c.col_place, Percentage(18)),
            col(c.col_urgency, Length(9)),
            col(c.col_open, Length(11)),
        ],
        Tab::Orgs => vec![
            col(c.col_ref, Length(7)),
            col(c.col_name, Percentage(36)),
            col(c.col_kind, Length(14)),
            col(c.col_place, Percentage(22)),
            col(c.col_contact, Percentage(22)),
        ],
        _ => super::desk::view::columns(c),
    }
}

impl Row {
    /// The cells shown in the table, already inert, one per [`columns`].
    pub fn cells(&self, lang: Lang, today: chrono::NaiveDate) -> Vec<String> {
        let s = lang.strings();
        let c = &s.console;
        let opt = |o: &Option<String>| o.as_deref().map(inert).unwrap_or_else(|| "—".into());
        match self {
            Row::Offer(o) => vec![
                o.short_ref().to_string(),
                opt(&o.donor_name),
                inert(&o.item),
                lang.quantity(o.tally.total, o.unit),
                condition_label(o.condition, s).to_string(),
                opt(&o.location.text),
                status_label(o.status(today).as_str(), c),
            ],
            Row::Need(n) => vec![
                n.short_ref().to_string(),
                opt(&n.partner_ref),
                inert(&n.organisation),
                inert(&n.item),
                opt(&n.location.text),
                s.urgency[n.urgency.rank() as usize].to_string(),
                lang.fraction(n.tally.open(), n.tally.total, n.unit),
            ],
            Row::Org(o) => vec![
                o.short_ref().to_string(),
                inert(&o.name),
                o.kind.as_str().to_string(),
                opt(&o.location.text),
                opt(&o.contact),
            ],
            // Not drawn: the Matches tab's rows are `desk::view::cells` (its columns, with the
            // age from the clock's now). These are the plain cells, for other uses.
            Row::Match(m) => vec![
                m.matched.short_ref().to_string(),
                status_label(m.matched.status.as_str(), c),
                lang.quantity(m.matched.quantity, m.offer.unit),
                inert(&m.offer.item),
                m.need.short_ref().to_string(),
                opt(&m.need.partner_ref),
                inert(&m.need.organisation),
            ],
        }
    }

    pub fn id(&self) -> i64 {
        match self {
            Row::Offer(o) => o.id,
            Row::Need(n) => n.id,
            Row::Org(o) => o.id,
            Row::Match(m) => m.matched.id,
        }
    }
}

/// One page of a list as its query asks (the worker runs this).
pub fn fetch(
    store: &Store,
    tab: Tab,
    q: &ListQuery,
    start: usize,
    limit: usize,
) -> Result<Vec<Row>, StoreError> {
    let text = q.text.clone();
    Ok(match tab {
        Tab::Offers => store
            .list_offers(None, text.as_deref(), start, limit)?
            .into_iter()
            .map(Row::Offer)
            .collect(),
        Tab::Needs => store
            .list_needs(&need_filter(q), start, limit)?
            .into_iter()
            .map(Row::Need)
            .collect(),
        Tab::Orgs => store
            .list_organisations(text.as_deref(), start, limit)?
            .into_iter()
            .map(Row::Org)
            .collect(),
        Tab::Matches => store
            .match_views(&super::desk::match_filter(q), start, limit)?
            .into_iter()
            .map(|v| Row::Match(Box::new(v)))
            .collect(),
        Tab::Call | Tab::Dashboard => Vec::new(),
    })
}

/// How many rows the list holds under its query (the same WHERE as [`fetch`]).
pub fn count(store: &Store, tab: Tab, q: &ListQuery) -> Result<usize, StoreError> {
    let text = q.text.clone();
    let n = match tab {
        Tab::Offers => store.count_offers(text.as_deref())?,
        Tab::Needs => store.count_needs(&need_filter(q))?,
        Tab::Orgs => store.count_organisations(text.as_deref())?,
        Tab::Matches => store.count_matches(&super::desk::match_filter(q))?,
        Tab::Call | Tab::Dashboard => 0,
    };
    Ok(n.max(0) as usize)
}

fn need_filter(q: &ListQuery) -> NeedFilter {
    NeedFilter {
        text: q.text.clone(),
        urgent_first: q.order == 1,
        stale: q.stale,
        ..NeedFilter::default()
    }
}

/// One list tab: a window of rows paged from the database, a selection, a filter and an order.
#[derive(Debug, Clone)]
pub struct ListState {
    pub tab: Tab,
    pub rows: Vec<Row>,
    /// The offset in the database of `rows[0]`.
    pub window_start: usize,
    /// The selected row (absolute).
    pub sel: usize,
    /// The row count under the current query, once counted.
    pub total: Option<usize>,
    /// The last window was short: there is nothing after it.
    pub exhausted: bool,
    pub filter: TextInput,
    pub editing: bool,
    /// An index into [`orders`].
    pub order: usize,
    /// Needs only: the "still needed?" list.
    pub stale: bool,
    /// The rows are those of the current query.
    pub loaded: bool,
    /// The window start asked for and not answered yet.
    pub loading: Option<usize>,
    pub error: Option<Failure>,
    /// The Matches desk's scope (organisation, status, waiting); unused by the other lists.
    pub desk: super::desk::DeskScope,
    /// Bumped whenever the query changes: answers to an older one are dropped.
    pub generation: u64,
    /// End was pressed before the count was known.
    end_pending: bool,
    counting: bool,
}

impl ListState {
    pub fn new(tab: Tab) -> ListState {
        ListState {
            tab,
            rows: Vec::new(),
            window_start: 0,
            sel: 0,
            total: None,
            exhausted: false,
            filter: TextInput::default(),
            editing: false,
            order: 0,
            stale: false,
            loaded: false,
            loading: None,
            error: None,
            desk: Default::default(),
            generation: 0,
            end_pending: false,
            counting: false,
        }
    }

    pub fn selected(&self) -> Option<&Row> {
        self.sel
            .checked_sub(self.window_start)
            .and_then(|i| self.rows.get(i))
    }

    pub fn query(&self) -> ListQuery {
        ListQuery {
            text: Some(self.filter.trimmed().to_string()).filter(|f| !f.is_empty()),
            order: self.order,
            desk: self.desk.clone(),
            stale: self.stale,
        }
    }

    /// Whether an answer is awaited (the loop then polls more often).
    pub fn waiting(&self) -> bool {
        self.loading.is_some() || self.counting
    }

    fn request(&mut self, start: usize, fx: &mut Vec<Effect>) {
        if self.loading == Some(start) {
            return;
        }
        self.loading = Some(start);
        fx.push(Effect::LoadPage {
            tab: self.tab,
            generation: self.generation,
            query: self.query(),
            start,
        });
    }

    fn request_count(&mut self, fx: &mut Vec<Effect>) {
        self.counting = true;
        fx.push(Effect::Count {
            tab: self.tab,
            generation: self.generation,
            query: self.query(),
        });
    }

    /// Read the list again under its (new) query, from the top.
    pub fn requery(&mut self, fx: &mut Vec<Effect>) {
        self.generation += 1;
        self.total = None;
        self.sel = 0;
        self.loading = None;
        self.loaded = false;
        self.end_pending = false;
        self.request(0, fx);
        self.request_count(fx);
    }

    /// Read the shown window and the count again (the data changed), keeping the selection.
    pub fn refresh(&mut self, fx: &mut Vec<Effect>) {
        self.generation += 1;
        self.loading = None;
        self.loaded = false;
        let start = self.window_start;
        self.request(start, fx);
        self.request_count(fx);
    }

    /// Move the selection to `to` (clamped to what is known), asking for its window if needed.
    pub fn select(&mut self, to: usize, fx: &mut Vec<Effect>) {
        let mut to = to;
        if let Some(t) = self.total {
            to = to.min(t.saturating_sub(1));
        }
        if self.loaded && self.exhausted {
            to = to.min((self.window_start + self.rows.len()).saturating_sub(1));
        }
        self.sel = to;
        let start = (to / WINDOW) * WINDOW;
        if !self.loaded || start != self.window_start {
            self.request(start, fx);
        }
    }

    /// An answer from the worker for this list.
    pub fn answer(&mut self, action: Action, fx: &mut Vec<Effect>) {
        match action {
            Action::PageLoaded {
                generation,
                start,
                rows,
                ..
            } => {
                if generation != self.generation || self.loading != Some(start) {
                    return; // an older query or window: the operator moved on
                }
                self.loading = None;
                match rows {
                    Ok(rows) => {
                        if rows.is_empty() && start > 0 {
                            // Past the end (rows went away): the window before.
                            self.total = Some(start);
                            self.loaded = false;
                            self.window_start = start;
                            return self.select(start - 1, fx);
                        }
                        self.exhausted = rows.len() < WINDOW;
                        if self.exhausted {
                            self.total = Some(start + rows.len());
                        }
                        self.rows = rows;
                        self.window_start = start;
                        self.loaded = true;
                        self.error = None;
                        let last = (start + self.rows.len()).saturating_sub(1);
                        self.sel = self.sel.clamp(start, last.max(start));
                        // The selection may have moved on while this window was read.
                        let want = self.sel;
                        self.select(want, fx);
                    }
                    Err(e) => {
                        self.error = Some(e);
                        self.loaded = true;
                    }
                }
            }
            Action::Counted {
                generation, total, ..
            } => {
                if generation != self.generation {
                    return;
                }
                self.counting = false;
                match total {
                    Ok(n) => {
                        self.total = Some(n);
                        if std::mem::take(&mut self.end_pending) {
                            self.select(n.saturating_sub(1), fx);
                        } else if self.sel >= n && n > 0 {
                            self.select(n - 1, fx);
                        }
                    }
                    Err(e) => self.error = Some(e),
                }
            }
            _ => {}
        }
    }

    /// A key (or typed text) on this list.
    pub fn update(&mut self, action: Action, page: usize, fx: &mut Vec<Effect>) {
        let sel = self.sel;
        let editing = self.editing;
        match action {
            Action::Up => self.select(sel.saturating_sub(1), fx),
            Action::Down => self.select(sel + 1, fx),
            Action::PageUp => self.select(sel.saturating_sub(page), fx),
            Action::PageDown => self.select(sel + page, fx),
            Action::Home => self.select(0, fx),
            Action::End => match self.total {
                Some(t) => self.select(t.saturating_sub(1), fx),
                None => {
                    self.end_pending = true;
                    if !self.counting {
                        self.request_count(fx);
                    }
                }
            },
            Action::Filter => self.editing = true,
            Action::Char(c) if editing => {
                self.filter.insert(c);
                self.requery(fx);
            }
            Action::Paste(s) if editing => {
                let (text, _) = super::app::clean_paste(&s, super::limits::FILTER);
                let room = super::limits::FILTER.saturating_sub(self.filter.len());
                self.filter
                    .insert_str(&text.chars().take(room).collect::<String>());
                self.requery(fx);
            }
            Action::Backspace if editing && self.filter.backspace() => self.requery(fx),
            Action::Left if editing => self.filter.left(),
            Action::Right if editing => self.filter.right(),
            Action::Submit if editing => self.editing = false,
            Action::Cancel => {
                self.editing = false;
                if !self.filter.text.is_empty() {
                    self.filter = TextInput::default();
                    self.requery(fx);
                }
            }
            Action::Sort => {
                let n = orders(self.tab).len();
                if n < 2 {
                    return; // one order only: nothing to change
                }
                self.order = (self.order + 1) % n;
                self.requery(fx);
            }
            _ => {}
        }
    }
}
