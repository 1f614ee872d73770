//! The Call tab: the form an operator fills while the donor speaks, the phone lookup, the
//! suggested needs and the end of the call. Its state, its update (keys and the answers to its
//! effects) and, in `view`, its drawing.

pub mod view;

use super::action::Action;
use super::app::{App, CANDIDATES};
use super::effect::Effect;
use super::limits;
use super::overlay::Overlay;
use super::text::TextInput;
use crate::catalogue::fold::inert;
use crate::catalogue::{Catalogue, Classification, Gazetteer};
use crate::domain::{CallOutcome, Condition, Location, Need, Offer, Phone, Ref, RefKind, Unit};
use crate::i18n::{ConsoleStrings, Lang, fill};
use crate::matching::{Candidate, OfferQuery};
use crate::store::{Callback, DonorView, NewCall, NewOffer, Rematch};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::time::Instant;

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
    /// How many characters the field takes.
    pub fn limit(self) -> usize {
        match self {
            Field::Phone => limits::PHONE,
            Field::Name => limits::NAME,
            Field::Item => limits::ITEM,
            Field::Quantity => limits::QUANTITY,
            Field::Location => limits::LOCATION,
            Field::Notes => limits::NOTES,
            Field::Unit | Field::Condition => 0,
        }
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
    /// The quantity last put in its field from the item's text («віддам 2 пари чобіт»): while
    /// the field still holds it, the operator has not typed their own.
    pub quantity_read: Option<String>,
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
            quantity_read: None,
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
            quantity_read: None,
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

/// The offers one text is split into, each with the quantity the operator fixes.
#[derive(Debug, Clone)]
pub struct Split {
    pub offers: Vec<NewOffer>,
    pub quantities: Vec<TextInput>,
    pub sel: usize,
}

/// What the typed place reads as, when it does not resolve to one place.
#[derive(Debug, Clone, PartialEq)]
pub enum PlaceNote {
    NotFound(String),
    /// The typed text and the places it may be.
    Ambiguous(String, Vec<Suggestion>),
}

/// The call in progress.
#[derive(Debug, Clone)]
pub struct CallState {
    /// The items the item text names (category, the words for it), in the order said.
    pub items: Vec<(String, String)>,
    /// The split being prepared (the quantities of each item's offer).
    pub split: Option<Split>,
    /// Every offer saved by this call's split (`saved` is the one whose needs are shown).
    pub offers: Vec<Offer>,
    /// The typed place, when it is unknown or ambiguous (suggestions then ignore locality).
    pub place_note: Option<PlaceNote>,
    pub form: Form,
    pub started_at: DateTime<Utc>,
    pub lookup: Lookup,
    pub saved: Option<Offer>,
    /// The offer is being written.
    pub saving: bool,
    pub on_matches: bool,
    pub candidates: Vec<Candidate<Need>>,
    pub cand_sel: usize,
    pub searching: bool,
    pub popup: Vec<Suggestion>,
    pub popup_sel: Option<usize>,
    /// Callbacks due, with the first call's context (not taken by anyone).
    pub callbacks: Vec<Callback>,
    /// Callbacks scheduled later (with their times).
    pub scheduled: Vec<Callback>,
    /// Offers whose match was declined or cancelled, to propose again.
    pub rematch: Vec<Rematch>,
    /// The callback this console took and is working on (given back if the call ends unlogged).
    pub taken: Option<i64>,
    /// A callback is being taken (the answer decides whether it is ours).
    pub taking: bool,
    /// The saved offer whose fields the form is correcting (Ctrl-S writes the change).
    pub editing: Option<i64>,
    /// The need that declined the offer being re-matched (not suggested again).
    pub rematch_need: Option<i64>,
    /// Matches proposed during this call, as lines for the operator.
    pub proposed: Vec<String>,
    /// The number of the latest suggestions request: older answers are dropped.
    pub seq: u64,
    /// The number of the latest phone lookup.
    lookup_gen: u64,
    requested_at: Option<Instant>,
    /// What the proposal being written will say when it is done (the need, the quantity).
    proposing: Option<(Candidate<Need>, i64)>,
    /// The outcome being logged (the form is cleared when it is written).
    ending: bool,
}

impl CallState {
    pub fn new(now: DateTime<Utc>) -> CallState {
        CallState {
            items: Vec::new(),
            split: None,
            offers: Vec::new(),
            place_note: None,
            form: Form::default(),
            started_at: now,
            lookup: Lookup::NotYet,
            saved: None,
            saving: false,
            on_matches: false,
            candidates: Vec::new(),
            cand_sel: 0,
            searching: false,
            popup: Vec::new(),
            popup_sel: None,
            callbacks: Vec::new(),
            scheduled: Vec::new(),
            rematch: Vec::new(),
            taken: None,
            taking: false,
            editing: None,
            rematch_need: None,
            proposed: Vec::new(),
            seq: 0,
            lookup_gen: 0,
            requested_at: None,
            proposing: None,
            ending: false,
        }
    }
}

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

/// The reference of a need as shown to the operator: ours, and the partner's beside it.
pub fn need_ref(n: &Need) -> String {
    match &n.partner_ref {
        Some(p) => format!("{} ({})", n.short_ref(), inert(p)),
        None => n.short_ref().to_string(),
    }
}

/// What a callback is about, for the operator: the donor's name, the item and quantity of the
/// first call and its notes (from the kept entry where there is one), else the number.
pub fn callback_label(cb: &Callback) -> String {
    let data = cb
        .context
        .as_deref()
        .and_then(|j| serde_json::from_str::<DraftData>(j).ok())
        .unwrap_or_default();
    let name = Some(data.name.trim())
        .filter(|n| !n.is_empty())
        .or(cb.call.donor_name.as_deref());
    let item = format!("{} {}", data.item.trim(), data.quantity.trim());
    let notes = cb.call.notes.as_deref().or(Some(data.notes.trim()));
    let parts: Vec<String> = [name, Some(item.trim()), notes]
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .map(inert)
        .collect();
    if parts.is_empty() {
        inert(cb.call.phone.as_deref().unwrap_or("—"))
    } else {
        parts.join(" · ")
    }
}

/// A donor's short reference.
pub fn donor_ref(id: i64) -> String {
    Ref::new(RefKind::Donor, id).to_string()
}

impl App {
    fn c_(&self) -> &'static ConsoleStrings {
        self.c()
    }

    pub(crate) fn request_suggestions(&mut self) {
        let query = match &self.call.saved {
            Some(o) => Some(OfferQuery::from_offer(o)),
            None => self.call.form.query(),
        };
        self.call.seq += 1;
        let Some(query) = query else {
            self.call.candidates.clear();
            self.call.searching = false;
            return;
        };
        self.call.requested_at = Some(Instant::now());
        self.call.searching = true;
        self.effects.push(Effect::Suggest {
            seq: self.call.seq,
            query: Box::new(query),
            limit: CANDIDATES,
        });
    }

    /// Another console changed the database: the donor, the saved offer and the suggestions
    /// are read again.
    pub(crate) fn call_data_changed(&mut self) {
        let phone = match &self.call.lookup {
            Lookup::Known(v) => v.donor.phone.clone(),
            _ => None,
        };
        let offer = self.call.saved.as_ref().map(|o| o.id);
        if phone.is_some() || offer.is_some() {
            self.effects.push(Effect::RefreshCall { offer, phone });
        }
        if self.call.saved.is_some() || !self.call.form.item.is_empty() {
            self.request_suggestions();
        }
    }

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
                self.read_quantity();
                self.read_items();
            }
            Field::Location => {
                form.place_code = None;
                let gaz = Gazetteer::builtin();
                let text = form.location.trimmed().to_string();
                self.read_place();
                self.call.popup = if let Some(PlaceNote::Ambiguous(_, c)) = &self.call.place_note {
                    c.clone()
                } else if text.chars().count() >= 2 {
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

    /// Read the items the item text names (kept, so drawing does not classify).
    pub(crate) fn read_items(&mut self) {
        let text = self.call.form.item.trimmed();
        self.call.items = if text.is_empty() {
            Vec::new()
        } else {
            crate::matching::split_items(Catalogue::builtin(), text)
                .into_iter()
                .map(|(hit, words)| (hit.category, words))
                .collect()
        };
    }

    /// Whether the typed place is one place; if not, what it may be.
    pub(crate) fn read_place(&mut self) {
        let form = &self.call.form;
        let text = form.location.trimmed();
        self.call.place_note = if text.is_empty() || form.place_code.is_some() {
            None
        } else {
            let gaz = Gazetteer::builtin();
            match gaz.resolve(text) {
                Ok(_) => None,
                Err(_) => {
                    let cands: Vec<Suggestion> = gaz
                        .candidates(text)
                        .into_iter()
                        .map(|p| Suggestion {
                            label: inert(&gaz.display(p)),
                            value: p.name.clone(),
                            code: p.code.clone(),
                        })
                        .collect();
                    Some(if cands.len() > 1 {
                        PlaceNote::Ambiguous(text.to_string(), cands)
                    } else {
                        PlaceNote::NotFound(text.to_string())
                    })
                }
            }
        };
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

    /// The quantity and unit the caller said in the item's text («віддам 2 пари чобіт»), put in
    /// the fields the operator has not filled in themselves.
    fn read_quantity(&mut self) {
        let form = &mut self.call.form;
        let (quantity, unit) = crate::matching::quantity(form.item.trimmed());
        let typed_by_hand = !form.quantity.is_empty()
            && form.quantity_read.as_deref() != Some(form.quantity.trimmed());
        if !typed_by_hand {
            match quantity {
                Some(q) => {
                    let text = q.to_string();
                    form.quantity.set(&text);
                    form.quantity_read = Some(text);
                }
                None if form.quantity_read.take().is_some() => form.quantity.set(""),
                None => {}
            }
        }
        if !form.unit_touched
            && let Some(unit) = unit
        {
            form.unit = unit;
        }
    }

    fn set_focus(&mut self, f: Field) {
        if self.call.form.focus == Field::Phone && f != Field::Phone {
            self.lookup_phone();
        }
        self.call.form.focus = f;
        self.call.popup.clear();
        self.call.popup_sel = None;
        if f == Field::Location
            && let Some(PlaceNote::Ambiguous(_, c)) = &self.call.place_note
        {
            self.call.popup = c.clone();
        }
    }

    pub(crate) fn lookup_phone(&mut self) {
        let text = self.call.form.phone.trimmed().to_string();
        self.call.lookup_gen += 1;
        if text.is_empty() {
            self.call.lookup = Lookup::NotYet;
            return;
        }
        match Phone::parse(&text) {
            Ok(phone) => self.effects.push(Effect::LookupPhone {
                generation: self.call.lookup_gen,
                phone,
            }),
            Err(_) => {
                self.call.lookup = Lookup::Invalid;
                self.error(self.c_().phone_invalid);
            }
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
                self.call.place_note = None;
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
        if self.call.saving {
            return;
        }
        let Some(offer) = self.new_offer(true) else {
            return;
        };
        self.call.saving = true;
        self.info(self.c_().saving);
        self.effects.push(Effect::SaveOffer {
            offer: Box::new(offer),
            started_at: self.call.started_at,
        });
    }

    /// Open the split: one offer per item the text names, each quantity for the operator to fix.
    fn open_split(&mut self) {
        if self.call.saving {
            return;
        }
        let Some(base) = self.new_offer(false) else {
            return;
        };
        let offers = crate::store::split_offer(&base);
        if offers.len() < 2 {
            return self.info(self.c_().split_one_item);
        }
        let cat = Catalogue::builtin();
        let typed = self.call.form.quantity().map(|q| q.to_string());
        // Each item in the quantity and unit its own words say («3 банки пюре»), else the
        // category's unit and the quantity typed in the form.
        let (offers, quantities): (Vec<NewOffer>, Vec<TextInput>) = offers
            .into_iter()
            .map(|mut o| {
                let (said, unit) = crate::matching::quantity(&o.item);
                o.unit = unit
                    .or_else(|| {
                        o.category
                            .as_deref()
                            .and_then(|c| cat.get(c))
                            .map(|k| k.unit)
                    })
                    .or(Some(Unit::Pcs));
                let quantity = said.map(|q| q.to_string()).or_else(|| typed.clone());
                (o, TextInput::new(quantity.as_deref().unwrap_or("")))
            })
            .unzip();
        self.call.popup.clear();
        self.call.popup_sel = None;
        self.call.split = Some(Split {
            offers,
            quantities,
            sel: 0,
        });
    }

    /// Write the split's offers (one transaction) if every quantity is a positive number.
    fn save_split(&mut self) {
        let Some(split) = self.call.split.as_mut() else {
            return;
        };
        let mut offers = split.offers.clone();
        for (i, (o, q)) in offers.iter_mut().zip(&split.quantities).enumerate() {
            match q.trimmed().parse::<i64>() {
                Ok(n) if n > 0 => o.quantity = n,
                _ => {
                    split.sel = i;
                    return self.error(self.c_().quantity_invalid);
                }
            }
        }
        self.call.split = None;
        self.call.saving = true;
        self.info(self.c_().saving);
        self.effects.push(Effect::SaveOffers {
            offers,
            started_at: self.call.started_at,
        });
    }

    /// Show the needs for another offer of this call's split (`step` ±1).
    fn other_offer(&mut self, step: i64) {
        let n = self.call.offers.len() as i64;
        if n < 2 {
            return;
        }
        let Some(cur) = self.call.saved.as_ref().map(|o| o.id) else {
            return;
        };
        let i = self
            .call
            .offers
            .iter()
            .position(|o| o.id == cur)
            .unwrap_or(0) as i64;
        let next = self.call.offers[((i + step).rem_euclid(n)) as usize].clone();
        let text = fill(self.c_().offer_of, &[&((i + step).rem_euclid(n) + 1), &n]);
        self.info(format!("{}: {text}", next.short_ref()));
        self.call.saved = Some(next);
        self.call.cand_sel = 0;
        self.request_suggestions();
    }

    /// The offer the form describes (the quantity checked only if `need_quantity`).
    fn new_offer(&mut self, need_quantity: bool) -> Option<NewOffer> {
        let c = self.c_();
        let form = self.call.form.clone();
        let phone = match Phone::parse(form.phone.trimmed()) {
            Ok(p) => p,
            Err(_) => {
                self.call.form.focus = Field::Phone;
                self.error(c.phone_invalid);
                return None;
            }
        };
        if form.item.is_empty() {
            self.call.form.focus = Field::Item;
            self.error(c.item_missing);
            return None;
        }
        let quantity = match form.quantity() {
            Some(q) => q,
            None if !need_quantity => 1,
            None => {
                self.call.form.focus = Field::Quantity;
                self.error(c.quantity_invalid);
                return None;
            }
        };
        Some(NewOffer {
            phone,
            name: Some(form.name.trimmed().to_string()).filter(|n| !n.is_empty()),
            item: form.item.trimmed().to_string(),
            category: form.category.clone(),
            quantity,
            unit: Some(form.unit),
            condition: form.condition,
            location: form.location(),
            notes: Some(form.notes.trimmed().to_string()).filter(|n| !n.is_empty()),
            available_until: None,
        })
    }

    pub(crate) fn propose(&mut self, quantity: Option<i64>) {
        let c = self.c_();
        let Some(offer) = self.call.saved.clone() else {
            return self.error(c.save_first);
        };
        if self.call.proposing.is_some() {
            return;
        }
        let Some(cand) = self.call.candidates.get(self.call.cand_sel).cloned() else {
            return;
        };
        // In the offer's unit, as a match is counted (the need's open converted).
        let qty = quantity.unwrap_or(if cand.allocate > 0 {
            cand.allocate
        } else {
            offer.tally.open().min(cand.record.open_in(offer.unit))
        });
        self.effects.push(Effect::Propose {
            offer: offer.id,
            need: cand.record.id,
            quantity: qty,
        });
        self.call.proposing = Some((cand, qty));
    }

    pub(crate) fn end_call(&mut self, outcome: CallOutcome, callback_at: Option<DateTime<Utc>>) {
        let phone = Phone::parse(self.call.form.phone.trimmed()).ok();
        let donor_id = match &self.call.lookup {
            Lookup::Known(v) => Some(v.donor.id),
            _ => None,
        };
        let notes = Some(self.call.form.notes.trimmed().to_string()).filter(|n| !n.is_empty());
        self.call.ending = true;
        // A callback keeps the entry so far, to restore it when someone takes it.
        let context = (outcome == CallOutcome::CallBack && !self.call.form.is_empty())
            .then(|| serde_json::to_string(&self.call.form.to_draft()).ok())
            .flatten();
        self.effects.push(Effect::LogCall(
            Box::new(NewCall {
                phone,
                donor_id,
                offer_id: None,
                outcome,
                callback_at,
                notes,
                started_at: self.call.started_at,
            }),
            context,
        ));
    }

    pub(crate) fn reset_call(&mut self) {
        // A callback taken and left without a call logged goes back to the queue.
        if let Some(id) = self.call.taken.take() {
            self.effects.push(Effect::ReleaseCallback(id));
        }
        self.new_call();
    }

    /// A fresh call, keeping the queues read so far.
    fn new_call(&mut self) {
        let callbacks = std::mem::take(&mut self.call.callbacks);
        let scheduled = std::mem::take(&mut self.call.scheduled);
        let rematch = std::mem::take(&mut self.call.rematch);
        let seq = self.call.seq + 1;
        self.call = CallState::new(self.clock.now());
        self.call.callbacks = callbacks;
        self.call.scheduled = scheduled;
        self.call.rematch = rematch;
        self.call.seq = seq;
        self.draft_dirty = true;
        self.message = None;
        let now = self.clock.now();
        self.effects.push(Effect::Poll { now });
    }

    fn next_call(&mut self) {
        if self.unsaved() && !self.call.form.phone.is_empty() {
            self.overlay = Some(Overlay::Outcome);
        } else {
            self.reset_call();
        }
    }

    /// Ctrl-B: the callbacks due (to take one) and those scheduled later.
    fn open_callbacks(&mut self) {
        self.overlay = Some(Overlay::Callbacks { sel: 0 });
    }

    /// Take the callback: the store marks it ours in one conditional write (another console
    /// that tries gets nothing); the answer restores the first call's entry.
    pub(crate) fn take_callback(&mut self, id: i64) {
        if self.unsaved() {
            return self.error(self.c_().finish_call_first);
        }
        if self.call.taking {
            return;
        }
        self.call.taking = true;
        self.effects.push(Effect::TakeCallback(id));
    }

    /// The callback is ours: a new call with the first call's entry (donor, item, quantity,
    /// notes), or its number alone if no entry was kept.
    fn callback_taken(&mut self, cb: Callback) {
        self.reset_call();
        self.call.taken = Some(cb.call.id);
        let data = cb
            .context
            .as_deref()
            .and_then(|j| serde_json::from_str::<DraftData>(j).ok());
        match data {
            Some(d) => {
                self.call.form = Form::from_draft(&d);
                if let Some(p) = &cb.call.phone {
                    self.call.form.phone.set(p);
                }
            }
            None => self
                .call
                .form
                .phone
                .set(cb.call.phone.as_deref().unwrap_or("")),
        }
        if self.call.form.notes.is_empty()
            && let Some(n) = &cb.call.notes
        {
            self.call.form.notes.set(n);
        }
        let focus = self.call.form.focus;
        self.lookup_phone();
        self.call.form.focus = if focus == Field::Phone {
            Field::Name
        } else {
            focus
        };
        self.read_items();
        self.read_place();
        self.request_suggestions();
        self.draft_dirty = true;
        let who = callback_label(&cb);
        self.info(fill(self.c_().shift.cb_taken, &[&who]));
    }

    /// Ctrl-R: the offers to re-match.
    fn open_rematch(&mut self) {
        self.overlay = Some(Overlay::Rematch { sel: 0 });
    }

    /// Show the needs for an offer to re-match (its next best needs are asked for at once).
    pub(crate) fn pick_rematch(&mut self, r: Rematch) {
        if self.unsaved() {
            return self.error(self.c_().finish_call_first);
        }
        self.reset_call();
        self.load_offer_into_form(&r.offer);
        self.call.saved = Some(r.offer.clone());
        self.call.offers = vec![r.offer.clone()];
        self.call.rematch_need = Some(r.need_id);
        self.call.on_matches = true;
        self.request_suggestions();
        let m = Ref::new(RefKind::Match, r.match_id);
        let why = r
            .reason
            .as_deref()
            .map(inert)
            .unwrap_or_else(|| self.c_().shift.rm_no_reason.to_string());
        let text = fill(
            self.c_().shift.rm_picked,
            &[&r.offer.short_ref(), &format!("{m}: {why}")],
        );
        self.info(text);
    }

    /// The form shows a saved offer's fields (to correct them, or beside its needs).
    fn load_offer_into_form(&mut self, o: &Offer) {
        let form = &mut self.call.form;
        form.phone
            .set(o.donor_phone.as_ref().map(|p| p.as_str()).unwrap_or(""));
        form.name.set(o.donor_name.as_deref().unwrap_or(""));
        form.item.set(&o.item);
        form.category = o.category.clone();
        form.quantity.set(&o.tally.total.to_string());
        form.unit = o.unit;
        form.unit_touched = true;
        form.condition = o.condition;
        form.location.set(o.location.text.as_deref().unwrap_or(""));
        form.place_code = o.location.code.clone();
        form.notes.set(o.notes.as_deref().unwrap_or(""));
        // Shown from their start (a long place name would show only its tail).
        form.location.home();
        form.notes.home();
        form.focus = Field::Item;
        self.read_items();
        self.read_place();
    }

    /// Correct the saved offer: the form opens for its fields (Ctrl-S writes the change).
    fn edit_saved(&mut self) {
        let Some(o) = self.call.saved.clone() else {
            return self.error(self.c_().save_first);
        };
        self.start_edit(o);
    }

    fn start_edit(&mut self, o: Offer) {
        if o.withdrawn {
            return self.error(fill(self.c_().shift.ed_withdrawn, &[&o.short_ref()]));
        }
        if self.call.saved.as_ref().map(|s| s.id) != Some(o.id) {
            self.reset_call();
            self.call.saved = Some(o.clone());
            self.call.offers = vec![o.clone()];
        }
        self.load_offer_into_form(&o);
        self.call.editing = Some(o.id);
        self.call.on_matches = false;
        self.call.popup.clear();
        self.request_suggestions();
        self.info(fill(self.c_().shift.ed_hint, &[&o.short_ref()]));
    }

    /// Ask before withdrawing the saved offer.
    fn withdraw_saved(&mut self) {
        let Some(o) = self.call.saved.clone() else {
            return self.error(self.c_().save_first);
        };
        self.ask_withdraw(&o);
    }

    pub(crate) fn ask_withdraw(&mut self, o: &Offer) {
        if o.withdrawn {
            return self.error(fill(self.c_().shift.ed_withdrawn, &[&o.short_ref()]));
        }
        self.overlay = Some(Overlay::ConfirmWithdraw {
            id: o.id,
            label: format!(
                "{} {}",
                inert(&o.item),
                self.lang.quantity(o.tally.total, o.unit)
            ),
            reference: o.short_ref().to_string(),
        });
    }

    /// Ctrl-S while correcting: write the form's fields over the offer.
    fn save_edit(&mut self, id: i64) {
        if self.call.saving {
            return;
        }
        let Some(offer) = self.new_offer(true) else {
            return;
        };
        self.call.saving = true;
        self.info(self.c_().saving);
        self.effects.push(Effect::EditOffer {
            id,
            offer: Box::new(offer),
        });
    }

    /// Put a kept draft back into the form.
    pub(crate) fn restore_draft(&mut self, data: &DraftData) {
        let callbacks = std::mem::take(&mut self.call.callbacks);
        self.call = CallState::new(self.clock.now());
        self.call.callbacks = callbacks;
        self.call.form = Form::from_draft(data);
        let focus = self.call.form.focus;
        if !self.call.form.phone.is_empty() {
            self.lookup_phone();
        }
        self.call.form.focus = focus;
        self.read_items();
        self.read_place();
        self.request_suggestions();
        self.info(self.c_().draft_restored);
    }

    /// Paste into the focused field, cut at its limit (and say so).
    fn paste(&mut self, s: &str) {
        let focus = self.call.form.focus;
        let limit = focus.limit();
        let Some(input) = self.call.form.input_mut(focus) else {
            return;
        };
        let cut = input.paste(s, limit);
        self.form_changed(focus);
        if cut {
            let text = fill(self.c_().paste_cut, &[&limit]);
            self.info(text);
        }
    }
}

/// An answer to one of the call's effects.
pub fn answer(app: &mut App, action: Action) {
    let c = app.c_();
    match action {
        Action::Suggestions(seq, result) => {
            if seq != app.call.seq {
                return; // a stale answer: the operator typed on
            }
            app.call.searching = false;
            if let Some(t) = app.call.requested_at.take() {
                app.last_latency = Some(t.elapsed());
            }
            match result {
                Ok(mut list) => {
                    // An offer to re-match: the need that declined it is not suggested again.
                    if let Some(declined) = app.call.rematch_need {
                        list.retain(|c| c.record.id != declined);
                    }
                    app.call.candidates = list;
                    app.call.cand_sel = app
                        .call
                        .cand_sel
                        .min(app.call.candidates.len().saturating_sub(1));
                }
                Err(f) => app.fail(&f),
            }
        }
        Action::PhoneLooked { generation, found } => {
            if generation != app.call.lookup_gen {
                return;
            }
            match found {
                Ok(Some(view)) => {
                    let form = &mut app.call.form;
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
                    app.call.lookup = Lookup::Known(view);
                    app.read_place();
                    app.draft_dirty = true;
                }
                Ok(None) => app.call.lookup = Lookup::New,
                Err(f) => app.fail(&f),
            }
        }
        Action::CallRefreshed { offer, donor } => {
            if let (Some(o), Some(saved)) = (offer, &app.call.saved)
                && o.id == saved.id
            {
                if let Some(kept) = app.call.offers.iter_mut().find(|k| k.id == o.id) {
                    *kept = (*o).clone();
                }
                app.call.saved = Some(*o);
            }
            if let (Some(d), Lookup::Known(_)) = (donor, &app.call.lookup) {
                app.call.lookup = Lookup::Known(d);
            }
        }
        Action::OfferSaved(result) => {
            app.call.saving = false;
            match result {
                Ok(saved) => {
                    // The offer's call is logged: a callback taken for it is done.
                    app.call.taken = None;
                    app.info(fill(c.offer_saved, &[&saved.short_ref()]));
                    app.call.saved = Some(*saved);
                    app.call.on_matches = true;
                    app.call.cand_sel = 0;
                    app.call.popup.clear();
                    app.draft_dirty = true;
                    app.request_suggestions();
                }
                Err(f) => app.fail(&f),
            }
        }
        Action::OffersSaved(result) => {
            app.call.saving = false;
            match result {
                Ok(saved) if !saved.is_empty() => {
                    app.call.taken = None;
                    let refs: Vec<String> =
                        saved.iter().map(|o| o.short_ref().to_string()).collect();
                    app.info(fill(c.offers_saved, &[&saved.len(), &refs.join(", ")]));
                    app.call.saved = saved.first().cloned();
                    app.call.offers = saved;
                    app.call.on_matches = true;
                    app.call.cand_sel = 0;
                    app.call.popup.clear();
                    app.draft_dirty = true;
                    app.request_suggestions();
                }
                Ok(_) => {}
                Err(f) => app.fail(&f),
            }
        }
        Action::Proposed(result) => {
            let Some((cand, qty)) = app.call.proposing.take() else {
                return;
            };
            match result {
                Ok((m, offer)) => {
                    let text = fill(
                        c.proposed_to,
                        &[
                            &m,
                            &app.lang.quantity(qty, offer.unit),
                            &need_ref(&cand.record),
                            &inert(&cand.record.organisation),
                        ],
                    );
                    app.call.proposed.push(text.clone());
                    app.info(text);
                    if let Some(o) = app.call.offers.iter_mut().find(|o| o.id == offer.id) {
                        *o = (*offer).clone();
                    }
                    app.call.saved = Some(*offer);
                    app.request_suggestions();
                }
                Err(f) => app.fail(&f),
            }
        }
        Action::CallLogged(result) => {
            app.call.ending = false;
            match result {
                Ok(()) => {
                    app.call.taken = None;
                    app.reset_call();
                    app.info(c.call_logged);
                }
                Err(f) => app.fail(&f),
            }
        }
        Action::CallbackTaken(result) => {
            app.call.taking = false;
            match result {
                Ok(Some(cb)) => app.callback_taken(*cb),
                Ok(None) => {
                    app.error(c.shift.cb_taken_elsewhere);
                    let now = app.clock.now();
                    app.effects.push(Effect::Poll { now });
                }
                Err(f) => app.fail(&f),
            }
        }
        Action::CallbackReleaseFailed(f) => app.fail(&f),
        Action::OfferLoaded(result) => match result {
            Ok(o) => {
                app.tab = super::app::Tab::Call;
                app.start_edit(*o);
            }
            Err(f) => app.fail(&f),
        },
        Action::OfferEdited(result) => {
            app.call.saving = false;
            match result {
                Ok(o) => {
                    app.info(fill(c.shift.ed_saved, &[&o.short_ref()]));
                    if let Some(k) = app.call.offers.iter_mut().find(|k| k.id == o.id) {
                        *k = (*o).clone();
                    }
                    app.call.editing = None;
                    app.call.saved = Some(*o);
                    app.call.on_matches = true;
                    app.call.cand_sel = 0;
                    app.call.popup.clear();
                    app.request_suggestions();
                }
                Err(f) => app.fail(&f),
            }
        }
        Action::OfferWithdrawn(result) => match result {
            Ok((o, n)) => {
                app.info(fill(c.shift.wd_done, &[&o.short_ref(), &n]));
                if app.call.saved.as_ref().is_some_and(|s| s.id == o.id) {
                    if let Some(k) = app.call.offers.iter_mut().find(|k| k.id == o.id) {
                        *k = (*o).clone();
                    }
                    app.call.editing = None;
                    app.call.saved = Some(*o);
                    app.call.candidates.clear();
                }
            }
            Err(f) => app.fail(&f),
        },
        _ => {}
    }
}

/// `e` and `w` on the Offers tab: correct the selected offer in the Call form (read afresh),
/// or withdraw it after a question. The same effects as the Call tab's Ctrl-E and Ctrl-W.
pub fn offers_key(app: &mut App, action: Action) {
    let Some(super::lists::Row::Offer(o)) = app
        .list(super::app::Tab::Offers)
        .and_then(|l| l.selected())
        .cloned()
    else {
        return;
    };
    match action {
        Action::EditOffer => {
            if app.unsaved() || app.call.editing.is_some() {
                return app.error(app.c_().finish_call_first);
            }
            app.effects.push(Effect::LoadOffer(o.id));
        }
        Action::WithdrawOffer => app.ask_withdraw(&o),
        _ => {}
    }
}

/// A key on the Call tab.
pub fn update(app: &mut App, action: Action) {
    if app.call.split.is_some() {
        update_split(app, action)
    } else if app.call.on_matches {
        update_candidates(app, action)
    } else {
        update_form(app, action)
    }
}

fn update_form(app: &mut App, action: Action) {
    let focus = app.call.form.focus;
    let correcting = app.call.editing;
    let locked =
        (app.call.saved.is_some() && correcting.is_none()) || app.call.saving || app.call.ending;
    let editing = matches!(
        action,
        Action::Char(_) | Action::Backspace | Action::Delete | Action::Paste(_)
    ) || (matches!(action, Action::Left | Action::Right)
        && matches!(focus, Field::Unit | Field::Condition));
    if locked && editing {
        return app.info(app.c_().offer_locked);
    }
    if correcting.is_some()
        && editing
        && !matches!(action, Action::Left | Action::Right)
        && matches!(focus, Field::Phone | Field::Name)
    {
        return app.info(app.c_().shift.ed_donor_fixed);
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
                    'g' | 'д' | 'п' => Some(Condition::Good),
                    'u' | 'в' | 'b' | 'г' => Some(Condition::Used),
                    ' ' => Some(next_condition(app.call.form.condition, 1)),
                    _ => None,
                };
                if let Some(cond) = cond {
                    app.call.form.condition = cond;
                    app.form_changed(Field::Condition);
                }
            }
            f => {
                let limit = f.limit();
                if let Some(i) = app.call.form.input_mut(f) {
                    if i.len() >= limit {
                        let text = fill(app.c_().paste_cut, &[&limit]);
                        return app.info(text);
                    }
                    i.insert(c);
                }
                app.form_changed(f);
            }
        },
        Action::Paste(s) => app.paste(&s),
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
            match (taken, app.call.saved.is_some()) {
                (true, _) => {}
                (false, true) => app.call.on_matches = true,
                (false, false) => app.set_focus(focus.next()),
            }
        }
        Action::NextField => {
            if app.call.saved.is_some() && correcting.is_none() && focus == Field::Notes {
                app.call.on_matches = true;
            } else {
                app.set_focus(focus.next());
            }
        }
        Action::PrevField => app.set_focus(focus.prev()),
        Action::Cancel if correcting.is_some() && app.call.popup.is_empty() => {
            // Leave the correction: the form shows the offer as saved.
            app.call.editing = None;
            if let Some(o) = app.call.saved.clone() {
                app.load_offer_into_form(&o);
            }
            app.call.on_matches = true;
            app.message = None;
            app.request_suggestions();
        }
        Action::Cancel => {
            app.call.popup.clear();
            app.call.popup_sel = None;
        }
        Action::Save if correcting.is_some() => {
            if let Some(id) = correcting {
                app.save_edit(id);
            }
        }
        Action::Save => {
            if locked {
                app.info(app.c_().offer_locked);
            } else {
                app.save_offer();
            }
        }
        Action::SplitItems => {
            if locked {
                app.info(app.c_().offer_locked);
            } else {
                app.open_split();
            }
        }
        Action::NextCall => app.next_call(),
        Action::TakeCallback => app.open_callbacks(),
        Action::Rematch => app.open_rematch(),
        Action::EditOffer => app.edit_saved(),
        Action::WithdrawOffer => app.withdraw_saved(),
        _ => {}
    }
}

