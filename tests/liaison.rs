//! Issue 11, store and CLI: match transitions that free quantities and queue re-matches, follow-ups,
//! needs and offers kept by hand, callbacks that keep their context and are taken once.

mod common;

use aidline::domain::{
    Accepts, CallOutcome, Condition, FixedClock, Location, MatchStatus, Phone, Urgency,
};
use aidline::store::{NewCall, NewNeed, NewOffer, Store};
use chrono::{DateTime, TimeZone, Utc};
use common::Scratch;
use std::sync::Arc;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap()
}

/// A connection to the scratch database at a given time.
fn at(s: &Scratch, operator: &str, now: DateTime<Utc>) -> Store {
    Store::open(&s.db(), operator)
        .unwrap()
        .with_clock(Arc::new(FixedClock(now)))
}

fn offer(item: &str, quantity: i64) -> NewOffer {
    NewOffer {
        phone: Phone::parse("+380 67 123 45 67").unwrap(),
        name: Some("Ганна Мельник".into()),
        item: item.into(),
        category: None,
        quantity,
        unit: None,
        condition: Condition::Good,
        location: Location::default(),
        notes: Some("є ще пара ковдр у сестри, перепитати".into()),
        available_until: None,
    }
}

fn need(item: &str, quantity: i64) -> NewNeed {
    NewNeed {
        organisation: "БО «Схід SOS»".into(),
        partner_ref: None,
        item: item.into(),
        category: None,
        quantity,
        unit: None,
        urgency: Urgency::High,
        location: Location::default(),
        accepts: Accepts::Any,
        needed_by: None,
        notes: None,
    }
}

#[test]
fn a_declined_match_frees_its_quantities_and_queues_the_offer_for_rematch() {
    let s = Scratch::new();
    let mut a = at(&s, "olena", t0());
    let o = a.add_offer(&offer("ковдри теплі", 10)).unwrap();
    let n = a.add_need(&need("Ковдри", 6)).unwrap();
    let m = a.propose(o.id, n.id, None).unwrap();
    assert_eq!(m.quantity, 6);
    assert!(a.rematch_queue(0, 10).unwrap().is_empty());
    a.set_match_status(
        m.id,
        MatchStatus::Declined,
        Some("вже отримали від Карітасу"),
    )
    .unwrap();
    assert_eq!(a.offer(o.id).unwrap().tally.open(), 10);
    assert_eq!(a.need(n.id).unwrap().tally.open(), 6);
    // Another console sees the queue.
    let b = at(&s, "petro", t0());
    let q = b.rematch_queue(0, 10).unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].offer.id, o.id);
    assert_eq!(q[0].match_id, m.id);
    assert_eq!(q[0].reason.as_deref(), Some("вже отримали від Карітасу"));
    let audit = a.audit_rows("match").unwrap();
    assert!(audit.iter().any(|r| r.contains("declined")), "{audit:?}");
    // Proposing it again takes it off the queue.
    let n2 = a.add_need(&need("ковдра", 3)).unwrap();
    a.propose(o.id, n2.id, None).unwrap();
    assert!(b.rematch_queue(0, 10).unwrap().is_empty());
}

#[test]
fn a_cancelled_match_queues_and_can_be_cleared_by_hand() {
    let s = Scratch::new();
    let mut a = at(&s, "olena", t0());
    let o = a.add_offer(&offer("пральний порошок", 5)).unwrap();
    let n = a.add_need(&need("порошок пральний", 5)).unwrap();
    let m = a.propose(o.id, n.id, None).unwrap();
    a.set_match_status(m.id, MatchStatus::Confirmed, None)
        .unwrap();
    a.set_match_status(m.id, MatchStatus::Cancelled, Some("донор виїхав"))
        .unwrap();
    assert_eq!(a.offer(o.id).unwrap().tally.open(), 5);
    assert_eq!(a.rematch_queue(0, 10).unwrap().len(), 1);
    assert!(a.clear_rematch(o.id).unwrap());
    assert!(!a.clear_rematch(o.id).unwrap());
    assert!(a.rematch_queue(0, 10).unwrap().is_empty());
}

