//! Pure ranking and allocation: given an offer and candidate needs (or a need and candidate
//! offers), order them best first, say why in words a person can read, and split the offer's
//! quantity over them. No I/O: the store fetches candidates, this module decides.
//!
//! The policy (docs/MATCHING.md), as a sort key, most important first:
//! 1. hard filters: open quantity, a new-only need never gets a good or used item, an unrelated
//!    category is not a candidate;
//! 2. item relevance: the same category, then an offer narrower than the need (a winter jacket
//!    for "children's clothes"), then broader; uncategorised text by fuzzy similarity last;
//! 3. locality: same settlement, hromada, raion, oblast, elsewhere (neutral without a location);
//! 4. urgency, then how much of the offer the need can use, then text similarity, then the
//!    oldest need first.

pub mod attributes;
pub mod reading;
mod reasons;

pub use attributes::{Attributes, Fit};
pub use reading::{Reading, quantity, read, split_items};
pub use reasons::Reason;

use crate::catalogue::fold::fold;
use crate::catalogue::items::ItemHit;
use crate::catalogue::{Catalogue, Locality, Relation};
use crate::domain::{Clock, Condition, Location, Need, Offer, Unit};
use chrono::{DateTime, Utc};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::Serialize;
use std::collections::HashMap;

/// What is being offered (from a saved offer or from the form while the caller talks).
#[derive(Debug, Clone, PartialEq)]
pub struct OfferQuery {
    pub item: String,
    /// The catalogue category; `None` means "classify `item`".
    pub category: Option<String>,
    pub quantity: i64,
    pub unit: Option<Unit>,
    pub condition: Condition,
    pub location: Location,
}

impl OfferQuery {
    pub fn from_offer(o: &Offer) -> OfferQuery {
        OfferQuery {
            item: o.item.clone(),
            category: o.category.clone(),
            quantity: o.tally.open(),
            unit: Some(o.unit),
            condition: o.condition,
            location: o.location.clone(),
        }
    }

    /// The category: given, or classified from the text.
    pub fn resolved_category(&self, cat: &Catalogue) -> Option<String> {
        cat.category_and_unit(&self.item, self.category.as_deref(), self.unit)
            .0
    }

    /// Every item the offer names: the given category alone, else each item of the text (with
    /// clothing moved to the children's or infants' branch when the text says who it is for).
    pub fn items(&self, cat: &Catalogue) -> Vec<ItemHit> {
        let read = items_for_audience(cat.classify_items(&self.item), &self.item);
        match &self.category {
            // A category chosen (or stored when the offer was saved) for a text that names it:
            // the text's own item of that category, with its term, ranks the needs as it did
            // while the operator typed (a need that names «чоботи» before one that only has
            // the category). Otherwise the whole text stands for the category.
            Some(c) => {
                let named: Vec<ItemHit> = read.into_iter().filter(|i| &i.category == c).collect();
                if named.is_empty() {
                    vec![whole_text_item(c, &self.item)]
                } else {
                    named
                }
            }
            None => read,
        }
    }
}

/// Clothing and footwear said to be for a child, or for an infant, belong to the children's or
/// infants' branch of the tree whatever word named them («зимова куртка на хлопчика» is
/// children's winter clothing, «футболки для дітей» children's clothing).
pub fn items_for_audience(mut items: Vec<ItemHit>, text: &str) -> Vec<ItemHit> {
    use attributes::Audience;
    if !items.iter().any(|i| i.category.starts_with("clothing")) {
        return items;
    }
    let attrs = attributes::read(text);
    let has = |f: &dyn Fn(Audience) -> bool| attrs.audience.iter().any(|(a, _)| f(*a));
    let infant = has(&|a| a == Audience::Infants);
    let adult = has(&|a| {
        matches!(
            a,
            Audience::Men | Audience::Women | Audience::Adults | Audience::Elderly
        )
    });
    let child = has(&|a| matches!(a, Audience::Children | Audience::Boys | Audience::Girls));
    if adult || !(infant || child) {
        return items;
    }
    for i in &mut items {
        let to = match i.category.as_str() {
            "clothing.adults" | "clothing.children" if infant => "clothing.infants",
            "clothing.adults.winter" | "clothing.children.winter" if infant => "clothing.infants",
            "clothing.adults" if child => "clothing.children",
            "clothing.adults.winter" if child => "clothing.children.winter",
            "clothing.footwear" | "clothing.footwear.winter" if child => {
                "clothing.footwear.children"
            }
            _ => continue,
        };
        i.category = to.to_string();
    }
    items
}

