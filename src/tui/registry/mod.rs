//! Keeping the registry true (issue 11): on the Needs tab, the need form (add, edit), closing
//! with a reason, the "still needed?" review and its list, the open offers that fit the selected
//! need (the reverse match) and proposing from them; on the Organisations tab, the hotline
//! directory ("who can help with X near Y?") and the selected organisation's profile.
//!
//! Like every screen: state here, `update` queues [`Request`]s (as `Effect::Registry`), the
//! worker answers with [`Answer`]s (as `Action::RegistryAnswer`). The form is checked by the
//! import's own row check (`need_from_fields`); saving is one write effect, and the form stays
//! open on any error, with the message naming the field.

pub mod view;

use super::action::{Action, Failure};
use super::app::{App, Tab, TextInput, clean_paste};
use super::effect::{Effect, Lane, Slot};
use crate::catalogue::{Catalogue, Gazetteer};
use crate::domain::{Accepts, Need, Offer, Ref, RefKind, Urgency};
use crate::i18n::fill;
use crate::matching::Candidate;
use crate::store::directory::{DirectoryHit, DirectoryQuery, OrgProfile};
use crate::store::import::need_from_fields;
use crate::store::{NeedFilter, NewNeed, Review, Store, StoreError};

/// The registry's keys (one action variant, so the shared `Action` grows by one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegKey {
    Add,
    Edit,
    Close,
    Stale,
    Review,
    Propose,
    Search,
}

/// Fitting offers shown under the Needs list.
pub const FITTING: usize = 8;
/// Organisations the directory answers with.
pub const DIRECTORY: usize = 100;

/// What the registry screens ask of the store.
#[derive(Debug, Clone)]
pub enum Request {
    SaveNeed {
        id: Option<i64>,
        need: Box<NewNeed>,
    },
    Review {
        id: i64,
        review: Review,
    },
    Propose {
        offer: i64,
        need: i64,
        quantity: i64,
    },
    FittingOffers {
        seq: u64,
        need: i64,
    },
    OrgNames {
        seq: u64,
        prefix: String,
    },
    Directory {
        seq: u64,
        query: String,
    },
    OrgDetail {
        seq: u64,
        org: i64,
    },
}

/// The answers.
#[derive(Debug, Clone)]
pub enum Answer {
    Saved(Result<Need, Failure>),
    Reviewed(Review, Result<Need, Failure>),
    Proposed(Result<Ref, Failure>),
    FittingOffers(u64, Result<Vec<Candidate<Offer>>, Failure>),
    OrgNames(u64, Result<Vec<String>, Failure>),
    Directory(u64, Result<(DirectoryQuery, Vec<DirectoryHit>), Failure>),
    OrgDetail(u64, Result<(OrgProfile, Vec<Need>), Failure>),
}

/// Which worker slot a read takes (a newer one replaces a queued one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegSlot {
    Fitting,
    OrgNames,
    Directory,
    OrgDetail,
}

impl Request {
    pub fn lane(&self) -> Lane {
        match self {
            Request::SaveNeed { .. } | Request::Review { .. } | Request::Propose { .. } => {
                Lane::Write
            }
            _ => Lane::Read,
        }
    }

    pub fn slot(&self) -> Option<Slot> {
        Some(Slot::Registry(match self {
            Request::FittingOffers { .. } => RegSlot::Fitting,
            Request::OrgNames { .. } => RegSlot::OrgNames,
            Request::Directory { .. } => RegSlot::Directory,
            Request::OrgDetail { .. } => RegSlot::OrgDetail,
            _ => return None,
        }))
    }
}

fn err(e: StoreError) -> Failure {
    Failure::from(&e)
}

