//! The console's state and `update`, the one place it changes. Views only read it.

use super::action::Action;
use super::keymap::{self, Binding, Ctx};
use super::worker::{Request, Worker};
use crate::catalogue::fold::{fold, inert};
use crate::catalogue::{Catalogue, Classification, Gazetteer};
use crate::domain::{
    CallOutcome, Clock, Condition, Location, Need, Offer, Organisation, Phone, Ref, RefKind, Unit,
};
use crate::i18n::{ConsoleStrings, Lang, Strings, fill};
use crate::matching::{Candidate, OfferQuery};
use crate::store::{CallRecord, DonorView, MatchView, NeedFilter, NewCall, NewOffer, Stats, Store};
use chrono::{DateTime, FixedOffset, NaiveTime, Utc};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Instant;

/// Rows fetched from the database per list window (a list never holds more).
pub const WINDOW: usize = 100;
/// Suggested needs shown beside the form.
pub const CANDIDATES: usize = 8;
/// The smallest terminal the console draws in.
pub const MIN_SIZE: (u16, u16) = (80, 24);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Call,
    Offers,
    Needs,
    Matches,
    Orgs,
    Dashboard,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Call,
        Tab::Offers,
        Tab::Needs,
        Tab::Matches,
        Tab::Orgs,
        Tab::Dashboard,
    ];
    pub fn title(self, c: &ConsoleStrings) -> &'static str {
        match self {
            Tab::Call => c.tab_call,
            Tab::Offers => c.tab_offers,
            Tab::Needs => c.tab_needs,
            Tab::Matches => c.tab_matches,
            Tab::Orgs => c.tab_orgs,
            Tab::Dashboard => c.tab_dashboard,
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Tab::Call => "F2",
            Tab::Offers => "F3",
            Tab::Needs => "F4",
            Tab::Matches => "F5",
            Tab::Orgs => "F6",
            Tab::Dashboard => "F7",
        }
    }
    fn list_index(self) -> Option<usize> {
        match self {
            Tab::Offers => Some(0),
            Tab::Needs => Some(1),
            Tab::Matches => Some(2),
            Tab::Orgs => Some(3),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Phone,
    Name,
    Item,
    Quantity,
    Unit,
    Condition,
    Location,
    Notes,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Phone,
        Field::Name,
        Field::Item,
        Field::Quantity,
        Field::Unit,
        Field::Condition,
        Field::Location,
        Field::Notes,
    ];
    fn index(self) -> usize {
        Field::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }
    pub fn next(self) -> Field {
        Field::ALL[(self.index() + 1).min(Field::ALL.len() - 1)]
    }
    pub fn prev(self) -> Field {
        Field::ALL[self.index().saturating_sub(1)]
    }
    pub fn label(self, c: &ConsoleStrings) -> &'static str {
        match self {
            Field::Phone => c.f_phone,
            Field::Name => c.f_name,
            Field::Item => c.f_item,
            Field::Quantity => c.f_quantity,
            Field::Unit => c.f_unit,
            Field::Condition => c.f_condition,
            Field::Location => c.f_location,
            Field::Notes => c.f_notes,
        }
    }
    /// Fields whose change changes the suggested needs.
    fn affects_matches(self) -> bool {
        matches!(
            self,
            Field::Item | Field::Quantity | Field::Unit | Field::Condition | Field::Location
        )
    }
}

/// One line of editable text with a cursor (in characters).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextInput {
    pub text: String,
    pub cursor: usize,
}

impl TextInput {
    pub fn new(text: &str) -> TextInput {
        TextInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }
    fn byte(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map(|(i, _)| i)
            .unwrap_or(self.text.len())
    }
    pub fn insert(&mut self, c: char) {
        let at = self.byte(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }
    pub fn insert_str(&mut self, s: &str) {
        for c in s.chars() {
            self.insert(c);
        }
    }
    pub fn backspace(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        self.cursor -= 1;
        let at = self.byte(self.cursor);
        self.text.remove(at);
        true
    }
    pub fn delete(&mut self) -> bool {
        if self.cursor >= self.text.chars().count() {
            return false;
        }
        let at = self.byte(self.cursor);
        self.text.remove(at);
        true
    }
    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }
    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }
    pub fn home(&mut self) {
        self.cursor = 0;
    }
    pub fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }
    pub fn set(&mut self, text: &str) {
        *self = TextInput::new(text);
    }
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }
}

/// The form as it is kept in the drafts table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DraftData {
    pub phone: String,
    pub name: String,
    pub item: String,
    pub category: Option<String>,
    pub quantity: String,
    pub unit: Option<String>,
    pub unit_touched: bool,
    pub condition: String,
    pub location: String,
    pub place_code: Option<String>,
    pub notes: String,
}

/// The call form.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub phone: TextInput,
    pub name: TextInput,
    pub item: TextInput,
    pub quantity: TextInput,
    pub location: TextInput,
    pub notes: TextInput,
    pub unit: Unit,
    pub unit_touched: bool,
    pub condition: Condition,
    /// Chosen from the item suggestions (else the item text is classified).
    pub category: Option<String>,
    /// Chosen from the place suggestions (else the text is resolved).
    pub place_code: Option<String>,
    pub focus: Field,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            phone: TextInput::default(),
            name: TextInput::default(),
            item: TextInput::default(),
            quantity: TextInput::default(),
            location: TextInput::default(),
            notes: TextInput::default(),
            unit: Unit::Pcs,
            unit_touched: false,
            condition: Condition::Good,
            category: None,
            place_code: None,
            focus: Field::Phone,
        }
    }
}

impl Form {
    pub fn is_empty(&self) -> bool {
        [
            &self.phone,
            &self.name,
            &self.item,
            &self.quantity,
            &self.location,
            &self.notes,
        ]
        .iter()
        .all(|t| t.is_empty())
    }

    pub fn input(&self, f: Field) -> Option<&TextInput> {
        match f {
            Field::Phone => Some(&self.phone),
            Field::Name => Some(&self.name),
            Field::Item => Some(&self.item),
            Field::Quantity => Some(&self.quantity),
            Field::Location => Some(&self.location),
            Field::Notes => Some(&self.notes),
            Field::Unit | Field::Condition => None,
        }
    }

    fn input_mut(&mut self, f: Field) -> Option<&mut TextInput> {
        match f {
            Field::Phone => Some(&mut self.phone),
            Field::Name => Some(&mut self.name),
            Field::Item => Some(&mut self.item),
            Field::Quantity => Some(&mut self.quantity),
            Field::Location => Some(&mut self.location),
            Field::Notes => Some(&mut self.notes),
            Field::Unit | Field::Condition => None,
        }
    }

    pub fn to_draft(&self) -> DraftData {
        DraftData {
            phone: self.phone.text.clone(),
            name: self.name.text.clone(),
            item: self.item.text.clone(),
            category: self.category.clone(),
            quantity: self.quantity.text.clone(),
            unit: Some(self.unit.code().to_string()),
            unit_touched: self.unit_touched,
            condition: self.condition.as_str().to_string(),
            location: self.location.text.clone(),
            place_code: self.place_code.clone(),
            notes: self.notes.text.clone(),
        }
    }