#[test]
fn a_handover_of_less_than_proposed_frees_the_rest() {
    let s = Scratch::new();
    let mut a = at(&s, "olena", t0());
    let o = a.add_offer(&offer("памперси 4", 40)).unwrap();
    let n = a.add_need(&need("підгузки розмір 4", 30)).unwrap();
    let m = a.propose(o.id, n.id, Some(30)).unwrap();
    // Only a confirmed match is handed over.
    assert!(a.hand_over(m.id, 20, None).is_err());
    a.set_match_status(m.id, MatchStatus::Confirmed, None)
        .unwrap();
    for bad in [0, 31, -1] {
        let e = a.hand_over(m.id, bad, None).unwrap_err();
        assert!(e.to_string().starts_with("received:"), "{e}");
    }
    let m = a.hand_over(m.id, 22, Some("8 пачок загубились")).unwrap();
    assert_eq!(m.status, MatchStatus::HandedOver);
    assert_eq!(m.quantity, 22);
    let (o, n) = (a.offer(o.id).unwrap(), a.need(n.id).unwrap());
    assert_eq!(
        (o.tally.delivered, o.tally.confirmed, o.tally.open()),
        (22, 0, 18)
    );
    assert_eq!(
        (n.tally.delivered, n.tally.confirmed, n.tally.open()),
        (22, 0, 8)
    );
    let audit = a.audit_rows("match").unwrap();
    let row = audit.iter().find(|r| r.contains("handed_over")).unwrap();
    assert!(row.contains("\"quantity\":22"), "{row}");
}

#[test]
fn proposing_the_same_offer_to_the_same_need_twice_adds_to_the_match() {
    let s = Scratch::new();
    let mut a = at(&s, "olena", t0());
    let o = a.add_offer(&offer("вода питна 5л", 20)).unwrap();
    let n = a.add_need(&need("вода бутильована", 15)).unwrap();
    let first = a.propose(o.id, n.id, Some(5)).unwrap();
    let second = a.propose(o.id, n.id, Some(4)).unwrap();
    assert_eq!(first.id, second.id);
    assert_eq!(second.quantity, 9);
    assert_eq!(a.list_matches(None, None, 0, 10).unwrap().len(), 1);
    assert_eq!(a.offer(o.id).unwrap().tally.proposed, 9);
    assert_eq!(a.need(n.id).unwrap().tally.proposed, 9);
    // Beyond what is open it is refused and nothing changes.
    assert!(a.propose(o.id, n.id, Some(7)).is_err());
    assert_eq!(a.match_by_id(first.id).unwrap().quantity, 9);
    // Once confirmed, a new proposal is a new match.
    a.set_match_status(first.id, MatchStatus::Confirmed, None)
        .unwrap();
    let third = a.propose(o.id, n.id, Some(2)).unwrap();
    assert_ne!(third.id, first.id);
}

#[test]
fn matches_not_confirmed_within_three_days_need_a_follow_up() {
    let s = Scratch::new();
    let mut a = at(&s, "olena", t0());
    let o = a.add_offer(&offer("обігрівач масляний", 3)).unwrap();
    let n1 = a.add_need(&need("обігрівачі", 1)).unwrap();
    let n2 = a.add_need(&need("обiгрiвач", 1)).unwrap();
    let n3 = a.add_need(&need("обогреватель", 1)).unwrap();
    let old = a.propose(o.id, n1.id, None).unwrap();
    let confirmed = a.propose(o.id, n2.id, None).unwrap();
    a.set_match_status(confirmed.id, MatchStatus::Confirmed, None)
        .unwrap();
    let mut later = at(&s, "olena", t0() + chrono::Duration::days(2));
    let recent = later.propose(o.id, n3.id, None).unwrap();
    assert!(later.follow_up_matches(0, 10).unwrap().is_empty());
    let b = at(
        &s,
        "petro",
        t0() + chrono::Duration::days(3) + chrono::Duration::hours(1),
    );
    let due: Vec<i64> = b
        .follow_up_matches(0, 10)
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(due, vec![old.id]);
    let c = at(&s, "petro", t0() + chrono::Duration::days(6));
    let due: Vec<i64> = c
        .follow_up_matches(0, 10)
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(due, vec![old.id, recent.id]);
}

