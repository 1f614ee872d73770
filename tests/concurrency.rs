//! Several consoles write at once: nobody loses a row, nobody sees "database is locked", and
//! proposals racing for one need never over-allocate it.

mod common;

use aidline::domain::{Accepts, Condition, Location, Phone, Urgency};
use aidline::store::{NewNeed, NewOffer, Store};
use std::sync::{Arc, Barrier};

const WRITERS: usize = 8;
const OFFERS_EACH: usize = 40;

fn new_offer(writer: usize, i: usize) -> NewOffer {
    NewOffer {
        phone: Phone::parse(&format!("+380 67 {writer:03} {i:02} 00")).unwrap(),
        name: Some(format!("writer {writer}")),
        item: "ковдра".into(),
        category: Some("bedding".into()),
        quantity: 3,
        unit: None,
        condition: Condition::Good,
        location: Location::default(),
        notes: None,
        available_until: None,
    }
}

#[test]
fn eight_connections_write_and_propose_at_once() {
    let scratch = common::Scratch::new();
    let need_id = {
        let mut s = scratch.open();
        s.add_need(&NewNeed {
            organisation: "Прихисток «Дім»".into(),
            partner_ref: None,
            item: "ковдри".into(),
            category: Some("bedding".into()),
            quantity: 50,
            unit: None,
            urgency: Urgency::Critical,
            location: Location::default(),
            accepts: Accepts::Any,
            needed_by: None,
            notes: None,
        })
        .unwrap()
        .id
    };
    let barrier = Arc::new(Barrier::new(WRITERS));
    let db = scratch.db();
    let handles: Vec<_> = (0..WRITERS)
        .map(|w| {
            let barrier = barrier.clone();
            let db = db.clone();
            std::thread::spawn(move || {
                let mut s = Store::open(&db, &format!("op{w}")).expect("open");
                barrier.wait();
                let mut proposed = 0i64;
                let mut refused = 0usize;
                for i in 0..OFFERS_EACH {
                    let offer = s.add_offer(&new_offer(w, i)).expect("no write may fail");
                    match s.propose(offer.id, need_id, Some(1)) {
                        Ok(m) => proposed += m.quantity,
                        Err(e) => {
                            let text = e.to_string();
                            assert!(text.contains("needs only 0"), "unexpected refusal: {text}");
                            refused += 1;
                        }
                    }
                }
                (proposed, refused)
            })
        })
        .collect();
    let results: Vec<(i64, usize)> = handles
        .into_iter()
        .map(|h| h.join().expect("writer panicked"))
        .collect();
    let total_proposed: i64 = results.iter().map(|r| r.0).sum();
    let total_refused: usize = results.iter().map(|r| r.1).sum();
    let s = scratch.open();
    let stats = s.stats().unwrap();
    assert_eq!(
        stats.offers as usize,
        WRITERS * OFFERS_EACH,
        "every offer is there"
    );
    assert_eq!(stats.donors as usize, WRITERS * OFFERS_EACH);
    assert_eq!(
        total_proposed, 50,
        "the need took exactly what it asked for"
    );
    assert_eq!(total_refused, WRITERS * OFFERS_EACH - 50);
    assert_eq!(s.need(need_id).unwrap().tally.proposed, 50);
    assert_eq!(stats.matches, 50);
    assert!(s.check().unwrap().ok(), "{:?}", s.check().unwrap().problems);
}

#[test]
fn eight_processes_add_offers_at_once() {
    let scratch = common::Scratch::new();
    // Create the schema first so the processes race on writes, not on the first migration.
    drop(scratch.open());
    let children: Vec<_> = (0..WRITERS)
        .map(|w| {

            // Each process adds its offers through a shell loop, so eight processes overlap.
            let script = (0..5)
                .map(|i| {
                    format!(
                        "\"$0\" --db \"$1\" --operator op{w} offer add --phone '+380 50 {w:03} {i:02} 11' --item ковдра --quantity 2 || exit 1"
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            std::process::Command::new("sh")
                .arg("-c")
                .arg(script)
                .arg(assert_cmd::cargo::cargo_bin("aidline"))
                .arg(scratch.db())
                .env("AIDLINE_DATA_DIR", scratch.path("data"))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "a writer failed: {stderr}");
        assert!(!stderr.contains("locked"), "{stderr}");
    }
    assert_eq!(scratch.open().stats().unwrap().offers, (WRITERS * 5) as i64);
}

#[test]
fn eight_consoles_open_a_new_database_at_once() {
    for _round in 0..3 {
        let scratch = common::Scratch::new();
        let barrier = Arc::new(Barrier::new(WRITERS));
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let barrier = barrier.clone();
                let db = scratch.db();
                std::thread::spawn(move || {
                    barrier.wait();
                    let mut s = Store::open(&db, "op").expect("open while others migrate");
                    s.add_offer(&new_offer(w, 0)).expect("write");
                })
            })
            .collect();
        for h in handles {
            h.join().expect("a console failed to open");
        }
        let s = scratch.open();
        assert_eq!(s.stats().unwrap().offers, WRITERS as i64);
        assert!(s.check().unwrap().ok());
    }
}
