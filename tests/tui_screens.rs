//! The console without a terminal: the App driven key by key on a fixed clock and fixed data,
//! drawn into a TestBackend. Snapshots of every tab at 120x40 and 80x24 in English and Ukrainian,
//! and the behaviour behind them (lookup, suggestions, save, propose, outcomes, drafts).

use aidline::domain::{
    Accepts, CallOutcome, Condition, FixedClock, Location, Phone, Unit, Urgency,
};
use aidline::i18n::Lang;
use aidline::store::{NewCall, NewNeed, NewOffer, Store, resolve_location};
use aidline::tui::app::{Field, Tab};
use aidline::tui::call::Lookup;
use aidline::tui::overlay::Overlay;
use aidline::tui::{Action, App, render, update};
use chrono::{FixedOffset, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap()
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
        accepts: Accepts::Any,
        needed_by: None,
        notes: None,
    }
}

/// Fixed data: three organisations, needs in several places, a known donor with an offer and a
/// match, and a callback that is due.
fn fixture() -> Store {
    let mut s = Store::open_in_memory("anna")
        .unwrap()
        .with_clock(Arc::new(FixedClock(now() - chrono::Duration::days(3))));
    s.add_need(&need(
        "БФ Світло",
        "ковдри",
        30,
        Urgency::Critical,
        "Харків",
    ))
    .unwrap();
    s.add_need(&need(
        "Прихисток Дім",
        "ковдри теплі",
        8,
        Urgency::High,
        "Київ",
    ))
    .unwrap();
    s.add_need(&need(
        "Червоний Хрест Полтава",
        "теплі ковдри",
        50,
        Urgency::Normal,
        "Полтава",
    ))
    .unwrap();
    s.add_need(&need("БФ Світло", "подушки", 20, Urgency::High, "Харків"))
        .unwrap();
    s.add_need(&need(
        "Прихисток Дім",
        "дитячі куртки",
        12,
        Urgency::Critical,
        "Київ",
    ))
    .unwrap();
    let mut nn = need(
        "Лікарня №3",
        "постільна білизна",
        40,
        Urgency::Low,
        "Дніпро",
    );
    nn.accepts = Accepts::New;
    // The store refuses escape sequences (domain::limits); a tab is the control character
    // notes may hold, and the lists must still show it inert.
    nn.notes = Some("тільки нове\t[2J".into());
    s.add_need(&nn).unwrap();
    let offer = s
        .add_offer(&NewOffer {
            phone: Phone::parse("095 167 90 26").unwrap(),
            name: Some("Олена Коваленко".into()),
            item: "подушки".into(),
            category: None,
            quantity: 6,
            unit: None,
            condition: Condition::New,
            location: loc("Харків"),
            notes: None,
            available_until: None,
        })
        .unwrap();
    s.propose(offer.id, 4, Some(6)).unwrap();
    s.log_call(&NewCall {
        phone: Some(Phone::parse("067 123 45 67").unwrap()),
        donor_id: None,
        offer_id: None,
        outcome: CallOutcome::CallBack,
        callback_at: Some(now() - chrono::Duration::days(3) + chrono::Duration::hours(1)),
        notes: None,
        started_at: now() - chrono::Duration::days(3),
    })
    .unwrap();
    s.with_clock(Arc::new(FixedClock(now())))
}

fn app(lang: Lang) -> App {
    let mut a = App::new(
        fixture(),
        lang,
        Arc::new(FixedClock(now())),
        FixedOffset::east_opt(2 * 3600).unwrap(),
    );
    update(&mut a, Action::Resize(120, 40));
    a
}

/// A new console on the same database as `a` (a restart of the same operator's seat).
fn reopen(a: &mut App, lang: Lang) -> App {
    let store = std::mem::replace(&mut a.store, Store::open_in_memory("x").unwrap());
    App::new(
        store,
        lang,
        Arc::new(FixedClock(now())),
        FixedOffset::east_opt(0).unwrap(),
    )
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

/// Type the call of the acceptance flow up to (not including) Ctrl-S.
fn type_call(a: &mut App) {
    typ(a, "050 111 22 33");
    key(a, KeyCode::Enter);
    typ(a, "Петро");
    key(a, KeyCode::Tab);
    typ(a, "ковдри");
    key(a, KeyCode::Tab);
    typ(a, "10");
    key(a, KeyCode::Tab);
    key(a, KeyCode::Tab);
    typ(a, "g");
    key(a, KeyCode::Tab);
    typ(a, "Харків");
    key(a, KeyCode::Tab);
    typ(a, "after 6pm");
}

fn lang_name(l: Lang) -> &'static str {
    match l {
        Lang::En => "en",
        Lang::Uk => "uk",
    }
}

