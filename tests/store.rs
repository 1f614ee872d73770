//! The store through its API: donors, offers, matches and their quantities, audit, erasure,
//! file modes, backup.

mod common;

use aidline::domain::{
    Accepts, Condition, FixedClock, Location, MatchStatus, NeedStatus, OfferStatus, Phone, Urgency,
};
use aidline::store::{NewNeed, NewOffer, Store, StoreError};
use chrono::TimeZone;
use std::sync::Arc;

fn store() -> Store {
    let clock = FixedClock(
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 21, 10, 0, 0)
            .unwrap(),
    );
    Store::open_in_memory("tester")
        .unwrap()
        .with_clock(Arc::new(clock))
}

fn offer(phone: &str, item: &str, quantity: i64, condition: Condition) -> NewOffer {
    NewOffer {
        phone: Phone::parse(phone).unwrap(),
        name: Some("Олена Коваленко".into()),
        item: item.into(),
        category: Some("bedding".into()),
        quantity,
        unit: None,
        condition,
        location: Location::default(),
        notes: Some("дзвонити після 18:00".into()),
        available_until: None,
    }
}

/// `offer` in `offer_unit` and `need` in `need_unit`, added; their records.
fn offer_and_need(
    s: &mut Store,
    mut offer: NewOffer,
    offer_unit: aidline::domain::Unit,
    mut need: NewNeed,
    need_unit: aidline::domain::Unit,
) -> (aidline::domain::Offer, aidline::domain::Need) {
    offer.unit = Some(offer_unit);
    need.unit = Some(need_unit);
    (s.add_offer(&offer).unwrap(), s.add_need(&need).unwrap())
}

fn need(item: &str, quantity: i64, accepts: Accepts) -> NewNeed {
    NewNeed {
        organisation: "БФ Світло".into(),
        partner_ref: None,
        item: item.into(),
        category: Some("bedding".into()),
        quantity,
        unit: None,
        urgency: Urgency::High,
        location: Location::default(),
        accepts,
        needed_by: None,
        notes: None,
    }
}

fn audit_count(s: &Store, entity: &str) -> i64 {
    s.audit_rows(entity).unwrap().len() as i64
}

#[test]
fn one_donor_per_phone_and_the_name_is_kept() {
    let mut s = store();
    let a = s
        .add_offer(&offer("095 167 90 26", "ковдра", 5, Condition::Good))
        .unwrap();
    let mut second = offer("8 (095) 167-90-26", "подушка", 2, Condition::New);
    second.name = None;
    let b = s.add_offer(&second).unwrap();
    assert_eq!(a.donor_id, b.donor_id);
    assert_eq!(b.donor_name.as_deref(), Some("Олена Коваленко"));
    assert_eq!(s.stats().unwrap().donors, 1);
    assert_eq!(s.stats().unwrap().offers, 2);
}

#[test]
fn propose_reserves_and_refuses_more_than_is_left() {
    let mut s = store();
    let o = s
        .add_offer(&offer("0951679026", "ковдра", 10, Condition::Good))
        .unwrap();
    let n = s.add_need(&need("ковдри", 6, Accepts::Any)).unwrap();
    let m = s.propose(o.id, n.id, Some(4)).unwrap();
    assert_eq!(m.status, MatchStatus::Proposed);
    let err = s.propose(o.id, n.id, Some(3)).unwrap_err().to_string();
    assert!(err.contains("needs only 2"), "{err}");
    // Default quantity: as much as both have open; the same pair again adds to the match.
    let m2 = s.propose(o.id, n.id, None).unwrap();
    assert_eq!((m2.id, m2.quantity), (m.id, 6));
    let n = s.need(n.id).unwrap();
    assert_eq!((n.tally.proposed, n.tally.open()), (6, 0));
    let o = s.offer(o.id).unwrap();
    assert_eq!(o.tally.open(), 4);
    assert_eq!(audit_count(&s, "match"), 2);
}

