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

/// One candidate query: a category (or none), a tier, open, not expired (`?` today), and a
/// new-only need only for a new item (`?` condition); in the order of the partial indexes.
fn need_candidate_sql(has_category: bool, tier_sql: &str, limit: usize) -> String {
    let category_sql = if has_category {
        "n.category = ?"
    } else {
        "n.category IS NULL"
    };
    format!(
        "SELECT {} FROM {} WHERE {category_sql} AND {OPEN_NEED} {tier_sql}
           AND (n.needed_by IS NULL OR n.needed_by >= ?) AND (n.accepts = 'any' OR ? = 'new')
         ORDER BY n.urgency, n.id LIMIT {limit}",
        rows::NEED_COLUMNS,
        rows::NEED_FROM
    )
}

/// The tiers of a located offer, narrowest first: (extra WHERE, its arguments).
///
/// Tier `d` (settlement, hromada, raion, oblast) holds the needs whose hierarchy equals the
/// offer's down to level `d` and differs just below it; the last holds the other oblasts.
/// Comparisons are NULL-safe (`IS`, `IS NOT`), so a place without some level (Kyiv has no raion
/// or hromada) still gets every tier, and the tiers always partition the registry.
fn need_tiers(loc: &Location) -> Vec<(String, Vec<Value>)> {
    if loc.oblast.is_none() {
        return vec![(String::new(), vec![])];
    }
    let levels = [
        ("n.oblast_code", &loc.oblast),
        ("n.raion_code", &loc.raion),
        ("n.hromada_code", &loc.hromada),
        ("n.settlement_code", &loc.settlement),
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
        " AND n.oblast_code IS NOT ?".into(),
        vec![Value::from(loc.oblast.clone())],
    ));
    tiers
}

impl Store {
    /// The best open needs for an offer (saved or being typed), ranked, with the offer split
    /// over them.
    pub fn suggest_needs(&self, query: &OfferQuery, limit: usize) -> Result<Vec<Candidate<Need>>> {
        let cat = Catalogue::builtin();
        let limit = limit.max(1);
        let per_query = (limit * 3).max(30);
        let category = query.resolved_category(cat);
        let today = self.clock().today().to_string();
        // The family in relevance order: the category itself, then broader needs, then narrower.
        let mut family: Vec<(Relation, Option<String>)> = match &category {
            Some(c) => cat
                .family(c)
                .into_iter()
                .map(|f| (cat.relation(c, &f), Some(f)))
                .collect(),
            None => vec![(Relation::Unrelated, None)],
        };
        family.sort_by_key(|(r, _)| *r);
        let mut seen = HashSet::new();
        let mut needs: Vec<Need> = Vec::new();
        let tiers = need_tiers(&query.location);
        'groups: for (_, fam_cat) in &family {
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
                        needs.push(need);
                    }
                }
                // Everything after this point ranks below what is already in hand.
                if needs.len() >= per_query {
                    break 'groups;
                }
            }
        }
        Ok(matching::rank_needs(
            query,
            needs,
            cat,
            self.clock().now(),
            limit,
        ))
    }

    /// The best open offers for a need, ranked, with the need's open quantity split over them.
    pub fn suggest_offers(&self, need_id: i64, limit: usize) -> Result<Vec<Candidate<Offer>>> {
        let cat = Catalogue::builtin();
        let need = self.need(need_id)?;
        let per_query = (limit.max(1) * 3).max(30);
        let categories: Vec<Option<String>> = match &need.category {
            Some(c) => {
                let mut fam = cat.family(c);
                fam.sort_by_key(|f| cat.relation(f, c));
                fam.into_iter().map(Some).collect()
            }
            None => vec![None],
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
            self.clock().now(),
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
