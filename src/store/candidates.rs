//! Fetching match candidates through the partial indexes: per category of the item's family and
//! per locality tier, narrowest first, each query already in urgency order with a LIMIT, so a
//! suggestion reads a few hundred rows however large the registry is. The ranking itself is
//! `matching`'s.

use super::{Result, Store, rows};
use crate::catalogue::{Catalogue, Relation};
use crate::domain::{Location, Need, Offer};
use crate::matching::{self, Candidate, OfferQuery};
use rusqlite::types::Value;
use std::collections::HashSet;

const OPEN_NEED: &str = "n.closed = 0 AND n.quantity > n.proposed + n.confirmed + n.delivered";

/// One candidate query: needs naming an item category (through `need_items`, whose indexes give
/// the tier and urgency order) or, for an offer with no item, needs with no category; open, not
/// expired (`?` today), and a new-only need only for a new item (`?` condition).
fn need_candidate_sql(has_category: bool, tier_sql: &str, limit: usize) -> String {
    if has_category {
        format!(
            "SELECT {} FROM need_items i CROSS JOIN needs n ON n.id = i.need_id
               JOIN organisations o ON o.id = n.org_id
             WHERE i.category = ? {tier_sql} AND {OPEN_NEED}
               AND (n.needed_by IS NULL OR n.needed_by >= ?) AND (n.accepts = 'any' OR ? = 'new')
             ORDER BY i.urgency, i.need_id LIMIT {limit}",
            rows::NEED_COLUMNS
        )
    } else {
        format!(
            "SELECT {} FROM {} WHERE n.category IS NULL AND {OPEN_NEED} {}
               AND (n.needed_by IS NULL OR n.needed_by >= ?) AND (n.accepts = 'any' OR ? = 'new')
             ORDER BY n.urgency, n.id LIMIT {limit}",
            rows::NEED_COLUMNS,
            rows::NEED_FROM,
            tier_sql.replace(" i.", " n.")
        )
    }
}

/// The tiers of a located offer, narrowest first: (extra WHERE on `i.`, its arguments).
///
/// Tier `d` (settlement, hromada, raion, oblast) holds the needs whose hierarchy equals the
/// offer's down to level `d` and differs just below it; the last holds the other oblasts.
/// Comparisons are NULL-safe (`IS`, `IS NOT`), so a place without some level (Kyiv has no raion
/// or hromada) still gets every tier, and the tiers always partition the registry.
pub(crate) fn need_tiers(loc: &Location) -> Vec<(String, Vec<Value>)> {
    if loc.oblast.is_none() {
        return vec![(String::new(), vec![])];
    }
    let levels = [
        ("i.oblast_code", &loc.oblast),
        ("i.raion_code", &loc.raion),
        ("i.hromada_code", &loc.hromada),
        ("i.settlement_code", &loc.settlement),
    ];
    let mut tiers = Vec::new();
    for depth in (0..levels.len()).rev() {
        let mut sql = String::new();
        let mut args = Vec::new();
        for (column, value) in &levels[..=depth] {
            sql.push_str(&format!(" AND {column} IS ?"));
            args.push(Value::from((*value).clone()));
        }
        if let Some((column, value)) = levels.get(depth + 1) {
            sql.push_str(&format!(" AND {column} IS NOT ?"));
            args.push(Value::from((*value).clone()));
        }
        tiers.push((sql, args));
    }
    tiers.push((
        " AND i.oblast_code IS NOT ?".into(),
        vec![Value::from(loc.oblast.clone())],
    ));
    tiers
}

/// The categories whose needs may take an offer naming `items`, in relevance order: each item's
/// own, then broader, then narrower, then related (each category once, at its best rank).
pub fn offer_search_categories(cat: &Catalogue, items: &[String]) -> Vec<(Relation, String)> {
    let mut out: Vec<(Relation, String)> = Vec::new();
    for c in items {
        let mut fam: Vec<String> = cat.family(c);
        fam.extend(cat.related(c));
        for f in fam {
            let r = cat.relation(c, &f);
            match out.iter_mut().find(|(_, x)| *x == f) {
                Some(e) if r < e.0 => e.0 = r,
                Some(_) => {}
                None => out.push((r, f)),
            }
        }
    }
    out.sort_by_key(|(r, _)| *r);
    out
}

