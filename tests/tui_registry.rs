//! The registry screens (issue 11) without a terminal: the Needs tab's form, close and review,
//! the stale list and the fitting offers; the Organisations tab's directory. Driven key by key on
//! a fixed clock (effects run in place), drawn into a TestBackend at 120x40 and 80x24 in both
//! languages.

use aidline::domain::{Condition, FixedClock, Phone};
use aidline::i18n::Lang;
use aidline::store::import::need_from_fields;
use aidline::store::{NeedFilter, NewOffer, Store, resolve_location};
use aidline::tui::app::Tab;
use aidline::tui::{Action, App, render, update};
use chrono::{FixedOffset, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap()
}

fn add(s: &mut Store, org: &str, item: &str, qty: &str, place: &str, by: Option<&str>) {
    let mut f = vec![
        ("organisation", org.to_string()),
        ("item", item.to_string()),
        ("quantity", qty.to_string()),
        ("location", place.to_string()),
    ];
    if let Some(d) = by {
        f.push(("needed_by", d.to_string()));
    }
    s.add_need(&need_from_fields(&f).unwrap()).unwrap();
}

/// Needs written 20 days ago (stale unless reviewed) and 2 days ago, offers that fit some.
fn fixture() -> Store {
    let mut s = Store::open_in_memory("anna")
        .unwrap()
        .with_clock(Arc::new(FixedClock(now() - chrono::Duration::days(20))));
    add(&mut s, "БФ «Світло»", "Ковдри", "20", "Бровари", None);
    add(
        &mut s,
        "ГО «Продуктовий кошик»",
        "крупа гречана",
        "100 кг",
        "Бровари",
        None,
    );
    add(
        &mut s,
        "Харківська громадська кухня",
        "ковдри",
        "40",
        "Харків",
        None,
    );
    let mut s = s.with_clock(Arc::new(FixedClock(now() - chrono::Duration::days(2))));
    add(
        &mut s,
        "Київський міський центр допомоги",
        "одеяла",
        "30",
        "Київ",
        None,
    );
    add(
        &mut s,
        "КНП «Лікарня №3»",
        "памперси для дорослих L",
        "10 уп",
        "Харків",
        Some("20.11.2026"),
    );
    for (item, qty, place) in [("ковдри теплі", 6, "Бровари"), ("ковдра", 10, "Львів")]
    {
        s.add_offer(&NewOffer {
            phone: Phone::parse("095 167 90 26").unwrap(),
            name: Some("Олена Коваленко".into()),
            item: item.into(),
            category: None,
            quantity: qty,
            unit: None,
            condition: Condition::Good,
            location: resolve_location(Some(place)).unwrap(),
            notes: None,
            available_until: None,
        })
        .unwrap();
    }
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

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
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

fn needs(a: &App, filter: NeedFilter) -> Vec<aidline::domain::Need> {
    a.store.list_needs(&filter, 0, 100).unwrap()
}

#[test]
fn snapshots_of_the_need_form_the_review_list_and_the_directory() {
    for lang in [Lang::En, Lang::Uk] {
        for (w, h) in [(120u16, 40u16), (80, 24)] {
            let name = |what: &str| format!("{what}_{}_{w}x{h}", lang_name(lang));
            let mut a = app(lang);
            key(&mut a, KeyCode::F(4));
            insta::assert_snapshot!(name("needs"), screen(&mut a, w, h));
            // The form, typed with a date already past: refused, kept, the field named.
            key(&mut a, KeyCode::Char('a'));
            typ(&mut a, "БФ «Світло»");
            key(&mut a, KeyCode::Tab);
            typ(&mut a, "подушки");
            key(&mut a, KeyCode::Tab);
            typ(&mut a, "12");
            for _ in 0..4 {
                key(&mut a, KeyCode::Tab);
            }
            key(&mut a, KeyCode::Tab);
            typ(&mut a, "01.11.26");
            key(&mut a, KeyCode::Tab);
            typ(&mut a, "для переселенців");
            key(&mut a, KeyCode::Enter);
            insta::assert_snapshot!(name("need_form_refused"), screen(&mut a, w, h));
            key(&mut a, KeyCode::Esc);
            // The review list and its question.
            key(&mut a, KeyCode::Char('v'));
            insta::assert_snapshot!(name("needs_stale"), screen(&mut a, w, h));
            key(&mut a, KeyCode::Char('r'));
            insta::assert_snapshot!(name("need_review"), screen(&mut a, w, h));
            key(&mut a, KeyCode::Esc);
            // The directory.
            key(&mut a, KeyCode::F(6));
            key(&mut a, KeyCode::Char('/'));
            typ(&mut a, "ковдри Бровари");
            key(&mut a, KeyCode::Enter);
            insta::assert_snapshot!(name("orgs_directory"), screen(&mut a, w, h));
        }
    }
}

#[test]
fn the_form_adds_a_need_with_the_imports_checks_and_keeps_what_was_typed_on_a_refusal() {
    let mut a = app(Lang::En);
    key(&mut a, KeyCode::F(4));
    let before = needs(&a, NeedFilter::default()).len();
    key(&mut a, KeyCode::Char('a'));
    typ(&mut a, "Прихисток «Дім»");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "памперси дитячі 4");
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "двадцять");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Left); // urgency: high
    key(&mut a, KeyCode::Tab);
    typ(&mut a, "Ірпінь");
    ctrl_s(&mut a);
    // The quantity is refused as the import refuses it; nothing is written, the form stays.
    let form = a.registry.form.as_ref().expect("the form stays open");
    let (field, text) = form.error.clone().unwrap();
    assert_eq!(field, Some(aidline::tui::registry::F_QUANTITY), "{text}");
    assert!(text.contains("quantity"), "{text}");
    assert_eq!(
        form.inputs[aidline::tui::registry::F_ITEM].text,
        "памперси дитячі 4"
    );
    assert_eq!(needs(&a, NeedFilter::default()).len(), before);
    // Corrected: saved, the form closes, the list shows it.
    let f = aidline::tui::registry::F_QUANTITY;
    a.registry.form.as_mut().unwrap().focus = f;
    for _ in 0..10 {
        key(&mut a, KeyCode::Backspace);
    }
    typ(&mut a, "20 уп");
    ctrl_s(&mut a);
    assert!(
        a.registry.form.is_none(),
        "{:?}",
        a.registry.form.as_ref().map(|f| &f.error)
    );
    let all = needs(&a, NeedFilter::default());
    assert_eq!(all.len(), before + 1);
    let n = &all[0];
    assert_eq!(
        (n.organisation.as_str(), n.tally.total, n.urgency.as_str()),
        ("Прихисток «Дім»", 20, "high")
    );
    assert_eq!(n.unit.code(), "packs");
    assert!(n.location.is_known());
}

