//! The Dashboard's figures in the store (`Store::shift_figures`): the day is `day_report`'s,
//! the week is seven local days, offers per day over 14 days, the most urgent open needs, stale
//! needs (past needed-by or unchanged for 14 days), matches waiting on organisations, callbacks
//! scheduled; per operator across two connections.

use aidline::domain::{Accepts, CallOutcome, Condition, FixedClock, Phone, Urgency};
use aidline::store::{NewCall, NewNeed, NewOffer, Store, resolve_location};
use chrono::{DateTime, Duration, TimeZone, Utc};
use std::path::Path;
use std::sync::Arc;

/// 14:00 in Kyiv.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
}

fn at(path: &Path, operator: &str, t: DateTime<Utc>) -> Store {
    Store::open(path, operator)
        .unwrap()
        .with_clock(Arc::new(FixedClock(t)))
}

fn need(org: &str, item: &str, urgency: Urgency, needed_by: Option<chrono::NaiveDate>) -> NewNeed {
    NewNeed {
        organisation: org.into(),
        partner_ref: None,
        item: item.into(),
        category: None,
        quantity: 20,
        unit: None,
        urgency,
        location: resolve_location(Some("Суми")).unwrap(),
        accepts: Accepts::Any,
        needed_by,
        notes: None,
    }
}

fn offer(phone: &str, item: &str) -> NewOffer {
    NewOffer {
        phone: Phone::parse(phone).unwrap(),
        name: Some("Марія".into()),
        item: item.into(),
        category: None,
        quantity: 5,
        unit: None,
        condition: Condition::Good,
        location: resolve_location(Some("Суми")).unwrap(),
        notes: None,
        available_until: None,
    }
}

#[test]
fn the_dashboards_figures_count_what_happened_and_what_waits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    // Twenty days ago: a need nobody touched since (stale), and an offer out of every range.
    let mut old = at(&path, "olena", t0() - Duration::days(20));
    let untouched = old
        .add_need(&need(
            "ГО «Сумська варта»",
            "генератор",
            Urgency::High,
            None,
        ))
        .unwrap();
    old.add_offer(&offer("066 100 00 01", "павербанк")).unwrap();
    // Five days ago: an offer proposed, still waiting (over 3 days).
    let mut five = at(&path, "olena", t0() - Duration::days(5));
    let warm = five
        .add_need(&need("БФ «Тепло»", "ковдри", Urgency::Normal, None))
        .unwrap();
    let o = five.add_offer(&offer("066 100 00 02", "плед")).unwrap();
    five.propose(o.id, warm.id, Some(5)).unwrap();
    // Yesterday: a need whose date has passed by today (stale), two offers.
    let mut yday = at(&path, "petro", t0() - Duration::days(1));
    let late = yday
        .add_need(&need(
            "Лікарня №2",
            "памперси для дорослих",
            Urgency::Critical,
            Some(today - Duration::days(1)),
        ))
        .unwrap();
    yday.add_offer(&offer("066 100 00 03", "памперсы")).unwrap();
    yday.add_offer(&offer("066 100 00 04", "підгузки дорослі"))
        .unwrap();
    // Today, two operators on two connections: an offer and a proposal each way, a call, and
    // callbacks (one due, one later).
    let mut a = at(&path, "olena", t0());
    let mut b = at(&path, "petro", t0());
    let urgent = a
        .add_need(&need("БФ «Світло»", "вода питна", Urgency::Critical, None))
        .unwrap();
    let fresh = b.add_offer(&offer("066 100 00 05", "вода 6 л")).unwrap();
    a.propose(fresh.id, urgent.id, Some(2)).unwrap();
    b.log_call(&NewCall {
        phone: Some(Phone::parse("066 100 00 05").unwrap()),
        donor_id: Some(fresh.donor_id),
        offer_id: Some(fresh.id),
        outcome: CallOutcome::OfferLogged,
        callback_at: None,
        notes: None,
        started_at: t0() - Duration::minutes(5),
    })
    .unwrap();
    for (phone, when) in [("067 200 00 01", -60), ("067 200 00 02", 120)] {
        a.log_call(&NewCall {
            phone: Some(Phone::parse(phone).unwrap()),
            donor_id: None,
            offer_id: None,
            outcome: CallOutcome::CallBack,
            callback_at: Some(t0() + Duration::minutes(when)),
            notes: Some("після 18:00".into()),
            started_at: t0() - Duration::minutes(90),
        })
        .unwrap();
    }

    let f = a.shift_figures(10).unwrap();
    assert_eq!(f.today, a.day_report(today).unwrap());
    assert_eq!(f.today.offers_logged, 1);
    assert_eq!(f.today.per_operator["petro"].offers_logged, 1);
    assert_eq!(f.today.per_operator["olena"].matches_proposed, 1);
    assert_eq!(f.today.calls["offer_logged"], 1);
    assert_eq!(f.today.calls["call_back"], 2);
    // The week: today, yesterday's two, five days ago's one; not twenty days ago.
    assert_eq!(f.week.offers_logged, 4);
    assert_eq!(f.week.matches_proposed, 2);
    assert_eq!(f.week.per_operator["petro"].offers_logged, 3);
    assert!(f.week.open_needs_by_category.is_empty());
    // Offers a day: fourteen local days ending today.
    assert_eq!(f.offers_per_day.len(), 14);
    assert_eq!(f.offers_per_day.last(), Some(&(today, 1)));
    assert_eq!(f.offers_per_day[12], (today - Duration::days(1), 2));
    assert_eq!(f.offers_per_day[8], (today - Duration::days(5), 1));
    assert_eq!(f.offers_per_day.iter().map(|(_, n)| n).sum::<i64>(), 4);
    // Urgent: critical first; a need past its date is not "urgent", it is stale.
    assert_eq!(f.urgent[0].id, urgent.id);
    assert!(f.urgent.iter().all(|n| n.id != late.id));
    assert_eq!(f.stale_count, 2);
    // The registry's "still needed?" rule and order: the longest unseen first.
    let mut stale: Vec<i64> = f.stale.iter().map(|n| n.id).collect();
    let seen: Vec<_> = f
        .stale
        .iter()
        .map(|n| n.reviewed_at.unwrap_or(n.created_at))
        .collect();
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    stale.sort();
    let mut want = vec![late.id, untouched.id];
    want.sort();
    assert_eq!(stale, want);
    // Waiting on organisations: two proposals, one older than three days.
    assert_eq!((f.waiting, f.waiting_long), (2, 1));
    // Callbacks scheduled from now: the later one only (the due one is the Call tab's).
    assert_eq!(f.callbacks.len(), 1);
    assert_eq!(
        f.callbacks[0].call.callback_at,
        Some(t0() + Duration::minutes(120))
    );
    // Petro's connection reads the same figures.
    assert_eq!(b.shift_figures(10).unwrap(), f);
}