// ---- CLI ----

/// A database with one offer (O-1, 10 blankets) and one need (N-1, 6 blankets), via the CLI.
fn cli_setup(s: &Scratch) -> (i64, i64) {
    let o = s.json(&[
        "offer",
        "add",
        "--phone",
        "067 123 45 67",
        "--item",
        "ковдри",
        "--quantity",
        "10",
        "--json",
    ]);
    let mut st = s.open();
    let n = st.add_need(&need("ковдри вовняні", 6)).unwrap();
    (o["id"].as_i64().unwrap(), n.id)
}

#[test]
fn cli_handover_received_and_rematch_queue() {
    let s = Scratch::new();
    let (o, n) = cli_setup(&s);
    let m = s.json(&[
        "match",
        "propose",
        "--offer",
        &format!("O-{o}"),
        "--need",
        &format!("N-{n}"),
        "--json",
    ]);
    let mref = m["ref"].as_str().unwrap().to_string();
    s.cmd(&["match", "confirm", &mref]).assert().success();
    s.cmd(&["match", "handover", &mref, "--received", "9"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("received"));
    s.cmd(&["match", "handover", &mref, "--received", "4"])
        .assert()
        .success()
        .stdout(predicates::str::contains("× 4"));
    let st = s.open();
    assert_eq!(st.offer(o).unwrap().tally.open(), 6);
    assert_eq!(st.need(n).unwrap().tally.open(), 2);
    drop(st);
    // A second match, declined: the offer waits to be re-matched.
    let m2 = s.json(&[
        "match",
        "propose",
        "--offer",
        &o.to_string(),
        "--need",
        &n.to_string(),
        "--json",
    ]);
    let m2ref = m2["ref"].as_str().unwrap().to_string();
    s.cmd(&["match", "decline", &m2ref, "--reason", "вже є"])
        .assert()
        .success();
    let q = s.json(&["match", "rematch", "--json"]);
    assert_eq!(q.as_array().unwrap().len(), 1);
    assert_eq!(q[0]["offer_id"].as_i64(), Some(o));
    assert_eq!(q[0]["reason"].as_str(), Some("вже є"));
    s.cmd(&["--lang", "uk", "match", "rematch"])
        .assert()
        .success()
        .stdout(predicates::str::contains("вже є"));
    s.cmd(&["match", "rematch", "--clear", &format!("O-{o}")])
        .assert()
        .success();
    s.cmd(&["match", "rematch", "--clear", &format!("O-{o}")])
        .assert()
        .failure()
        .stderr(predicates::str::contains("not waiting"));
    assert!(
        s.json(&["match", "rematch", "--json"])
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn cli_follow_up_lists_old_proposals() {
    let s = Scratch::new();
    let (o, n) = cli_setup(&s);
    // Proposed four days ago, through a connection at that time.
    let mut old = at(&s, "olena", Utc::now() - chrono::Duration::days(4));
    let m = old.propose(o, n, Some(2)).unwrap();
    drop(old);
    s.json(&[
        "match",
        "propose",
        "--offer",
        &o.to_string(),
        "--need",
        &n.to_string(),
        "--quantity",
        "1",
        "--json",
    ]);
    let list = s.json(&["match", "follow-up", "--json"]);
    let ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![m.id]);
    assert_eq!(list[0]["days"].as_i64(), Some(4));
    s.cmd(&["--lang", "uk", "match", "follow-up"])
        .assert()
        .success()
        .stdout(predicates::str::contains("4 дні"));
}

// ---- Needs and offers kept by hand ----

#[test]
fn need_add_checks_like_the_import_and_says_the_same() {
    let s = Scratch::new();
    s.cmd(&["migrate"]).assert().success();
    // The same bad row through the import and through `need add`.
    let csv = s.write(
        "needs.csv",
        "organisation;item;quantity;urgency;location;needed_by\n\
         БФ «Добро»;пелюшки;нуль;дуже;Нарнія;31.02.2026\n",
    );
    let import = s
        .cmd(&["import", "needs", csv.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!import.status.success());
    let import_err = String::from_utf8_lossy(&import.stderr).to_string();
    let add = s
        .cmd(&[
            "need",
            "add",
            "--org",
            "БФ «Добро»",
            "--item",
            "пелюшки",
            "--quantity",
            "нуль",
            "--urgency",
            "дуже",
            "--location",
            "Нарнія",
            "--needed-by",
            "31.02.2026",
        ])
        .output()
        .unwrap();
    assert!(!add.status.success());
    assert_eq!(add.status.code(), import.status.code());
    let add_err = String::from_utf8_lossy(&add.stderr).to_string();
    for field in ["quantity", "urgency", "location", "needed_by"] {
        let from_import = import_err
            .lines()
            .find(|l| l.contains(&format!(": {field}: ")))
            .unwrap_or_else(|| panic!("import says nothing of {field}: {import_err}"));
        let reason = from_import.split_once(&format!(": {field}: ")).unwrap().1;
        assert!(
            add_err.contains(&format!("{field}: {reason}")),
            "{field}: import says «{reason}», need add says: {add_err}"
        );
    }
    let st = s.open();
    assert_eq!(
        st.stats().unwrap().needs,
        0,
        "a refused need writes nothing"
    );
}

#[test]
fn need_add_edit_close_from_the_cli() {
    let s = Scratch::new();
    s.cmd(&["migrate"]).assert().success();
    let n = s.json(&[
        "need",
        "add",
        "--org",
        "ГО «Помічні руки»",
        "--item",
        "підгузки дорослі L",
        "--quantity",
        "1 000 шт",
        "--urgency",
        "висока",
        "--location",
        "Бровари",
        "--ref",
        "ПР-7",
        "--json",
    ]);
    assert_eq!(n["quantity"].as_i64(), Some(1000));
    assert_eq!(n["urgency"].as_str(), Some("high"));
    assert!(n["place_code"].is_string(), "{n}");
    let id = n["id"].as_i64().unwrap();
    // The same partner ref twice is refused, pointing to edit.
    s.cmd(&[
        "need",
        "add",
        "--org",
        "ГО «Помічні руки»",
        "--item",
        "x",
        "--quantity",
        "1",
        "--ref",
        "ПР-7",
    ])
    .assert()
    .failure()
    .stderr(predicates::str::contains("need edit"));
    // Edit by the partner's reference: only the given fields change.
    let e = s.json(&[
        "need",
        "edit",
        "ПР-7",
        "--quantity",
        "40",
        "--notes",
        "до п'ятниці",
        "--json",
    ]);
    assert_eq!(e["id"].as_i64(), Some(id));
    assert_eq!(e["quantity"].as_i64(), Some(40));
    assert_eq!(e["urgency"].as_str(), Some("high"));
    assert_eq!(e["notes"].as_str(), Some("до п'ятниці"));
    assert_eq!(e["item"].as_str(), Some("підгузки дорослі L"));
    // Below what is matched is refused.
    let mut st = s.open();
    // Counted in pieces like the need (packs and pieces do not convert).
    let mut diapers = offer("памперси для дорослих L", 30);
    diapers.unit = Some(aidline::domain::Unit::Pcs);
    let o = st.add_offer(&diapers).unwrap();
    st.propose(o.id, id, Some(25)).unwrap();
    drop(st);
    s.cmd(&["need", "edit", &format!("N-{id}"), "--quantity", "20"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("already matched"));
    assert_eq!(s.open().need(id).unwrap().tally.total, 40);
    s.cmd(&["--lang", "uk", "need", "close", &format!("N-{id}")])
        .assert()
        .success()
        .stdout(predicates::str::contains("закрито"));
    assert!(s.open().need(id).unwrap().closed);
    let audit = s.open().audit_rows("need").unwrap();
    assert!(audit.iter().any(|r| r.contains("edit")), "{audit:?}");
}

#[test]
fn offer_edit_and_withdraw_from_the_cli() {
    let s = Scratch::new();
    let (o, n) = cli_setup(&s);
    let e = s.json(&[
        "offer",
        "edit",
        &format!("O-{o}"),
        "--quantity",
        "12",
        "--condition",
        "new",
        "--location",
        "Ірпінь",
        "--json",
    ]);
    assert_eq!(e["quantity"].as_i64(), Some(12));
    assert_eq!(e["condition"].as_str(), Some("new"));
    assert!(e["place_code"].is_string());
    assert_eq!(e["item"].as_str(), Some("ковдри"));
    // A bad place changes nothing.
    s.cmd(&[
        "offer",
        "edit",
        &o.to_string(),
        "--location",
        "Нарнія",
        "--quantity",
        "3",
    ])
    .assert()
    .failure();
    assert_eq!(s.open().offer(o).unwrap().tally.total, 12);
    let m = s.json(&[
        "match",
        "propose",
        "--offer",
        &o.to_string(),
        "--need",
        &n.to_string(),
        "--quantity",
        "5",
        "--json",
    ]);
    s.cmd(&["offer", "edit", &o.to_string(), "--quantity", "4"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("already matched"));
    s.cmd(&[
        "offer",
        "withdraw",
        &format!("O-{o}"),
        "--reason",
        "віддав сусідам",
    ])
    .assert()
    .success()
    .stdout(predicates::str::contains("1 match"));
    let st = s.open();
    assert!(st.offer(o).unwrap().withdrawn);
    assert_eq!(
        st.need(n).unwrap().tally.open(),
        6,
        "the need's quantity is freed"
    );
    let mid = m["id"].as_i64().unwrap();
    assert_eq!(st.match_by_id(mid).unwrap().status, MatchStatus::Cancelled);
    assert!(
        st.rematch_queue(0, 10).unwrap().is_empty(),
        "a withdrawn offer is not re-matched"
    );
    drop(st);
    s.cmd(&["offer", "withdraw", &o.to_string()])
        .assert()
        .failure()
        .stderr(predicates::str::contains("already withdrawn"));
    s.cmd(&["offer", "edit", &o.to_string(), "--quantity", "3"])
        .assert()
        .failure();
}

// ---- Callbacks ----

fn callback_call(phone: &str, at: DateTime<Utc>, donor_id: Option<i64>) -> NewCall {
    NewCall {
        phone: Some(Phone::parse(phone).unwrap()),
        donor_id,
        offer_id: None,
        outcome: CallOutcome::CallBack,
        callback_at: Some(at),
        notes: Some("передзвонити після 18:00, уточнить розмір".into()),
        started_at: at - chrono::Duration::hours(3),
    }
}

#[test]
fn a_callback_keeps_its_context_and_is_taken_once_across_two_connections() {
    let s = Scratch::new();
    let mut a = at(&s, "olena", t0());
    let o = a.add_offer(&offer("дитяче ліжечко", 1)).unwrap();
    let context = r#"{"phone":"+380671234567","name":"Ганна Мельник","item":"дитяче ліжечко + матрац","quantity":"1","notes":"уточнить розмір"}"#;
    let id = a
        .log_call_with_context(
            &callback_call(
                "+380671234567",
                t0() - chrono::Duration::minutes(10),
                Some(o.donor_id),
            ),
            Some(context),
        )
        .unwrap();
    let mut b = at(&s, "petro", t0());
    // Both consoles see it due.
    assert_eq!(a.due_callbacks(t0(), 10).unwrap().len(), 1);
    assert_eq!(b.due_callbacks(t0(), 10).unwrap().len(), 1);
    let taken = b.take_callback(id).unwrap().expect("petro takes it");
    assert_eq!(taken.context.as_deref(), Some(context));
    assert_eq!(taken.taken_by.as_deref(), Some("petro"));
    assert_eq!(taken.call.donor_name.as_deref(), Some("Ганна Мельник"));
    assert_eq!(
        taken.call.notes.as_deref(),
        Some("передзвонити після 18:00, уточнить розмір")
    );
    // The other console no longer gets it, neither listed nor by taking.
    assert!(a.due_callbacks(t0(), 10).unwrap().is_empty());
    assert!(a.take_callback(id).unwrap().is_none());
    assert_eq!(a.callback(id).unwrap().taken_by.as_deref(), Some("petro"));
    // Only who took it can give it back; then it is offered again.
    assert!(!a.release_callback(id).unwrap());
    assert!(b.release_callback(id).unwrap());
    assert_eq!(a.due_callbacks(t0(), 10).unwrap().len(), 1);
    assert!(a.take_callback(id).unwrap().is_some());
}

#[test]
fn racing_consoles_take_a_callback_exactly_once() {
    let s = Scratch::new();
    let mut a = at(&s, "op0", t0());
    let id = a
        .log_call(&callback_call("050 111 22 33", t0(), None))
        .unwrap();
    let winners: Vec<bool> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let s = &s;
                scope.spawn(move || {
                    let mut c = at(s, &format!("op{}", i + 1), t0());
                    c.take_callback(id).unwrap().is_some()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(winners.iter().filter(|w| **w).count(), 1, "{winners:?}");
}

#[test]
fn future_callbacks_are_listed_with_their_times() {
    let s = Scratch::new();
    let mut a = at(&s, "olena", t0());
    let later = t0() + chrono::Duration::hours(5);
    let tomorrow = t0() + chrono::Duration::days(1);
    a.log_call(&callback_call("067 000 00 01", tomorrow, None))
        .unwrap();
    a.log_call(&callback_call("067 000 00 02", later, None))
        .unwrap();
    a.log_call(&callback_call(
        "067 000 00 03",
        t0() - chrono::Duration::hours(1),
        None,
    ))
    .unwrap();
    let list = a.scheduled_callbacks(t0(), 10).unwrap();
    let times: Vec<_> = list.iter().map(|c| c.call.callback_at.unwrap()).collect();
    assert_eq!(times, vec![later, tomorrow]);
    assert!(
        a.log_call(&NewCall {
            callback_at: None,
            ..callback_call("067 000 00 04", t0(), None)
        })
        .is_err()
    );
}

// ---- The shift report ----

#[test]
fn the_day_report_counts_per_operator_in_the_call_centres_day() {
    use aidline::domain::InZone;
    let s = Scratch::new();
    let kyiv: chrono_tz::Tz = "Europe/Kyiv".parse().unwrap();
    // 2026-12-01 23:30 in Kyiv is 21:30 UTC; 2026-12-02 00:30 in Kyiv is 22:30 UTC on the 1st.
    let late = Utc.with_ymd_and_hms(2026, 12, 1, 21, 30, 0).unwrap();
    let after_midnight = Utc.with_ymd_and_hms(2026, 12, 1, 22, 30, 0).unwrap();
    let conn = |op: &str, t: DateTime<Utc>| {
        Store::open(&s.db(), op)
            .unwrap()
            .with_clock(Arc::new(InZone(FixedClock(t), kyiv)))
    };
    let mut olena = conn("olena", late);
    let o = olena.add_offer(&offer("ковдри", 10)).unwrap();
    let n = olena.add_need(&need("ковдри", 4)).unwrap();
    olena.add_need(&need("генератор 5 кВт", 1)).unwrap();
    let m = olena.propose(o.id, n.id, Some(2)).unwrap();
    olena
        .log_call(&NewCall {
            phone: Some(Phone::parse("067 123 45 67").unwrap()),
            donor_id: Some(o.donor_id),
            offer_id: Some(o.id),
            outcome: CallOutcome::OfferLogged,
            callback_at: None,
            notes: None,
            started_at: late,
        })
        .unwrap();
    let mut petro = conn("petro", after_midnight);
    petro
        .set_match_status(m.id, MatchStatus::Confirmed, None)
        .unwrap();
    petro
        .log_call(&callback_call("050 765 43 21", after_midnight, None))
        .unwrap();
    let day1 = petro
        .day_report(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
        .unwrap();
    assert_eq!(day1.offers_logged, 1);
    assert_eq!(day1.matches_proposed, 1);
    assert_eq!(
        day1.matches_confirmed, 0,
        "confirmed after midnight in Kyiv"
    );
    assert_eq!(day1.calls.get("offer_logged"), Some(&1));
    assert_eq!(day1.per_operator["olena"].offers_logged, 1);
    assert!(!day1.per_operator.contains_key("petro"));
    let day2 = petro
        .day_report(chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap())
        .unwrap();
    assert_eq!(day2.matches_confirmed, 1);
    assert_eq!(day2.per_operator["petro"].matches_confirmed, 1);
    assert_eq!(day2.per_operator["petro"].calls.get("call_back"), Some(&1));
    assert_eq!(day2.offers_logged, 0);
    assert_eq!(day2.callbacks_scheduled, 1);
    let open: i64 = day2.open_needs_by_category.values().sum();
    assert_eq!(open, 2);
    drop((olena, petro));
    // The CLI, in the configured zone.
    let j = s.json(&[
        "--timezone",
        "Europe/Kyiv",
        "report",
        "--date",
        "01.12.2026",
        "--json",
    ]);
    assert_eq!(j["offers_logged"].as_i64(), Some(1));
    assert_eq!(j["matches_confirmed"].as_i64(), Some(0));
    let j = s.json(&[
        "--timezone",
        "UTC",
        "report",
        "--date",
        "2026-12-01",
        "--json",
    ]);
    assert_eq!(
        j["matches_confirmed"].as_i64(),
        Some(1),
        "in UTC all is on the 1st"
    );
    s.cmd(&[
        "--lang",
        "uk",
        "--timezone",
        "Europe/Kyiv",
        "report",
        "--date",
        "2026-12-02",
    ])
    .assert()
    .success()
    .stdout(predicates::str::contains("передзвонити: 1"))
    .stdout(predicates::str::contains("petro"));
    s.cmd(&["report", "--date", "31.02.2026"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("--date"));
}

#[test]
fn forgetting_a_donor_erases_the_context_a_callback_kept() {
    let s = Scratch::new();
    let mut a = at(&s, "olena", t0());
    a.add_offer(&offer("візочок", 1)).unwrap();
    let context = r#"{"phone":"+380671234567","name":"Ганна Мельник","item":"візочок"}"#;
    let id = a
        .log_call_with_context(&callback_call("+380671234567", t0(), None), Some(context))
        .unwrap();
    // Another callback whose notes mention her by phone.
    let other = a
        .log_call_with_context(
            &callback_call("050 111 22 33", t0(), None),
            Some(r#"{"notes":"сусідка Ганни, її номер +380671234567"}"#),
        )
        .unwrap();
    a.forget_donor(&Phone::parse("067 123 45 67").unwrap())
        .unwrap();
    assert_eq!(a.callback(id).unwrap().context, None);
    assert_eq!(a.callback(other).unwrap().context, None);
    drop(a);
    assert!(!common::file_contains(&s.db(), "Мельник".as_bytes()));
}

#[test]
fn the_liaison_migration_runs_again_on_a_database_set_back() {
    let s = Scratch::new();
    let mut a = at(&s, "olena", t0());
    let o = a.add_offer(&offer("ковдри", 2)).unwrap();
    let n = a.add_need(&need("ковдри", 2)).unwrap();
    let m = a.propose(o.id, n.id, None).unwrap();
    a.set_match_status(m.id, MatchStatus::Declined, None)
        .unwrap();
    drop(a);
    let conn = rusqlite::Connection::open(s.db()).unwrap();
    let latest: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch(&format!("PRAGMA user_version = {};", latest - 1))
        .unwrap();
    drop(conn);
    let a = at(&s, "olena", t0());
    assert_eq!(
        a.rematch_queue(0, 10).unwrap().len(),
        1,
        "kept through the re-run"
    );
}

/// `aidline --org NAME`: an unknown or ambiguous name is refused before the console opens, in
/// one line, with the exit code for refused input; `--org` with a command is a usage error.
#[test]
fn the_console_refuses_an_organisation_it_cannot_tell() {
    let s = Scratch::new();
    let mut a = at(&s, "olena", t0());
    for org in ["БФ «Джерело» (Супруни)", "Прихисток «Джерело» (Сергіївка)"]
    {
        a.add_need(&NewNeed {
            organisation: org.into(),
            ..need("ковдри", 5)
        })
        .unwrap();
    }
    drop(a);
    let out = s
        .cmd(&["--org", "Карітас Харків", "--lang", "en"])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err, "error: no organisation is called «Карітас Харків»\n");
    // Two organisations hold the word: say which.
    let out = s
        .cmd(&["--org", "джерело", "--lang", "uk"])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("«БФ «Джерело» (Супруни)»"), "{err}");
    assert!(err.contains("уточніть"), "{err}");
    // A typo of a whole name is offered back.
    let out = s
        .cmd(&["--org", "Прихисток Джерлео (Сергіївка)", "--lang", "en"])
        .assert()
        .code(3)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("did you mean «Прихисток «Джерело» (Сергіївка)»?"),
        "{err}"
    );
    s.cmd(&["--org", "джерело", "stats"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--org"));
}

#[test]
fn a_matchs_history_and_the_phone_view_row_come_from_the_audit() {
    let s = Scratch::new();
    let mut a = at(&s, "olena", t0());
    let o = a.add_offer(&offer("ковдри теплі", 10)).unwrap();
    let n = a.add_need(&need("Ковдри", 6)).unwrap();
    let m = a.propose(o.id, n.id, Some(4)).unwrap();
    a.propose(o.id, n.id, Some(2)).unwrap();
    let mut b = at(&s, "petro", t0() + chrono::Duration::hours(2));
    b.set_match_status(m.id, MatchStatus::Declined, Some("вже є"))
        .unwrap();
    let h = b.match_history(m.id).unwrap();
    let got: Vec<(&str, &str, Option<i64>, Option<&str>)> = h
        .iter()
        .map(|e| {
            (
                e.operator.as_str(),
                e.action.as_str(),
                e.quantity,
                e.reason.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("olena", "propose", Some(4), None),
            ("olena", "propose_more", Some(6), None),
            ("petro", "declined", Some(6), Some("вже є")),
        ]
    );
    assert_eq!(h[2].at, t0() + chrono::Duration::hours(2));
    // The phone view: one row of the access log naming the donor by id and the match.
    b.log_phone_view(m.id).unwrap();
    let rows = b.access_log().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].login, "petro");
    assert_eq!(rows[0].donor_id, b.match_view(m.id).unwrap().offer.donor_id);
    assert_eq!(rows[0].why, format!("match M-{}", m.id));
    assert!(
        !rows[0].why.contains("380") && !rows[0].why.contains("Ганна"),
        "{rows:?}"
    );
    assert!(b.log_phone_view(9999).is_err());
}