fn ctrl_s(a: &mut App) {
    a.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

#[test]
fn editing_keeps_the_other_fields_and_the_ukrainian_layout_opens_the_form() {
    let mut a = app(Lang::Uk);
    key(&mut a, KeyCode::F(4));
    let first = needs(&a, NeedFilter::default())[0].clone();
    // «у» is where «e» is.
    key(&mut a, KeyCode::Char('у'));
    let form = a.registry.form.as_ref().expect("edit form");
    assert_eq!(form.inputs[0].text, first.organisation);
    a.registry.form.as_mut().unwrap().focus = aidline::tui::registry::F_NOTES;
    typ(&mut a, "дзвонити зранку");
    ctrl_s(&mut a);
    assert!(a.registry.form.is_none());
    let after = a.store.need(first.id).unwrap();
    assert_eq!(after.notes.as_deref(), Some("дзвонити зранку"));
    assert_eq!(
        (after.item, after.tally.total, after.location),
        (first.item, first.tally.total, first.location)
    );
}

#[test]
fn the_review_list_holds_the_stale_needs_and_answers_change_them() {
    let mut a = app(Lang::En);
    key(&mut a, KeyCode::F(4));
    key(&mut a, KeyCode::Char('v'));
    let stale = NeedFilter {
        stale: true,
        ..NeedFilter::default()
    };
    let list = a.list(Tab::Needs).unwrap();
    assert!(list.stale);
    // Three written 20 days ago, and the diapers past their date (20 Nov).
    assert_eq!(list.total, Some(4));
    let first = needs(&a, stale.clone())[0].clone();
    // Still needed: 7.
    key(&mut a, KeyCode::Char('r'));
    key(&mut a, KeyCode::Char('1'));
    for _ in 0..4 {
        key(&mut a, KeyCode::Backspace);
    }
    typ(&mut a, "7");
    key(&mut a, KeyCode::Enter);
    let n = a.store.need(first.id).unwrap();
    assert_eq!(n.tally.open(), 7);
    assert!(n.reviewed_at.is_some());
    assert_eq!(a.list(Tab::Needs).unwrap().total, Some(3));
    // Close the next as fulfilled elsewhere, with `x`.
    let next = needs(&a, stale.clone())[0].clone();
    key(&mut a, KeyCode::Char('x'));
    key(&mut a, KeyCode::Char('1'));
    assert!(a.store.need(next.id).unwrap().closed);
    assert_eq!(a.list(Tab::Needs).unwrap().total, Some(2));
    let audit = a.store.audit_rows("need").unwrap();
    assert!(audit.iter().any(|r| r.contains("fulfilled_elsewhere")));
}

#[test]
fn the_fitting_offers_of_the_selected_need_and_proposing_from_them() {
    let mut a = app(Lang::En);
    key(&mut a, KeyCode::F(4));
    // Select the blankets in Brovary.
    let target = needs(&a, NeedFilter::default())
        .into_iter()
        .position(|n| n.item == "Ковдри")
        .unwrap();
    for _ in 0..target {
        key(&mut a, KeyCode::Down);
    }
    let need_id = a.registry.fitting_for.unwrap();
    assert_eq!(a.store.need(need_id).unwrap().item, "Ковдри");
    let fitting: Vec<String> = a
        .registry
        .fitting
        .iter()
        .map(|c| c.record.item.clone())
        .collect();
    assert_eq!(
        fitting.first().map(String::as_str),
        Some("ковдри теплі"),
        "{fitting:?}"
    );
    key(&mut a, KeyCode::Char('p'));
    key(&mut a, KeyCode::Enter);
    let n = a.store.need(need_id).unwrap();
    assert_eq!(n.tally.proposed, 6);
    assert!(a.message.as_ref().unwrap().text.contains("M-"));
}

#[test]
fn proposing_from_a_need_in_tonnes_books_the_offer_in_its_kilograms() {
    let mut a = app(Lang::Uk);
    add(
        &mut a.store,
        "Пункт незламності Бровари",
        "вугілля",
        "2 т",
        "Бровари",
        None,
    );
    a.store
        .add_offer(&NewOffer {
            phone: Phone::parse("067 321 45 07").unwrap(),
            name: None,
            item: "вугілля кам'яне".into(),
            category: None,
            quantity: 3000,
            unit: Some(aidline::domain::Unit::Kg),
            condition: Condition::Good,
            location: resolve_location(Some("Бровари")).unwrap(),
            notes: None,
            available_until: None,
        })
        .unwrap();
    key(&mut a, KeyCode::F(4));
    let target = needs(&a, NeedFilter::default())
        .into_iter()
        .position(|n| n.item == "вугілля")
        .unwrap();
    for _ in 0..target {
        key(&mut a, KeyCode::Down);
    }
    let need_id = a.registry.fitting_for.unwrap();
    assert_eq!(a.registry.fitting.len(), 1, "the coal offer fits");
    let offer_id = a.registry.fitting[0].record.id;
    key(&mut a, KeyCode::Char('p'));
    key(&mut a, KeyCode::Enter);
    let n = a.store.need(need_id).unwrap();
    // The whole need: 2 t booked on the need, 2000 kg on the offer.
    assert_eq!(
        n.tally.proposed,
        2,
        "{:?}",
        a.message.as_ref().map(|m| &m.text)
    );
    let offer = a.store.offer(offer_id).unwrap();
    assert_eq!(offer.tally.proposed, 2000);
}

#[test]
fn the_directory_answers_who_can_help_in_any_language() {
    let mut a = app(Lang::Uk);
    key(&mut a, KeyCode::F(6));
    for (query, first) in [
        ("одеяла Киев", "Київський міський центр допомоги"),
        ("blankets Kharkiv", "Харківська громадська кухня"),
        ("ковдр Бравари", "БФ «Світло»"),
    ] {
        key(&mut a, KeyCode::Char('/'));
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('/'));
        typ(&mut a, query);
        key(&mut a, KeyCode::Enter);
        let hits = &a.registry.directory.as_ref().unwrap().1;
        assert_eq!(hits[0].org.name, first, "{query}");
        assert!(!hits.iter().any(|h| h.org.name.contains("Продуктовий")));
        // The detail of the selected organisation: what it helps with, its open needs.
        let (id, profile, open) = a.registry.detail.as_ref().unwrap();
        assert_eq!(*id, hits[0].org.id);
        assert!(profile.open_needs >= 1);
        assert!(!open.is_empty());
    }
}