impl Store {
    /// The best open needs for an offer (saved or being typed), ranked, with the offer split
    /// over them.
    pub fn suggest_needs(&self, query: &OfferQuery, limit: usize) -> Result<Vec<Candidate<Need>>> {
        Ok(self.suggest_needs_explained(query, limit)?.0)
    }

    /// [`Store::suggest_needs`], also returning every need the search read but did not suggest,
    /// with the rule that removed it (for `match suggest --explain`).
    pub fn suggest_needs_explained(
        &self,
        query: &OfferQuery,
        limit: usize,
    ) -> Result<matching::Explained> {
        self.require(super::access::Permission::Propose, None)?;
        let cat = Catalogue::builtin();
        let limit = limit.max(1);
        let per_query = (limit * 3).max(30);
        let items: Vec<String> = query.items(cat).into_iter().map(|i| i.category).collect();
        let offer_attrs = matching::attributes::read(&query.item);
        let today = self.clock().today().to_string();
        let groups: Vec<Option<String>> = if items.is_empty() {
            vec![None]
        } else {
            offer_search_categories(cat, &items)
                .into_iter()
                .map(|(_, c)| Some(c))
                .collect()
        };
        let mut seen = HashSet::new();
        let mut needs: Vec<Need> = Vec::new();
        // Needs that pass the attribute check: the ones that count towards `per_query`.
        let mut usable = 0;
        let tiers = need_tiers(&query.location);
        'groups: for fam_cat in &groups {
            for (tier_sql, tier_args) in &tiers {
                let sql = need_candidate_sql(fam_cat.is_some(), tier_sql, per_query);
                let mut args: Vec<Value> = Vec::new();
                if let Some(c) = fam_cat {
                    args.push(Value::from(c.clone()));
                }
                args.extend(tier_args.iter().cloned());
                args.push(Value::from(today.clone()));
                args.push(Value::from(query.condition.as_str().to_string()));
                let mut stmt = self.conn().prepare_cached(&sql)?;
                for need in stmt.query_map(rusqlite::params_from_iter(args), rows::need)? {
                    let need = need?;
                    if seen.insert(need.id) {
                        let attrs = matching::attributes::read(&need.item);
                        if matching::attributes::compare(&offer_attrs, &attrs).is_ok() {
                            usable += 1;
                        }
                        needs.push(need);
                    }
                }
                // Everything after this point ranks below what is already in hand.
                if usable >= per_query {
                    break 'groups;
                }
            }
        }
        Ok(matching::rank_needs_explained(
            query,
            needs,
            cat,
            self.clock(),
            limit,
        ))
    }

    /// The best open offers for a need, ranked, with the need's open quantity split over them.
    pub fn suggest_offers(&self, need_id: i64, limit: usize) -> Result<Vec<Candidate<Offer>>> {
        self.require(super::access::Permission::SeeOffers, None)?;
        let cat = Catalogue::builtin();
        let need = self.need(need_id)?;
        let per_query = (limit.max(1) * 3).max(30);
        let need_cats = matching::need_item_categories(cat, &need.item, need.category.as_deref());
        let categories: Vec<Option<String>> = if need_cats.is_empty() {
            vec![None]
        } else {
            // The same search seen from the need: offers whose category is in the family or
            // related to one of the need's items.
            offer_search_categories(cat, &need_cats)
                .into_iter()
                .map(|(_, c)| Some(c))
                .collect()
        };
        let today = self.clock().today().to_string();
        let mut seen = HashSet::new();
        let mut offers = Vec::new();
        for c in &categories {
            for same_oblast in [true, false] {
                if same_oblast && need.location.oblast.is_none() {
                    continue;
                }
                let sql = format!(
                    "SELECT {} FROM {} WHERE {} AND f.withdrawn = 0
                       AND f.quantity > f.proposed + f.confirmed + f.delivered {}
                       AND (f.available_until IS NULL OR f.available_until >= ?)
                     ORDER BY f.id LIMIT {per_query}",
                    rows::OFFER_COLUMNS,
                    rows::OFFER_FROM,
                    if c.is_some() {
                        "f.category = ?"
                    } else {
                        "f.category IS NULL"
                    },
                    if same_oblast {
                        "AND f.oblast_code = ?"
                    } else {
                        ""
                    },
                );
                let mut args: Vec<Value> = Vec::new();
                if let Some(c) = c {
                    args.push(Value::from(c.clone()));
                }
                if same_oblast {
                    args.push(Value::from(need.location.oblast.clone()));
                }
                args.push(Value::from(today.clone()));
                let mut stmt = self.conn().prepare_cached(&sql)?;
                for offer in stmt.query_map(rusqlite::params_from_iter(args), rows::offer)? {
                    let offer = offer?;
                    if seen.insert(offer.id) {
                        offers.push(offer);
                    }
                }
            }
        }
        Ok(matching::rank_offers(
            &need,
            offers,
            cat,
            self.clock(),
            limit,
        ))
    }

    /// The query plans of the candidate queries, for tests that check the indexes are used.
    pub fn explain_need_candidates(&self, query: &OfferQuery) -> Result<Vec<String>> {
        let mut plans = Vec::new();
        for (tier_sql, tier_args) in need_tiers(&query.location) {
            let sql = format!(
                "EXPLAIN QUERY PLAN {}",
                need_candidate_sql(true, &tier_sql, 30)
            );
            let mut args = vec![Value::from("bedding.blankets".to_string())];
            // (the tier arguments follow the category)
            args.extend(tier_args);
            args.push(Value::from("2026-01-01".to_string()));
            args.push(Value::from("good".to_string()));
            let mut stmt = self.conn().prepare(&sql)?;
            let detail: Vec<String> = stmt
                .query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3))?
                .collect::<rusqlite::Result<_>>()?;
            plans.push(detail.join(" | "));
        }
        Ok(plans)
    }
}

