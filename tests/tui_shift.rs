//! The console's callbacks, re-match queue, correction and withdrawal of an offer, and the
//! Dashboard (issue 11): driven key by key on a fixed clock, drawn into a TestBackend, with
//! snapshots at 80x24 in both languages.

use aidline::domain::{CallOutcome, Condition, FixedClock, Location, MatchStatus, Phone, Urgency};
use aidline::i18n::Lang;
use aidline::store::{NewNeed, NewOffer, Store, resolve_location};
use aidline::tui::app::Tab;
use aidline::tui::overlay::Overlay;
use aidline::tui::{Action, App, render, update};
use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;
use std::sync::Arc;

/// 10:00 in Kyiv (UTC+2 in December).
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap()
}

fn kyiv() -> FixedOffset {
    FixedOffset::east_opt(2 * 3600).unwrap()
}

fn loc(text: &str) -> Location {
    resolve_location(Some(text)).unwrap()
}

fn need(org: &str, item: &str, qty: i64, urgency: Urgency, place: &str) -> NewNeed {
    NewNeed {
        organisation: org.into(),
        partner_ref: None,
        item: item.into(),
        category: None,
        quantity: qty,
        unit: None,
        urgency,
        location: loc(place),
        accepts: aidline::domain::Accepts::Any,
        needed_by: None,
        notes: None,
    }
}

fn offer(phone: &str, name: &str, item: &str, qty: i64, place: &str) -> NewOffer {
    NewOffer {
        phone: Phone::parse(phone).unwrap(),
        name: Some(name.into()),
        item: item.into(),
        category: None,
        quantity: qty,
        unit: None,
        condition: Condition::Good,
        location: loc(place),
        notes: None,
        available_until: None,
    }
}

/// Needs as partners word them, an offer declined by one shelter (its reason in the shelter's
/// words), and some days of offers for the sparkline.
fn fill_registry(s: &mut Store) {
    s.add_need(&need(
        "БФ «Світло»",
        "ковдри теплі",
        30,
        Urgency::Critical,
        "Харків",
    ))
    .unwrap();
    s.add_need(&need(
        "Прихисток «Дім»",
        "одеяла",
        8,
        Urgency::High,
        "Харків",
    ))
    .unwrap();
    s.add_need(&need(
        "Лікарня №3",
        "памперси для дорослих",
        40,
        Urgency::Normal,
        "Дніпро",
    ))
    .unwrap();
    s.add_need(&need(
        "Червоний Хрест Полтава",
        "консерви, крупи",
        100,
        Urgency::Low,
        "Полтава",
    ))
    .unwrap();
    let o = s
        .add_offer(&offer(
            "095 167 90 26",
            "Олена Коваленко",
            "ковдри",
            10,
            "Харків",
        ))
        .unwrap();
    let m = s.propose(o.id, 2, Some(8)).unwrap();
    s.set_match_status(
        m.id,
        MatchStatus::Declined,
        Some("вже отримали від іншого фонду"),
    )
    .unwrap();
}

fn store_at(path: &Path, operator: &str, at: DateTime<Utc>) -> Store {
    Store::open(path, operator)
        .unwrap()
        .with_clock(Arc::new(FixedClock(at)))
}

fn console(store: Store, lang: Lang, at: DateTime<Utc>) -> App {
    let mut a = App::new(store, lang, Arc::new(FixedClock(at)), kyiv());
    update(&mut a, Action::Resize(80, 24));
    a
}