fn whole_text_item(category: &str, text: &str) -> ItemHit {
    ItemHit {
        category: category.to_string(),
        term: String::new(),
        text: text.to_string(),
        start: 0,
        end: text.len(),
        score: 1.0,
    }
}

/// The items a need names: each item of its text, and its stored category if the text did not
/// give it.
pub fn need_items(cat: &Catalogue, item: &str, category: Option<&str>) -> Vec<ItemHit> {
    let mut items = items_for_audience(cat.classify_items(item), item);
    if let Some(c) = category
        && !items.iter().any(|i| i.category == c)
    {
        items.push(whole_text_item(c, item));
    }
    items
}

/// The categories to store in the need-to-item table for a need.
pub fn need_item_categories(cat: &Catalogue, item: &str, category: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = need_items(cat, item, category)
        .into_iter()
        .map(|i| i.category)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether two items are the same thing said, not only the same category: the same catalogue
/// term, or words with the same loose stem («шорты» / «шорти»).
fn named_alike(a: &ItemHit, b: &ItemHit) -> bool {
    use crate::catalogue::items::loose_phrase;
    if !a.term.is_empty() && a.term == b.term {
        return true;
    }
    let (ka, kb) = (loose_phrase(&fold(&a.text)), loose_phrase(&fold(&b.text)));
    let stem = |k: &str| k.chars().take(5).collect::<String>();
    ka.chars().count() >= 4 && stem(&ka) == stem(&kb)
}

/// The best relation between any item of the offer and any item of the need: (relevance,
/// whether the need names the very thing, the offer's item, the need's item).
fn best_pair<'a>(
    cat: &Catalogue,
    offer: &'a [ItemHit],
    need: &'a [ItemHit],
) -> Option<(Relevance, bool, &'a ItemHit, &'a ItemHit)> {
    let mut best: Option<(Relevance, bool, &ItemHit, &ItemHit)> = None;
    for o in offer {
        for n in need {
            let r = match cat.relation(&o.category, &n.category) {
                Relation::Same => Relevance::Same,
                Relation::Narrower => Relevance::Narrower,
                Relation::Broader => Relevance::Broader,
                Relation::Related => Relevance::Related,
                Relation::Unrelated => continue,
            };
            let named = r == Relevance::Same && named_alike(o, n);
            if best.is_none_or(|b| (r, !named) < (b.0, !b.1)) {
                best = Some((r, named, o, n));
            }
        }
    }
    best
}

/// The ranked needs and the needs removed, with why.
pub type Explained = (Vec<Candidate<Need>>, Vec<Removed<Need>>);

/// Why a need or offer seen by the search was not suggested.
#[derive(Debug, Clone, Serialize)]
pub struct Removed<T> {
    pub record: T,
    pub rule: String,
}

/// How well the item fits, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relevance {
    Same,
    /// The offer is a kind of what the need asks for.
    Narrower,
    /// The offer is more general than what the need asks for.
    Broader,
    /// Listed as related in the catalogue (firewood for a need of coal).
    Related,
    /// No category on one side: compared by text.
    Text,
}

/// One ranked candidate: the record, why it ranks where it does, and how much to give it.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate<T> {
    pub record: T,
    pub relevance: Relevance,
    /// `None` when either side has no location (neutral).
    pub locality: Option<Locality>,
    /// Quantity suggested for this candidate by the split (0: the offer is used up above).
    pub allocate: i64,
    /// 0..1, non-increasing down the list.
    pub score: f64,
    /// Fuzzy similarity of the two texts, 0..1 (tie-breaker).
    pub similarity: f64,
    pub reasons: Vec<Reason>,
    /// The offer's item and the need's item that made it a candidate (category, words said).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<(ItemHit, ItemHit)>,
    /// Attributes on which the two texts agree.
    pub fits: Vec<Fit>,
}