/// A typed place read for matching: never an error. An unknown or ambiguous place gives a
/// location with the text only (ranked without locality), a one-line note saying so, and, when
/// ambiguous, the places it may mean for the operator to pick from.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceReading {
    pub location: Location,
    /// `None` when the place resolved (or none was given).
    pub note: Option<String>,
    pub candidates: Vec<Location>,
}

/// Read a typed place for matching (see [`PlaceReading`]).
pub fn read_place(text: Option<&str>) -> PlaceReading {
    use crate::catalogue::{Gazetteer, PlaceError};
    let typed = text.map(str::trim).filter(|t| !t.is_empty());
    match super::resolve_location(typed) {
        Ok(location) => PlaceReading {
            location,
            note: None,
            candidates: Vec::new(),
        },
        Err(e) => {
            let t = typed.unwrap_or_default();
            let gaz = Gazetteer::builtin();
            let candidates: Vec<Location> = gaz
                .candidates(t)
                .into_iter()
                .map(|p| super::location_of(p, Some(gaz.display(p))))
                .collect();
            let note = match e {
                PlaceError::NotFound(_) => {
                    format!("location: no place called '{t}'; ranked without locality")
                }
                PlaceError::Ambiguous { .. } => format!(
                    "location: '{t}' may be {} places ({}); ranked without locality",
                    candidates.len(),
                    candidates
                        .iter()
                        .take(crate::catalogue::places::MAX_CANDIDATES)
                        .filter_map(|c| c.text.clone())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            };
            PlaceReading {
                location: Location {
                    text: Some(t.to_string()),
                    ..Location::default()
                },
                note: Some(note),
                candidates,
            }
        }
    }
}
