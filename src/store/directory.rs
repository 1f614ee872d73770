//! The hotline directory: "who can help with X near Y?" — a free query in any language read
//! into items (the catalogue) and a place (the gazetteer), answered by the organisations with
//! open needs of those items, nearest first, then by how many such needs they have. Retrieval
//! goes through `need_items`' place index, one query per locality tier, so a query reads the
//! organisations of the nearest tiers only, however large the registry is.

use super::candidates::{need_tiers, offer_search_categories};
use super::{Result, Store};
use crate::catalogue::places::Locality;
use crate::catalogue::{Catalogue, Gazetteer};
use crate::domain::{Location, Organisation, Urgency};
use rusqlite::types::Value;

/// How a directory query was read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DirectoryQuery {
    /// The item categories named (each with the words that named it).
    pub items: Vec<(String, String)>,
    /// The place named, resolved.
    pub place: Option<Location>,
    /// Words that were neither an item nor a place (searched in organisation names).
    pub rest: String,
}

/// One organisation that can take the item near the place.
#[derive(Debug, Clone, PartialEq)]
pub struct DirectoryHit {
    pub org: Organisation,
    /// How near its nearest such need is (`None`: no place asked).
    pub locality: Option<Locality>,
    /// Its open needs of the item(s) at that locality.
    pub open_needs: i64,
    /// Their open quantity, summed (units may differ: a rough size).
    pub open_quantity: i64,
    /// The most urgent of them.
    pub urgency: Urgency,
}

/// What an organisation helps with: the categories of its open needs, most needs first.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgProfile {
    pub categories: Vec<(String, i64)>,
    pub open_needs: i64,
    pub matches: i64,
}

/// Read a directory query: the place is the longest run of words at the end (or else at the
/// start) that the gazetteer resolves; the items are what the catalogue reads in the rest
/// (fuzzily, so a typo still finds its item).
pub fn read_query(text: &str) -> DirectoryQuery {
    let cat = Catalogue::builtin();
    let gaz = Gazetteer::builtin();
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let n = words.len();
    let mut place = None;
    let mut item_words: &[&str] = &words;
    // Longest spans first, the end before the start («ковдри Бровари», «Бровари ковдри»).
    'spans: for len in (1..=n).rev() {
        for (start, end) in [(n - len, n), (0, len)] {
            let span = words[start..end].join(" ");
            let found = match gaz.resolve(&span) {
                Ok(p) => Some(p),
                Err(crate::catalogue::PlaceError::Ambiguous { .. }) => {
                    gaz.candidates(&span).into_iter().next()
                }
                Err(_) => None,
            };
            // A word that is an item is not read as a village of the same name.
            let is_item = len < n && cat.classify_items(&span).iter().any(|h| h.score >= 0.99);
            if let Some(p) = found
                && !is_item
            {
                place = Some(super::location_of(p, Some(gaz.display(p))));
                item_words = if start == 0 {
                    &words[end..]
                } else {
                    &words[..start]
                };
                break 'spans;
            }
        }
    }
    let item_text = item_words.join(" ");
    let mut items: Vec<(String, String)> = cat
        .classify_items(&item_text)
        .into_iter()
        .map(|h| (h.category, h.text))
        .collect();
    if items.is_empty()
        && !item_text.trim().is_empty()
        && let Some(c) = cat.classify(&item_text)
    {
        items.push((c.category, item_text.clone()));
    }
    if place.is_none() && n > 1 {
        // A misspelt place: the last word, through the gazetteer's suggestions.
        if let Some(last) = words.last()
            && cat.classify_items(last).is_empty()
            && let Some(p) = gaz.suggest(last, 1).into_iter().next()
        {
            place = Some(super::location_of(p, Some(gaz.display(p))));
            let head = words[..n - 1].join(" ");
            items = cat
                .classify_items(&head)
                .into_iter()
                .map(|h| (h.category, h.text))
                .collect();
            if items.is_empty()
                && let Some(c) = cat.classify(&head)
            {
                items.push((c.category, head));
            }
        }
    }
    let rest = if items.is_empty() && place.is_none() {
        text.trim().to_string()
    } else {
        String::new()
    };
    DirectoryQuery { items, place, rest }
}

const TIER_LOCALITY: [Locality; 5] = [
    Locality::Settlement,
    Locality::Hromada,
    Locality::Raion,
    Locality::Oblast,
    Locality::Elsewhere,
];

