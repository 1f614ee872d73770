//! Issue 11, the registry kept true: stale needs and their review, the reverse match, and the
//! hotline directory ("who can help with X near Y?") with queries as callers type them.

mod common;

use aidline::catalogue::Locality;
use aidline::domain::{FixedClock, Need};
use aidline::store::import::need_from_fields;
use aidline::store::{NeedFilter, NewOffer, Review, Store};
use chrono::{DateTime, Duration, TimeZone, Utc};
use common::Scratch;
use std::sync::Arc;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap()
}

fn at(s: &Scratch, now: DateTime<Utc>) -> Store {
    Store::open(&s.db(), "olena")
        .unwrap()
        .with_clock(Arc::new(FixedClock(now)))
}

/// A need as a partner's registry row says it, through the import's checks.
fn need(s: &mut Store, org: &str, item: &str, qty: &str, place: &str, by: Option<&str>) -> Need {
    let mut f = vec![
        ("organisation", org.to_string()),
        ("item", item.to_string()),
        ("quantity", qty.to_string()),
        ("location", place.to_string()),
    ];
    if let Some(d) = by {
        f.push(("needed_by", d.to_string()));
    }
    s.add_need(&need_from_fields(&f).unwrap()).unwrap()
}

fn offer(s: &mut Store, item: &str, quantity: i64, place: &str) -> aidline::domain::Offer {
    s.add_offer(&NewOffer {
        phone: aidline::domain::Phone::parse("+380 67 123 45 67").unwrap(),
        name: Some("Ганна Мельник".into()),
        item: item.into(),
        category: None,
        quantity,
        unit: None,
        condition: aidline::domain::Condition::Good,
        location: aidline::store::resolve_location(Some(place)).unwrap(),
        notes: None,
        available_until: None,
    })
    .unwrap()
}

fn stale_ids(s: &Store) -> Vec<i64> {
    let f = NeedFilter {
        stale: true,
        ..NeedFilter::default()
    };
    let ids: Vec<i64> = s
        .list_needs(&f, 0, 100)
        .unwrap()
        .iter()
        .map(|n| n.id)
        .collect();
    assert_eq!(s.count_needs(&f).unwrap() as usize, ids.len());
    ids
}

/// The list's SQL and `Need::is_stale` agree on every need.
fn agrees(s: &Store, now: DateTime<Utc>) {
    let all = s.list_needs(&NeedFilter::default(), 0, 100).unwrap();
    let today = s.clock().today();
    let mut by_rule: Vec<i64> = all
        .iter()
        .filter(|n| n.is_stale(now, today))
        .map(|n| n.id)
        .collect();
    let mut by_sql = stale_ids(s);
    by_rule.sort();
    by_sql.sort();
    assert_eq!(by_rule, by_sql);
}

#[test]
fn needs_unseen_for_14_days_or_past_their_date_are_stale_and_reviewing_clears_them() {
    let sc = Scratch::new();
    let mut s = at(&sc, t0());
    let blankets = need(&mut s, "БФ «Світло»", "Ковдри теплі", "20", "Бровари", None);
    let diapers = need(
        &mut s,
        "КНП «Лікарня №3»",
        "памперси для дорослих L",
        "10 уп",
        "Харків",
        Some("10.11.2026"),
    );
    let soap = need(
        &mut s,
        "ГО «Разом»",
        "мило господарське",
        "50",
        "Київ",
        None,
    );
    s.close_need(soap.id).unwrap();
    assert!(stale_ids(&s).is_empty());
    agrees(&s, t0());

    // Nine days on: the diapers' date (10 Nov, Kyiv time) has passed; nothing else yet.
    let d9 = t0() + Duration::days(9);
    let s9 = at(&sc, d9);
    assert_eq!(stale_ids(&s9), vec![diapers.id]);
    agrees(&s9, d9);

    // Fourteen days on: the blankets too (oldest unseen first); the closed soap never.
    let d14 = t0() + Duration::days(14);
    let mut s14 = at(&sc, d14);
    assert_eq!(stale_ids(&s14), vec![blankets.id, diapers.id]);
    agrees(&s14, d14);

    // Still needed: 12 more. Three already matched, so 15 are asked for now.
    let o = offer(&mut s14, "ковдри", 3, "Бровари");
    s14.propose(o.id, blankets.id, Some(3)).unwrap();
    let n = s14
        .review_need(blankets.id, Review::StillNeeded(12))
        .unwrap();
    assert_eq!((n.tally.total, n.tally.open()), (15, 12));
    assert!(n.reviewed_at.is_some());
    // Reviewed after its date passed: the diapers leave the list when answered too.
    let d = s14
        .review_need(diapers.id, Review::StillNeeded(10))
        .unwrap();
    assert_eq!(d.tally.total, 10);
    assert!(stale_ids(&s14).is_empty());
    agrees(&s14, d14);

    // And come back 14 days after the review.
    let d28 = d14 + Duration::days(14);
    let s28 = at(&sc, d28);
    assert_eq!(stale_ids(&s28), vec![blankets.id, diapers.id]);
    agrees(&s28, d28);

    let audit = s14.audit_rows("need").unwrap();
    let reviews: Vec<_> = audit.iter().filter(|a| a.contains(" review ")).collect();
    assert_eq!(reviews.len(), 2);
    assert!(reviews[0].contains("still_needed"), "{}", reviews[0]);
    assert!(reviews[0].contains(&format!("need#{} ", blankets.id)));
}

