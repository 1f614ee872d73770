//! Properties of the partner exchange over generated registries: exported needs imported into an
//! empty database give the same registry, and no exported cell can start a formula.

use aidline::domain::{Accepts, Condition, Phone, Unit, Urgency};
use aidline::store::export::{ExportOptions, Since};
use aidline::store::import::ImportOptions;
use aidline::store::{NewNeed, NewOffer, Store, resolve_location};
use chrono::NaiveDate;
use proptest::prelude::*;

/// Text the way people and hostile files write it: Cyrillic, Latin, quotes, separators, and
/// whatever a spreadsheet would take for a formula, at the start or inside.
fn text() -> impl Strategy<Value = String> {
    let starts = prop_oneof![
        Just(""),
        Just("="),
        Just("+"),
        Just("-"),
        Just("@"),
        Just("'="),
        Just(" ="),
        Just("\t"),
        Just("'"),
        Just("\""),
        Just("«"),
        Just("=cmd|' /C calc'!A0"),
    ];
    (starts, "[а-яіїєґА-ЯІЇЄҐa-zA-Z0-9 ,;\"'«»=+@.()-]{1,24}")
        .prop_map(|(s, body)| format!("{s}{body}").trim().to_string())
        .prop_filter("not empty", |t| !t.is_empty())
}

const ORGS: [&str; 6] = [
    "БФ «Світло»",
    "Соцслужба «Віра»",
    "Прихисток \"Дім\"",
    "=Карітас Харків",
    "+Лікарня №3",
    "Volunteers of Kharkiv",
];
const PLACES: [&str; 5] = ["Харків", "Київ", "Мерефа", "Одеса", ""];

fn unit(i: u8) -> Option<Unit> {
    match i % 5 {
        0 => None,
        1 => Some(Unit::Kg),
        2 => Some(Unit::Bags),
        3 => Unit::parse_or_keep("відер"),
        _ => Some(Unit::CubicMetres),
    }
}

#[derive(Debug, Clone)]
struct Spec {
    org: usize,
    with_ref: bool,
    item: String,
    quantity: i64,
    unit: u8,
    urgency: u8,
    accepts_new: bool,
    place: usize,
    days: Option<u32>,
    notes: Option<String>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        (
            0..ORGS.len(),
            any::<bool>(),
            text(),
            1i64..100_000,
            any::<u8>(),
        ),
        (
            0u8..4,
            any::<bool>(),
            0..PLACES.len(),
            proptest::option::of(0u32..15_000),
        ),
        proptest::option::of(text()),
    )
        .prop_map(
            |(
                (org, with_ref, item, quantity, unit),
                (urgency, accepts_new, place, days),
                notes,
            )| Spec {
                org,
                with_ref,
                item,
                quantity,
                unit,
                urgency,
                accepts_new,
                place,
                days,
                notes,
            },
        )
}

fn new_need(i: usize, s: &Spec) -> NewNeed {
    NewNeed {
        organisation: ORGS[s.org].to_string(),
        partner_ref: s.with_ref.then(|| format!("R-{i}")),
        item: s.item.clone(),
        category: None,
        quantity: s.quantity,
        unit: unit(s.unit),
        urgency: Urgency::from_rank(s.urgency as i64),
        location: resolve_location(Some(PLACES[s.place])).unwrap(),
        accepts: if s.accepts_new {
            Accepts::New
        } else {
            Accepts::Any
        },
        needed_by: s
            .days
            .map(|d| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(d.into())),
        notes: s.notes.clone(),
    }
}

fn export(store: &mut Store, dir: &std::path::Path, with_contacts: bool) {
    store
        .export(
            &ExportOptions {
                dir: dir.to_path_buf(),
                since: Since::Everything,
                hxl: false,
                excel: false,
                xlsx: false,
                with_contacts,
                contacts_for: None,
                tz: chrono_tz::Europe::Kyiv,
                progress: false,
            },
            &mut |_, _, _| {},
        )
        .expect("export");
}

/// What a registry holds, in an order that does not depend on ids.
fn registry(store: &Store) -> Vec<String> {
    let mut rows: Vec<String> = store
        .list_needs(&Default::default(), 0, 100_000)
        .unwrap()
        .into_iter()
        .map(|n| {
            format!(
                "{:?}",
                (
                    n.organisation,
                    n.partner_ref,
                    n.item,
                    n.category,
                    n.tally.total,
                    n.unit.code(),
                    n.urgency,
                    n.location,
                    n.accepts,
                    n.needed_by,
                    n.notes,
                )
            )
        })
        .collect();
    rows.sort();
    rows
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn exported_needs_imported_into_an_empty_database_are_the_same_registry(
        specs in proptest::collection::vec(spec(), 1..30),
    ) {
        let mut source = Store::open_in_memory("tester").unwrap();
        for (i, s) in specs.iter().enumerate() {
            source.add_need(&new_need(i, s)).unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        export(&mut source, dir.path(), false);
        let bytes = std::fs::read(dir.path().join("needs.csv")).unwrap();
        let mut target = Store::open_in_memory("tester").unwrap();
        let report = target
            .import_needs_with("needs.csv", &bytes, ImportOptions { dry_run: false, new_orgs: true })
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(report.created, specs.len());
        prop_assert_eq!(registry(&target), registry(&source));
    }

    #[test]
    fn no_exported_cell_can_start_a_formula(
        needs in proptest::collection::vec((text(), proptest::option::of(text()), text()), 1..10),
        offers in proptest::collection::vec((text(), text(), proptest::option::of(text())), 1..10),
        with_contacts in any::<bool>(),
    ) {
        let mut store = Store::open_in_memory("tester").unwrap();
        for (item, notes, org) in &needs {
            store.add_need(&NewNeed {
                organisation: org.clone(),
                partner_ref: Some(format!("={org}")),
                item: item.clone(),
                category: None,
                quantity: 5,
                unit: None,
                urgency: Urgency::High,
                location: Default::default(),
                accepts: Accepts::Any,
                needed_by: None,
                notes: notes.clone(),
            }).unwrap();
        }
        for (i, (item, name, notes)) in offers.iter().enumerate() {
            store.add_offer(&NewOffer {
                phone: Phone::parse(&format!("095 167 90 {:02}", 10 + i)).unwrap(),
                name: Some(name.clone()),
                item: item.clone(),
                category: None,
                quantity: 3,
                unit: None,
                condition: Condition::Good,
                location: Default::default(),
                notes: notes.clone(),
                available_until: None,
            }).unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        export(&mut store, dir.path(), with_contacts);
        for file in ["needs.csv", "offers.csv", "matches.csv", "organisations.csv"] {
            let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
            let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
            for record in reader.records() {
                for cell in record.unwrap().iter() {
                    let starts = cell.trim_start_matches(' ');
                    prop_assert!(
                        !starts.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']),
                        "{}: {:?}", file, cell
                    );
                }
            }
        }
    }
}