impl<T> Candidate<T> {
    fn new(record: T, relevance: Relevance, locality: Option<Locality>, similarity: f64) -> Self {
        Candidate {
            record,
            relevance,
            locality,
            allocate: 0,
            score: 0.0,
            similarity,
            reasons: Vec::new(),
            items: None,
            fits: Vec::new(),
        }
    }
}

/// How near two locations are, from their KATOTTG hierarchy; `None` if either is unknown.
pub fn locality(a: &Location, b: &Location) -> Option<Locality> {
    (a.is_known() && b.is_known())
        .then(|| crate::catalogue::places::locality_of(a.hierarchy(), b.hierarchy()))
}

fn locality_rank(l: Option<Locality>, query_has_location: bool) -> u32 {
    match (l, query_has_location) {
        // No location given for the offer: locality is neutral for every need.
        (_, false) => 0,
        (Some(l), true) => l as u32,
        // The offer has a place but the need has none: after every located need.
        (None, true) => 5,
    }
}

/// How item texts compare when categories cannot say.
#[derive(Default)]
pub struct TextSimilarity {
    matcher: SkimMatcherV2,
}

impl TextSimilarity {
    /// 0..1: how much of `query`'s words fuzzy-match `text`, on folded text (the matcher folds
    /// case only for ASCII, so Cyrillic must arrive folded).
    pub fn score(&self, query: &str, text: &str) -> f64 {
        let q = fold(query);
        let t = fold(text);
        let words: Vec<&str> = q.split(' ').filter(|w| w.chars().count() >= 3).collect();
        if words.is_empty() {
            return 0.0;
        }
        let hits = words
            .iter()
            .filter(|w| {
                let stem: String = w.chars().take(w.chars().count().clamp(3, 5)).collect();
                self.matcher.fuzzy_match(&t, &stem).is_some()
            })
            .count();
        hits as f64 / words.len() as f64
    }
}

/// Rank `needs` for the offer: filters, sort, allocation and reasons. `limit` cuts the list
/// after allocation (0: no limit).
pub fn rank_needs(
    query: &OfferQuery,
    needs: Vec<Need>,
    cat: &Catalogue,
    clock: &dyn Clock,
    limit: usize,
) -> Vec<Candidate<Need>> {
    rank_needs_explained(query, needs, cat, clock, limit).0
}

/// [`rank_needs`], also returning every need it removed with the rule that removed it.
pub fn rank_needs_explained(
    query: &OfferQuery,
    needs: Vec<Need>,
    cat: &Catalogue,
    clock: &dyn Clock,
    limit: usize,
) -> Explained {
    let offer_items = query.items(cat);
    let offer_cats: Vec<String> = offer_items.iter().map(|i| i.category.clone()).collect();
    let offer_attrs = attributes::with_category_season(attributes::read(&query.item), &offer_cats);
    let category = offer_items.first().map(|i| i.category.clone());
    let text = TextSimilarity::default();
    // "Today" is the call centre's date: a needed-by date ends at the local midnight.
    let now = clock.now();
    let today = clock.today();
    let has_location = query.location.is_known();
    let mut removed = Vec::new();
    let mut memo: HashMap<(String, Option<String>), Vec<ItemHit>> = HashMap::new();
    let mut out: Vec<(SortKey, Candidate<Need>)> = Vec::new();
    for n in needs {
        let rule = if n.tally.open() <= 0 || n.closed {
            Some("closed or nothing left open".to_string())
        } else if n.needed_by.is_some_and(|d| d < today) {
            Some("past its needed-by date".to_string())
        } else if !n.accepts.accepts(query.condition) {
            Some(format!(
                "takes new items only; the offer is {}",
                query.condition.as_str()
            ))
        } else {
            None
        };
        if let Some(rule) = rule {
            removed.push(Removed { record: n, rule });
            continue;
        }
        let similarity = text.score(&query.item, &n.item);
        let items = memo
            .entry((n.item.clone(), n.category.clone()))
            .or_insert_with(|| need_items(cat, &n.item, n.category.as_deref()))
            .clone();
        let pair = if offer_items.is_empty() || items.is_empty() {
            (similarity >= 0.5).then_some((Relevance::Text, false, None))
        } else {
            best_pair(cat, &offer_items, &items)
                .map(|(r, named, o, i)| (r, named, Some((o.clone(), i.clone()))))
        };
        let Some((relevance, named, pair)) = pair else {
            let rule = if offer_items.is_empty() || items.is_empty() {
                "no category on one side and the texts differ".to_string()
            } else {
                format!(
                    "unrelated item: offer {} vs need {}",
                    offer_cats.join("+"),
                    items
                        .iter()
                        .map(|i| i.category.as_str())
                        .collect::<Vec<_>>()
                        .join("+")
                )
            };
            removed.push(Removed { record: n, rule });
            continue;
        };
        let need_cats: Vec<String> = items.iter().map(|i| i.category.clone()).collect();
        let need_attrs = attributes::with_category_season(attributes::read(&n.item), &need_cats);
        let fits = match attributes::compare(&offer_attrs, &need_attrs) {
            Ok(f) => f,
            Err(why) => {
                removed.push(Removed {
                    record: n,
                    rule: format!("attribute conflict: {why}"),
                });
                continue;
            }
        };
        let loc = locality(&query.location, &n.location);
        let fill = n.tally.open().min(query.quantity) as f64 / query.quantity.max(1) as f64;
        let key = SortKey {
            relevance,
            named: u32::from(!named),
            locality: locality_rank(loc, has_location),
            fit: u32::from(fits.is_empty()),
            urgency: n.urgency.rank() as u32,
            fill_tenths: (fill * 10.0).round() as u32,
            similarity,
            created: n.created_at,
            id: n.id,
        };
        let mut c = Candidate::new(n, relevance, loc, similarity);
        c.items = pair;
        c.fits = fits;
        out.push((key, c));
    }
    // Quantities are split only between the same or convertible units (kg ↔ t, l ↔ ml).
    let open_in_offer_units = |n: &Need| match query.unit {
        Some(u) => n.unit.convert(n.tally.open(), u).unwrap_or(0),
        None => n.tally.open(),
    };
    let ranked = finish(out, query.quantity, limit, open_in_offer_units, |c| {
        need_reasons(c, query, category.as_deref(), cat, now, has_location)
    });
    (ranked, removed)
}