/// Run one request (on the worker).
pub fn execute(store: &mut Store, r: Request) -> Action {
    let answer = match r {
        Request::SaveNeed { id, need } => {
            let result = match id {
                Some(id) => store.edit_need(id, &need),
                None => store.add_need(&need),
            };
            if let Ok(n) = &result {
                tracing::info!(need = n.id, "need saved from the console");
            }
            Answer::Saved(result.map_err(err))
        }
        Request::Review { id, review } => {
            let result = store.review_need(id, review);
            if result.is_ok() {
                tracing::info!(need = id, answer = review.code(), "need reviewed");
            }
            Answer::Reviewed(review, result.map_err(err))
        }
        Request::Propose {
            offer,
            need,
            quantity,
        } => {
            let result = store.propose(offer, need, Some(quantity)).map(|m| {
                tracing::info!(
                    r#match = m.id,
                    quantity,
                    "match proposed from the Needs tab"
                );
                Ref::new(RefKind::Match, m.id)
            });
            Answer::Proposed(result.map_err(err))
        }
        Request::FittingOffers { seq, need } => {
            Answer::FittingOffers(seq, store.suggest_offers(need, FITTING).map_err(err))
        }
        Request::OrgNames { seq, prefix } => {
            let names = store
                .list_organisations(Some(&prefix), 0, 5)
                .map(|l| l.into_iter().map(|o| o.name).collect());
            Answer::OrgNames(seq, names.map_err(err))
        }
        Request::Directory { seq, query } => {
            Answer::Directory(seq, store.search_directory(&query, DIRECTORY).map_err(err))
        }
        Request::OrgDetail { seq, org } => {
            let result = store.org_profile(org).and_then(|p| {
                let needs = store.list_needs(
                    &NeedFilter {
                        org_id: Some(org),
                        open_only: true,
                        urgent_first: true,
                        ..NeedFilter::default()
                    },
                    0,
                    20,
                )?;
                Ok((p, needs))
            });
            Answer::OrgDetail(seq, result.map_err(err))
        }
    };
    Action::RegistryAnswer(Box::new(answer))
}

/// The form's fields, in order.
pub const F_ORG: usize = 0;
pub const F_ITEM: usize = 1;
pub const F_QUANTITY: usize = 2;
pub const F_UNIT: usize = 3;
pub const F_URGENCY: usize = 4;
pub const F_LOCATION: usize = 5;
pub const F_CONDITION: usize = 6;
pub const F_NEEDED_BY: usize = 7;
pub const F_NOTES: usize = 8;
const FIELDS: usize = 9;
/// The import's column each field is checked as.
const COLUMNS: [&str; FIELDS] = [
    "organisation",
    "item",
    "quantity",
    "unit",
    "urgency",
    "location",
    "condition",
    "needed_by",
    "notes",
];

/// How many characters a form field takes (the store's limits for record fields).
fn field_limit(field: usize) -> usize {
    use super::limits;
    match field {
        F_ORG => crate::domain::limits::ORGANISATION.max_chars,
        F_ITEM => limits::ITEM,
        F_QUANTITY => limits::QUANTITY,
        F_LOCATION => limits::LOCATION,
        F_NOTES => limits::NOTES,
        _ => 20,
    }
}

/// The need form (add or edit).
#[derive(Debug, Clone)]
pub struct NeedForm {
    /// The need being edited (`None`: a new one).
    pub editing: Option<Box<Need>>,
    pub inputs: Vec<TextInput>,
    pub urgency: Urgency,
    pub accepts: Accepts,
    pub focus: usize,
    /// The last refusal: the field it names (if one) and the message.
    pub error: Option<(Option<usize>, String)>,
    pub saving: bool,
    /// Suggestions for the focused field (organisation, item, location): (label, value).
    pub popup: Vec<(String, String)>,
    pub popup_sel: Option<usize>,
    /// The item's category, when picked from the catalogue's suggestions.
    pub category: Option<String>,
}

impl NeedForm {
    pub fn new() -> NeedForm {
        NeedForm {
            editing: None,
            inputs: vec![TextInput::default(); FIELDS],
            urgency: Urgency::Normal,
            accepts: Accepts::Any,
            focus: 0,
            error: None,
            saving: false,
            popup: Vec::new(),
            popup_sel: None,
            category: None,
        }
    }

    pub fn of(n: &Need) -> NeedForm {
        let mut f = NeedForm::new();
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let values = [
            n.organisation.clone(),
            n.item.clone(),
            n.tally.total.to_string(),
            n.unit.code().to_string(),
            String::new(),
            opt(&n.location.text),
            String::new(),
            n.needed_by
                .map(|d| d.format("%d.%m.%Y").to_string())
                .unwrap_or_default(),
            opt(&n.notes),
        ];
        f.inputs = values.iter().map(|v| TextInput::new(v)).collect();
        f.urgency = n.urgency;
        f.accepts = n.accepts;
        f.category = n.category.clone();
        f.editing = Some(Box::new(n.clone()));
        f
    }

