//! Properties of ranking and allocation over generated registries (proptest), and the NULL-safe
//! locality tiers: whatever the offer's place, every open need of its category is reachable.

use aidline::catalogue::Catalogue;
use aidline::domain::{Accepts, Condition, FixedClock, Location, Need, Tally, Unit, Urgency};
use aidline::matching::{OfferQuery, rank_needs};
use aidline::store::{NewNeed, Store, resolve_location};
use chrono::{TimeZone, Utc};
use proptest::prelude::*;

fn need(id: i64, open: i64, urgency: u8, accepts_new: bool, place: usize) -> Need {
    let places = ["Харків", "Мерефа", "Київ", "Львів", "Дергачі"];
    Need {
        id,
        org_id: 1,
        organisation: "org".into(),
        partner_ref: None,
        item: "ковдри".into(),
        category: Some("bedding.blankets".into()),
        unit: Unit::Pcs,
        tally: Tally::new(open),
        urgency: Urgency::from_rank(urgency as i64),
        location: resolve_location(Some(places[place % places.len()])).unwrap(),
        accepts: if accepts_new {
            Accepts::New
        } else {
            Accepts::Any
        },
        needed_by: None,
        notes: None,
        closed: false,
        created_at: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
            + chrono::Duration::hours(id),
        reviewed_at: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn allocation_and_order_invariants(
        offered in 1i64..200,
        condition in prop_oneof![Just(Condition::New), Just(Condition::Good), Just(Condition::Used)],
        specs in proptest::collection::vec((1i64..80, 0u8..4, any::<bool>(), 0usize..5), 0..25),
    ) {
        let needs: Vec<Need> = specs.iter().enumerate()
            .map(|(i, (open, u, new_only, place))| need(i as i64 + 1, *open, *u, *new_only, *place))
            .collect();
        let query = OfferQuery {
            item: "ковдра".into(), category: None, quantity: offered, unit: None, condition,
            location: resolve_location(Some("Харків")).unwrap(),
        };
        let now = Utc.with_ymd_and_hms(2026, 11, 21, 0, 0, 0).unwrap();
        let ranked = rank_needs(&query, needs.clone(), Catalogue::builtin(), &FixedClock(now), 0);
        // Never more than offered, never more than a need's open quantity, best first.
        let total: i64 = ranked.iter().map(|c| c.allocate).sum();
        prop_assert!(total <= offered);
        let open_total: i64 = ranked.iter().map(|c| c.record.tally.open()).sum();
        prop_assert_eq!(total, offered.min(open_total));
        let mut exhausted = false;
        for c in &ranked {
            prop_assert!(c.allocate >= 0 && c.allocate <= c.record.tally.open());
            if exhausted { prop_assert_eq!(c.allocate, 0); }
            if c.allocate < c.record.tally.open() { exhausted = true; }
            // The hard filter on condition.
            prop_assert!(condition == Condition::New || c.record.accepts == Accepts::Any);
            prop_assert!(!c.reasons.is_empty());
        }
        // Scores never rise down the list.
        for w in ranked.windows(2) {
            prop_assert!(w[0].score >= w[1].score, "{} < {}", w[0].score, w[1].score);
            prop_assert!(w[0].locality <= w[1].locality);
        }
        // Every need that passes the filters is ranked (none lost).
        let eligible = needs.iter().filter(|n| n.accepts.accepts(condition)).count();
        prop_assert_eq!(ranked.len(), eligible);
    }
}

#[test]
fn every_open_need_is_reachable_from_any_place() {
    let places = [
        "Київ",
        "Харків",
        "Мерефа",
        "Утківка",
        "Дергачі",
        "Львів",
        "Одеса",
        "Буча",
        "",
    ];
    let mut store = Store::open_in_memory("t").unwrap();
    for (i, p) in places.iter().enumerate() {
        store
            .add_need(&NewNeed {
                organisation: format!("org {i}"),
                partner_ref: Some(format!("R{i}")),
                item: "ковдри".into(),
                category: None,
                quantity: 5,
                unit: None,
                urgency: Urgency::Normal,
                location: resolve_location(Some(p)).unwrap(),
                accepts: Accepts::Any,
                needed_by: None,
                notes: None,
            })
            .unwrap();
    }
    for p in places {
        let query = OfferQuery {
            item: "ковдра".into(),
            category: None,
            quantity: 1,
            unit: None,
            condition: Condition::Good,
            location: if p.is_empty() {
                Location::default()
            } else {
                resolve_location(Some(p)).unwrap()
            },
        };
        let ranked = store.suggest_needs(&query, 50).unwrap();
        assert_eq!(
            ranked.len(),
            places.len(),
            "from {p:?}: {:?}",
            ranked
                .iter()
                .map(|c| c.record.display_ref())
                .collect::<Vec<_>>()
        );
        if !p.is_empty() {
            // The need in the caller's own place comes first.
            assert_eq!(
                ranked[0].record.location.text.as_deref(),
                Some(p),
                "from {p}"
            );
        }
    }
    // The candidate queries read from the need-to-item indexes, never a scan of a table.
    let query = OfferQuery {
        item: "ковдра".into(),
        category: None,
        quantity: 1,
        unit: None,
        condition: Condition::Good,
        location: resolve_location(Some("Мерефа")).unwrap(),
    };
    for plan in store.explain_need_candidates(&query).unwrap() {
        assert!(plan.contains("INDEX need_items_by_"), "{plan}");
        assert!(!plan.contains("SCAN "), "{plan}");
        println!("{plan}");
    }
}
