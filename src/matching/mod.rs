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

mod reasons;

pub use reasons::Reason;

use crate::catalogue::fold::fold;
use crate::catalogue::{Catalogue, Locality, Relation};
use crate::domain::{Condition, Location, Need, Offer, Unit};
use chrono::{DateTime, Utc};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use serde::Serialize;

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
    now: DateTime<Utc>,
    limit: usize,
) -> Vec<Candidate<Need>> {
    let category = query.resolved_category(cat);
    let text = TextSimilarity::default();
    let today = now.date_naive();
    let has_location = query.location.is_known();
    let out: Vec<(SortKey, Candidate<Need>)> = needs
        .into_iter()
        .filter(|n| n.tally.open() > 0 && !n.closed)
        .filter(|n| n.needed_by.is_none_or(|d| d >= today))
        .filter(|n| n.accepts.accepts(query.condition))
        .filter_map(|n| {
            let similarity = text.score(&query.item, &n.item);
            let relevance = relevance(cat, category.as_deref(), n.category.as_deref(), similarity)?;
            let loc = locality(&query.location, &n.location);
            let fill = n.tally.open().min(query.quantity) as f64 / query.quantity.max(1) as f64;
            let key = SortKey {
                relevance,
                locality: locality_rank(loc, has_location),
                urgency: n.urgency.rank() as u32,
                fill_tenths: (fill * 10.0).round() as u32,
                similarity,
                created: n.created_at,
                id: n.id,
            };
            Some((key, Candidate::new(n, relevance, loc, similarity)))
        })
        .collect();
    // Quantities are split only between the same or convertible units (kg ↔ t, l ↔ ml).
    let open_in_offer_units = |n: &Need| match query.unit {
        Some(u) => n.unit.convert(n.tally.open(), u).unwrap_or(0),
        None => n.tally.open(),
    };
    finish(out, query.quantity, limit, open_in_offer_units, |c| {
        need_reasons(c, query, category.as_deref(), cat, now, has_location)
    })
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

fn relevance(
    cat: &Catalogue,
    offer: Option<&str>,
    need: Option<&str>,
    similarity: f64,
) -> Option<Relevance> {
    match (offer, need) {
        (Some(o), Some(n)) => match cat.relation(o, n) {
            Relation::Same => Some(Relevance::Same),
            Relation::Narrower => Some(Relevance::Narrower),
            Relation::Broader => Some(Relevance::Broader),
            Relation::Unrelated => None,
        },
        // One side has no category: only a clear text likeness makes it a candidate.
        _ => (similarity >= 0.5).then_some(Relevance::Text),
    }
}

/// The sort key; `score()` encodes its first four parts so the score falls down the list.
#[derive(Debug, Clone, PartialEq)]
struct SortKey {
    relevance: Relevance,
    locality: u32,
    urgency: u32,
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
            .then(o.fill_tenths.cmp(&self.fill_tenths))
            .then(o.similarity.total_cmp(&self.similarity))
            .then(self.created.cmp(&o.created))
            .then(self.id.cmp(&o.id))
    }
}

impl SortKey {
    /// A mixed-radix reading of (relevance, locality, urgency, fill) mapped onto 1..0.
    fn score(&self) -> f64 {
        const REL: u32 = 4;
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
    let mut r = vec![
        relevance_reason(c.relevance, cat, offer_category, n.category.as_deref()),
        locality_reason(c.locality, has_location),
    ];
    r.push(Reason::Urgency(n.urgency));
    let open = n.tally.open();
    if let Some(u) = query.unit.filter(|u| !u.comparable(n.unit)) {
        r.push(Reason::UnitsDiffer(u, n.unit));
    } else if open >= query.quantity {
        r.push(Reason::TakesAll(query.quantity, n.unit));
    } else {
        r.push(Reason::TakesPart(open, query.quantity, n.unit));
    }
    if c.allocate > 0 && c.allocate < query.quantity {
        r.push(Reason::Split(c.allocate, n.unit));
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
    now: DateTime<Utc>,
    limit: usize,
) -> Vec<Candidate<Offer>> {
    let text = TextSimilarity::default();
    let today = now.date_naive();
    let need_open = need.tally.open();
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
            let relevance = relevance(
                cat,
                o.category.as_deref(),
                need.category.as_deref(),
                similarity,
            )?;
            let loc = locality(&need.location, &o.location);
            let fill = o.tally.open().min(need_open) as f64 / need_open.max(1) as f64;
            let key = SortKey {
                relevance,
                locality: locality_rank(loc, has_location),
                urgency: 0,
                fill_tenths: (fill * 10.0).round() as u32,
                similarity,
                created: o.created_at,
                id: o.id,
            };
            Some((key, Candidate::new(o, relevance, loc, similarity)))
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
                if !o.unit.comparable(need.unit) {
                    Reason::UnitsDiffer(o.unit, need.unit)
                } else if o.tally.open() >= need_open {
                    Reason::TakesAll(need_open, need.unit)
                } else {
                    Reason::TakesPart(o.tally.open(), need_open, need.unit)
                },
            ]
        },
    )
}