/// A console on a fresh database with the registry above (in memory).
fn app(lang: Lang) -> App {
    let mut s = Store::open_in_memory("anna")
        .unwrap()
        .with_clock(Arc::new(FixedClock(now() - Duration::days(2))));
    fill_registry(&mut s);
    // Offers on other days: the sparkline has a shape.
    for (days, n) in [(12i64, 2usize), (5, 4), (1, 1)] {
        let mut t = s.with_clock(Arc::new(FixedClock(now() - Duration::days(days))));
        for i in 0..n {
            t.add_offer(&offer(
                &format!("067 000 {:04}", days as usize * 10 + i),
                "Іван",
                "крупа гречана",
                5,
                "Полтава",
            ))
            .unwrap();
        }
        s = t;
    }
    let s = s.with_clock(Arc::new(FixedClock(now())));
    console(s, lang, now())
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    update(app, Action::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| render(app, f)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn lang_name(l: Lang) -> &'static str {
    match l {
        Lang::En => "en",
        Lang::Uk => "uk",
    }
}

/// A caller who will call back: phone, name, item, quantity, notes, then the outcome
/// "call back" at `when`.
fn call_back_later(a: &mut App, when: &str) {
    typ(a, "050 111 22 33");
    key(a, KeyCode::Tab);
    typ(a, "Петро Іваненко");
    key(a, KeyCode::Tab);
    typ(a, "ковдри вовняні");
    key(a, KeyCode::Tab);
    typ(a, "12");
    for _ in 0..4 {
        key(a, KeyCode::Tab);
    }
    typ(a, "уточнить у дружини, скільки");
    ctrl(a, 'n');
    assert_eq!(a.overlay, Some(Overlay::Outcome));
    key(a, KeyCode::Char('2'));
    typ(a, when);
    key(a, KeyCode::Enter);
    assert!(a.overlay.is_none(), "{:?}", a.message);
}

#[test]
fn a_callback_restores_the_first_call_and_only_one_console_gets_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shift.db");
    let mut anna = console(store_at(&path, "anna", now()), Lang::En, now());
    call_back_later(&mut anna, "10:30");
    // Not due yet: listed later, with its time on the call centre's clock.
    assert!(anna.call.callbacks.is_empty());
    assert_eq!(anna.call.scheduled.len(), 1);
    ctrl(&mut anna, 'b');
    let list = screen(&mut anna, 80, 24);
    assert!(list.contains("10:30"), "{list}");
    assert!(list.contains("Петро Іваненко"), "{list}");
    key(&mut anna, KeyCode::Esc);

    // Half an hour later two consoles see it due.
    let later = now() + Duration::minutes(45);
    let mut a = console(store_at(&path, "anna", later), Lang::En, later);
    let mut b = console(store_at(&path, "bohdan", later), Lang::Uk, later);
    assert_eq!(a.call.callbacks.len(), 1);
    assert_eq!(b.call.callbacks.len(), 1);
    // Bohdan takes it (Ctrl-B, Enter): the first call's entry comes back.
    ctrl(&mut b, 'b');
    key(&mut b, KeyCode::Enter);
    assert_eq!(b.call.form.name.text, "Петро Іваненко");
    assert_eq!(b.call.form.item.text, "ковдри вовняні");
    assert_eq!(b.call.form.quantity.text, "12");
    assert_eq!(b.call.form.notes.text, "уточнить у дружини, скільки");
    assert_eq!(b.call.form.phone.text, "+380501112233");
    assert!(b.call.taken.is_some());
    // Anna's list was read before: taking it there is refused, and the queue empties.
    ctrl(&mut a, 'b');
    key(&mut a, KeyCode::Enter);
    assert!(a.call.form.is_empty());
    let msg = a.message.clone().expect("a message");
    assert!(
        msg.error && msg.text.contains("Another operator"),
        "{msg:?}"
    );
    update(&mut a, Action::Tick);
    assert!(a.call.callbacks.is_empty());
    // Bohdan gives it back (4 in the outcome dialog): offered again.
    ctrl(&mut b, 'n');
    key(&mut b, KeyCode::Char('4'));
    assert!(b.call.form.is_empty());
    update(&mut a, Action::Tick);
    assert_eq!(a.call.callbacks.len(), 1);
    // Anna takes it and logs an offer: the callback is finished for everyone.
    ctrl(&mut a, 'b');
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.call.form.item.text, "ковдри вовняні");
    ctrl(&mut a, 's');
    assert!(a.call.saved.is_some(), "{:?}", a.message);
    update(&mut b, Action::Tick);
    assert!(b.call.callbacks.is_empty());
    assert!(b.store.due_callbacks(later, 10).unwrap().is_empty());
}