    pub fn is_choice(field: usize) -> bool {
        field == F_URGENCY || field == F_CONDITION
    }

    /// The fields as the import's columns (the partner's reference kept on an edit).
    pub fn columns(&self) -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = Vec::new();
        for (i, name) in COLUMNS.iter().enumerate() {
            let value = match i {
                F_URGENCY => self.urgency.as_str().to_string(),
                F_CONDITION => self.accepts.as_str().to_string(),
                _ => self.inputs[i].trimmed().to_string(),
            };
            out.push((name, value));
        }
        if let Some(r) = self.editing.as_ref().and_then(|n| n.partner_ref.clone()) {
            out.push(("ref", r));
        }
        out
    }

    /// The need the form says, through the import's row check; a refusal names its field.
    /// Typed by hand, a needed-by date already past on the call centre's calendar (`today`) is
    /// refused too (a year typed wrong would expire the need at once), unless it is the date
    /// the need already had.
    pub fn checked(&self, today: chrono::NaiveDate) -> Result<NewNeed, (Option<usize>, String)> {
        let mut need = need_from_fields(&self.columns()).map_err(|e| {
            let text = e.to_string();
            (field_of(&text), text)
        })?;
        let kept = self.editing.as_ref().and_then(|n| n.needed_by);
        if let Some(d) = need.needed_by
            && d < today
            && Some(d) != kept
        {
            return Err((
                Some(F_NEEDED_BY),
                format!(
                    "needed_by: {} has passed (today is {})",
                    d.format("%d.%m.%Y"),
                    today.format("%d.%m.%Y")
                ),
            ));
        }
        let same_item = match &self.editing {
            Some(old) => old.item == need.item,
            None => false,
        };
        if same_item || self.category.is_some() {
            need.category = self.category.clone();
        }
        Ok(need)
    }
}

impl Default for NeedForm {
    fn default() -> Self {
        NeedForm::new()
    }
}

/// The form field a `field: reason` message names.
pub fn field_of(message: &str) -> Option<usize> {
    let head = message.split(':').next()?.trim();
    let aliases: [(&str, usize); 4] = [
        ("org", F_ORG),
        ("accepts", F_CONDITION),
        ("needed by", F_NEEDED_BY),
        ("place", F_LOCATION),
    ];
    COLUMNS
        .iter()
        .position(|c| *c == head || c.replace('_', " ") == head)
        .or_else(|| {
            aliases
                .iter()
                .find(|(a, _)| head.starts_with(a))
                .map(|(_, f)| *f)
        })
}

/// A question about the selected need.
#[derive(Debug, Clone)]
pub enum NeedDialog {
    /// Close: why? (1 fulfilled elsewhere, 2 no longer needed).
    Close(Box<Need>),
    /// Still needed? (1 still needed → how many, 2 fulfilled elsewhere, 3 close).
    Review(Box<Need>),
    /// How many are still needed.
    HowMany(Box<Need>, TextInput),
    /// Which fitting offer to propose (index into the fitting offers).
    Propose(Box<Need>, usize),
}

/// The registry screens' state.
#[derive(Debug, Clone, Default)]
pub struct RegistryState {
    pub form: Option<NeedForm>,
    pub dialog: Option<NeedDialog>,
    /// The fitting offers of `fitting_for`.
    pub fitting: Vec<Candidate<Offer>>,
    pub fitting_for: Option<i64>,
    pub fitting_loading: bool,
    pub fitting_error: Option<Failure>,
    pub seq: u64,
    pub org_names_seq: u64,
    // The Organisations tab.
    pub search: TextInput,
    pub searching: bool,
    pub directory_seq: u64,
    pub directory: Option<(DirectoryQuery, Vec<DirectoryHit>)>,
    pub directory_loading: bool,
    pub directory_error: Option<Failure>,
    pub org_sel: usize,
    pub detail_seq: u64,
    pub detail: Option<(i64, OrgProfile, Vec<Need>)>,
}