#[test]
fn snapshots_of_every_tab() {
    for lang in [Lang::En, Lang::Uk] {
        for (w, h) in [(120u16, 40u16), (80, 24)] {
            let name = |what: &str| format!("{what}_{}_{w}x{h}", lang_name(lang));
            let mut a = app(lang);
            insta::assert_snapshot!(name("call_empty"), screen(&mut a, w, h));
            type_call(&mut a);
            insta::assert_snapshot!(name("call_typed"), screen(&mut a, w, h));
            ctrl(&mut a, 's');
            insta::assert_snapshot!(name("call_saved"), screen(&mut a, w, h));
            for (tab, fkey) in [
                (Tab::Offers, 3),
                (Tab::Needs, 4),
                (Tab::Matches, 5),
                (Tab::Orgs, 6),
                (Tab::Dashboard, 7),
            ] {
                key(&mut a, KeyCode::F(fkey));
                assert_eq!(a.tab, tab);
                insta::assert_snapshot!(
                    name(&format!("{tab:?}").to_lowercase()),
                    screen(&mut a, w, h)
                );
            }
            key(&mut a, KeyCode::F(1));
            insta::assert_snapshot!(name("help"), screen(&mut a, w, h));
        }
    }
}

#[test]
fn too_small_says_so_and_recovers() {
    let mut a = app(Lang::En);
    let small = screen(&mut a, 60, 20);
    assert!(small.contains("Terminal too small: 60x20"), "{small}");
    let big = screen(&mut a, 80, 24);
    assert!(big.contains("F2 Call"), "{big}");
}

#[test]
fn the_call_flow_saves_the_offer_and_proposes_the_best_need() {
    let mut a = app(Lang::En);
    assert_eq!(a.call.form.focus, Field::Phone);
    typ(&mut a, "095 167 90 26");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.call.lookup, Lookup::Known(_)));
    assert_eq!(a.call.form.focus, Field::Name);
    assert_eq!(a.call.form.name.text, "Олена Коваленко");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "blankets");
    assert!(!a.call.popup.is_empty(), "item suggestions in English");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "10");
    assert_eq!(a.call.candidates.len(), 3);
    // Kharkiv was filled from the donor: the Kharkiv need ranks first.
    assert_eq!(a.call.candidates[0].record.id, 1);
    ctrl(&mut a, 's');
    let offer = a.call.saved.clone().expect("saved");
    assert!(a.call.on_matches);
    key(&mut a, KeyCode::Enter);
    let m = a.store.list_matches(None, None, 0, 10).unwrap();
    assert_eq!(m[0].offer_id, offer.id);
    assert_eq!(m[0].need_id, 1);
    assert_eq!(m[0].quantity, 10);
    assert!(a.store.draft().unwrap().is_none());
    let calls = a.store.list_calls(0, 10).unwrap();
    assert_eq!(calls[0].outcome, CallOutcome::OfferLogged);
    ctrl(&mut a, 'n');
    assert!(a.call.form.is_empty());
    assert_eq!(a.call.form.focus, Field::Phone);
}

#[test]
fn the_quantity_said_in_the_item_fills_its_field_until_the_operator_types_one() {
    let mut a = app(Lang::Uk);
    typ(&mut a, "095 167 90 26");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.call.form.focus, Field::Item);
    typ(&mut a, "віддам 2 пари чобіт");
    assert_eq!(a.call.form.quantity.text, "2");
    assert_eq!(a.call.form.unit, aidline::domain::Unit::Pairs);
    // The number taken out of the text: the field it filled empties again.
    for _ in 0.."віддам 2 пари чобіт".chars().count() {
        key(&mut a, KeyCode::Backspace);
    }
    typ(&mut a, "чоботи зимові");
    assert_eq!(a.call.form.quantity.text, "");
    // A quantity the operator types is theirs: the text no longer changes it.
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.call.form.focus, Field::Quantity);
    typ(&mut a, "5");
    key(&mut a, KeyCode::BackTab);
    typ(&mut a, ", 3 пари");
    assert_eq!(a.call.form.quantity.text, "5");
}

#[test]
fn e_edits_the_quantity_before_proposing() {
    let mut a = app(Lang::En);
    type_call(&mut a);
    ctrl(&mut a, 's');
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Char('e'));
    assert!(matches!(a.overlay, Some(Overlay::EditQuantity(_))));
    key(&mut a, KeyCode::Backspace);
    key(&mut a, KeyCode::Backspace);
    typ(&mut a, "3");
    key(&mut a, KeyCode::Enter);
    let m = a.store.list_matches(None, None, 0, 1).unwrap();
    assert_eq!(m[0].quantity, 3);
}