    pub fn from_draft(d: &DraftData) -> Form {
        let mut f = Form {
            phone: TextInput::new(&d.phone),
            name: TextInput::new(&d.name),
            item: TextInput::new(&d.item),
            quantity: TextInput::new(&d.quantity),
            location: TextInput::new(&d.location),
            notes: TextInput::new(&d.notes),
            unit: d.unit.as_deref().and_then(Unit::parse).unwrap_or(Unit::Pcs),
            unit_touched: d.unit_touched,
            condition: d.condition.parse().unwrap_or(Condition::Good),
            category: d.category.clone(),
            place_code: d.place_code.clone(),
            focus: Field::Phone,
        };
        f.focus = Field::ALL
            .into_iter()
            .find(|x| f.input(*x).is_some_and(|t| t.is_empty()))
            .unwrap_or(Field::Notes);
        f
    }

    /// The location: the chosen place, else the typed text if it resolves, else text only.
    pub fn location(&self) -> Location {
        let text = self.location.trimmed();
        if text.is_empty() {
            return Location::default();
        }
        let gaz = Gazetteer::builtin();
        if let Some(place) = self.place_code.as_deref().and_then(|c| gaz.get(c)) {
            return crate::store::location_of(place, Some(text.to_string()));
        }
        crate::store::resolve_location(Some(text)).unwrap_or_else(|_| Location {
            text: Some(text.to_string()),
            ..Location::default()
        })
    }

    /// Typed quantity; `None` if not a positive whole number.
    pub fn quantity(&self) -> Option<i64> {
        self.quantity
            .trimmed()
            .parse::<i64>()
            .ok()
            .filter(|q| *q > 0)
    }

    /// What the suggestions are computed for, if an item is typed.
    pub fn query(&self) -> Option<OfferQuery> {
        if self.item.is_empty() {
            return None;
        }
        Some(OfferQuery {
            item: self.item.trimmed().to_string(),
            category: self.category.clone(),
            quantity: self.quantity().unwrap_or(1),
            unit: Some(self.unit),
            condition: self.condition,
            location: self.location(),
        })
    }

    /// The category the item resolves to (chosen or classified).
    pub fn resolved_category(&self) -> Option<String> {
        self.category.clone().or_else(|| {
            Catalogue::builtin()
                .classify(self.item.trimmed())
                .map(|c| c.category)
        })
    }
}

/// What the phone lookup found.
#[derive(Debug, Clone)]
pub enum Lookup {
    NotYet,
    Known(Box<DonorView>),
    New,
    Invalid,
}

/// An autocomplete entry under the form.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub label: String,
    pub value: String,
    pub code: String,
}

/// The call in progress.
#[derive(Debug, Clone)]
pub struct CallState {
    pub form: Form,
    pub started_at: DateTime<Utc>,
    pub lookup: Lookup,
    pub saved: Option<Offer>,
    pub on_matches: bool,
    pub candidates: Vec<Candidate<Need>>,
    pub cand_sel: usize,
    pub searching: bool,
    pub popup: Vec<Suggestion>,
    pub popup_sel: Option<usize>,
    pub callbacks: Vec<CallRecord>,
    /// Matches proposed during this call: (match ref, quantity, need ref).
    pub proposed: Vec<String>,
}

impl CallState {
    fn new(now: DateTime<Utc>) -> CallState {
        CallState {
            form: Form::default(),
            started_at: now,
            lookup: Lookup::NotYet,
            saved: None,
            on_matches: false,
            candidates: Vec::new(),
            cand_sel: 0,
            searching: false,
            popup: Vec::new(),
            popup_sel: None,
            callbacks: Vec::new(),
            proposed: Vec::new(),
        }
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

impl Row {
    /// The cells shown in the table, already inert.
    pub fn cells(&self, lang: Lang, today: chrono::NaiveDate) -> Vec<String> {
        let s = lang.strings();
        let c = &s.console;
        match self {
            Row::Offer(o) => vec![
                o.short_ref().to_string(),
                inert(o.donor_name.as_deref().unwrap_or("—")),
                inert(&o.item),
                format!("{} {}", o.tally.total, unit_label(o.unit, lang)),
                condition_label(o.condition, s).to_string(),
                inert(o.location.text.as_deref().unwrap_or("—")),
                status_label(o.status(today).as_str(), c),
            ],
            Row::Need(n) => vec![
                inert(&n.display_ref()),
                inert(&n.organisation),
                inert(&n.item),
                inert(n.location.text.as_deref().unwrap_or("—")),
                s.urgency[n.urgency.rank() as usize].to_string(),
                format!(
                    "{}/{} {}",
                    n.tally.open(),
                    n.tally.total,
                    unit_label(n.unit, lang)
                ),
            ],
            Row::Org(o) => vec![
                o.short_ref().to_string(),
                inert(&o.name),
                o.kind.as_str().to_string(),
                inert(o.location.text.as_deref().unwrap_or("—")),
                inert(o.contact.as_deref().unwrap_or("—")),
            ],
            Row::Match(m) => vec![
                m.matched.short_ref().to_string(),
                status_label(m.matched.status.as_str(), c),
                format!("{} {}", m.matched.quantity, unit_label(m.need.unit, lang)),
                inert(&m.offer.item),
                inert(&m.need.display_ref()),
                inert(&m.need.organisation),
            ],
        }
    }
    fn id(&self) -> i64 {
        match self {
            Row::Offer(o) => o.id,
            Row::Need(n) => n.id,
            Row::Org(o) => o.id,
            Row::Match(m) => m.matched.id,
        }
    }
}

pub fn unit_label(unit: Unit, lang: Lang) -> &'static str {
    match lang {
        Lang::Uk => unit.label_uk(),
        Lang::En => unit.code(),
    }
}

pub fn condition_label(c: Condition, s: &Strings) -> &'static str {
    match c {
        Condition::New => s.condition_new,
        Condition::Good => s.condition_good,
        Condition::Used => s.condition_used,
    }
}

pub fn status_label(status: &str, c: &ConsoleStrings) -> String {
    c.statuses
        .iter()
        .find(|(k, _)| *k == status)
        .map(|(_, v)| v.to_string())
        .unwrap_or_else(|| status.replace('_', " "))
}

/// The column titles of a list tab.
pub fn columns(tab: Tab, c: &ConsoleStrings) -> Vec<&'static str> {
    match tab {
        Tab::Offers => vec![
            c.col_ref,
            c.col_donor,
            c.col_item,
            c.col_quantity,
            c.f_condition,
            c.col_place,
            c.col_status,
        ],
        Tab::Needs => vec![
            c.col_ref,
            c.col_org,
            c.col_item,
            c.col_place,
            c.col_urgency,
            c.col_open,
        ],
        Tab::Orgs => vec![
            c.col_ref,
            c.col_name,
            c.col_kind,
            c.col_place,
            c.col_contact,
        ],
        Tab::Matches => vec![
            c.col_ref,
            c.col_status,
            c.col_quantity,
            c.col_item,
            c.col_need,
            c.col_org,
        ],
        _ => vec![],
    }
}