impl RegistryState {
    /// Whether the registry takes typed text now (the form, a quantity, the directory search).
    pub fn typing(&self, tab: Tab) -> bool {
        match tab {
            Tab::Needs => {
                self.form.is_some() || matches!(self.dialog, Some(NeedDialog::HowMany(..)))
            }
            Tab::Orgs => self.searching,
            _ => false,
        }
    }

    /// Whether an answer from the worker is awaited.
    pub fn waiting(&self) -> bool {
        self.fitting_loading
            || self.directory_loading
            || self.form.as_ref().is_some_and(|f| f.saving)
    }

    /// A modal question or the form is open on the Needs tab.
    pub fn modal(&self) -> bool {
        self.form.is_some() || self.dialog.is_some()
    }
}

fn selected_need(app: &App) -> Option<Need> {
    match app.list(Tab::Needs)?.selected()? {
        super::lists::Row::Need(n) => Some(n.clone()),
        _ => None,
    }
}

fn push(app: &mut App, r: Request) {
    app.effects.push(Effect::Registry(r));
}

/// After any change of the Needs list's selection or contents: the fitting offers of the
/// selected need (read on the worker, only when the selection changed).
pub fn after_needs_change(app: &mut App) {
    let id = selected_need(app).map(|n| n.id);
    if id == app.registry.fitting_for {
        return;
    }
    app.registry.fitting_for = id;
    app.registry.fitting.clear();
    app.registry.fitting_error = None;
    if let Some(need) = id {
        app.registry.seq += 1;
        app.registry.fitting_loading = true;
        let seq = app.registry.seq;
        push(app, Request::FittingOffers { seq, need });
    }
}

/// Read the directory for the typed query.
fn search(app: &mut App) {
    app.registry.directory_seq += 1;
    app.registry.directory_loading = true;
    let seq = app.registry.directory_seq;
    let query = app.registry.search.trimmed().to_string();
    push(app, Request::Directory { seq, query });
}

fn org_detail(app: &mut App) {
    let Some(org) = app
        .registry
        .directory
        .as_ref()
        .and_then(|(_, h)| h.get(app.registry.org_sel))
        .map(|h| h.org.id)
    else {
        app.registry.detail = None;
        return;
    };
    if app.registry.detail.as_ref().map(|d| d.0) == Some(org) {
        return;
    }
    app.registry.detail_seq += 1;
    let seq = app.registry.detail_seq;
    push(app, Request::OrgDetail { seq, org });
}

/// A tab was shown (or the data changed under it).
pub fn on_tab(app: &mut App, tab: Tab) {
    match tab {
        Tab::Orgs => search(app),
        Tab::Needs => {
            app.registry.fitting_for = None;
            after_needs_change(app);
        }
        _ => {}
    }
}