#[test]
fn every_call_ends_with_an_outcome_and_callbacks_queue() {
    let mut a = app(Lang::En);
    assert_eq!(a.call.callbacks.len(), 1);
    typ(&mut a, "063 555 44 33");
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.call.lookup, Lookup::New));
    ctrl(&mut a, 'n');
    assert_eq!(a.overlay, Some(Overlay::Outcome));
    key(&mut a, KeyCode::Char('2'));
    typ(&mut a, "+30");
    key(&mut a, KeyCode::Enter);
    assert!(a.overlay.is_none());
    let calls = a.store.list_calls(0, 1).unwrap();
    assert_eq!(calls[0].outcome, CallOutcome::CallBack);
    assert_eq!(
        calls[0].callback_at,
        Some(now() + chrono::Duration::minutes(30))
    );
    // Ctrl-B lists the callbacks due; Enter takes the chosen one: its number is filled.
    ctrl(&mut a, 'b');
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.call.form.phone.text, "+380671234567");
    ctrl(&mut a, 'n');
    key(&mut a, KeyCode::Char('3'));
    assert_eq!(
        a.store.list_calls(0, 1).unwrap()[0].outcome,
        CallOutcome::WrongNumber
    );
    assert!(a.store.due_callbacks(now(), 10).unwrap().is_empty());
}

#[test]
fn the_draft_is_kept_as_typed_and_offered_back() {
    let mut a = app(Lang::En);
    typ(&mut a, "050 111 22 33");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "Петро");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "ковдри");
    a.flush_draft();
    let json = a.store.draft().unwrap().expect("draft").json;
    assert!(json.contains("ковдри"), "{json}");
    // F10 asks first, because the entry is not saved.
    key(&mut a, KeyCode::F(10));
    assert_eq!(a.overlay, Some(Overlay::ConfirmQuit));
    key(&mut a, KeyCode::Char('y'));
    assert!(a.quit);
    // A new console on the same database offers it back.
    let mut b = reopen(&mut a, Lang::En);
    assert!(matches!(b.overlay, Some(Overlay::RestoreDraft(..))));
    let shown = screen(&mut b, 80, 24);
    assert!(shown.contains("Unsaved entry"), "{shown}");
    key(&mut b, KeyCode::Char('y'));
    assert_eq!(b.call.form.item.text, "ковдри");
    assert_eq!(b.call.form.name.text, "Петро");
    assert_eq!(b.call.form.focus, Field::Quantity);
    assert!(!b.call.candidates.is_empty());
}

/// Text typed while the kept entry's question is up cannot discard it: on the Ukrainian layout
/// `т` is `n` and `н` is `y`, and an operator starting a new call types before reading. A no
/// asks again, and only Enter discards.
#[test]
fn typing_over_the_kept_entrys_question_does_not_discard_it() {
    let mut a = app(Lang::Uk);
    typ(&mut a, "050 111 22 33");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "ковдри");
    a.flush_draft();
    key(&mut a, KeyCode::F(10));
    key(&mut a, KeyCode::Char('y'));
    assert!(a.quit);
    let mut b = reopen(&mut a, Lang::Uk);
    assert!(matches!(b.overlay, Some(Overlay::RestoreDraft(..))));
    // «теплі речі»: its first letter is the no key's place.
    typ(&mut b, "теплі речі");
    assert!(matches!(b.overlay, Some(Overlay::DiscardDraft(..))));
    let shown = screen(&mut b, 80, 24);
    assert!(shown.contains("Відкинути запис"), "{shown}");
    assert!(shown.contains("ковдри"), "{shown}");
    b.flush_draft();
    assert!(b.store.draft().unwrap().is_some(), "still kept");
    // Esc goes back to the question; yes restores the entry as it was.
    key(&mut b, KeyCode::Esc);
    assert!(matches!(b.overlay, Some(Overlay::RestoreDraft(..))));
    key(&mut b, KeyCode::Char('н'));
    assert_eq!(b.overlay, None);
    assert_eq!(b.call.form.item.text, "ковдри");
    // Kept again and discarded on purpose: no, then Enter.
    b.flush_draft();
    key(&mut b, KeyCode::F(10));
    key(&mut b, KeyCode::Char('y'));
    let mut c = reopen(&mut b, Lang::Uk);
    key(&mut c, KeyCode::Char('n'));
    key(&mut c, KeyCode::Enter);
    assert_eq!(c.overlay, None);
    c.flush_draft();
    assert!(c.store.draft().unwrap().is_none(), "discarded");
    assert!(c.call.form.item.text.is_empty());
}