/// A key while the split's quantities are being fixed.
fn update_split(app: &mut App, action: Action) {
    let Some(split) = app.call.split.as_mut() else {
        return;
    };
    let n = split.offers.len();
    let sel = split.sel.min(n.saturating_sub(1));
    match action {
        Action::Up => split.sel = sel.saturating_sub(1),
        Action::Down | Action::NextField => split.sel = (sel + 1).min(n.saturating_sub(1)),
        Action::PrevField => split.sel = sel.saturating_sub(1),
        Action::Char(ch) if ch.is_ascii_digit() => {
            if let Some(q) = split.quantities.get_mut(sel)
                && q.len() < limits::QUANTITY
            {
                q.end();
                q.insert(ch);
            }
        }
        Action::Backspace => {
            if let Some(q) = split.quantities.get_mut(sel) {
                q.end();
                q.backspace();
            }
        }
        Action::Submit => app.save_split(),
        Action::Cancel => app.call.split = None,
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
                    let unit = app.call.saved.as_ref().map_or(c.record.unit, |o| o.unit);
                    c.record.open_in(unit)
                };
                app.overlay = Some(Overlay::EditQuantity(TextInput::new(&q.to_string())));
            }
        }
        Action::Left => app.other_offer(-1),
        Action::Right => app.other_offer(1),
        Action::NextCall => app.next_call(),
        Action::Rematch => app.open_rematch(),
        Action::EditOffer => app.edit_saved(),
        Action::WithdrawOffer => app.withdraw_saved(),
        Action::PrevField | Action::Cancel => app.call.on_matches = false,
        _ => {}
    }
}