/// An answer from the worker.
pub fn answer(app: &mut App, a: Answer) {
    let r = app.lang.registry();
    match a {
        Answer::Saved(result) => {
            let Some(form) = app.registry.form.as_mut() else {
                return;
            };
            form.saving = false;
            match result {
                Ok(n) => {
                    app.registry.form = None;
                    let text = fill(r.saved, &[&n.short_ref()]);
                    app.info(text);
                    refresh_needs(app);
                }
                Err(f) => {
                    let text = f.text(app.c());
                    let field = match &f {
                        Failure::Invalid(why) => field_of(why),
                        _ => None,
                    };
                    if let Some(form) = app.registry.form.as_mut() {
                        if let Some(i) = field {
                            form.focus = i;
                        }
                        form.error = Some((field, text));
                    }
                }
            }
        }
        Answer::Reviewed(review, result) => match result {
            Ok(n) => {
                let text = match review {
                    Review::StillNeeded(_) => fill(
                        r.reviewed,
                        &[&n.short_ref(), &app.lang.quantity(n.tally.open(), n.unit)],
                    ),
                    _ => fill(r.closed, &[&n.short_ref()]),
                };
                app.info(text);
                refresh_needs(app);
            }
            Err(f) => app.fail(&f),
        },
        Answer::Proposed(result) => match result {
            Ok(m) => {
                let text = fill(r.proposed, &[&m]);
                app.info(text);
                app.registry.fitting_for = None;
                refresh_needs(app);
            }
            Err(f) => app.fail(&f),
        },
        Answer::FittingOffers(seq, result) => {
            if seq != app.registry.seq {
                return;
            }
            app.registry.fitting_loading = false;
            match result {
                Ok(list) => app.registry.fitting = list,
                Err(f) => app.registry.fitting_error = Some(f),
            }
        }
        Answer::OrgNames(seq, result) => {
            if seq != app.registry.org_names_seq {
                return;
            }
            if let (Some(form), Ok(names)) = (app.registry.form.as_mut(), result)
                && form.focus == F_ORG
            {
                let typed = form.inputs[F_ORG].trimmed().to_string();
                form.popup = names
                    .into_iter()
                    .filter(|n| *n != typed)
                    .map(|n| (crate::catalogue::fold::inert(&n), n))
                    .collect();
                form.popup_sel = None;
            }
        }
        Answer::Directory(seq, result) => {
            if seq != app.registry.directory_seq {
                return;
            }
            app.registry.directory_loading = false;
            match result {
                Ok(d) => {
                    app.registry.directory = Some(d);
                    app.registry.directory_error = None;
                    app.registry.org_sel = 0;
                    app.registry.detail = None;
                    org_detail(app);
                }
                Err(f) => app.registry.directory_error = Some(f),
            }
        }
        Answer::OrgDetail(seq, result) => {
            if seq != app.registry.detail_seq {
                return;
            }
            let org = app
                .registry
                .directory
                .as_ref()
                .and_then(|(_, h)| h.get(app.registry.org_sel))
                .map(|h| h.org.id);
            match (result, org) {
                (Ok((p, needs)), Some(id)) => app.registry.detail = Some((id, p, needs)),
                (Err(f), _) => app.fail(&f),
                _ => {}
            }
        }
    }
}

fn refresh_needs(app: &mut App) {
    let mut fx = Vec::new();
    if let Some(l) = app.list_mut(Tab::Needs) {
        l.refresh(&mut fx);
    }
    app.effects.extend(fx);
    app.registry.fitting_for = None;
}

/// A key on the Needs or Organisations tab. Returns `false` when the registry does not take it
/// (then the list does).
pub fn update(app: &mut App, action: &Action) -> bool {
    match app.tab {
        Tab::Needs => update_needs(app, action),
        Tab::Orgs => update_orgs(app, action),
        _ => false,
    }
}

fn update_needs(app: &mut App, action: &Action) -> bool {
    if app.registry.form.is_some() {
        form_key(app, action);
        return true;
    }
    if let Some(d) = app.registry.dialog.take() {
        dialog_key(app, d, action);
        return true;
    }
    if app.list(Tab::Needs).is_some_and(|l| l.editing) {
        return false;
    }
    match action {
        Action::Registry(RegKey::Add) => {
            app.registry.form = Some(NeedForm::new());
        }
        Action::Registry(RegKey::Edit) | Action::Submit => match selected_need(app) {
            Some(n) => app.registry.form = Some(NeedForm::of(&n)),
            None => app.info(app.lang.registry().select_need),
        },
        Action::Registry(RegKey::Close) => {
            if let Some(n) = selected_need(app).filter(|n| !n.closed) {
                app.registry.dialog = Some(NeedDialog::Close(Box::new(n)));
            }
        }
        Action::Registry(RegKey::Review) => {
            if let Some(n) = selected_need(app).filter(|n| !n.closed) {
                app.registry.dialog = Some(NeedDialog::Review(Box::new(n)));
            }
        }
        Action::Registry(RegKey::Propose) => {
            if let Some(n) = selected_need(app)
                && app.registry.fitting_for == Some(n.id)
                && !app.registry.fitting.is_empty()
            {
                app.registry.dialog = Some(NeedDialog::Propose(Box::new(n), 0));
            } else {
                app.info(app.lang.registry().fitting_none);
            }
        }
        Action::Registry(RegKey::Stale) => {
            let mut fx = Vec::new();
            if let Some(l) = app.list_mut(Tab::Needs) {
                l.stale = !l.stale;
                l.requery(&mut fx);
            }
            app.effects.extend(fx);
        }
        _ => return false,
    }
    true
}