#[test]
fn lists_filter_page_and_show_text_inert() {
    let mut a = app(Lang::En);
    key(&mut a, KeyCode::F(4));
    let needs = a.list(Tab::Needs).unwrap();
    assert_eq!(needs.rows.len(), 6);
    key(&mut a, KeyCode::Char('/'));
    typ(&mut a, "ковдр");
    assert_eq!(a.list(Tab::Needs).unwrap().rows.len(), 3);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::End);
    assert_eq!(a.list(Tab::Needs).unwrap().sel, 5);
    key(&mut a, KeyCode::Home);
    let shown = screen(&mut a, 120, 40);
    assert!(
        !shown.contains(['\u{1b}', '\t']),
        "control characters shown raw"
    );
    assert!(shown.contains("тільки нове [2J"), "{shown}");
    key(&mut a, KeyCode::Char('j'));
    assert_eq!(a.list(Tab::Needs).unwrap().sel, 1);
    key(&mut a, KeyCode::Char('s'));
    assert_eq!(a.list(Tab::Needs).unwrap().order, 1);
    // The first sort reads the registry again, most urgent first.
    let urgencies: Vec<_> = a
        .list(Tab::Needs)
        .unwrap()
        .rows
        .iter()
        .filter_map(|r| match r {
            aidline::tui::app::Row::Need(n) => Some(n.urgency),
            _ => None,
        })
        .collect();
    assert_eq!(urgencies.len(), 6);
    assert!(urgencies.windows(2).all(|w| w[0] <= w[1]), "{urgencies:?}");
    assert!(screen(&mut a, 120, 40).contains("most urgent first"));
}

#[test]
fn changes_from_another_console_appear_on_the_tick() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.db");
    let store = Store::open(&path, "anna").unwrap();
    let mut a = App::new(
        store,
        Lang::En,
        Arc::new(FixedClock(now())),
        FixedOffset::east_opt(0).unwrap(),
    );
    key(&mut a, KeyCode::F(4));
    assert!(a.list(Tab::Needs).unwrap().rows.is_empty());
    let mut other = Store::open(&path, "bohdan").unwrap();
    other
        .add_need(&need("БФ Світло", "ковдри", 5, Urgency::High, "Харків"))
        .unwrap();
    update(&mut a, Action::Tick);
    assert_eq!(a.list(Tab::Needs).unwrap().rows.len(), 1);
}

#[test]
fn help_is_generated_from_the_keymap() {
    let mut a = app(Lang::En);
    key(&mut a, KeyCode::F(1));
    let text = screen(&mut a, 120, 40);
    for b in &a.keymap {
        if b.ctx == aidline::tui::keymap::Ctx::Global {
            let label = aidline::tui::keymap::key_label(b.code, b.mods);
            assert!(text.contains(&label), "{label} missing from help");
        }
    }
    key(&mut a, KeyCode::Esc);
    assert!(a.overlay.is_none());
}

#[test]
fn bracketed_paste_goes_into_the_field_without_control_characters() {
    let mut a = app(Lang::En);
    update(&mut a, Action::Paste("095 167\n90 26\u{1b}".into()));
    assert_eq!(a.call.form.phone.text, "095 167 90 26");
}