#[test]
fn snapshots_of_the_callbacks_and_the_rematch_queue() {
    for lang in [Lang::En, Lang::Uk] {
        let name = |what: &str| format!("{what}_{}_80x24", lang_name(lang));
        let mut a = app(lang);
        call_back_later(&mut a, "+90");
        // One due now (logged earlier by another operator), one later.
        a.store
            .log_call(&aidline::store::NewCall {
                phone: Some(Phone::parse("063 555 44 33").unwrap()),
                donor_id: None,
                offer_id: None,
                outcome: CallOutcome::CallBack,
                callback_at: Some(now() - Duration::minutes(10)),
                notes: Some("перезвонить после обеда".into()),
                started_at: now() - Duration::hours(2),
            })
            .unwrap();
        update(&mut a, Action::Tick);
        insta::assert_snapshot!(name("call_queues"), screen(&mut a, 80, 24));
        ctrl(&mut a, 'b');
        insta::assert_snapshot!(name("callbacks"), screen(&mut a, 80, 24));
        key(&mut a, KeyCode::Esc);
        ctrl(&mut a, 'r');
        insta::assert_snapshot!(name("rematch"), screen(&mut a, 80, 24));
        key(&mut a, KeyCode::Enter);
        insta::assert_snapshot!(name("rematch_picked"), screen(&mut a, 80, 24));
    }
}

#[test]
fn a_declined_offer_is_rematched_from_the_call_tab() {
    let mut a = app(Lang::En);
    assert_eq!(a.call.rematch.len(), 1);
    let queued = a.call.rematch[0].offer.id;
    ctrl(&mut a, 'r');
    assert!(matches!(a.overlay, Some(Overlay::Rematch { .. })));
    key(&mut a, KeyCode::Enter);
    // The offer and its next best needs, already asked for.
    assert_eq!(a.call.saved.as_ref().map(|o| o.id), Some(queued));
    assert!(a.call.on_matches);
    assert!(!a.call.candidates.is_empty());
    let msg = a.message.clone().unwrap().text;
    assert!(msg.contains("вже отримали від іншого фонду"), "{msg}");
    // The shelter that declined it is not suggested again.
    assert!(a.call.candidates.iter().all(|c| c.record.id != 2));
    // Enter proposes the best: it leaves the queue.
    let best = a.call.candidates[0].record.id;
    key(&mut a, KeyCode::Enter);
    let m = a.store.list_matches(None, None, 0, 10).unwrap();
    assert!(m.iter().any(|m| m.offer_id == queued && m.need_id == best));
    assert!(a.store.rematch_queue(0, 10).unwrap().is_empty());
    update(&mut a, Action::Tick);
    assert!(a.call.rematch.is_empty());
}

#[test]
fn a_saved_offer_is_corrected_and_withdrawn_from_the_call_tab() {
    let mut a = app(Lang::En);
    typ(&mut a, "050 111 22 33");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "Петро");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "памперси");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "20");
    ctrl(&mut a, 's');
    let saved = a.call.saved.clone().expect("saved");
    // The donor said 30, not 20, and size L.
    ctrl(&mut a, 'e');
    assert_eq!(a.call.editing, Some(saved.id));
    let corrected = screen(&mut a, 80, 24);
    assert!(corrected.contains(&format!("Correcting {}", saved.short_ref())));
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::End);
    key(&mut a, KeyCode::Backspace);
    key(&mut a, KeyCode::Backspace);
    typ(&mut a, "30");
    for _ in 0..4 {
        key(&mut a, KeyCode::Tab);
    }
    typ(&mut a, "розмір L");
    // The donor's phone is not changed here.
    key(&mut a, KeyCode::BackTab);
    for _ in 0..8 {
        key(&mut a, KeyCode::Up);
    }
    typ(&mut a, "9");
    assert_eq!(a.call.form.phone.text, "+380501112233");
    ctrl(&mut a, 's');
    assert!(a.call.editing.is_none(), "{:?}", a.message);
    let o = a.store.offer(saved.id).unwrap();
    assert_eq!(o.tally.total, 30);
    assert_eq!(o.notes.as_deref(), Some("розмір L"));
    assert_eq!(o.item, "памперси");
    // Withdraw: asked first; n keeps it, y withdraws.
    ctrl(&mut a, 'w');
    assert!(matches!(a.overlay, Some(Overlay::ConfirmWithdraw { .. })));
    key(&mut a, KeyCode::Char('n'));
    assert!(!a.store.offer(saved.id).unwrap().withdrawn);
    ctrl(&mut a, 'w');
    key(&mut a, KeyCode::Char('y'));
    assert!(a.store.offer(saved.id).unwrap().withdrawn);
}