/// Sort, score, split `quantity` best first, and give each candidate its reasons.
fn finish<T>(
    mut out: Vec<(SortKey, Candidate<T>)>,
    quantity: i64,
    limit: usize,
    open: impl Fn(&T) -> i64,
    reasons: impl Fn(&Candidate<T>) -> Vec<Reason>,
) -> Vec<Candidate<T>> {
    out.sort_by(|a, b| a.0.cmp(&b.0));
    let mut remaining = quantity;
    let mut ranked = Vec::with_capacity(out.len());
    for (key, mut c) in out {
        c.score = key.score();
        c.allocate = remaining.min(open(&c.record)).max(0);
        remaining -= c.allocate;
        c.reasons = reasons(&c);
        ranked.push(c);
        if limit > 0 && ranked.len() >= limit {
            break;
        }
    }
    ranked
}

/// The reason for the item relevance: names the category that explains it.
fn relevance_reason(
    relevance: Relevance,
    cat: &Catalogue,
    offer: Option<&str>,
    need: Option<&str>,
) -> Reason {
    let name = |id: Option<&str>| {
        id.and_then(|i| cat.get(i))
            .map(|c| (c.name_uk.clone(), c.name_en.clone()))
            .unwrap_or_default()
    };
    match relevance {
        Relevance::Same => Reason::SameItem(name(need)),
        Relevance::Narrower => Reason::FitsBroaderNeed(name(need)),
        Relevance::Broader => Reason::BroaderThanAsked(name(offer)),
        Relevance::Related => Reason::RelatedItem(name(need)),
        Relevance::Text => Reason::SimilarText,
    }
}

fn locality_reason(locality: Option<Locality>, has_location: bool) -> Reason {
    if has_location {
        Reason::Locality(locality)
    } else {
        Reason::NoLocation
    }
}

/// The sort key; `score()` encodes its first four parts so the score falls down the list.
#[derive(Debug, Clone, PartialEq)]
struct SortKey {
    relevance: Relevance,
    /// 0: the need names the very thing offered (same term or stem), not only its category.
    named: u32,
    locality: u32,
    urgency: u32,
    /// 0: some attribute agrees; 1: none said on one side (neutral).
    fit: u32,
    fill_tenths: u32,
    similarity: f64,
    created: DateTime<Utc>,
    id: i64,
}