/// One list tab: a window of rows paged from the database, a selection, a filter and a sort.
#[derive(Debug, Clone)]
pub struct ListState {
    pub tab: Tab,
    pub rows: Vec<Row>,
    /// The offset in the database of `rows[0]`.
    pub window_start: usize,
    /// The selected row (absolute).
    pub sel: usize,
    /// Known row count (computed for End).
    pub total: Option<usize>,
    /// The last window was short: there is nothing after it.
    pub exhausted: bool,
    pub filter: TextInput,
    pub editing: bool,
    /// 0: database order; n: by column n-1 (within the loaded window).
    pub sort: usize,
    pub loaded: bool,
    pub error: Option<String>,
}

impl ListState {
    fn new(tab: Tab) -> ListState {
        ListState {
            tab,
            rows: Vec::new(),
            window_start: 0,
            sel: 0,
            total: None,
            exhausted: false,
            filter: TextInput::default(),
            editing: false,
            sort: 0,
            loaded: false,
            error: None,
        }
    }
    pub fn selected(&self) -> Option<&Row> {
        self.sel
            .checked_sub(self.window_start)
            .and_then(|i| self.rows.get(i))
    }
}

/// Dialogs over the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help { scroll: u16 },
    ConfirmQuit,
    RestoreDraft(Box<DraftData>, DateTime<Utc>),
    Outcome,
    CallbackTime(TextInput),
    EditQuantity(TextInput),
}

impl Overlay {
    fn takes_text(&self) -> bool {
        matches!(self, Overlay::CallbackTime(_) | Overlay::EditQuantity(_))
    }
}

/// A line for the operator at the bottom: information or an error.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

pub struct App {
    pub store: Store,
    pub lang: Lang,
    pub clock: Arc<dyn Clock>,
    /// The operator's time zone for the clock and callback times.
    pub tz: FixedOffset,
    pub keymap: Vec<Binding>,
    pub tab: Tab,
    pub overlay: Option<Overlay>,
    pub call: CallState,
    pub lists: Vec<ListState>,
    pub stats: Option<Stats>,
    pub calls_today: i64,
    pub recent_calls: Vec<CallRecord>,
    pub message: Option<Message>,
    pub size: (u16, u16),
    pub quit: bool,
    pub db_label: String,
    worker: Option<Worker>,
    seq: u64,
    requested_at: Option<Instant>,
    /// Keystroke-to-suggestions time of the last answer (for the timing log).
    pub last_latency: Option<std::time::Duration>,
    data_version: i64,
    draft_dirty: bool,
    ticks: u64,
}

impl App {
    /// The console over `store`; suggestions are computed in place until a worker is attached.
    /// Offers back a kept draft if there is one.
    pub fn new(store: Store, lang: Lang, clock: Arc<dyn Clock>, tz: FixedOffset) -> App {
        let now = clock.now();
        let db_label = store
            .path()
            .and_then(|p| p.file_name())
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_else(|| ":memory:".into());
        let data_version = store.data_version().unwrap_or(0);
        let mut app = App {
            store,
            lang,
            clock,
            tz,
            keymap: keymap::default_keymap(),
            tab: Tab::Call,
            overlay: None,
            call: CallState::new(now),
            lists: [Tab::Offers, Tab::Needs, Tab::Matches, Tab::Orgs]
                .into_iter()
                .map(ListState::new)
                .collect(),
            stats: None,
            calls_today: 0,
            recent_calls: Vec::new(),
            message: None,
            size: MIN_SIZE,
            quit: false,
            db_label,
            worker: None,
            seq: 0,
            requested_at: None,
            last_latency: None,
            data_version,
            draft_dirty: false,
            ticks: 0,
        };
        app.load_callbacks();
        match app.store.draft() {
            Ok(Some(d)) => {
                if let Ok(data) = serde_json::from_str::<DraftData>(&d.json) {
                    app.overlay = Some(Overlay::RestoreDraft(Box::new(data), d.updated_at));
                }
            }
            Ok(None) => {}
            Err(e) => app.error(e.to_string()),
        }
        app
    }

    /// Compute suggestions and statistics on this worker instead of in place.
    pub fn with_worker(mut self, worker: Worker) -> App {
        self.worker = Some(worker);
        self
    }