fn dialog_key(app: &mut App, d: NeedDialog, action: &Action) {
    let review = |app: &mut App, id: i64, review: Review| {
        push(app, Request::Review { id, review });
    };
    match (d, action) {
        (_, Action::Cancel) => {}
        (NeedDialog::Close(n), Action::Choose(1)) => review(app, n.id, Review::FulfilledElsewhere),
        (NeedDialog::Close(n), Action::Choose(2)) => review(app, n.id, Review::NoLongerNeeded),
        (NeedDialog::Review(n), Action::Choose(1)) => {
            let open = TextInput::new(&n.tally.open().max(1).to_string());
            app.registry.dialog = Some(NeedDialog::HowMany(n, open));
        }
        (NeedDialog::Review(n), Action::Choose(2)) => review(app, n.id, Review::FulfilledElsewhere),
        (NeedDialog::Review(n), Action::Choose(3)) => review(app, n.id, Review::NoLongerNeeded),
        (NeedDialog::HowMany(n, mut input), a) => {
            match a {
                Action::Char(c) if c.is_ascii_digit() => input.insert(*c),
                Action::Backspace => {
                    input.backspace();
                }
                Action::Submit => match input.trimmed().parse::<i64>() {
                    Ok(q) if q > 0 => return review(app, n.id, Review::StillNeeded(q)),
                    _ => {
                        let text = fill(
                            app.c().e_invalid,
                            &[&format!(
                                "quantity: '{}' is not a number above 0",
                                input.text
                            )],
                        );
                        app.error(text);
                    }
                },
                _ => {}
            }
            app.registry.dialog = Some(NeedDialog::HowMany(n, input));
        }
        (NeedDialog::Propose(n, sel), a) => {
            let count = app.registry.fitting.len();
            match a {
                Action::Up => {
                    app.registry.dialog = Some(NeedDialog::Propose(n, sel.saturating_sub(1)))
                }
                Action::Down => {
                    app.registry.dialog = Some(NeedDialog::Propose(
                        n,
                        (sel + 1).min(count.saturating_sub(1)),
                    ))
                }
                Action::Submit | Action::Registry(RegKey::Propose) => {
                    if let Some(c) = app.registry.fitting.get(sel) {
                        // A match is counted in the offer's unit; the split is in the
                        // need's (2 t proposed from a 3000 kg offer is 2000 kg).
                        let offer_unit = c.record.unit;
                        let quantity = match n.unit.convert(c.allocate, offer_unit) {
                            Some(q) if q > 0 => q,
                            _ => c.record.tally.open().min(n.open_in(offer_unit)).max(1),
                        };
                        let offer = c.record.id;
                        push(
                            app,
                            Request::Propose {
                                offer,
                                need: n.id,
                                quantity,
                            },
                        );
                    }
                }
                _ => app.registry.dialog = Some(NeedDialog::Propose(n, sel)),
            }
        }
        (d, _) => app.registry.dialog = Some(d),
    }
}