impl Eq for SortKey {}

impl PartialOrd for SortKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SortKey {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.relevance
            .cmp(&o.relevance)
            .then(self.locality.cmp(&o.locality))
            .then(self.urgency.cmp(&o.urgency))
            .then(self.named.cmp(&o.named))
            .then(self.fit.cmp(&o.fit))
            .then(o.fill_tenths.cmp(&self.fill_tenths))
            .then(o.similarity.total_cmp(&self.similarity))
            .then(self.created.cmp(&o.created))
            .then(self.id.cmp(&o.id))
    }
}

impl SortKey {
    /// A mixed-radix reading of (relevance, locality, urgency, fill) mapped onto 1..0.
    fn score(&self) -> f64 {
        const REL: u32 = 5;
        const LOC: u32 = 6;
        const URG: u32 = 4;
        const FILL: u32 = 11;
        let index = ((self.relevance as u32 * LOC + self.locality) * URG + self.urgency) * FILL
            + (10 - self.fill_tenths.min(10));
        let max = REL * LOC * URG * FILL;
        let s = 1.0 - index as f64 / max as f64;
        (s * 1000.0).round() / 1000.0
    }
}

fn need_reasons(
    c: &Candidate<Need>,
    query: &OfferQuery,
    offer_category: Option<&str>,
    cat: &Catalogue,
    now: DateTime<Utc>,
    has_location: bool,
) -> Vec<Reason> {
    let n = &c.record;
    let need_cat = c
        .items
        .as_ref()
        .map(|(_, i)| i.category.as_str())
        .or(n.category.as_deref());
    let offer_cat = c
        .items
        .as_ref()
        .map(|(o, _)| o.category.as_str())
        .or(offer_category);
    let mut r = vec![relevance_reason(c.relevance, cat, offer_cat, need_cat)];
    if let Some((_, i)) = &c.items
        && i.text.trim() != n.item.trim()
    {
        r.push(Reason::ItemIn(i.text.clone(), n.item.clone()));
    }
    r.extend(c.fits.iter().cloned().map(Reason::Fits));
    r.push(locality_reason(c.locality, has_location));
    r.push(Reason::Urgency(n.urgency));
    // The offer's quantity and the split are in the offer's unit; the need's open quantity is
    // read in it too (2 t open takes all of 500 kg).
    if let Some(u) = query.unit.filter(|u| !u.comparable(n.unit)) {
        r.push(Reason::UnitsDiffer(u, n.unit));
    } else {
        let unit = query.unit.unwrap_or(n.unit);
        let open = n.unit.convert(n.tally.open(), unit).unwrap_or(0);
        if open >= query.quantity {
            r.push(Reason::TakesAll(query.quantity, unit));
        } else {
            r.push(Reason::TakesPart(open, query.quantity, unit));
        }
        if c.allocate > 0 && c.allocate < query.quantity {
            r.push(Reason::Split(c.allocate, unit));
        }
    }
    if n.accepts == crate::domain::Accepts::New {
        r.push(Reason::AcceptsNewOnly);
    }
    let days = (now - n.created_at).num_days();
    if days > 0 {
        r.push(Reason::Waiting(days));
    }
    r
}

