//! The console's top: which tab is shown, which dialog is open, the screen size, and the
//! dispatch of every action to the screen that owns it. Each screen (`call`, `lists`,
//! `dashboard`, `overlay`) keeps its own state, update, view and key context; none of them
//! touches the database: they queue [`Effect`]s, which [`App::run_effects`] hands to the worker
//! threads (or runs in place when there are none, as in tests).

use super::action::{Action, Failure};
use super::call::{CallState, Lookup};
use super::dashboard::DashboardState;
use super::effect::{self, Effect};
use super::keymap::{self, Binding, Ctx};
use super::lists::ListState;
use super::overlay::{self, Overlay};
use super::worker::Runner;
use crate::domain::{Clock, Condition, Unit};
use crate::i18n::{ConsoleStrings, Lang, Strings, fill};
use crate::store::Store;
use chrono::{DateTime, FixedOffset, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::sync::Arc;

pub use super::call::{DraftData, Field, Form, Suggestion};
pub use super::lists::{Row, WINDOW};
pub use super::text::{TextInput, clean_paste};

/// Suggested needs shown beside the form.
pub const CANDIDATES: usize = 8;
/// The smallest terminal the console draws in.
pub const MIN_SIZE: (u16, u16) = (80, 24);
/// Rows of a detail pane under a list.
pub const DETAIL_ROWS: usize = 7;

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
    /// Whether this person's roles show the tab (issue 14): the Call tab to those who take
    /// calls, Offers to those who may see offers, the Dashboard (calls, callbacks) to anyone but
    /// a liaison; Needs, Matches and Organisations to all (a liaison's lists hold their
    /// organisations only: the store narrows them).
    pub fn shown_to(self, actor: &crate::store::Actor) -> bool {
        use crate::store::Permission;
        match self {
            Tab::Call => actor.may(Permission::TakeCalls, None),
            Tab::Offers => actor.may(Permission::SeeOffers, None),
            // The shift's figures are every operator's: the lead's and the admin's.
            Tab::Dashboard => {
                actor.may(Permission::SeeAllCalls, None) || actor.may(Permission::Maintain, None)
            }
            Tab::Needs | Tab::Matches | Tab::Orgs => true,
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

/// A unit's label on its own (a chooser, a column head): no number beside it.
pub fn unit_label(unit: Unit, lang: Lang) -> &'static str {
    match lang {
        Lang::Uk => unit.label_uk(),
        Lang::En => unit.code(),
    }
}

/// A unit beside a quantity being typed: in the form the number asks once the text is a number
/// («2 пари», «21 пара»), its plain label while it is not.
pub fn typed_unit(lang: Lang, unit: Unit, typed: &str) -> &'static str {
    typed
        .trim()
        .parse::<i64>()
        .map_or(unit_label(unit, lang), |n| lang.unit_after(unit, n))
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

/// A line for the operator at the bottom: information or an error.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

pub struct App {
    /// The console's own connection: the opening draft, and the draft kept on the way out.
    /// Everything else reaches the database through effects.
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
    pub dashboard: DashboardState,
    /// The Matches tab's desk: history and phone views (the list is in `lists`).
    pub desk: super::desk::DeskState,
    /// The Needs tab's form and questions, and the Organisations tab's directory.
    pub registry: super::registry::RegistryState,
    pub message: Option<Message>,
    pub size: (u16, u16),
    pub quit: bool,
    pub db_label: String,
    /// Effects queued by `update`, run by [`App::run_effects`].
    pub effects: Vec<Effect>,
    runner: Option<Runner>,
    /// Keystroke-to-suggestions time of the last answer (for the timing log).
    pub last_latency: Option<std::time::Duration>,
    pub(crate) data_version: Option<i64>,
    pub(crate) draft_dirty: bool,
    ticks: u64,
}

impl App {
    /// The console over `store`; effects run in place until a runner is attached.
    /// Offers back a kept draft if there is one.
    pub fn new(store: Store, lang: Lang, clock: Arc<dyn Clock>, tz: FixedOffset) -> App {
        let now = clock.now();
        let db_label = store
            .path()
            .and_then(|p| p.file_name())
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_else(|| ":memory:".into());
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
            dashboard: DashboardState::default(),
            desk: Default::default(),
            registry: Default::default(),
            message: None,
            size: MIN_SIZE,
            quit: false,
            db_label,
            effects: Vec::new(),
            runner: None,
            last_latency: None,
            data_version: None,
            draft_dirty: false,
            ticks: 0,
        };
        // Opening, not a keystroke: the kept draft is read here, once.
        match app.store.draft() {
            Ok(Some(d)) => {
                if let Ok(data) = serde_json::from_str::<DraftData>(&d.json) {
                    app.overlay = Some(Overlay::RestoreDraft(Box::new(data), d.updated_at));
                }
            }
            Ok(None) => {}
            Err(e) => app.fail(&Failure::from(&e)),
        }
        // A liaison opens on their Matches desk; anyone else on the first tab they may see.
        let first = if app.store.actor().scoped() {
            Tab::Matches
        } else {
            app.tabs().first().copied().unwrap_or(Tab::Needs)
        };
        if first != Tab::Call {
            app.go_tab(first);
        }
        app.poll();
        app.run_effects();
        app
    }

    /// The tabs this person sees, in order.
    pub fn tabs(&self) -> Vec<Tab> {
        Tab::ALL
            .into_iter()
            .filter(|t| t.shown_to(self.store.actor()))
            .collect()
    }

    /// Who is working, for the status bar in the console's language: `olena (lead, admin)`,
    /// `iryna (координатор)`, or the single seat's
    /// `olena (all rights)`.
    pub fn who(&self) -> String {
        use crate::store::Role;
        let actor = self.store.actor();
        let c = self.c();
        if actor.local {
            return format!("{} ({})", actor.login, c.local_user);
        }
        let roles: Vec<&str> = actor
            .roles
            .iter()
            .map(|r| match r {
                Role::Operator => c.role_names[0],
                Role::Lead => c.role_names[1],
                Role::Liaison => c.role_names[2],
                Role::Admin => c.role_names[3],
            })
            .collect();
        format!("{} ({})", actor.login, roles.join(", "))
    }

    /// Run effects on these worker threads instead of in place.
    pub fn with_runner(mut self, runner: Runner) -> App {
        self.runner = Some(runner);
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

    pub(crate) fn list_mut(&mut self, tab: Tab) -> Option<&mut ListState> {
        tab.list_index().map(move |i| &mut self.lists[i])
    }

    /// Whether an answer from the worker is awaited (the loop then polls more often).
    pub fn waiting(&self) -> bool {
        self.call.searching
            || self.call.saving
            || self.lists.iter().any(|l| l.waiting())
            || self.registry.waiting()
    }

    /// The entry in progress that is not saved yet.
    pub fn unsaved(&self) -> bool {
        self.call.saved.is_none() && !self.call.form.is_empty()
    }

    pub(crate) fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    pub(crate) fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    /// A store error, said in the console's language.
    pub(crate) fn fail(&mut self, f: &Failure) {
        let text = f.text(self.c());
        self.error(text);
    }

    /// The contexts a key is looked up in, in order.
    pub fn contexts(&self) -> Vec<Ctx> {
        match self.overlay {
            Some(Overlay::Help { .. }) => return vec![Ctx::Help, Ctx::Global],
            Some(_) => return vec![Ctx::Dialog],
            None => {}
        }
        if let Some(ctx) = self.registry_context() {
            return vec![ctx, Ctx::Global];
        }
        let focus = match self.tab {
            Tab::Call if self.call.split.is_some() => Some(Ctx::Split),
            Tab::Call if self.call.on_matches => Some(Ctx::Candidates),
            Tab::Call => Some(Ctx::Form),
            Tab::Dashboard => Some(Ctx::Dashboard),
            t => match self.list(t) {
                Some(l) if l.editing => Some(Ctx::Filter),
                _ => Some(Ctx::List),
            },
        };
        // The screens' own keys come before the list's on their tabs.
        let own = match (self.tab, focus) {
            (Tab::Matches, Some(Ctx::List)) => Some(Ctx::Desk),
            (Tab::Needs, Some(Ctx::List)) => Some(Ctx::Needs),
            (Tab::Orgs, Some(Ctx::List)) => Some(Ctx::Orgs),
            _ => None,
        };
        own.into_iter().chain(focus).chain([Ctx::Global]).collect()
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
        let ctxs = self.contexts();
        if let Some(ov) = &self.overlay
            && ov.takes_text()
        {
            match key.code {
                KeyCode::Char(c) if !ctrl => return Some(Action::Char(c)),
                KeyCode::Backspace => return Some(Action::Backspace),
                _ => {}
            }
        }
        let typing = matches!(
            ctxs.first(),
            Some(Ctx::Form | Ctx::Filter | Ctx::Split | Ctx::NeedForm)
        );
        if let Some(a) = keymap::lookup(&self.keymap, &ctxs, key, typing) {
            return Some(a);
        }
        match key.code {
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) && typing => {
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

    /// Hand the queued effects to the runner, or run them here (tests, no worker).
    pub fn run_effects(&mut self) {
        // In place, an answer may queue more effects: run until none is left.
        for _ in 0..64 {
            if self.effects.is_empty() {
                return;
            }
            let effects = std::mem::take(&mut self.effects);
            for e in effects {
                match &self.runner {
                    Some(r) => r.send(e),
                    None => {
                        if let Some(answer) = effect::execute(&mut self.store, e) {
                            step(self, answer);
                        }
                    }
                }
            }
        }
    }

    /// Take the answers that arrived from the worker threads.
    pub fn poll_worker(&mut self) {
        let answers: Vec<Action> = match &self.runner {
            Some(r) => r.try_iter().collect(),
            None => return,
        };
        for a in answers {
            update(self, a);
        }
    }

    /// Keep the entry in progress in the drafts table if it changed (called by the loop after
    /// each batch of input): an effect, written in order after the saves before it.
    pub fn flush_draft(&mut self) {
        if !std::mem::take(&mut self.draft_dirty) {
            return;
        }
        let json = self.draft_json();
        self.effects.push(Effect::SaveDraft(json));
        self.run_effects();
    }

    fn draft_json(&self) -> Option<String> {
        if self.unsaved() {
            serde_json::to_string(&self.call.form.to_draft()).ok()
        } else {
            None
        }
    }

    /// Save the draft now, on this thread, whatever changed (signals, Ctrl-C, leaving): the
    /// writes queued before it are finished first.
    pub fn keep_draft(&mut self) {
        self.draft_dirty = false;
        if let Some(r) = self.runner.take() {
            r.finish();
        }
        // A callback taken and not finished goes back to the queue (the draft keeps the entry).
        if let Some(id) = self.call.taken.take()
            && let Err(e) = self.store.release_callback(id)
        {
            self.fail(&Failure::from(&e));
        }
        let json = self.draft_json();
        if let Some(Action::DraftFailed(f)) =
            effect::execute(&mut self.store, Effect::SaveDraft(json))
        {
            let text = fill(self.c().draft_failed, &[&f.text(self.c())]);
            self.error(text);
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
        body.saturating_sub(detail_rows(self.tab) + 4).max(1)
    }

    /// Open on the Matches tab narrowed to one organisation (`aidline --org NAME`).
    pub fn preselect_org(&mut self, org: (i64, String)) {
        if let Some(l) = self.list_mut(Tab::Matches) {
            l.desk.org = Some(org);
            l.loaded = false;
            l.generation += 1;
        }
        // A kept draft's question stays on top; answering yes goes to the Call tab.
        self.go_tab(Tab::Matches);
        super::desk::observe(self);
        self.run_effects();
    }

    /// Ask for the data version and the due callbacks.
    fn poll(&mut self) {
        let now = self.clock.now();
        self.effects.push(Effect::Poll { now });
    }

    fn on_tick(&mut self) {
        self.ticks += 1;
        self.poll();
    }

    /// The answer to a poll: another console changed the database, read again what is shown.
    fn on_polled(&mut self, data_version: Option<i64>) {
        let Some(dv) = data_version else { return };
        let first = self.data_version.is_none();
        if self.data_version == Some(dv) {
            return;
        }
        self.data_version = Some(dv);
        if first {
            return;
        }
        let mut fx = Vec::new();
        match self.tab {
            Tab::Call => self.call_data_changed(),
            Tab::Dashboard => self.request_stats(),
            Tab::Orgs => super::registry::on_tab(self, Tab::Orgs),
            t => {
                if let Some(l) = self.list_mut(t) {
                    l.refresh(&mut fx);
                }
            }
        }
        // Other tabs read again when shown.
        let tab = self.tab;
        for l in &mut self.lists {
            if l.tab != tab {
                l.loaded = false;
            }
        }
        self.effects.extend(fx);
    }

    fn go_tab(&mut self, t: Tab) {
        if !t.shown_to(self.store.actor()) {
            let text = self.c().tab_not_for_role;
            self.error(text);
            return;
        }
        if self.tab != t {
            self.message = None;
            if t == Tab::Matches {
                self.desk.opened();
            }
        }
        self.tab = t;
        super::registry::on_tab(self, t);
        match t {
            Tab::Dashboard => self.request_stats(),
            Tab::Call => self.poll(),
            _ => {
                let mut fx = Vec::new();
                if let Some(l) = self.list_mut(t)
                    && !l.loaded
                    && l.loading.is_none()
                {
                    l.refresh(&mut fx);
                }
                self.effects.extend(fx);
            }
        }
    }
}

/// Apply one action and run the effects it asked for. The only entry to state changes.
pub fn update(app: &mut App, action: Action) {
    step(app, action);
    app.run_effects();
}

/// Apply one action, then let the Matches desk see what is selected now (its history, the
/// phone-view row: effects, once per match).
fn step(app: &mut App, action: Action) {
    dispatch(app, action);
    if app.tab == Tab::Matches && app.overlay.is_none() {
        super::desk::observe(app);
    }
}

/// Rows of the detail pane under a list tab.
pub fn detail_rows(tab: Tab) -> usize {
    match tab {
        Tab::Matches => super::desk::view::DETAIL_ROWS,
        _ => DETAIL_ROWS,
    }
}

/// Dispatch one action to the screen or dialog that owns it.
fn dispatch(app: &mut App, action: Action) {
    match action {
        Action::Tick => return app.on_tick(),
        Action::Resize(w, h) => {
            app.size = (w, h);
            return;
        }
        Action::Interrupt => {
            app.keep_draft();
            app.quit = true;
            return;
        }
        // Answers from the effects go to whoever asked.
        Action::PageLoaded { tab, .. } | Action::Counted { tab, .. } => {
            let mut fx = Vec::new();
            if let Some(l) = app.list_mut(tab) {
                l.answer(action, &mut fx);
            }
            app.effects.extend(fx);
            if tab == Tab::Needs && app.tab == Tab::Needs {
                super::registry::after_needs_change(app);
            }
            return;
        }
        Action::Polled {
            data_version,
            callbacks,
        } => {
            match callbacks {
                Ok(q) => {
                    let q = *q;
                    app.call.callbacks = q.due;
                    app.call.scheduled = q.scheduled;
                    app.call.rematch = q.rematch;
                }
                Err(f) => app.fail(&f),
            }
            return app.on_polled(data_version);
        }
        Action::StatsLoaded(r) => {
            match r {
                Ok(d) => app.dashboard.data = Some(*d),
                Err(f) => app.fail(&f),
            }
            return;
        }
        Action::DraftFailed(f) => {
            let text = fill(app.c().draft_failed, &[&f.text(app.c())]);
            return app.error(text);
        }
        Action::DeskAnswer(a) => return super::desk::answer(app, a),
        Action::Suggestions(..)
        | Action::PhoneLooked { .. }
        | Action::CallRefreshed { .. }
        | Action::OfferSaved(_)
        | Action::OffersSaved(_)
        | Action::Proposed(_)
        | Action::CallLogged(_)
        | Action::CallbackTaken(_)
        | Action::CallbackReleaseFailed(_)
        | Action::OfferLoaded(_)
        | Action::OfferEdited(_)
        | Action::OfferWithdrawn(_) => return super::call::answer(app, action),
        Action::RegistryAnswer(a) => {
            super::registry::answer(app, *a);
            if app.tab == Tab::Needs {
                super::registry::after_needs_change(app);
            }
            return;
        }
        _ => {}
    }
    if app.overlay.is_some() {
        return overlay::update(app, action);
    }
    match action {
        Action::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Quit => {
            if app.unsaved() {
                app.overlay = Some(Overlay::ConfirmQuit);
            } else {
                app.quit = true;
            }
        }
        Action::GoTab(t) => app.go_tab(t),
        Action::Desk(k) if app.tab == Tab::Matches => super::desk::key(app, k),
        action
            if matches!(app.tab, Tab::Needs | Tab::Orgs)
                && super::registry::update(app, &action) => {}
        action => match app.tab {
            Tab::Call => super::call::update(app, action),
            Tab::Dashboard => super::dashboard::update(app, action),
            Tab::Offers if matches!(action, Action::EditOffer | Action::WithdrawOffer) => {
                super::call::offers_key(app, action)
            }
            t => {
                let page = app.page_rows();
                let mut fx = Vec::new();
                if let Some(l) = app.list_mut(t) {
                    l.update(action, page, &mut fx);
                }
                app.effects.extend(fx);
                if t == Tab::Needs {
                    super::registry::after_needs_change(app);
                }
            }
        },
    }
}

impl App {
    /// Ask for the Dashboard's figures.
    pub(crate) fn request_stats(&mut self) {
        let midnight = self
            .now_local()
            .date_naive()
            .and_time(chrono::NaiveTime::MIN)
            .and_local_timezone(self.tz)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| self.clock.now());
        self.effects.push(Effect::Stats { since: midnight });
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

    /// The registry's context when its form, a question or the directory search has the keys.
    fn registry_context(&self) -> Option<Ctx> {
        let r = &self.registry;
        match self.tab {
            Tab::Needs if r.typing(Tab::Needs) => Some(Ctx::NeedForm),
            Tab::Needs if r.dialog.is_some() => Some(Ctx::Dialog),
            Tab::Orgs if r.searching => Some(Ctx::Filter),
            _ => None,
        }
    }

    /// Whether the known donor is shown (for the views).
    pub fn known_donor(&self) -> bool {
        matches!(self.call.lookup, Lookup::Known(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FixedClock;
    use chrono::TimeZone;

    /// A unit beside a quantity being typed follows the number once it is one.
    #[test]
    fn a_unit_beside_typed_digits_takes_their_form() {
        let uk = |typed| typed_unit(Lang::Uk, Unit::Places, typed);
        assert_eq!(
            ["1", "2", " 4 ", "5", "11", "21", "22", "", "2x"].map(uk),
            [
                "місце",
                "місця",
                "місця",
                "місць",
                "місць",
                "місце",
                "місця",
                "місць",
                "місць"
            ]
        );
        assert_eq!(typed_unit(Lang::Uk, Unit::Kg, "21"), "кг");
        assert_eq!(typed_unit(Lang::En, Unit::Beds, "1"), "bed");
        assert_eq!(typed_unit(Lang::En, Unit::Beds, "3"), "beds");
    }

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
        a.call.seq = 5;
        update(&mut a, Action::Suggestions(4, Err(Failure::Busy)));
        assert!(a.message.is_none());
        update(&mut a, Action::Suggestions(5, Err(Failure::Busy)));
        assert_eq!(
            a.message.as_ref().map(|m| m.text.as_str()),
            Some(crate::i18n::EN.console.e_busy)
        );
    }

    #[test]
    fn stale_pages_are_dropped() {
        let mut a = app();
        update(&mut a, Action::GoTab(Tab::Needs));
        let generation = a.list(Tab::Needs).unwrap().generation;
        let l = a.list_mut(Tab::Needs).unwrap();
        l.loading = Some(0);
        update(
            &mut a,
            Action::PageLoaded {
                tab: Tab::Needs,
                generation: generation - 1,
                start: 0,
                rows: Err(Failure::Other),
            },
        );
        assert!(a.list(Tab::Needs).unwrap().error.is_none());
    }

    #[test]
    fn every_binding_has_text_in_both_languages() {
        for b in keymap::default_keymap() {
            assert!(!(b.help)(&crate::i18n::EN.console).is_empty());
            assert!(!(b.help)(&crate::i18n::UK.console).is_empty());
        }
    }
}
