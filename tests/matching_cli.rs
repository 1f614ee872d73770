//! `aidline classify` and `aidline match suggest --explain`, and a place that never blocks.

mod common;

use common::Scratch;
use predicates::prelude::*;

const NEEDS_CSV: &str = "ref,organisation,item,quantity,unit,urgency,location,condition,needed_by,notes\n\
K-1,Прихисток «Родина»,\"Для кухні: чайники, сковорідки, ножі\",20,шт,normal,Полтава,any,,\n\
K-2,Кризовий центр «Вона»,Жіночий одяг розмір 44-48,40,шт,high,Дніпро,any,,\n\
K-3,Клуб «Ветеран»,\"Чоловічий одяг: светри, штани р. 48-54\",30,шт,normal,Дніпро,any,,\n";

fn scratch_with_needs() -> Scratch {
    let s = Scratch::new();
    s.import_needs("needs.csv", NEEDS_CSV);
    s
}

#[test]
fn classify_prints_items_spans_attributes_quantity_and_place() {
    let s = Scratch::new();
    let v = s.json(&[
        "classify",
        "віддам 2 пари чоловічих черевиків 43 розміру і шапку",
        "--location",
        "Красноград",
        "--json",
    ]);
    let items = v["items"].as_array().unwrap();
    let cats: Vec<&str> = items
        .iter()
        .map(|i| i["category"].as_str().unwrap())
        .collect();
    assert_eq!(cats, ["clothing.footwear", "clothing.accessories"], "{v}");
    let text = "віддам 2 пари чоловічих черевиків 43 розміру і шапку";
    let (a, b) = (
        items[0]["start"].as_u64().unwrap() as usize,
        items[0]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[a..b], "черевиків");
    assert_eq!(v["quantity"], 2);
    assert_eq!(v["unit"], "pairs");
    assert_eq!(v["attributes"]["audience"][0][0], "men");
    assert_eq!(v["attributes"]["sizes"][0]["lo"], 43);
    // Красноград is Берестин since 2024: found under the former name, with its hierarchy.
    let display = v["location"]["display"].as_str().unwrap();
    assert!(display.starts_with("Берестин"), "{display}");
    assert_eq!(v["location"]["hierarchy"].as_array().unwrap().len(), 5);
}

#[test]
fn classify_says_when_no_item_is_recognised() {
    let s = Scratch::new();
    s.cmd(&["classify", "Добрий день, маю 2 шт для вас"])
        .assert()
        .success()
        .stdout(predicate::str::contains("item not recognised"));
}

#[test]
fn explain_names_the_item_in_the_list_and_the_rule_that_removed_a_need() {
    let s = scratch_with_needs();
    s.cmd(&[
        "match",
        "suggest",
        "--item",
        "сковорідки",
        "--quantity",
        "2",
        "--location",
        "Полтава",
        "--explain",
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains(
        "«сковорідки» in «Для кухні: чайники, сковорідки, ножі»",
    ))
    .stdout(predicate::str::contains("K-1"));
    let out = s
        .cmd(&[
            "match",
            "suggest",
            "--item",
            "чоловічий светр 50 розміру",
            "--quantity",
            "1",
            "--location",
            "Дніпро",
            "--explain",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains("#1   K-3"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("out") && l.contains("K-2") && l.contains("attribute conflict")),
        "{text}"
    );
}

#[test]
fn an_unknown_or_ambiguous_place_ranks_without_locality_and_says_so() {
    let s = scratch_with_needs();
    for place in ["Нью-Васюки", "Олександрівка"] {
        s.cmd(&[
            "match",
            "suggest",
            "--item",
            "сковорідки",
            "--quantity",
            "2",
            "--location",
            place,
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("K-1"))
        .stderr(predicate::str::contains("ranked without locality"));
    }
}

#[test]
fn suggest_shows_what_it_takes_and_what_is_open_in_one_unit() {
    let s = Scratch::new();
    s.import_needs(
        "coal.csv",
        "ref,organisation,item,quantity,unit,location\nC-1,Пункт незламності,вугілля,2,т,Бровари\n",
    );
    s.cmd(&[
        "offer",
        "add",
        "--phone",
        "0671234567",
        "--item",
        "вугілля",
        "--quantity",
        "1000",
        "--unit",
        "kg",
        "--location",
        "Бровари",
    ])
    .assert()
    .success();
    // The offer's side, in its kilograms: 1000 of the 2000 the need lacks (not «1000/2 t»).
    s.cmd(&["match", "suggest", "--offer", "O-1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1000/2000 kg "));
    // The need's side, in its tonnes: the offer takes 1 of its 1 t (not «1/1000 t»).
    s.cmd(&["match", "suggest", "--need", "C-1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("   1/1    t "));
}