#[test]
fn review_answers_close_or_refuse_and_change_nothing_on_a_refusal() {
    let sc = Scratch::new();
    let mut s = at(&sc, t0() + Duration::days(20));
    let a = need(&mut s, "БФ «Світло»", "ковдри", "20", "Бровари", None);
    let b = need(&mut s, "БФ «Світло»", "подушки", "5", "Бровари", None);
    let c = need(&mut s, "БФ «Світло»", "матраци", "5", "Бровари", None);
    let o = offer(&mut s, "ковдри", 8, "Бровари");
    s.propose(o.id, a.id, Some(8)).unwrap();

    let closed = s.review_need(b.id, Review::FulfilledElsewhere).unwrap();
    assert!(closed.closed);
    let closed = s.review_need(c.id, Review::NoLongerNeeded).unwrap();
    assert!(closed.closed);
    // A closed need is not reviewed again.
    let e = s.review_need(c.id, Review::StillNeeded(3)).unwrap_err();
    assert!(e.to_string().contains(&c.short_ref().to_string()), "{e}");
    // Zero or negative: refused, the need unchanged.
    let before = s.need(a.id).unwrap();
    for bad in [0, -4] {
        let e = s.review_need(a.id, Review::StillNeeded(bad)).unwrap_err();
        assert!(e.to_string().starts_with("quantity"), "{e}");
    }
    assert_eq!(s.need(a.id).unwrap(), before);
    let answers: Vec<String> = s
        .audit_rows("need")
        .unwrap()
        .into_iter()
        .filter(|r| r.contains(" review "))
        .collect();
    assert_eq!(answers.len(), 2);
    assert!(answers[0].contains("fulfilled_elsewhere"));
    assert!(answers[1].contains("no_longer_needed"));
}

#[test]
fn the_reverse_match_puts_the_nearest_fitting_offer_first_and_leaves_out_other_items() {
    let sc = Scratch::new();
    let mut s = at(&sc, t0());
    let n = need(&mut s, "БФ «Світло»", "Ковдри", "20", "Бровари", None);
    let far = offer(&mut s, "ковдра двоспальна", 10, "Львів");
    let near = offer(&mut s, "ковдри теплі", 6, "Бровари");
    let food = offer(&mut s, "крупа гречана", 40, "Бровари");
    let found = s.suggest_offers(n.id, 10).unwrap();
    let ids: Vec<i64> = found.iter().map(|c| c.record.id).collect();
    assert_eq!(ids.first(), Some(&near.id), "{ids:?}");
    assert!(ids.contains(&far.id));
    assert!(!ids.contains(&food.id));
    assert!(!found[0].reasons.is_empty());
}

/// A registry shaped like the world: blankets wanted in Brovary, Kyiv and Kharkiv, food near
/// Brovary, and organisations named as partners write them.
fn directory() -> (Scratch, Store) {
    let sc = Scratch::new();
    let mut s = at(&sc, t0());
    need(&mut s, "БФ «Світло»", "Ковдри", "20", "Бровари", None);
    need(&mut s, "БФ «Світло»", "подушки", "10", "Бровари", None);
    need(
        &mut s,
        "ГО «Продуктовий кошик»",
        "крупа гречана",
        "100 кг",
        "Бровари",
        None,
    );
    need(
        &mut s,
        "Київський міський центр допомоги",
        "одеяла",
        "30",
        "Київ",
        None,
    );
    need(
        &mut s,
        "Київський міський центр допомоги",
        "пледи",
        "15",
        "Київ",
        None,
    );
    need(
        &mut s,
        "Харківська громадська кухня",
        "ковдри",
        "40",
        "Харків",
        None,
    );
    need(&mut s, "Ірпінський хаб", "ковдри", "12", "Ірпінь", None);
    (sc, s)
}