#[test]
fn an_offer_is_corrected_and_withdrawn_from_the_offers_tab_on_either_layout() {
    let mut a = app(Lang::Uk);
    key(&mut a, KeyCode::F(3));
    assert_eq!(a.tab, Tab::Offers);
    let Some(aidline::tui::app::Row::Offer(first)) =
        a.list(Tab::Offers).and_then(|l| l.selected()).cloned()
    else {
        panic!("an offer is selected");
    };
    // `у` is `e` on the Ukrainian layout: the offer opens in the Call form.
    key(&mut a, KeyCode::Char('у'));
    assert_eq!(a.tab, Tab::Call);
    assert_eq!(a.call.editing, Some(first.id));
    assert_eq!(a.call.form.item.text, first.item);
    key(&mut a, KeyCode::End);
    typ(&mut a, " б/в");
    ctrl(&mut a, 's');
    assert_eq!(
        a.store.offer(first.id).unwrap().item,
        format!("{} б/в", first.item)
    );
    // `ц` is `w`: withdraw, asked first.
    key(&mut a, KeyCode::F(3));
    key(&mut a, KeyCode::Char('ц'));
    assert!(matches!(a.overlay, Some(Overlay::ConfirmWithdraw { .. })));
    key(&mut a, KeyCode::Char('н'));
    let o = a.store.offer(first.id).unwrap();
    assert!(o.withdrawn);
}

#[test]
fn the_dashboard_shows_the_reports_figures_on_three_pages_at_80x24() {
    for lang in [Lang::En, Lang::Uk] {
        let name = |what: &str| format!("{what}_{}_80x24", lang_name(lang));
        let mut a = app(lang);
        // Today: one call that logged an offer, one proposal.
        typ(&mut a, "050 111 22 33");
        key(&mut a, KeyCode::Tab);
        typ(&mut a, "Петро");
        key(&mut a, KeyCode::Tab);
        typ(&mut a, "ковдри");
        key(&mut a, KeyCode::Tab);
        typ(&mut a, "5");
        ctrl(&mut a, 's');
        key(&mut a, KeyCode::Enter);
        key(&mut a, KeyCode::F(7));
        let d = a.dashboard.data.clone().expect("figures");
        let f = &d.figures;
        // One source: the dashboard's day is `aidline report`'s day.
        let today = a.store.clock().today();
        assert_eq!(f.today, a.store.day_report(today).unwrap());
        assert_eq!(f.today.offers_logged, 1);
        assert_eq!(f.today.matches_proposed, 1);
        assert_eq!(f.today.calls.get("offer_logged"), Some(&1));
        // The week counts the offers of the last seven days (4 five days ago, 1 yesterday,
        // the declined one two days ago, today's), not the one twelve days ago.
        assert_eq!(f.week.offers_logged, 7);
        assert_eq!(f.offers_per_day.len(), 14);
        assert_eq!(f.offers_per_day.iter().map(|(_, n)| n).sum::<i64>(), 9);
        assert_eq!(f.urgent[0].urgency, Urgency::Critical);
        insta::assert_snapshot!(name("dashboard_shift"), screen(&mut a, 80, 24));
        key(&mut a, KeyCode::Right);
        insta::assert_snapshot!(name("dashboard_operators"), screen(&mut a, 80, 24));
        key(&mut a, KeyCode::Right);
        insta::assert_snapshot!(name("dashboard_attention"), screen(&mut a, 80, 24));
        key(&mut a, KeyCode::Right);
        assert_eq!(a.dashboard.page, 0);
    }
}