fn form_key(app: &mut App, action: &Action) {
    let lang = app.lang;
    let today = app.clock.today();
    let Some(form) = app.registry.form.as_mut() else {
        return;
    };
    if form.saving {
        return;
    }
    let focus = form.focus;
    let mut changed = false;
    match action {
        Action::Cancel => {
            if form.popup.is_empty() {
                app.registry.form = None;
            } else {
                form.popup.clear();
                form.popup_sel = None;
            }
            return;
        }
        Action::NextField => {
            form.focus = (focus + 1) % FIELDS;
            form.popup.clear();
        }
        Action::PrevField => {
            form.focus = (focus + FIELDS - 1) % FIELDS;
            form.popup.clear();
        }
        Action::Down if !form.popup.is_empty() => {
            form.popup_sel = Some(form.popup_sel.map_or(0, |s| (s + 1) % form.popup.len()));
        }
        Action::Up if !form.popup.is_empty() => {
            form.popup_sel = Some(
                form.popup_sel
                    .map_or(form.popup.len() - 1, |s| s.saturating_sub(1)),
            );
        }
        Action::Down => form.focus = (focus + 1) % FIELDS,
        Action::Up => form.focus = (focus + FIELDS - 1) % FIELDS,
        Action::Submit if form.popup_sel.is_some() => {
            let i = form.popup_sel.unwrap_or(0);
            if let Some((_, value)) = form.popup.get(i).cloned() {
                form.inputs[focus] = TextInput::new(&value);
                if focus == F_ITEM {
                    form.category = Catalogue::builtin().classify(&value).map(|c| c.category);
                }
            }
            form.popup.clear();
            form.popup_sel = None;
        }
        Action::Submit if focus + 1 < FIELDS => {
            form.focus = focus + 1;
            form.popup.clear();
        }
        Action::Submit | Action::Save => {
            form.popup.clear();
            match form.checked(today) {
                Ok(need) => {
                    form.error = None;
                    form.saving = true;
                    let id = form.editing.as_ref().map(|n| n.id);
                    push(
                        app,
                        Request::SaveNeed {
                            id,
                            need: Box::new(need),
                        },
                    );
                }
                Err((field, text)) => {
                    if let Some(i) = field {
                        form.focus = i;
                    }
                    let text = fill(app.c().e_invalid, &[&text]);
                    if let Some(form) = app.registry.form.as_mut() {
                        form.error = Some((field, text));
                    }
                }
            }
            return;
        }
        Action::Left | Action::Right if NeedForm::is_choice(focus) => {
            let right = matches!(action, Action::Right);
            if focus == F_URGENCY {
                let r = form.urgency.rank();
                let r = if right {
                    (r + 1).min(3)
                } else {
                    r.saturating_sub(1)
                };
                form.urgency = Urgency::from_rank(r);
            } else {
                form.accepts = if form.accepts == Accepts::Any {
                    Accepts::New
                } else {
                    Accepts::Any
                };
            }
        }
        _ if NeedForm::is_choice(focus) => {}
        Action::Left => form.inputs[focus].left(),
        Action::Right => form.inputs[focus].right(),
        Action::Home => form.inputs[focus].cursor = 0,
        Action::End => form.inputs[focus].cursor = form.inputs[focus].len(),
        Action::Char(c) if form.inputs[focus].len() < field_limit(focus) => {
            form.inputs[focus].insert(*c);
            changed = true;
        }
        Action::Paste(s) => {
            let (text, _) = clean_paste(s, field_limit(focus));
            let room = field_limit(focus).saturating_sub(form.inputs[focus].len());
            form.inputs[focus].insert_str(&text.chars().take(room).collect::<String>());
            changed = true;
        }
        Action::Backspace => changed = form.inputs[focus].backspace(),
        Action::Delete => changed = form.inputs[focus].delete(),
        _ => {}
    }
    if !changed {
        return;
    }
    form.error = None;
    let text = form.inputs[focus].trimmed().to_string();
    match focus {
        F_ITEM => {
            form.category = None;
            form.popup = Catalogue::builtin()
                .suggest(&text, 5)
                .into_iter()
                .map(|c| {
                    let name = Catalogue::builtin()
                        .get(&c.category)
                        .map(|k| match lang {
                            crate::i18n::Lang::Uk => k.name_uk.clone(),
                            crate::i18n::Lang::En => k.name_en.clone(),
                        })
                        .unwrap_or_default();
                    (
                        format!("{} — {}", crate::catalogue::fold::inert(&c.term), name),
                        c.term,
                    )
                })
                .collect();
            form.popup_sel = None;
        }
        F_LOCATION => {
            let gaz = Gazetteer::builtin();
            form.popup = if text.chars().count() >= 2 {
                gaz.suggest(&text, 5)
                    .into_iter()
                    .map(|p| {
                        (
                            crate::catalogue::fold::inert(&gaz.display(p)),
                            gaz.display(p),
                        )
                    })
                    .collect()
            } else {
                Vec::new()
            };
            form.popup_sel = None;
        }
        F_ORG => {
            form.popup.clear();
            if text.chars().count() >= 2 {
                app.registry.org_names_seq += 1;
                let seq = app.registry.org_names_seq;
                push(app, Request::OrgNames { seq, prefix: text });
            }
        }
        _ => {}
    }
}