#[test]
fn every_list_holds_what_its_count_says_for_any_filter() {
    use aidline::tui::lists::{self, ListQuery};
    let mut s = fixture();
    s.add_offer(&NewOffer {
        phone: Phone::parse("050 111 22 33").unwrap(),
        name: Some("Петро".into()),
        item: "ковдра вовняна".into(),
        category: None,
        quantity: 2,
        unit: None,
        condition: Condition::Good,
        location: loc("Київ"),
        notes: None,
        available_until: None,
    })
    .unwrap();
    // What callers and partners type: Latin transliteration, Russian, case, refs, short words.
    let filters = [
        "kovdra",
        "одеяло",
        "КОВДРИ",
        "Kharkiv",
        "харків",
        "подушки",
        "N-4",
        "о-1",
        "м1",
        "бф",
        "бф світло",
        "Олена",
        "теплі ковдри",
        "zzqx",
        "х",
    ];
    let mut seen_any = 0;
    for tab in [Tab::Offers, Tab::Needs, Tab::Matches, Tab::Orgs] {
        for f in filters {
            let q = ListQuery {
                text: Some(f.to_string()),
                order: 0,
                // The Needs tab's "still needed?" list goes through the same WHERE.
                stale: tab == Tab::Needs && f.len() % 2 == 0,
                ..ListQuery::default()
            };
            let rows = lists::fetch(&s, tab, &q, 0, 1000).unwrap();
            let n = lists::count(&s, tab, &q).unwrap();
            assert_eq!(
                n,
                rows.len(),
                "{tab:?} /{f}: count {n}, rows {}",
                rows.len()
            );
            seen_any += rows.len();
            // The desk's scopes narrow the same WHERE for the page and the count.
            if tab == Tab::Matches {
                use aidline::domain::MatchStatus;
                use aidline::tui::desk::DeskScope;
                for desk in [
                    DeskScope {
                        status: Some(MatchStatus::Proposed),
                        ..DeskScope::default()
                    },
                    DeskScope {
                        waiting: true,
                        ..DeskScope::default()
                    },
                    DeskScope {
                        org: Some((1, "БФ Світло".into())),
                        status: Some(MatchStatus::Confirmed),
                        waiting: false,
                    },
                ] {
                    let q = ListQuery { desk, ..q.clone() };
                    let rows = lists::fetch(&s, tab, &q, 0, 1000).unwrap();
                    assert_eq!(lists::count(&s, tab, &q).unwrap(), rows.len(), "{q:?}");
                }
            }
        }
    }
    assert!(seen_any > 10, "the filters found nothing at all");
    // Offers /kovdra: the blanket offer, and the header says so.
    let mut a = App::new(
        s,
        Lang::En,
        Arc::new(FixedClock(now())),
        FixedOffset::east_opt(0).unwrap(),
    );
    update(&mut a, Action::Resize(120, 40));
    key(&mut a, KeyCode::F(3));
    key(&mut a, KeyCode::Char('/'));
    typ(&mut a, "kovdra");
    let l = a.list(Tab::Offers).unwrap();
    assert_eq!(l.rows.len(), 1);
    assert_eq!(l.total, Some(1));
    assert!(screen(&mut a, 120, 40).contains("1 of 1"));
    // Matches: the filter filters (it used to reorder the page only).
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::F(5));
    key(&mut a, KeyCode::Char('/'));
    typ(&mut a, "ковдр");
    assert_eq!(a.list(Tab::Matches).unwrap().rows.len(), 0);
    assert_eq!(a.list(Tab::Matches).unwrap().total, Some(0));
    for _ in 0..5 {
        key(&mut a, KeyCode::Backspace);
    }
    typ(&mut a, "подушки");
    assert_eq!(a.list(Tab::Matches).unwrap().rows.len(), 1);
}

#[test]
fn the_ukrainian_layout_drives_the_lists_and_dialogs() {
    let mut a = app(Lang::Uk);
    key(&mut a, KeyCode::F(4));
    key(&mut a, KeyCode::Char('і')); // s: order
    assert_eq!(a.list(Tab::Needs).unwrap().order, 1);
    key(&mut a, KeyCode::Char('.')); // /: filter
    assert!(a.list(Tab::Needs).unwrap().editing);
    typ(&mut a, "ковдри");
    assert_eq!(a.list(Tab::Needs).unwrap().rows.len(), 3);
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Char('?'));
    assert!(matches!(a.overlay, Some(Overlay::Help { .. })));
    key(&mut a, KeyCode::Esc);
    assert!(a.overlay.is_none());
}

/// A caller offering two things in one sentence, with needs for each in Kyiv.
fn two_items_app(lang: Lang) -> App {
    let mut a = app(lang);
    a.store
        .add_need(&need(
            "Прихисток Дім",
            "пальто жіночі зимові",
            5,
            Urgency::High,
            "Київ",
        ))
        .unwrap();
    a.store
        .add_need(&need(
            "БФ Світло",
            "Взуття зимове: чоботи, черевики 36-40",
            10,
            Urgency::Normal,
            "Київ",
        ))
        .unwrap();
    typ(&mut a, "067 555 44 33");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "віддам пальто і чоботи 38 розміру, все чисте");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "Київ");
    key(&mut a, KeyCode::Esc);
    a
}