fn names(hits: &[aidline::store::directory::DirectoryHit]) -> Vec<String> {
    hits.iter().map(|h| h.org.name.clone()).collect()
}

#[test]
fn who_can_help_with_blankets_near_brovary_in_ukrainian() {
    let (_sc, s) = directory();
    let (q, hits) = s.search_directory("ковдри Бровари", 10).unwrap();
    assert!(q.place.is_some(), "{q:?}");
    let n = names(&hits);
    assert_eq!(n.first().map(String::as_str), Some("БФ «Світло»"), "{n:?}");
    assert_eq!(hits[0].locality, Some(Locality::Settlement));
    // Food is not blankets.
    assert!(!n.iter().any(|x| x.contains("Продуктовий")), "{n:?}");
    // The others are further away, and come after.
    assert!(n.iter().any(|x| x.contains("Харківська")), "{n:?}");
    // Irpin (Kyiv oblast) before Kharkiv.
    let irpin = n.iter().position(|x| x.contains("Ірпінський")).unwrap();
    let kharkiv = n.iter().position(|x| x.contains("Харківська")).unwrap();
    assert!(irpin < kharkiv, "{n:?}");
}

#[test]
fn who_can_help_in_russian_latin_and_with_typos() {
    let (_sc, s) = directory();
    for (query, first) in [
        ("одеяла Киев", "Київський міський центр допомоги"),
        ("blankets Kharkiv", "Харківська громадська кухня"),
        ("ковдри Харьков", "Харківська громадська кухня"),
        ("kovdry Brovary", "БФ «Світло»"),
        ("Бровари ковдри", "БФ «Світло»"),
        ("ковдр Бравари", "БФ «Світло»"),
        ("одеял Ирпень", "Ірпінський хаб"),
    ] {
        let (q, hits) = s.search_directory(query, 10).unwrap();
        let n = names(&hits);
        assert_eq!(
            n.first().map(String::as_str),
            Some(first),
            "{query}: {q:?} {n:?}"
        );
        assert!(
            !n.iter().any(|x| x.contains("Продуктовий")),
            "{query}: {n:?}"
        );
    }
}

#[test]
fn a_place_alone_lists_who_needs_anything_there_and_a_name_searches_names() {
    let (_sc, s) = directory();
    let (_, hits) = s.search_directory("Бровари", 10).unwrap();
    let n = names(&hits);
    assert!(n.iter().any(|x| x.contains("Продуктовий")), "{n:?}");
    assert!(n.iter().any(|x| x == "БФ «Світло»"), "{n:?}");
    assert_eq!(hits[0].locality, Some(Locality::Settlement));
    // A name (also a village's): the organisation of that name first.
    let (_, hits) = s.search_directory("Світло", 10).unwrap();
    assert_eq!(names(&hits)[0], "БФ «Світло»");
    // A city that is also in a name: that organisation, then who needs anything near the city.
    let (q, hits) = s.search_directory("Харків", 10).unwrap();
    assert!(q.place.is_some());
    let n = names(&hits);
    assert_eq!(n[0], "Харківська громадська кухня", "{n:?}");
    // A place alone asks who is near: Brovary is not near Kharkiv.
    assert!(!n.iter().any(|x| x == "БФ «Світло»"), "{n:?}");
    // A name no place or item reads: by name only.
    let (_, hits) = s.search_directory("Продуктовий кошик", 10).unwrap();
    assert_eq!(names(&hits), vec!["ГО «Продуктовий кошик»".to_string()]);
}

#[test]
fn an_organisation_profile_names_what_it_helps_with() {
    let (_sc, s) = directory();
    let (_, hits) = s.search_directory("ковдри Бровари", 1).unwrap();
    let p = s.org_profile(hits[0].org.id).unwrap();
    assert_eq!(p.open_needs, 2);
    assert_eq!(p.categories.len(), 2, "{:?}", p.categories);
    assert!(p.categories.iter().all(|(c, n)| !c.is_empty() && *n == 1));
}