    pub fn strings(&self) -> &'static Strings {
        self.lang.strings()
    }

    pub fn c(&self) -> &'static ConsoleStrings {
        &self.lang.strings().console
    }

    pub fn list(&self, tab: Tab) -> Option<&ListState> {
        tab.list_index().map(|i| &self.lists[i])
    }

    fn list_mut(&mut self, tab: Tab) -> Option<&mut ListState> {
        tab.list_index().map(move |i| &mut self.lists[i])
    }

    /// Whether an answer from the worker is awaited (the loop then polls more often).
    pub fn waiting(&self) -> bool {
        self.call.searching
    }

    /// The entry in progress that is not saved yet.
    pub fn unsaved(&self) -> bool {
        self.call.saved.is_none() && !self.call.form.is_empty()
    }

    fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    /// The contexts a key is looked up in, in order.
    pub fn contexts(&self) -> Vec<Ctx> {
        match self.overlay {
            Some(Overlay::Help { .. }) => return vec![Ctx::Help],
            Some(_) => return vec![Ctx::Dialog],
            None => {}
        }
        let focus = match self.tab {
            Tab::Call if self.call.on_matches => Some(Ctx::Candidates),
            Tab::Call => Some(Ctx::Form),
            Tab::Dashboard => None,
            t => match self.list(t) {
                Some(l) if l.editing => Some(Ctx::Filter),
                _ => Some(Ctx::List),
            },
        };
        focus.into_iter().chain([Ctx::Global]).collect()
    }

    /// What a key means here (pure: the key handler does not change state).
    pub fn key_action(&self, key: &KeyEvent) -> Option<Action> {
        if key.kind == KeyEventKind::Release {
            return None;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('c') {
            return Some(Action::Interrupt);
        }
        if let Some(ov) = &self.overlay
            && ov.takes_text()
        {
            match key.code {
                KeyCode::Char(c) if !ctrl => return Some(Action::Char(c)),
                KeyCode::Backspace => return Some(Action::Backspace),
                _ => {}
            }
        }
        let ctxs = self.contexts();
        if let Some(a) = keymap::lookup(&self.keymap, &ctxs, key) {
            return Some(a);
        }
        match key.code {
            KeyCode::Char(c)
                if !ctrl
                    && !key.modifiers.contains(KeyModifiers::ALT)
                    && matches!(ctxs.first(), Some(Ctx::Form | Ctx::Filter)) =>
            {
                Some(Action::Char(c))
            }
            _ => None,
        }
    }

    /// A key from the terminal: map it and apply it.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if let Some(a) = self.key_action(&key) {
            update(self, a);
        }
    }

    /// Keep the entry in progress in the drafts table if it changed (called by the loop after
    /// each batch of input, and before leaving).
    pub fn flush_draft(&mut self) {
        if !self.draft_dirty {
            return;
        }
        self.draft_dirty = false;
        let result = if self.unsaved() {
            match serde_json::to_string(&self.call.form.to_draft()) {
                Ok(json) => self.store.save_draft(&json),
                Err(_) => Ok(()),
            }
        } else {
            self.store.delete_draft()
        };
        if let Err(e) = result {
            self.error(fill(self.c().draft_failed, &[&e]));
        }
    }

    /// Save the draft now, whatever changed (signals, Ctrl-C).
    pub fn keep_draft(&mut self) {
        self.draft_dirty = true;
        self.flush_draft();
    }

    /// Take the worker's answers that arrived.
    pub fn poll_worker(&mut self) {
        let answers: Vec<Action> = match &self.worker {
            Some(w) => w.try_iter().collect(),
            None => return,
        };
        for a in answers {
            update(self, a);
        }
    }

    fn load_callbacks(&mut self) {
        match self.store.due_callbacks(self.clock.now(), 20) {
            Ok(list) => self.call.callbacks = list,
            Err(e) => self.error(e.to_string()),
        }
    }

    fn now_local(&self) -> DateTime<FixedOffset> {
        self.clock.now().with_timezone(&self.tz)
    }

    pub fn local_time(&self, t: DateTime<Utc>) -> String {
        let l = t.with_timezone(&self.tz);
        if l.date_naive() == self.now_local().date_naive() {
            l.format("%H:%M").to_string()
        } else {
            l.format("%d.%m %H:%M").to_string()
        }
    }

    pub fn clock_text(&self) -> String {
        self.now_local().format("%Y-%m-%d %H:%M").to_string()
    }

    /// Rows of a list that fit on the screen (depends on the terminal size).
    pub fn page_rows(&self) -> usize {
        let body = self.size.1.max(MIN_SIZE.1) as usize - 3;
        body.saturating_sub(DETAIL_ROWS + 4).max(1)
    }

    // ---- suggestions ----

    fn request_suggestions(&mut self) {
        let query = match &self.call.saved {
            Some(o) => Some(OfferQuery::from_offer(o)),
            None => self.call.form.query(),
        };
        self.seq += 1;
        let Some(query) = query else {
            self.call.candidates.clear();
            self.call.searching = false;
            return;
        };
        match &self.worker {
            Some(w) => {
                self.requested_at = Some(Instant::now());
                self.call.searching = true;
                w.send(Request::Suggest {
                    seq: self.seq,
                    query: Box::new(query),
                    limit: CANDIDATES,
                });
            }
            None => {
                let result = self
                    .store
                    .suggest_needs(&query, CANDIDATES)
                    .map_err(|e| e.to_string());
                let seq = self.seq;
                update(self, Action::Suggestions(seq, result));
            }
        }
    }

    fn request_stats(&mut self) {
        match &self.worker {
            Some(w) => w.send(Request::Stats),
            None => {
                let r = self.store.stats().map_err(|e| e.to_string());
                self.stats = r.ok();
            }
        }
        let midnight = self
            .now_local()
            .date_naive()
            .and_time(NaiveTime::MIN)
            .and_local_timezone(self.tz)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| self.clock.now());
        self.calls_today = self.store.count_calls_since(midnight).unwrap_or(0);
        self.recent_calls = self.store.list_calls(0, 8).unwrap_or_default();
    }

    // ---- the form ----

    fn form_changed(&mut self, field: Field) {
        self.draft_dirty = true;
        let form = &mut self.call.form;
        match field {
            Field::Item => {
                form.category = None;
                let text = form.item.trimmed().to_string();
                self.call.popup = Catalogue::builtin()
                    .suggest(&text, 5)
                    .into_iter()
                    .map(|c| item_suggestion(&c, self.lang))
                    .collect();
                self.call.popup_sel = None;
                self.auto_unit();
            }
            Field::Location => {
                form.place_code = None;
                let gaz = Gazetteer::builtin();
                let text = form.location.trimmed().to_string();
                self.call.popup = if text.chars().count() >= 2 {
                    gaz.suggest(&text, 5)
                        .into_iter()
                        .map(|p| Suggestion {
                            label: inert(&gaz.display(p)),
                            value: p.name.clone(),
                            code: p.code.clone(),
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                self.call.popup_sel = None;
            }
            _ => {}
        }
        if field.affects_matches() {
            self.request_suggestions();
        }
    }

    fn auto_unit(&mut self) {
        if self.call.form.unit_touched {
            return;
        }
        let cat = Catalogue::builtin();
        self.call.form.unit = self
            .call
            .form
            .resolved_category()
            .and_then(|c| cat.get(&c).map(|c| c.unit))
            .unwrap_or(Unit::Pcs);
    }

    fn set_focus(&mut self, f: Field) {
        if self.call.form.focus == Field::Phone && f != Field::Phone {
            self.lookup_phone();
        }
        self.call.form.focus = f;
        self.call.popup.clear();
        self.call.popup_sel = None;
    }

    fn lookup_phone(&mut self) {
        let text = self.call.form.phone.trimmed().to_string();
        if text.is_empty() {
            self.call.lookup = Lookup::NotYet;
            return;
        }
        let phone = match Phone::parse(&text) {
            Ok(p) => p,
            Err(_) => {
                self.call.lookup = Lookup::Invalid;
                self.error(self.c().phone_invalid);
                return;
            }
        };
        match self.store.donor_by_phone(&phone) {
            Ok(Some(_)) => match self.store.donor_view(&phone) {
                Ok(view) => {
                    let form = &mut self.call.form;
                    if form.name.is_empty()
                        && let Some(n) = &view.donor.name
                    {
                        form.name.set(&inert(n));
                    }
                    if form.location.is_empty()
                        && let Some(l) = &view.donor.location.text
                    {
                        form.location.set(&inert(l));
                        form.place_code = view.donor.location.code.clone();
                    }
                    self.call.lookup = Lookup::Known(Box::new(view));
                    self.draft_dirty = true;
                }
                Err(e) => self.error(e.to_string()),
            },
            Ok(None) => self.call.lookup = Lookup::New,
            Err(e) => self.error(e.to_string()),
        }
    }

    fn accept_popup(&mut self) -> bool {
        let Some(i) = self.call.popup_sel else {
            return false;
        };
        let Some(s) = self.call.popup.get(i).cloned() else {
            return false;
        };
        let focus = self.call.form.focus;
        let form = &mut self.call.form;
        match focus {
            Field::Item => {
                form.item.set(&s.value);
                form.category = Some(s.code);
                self.auto_unit();
            }
            Field::Location => {
                form.location.set(&s.value);
                form.place_code = Some(s.code);
            }
            _ => return false,
        }
        self.draft_dirty = true;
        self.call.popup.clear();
        self.call.popup_sel = None;
        self.request_suggestions();
        let next = focus.next();
        self.set_focus(next);
        true
    }

    fn save_offer(&mut self) {
        let c = self.c();
        let form = self.call.form.clone();
        let phone = match Phone::parse(form.phone.trimmed()) {
            Ok(p) => p,
            Err(_) => {
                self.call.form.focus = Field::Phone;
                return self.error(c.phone_invalid);
            }
        };
        if form.item.is_empty() {
            self.call.form.focus = Field::Item;
            return self.error(c.item_missing);
        }
        let Some(quantity) = form.quantity() else {
            self.call.form.focus = Field::Quantity;
            return self.error(c.quantity_invalid);
        };
        let offer = NewOffer {
            phone: phone.clone(),
            name: Some(form.name.trimmed().to_string()).filter(|n| !n.is_empty()),
            item: form.item.trimmed().to_string(),
            category: form.category.clone(),
            quantity,
            unit: Some(form.unit),
            condition: form.condition,
            location: form.location(),
            notes: Some(form.notes.trimmed().to_string()).filter(|n| !n.is_empty()),
            available_until: None,
        };
        match self.store.add_offer(&offer) {
            Ok(saved) => {
                let call = NewCall {
                    phone: Some(phone),
                    donor_id: Some(saved.donor_id),
                    offer_id: Some(saved.id),
                    outcome: CallOutcome::OfferLogged,
                    callback_at: None,
                    notes: None,
                    started_at: self.call.started_at,
                };
                if let Err(e) = self.store.log_call(&call) {
                    self.error(e.to_string());
                }
                tracing::info!(offer = saved.id, "offer logged from the console");
                self.info(fill(c.offer_saved, &[&saved.short_ref()]));
                self.call.saved = Some(saved);
                self.call.on_matches = true;
                self.call.cand_sel = 0;
                self.call.popup.clear();
                self.draft_dirty = true;
                self.request_suggestions();
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    fn propose(&mut self, quantity: Option<i64>) {
        let c = self.c();
        let Some(offer) = self.call.saved.clone() else {
            return self.error(c.save_first);
        };
        let Some(cand) = self.call.candidates.get(self.call.cand_sel).cloned() else {
            return;
        };
        let qty = quantity.unwrap_or(if cand.allocate > 0 {
            cand.allocate
        } else {
            offer.tally.open().min(cand.record.tally.open())
        });
        match self.store.propose(offer.id, cand.record.id, Some(qty)) {
            Ok(m) => {
                tracing::info!(
                    r#match = m.id,
                    quantity = qty,
                    "match proposed from the console"
                );
                let text = fill(
                    c.proposed_to,
                    &[
                        &m.short_ref(),
                        &format!("{qty} {}", unit_label(cand.record.unit, self.lang)),
                        &inert(&cand.record.display_ref()),
                        &inert(&cand.record.organisation),
                    ],
                );
                self.call.proposed.push(text.clone());
                self.info(text);
                if let Ok(o) = self.store.offer(offer.id) {
                    self.call.saved = Some(o);
                }
                self.request_suggestions();
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    fn end_call(&mut self, outcome: CallOutcome, callback_at: Option<DateTime<Utc>>) {
        let phone = Phone::parse(self.call.form.phone.trimmed()).ok();
        let donor_id = match &self.call.lookup {
            Lookup::Known(v) => Some(v.donor.id),
            _ => None,
        };
        let notes = Some(self.call.form.notes.trimmed().to_string()).filter(|n| !n.is_empty());
        let call = NewCall {
            phone,
            donor_id,
            offer_id: None,
            outcome,
            callback_at,
            notes,
            started_at: self.call.started_at,
        };
        match self.store.log_call(&call) {
            Ok(_) => {
                tracing::info!(outcome = outcome.as_str(), "call ended");
                self.reset_call();
                self.info(self.c().call_logged);
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    fn reset_call(&mut self) {
        self.call = CallState::new(self.clock.now());
        self.draft_dirty = true;
        self.seq += 1;
        self.load_callbacks();
        self.message = None;
    }

    fn next_call(&mut self) {
        if self.unsaved() && !self.call.form.phone.is_empty() {
            self.overlay = Some(Overlay::Outcome);
        } else {
            self.reset_call();
        }
    }

    fn take_callback(&mut self) {
        let Some(cb) = self.call.callbacks.first().cloned() else {
            return self.info(self.c().no_callbacks);
        };
        if self.unsaved() {
            return self.error(self.c().finish_call_first);
        }
        self.reset_call();
        self.call.form.phone.set(cb.phone.as_deref().unwrap_or(""));
        self.set_focus(Field::Name);
        self.draft_dirty = true;
    }

    /// "14:30" (today, or tomorrow if past), "+30" minutes, "+2h".
    pub fn parse_callback(&self, text: &str) -> Option<DateTime<Utc>> {
        let t = text.trim();
        let now = self.clock.now();
        if let Some(rest) = t.strip_prefix('+') {
            let (num, hours) = match rest.strip_suffix(['h', 'г']) {
                Some(n) => (n, true),
                None => (rest.trim_end_matches(['m', 'х']), false),
            };
            let n: i64 = num.trim().parse().ok().filter(|n| *n > 0)?;
            return Some(
                now + if hours {
                    chrono::Duration::hours(n)
                } else {
                    chrono::Duration::minutes(n)
                },
            );
        }
        // «14:30» on the call centre's wall clock (the configured zone), next occurrence.
        self.clock.parse_local_time(t)
    }

    // ---- lists ----

    fn load_window(&mut self, tab: Tab, start: usize) {
        let lang = self.lang;
        let today = self.clock.today();
        let Some(list) = tab.list_index().map(|i| self.lists[i].clone()) else {
            return;
        };
        let filter = Some(list.filter.trimmed().to_string()).filter(|f| !f.is_empty());
        let store = &self.store;
        let result: Result<Vec<Row>, String> = (|| {
            let e = |e: crate::store::StoreError| e.to_string();
            Ok(match tab {
                Tab::Offers => store
                    .list_offers(None, filter.as_deref(), start, WINDOW)
                    .map_err(e)?
                    .into_iter()
                    .map(Row::Offer)
                    .collect(),
                Tab::Needs => {
                    let f = NeedFilter {
                        text: filter.clone(),
                        urgent_first: list.sort == 1,
                        ..NeedFilter::default()
                    };
                    store
                        .list_needs(&f, start, WINDOW)
                        .map_err(e)?
                        .into_iter()
                        .map(Row::Need)
                        .collect()
                }
                Tab::Orgs => store
                    .list_organisations(filter.as_deref(), start, WINDOW)
                    .map_err(e)?
                    .into_iter()
                    .map(Row::Org)
                    .collect(),
                Tab::Matches => store
                    .list_match_views(None, None, start, WINDOW)
                    .map_err(e)?
                    .into_iter()
                    .map(|v| Row::Match(Box::new(v)))
                    .collect(),
                _ => Vec::new(),
            })
        })();
        let Some(list) = self.list_mut(tab) else {
            return;
        };
        list.loaded = true;
        match result {
            Ok(mut rows) => {
                list.exhausted = rows.len() < WINDOW;
                if let Some(f) = &filter {
                    rank_fuzzy(&mut rows, f, lang, today);
                }
                sort_rows(&mut rows, page_column(tab, list.sort), lang, today);
                list.rows = rows;
                list.window_start = start;
                list.error = None;
            }
            Err(e) => list.error = Some(e),
        }
    }

    /// Move a list's selection to `to` (clamped), loading the window it falls in.
    fn select(&mut self, tab: Tab, to: usize) {
        let Some(list) = self.list(tab) else { return };
        let mut to = to;
        if let Some(t) = list.total {
            to = to.min(t.saturating_sub(1));
        }
        let start = (to / WINDOW) * WINDOW;
        if start != list.window_start || !list.loaded {
            self.load_window(tab, start);
        }
        let Some(list) = self.list_mut(tab) else {
            return;
        };
        if list.rows.is_empty() && list.window_start > 0 {
            // Past the end: go back to the last window.
            let back = list.window_start - WINDOW;
            list.total = Some(back + WINDOW);
            self.load_window(tab, back);
            to = back + WINDOW - 1;
        }
        let Some(list) = self.list_mut(tab) else {
            return;
        };
        let last = list.window_start + list.rows.len().max(1) - 1;
        list.sel = to.min(last);
    }

    fn reload_list(&mut self, tab: Tab) {
        let Some(list) = self.list(tab) else { return };
        let (start, sel) = (list.window_start, list.sel);
        self.load_window(tab, start);
        self.select(tab, sel);
    }

    fn count(&self, tab: Tab) -> Option<usize> {
        let list = self.list(tab)?;
        let filter = Some(list.filter.trimmed().to_string()).filter(|f| !f.is_empty());
        let n = match tab {
            Tab::Needs => self.store.count_needs(&NeedFilter {
                text: filter,
                ..NeedFilter::default()
            }),
            Tab::Offers => self.store.count_offers(filter.as_deref()),
            Tab::Orgs => self.store.count_organisations(filter.as_deref()),
            Tab::Matches => self.store.count_matches(),
            _ => return None,
        };
        n.ok().map(|n| n.max(0) as usize)
    }

    fn on_tick(&mut self) {
        self.ticks += 1;
        if self.ticks.is_multiple_of(4) {
            self.load_callbacks();
        }
        let dv = match self.store.data_version() {
            Ok(v) => v,
            Err(_) => return,
        };
        if dv == self.data_version {
            return;
        }
        self.data_version = dv;
        self.load_callbacks();
        match self.tab {
            Tab::Call => {
                if let Lookup::Known(v) = &self.call.lookup
                    && let Some(p) = v.donor.phone.clone()
                    && let Ok(view) = self.store.donor_view(&p)
                {
                    self.call.lookup = Lookup::Known(Box::new(view));
                }
                if let Some(o) = &self.call.saved
                    && let Ok(o) = self.store.offer(o.id)
                {
                    self.call.saved = Some(o);
                }
                if self.call.saved.is_some() || !self.call.form.item.is_empty() {
                    self.request_suggestions();
                }
            }
            Tab::Dashboard => self.request_stats(),
            t => {
                if let Some(l) = self.list_mut(t) {
                    l.total = None;
                }
                self.reload_list(t);
            }
        }
        // Other tabs reload when shown.
        for l in &mut self.lists {
            if l.tab != self.tab {
                l.loaded = false;
            }
        }
    }
}

/// Rows of a detail pane under a list.
pub const DETAIL_ROWS: usize = 7;

fn item_suggestion(c: &Classification, lang: Lang) -> Suggestion {
    let cat = Catalogue::builtin();
    let name = cat
        .get(&c.category)
        .map(|k| match lang {
            Lang::Uk => k.name_uk.clone(),
            Lang::En => k.name_en.clone(),
        })
        .unwrap_or_default();
    Suggestion {
        label: format!("{} — {}", inert(&c.term), name),
        value: c.term.clone(),
        code: c.category.clone(),
    }
}

/// Re-rank a window by fuzzy similarity of its text to the filter (folded, any script).
fn rank_fuzzy(rows: &mut [Row], filter: &str, lang: Lang, today: chrono::NaiveDate) {
    let m = SkimMatcherV2::default();
    let q = fold(filter);
    let mut scored: Vec<(i64, usize)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let text = fold(&r.cells(lang, today).join(" "));
            (m.fuzzy_match(&text, &q).unwrap_or(0), i)
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let order: Vec<usize> = scored.into_iter().map(|(_, i)| i).collect();
    let copy: Vec<Row> = order.iter().map(|i| rows[*i].clone()).collect();
    rows.clone_from_slice(&copy);
}

/// Orders the database itself can give a list (the first is newest first); the sort modes
/// after them sort the loaded page by a column.
pub fn db_orders(tab: Tab) -> usize {
    match tab {
        Tab::Needs => 2,
        _ => 1,
    }
}

/// The column a sort mode sorts the page by, if it is a page sort.
pub fn page_column(tab: Tab, sort: usize) -> Option<usize> {
    sort.checked_sub(db_orders(tab))
}

fn sort_rows(rows: &mut [Row], column: Option<usize>, lang: Lang, today: chrono::NaiveDate) {
    let Some(col) = column else {
        return;
    };
    rows.sort_by(|a, b| {
        let (x, y) = (a.cells(lang, today), b.cells(lang, today));
        let (x, y) = (
            x.get(col).map(|s| fold(s)).unwrap_or_default(),
            y.get(col).map(|s| fold(s)).unwrap_or_default(),
        );
        natural(&x, &y).then(a.id().cmp(&b.id()))
    });
}

/// Compare leading numbers as numbers ("9 pcs" before "10 pcs"), else as text.
fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    let num = |s: &str| {
        let d: String = s
            .trim_start_matches(|c: char| !c.is_ascii_digit() && c != ' ')
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        d.parse::<i64>().ok()
    };
    match (num(a), num(b)) {
        (Some(x), Some(y)) if x != y => x.cmp(&y),
        _ => a.cmp(b),
    }
}

/// Apply one action. The only place the state changes.
pub fn update(app: &mut App, action: Action) {
    match action {
        Action::Tick => return app.on_tick(),
        Action::Resize(w, h) => {
            app.size = (w, h);
            return;
        }
        Action::Suggestions(seq, result) => {
            if seq != app.seq {
                return; // a stale answer: the operator typed on
            }
            app.call.searching = false;
            if let Some(t) = app.requested_at.take() {
                app.last_latency = Some(t.elapsed());
            }
            match result {
                Ok(c) => {
                    app.call.candidates = c;
                    app.call.cand_sel = app
                        .call
                        .cand_sel
                        .min(app.call.candidates.len().saturating_sub(1));
                }
                Err(e) => app.error(e),
            }
            return;
        }
        Action::StatsLoaded(r) => {
            match r {
                Ok(s) => app.stats = Some(s),
                Err(e) => app.error(e),
            }
            return;
        }
        Action::Interrupt => {
            app.keep_draft();
            app.quit = true;
            return;
        }
        _ => {}
    }
    if app.overlay.is_some() {
        return update_overlay(app, action);
    }
    match action {
        Action::Help => {
            app.overlay = Some(Overlay::Help { scroll: 0 });
            return;
        }
        Action::Quit => {
            if app.unsaved() {
                app.overlay = Some(Overlay::ConfirmQuit);
            } else {
                app.quit = true;
            }
            return;
        }
        Action::GoTab(t) => {
            if app.tab != t {
                app.message = None;
            }
            app.tab = t;
            match t {
                Tab::Dashboard => app.request_stats(),
                Tab::Call => app.load_callbacks(),
                _ => {
                    if !app.list(t).is_some_and(|l| l.loaded) {
                        app.reload_list(t);
                    }
                }
            }
            return;
        }
        _ => {}
    }
    match app.tab {
        Tab::Call if app.call.on_matches => update_candidates(app, action),
        Tab::Call => update_form(app, action),
        Tab::Dashboard => {}
        t => update_list(app, t, action),
    }
}

fn update_overlay(app: &mut App, action: Action) {
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
        Overlay::RestoreDraft(data, _) => match action {
            Action::Yes | Action::Submit => {
                app.overlay = None;
                app.tab = Tab::Call;
                app.call = CallState::new(app.clock.now());
                app.call.form = Form::from_draft(&data);
                let focus = app.call.form.focus;
                if !app.call.form.phone.is_empty() {
                    app.lookup_phone();
                }
                app.call.form.focus = focus;
                app.load_callbacks();
                app.request_suggestions();
                app.info(app.c().draft_restored);
            }
            Action::No | Action::Cancel => {
                app.overlay = None;
                if let Err(e) = app.store.delete_draft() {
                    app.error(e.to_string());
                }
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
            Action::Cancel | Action::No => app.overlay = None,
            _ => {}
        },
        Overlay::CallbackTime(mut input) | Overlay::EditQuantity(mut input) => {
            let is_qty = matches!(app.overlay, Some(Overlay::EditQuantity(_)));
            let wrap = |i: TextInput| {
                if is_qty {
                    Overlay::EditQuantity(i)
                } else {
                    Overlay::CallbackTime(i)
                }
            };
            match action {
                Action::Char(c) => {
                    input.insert(c);
                    app.overlay = Some(wrap(input));
                }
                Action::Paste(s) => {
                    input.insert_str(&clean_paste(&s));
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

fn clean_paste(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

fn update_form(app: &mut App, action: Action) {
    let focus = app.call.form.focus;
    let locked = app.call.saved.is_some();
    let editing = matches!(
        action,
        Action::Char(_) | Action::Backspace | Action::Delete | Action::Paste(_)
    ) || (matches!(action, Action::Left | Action::Right)
        && matches!(focus, Field::Unit | Field::Condition));
    if locked && editing {
        return app.info(app.c().offer_locked);
    }
    match action {
        Action::Char(c) => match focus {
            Field::Unit => {
                if c == ' ' {
                    cycle_unit(app, 1);
                }
            }
            Field::Condition => {
                let cond = match c.to_lowercase().next().unwrap_or(c) {
                    'n' | 'н' => Some(Condition::New),
                    'g' | 'д' => Some(Condition::Good),
                    'u' | 'в' | 'b' => Some(Condition::Used),
                    ' ' => Some(next_condition(app.call.form.condition, 1)),
                    _ => None,
                };
                if let Some(cond) = cond {
                    app.call.form.condition = cond;
                    app.form_changed(Field::Condition);
                }
            }
            f => {
                if let Some(i) = app.call.form.input_mut(f) {
                    i.insert(c);
                }
                app.form_changed(f);
            }
        },
        Action::Paste(s) => {
            let s = clean_paste(&s);
            if let Some(i) = app.call.form.input_mut(focus) {
                i.insert_str(&s);
                app.form_changed(focus);
            }
        }
        Action::Backspace | Action::Delete => {
            let back = matches!(action, Action::Backspace);
            let changed = app
                .call
                .form
                .input_mut(focus)
                .is_some_and(|i| if back { i.backspace() } else { i.delete() });
            if changed {
                app.form_changed(focus);
            }
        }
        Action::Left => match focus {
            Field::Unit => cycle_unit(app, -1),
            Field::Condition => {
                app.call.form.condition = next_condition(app.call.form.condition, -1);
                app.form_changed(Field::Condition);
            }
            f => {
                if let Some(i) = app.call.form.input_mut(f) {
                    i.left()
                }
            }
        },
        Action::Right => match focus {
            Field::Unit => cycle_unit(app, 1),
            Field::Condition => {
                app.call.form.condition = next_condition(app.call.form.condition, 1);
                app.form_changed(Field::Condition);
            }
            f => {
                if let Some(i) = app.call.form.input_mut(f) {
                    i.right()
                }
            }
        },
        Action::Home => {
            if let Some(i) = app.call.form.input_mut(focus) {
                i.home()
            }
        }
        Action::End => {
            if let Some(i) = app.call.form.input_mut(focus) {
                i.end()
            }
        }
        Action::Up | Action::Down if !app.call.popup.is_empty() => {
            let n = app.call.popup.len();
            app.call.popup_sel = Some(match (app.call.popup_sel, matches!(action, Action::Down)) {
                (None, true) => 0,
                (None, false) => n - 1,
                (Some(i), true) => (i + 1) % n,
                (Some(i), false) => (i + n - 1) % n,
            });
        }
        Action::Up => app.set_focus(focus.prev()),
        Action::Down => app.set_focus(focus.next()),
        Action::Submit => {
            let taken = app.accept_popup();
            match (taken, locked) {
                (true, _) => {}
                (false, true) => app.call.on_matches = true,
                (false, false) => app.set_focus(focus.next()),
            }
        }
        Action::NextField => {
            if locked && focus == Field::Notes {
                app.call.on_matches = true;
            } else {
                app.set_focus(focus.next());
            }
        }
        Action::PrevField => app.set_focus(focus.prev()),
        Action::Cancel => {
            app.call.popup.clear();
            app.call.popup_sel = None;
        }
        Action::Save => {
            if locked {
                app.info(app.c().offer_locked);
            } else {
                app.save_offer();
            }
        }
        Action::NextCall => app.next_call(),
        Action::TakeCallback => app.take_callback(),
        _ => {}
    }
}

fn cycle_unit(app: &mut App, step: i64) {
    let all = Unit::ALL;
    let i = all
        .iter()
        .position(|u| *u == app.call.form.unit)
        .unwrap_or(0) as i64;
    let n = all.len() as i64;
    app.call.form.unit = all[((i + step).rem_euclid(n)) as usize];
    app.call.form.unit_touched = true;
    app.form_changed(Field::Unit);
}

fn next_condition(c: Condition, step: i64) -> Condition {
    let all = Condition::ALL;
    let i = all.iter().position(|x| *x == c).unwrap_or(0) as i64;
    all[((i + step).rem_euclid(all.len() as i64)) as usize]
}

fn update_candidates(app: &mut App, action: Action) {
    let n = app.call.candidates.len();
    match action {
        Action::Up => app.call.cand_sel = app.call.cand_sel.saturating_sub(1),
        Action::Down => app.call.cand_sel = (app.call.cand_sel + 1).min(n.saturating_sub(1)),
        Action::Submit => app.propose(None),
        Action::EditQuantity => {
            if let Some(c) = app.call.candidates.get(app.call.cand_sel) {
                let q = if c.allocate > 0 {
                    c.allocate
                } else {
                    c.record.tally.open()
                };
                app.overlay = Some(Overlay::EditQuantity(TextInput::new(&q.to_string())));
            }
        }
        Action::NextCall => app.next_call(),
        Action::PrevField | Action::Cancel => app.call.on_matches = false,
        _ => {}
    }
}

fn update_list(app: &mut App, tab: Tab, action: Action) {
    let page = app.page_rows();
    let Some(list) = app.list(tab) else { return };
    let sel = list.sel;
    let editing = list.editing;
    match action {
        Action::Up => app.select(tab, sel.saturating_sub(1)),
        Action::Down => app.select(tab, sel + 1),
        Action::PageUp => app.select(tab, sel.saturating_sub(page)),
        Action::PageDown => app.select(tab, sel + page),
        Action::Home => app.select(tab, 0),
        Action::End => {
            let total = app.count(tab);
            if let Some(l) = app.list_mut(tab) {
                l.total = total;
            }
            app.select(tab, total.unwrap_or(1).saturating_sub(1));
        }
        Action::Filter => {
            if let Some(l) = app.list_mut(tab) {
                l.editing = true;
            }
        }
        Action::Char(c) if editing => {
            if let Some(l) = app.list_mut(tab) {
                l.filter.insert(c);
            }
            refilter(app, tab);
        }
        Action::Paste(s) if editing => {
            if let Some(l) = app.list_mut(tab) {
                l.filter.insert_str(&clean_paste(&s));
            }
            refilter(app, tab);
        }
        Action::Backspace if editing => {
            if let Some(l) = app.list_mut(tab) {
                l.filter.backspace();
            }
            refilter(app, tab);
        }
        Action::Submit if editing => {
            if let Some(l) = app.list_mut(tab) {
                l.editing = false;
            }
        }
        Action::Cancel => {
            if let Some(l) = app.list_mut(tab) {
                l.editing = false;
                l.filter = TextInput::default();
            }
            refilter(app, tab);
        }
        Action::Sort => {
            let ncols = columns(tab, app.c()).len();
            let lang = app.lang;
            let today = app.clock.today();
            if let Some(l) = app.list_mut(tab) {
                l.sort = (l.sort + 1) % (ncols + db_orders(tab));
                let keep = l.selected().map(|r| r.id());
                match page_column(tab, l.sort) {
                    // A database order: read the page again in that order.
                    None => {
                        let start = l.window_start;
                        app.load_window(tab, start);
                    }
                    Some(col) => sort_rows(&mut l.rows, Some(col), lang, today),
                }
                if let Some(l) = app.list_mut(tab)
                    && let Some(i) = keep.and_then(|id| l.rows.iter().position(|r| r.id() == id))
                {
                    l.sel = l.window_start + i;
                }
            }
        }
        _ => {}
    }
}

fn refilter(app: &mut App, tab: Tab) {
    if let Some(l) = app.list_mut(tab) {
        l.total = None;
        l.sel = 0;
    }
    app.load_window(tab, 0);
    app.select(tab, 0);
}

/// The reference of a need as shown to the operator.
pub fn need_ref(n: &Need) -> String {
    inert(&n.display_ref())
}

/// A donor's short reference.
pub fn donor_ref(id: i64) -> String {
    Ref::new(RefKind::Donor, id).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FixedClock;
    use chrono::TimeZone;

    fn app() -> App {
        let now = Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap();
        let clock: Arc<dyn Clock> = Arc::new(FixedClock(now));
        let store = Store::open_in_memory("t")
            .unwrap()
            .with_clock(clock.clone());
        App::new(
            store,
            Lang::En,
            clock,
            FixedOffset::east_opt(2 * 3600).unwrap(),
        )
    }

    #[test]
    fn text_input_edits_by_character_not_byte() {
        let mut t = TextInput::new("ковдра");
        t.left();
        t.backspace();
        assert_eq!(t.text, "ковда");
        t.home();
        t.insert('Т');
        t.delete();
        assert_eq!(t.text, "Товда");
        t.end();
        assert_eq!(t.cursor, 5);
    }

    #[test]
    fn callback_times_in_the_operators_zone() {
        let a = app();
        let now = a.clock.now();
        assert_eq!(
            a.parse_callback("+30"),
            Some(now + chrono::Duration::minutes(30))
        );
        assert_eq!(
            a.parse_callback("+2h"),
            Some(now + chrono::Duration::hours(2))
        );
        // 14:30 local (UTC+2) is 12:30 UTC today.
        assert_eq!(
            a.parse_callback("14:30"),
            Some(Utc.with_ymd_and_hms(2026, 11, 21, 12, 30, 0).unwrap())
        );
        // 09:00 local has passed: tomorrow.
        assert_eq!(
            a.parse_callback("09:00"),
            Some(Utc.with_ymd_and_hms(2026, 11, 22, 7, 0, 0).unwrap())
        );
        assert_eq!(a.parse_callback("soon"), None);
    }

    #[test]
    fn keys_map_by_context() {
        let mut a = app();
        let k = |c: KeyCode| KeyEvent::new(c, KeyModifiers::NONE);
        // In the form, letters are typed; in a list, j moves down.
        assert!(matches!(
            a.key_action(&k(KeyCode::Char('j'))),
            Some(Action::Char('j'))
        ));
        update(&mut a, Action::GoTab(Tab::Needs));
        assert!(matches!(
            a.key_action(&k(KeyCode::Char('j'))),
            Some(Action::Down)
        ));
        assert!(
            a.key_action(&KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT))
                .is_none()
        );
        assert!(matches!(
            a.key_action(&k(KeyCode::F(10))),
            Some(Action::Quit)
        ));
    }

    #[test]
    fn stale_suggestions_are_dropped() {
        let mut a = app();
        a.seq = 5;
        update(&mut a, Action::Suggestions(4, Err("old".into())));
        assert!(a.message.is_none());
        update(&mut a, Action::Suggestions(5, Err("new".into())));
        assert_eq!(a.message.as_ref().map(|m| m.text.as_str()), Some("new"));
    }

    #[test]
    fn every_binding_has_text_in_both_languages() {
        for b in keymap::default_keymap() {
            assert!(!(b.help)(&crate::i18n::EN.console).is_empty());
            assert!(!(b.help)(&crate::i18n::UK.console).is_empty());
        }
    }
}