#[test]
fn several_items_are_saved_as_separate_offers_each_with_its_quantity() {
    let mut a = two_items_app(Lang::En);
    let words: Vec<&str> = a.call.items.iter().map(|(_, w)| w.as_str()).collect();
    assert_eq!(words.len(), 2, "{words:?}");
    assert_eq!(words[0], "пальто");
    assert!(words[1].starts_with("чоботи 38 розміру"), "{words:?}");
    let before = a.store.count_offers(None).unwrap();
    // Ctrl-В: the same key on the Ukrainian layout.
    a.handle_key(KeyEvent::new(KeyCode::Char('в'), KeyModifiers::CONTROL));
    let split = a.call.split.clone().expect("the split is open");
    assert_eq!(split.offers.len(), 2);
    // No quantity typed yet: Enter says so and writes nothing.
    key(&mut a, KeyCode::Enter);
    assert!(a.call.split.is_some());
    assert!(a.message.as_ref().is_some_and(|m| m.error));
    assert_eq!(a.store.count_offers(None).unwrap(), before);
    typ(&mut a, "2");
    key(&mut a, KeyCode::Down);
    typ(&mut a, "x1"); // a letter is not a quantity
    key(&mut a, KeyCode::Enter);
    assert!(a.call.split.is_none());
    assert!(a.call.saved.is_some());
    let offers = a.call.offers.clone();
    assert_eq!(offers.len(), 2);
    assert_eq!(offers[0].item, "пальто");
    assert_eq!(offers[0].tally.total, 2);
    assert!(offers[1].item.starts_with("чоботи 38 розміру"));
    assert_eq!(offers[1].tally.total, 1);
    assert_ne!(offers[0].category, offers[1].category);
    assert_eq!(offers[0].donor_id, offers[1].donor_id);
    assert_eq!(a.store.count_offers(None).unwrap(), before + 2);
    for o in &offers {
        assert_eq!(a.store.offer(o.id).unwrap().item, o.item);
    }
    // One call, logged with the first offer.
    let calls = a.store.list_calls(0, 10).unwrap();
    assert_eq!(
        calls
            .iter()
            .filter(|c| c.outcome == CallOutcome::OfferLogged)
            .count(),
        1
    );
    // The needs for the first offer, then (→) for the second.
    assert!(a.call.on_matches);
    let first = a.call.candidates.first().map(|c| c.record.item.clone());
    assert_eq!(first.as_deref(), Some("пальто жіночі зимові"));
    key(&mut a, KeyCode::Right);
    assert_eq!(a.call.saved.as_ref().map(|o| o.id), Some(offers[1].id));
    let first = a.call.candidates.first().map(|c| c.record.item.clone());
    assert_eq!(
        first.as_deref(),
        Some("Взуття зимове: чоботи, черевики 36-40")
    );
    key(&mut a, KeyCode::Left);
    assert_eq!(a.call.saved.as_ref().map(|o| o.id), Some(offers[0].id));
}

/// Each item of a split takes the quantity and unit its own words say: «2 пачки» of nappies and
/// «3 банки» of purée, not the first item's 2 for both in the category's unit.
#[test]
fn each_item_of_a_split_takes_its_own_quantity_and_unit() {
    let mut a = app(Lang::Uk);
    typ(&mut a, "067 555 44 33");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "віддам подгузкі 5 розмір 2 пачки і 3 банки пюре");
    a.handle_key(KeyEvent::new(KeyCode::Char('в'), KeyModifiers::CONTROL));
    let split = a.call.split.clone().expect("the split is open");
    let units: Vec<_> = split.offers.iter().map(|o| o.unit).collect();
    assert_eq!(units, [Some(Unit::Packs), Some(Unit::Jars)]);
    let quantities: Vec<&str> = split.quantities.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(quantities, ["2", "3"]);
}

#[test]
fn a_cancelled_split_saves_nothing() {
    let mut a = two_items_app(Lang::Uk);
    let before = a.store.count_offers(None).unwrap();
    ctrl(&mut a, 'd');
    assert!(a.call.split.is_some());
    typ(&mut a, "3");
    key(&mut a, KeyCode::Esc);
    assert!(a.call.split.is_none());
    assert!(a.call.saved.is_none());
    assert_eq!(a.store.count_offers(None).unwrap(), before);
    // The form is as typed: Ctrl-S still saves it as one offer.
    key(&mut a, KeyCode::Up);
    key(&mut a, KeyCode::Up);
    key(&mut a, KeyCode::Up);
    typ(&mut a, "4");
    ctrl(&mut a, 's');
    assert_eq!(a.store.count_offers(None).unwrap(), before + 1);
    assert!(
        a.call
            .saved
            .as_ref()
            .unwrap()
            .item
            .contains("пальто і чоботи")
    );
}

#[test]
fn a_text_naming_no_item_says_so() {
    let mut a = app(Lang::En);
    typ(&mut a, "067 555 44 33");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "маю для вас щось, передзвоніть");
    assert!(a.call.items.is_empty());
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("item not recognised"), "{s}");
    ctrl(&mut a, 'd');
    assert!(a.call.split.is_none());
}