/// Rank open offers for a need (the reverse search): the same rules seen from the need's side —
/// relevance, locality, then how much of the need the offer covers, then the oldest offer.
pub fn rank_offers(
    need: &Need,
    offers: Vec<Offer>,
    cat: &Catalogue,
    clock: &dyn Clock,
    limit: usize,
) -> Vec<Candidate<Offer>> {
    let text = TextSimilarity::default();
    // "Today" is the call centre's date: a needed-by date ends at the local midnight.
    let today = clock.today();
    let need_open = need.tally.open();
    let need_its = need_items(cat, &need.item, need.category.as_deref());
    let need_cats: Vec<String> = need_its.iter().map(|i| i.category.clone()).collect();
    let need_attrs = attributes::with_category_season(attributes::read(&need.item), &need_cats);
    let has_location = need.location.is_known();
    // Hard filter: a need with nothing left open, closed or past its date takes no offers.
    if need_open <= 0 || need.closed || need.needed_by.is_some_and(|d| d < today) {
        return Vec::new();
    }
    let out: Vec<(SortKey, Candidate<Offer>)> = offers
        .into_iter()
        .filter(|o| o.tally.open() > 0 && !o.withdrawn)
        .filter(|o| o.available_until.is_none_or(|d| d >= today))
        .filter(|o| need.accepts.accepts(o.condition))
        .filter_map(|o| {
            let similarity = text.score(&need.item, &o.item);
            let offer_items = match &o.category {
                Some(c) => vec![whole_text_item(c, &o.item)],
                None => items_for_audience(cat.classify_items(&o.item), &o.item),
            };
            let relevance = if offer_items.is_empty() || need_its.is_empty() {
                (similarity >= 0.5).then_some(Relevance::Text)?
            } else {
                best_pair(cat, &offer_items, &need_its)?.0
            };
            let named = 1;
            let offer_cats: Vec<String> = offer_items.iter().map(|i| i.category.clone()).collect();
            let offer_attrs =
                attributes::with_category_season(attributes::read(&o.item), &offer_cats);
            let fits = attributes::compare(&offer_attrs, &need_attrs).ok()?;
            let loc = locality(&need.location, &o.location);
            let fill = o.tally.open().min(need_open) as f64 / need_open.max(1) as f64;
            let key = SortKey {
                relevance,
                named,
                locality: locality_rank(loc, has_location),
                fit: u32::from(fits.is_empty()),
                urgency: 0,
                fill_tenths: (fill * 10.0).round() as u32,
                similarity,
                created: o.created_at,
                id: o.id,
            };
            let mut c = Candidate::new(o, relevance, loc, similarity);
            c.fits = fits;
            Some((key, c))
        })
        .collect();
    finish(
        out,
        need_open,
        limit,
        |o| o.unit.convert(o.tally.open(), need.unit).unwrap_or(0),
        |c| {
            let o = &c.record;
            vec![
                relevance_reason(
                    c.relevance,
                    cat,
                    o.category.as_deref(),
                    need.category.as_deref(),
                ),
                locality_reason(c.locality, has_location),
                // Both in the need's unit (an offer of 500 kg takes part of 2 t).
                match o.unit.convert(o.tally.open(), need.unit) {
                    None => Reason::UnitsDiffer(o.unit, need.unit),
                    Some(open) if open >= need_open => Reason::TakesAll(need_open, need.unit),
                    Some(open) => Reason::TakesPart(open, need_open, need.unit),
                },
            ]
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Accepts, FixedClock, Offer, Tally, Urgency};
    use chrono::{NaiveDate, TimeZone};

    fn blankets_needed_by(needed_by: NaiveDate) -> Need {
        Need {
            id: 1,
            org_id: 1,
            organisation: "БФ «Схід»".into(),
            partner_ref: None,
            item: "ковдри".into(),
            category: Some("bedding.blankets".into()),
            unit: Unit::Pcs,
            tally: Tally::new(20),
            urgency: Urgency::High,
            location: Location::default(),
            accepts: Accepts::Any,
            needed_by: Some(needed_by),
            notes: None,
            closed: false,
            created_at: Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap(),
            reviewed_at: None,
        }
    }

    #[test]
    fn a_saved_offer_ranks_needs_as_its_text_did_while_typed() {
        let cat = Catalogue::builtin();
        let clock = FixedClock(Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap());
        let needs: Vec<Need> = [
            (1, "Одяг: зимние ботинки, шарфов", 22),
            (2, "чобіт", 50),
            (3, "Одяг: сапоги, носков", 56),
        ]
        .into_iter()
        .map(|(id, item, qty)| {
            let mut n = blankets_needed_by(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap());
            n.id = id;
            n.item = item.into();
            n.category = None;
            n.unit = Unit::Pairs;
            n.tally = Tally::new(qty);
            n.urgency = Urgency::Normal;
            n
        })
        .collect();
        let typed = OfferQuery {
            item: "віддам 2 пари чобіт зимових 40 розміру".into(),
            category: None,
            quantity: 2,
            unit: Some(Unit::Pairs),
            condition: Condition::Good,
            location: Location::default(),
        };
        // Saved, the offer carries the category its text was classified into.
        let saved = OfferQuery {
            category: typed.resolved_category(cat),
            ..typed.clone()
        };
        assert_eq!(saved.category.as_deref(), Some("clothing.footwear.winter"));
        let order = |q: &OfferQuery| -> Vec<i64> {
            rank_needs(q, needs.clone(), cat, &clock, 0)
                .iter()
                .map(|c| c.record.id)
                .collect()
        };
        assert_eq!(order(&typed)[0], 2, "the need that names «чоботи» first");
        assert_eq!(order(&saved), order(&typed));
    }

    #[test]
    fn reasons_read_both_quantities_in_one_unit() {
        let cat = Catalogue::builtin();
        let clock = FixedClock(Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap());
        let mut coal = blankets_needed_by(NaiveDate::from_ymd_opt(2027, 3, 1).unwrap());
        coal.item = "вугілля кам'яне".into();
        coal.category = Some("fuel.coal".into());
        coal.unit = Unit::Tonnes;
        coal.tally = Tally::new(2);
        let reasons = |quantity: i64| {
            let query = OfferQuery {
                item: "вугілля".into(),
                category: None,
                quantity,
                unit: Some(Unit::Kg),
                condition: Condition::Good,
                location: Location::default(),
            };
            let kept = rank_needs(&query, vec![coal.clone()], cat, &clock, 0);
            assert_eq!(kept.len(), 1);
            kept[0].reasons.clone()
        };
        // 500 kg into 2 t open: all of it, in kilograms.
        assert!(reasons(500).contains(&Reason::TakesAll(500, Unit::Kg)));
        // 3000 kg: the need takes 2000 of them.
        assert!(reasons(3000).contains(&Reason::TakesPart(2000, 3000, Unit::Kg)));
        // From the need's side, in the need's tonnes: 3000 kg takes all 2 t, 1000 kg takes 1 of 2.
        let offer = |kg: i64| Offer {
            id: 7,
            donor_id: 1,
            donor_name: None,
            donor_phone: None,
            item: "вугілля".into(),
            category: Some("fuel.coal".into()),
            unit: Unit::Kg,
            tally: Tally::new(kg),
            condition: Condition::Good,
            location: Location::default(),
            notes: None,
            available_until: None,
            withdrawn: false,
            created_at: Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap(),
        };
        let kept = rank_offers(&coal, vec![offer(3000)], cat, &clock, 0);
        assert!(
            kept[0].reasons.contains(&Reason::TakesAll(2, Unit::Tonnes)),
            "{:?}",
            kept[0].reasons
        );
        let kept = rank_offers(&coal, vec![offer(1000)], cat, &clock, 0);
        assert!(
            kept[0]
                .reasons
                .contains(&Reason::TakesPart(1, 2, Unit::Tonnes)),
            "{:?}",
            kept[0].reasons
        );
    }

    #[test]
    fn needed_by_ends_at_the_call_centres_midnight_not_utcs() {
        let cat = Catalogue::builtin();
        let query = OfferQuery {
            item: "ковдри вовняні".into(),
            category: None,
            quantity: 5,
            unit: None,
            condition: Condition::Good,
            location: Location::default(),
        };
        let dec1 = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        // 23:30 UTC on 1 December is 01:30 on 2 December in Kyiv: the 1st is over there.
        let late = FixedClock(Utc.with_ymd_and_hms(2026, 12, 1, 23, 30, 0).unwrap());
        assert_eq!(late.zone(), crate::domain::DEFAULT_ZONE);
        let (kept, removed) =
            rank_needs_explained(&query, vec![blankets_needed_by(dec1)], cat, &late, 0);
        assert!(kept.is_empty(), "a need due yesterday (Kyiv) was suggested");
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].rule, "past its needed-by date");
        let mut offer_side = blankets_needed_by(dec1);
        offer_side.id = 2;
        assert!(rank_offers(&offer_side, Vec::new(), cat, &late, 0).is_empty());
        // Earlier the same UTC day (21:30 UTC = 23:30 in Kyiv) it is still open.
        let evening = FixedClock(Utc.with_ymd_and_hms(2026, 12, 1, 21, 30, 0).unwrap());
        let (kept, removed) =
            rank_needs_explained(&query, vec![blankets_needed_by(dec1)], cat, &evening, 0);
        assert!(removed.is_empty(), "{:?}", removed.first().map(|r| &r.rule));
        assert_eq!(kept.len(), 1);
    }
}