/// Timings on a large database copy, reported, never asserted (ignored):
///   AIDLINE_BENCH_DB=/tmp/registry-1m/demo1m.db \
///     cargo test --release --test registry -- --ignored --nocapture
#[test]
#[ignore]
fn timings_on_a_large_database() {
    let Ok(path) = std::env::var("AIDLINE_BENCH_DB") else {
        return;
    };
    let t = std::time::Instant::now();
    let s = Store::open(std::path::Path::new(&path), "bench").unwrap();
    println!("open (and migrate): {:?}", t.elapsed());
    let median = |mut v: Vec<std::time::Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let total = s.count_needs(&NeedFilter::default()).unwrap();
    let mut times = Vec::new();
    for k in 0..41 {
        let id = 1 + (k * 7919 * 31) % total;
        let t = std::time::Instant::now();
        let found = s.suggest_offers(id, 10).unwrap();
        times.push(t.elapsed());
        std::hint::black_box(found);
    }
    println!(
        "reverse match (suggest_offers, 41 needs): median {:?}",
        median(times)
    );
    let stale = NeedFilter {
        stale: true,
        ..NeedFilter::default()
    };
    let mut times = Vec::new();
    for k in 0..11 {
        let t = std::time::Instant::now();
        std::hint::black_box(s.list_needs(&stale, k * 100, 100).unwrap());
        times.push(t.elapsed());
    }
    println!("stale list page (100 rows): median {:?}", median(times));
    let t = std::time::Instant::now();
    let n = s.count_needs(&stale).unwrap();
    println!("stale count ({n}): {:?}", t.elapsed());
    for q in [
        "ковдри Бровари",
        "одеяла Киев",
        "blankets Kharkiv",
        "памперси Харків",
        "ковдр Бравари",
        "Бровари",
    ] {
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..7 {
            let t = std::time::Instant::now();
            found = s.search_directory(q, 20).unwrap().1.len();
            times.push(t.elapsed());
        }
        println!(
            "directory «{q}» ({found} organisations): median {:?}",
            median(times)
        );
    }
}

#[test]
fn the_review_migration_runs_again_on_a_database_set_back_and_keeps_the_reviews() {
    let sc = Scratch::new();
    let mut s = at(&sc, t0() + Duration::days(20));
    let n = need(&mut s, "БФ «Світло»", "ковдри", "20", "Бровари", None);
    let reviewed = s.review_need(n.id, Review::StillNeeded(5)).unwrap();
    drop(s);
    let conn = rusqlite::Connection::open(sc.db()).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch(&format!("PRAGMA user_version = {};", v - 1))
        .unwrap();
    drop(conn);
    let s = at(&sc, t0() + Duration::days(20));
    assert_eq!(s.need(n.id).unwrap().reviewed_at, reviewed.reviewed_at);
}

#[test]
fn the_cli_reviews_a_need_and_lists_the_stale_ones() {
    let sc = Scratch::new();
    sc.cmd(&["migrate"]).assert().success();
    let add = |item: &str| {
        sc.json(&[
            "need",
            "add",
            "--org",
            "БФ «Світло»",
            "--item",
            item,
            "--quantity",
            "20",
            "--location",
            "Бровари",
            "--json",
        ])
    };
    let a = add("ковдри");
    let b = add("подушки");
    // Just added: nothing is stale yet (the real clock).
    let stale = sc.json(&["need", "list", "--stale", "--json"]);
    assert_eq!(stale.as_array().unwrap().len(), 0);
    assert_eq!(
        sc.json(&["need", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let r = a["ref"].as_str().unwrap();
    let v = sc.json(&["need", "review", r, "--still-needed", "12", "--json"]);
    assert_eq!(v["quantity"], 12);
    assert!(v["reviewed_at"].is_string());
    let rb = b["ref"].as_str().unwrap();
    let out = sc
        .cmd(&["need", "review", rb, "--fulfilled"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("closed"));
    // A closed need is not reviewed again: refused, exit 3, the reason named.
    let out = sc
        .cmd(&["need", "review", rb, "--still-needed", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is closed"));
    // An answer is required, and only one.
    let out = sc.cmd(&["need", "review", r]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = sc
        .cmd(&["need", "review", r, "--close", "--fulfilled"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