#[test]
fn propose_books_each_side_in_its_own_unit() {
    use aidline::domain::Unit;
    let mut s = store();
    // A hromada's boiler house needs firewood by the kilogram; a sawmill offers tonnes.
    let (o, n) = offer_and_need(
        &mut s,
        offer("0951679026", "дрова колоті", 2, Condition::Good),
        Unit::Tonnes,
        need("дрова", 5000, Accepts::Any),
        Unit::Kg,
    );
    let m = s.propose(o.id, n.id, None).unwrap();
    assert_eq!(m.quantity, 2, "the match counts the offer's unit");
    let (o1, n1) = (s.offer(o.id).unwrap(), s.need(n.id).unwrap());
    assert_eq!((o1.tally.proposed, o1.tally.open()), (2, 0));
    assert_eq!((n1.tally.proposed, n1.tally.open()), (2000, 3000));
    s.set_match_status(m.id, MatchStatus::Confirmed, None)
        .unwrap();
    s.set_match_status(m.id, MatchStatus::HandedOver, None)
        .unwrap();
    assert_eq!(s.need(n.id).unwrap().tally.delivered, 2000);
    let report = s.check().unwrap();
    assert!(report.ok(), "{:?}", report.problems);

    // The other way round: 1500 kg of flour for a need of 3 t books whole tonnes only.
    let (o, n) = offer_and_need(
        &mut s,
        offer("0671234567", "борошно", 1500, Condition::New),
        Unit::Kg,
        need("борошно пшеничне", 3, Accepts::Any),
        Unit::Tonnes,
    );
    let err = s.propose(o.id, n.id, Some(1500)).unwrap_err().to_string();
    assert!(err.contains("not a whole number of t"), "{err}");
    let m = s.propose(o.id, n.id, None).unwrap();
    assert_eq!(m.quantity, 1000);
    assert_eq!(s.need(n.id).unwrap().tally.proposed, 1);
    assert_eq!(s.offer(o.id).unwrap().tally.open(), 500);
    s.set_match_status(m.id, MatchStatus::Confirmed, None)
        .unwrap();
    let err = s.hand_over(m.id, 700, None).unwrap_err().to_string();
    assert!(err.starts_with("received:"), "{err}");
    s.set_match_status(m.id, MatchStatus::Cancelled, None)
        .unwrap();
    assert_eq!(s.need(n.id).unwrap().tally.open(), 3);
    // 500 kg left cannot make a whole tonne: said, not proposed as zero.
    s.propose(o.id, n.id, Some(500)).unwrap_err();

    // Sacks and kilograms do not convert: refused, nothing booked.
    let (o, n) = offer_and_need(
        &mut s,
        offer("0501112233", "картопля", 10, Condition::New),
        Unit::Bags,
        need("картопля", 200, Accepts::Any),
        Unit::Kg,
    );
    let err = s.propose(o.id, n.id, None).unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid { field: "unit", .. }),
        "{err}"
    );
    assert!(err.to_string().contains("bags"), "{err}");
    assert!(err.to_string().contains("do not convert"), "{err}");
    assert_eq!(s.need(n.id).unwrap().tally.proposed, 0);
    assert_eq!(s.offer(o.id).unwrap().tally.proposed, 0);
    let report = s.check().unwrap();
    assert!(report.ok(), "{:?}", report.problems);

    // A caller's «2 пари чобіт» for a registry's «чоботи зимові, 10 шт»: a pair is a piece.
    let (o, n) = offer_and_need(
        &mut s,
        offer("0931234567", "2 пари чобіт", 2, Condition::Good),
        Unit::Pairs,
        need("чоботи зимові", 10, Accepts::Any),
        Unit::Pcs,
    );
    let m = s.propose(o.id, n.id, None).unwrap();
    assert_eq!(m.quantity, 2);
    assert_eq!(s.need(n.id).unwrap().tally.open(), 8);

    // «віддам 6 банок дитячого харчування» for a registry's «дитяче харчування, 46 шт»: the
    // unit is read from the caller's words, and a jar is a piece.
    let (quantity, unit) = aidline::matching::quantity("віддам 6 банок дитячого харчування");
    assert_eq!((quantity, unit), (Some(6), Some(Unit::Jars)));
    let (o, n) = offer_and_need(
        &mut s,
        offer(
            "0671234567",
            "6 банок дитячого харчування",
            6,
            Condition::New,
        ),
        unit.expect("a unit"),
        need("дитяче харчування", 46, Accepts::Any),
        Unit::Pcs,
    );
    let m = s.propose(o.id, n.id, None).unwrap();
    assert_eq!(m.quantity, 6);
    assert_eq!(s.need(n.id).unwrap().tally.open(), 40);
    let report = s.check().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn a_tonne_offer_cannot_fill_a_need_of_less_than_a_tonne() {
    use aidline::domain::Unit;
    let mut s = store();
    let (o, n) = offer_and_need(
        &mut s,
        offer("0951679026", "вугілля", 3, Condition::Good),
        Unit::Tonnes,
        need("вугілля", 400, Accepts::Any),
        Unit::Kg,
    );
    let err = s.propose(o.id, n.id, None).unwrap_err().to_string();
    assert!(err.contains("less than one t"), "{err}");
    assert_eq!(s.need(n.id).unwrap().tally.proposed, 0);
}