#[test]
fn an_unknown_or_ambiguous_place_still_gets_suggestions_and_says_so() {
    let mut a = app(Lang::En);
    typ(&mut a, "067 555 44 33");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "ковдри");
    for _ in 0..4 {
        key(&mut a, KeyCode::Tab);
    }
    typ(&mut a, "Гадюкино");
    assert!(matches!(
        a.call.place_note,
        Some(aidline::tui::call::PlaceNote::NotFound(_))
    ));
    assert!(!a.call.candidates.is_empty(), "ranked without locality");
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("Place «Гадюкино» not found; needs ranked without locality"),
        "{s}"
    );
    for _ in 0.."Гадюкино".chars().count() {
        key(&mut a, KeyCode::Backspace);
    }
    typ(&mut a, "Олександрівка");
    let Some(aidline::tui::call::PlaceNote::Ambiguous(_, cands)) = a.call.place_note.clone() else {
        panic!("ambiguous: {:?}", a.call.place_note)
    };
    assert!(cands.len() > 1);
    assert!(!a.call.candidates.is_empty(), "ranked without locality");
    assert_eq!(
        a.call.popup.len(),
        cands.len(),
        "the candidates to pick from"
    );
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("«Олександрівка» is"), "{s}");
    assert!(s.contains("needs ranked without locality"), "{s}");
    assert!(s.contains("Олександрівка several pla"), "{s}");
    // Pick the second candidate: the place resolves and the note goes.
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    assert_eq!(
        a.call.form.place_code.as_deref(),
        Some(cands[1].code.as_str())
    );
    assert!(a.call.place_note.is_none());
    assert!(a.call.form.location().is_known());
}

#[test]
fn snapshots_of_the_items_read() {
    for lang in [Lang::En, Lang::Uk] {
        for (w, h) in [(120u16, 40u16), (80, 24)] {
            let name = |what: &str| format!("{what}_{}_{w}x{h}", lang_name(lang));
            let mut a = two_items_app(lang);
            insta::assert_snapshot!(name("call_items"), screen(&mut a, w, h));
            ctrl(&mut a, 'd');
            typ(&mut a, "2");
            insta::assert_snapshot!(name("call_split"), screen(&mut a, w, h));
            let mut a = app(lang);
            typ(&mut a, "067 555 44 33");
            key(&mut a, KeyCode::Enter);
            key(&mut a, KeyCode::Tab);
            typ(&mut a, "маю для вас щось");
            insta::assert_snapshot!(name("call_unrecognised"), screen(&mut a, w, h));
        }
    }
}

/// The fixture with the liaison's desk in mind: an offer proposed 5 days ago and not confirmed
/// (waiting), and M-1 confirmed (a history of two lines).
fn desk_app(lang: Lang) -> App {
    let mut s = fixture().with_clock(Arc::new(FixedClock(now() - chrono::Duration::days(5))));
    let o = s
        .add_offer(&NewOffer {
            phone: Phone::parse("+380 67 123 45 67").unwrap(),
            name: Some("Ганна Мельник".into()),
            item: "ковдри теплі".into(),
            category: None,
            quantity: 10,
            unit: None,
            condition: Condition::Good,
            location: loc("Київ"),
            notes: None,
            available_until: None,
        })
        .unwrap();
    s.propose(o.id, 2, Some(8)).unwrap();
    let mut s = s.with_clock(Arc::new(FixedClock(now() - chrono::Duration::hours(5))));
    s.set_match_status(1, aidline::domain::MatchStatus::Confirmed, None)
        .unwrap();
    let mut a = App::new(
        s.with_clock(Arc::new(FixedClock(now()))),
        lang,
        Arc::new(FixedClock(now())),
        FixedOffset::east_opt(2 * 3600).unwrap(),
    );
    update(&mut a, Action::Resize(80, 24));
    key(&mut a, KeyCode::F(5));
    a
}

#[test]
fn snapshots_of_the_liaisons_desk() {
    for lang in [Lang::En, Lang::Uk] {
        let name = |what: &str| format!("desk_{what}_{}_80x24", lang_name(lang));
        let mut a = desk_app(lang);
        // Newest first: M-2 (waiting 5 days, flagged), then M-1 (confirmed, with its history).
        let list = screen(&mut a, 80, 24);
        assert!(list.contains("! 5"), "{list}");
        assert!(
            list.contains("+380671234567"),
            "the donor's phone in the detail: {list}"
        );
        insta::assert_snapshot!(name("waiting"), list);
        key(&mut a, KeyCode::Down);
        insta::assert_snapshot!(name("history"), screen(&mut a, 80, 24));
        // h on the confirmed M-1: the quantity received, the proposed one offered.
        key(&mut a, KeyCode::Char('h'));
        insta::assert_snapshot!(name("handover"), screen(&mut a, 80, 24));
        key(&mut a, KeyCode::Esc);
        // d on the waiting M-2: the reason.
        key(&mut a, KeyCode::Up);
        key(&mut a, KeyCode::Char('d'));
        typ(&mut a, "вже отримали");
        insta::assert_snapshot!(name("decline"), screen(&mut a, 80, 24));
        key(&mut a, KeyCode::Esc);
        // f: only the waiting ones, the scope on the filter line.
        key(&mut a, KeyCode::Char('f'));
        let waiting = screen(&mut a, 80, 24);
        assert_eq!(a.list(Tab::Matches).unwrap().total, Some(1));
        insta::assert_snapshot!(name("filter_waiting"), waiting);
    }
}