impl Store {
    /// "Who can help with X near Y?": organisations with open needs of the items the query
    /// names, nearest first, then most such needs, then most urgent. A query with no item
    /// lists the organisations with open needs near the place; one with neither searches names.
    pub fn search_directory(
        &self,
        text: &str,
        limit: usize,
    ) -> Result<(DirectoryQuery, Vec<DirectoryHit>)> {
        let query = read_query(text);
        let limit = limit.max(1);
        let as_hit = |org| DirectoryHit {
            org,
            locality: None,
            open_needs: 0,
            open_quantity: 0,
            urgency: Urgency::Normal,
        };
        if query.items.is_empty() && query.place.is_none() {
            let orgs = self.list_organisations(Some(&query.rest), 0, limit)?;
            return Ok((query, orgs.into_iter().map(as_hit).collect()));
        }
        // No item named: the text may be an organisation's own name («Світло», also a village;
        // «Харків» in «Харківська громадська кухня»): those come first, then who needs
        // anything near the place.
        let mut hits: Vec<DirectoryHit> = Vec::new();
        if query.items.is_empty() {
            hits = self
                .list_organisations(Some(text.trim()), 0, limit)?
                .into_iter()
                .map(as_hit)
                .collect();
        }
        let cat = Catalogue::builtin();
        let item_cats: Vec<String> = query.items.iter().map(|(c, _)| c.clone()).collect();
        let mut categories: Vec<String> = offer_search_categories(cat, &item_cats)
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        let location = query.place.clone().unwrap_or_default();
        let mut tiers = need_tiers(&location);
        if categories.is_empty() {
            // A place alone: every category near it, still through the place index (one seek per
            // category and tier); the rest of the country is not "near" (and would read it all).
            categories = cat.categories().iter().map(|c| c.id.clone()).collect();
            if tiers.len() > 1 {
                tiers.pop();
            }
        }
        let today = self.clock().today().to_string();
        for (t, (tier_sql, tier_args)) in tiers.iter().enumerate() {
            let locality = query.place.as_ref().map(|_| {
                if tiers.len() == 1 {
                    Locality::Elsewhere
                } else {
                    TIER_LOCALITY[t.min(4)]
                }
            });
            let mut args: Vec<Value> = Vec::new();
            let marks = vec!["?"; categories.len()].join(", ");
            args.extend(categories.iter().cloned().map(Value::from));
            let source = format!(
                "need_items i CROSS JOIN needs n ON n.id = i.need_id AND i.category IN ({marks})"
            );
            args.extend(tier_args.iter().cloned());
            args.push(Value::from(today.clone()));
            let sql = format!(
                "SELECT n.org_id, count(DISTINCT n.id),
                        sum(n.quantity - n.proposed - n.confirmed - n.delivered), min(n.urgency)
                 FROM {source}
                 WHERE 1 {tier_sql} AND n.closed = 0
                   AND n.quantity > n.proposed + n.confirmed + n.delivered
                   AND (n.needed_by IS NULL OR n.needed_by >= ?)
                 GROUP BY n.org_id"
            );
            let mut found: Vec<(i64, i64, i64, i64)> = self
                .conn()
                .prepare_cached(&sql)?
                .query_map(rusqlite::params_from_iter(args), |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            found.retain(|(id, ..)| !hits.iter().any(|h| h.org.id == *id));
            found.sort_by_key(|&(id, count, _, urgency)| (-count, urgency, id));
            for (id, count, quantity, urgency) in found {
                let org = self.organisation(id)?;
                if !query.rest.is_empty()
                    && !crate::catalogue::fold::fold(&org.name)
                        .contains(&crate::catalogue::fold::fold(&query.rest))
                {
                    continue;
                }
                hits.push(DirectoryHit {
                    org,
                    locality,
                    open_needs: count,
                    open_quantity: quantity,
                    urgency: Urgency::from_rank(urgency),
                });
            }
            if hits.len() >= limit {
                break;
            }
        }
        hits.truncate(limit);
        Ok((query, hits))
    }

    /// What an organisation helps with (its open needs' categories), how many open needs and
    /// matches it has.
    pub fn org_profile(&self, org_id: i64) -> Result<OrgProfile> {
        let open = "n.closed = 0 AND n.quantity > n.proposed + n.confirmed + n.delivered";
        let categories: Vec<(String, i64)> = self
            .conn()
            .prepare_cached(&format!(
                "SELECT coalesce(n.category, ''), count(*) FROM needs n
                 WHERE n.org_id = ?1 AND {open} GROUP BY n.category
                 ORDER BY count(*) DESC, n.category LIMIT 12"
            ))?
            .query_map([org_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let open_needs: i64 = self.conn().query_row(
            &format!("SELECT count(*) FROM needs n WHERE n.org_id = ?1 AND {open}"),
            [org_id],
            |r| r.get(0),
        )?;
        let matches: i64 = self.conn().query_row(
            "SELECT count(*) FROM matches m JOIN needs n ON n.id = m.need_id WHERE n.org_id = ?1",
            [org_id],
            |r| r.get(0),
        )?;
        Ok(OrgProfile {
            categories,
            open_needs,
            matches,
        })
    }
}