#[test]
fn a_new_only_need_refuses_a_used_item() {
    let mut s = store();
    let o = s
        .add_offer(&offer("0951679026", "ковдра", 3, Condition::Used))
        .unwrap();
    let n = s.add_need(&need("нові ковдри", 3, Accepts::New)).unwrap();
    let err = s.propose(o.id, n.id, None).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Invalid {
                field: "condition",
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(s.need(n.id).unwrap().tally.proposed, 0);
}

#[test]
fn match_lifecycle_moves_quantities_and_writes_audit() {
    let mut s = store();
    let o = s
        .add_offer(&offer("0951679026", "ковдра", 5, Condition::Good))
        .unwrap();
    let n = s.add_need(&need("ковдри", 5, Accepts::Any)).unwrap();
    let m = s.propose(o.id, n.id, None).unwrap();
    s.set_match_status(m.id, MatchStatus::Confirmed, None)
        .unwrap();
    let mid = s.need(n.id).unwrap();
    assert_eq!((mid.tally.proposed, mid.tally.confirmed), (0, 5));
    // handed over: delivered, need fulfilled, offer delivered
    s.set_match_status(m.id, MatchStatus::HandedOver, None)
        .unwrap();
    let today = s.clock().today();
    assert_eq!(s.need(n.id).unwrap().status(today), NeedStatus::Fulfilled);
    assert_eq!(s.offer(o.id).unwrap().status(today), OfferStatus::Delivered);
    // a finished match cannot move again
    let err = s
        .set_match_status(m.id, MatchStatus::Cancelled, None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("cannot become cancelled"), "{err}");
    // decline releases the quantity
    let o2 = s
        .add_offer(&offer("0951679026", "ковдра", 2, Condition::Good))
        .unwrap();
    let n2 = s.add_need(&need("ковдри", 2, Accepts::Any)).unwrap();
    let m2 = s.propose(o2.id, n2.id, None).unwrap();
    s.set_match_status(m2.id, MatchStatus::Declined, Some("already got some"))
        .unwrap();
    assert_eq!(s.need(n2.id).unwrap().tally.open(), 2);
    assert_eq!(
        s.match_by_id(m2.id).unwrap().reason.as_deref(),
        Some("already got some")
    );
    assert!(s.check().unwrap().ok(), "{:?}", s.check().unwrap().problems);
    // propose + confirm + handover + propose + decline
    assert_eq!(audit_count(&s, "match"), 5);
}

#[test]
fn donor_audit_rows_hold_no_personal_data() {
    let mut s = store();
    s.add_offer(&offer("0951679026", "ковдра", 5, Condition::Good))
        .unwrap();
    for row in s.audit_rows("donor").unwrap() {
        assert!(
            !row.contains("380951679026") && !row.contains("Олена"),
            "{row}"
        );
    }
    assert_eq!(s.audit_rows("donor").unwrap().len(), 1);
}

#[test]
fn forgetting_a_donor_erases_the_bytes_from_the_file() {
    let scratch = common::Scratch::new();
    let mut s = scratch.open();
    let mut o = offer("0951679026", "ковдра", 5, Condition::Good);
    o.name = Some("Zakharchenko Unique".into());
    o.notes = Some("вул. Сумська 77, кв. 5".into());
    let saved = s.add_offer(&o).unwrap();
    // Write some more so the pages churn.
    for i in 0..50 {
        s.add_offer(&offer(
            &format!("067 000 00 {:02}", i),
            "подушка",
            1,
            Condition::New,
        ))
        .unwrap();
    }
    assert!(
        common::file_contains(&scratch.db(), b"+380951679026")
            || common::file_contains(&scratch.path("test.db-wal"), b"+380951679026")
    );
    s.log_call(&aidline::store::NewCall {
        phone: Some(Phone::parse("0951679026").unwrap()),
        donor_id: Some(saved.donor_id),
        offer_id: Some(saved.id),
        outcome: aidline::domain::CallOutcome::OfferLogged,
        callback_at: None,
        notes: None,
        started_at: chrono::Utc::now(),
    })
    .unwrap();
    s.save_draft(r#"{"phone":"095 167 90 26","name":"Zakharchenko Unique","item":"ковдра"}"#)
        .unwrap();
    s.forget_donor(&Phone::parse("0951679026").unwrap())
        .unwrap();
    drop(s);
    for f in ["test.db", "test.db-wal"] {
        let p = scratch.path(f);
        assert!(
            !common::file_contains(&p, b"+380951679026"),
            "phone left in {f}"
        );
        assert!(
            !common::file_contains(&p, b"Zakharchenko Unique"),
            "name left in {f}"
        );
        assert!(
            !common::file_contains(&p, "Сумська 77".as_bytes()),
            "address in notes left in {f}"
        );
    }
    let s = scratch.open();
    assert!(
        s.draft().unwrap().is_none(),
        "the draft naming the number is gone"
    );
    let kept = s.offer(saved.id).unwrap();
    assert_eq!(kept.item, "ковдра");
    assert_eq!(kept.donor_name, None);
    assert_eq!(kept.donor_phone, None);
    assert!(
        s.donor_by_phone(&Phone::parse("0951679026").unwrap())
            .unwrap()
            .is_none()
    );
}

#[cfg(unix)]
#[test]
fn database_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = common::Scratch::new();
    let mut s = scratch.open();
    s.add_offer(&offer("0951679026", "ковдра", 5, Condition::Good))
        .unwrap();
    for f in ["test.db", "test.db-wal", "test.db-shm"] {
        let mode = std::fs::metadata(scratch.path(f))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600, "{f} has mode {mode:o}");
    }
    let backup = scratch.path("copy.db");
    s.backup(&backup).unwrap();
    let mode = std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let copy = aidline::store::Store::open(&backup, "t").unwrap();
    assert_eq!(copy.stats().unwrap().offers, 1);
    assert!(
        s.backup(&backup).is_err(),
        "an existing file is not overwritten"
    );
}