fn update_orgs(app: &mut App, action: &Action) -> bool {
    let page = app.page_rows().max(1);
    let reg = &mut app.registry;
    if reg.searching {
        match action {
            Action::Char(c) => {
                reg.search.insert(*c);
                search(app);
            }
            Action::Paste(s) => {
                let (text, _) = clean_paste(s, super::limits::FILTER);
                let room = super::limits::FILTER.saturating_sub(reg.search.len());
                reg.search
                    .insert_str(&text.chars().take(room).collect::<String>());
                search(app);
            }
            Action::Backspace if reg.search.backspace() => search(app),
            Action::Left => reg.search.left(),
            Action::Right => reg.search.right(),
            Action::Submit => reg.searching = false,
            Action::Cancel => {
                reg.searching = false;
                reg.search = TextInput::default();
                search(app);
            }
            Action::Up | Action::Down => {
                reg.searching = false;
                return update_orgs(app, action);
            }
            _ => {}
        }
        return true;
    }
    let count = reg.directory.as_ref().map_or(0, |(_, h)| h.len());
    let sel = reg.org_sel;
    let to = match action {
        Action::Registry(RegKey::Search) | Action::Filter => {
            reg.searching = true;
            return true;
        }
        Action::Cancel => {
            if !reg.search.text.is_empty() {
                reg.search = TextInput::default();
                search(app);
            }
            return true;
        }
        Action::Up => sel.saturating_sub(1),
        Action::Down => sel + 1,
        Action::PageUp => sel.saturating_sub(page),
        Action::PageDown => sel + page,
        Action::Home => 0,
        Action::End => count,
        _ => return true,
    };
    reg.org_sel = to.min(count.saturating_sub(1));
    org_detail(app);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }

    fn form(values: &[(usize, &str)]) -> NeedForm {
        let mut f = NeedForm::new();
        for (i, v) in values {
            f.inputs[*i] = TextInput::new(v);
        }
        f
    }

    #[test]
    fn a_refusal_names_the_field_the_import_names() {
        let f = form(&[
            (F_ORG, "БФ «Світло»"),
            (F_ITEM, "ковдри"),
            (F_QUANTITY, "багато"),
        ]);
        let (field, text) = f.checked(today()).unwrap_err();
        assert_eq!(field, Some(F_QUANTITY), "{text}");
        let f = form(&[(F_ORG, "БФ «Світло»"), (F_QUANTITY, "5")]);
        assert_eq!(f.checked(today()).unwrap_err().0, Some(F_ITEM));
        let f = form(&[
            (F_ORG, "БФ «Світло»"),
            (F_ITEM, "ковдри"),
            (F_QUANTITY, "5"),
            (F_NEEDED_BY, "31.02.2027"),
        ]);
        assert_eq!(f.checked(today()).unwrap_err().0, Some(F_NEEDED_BY));
    }

    #[test]
    fn a_typed_date_already_past_is_refused_unless_it_was_the_needs_own() {
        let base = [
            (F_ORG, "БФ «Світло»"),
            (F_ITEM, "ковдри"),
            (F_QUANTITY, "5"),
            (F_NEEDED_BY, "01.11.26"),
        ];
        let (field, text) = form(&base).checked(today()).unwrap_err();
        assert_eq!(field, Some(F_NEEDED_BY));
        assert!(text.contains("01.11.2026 has passed"), "{text}");
        // 2027 is fine, read day first as the import reads it.
        let mut ok = form(&base);
        ok.inputs[F_NEEDED_BY] = TextInput::new("01.11.27");
        let n = ok.checked(today()).unwrap();
        assert_eq!(n.needed_by, NaiveDate::from_ymd_opt(2027, 11, 1));
        assert_eq!(n.quantity, 5);
    }

    #[test]
    fn choices_go_to_the_import_as_codes() {
        let mut f = form(&[
            (F_ORG, "Лікарня №3"),
            (F_ITEM, "памперси"),
            (F_QUANTITY, "10 уп"),
        ]);
        f.urgency = Urgency::Critical;
        f.accepts = Accepts::New;
        let n = f.checked(today()).unwrap();
        assert_eq!((n.urgency, n.accepts), (Urgency::Critical, Accepts::New));
        assert_eq!(n.unit.map(|u| u.code()), Some("packs"));
    }
}