/// Quantities with unit words in Ukrainian: the Needs list's «open/total unit» follows the
/// total in the genitive («2/2 пар», «21/21 ліжка»), the call screen's «відкрито 2 пари →
/// дати 1 пару», and the unit chooser agrees with the quantity typed above it.
#[test]
fn units_read_in_the_numbers_form() {
    use aidline::domain::Unit;
    let mut a = app(Lang::Uk);
    for (org, item, qty, unit) in [
        ("Прихисток Дім", "шкарпетки вовняні", 2, Unit::Pairs),
        ("Лікарня №3", "ліжка медичні", 21, Unit::Beds),
        ("БФ Світло", "місця в гуртожитку", 22, Unit::Places),
        ("Червоний Хрест Полтава", "рукавиці робочі", 1, Unit::Pairs),
    ] {
        let mut n = need(org, item, qty, Urgency::Critical, "Київ");
        n.unit = Some(unit);
        a.store.add_need(&n).unwrap();
    }
    key(&mut a, KeyCode::F(4));
    let needs = screen(&mut a, 120, 40);
    for want in [
        "2/2 пар",
        "21/21 ліжка",
        "22/22 місць",
        "1/1 пари",
        "30/30 шт",
    ] {
        assert!(needs.contains(want), "{want}:\n{needs}");
    }
    insta::assert_snapshot!("needs_units_uk_120x40", needs);

    key(&mut a, KeyCode::F(2));
    typ(&mut a, "050 111 22 33");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "шкарпетки");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "1");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "Київ");
    let call = screen(&mut a, 80, 24);
    assert!(call.contains("‹ пара ›"), "{call}");
    assert!(call.contains("відкрито 2 пари → дати 1 пару"), "{call}");
    assert!(!call.contains("дати 0"), "{call}");
    insta::assert_snapshot!("call_units_uk_80x24", call);
    // Two typed: the chooser says «пари».
    key(&mut a, KeyCode::BackTab);
    key(&mut a, KeyCode::BackTab);
    key(&mut a, KeyCode::BackTab);
    key(&mut a, KeyCode::Backspace);
    typ(&mut a, "2");
    let call = screen(&mut a, 80, 24);
    assert!(call.contains("‹ пари ›"), "{call}");
    assert!(call.contains("дати 2 пари"), "{call}");
}

/// A need the split leaves nothing for shows no «дати 0», and Enter on it still proposes what
/// it lacks, counted in the offer's unit: 1000 kg offered, a need of 1 t below one that took
/// it all gets 1000 kg (not 1 kg, its open count in tonnes).
#[test]
fn a_need_the_split_leaves_empty_shows_no_give_and_enter_converts() {
    use aidline::domain::Unit;
    let mut a = app(Lang::Uk);
    for (org, urgency) in [
        ("БФ Світло", Urgency::Critical),
        ("Прихисток Дім", Urgency::Low),
    ] {
        let mut n = need(org, "крупа гречана", 1, urgency, "Київ");
        n.unit = Some(Unit::Tonnes);
        a.store.add_need(&n).unwrap();
    }
    typ(&mut a, "050 111 22 33");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "крупа гречана");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "1000");
    a.call.form.unit = Unit::Kg;
    a.call.form.unit_touched = true;
    ctrl(&mut a, 's');
    assert!(a.call.on_matches);
    let allocs: Vec<(i64, i64)> = a
        .call
        .candidates
        .iter()
        .map(|c| (c.record.id, c.allocate))
        .collect();
    assert_eq!(allocs[..2], [(7, 1000), (8, 0)], "{allocs:?}");
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("відкрито 1 т → дати 1000 кг"), "{s}");
    assert!(
        s.contains("відкрито 1 т\n") || s.contains("відкрито 1 т  "),
        "{s}"
    );
    assert!(!s.contains("дати 0"), "{s}");
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    let m = a.store.list_matches(None, None, 0, 1).unwrap();
    assert_eq!((m[0].need_id, m[0].quantity), (8, 1000));
    assert_eq!(a.store.need(8).unwrap().tally.open(), 0);
}