#[test]
fn pragmas_are_set_on_open() {
    let scratch = common::Scratch::new();
    let s = scratch.open();
    let report = s.check().unwrap();
    assert_eq!(report.journal_mode, "wal");
    assert_eq!(report.synchronous, 2);
    assert!(report.foreign_keys);
    assert!(report.busy_timeout_ms >= 5000);
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn list_filters_work_in_any_language_and_case() {
    let mut s = store();
    let mut blanket = need("Ковдри теплі", 5, Accepts::Any);
    blanket.category = None; // classified from the text
    blanket.location = aidline::store::resolve_location(Some("Харків")).unwrap();
    s.add_need(&blanket).unwrap();
    let mut chairs = need("Стільці", 4, Accepts::Any);
    chairs.category = None;
    chairs.location = aidline::store::resolve_location(Some("Львів")).unwrap();
    s.add_need(&chairs).unwrap();
    let items = |text: &str| -> Vec<String> {
        let f = aidline::store::NeedFilter {
            text: Some(text.into()),
            ..Default::default()
        };
        s.list_needs(&f, 0, 10)
            .unwrap()
            .into_iter()
            .map(|n| n.item)
            .collect()
    };
    for query in [
        "ковдри",
        "КОВДРИ",
        "kovdra",
        "одеяло",
        "blanket",
        "теплі",
        "Kharkiv",
        "Харьков",
        "ковдри Харків",
    ] {
        assert_eq!(
            items(query),
            vec!["Ковдри теплі".to_string()],
            "filter «{query}»"
        );
    }
    assert_eq!(items("chairs Lviv"), vec!["Стільці".to_string()]);
    assert!(items("ковдри Львів").is_empty(), "every word must match");
    let mut o = offer("0951679026", "Ковдра вовняна", 2, Condition::Good);
    o.category = None;
    s.add_offer(&o).unwrap();
    for query in ["ковдра", "odeyalo", "Олена"] {
        assert_eq!(
            s.list_offers(None, Some(query), 0, 10).unwrap().len(),
            1,
            "offers «{query}»"
        );
    }
    assert!(
        s.list_offers(None, Some("стілець"), 0, 10)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn needs_sorted_most_urgent_first_across_the_whole_registry() {
    let mut s = store();
    let mut critical = need("ліки від тиску", 3, Accepts::Any);
    critical.urgency = Urgency::Critical;
    let critical_id = s.add_need(&critical).unwrap().id;
    for i in 0..150 {
        let mut n = need(&format!("ковдри {i}"), 2, Accepts::Any);
        n.urgency = if i % 2 == 0 {
            Urgency::Low
        } else {
            Urgency::Normal
        };
        s.add_need(&n).unwrap();
    }
    let newest = s.list_needs(&Default::default(), 0, 100).unwrap();
    assert!(
        newest.iter().all(|n| n.id != critical_id),
        "the oldest need is not on the newest page"
    );
    let urgent = aidline::store::NeedFilter {
        urgent_first: true,
        ..Default::default()
    };
    let page = s.list_needs(&urgent, 0, 100).unwrap();
    assert_eq!(page[0].id, critical_id);
    assert!(page.windows(2).all(|w| w[0].urgency <= w[1].urgency));
    let next = s.list_needs(&urgent, 100, 100).unwrap();
    assert_eq!(page.len() + next.len(), 151);
    assert!(next.iter().all(|n| n.urgency == Urgency::Low));
}

#[test]
fn offers_page_in_order_with_and_without_a_status() {
    let mut s = store();
    let mut ids = Vec::new();
    for i in 0..130 {
        ids.push(
            s.add_offer(&offer(
                &format!("067 100 01 {:02}", i % 100),
                "ковдра",
                2,
                Condition::Good,
            ))
            .unwrap()
            .id,
        );
    }
    let need = s.add_need(&need("ковдри", 100, Accepts::Any)).unwrap();
    // Every third offer, counted from the oldest, is partly matched.
    for id in ids.iter().step_by(3) {
        s.propose(*id, need.id, Some(1)).unwrap();
    }
    let newest_first: Vec<i64> = ids.iter().rev().copied().collect();
    let page = |offset| {
        s.list_offers(None, None, offset, 50)
            .unwrap()
            .into_iter()
            .map(|o| o.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(page(0), newest_first[..50]);
    assert_eq!(page(100), newest_first[100..]);
    let partly = |offset| {
        s.list_offers(Some(OfferStatus::PartlyMatched), None, offset, 20)
            .unwrap()
            .into_iter()
            .map(|o| o.id)
            .collect::<Vec<_>>()
    };
    let expected: Vec<i64> = newest_first
        .iter()
        .copied()
        .filter(|id| (id - ids[0]) % 3 == 0)
        .collect();
    assert_eq!(expected.len(), 44);
    assert_eq!(partly(0), expected[..20]);
    assert_eq!(partly(40), expected[40..]);
}

#[test]
fn a_page_of_match_views_equals_the_views_one_by_one() {
    let mut s = store();
    let spec = aidline::store::demo::DemoSpec {
        needs: 600,
        offers: 200,
        seed: 3,
    };
    s.generate_demo(spec, &mut |_, _, _| {}).unwrap();
    let page = s.list_match_views(None, None, 0, 100).unwrap();
    let ids: Vec<i64> = s
        .list_matches(None, None, 0, 100)
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert!(ids.len() >= 10, "the demo has matches: {}", ids.len());
    assert_eq!(page.iter().map(|v| v.matched.id).collect::<Vec<_>>(), ids);
    for v in &page {
        let one = s.match_view(v.matched.id).unwrap();
        assert_eq!(
            (&v.offer, &v.need, &v.matched),
            (&one.offer, &one.need, &one.matched)
        );
    }
    assert!(
        s.list_match_views(None, None, 10_000, 100)
            .unwrap()
            .is_empty()
    );
}
