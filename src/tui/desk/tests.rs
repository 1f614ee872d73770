//! Unit tests of the desk: its keys, prompts and answers, run in place on a fixed clock (the
//! effects run on the app's own connection, so the store is checked right after each key).

use super::*;
use crate::domain::{Accepts, Clock, Condition, FixedClock, Location, Phone, Unit, Urgency};
use crate::i18n::{EN, Lang, UK};
use crate::store::{NewNeed, NewOffer};
use crate::tui::app::update;
use chrono::{FixedOffset, TimeZone};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap()
}

fn need(org: &str, item: &str, quantity: i64) -> NewNeed {
    NewNeed {
        organisation: org.into(),
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

fn offer(phone: &str, name: &str, item: &str, quantity: i64) -> NewOffer {
    NewOffer {
        phone: Phone::parse(phone).unwrap(),
        name: Some(name.into()),
        item: item.into(),
        category: None,
        quantity,
        unit: None,
        condition: Condition::Good,
        location: Location::default(),
        notes: None,
        available_until: None,
    }
}

fn at(s: Store, t: DateTime<Utc>) -> Store {
    s.with_clock(Arc::new(FixedClock(t)))
}

/// M-1 proposed 5 days ago (waiting), M-2 proposed an hour ago, M-3 confirmed; two
/// organisations.
fn store() -> Store {
    let mut s = at(
        Store::open_in_memory("liza").unwrap(),
        now() - chrono::Duration::days(5),
    );
    s.add_need(&need("БО «Схід SOS»", "ковдри", 20)).unwrap();
    s.add_need(&need("Прихисток «Дім»", "подушки", 10)).unwrap();
    s.add_need(&need("Прихисток «Дім»", "памперси 4", 30))
        .unwrap();
    let o1 = s
        .add_offer(&offer(
            "+380 67 123 45 67",
            "Ганна Мельник",
            "ковдри теплі",
            10,
        ))
        .unwrap();
    s.propose(o1.id, 1, Some(8)).unwrap();
    let mut s = at(s, now() - chrono::Duration::hours(1));
    let o2 = s
        .add_offer(&offer("095 167 90 26", "Олена Коваленко", "подушки", 6))
        .unwrap();
    s.propose(o2.id, 2, None).unwrap();
    let o3 = s
        .add_offer(&offer("050 111 22 33", "Петро", "памперси 4", 40))
        .unwrap();
    let m3 = s.propose(o3.id, 3, Some(30)).unwrap();
    s.set_match_status(m3.id, MatchStatus::Confirmed, None)
        .unwrap();
    at(s, now())
}

fn app(lang: Lang) -> App {
    let clock: Arc<dyn Clock> = Arc::new(FixedClock(now()));
    let mut a = App::new(
        store(),
        lang,
        clock,
        FixedOffset::east_opt(2 * 3600).unwrap(),
    );
    update(&mut a, Action::Resize(80, 24));
    update(&mut a, Action::GoTab(Tab::Matches));
    a
}

fn key(a: &mut App, c: char) {
    a.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

fn enter(a: &mut App) {
    a.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
}

fn typ(a: &mut App, text: &str) {
    for c in text.chars() {
        key(a, c);
    }
}

/// Select the match `id` in the (newest first) list.
fn select(a: &mut App, id: i64) {
    update(a, Action::Home);
    for _ in 0..10 {
        if matches!(a.list(Tab::Matches).unwrap().selected(), Some(Row::Match(m)) if m.matched.id == id)
        {
            return;
        }
        update(a, Action::Down);
    }
    panic!("M-{id} is not in the list");
}

/// Empty the prompt's input (Backspace until it is).
fn clear(a: &mut App) {
    while matches!(&a.overlay, Some(Overlay::Desk(p)) if !p.input.text.is_empty()) {
        a.handle_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
    }
}

fn message(a: &App) -> (String, bool) {
    let m = a.message.as_ref().expect("a message");
    (m.text.clone(), m.error)
}

fn phone_views(a: &App) -> Vec<String> {
    a.store
        .access_log()
        .unwrap()
        .into_iter()
        .map(|r| format!("{} {} {} {}", r.at, r.login, r.donor_id, r.why))
        .collect()
}

#[test]
fn ages_read_in_minutes_hours_and_days_in_both_languages() {
    let t = now();
    let cases = [
        (chrono::Duration::minutes(12), "12 min", "12 хв"),
        (chrono::Duration::minutes(300), "5 h", "5 год"),
        (chrono::Duration::hours(23), "23 h", "23 год"),
        (chrono::Duration::hours(75), "3 d", "3 дн"),
        // A clock set back never shows a negative age.
        (chrono::Duration::minutes(-5), "0 min", "0 хв"),
    ];
    for (ago, en, uk) in cases {
        assert_eq!(age(EN.console.desk, t - ago, t), en);
        assert_eq!(age(UK.console.desk, t - ago, t), uk);
    }
}

#[test]
fn c_confirms_the_selected_match_in_one_effect_and_the_row_refreshes() {
    let mut a = app(Lang::En);
    select(&mut a, 2);
    key(&mut a, 'c');
    assert_eq!(
        a.store.match_by_id(2).unwrap().status,
        MatchStatus::Confirmed
    );
    assert_eq!(message(&a), ("M-2 confirmed".to_string(), false));
    let Some(Row::Match(m)) = a.list(Tab::Matches).unwrap().selected() else {
        panic!("no row")
    };
    assert_eq!(
        m.matched.status,
        MatchStatus::Confirmed,
        "the row was read again"
    );
    // The need's and the offer's tallies moved from proposed to confirmed.
    let n = a.store.need(2).unwrap();
    assert_eq!((n.tally.proposed, n.tally.confirmed), (0, 6));
    // The history shows the confirmation (read from the audit rows).
    let Some((2, _, Ok(events))) = &a.desk.history else {
        panic!("history of M-2: {:?}", a.desk.history)
    };
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["propose", "confirmed"]);
}

#[test]
fn the_ukrainian_layout_keys_work_on_the_desk() {
    let mut a = app(Lang::Uk);
    select(&mut a, 2);
    // с is where c is.
    key(&mut a, 'с');
    assert_eq!(
        a.store.match_by_id(2).unwrap().status,
        MatchStatus::Confirmed
    );
    assert_eq!(message(&a).0, "M-2 підтверджено");
    // в is where d is: the decline prompt.
    select(&mut a, 1);
    key(&mut a, 'в');
    assert!(matches!(&a.overlay, Some(Overlay::Desk(p)) if p.kind == PromptKind::Decline));
    // In the prompt the letters are text, not keys.
    typ(&mut a, "вже є");
    let Some(Overlay::Desk(p)) = &a.overlay else {
        panic!()
    };
    assert_eq!(p.input.text, "вже є");
}

#[test]
fn d_asks_a_reason_and_a_declined_match_frees_its_quantities() {
    let mut a = app(Lang::En);
    select(&mut a, 1);
    key(&mut a, 'd');
    assert!(
        matches!(&a.overlay, Some(Overlay::Desk(p)) if p.kind == PromptKind::Decline && p.id == 1)
    );
    // No reason: said, nothing changed, the prompt stays.
    enter(&mut a);
    assert_eq!(
        message(&a),
        (EN.console.desk.reason_empty.to_string(), true)
    );
    assert!(a.overlay.is_some());
    assert_eq!(
        a.store.match_by_id(1).unwrap().status,
        MatchStatus::Proposed
    );
    typ(&mut a, "вже отримали від Карітасу");
    enter(&mut a);
    assert!(a.overlay.is_none());
    let m = a.store.match_by_id(1).unwrap();
    assert_eq!(m.status, MatchStatus::Declined);
    assert_eq!(m.reason.as_deref(), Some("вже отримали від Карітасу"));
    assert_eq!(a.store.offer(m.offer_id).unwrap().tally.open(), 10);
    assert_eq!(a.store.need(1).unwrap().tally.open(), 20);
    assert_eq!(a.store.rematch_queue(0, 10).unwrap().len(), 1);
    assert_eq!(
        message(&a),
        (
            "M-1 declined: offer O-1 waits to be matched again".to_string(),
            false
        )
    );
}

#[test]
fn esc_leaves_the_prompt_and_nothing_changes() {
    let mut a = app(Lang::En);
    select(&mut a, 1);
    key(&mut a, 'x');
    typ(&mut a, "донор виїхав");
    a.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(a.overlay.is_none());
    assert_eq!(
        a.store.match_by_id(1).unwrap().status,
        MatchStatus::Proposed
    );
}

#[test]
fn h_asks_how_many_arrived_checks_it_and_frees_the_rest() {
    let mut a = app(Lang::En);
    select(&mut a, 3);
    key(&mut a, 'h');
    let Some(Overlay::Desk(p)) = &a.overlay else {
        panic!("no prompt")
    };
    assert_eq!(
        (p.kind, p.proposed, p.input.text.as_str()),
        (PromptKind::HandOver, 30, "30")
    );
    for bad in ["0", "31", "-2", "двадцять", ""] {
        clear(&mut a);
        typ(&mut a, bad);
        enter(&mut a);
        assert_eq!(
            message(&a),
            ("Received: a whole number from 1 to 30".to_string(), true),
            "{bad}"
        );
        assert!(a.overlay.is_some());
    }
    assert_eq!(
        a.store.match_by_id(3).unwrap().status,
        MatchStatus::Confirmed
    );
    clear(&mut a);
    typ(&mut a, "22");
    enter(&mut a);
    let m = a.store.match_by_id(3).unwrap();
    assert_eq!((m.status, m.quantity), (MatchStatus::HandedOver, 22));
    let o = a.store.offer(m.offer_id).unwrap();
    assert_eq!((o.tally.delivered, o.tally.open()), (22, 18));
    let n = a.store.need(3).unwrap();
    assert_eq!((n.tally.delivered, n.tally.open()), (22, 8));
    assert_eq!(
        message(&a),
        (
            "M-3 handed over: 22 of 30 packs; the rest is free again".to_string(),
            false
        )
    );
    // The history says it too.
    let lines = view::detail(&a, selected(&a).unwrap(), 8).join("\n");
    assert!(
        lines.contains("liza · handed over 22 of 30 packs"),
        "{lines}"
    );
}

#[test]
fn a_move_that_is_not_allowed_says_the_stores_reason() {
    let mut a = app(Lang::En);
    // A proposed match cannot be handed over: no prompt, the store says why.
    select(&mut a, 2);
    key(&mut a, 'h');
    assert!(a.overlay.is_none());
    let (text, error) = message(&a);
    assert!(error);
    assert!(
        text.contains("M-2 is proposed and cannot become handed_over"),
        "{text}"
    );
    // Confirmed twice: the second is refused, nothing else moves.
    key(&mut a, 'c');
    key(&mut a, 'c');
    let (text, error) = message(&a);
    assert!(error && text.contains("cannot become confirmed"), "{text}");
    let n = a.store.need(2).unwrap();
    assert_eq!((n.tally.proposed, n.tally.confirmed), (0, 6));
}

#[test]
fn the_donors_phone_shown_is_logged_once_per_match_per_view() {
    let mut a = app(Lang::En);
    // Opening the tab selected the newest match (M-3): its phone is shown and logged.
    assert_eq!(phone_views(&a).len(), 1);
    // Redraws, ticks and refreshes of the same selection log nothing more.
    for _ in 0..3 {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        t.draw(|f| crate::tui::render(&a, f)).unwrap();
        update(&mut a, Action::Tick);
    }
    let mut fx = Vec::new();
    a.list_mut(Tab::Matches).unwrap().refresh(&mut fx);
    a.effects.extend(fx);
    a.run_effects();
    assert_eq!(phone_views(&a).len(), 1);
    // Another match: one more; back to the first: none (same view).
    select(&mut a, 2);
    assert_eq!(phone_views(&a).len(), 2);
    select(&mut a, 3);
    assert_eq!(phone_views(&a).len(), 2);
    // Leaving the tab and coming back is a new view.
    update(&mut a, Action::GoTab(Tab::Needs));
    update(&mut a, Action::GoTab(Tab::Matches));
    assert_eq!(phone_views(&a).len(), 3);
    // The row names the donor and the match by id, never the phone or the name.
    for row in phone_views(&a) {
        assert!(row.contains("match M-"), "{row}");
        assert!(!row.contains("380") && !row.contains("Петро"), "{row}");
    }
}

#[test]
fn f_shows_only_matches_waiting_three_days_and_the_row_is_flagged() {
    let mut a = app(Lang::En);
    assert_eq!(a.list(Tab::Matches).unwrap().total, Some(3));
    key(&mut a, 'f');
    let l = a.list(Tab::Matches).unwrap();
    assert_eq!(l.total, Some(1));
    let Some(Row::Match(m)) = l.selected() else {
        panic!()
    };
    assert_eq!(m.matched.id, 1);
    let cells = view::cells(&a, m);
    assert_eq!(cells[2], "! 5 d");
    assert!(view::row_style(&a, m).is_some());
    // Confirmed: no longer waiting, the list under the filter is empty.
    key(&mut a, 'c');
    assert_eq!(a.list(Tab::Matches).unwrap().total, Some(0));
    key(&mut a, 'f');
    assert_eq!(a.list(Tab::Matches).unwrap().total, Some(3));
}

#[test]
fn t_cycles_the_status_filter_and_o_narrows_to_the_organisation() {
    let mut a = app(Lang::En);
    key(&mut a, 't');
    assert_eq!(
        a.list(Tab::Matches).unwrap().desk.status,
        Some(MatchStatus::Proposed)
    );
    assert_eq!(a.list(Tab::Matches).unwrap().total, Some(2));
    key(&mut a, 't');
    assert_eq!(a.list(Tab::Matches).unwrap().total, Some(1));
    for _ in 0..4 {
        key(&mut a, 't');
    }
    assert_eq!(a.list(Tab::Matches).unwrap().desk.status, None);
    // o on M-3 (Прихисток «Дім»): its two matches; o again: all.
    select(&mut a, 3);
    key(&mut a, 'o');
    let l = a.list(Tab::Matches).unwrap();
    assert_eq!(
        l.desk.org.as_ref().map(|o| o.1.as_str()),
        Some("Прихисток «Дім»")
    );
    assert_eq!(l.total, Some(2));
    key(&mut a, 'o');
    assert_eq!(a.list(Tab::Matches).unwrap().total, Some(3));
}

#[test]
fn a_preselected_organisation_opens_the_matches_tab_narrowed() {
    let clock: Arc<dyn Clock> = Arc::new(FixedClock(now()));
    let s = store();
    let Ok(crate::store::OrgMatch::Existing(id, name)) = s.find_organisation("бо схід sos")
    else {
        panic!("the organisation by another spelling")
    };
    let mut a = App::new(s, Lang::En, clock, FixedOffset::east_opt(7200).unwrap());
    a.preselect_org((id, name));
    assert_eq!(a.tab, Tab::Matches);
    let l = a.list(Tab::Matches).unwrap();
    assert_eq!(l.total, Some(1));
    assert!(matches!(l.selected(), Some(Row::Match(m)) if m.need.org_id == id));
}

#[test]
fn every_desk_template_has_the_same_slots_in_both_languages() {
    let (en, uk) = (EN.console.desk, UK.console.desk);
    let pairs = [
        (en.age_min, uk.age_min),
        (en.age_hours, uk.age_hours),
        (en.age_days, uk.age_days),
        (en.scope_org, uk.scope_org),
        (en.scope_status, uk.scope_status),
        (en.waiting_flag, uk.waiting_flag),
        (en.h_propose, uk.h_propose),
        (en.h_propose_more, uk.h_propose_more),
        (en.h_part, uk.h_part),
        (en.decline_title, uk.decline_title),
        (en.cancel_title, uk.cancel_title),
        (en.handover_title, uk.handover_title),
        (en.handover_prompt, uk.handover_prompt),
        (en.received_invalid, uk.received_invalid),
        (en.done_confirmed, uk.done_confirmed),
        (en.done_declined, uk.done_declined),
        (en.done_cancelled, uk.done_cancelled),
        (en.done_handed, uk.done_handed),
        (en.done_handed_part, uk.done_handed_part),
        (en.org_unknown, uk.org_unknown),
        (en.org_similar, uk.org_similar),
        (en.org_several, uk.org_several),
    ];
    for (e, u) in pairs {
        for slot in ["{0}", "{1}", "{2}"] {
            assert_eq!(e.contains(slot), u.contains(slot), "{e} / {u}");
        }
        assert_ne!(e, u, "not translated: {e}");
    }
}

/// Quantities on the desk are in the offer's unit (the unit a match is counted in) and in the
/// number's form: «2 пари» proposed, «1 з 2 пар» handed over; a tonne offered to a need in kg
/// reads «1 т», not «1 кг».
#[test]
fn quantities_read_in_the_offers_unit_and_the_numbers_form() {
    let mut s = at(store(), now() - chrono::Duration::hours(2));
    let mut socks = need("Прихисток «Дім»", "шкарпетки вовняні", 2);
    socks.unit = Some(Unit::Pairs);
    let n4 = s.add_need(&socks).unwrap();
    let mut given = offer("097 765 43 21", "Іван", "шкарпетки", 2);
    given.unit = Some(Unit::Pairs);
    let o4 = s.add_offer(&given).unwrap();
    let m4 = s.propose(o4.id, n4.id, Some(2)).unwrap();
    s.set_match_status(m4.id, MatchStatus::Confirmed, None)
        .unwrap();
    let mut grain = need("БО «Схід SOS»", "крупа гречана", 1500);
    grain.unit = Some(Unit::Kg);
    let n5 = s.add_need(&grain).unwrap();
    let mut tonne = offer("063 111 22 33", "Фермер", "крупа гречана", 1);
    tonne.unit = Some(Unit::Tonnes);
    let o5 = s.add_offer(&tonne).unwrap();
    let m5 = s.propose(o5.id, n5.id, None).unwrap();
    let s = at(s, now());
    let clock: Arc<dyn Clock> = Arc::new(FixedClock(now()));
    let mut a = App::new(s, Lang::Uk, clock, FixedOffset::east_opt(2 * 3600).unwrap());
    update(&mut a, Action::Resize(80, 24));
    update(&mut a, Action::GoTab(Tab::Matches));

    select(&mut a, m5.id);
    let m = selected(&a).unwrap();
    assert_eq!(view::cells(&a, m)[3], "1 т");
    assert!(view::detail(&a, m, 8)[0].contains("· 1 т ·"));

    select(&mut a, m4.id);
    assert_eq!(view::cells(&a, selected(&a).unwrap())[3], "2 пари");
    key(&mut a, 'h');
    let Some(Overlay::Desk(p)) = &a.overlay else {
        panic!("no prompt")
    };
    assert_eq!((p.proposed, p.unit), (2, Unit::Pairs));
    clear(&mut a);
    typ(&mut a, "1");
    enter(&mut a);
    assert_eq!(
        message(&a),
        (
            format!("M-{} передано: 1 з 2 пар; решта знову вільна", m4.id),
            false
        )
    );
    let lines = view::detail(&a, selected(&a).unwrap(), 20).join("\n");
    assert!(lines.contains("передано 1 з 2 пар"), "{lines}");
}
