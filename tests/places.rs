//! Table-driven tests of the place gazetteer through the library API.

use aidline::catalogue::{Gazetteer, Locality, PlaceError, PlaceKind};

const ALIASES: &str = include_str!("../data/places/aliases.csv");

fn g() -> &'static Gazetteer {
    Gazetteer::builtin()
}

/// (what is typed, official name, kind, oblast code prefix)
const RESOLVES: &[(&str, &str, PlaceKind, &str)] = &[
    // Ukrainian, Russian, Latin, prefixes; the bare city beats the same-named oblast/raion/hromada
    ("Харків", "Харків", PlaceKind::City, "UA63"),
    ("Харьков", "Харків", PlaceKind::City, "UA63"),
    ("Kharkiv", "Харків", PlaceKind::City, "UA63"),
    ("Kharkov", "Харків", PlaceKind::City, "UA63"),
    ("KHARKOW", "Харків", PlaceKind::City, "UA63"),
    ("Charkiw", "Харків", PlaceKind::City, "UA63"),
    ("м. Харків", "Харків", PlaceKind::City, "UA63"),
    ("г. Харьков", "Харків", PlaceKind::City, "UA63"),
    ("місто Харків", "Харків", PlaceKind::City, "UA63"),
    ("Kharkiv city", "Харків", PlaceKind::City, "UA63"),
    ("Київ", "Київ", PlaceKind::SpecialCity, "UA80"),
    ("Киев", "Київ", PlaceKind::SpecialCity, "UA80"),
    ("Kyiv", "Київ", PlaceKind::SpecialCity, "UA80"),
    ("Kiev", "Київ", PlaceKind::SpecialCity, "UA80"),
    ("Sevastopol", "Севастополь", PlaceKind::SpecialCity, "UA85"),
    ("Львов", "Львів", PlaceKind::City, "UA46"),
    ("Lviv", "Львів", PlaceKind::City, "UA46"),
    ("Чернигов", "Чернігів", PlaceKind::City, "UA74"),
    ("Одесса", "Одеса", PlaceKind::City, "UA51"),
    ("Odessa", "Одеса", PlaceKind::City, "UA51"),
    ("Запорожье", "Запоріжжя", PlaceKind::City, "UA23"),
    ("Zaporizhzhia", "Запоріжжя", PlaceKind::City, "UA23"),
    ("Николаев", "Миколаїв", PlaceKind::City, "UA48"),
    ("Кривой Рог", "Кривий Ріг", PlaceKind::City, "UA12"),
    ("Kryvyi Rih", "Кривий Ріг", PlaceKind::City, "UA12"),
    ("Белая Церковь", "Біла Церква", PlaceKind::City, "UA32"),
    ("Винница", "Вінниця", PlaceKind::City, "UA05"),
    ("Симферополь", "Сімферополь", PlaceKind::City, "UA01"),
    ("Дніпро", "Дніпро", PlaceKind::City, "UA12"),
    // former names
    ("Днепропетровск", "Дніпро", PlaceKind::City, "UA12"),
    ("Дніпропетровськ", "Дніпро", PlaceKind::City, "UA12"),
    ("Dnepropetrovsk", "Дніпро", PlaceKind::City, "UA12"),
    ("Кировоград", "Кропивницький", PlaceKind::City, "UA35"),
    ("Артемовск", "Бахмут", PlaceKind::City, "UA14"),
    ("Северодонецк", "Сіверськодонецьк", PlaceKind::City, "UA44"),
    ("Сєвєродонецьк", "Сіверськодонецьк", PlaceKind::City, "UA44"),
    ("Димитров", "Мирноград", PlaceKind::City, "UA14"),
    ("Красноармейск", "Покровськ", PlaceKind::City, "UA14"),
    ("Комсомольськ", "Горішні Плавні", PlaceKind::City, "UA53"),
    ("Ильичёвск", "Чорноморськ", PlaceKind::City, "UA51"),
    ("Днепродзержинск", "Кам’янське", PlaceKind::City, "UA12"),
    ("Кировское", "Хрестівка", PlaceKind::City, "UA14"),
    ("Новомосковск", "Самар", PlaceKind::City, "UA12"),
    ("Червоноград", "Шептицький", PlaceKind::City, "UA46"),
    // oblasts and raions
    (
        "Харьковская область",
        "Харківська",
        PlaceKind::Oblast,
        "UA63",
    ),
    ("Kharkiv oblast", "Харківська", PlaceKind::Oblast, "UA63"),
    ("Харківська обл.", "Харківська", PlaceKind::Oblast, "UA63"),
    (
        "Крым",
        "Автономна Республіка Крим",
        PlaceKind::Oblast,
        "UA01",
    ),
    ("Харківський р-н", "Харківський", PlaceKind::Raion, "UA63"),
    ("Харьковский район", "Харківський", PlaceKind::Raion, "UA63"),
    // qualified names, either order, with or without commas, any script
    (
        "Олександрівка, Голованівський р-н",
        "Олександрівка",
        PlaceKind::Village,
        "UA35",
    ),
    (
        "Олександрівка Голованівський район",
        "Олександрівка",
        PlaceKind::Village,
        "UA35",
    ),
    (
        "Александровка, Голованевский район",
        "Олександрівка",
        PlaceKind::Village,
        "UA35",
    ),
    (
        "Oleksandrivka, Holovanivskyi raion",
        "Олександрівка",
        PlaceKind::Village,
        "UA35",
    ),
    (
        "Кіровоградська обл., Голованівський р-н, с. Олександрівка",
        "Олександрівка",
        PlaceKind::Village,
        "UA35",
    ),
    ("Miropillia Sumy", "Миропілля", PlaceKind::Village, "UA59"),
    (
        "Миропілля, Сумська обл.",
        "Миропілля",
        PlaceKind::Village,
        "UA59",
    ),
    (
        "Миропилля, Харьковская область",
        "Миропілля",
        PlaceKind::Village,
        "UA63",
    ),
    (
        "Миколаїв, Миколаївська обл.",
        "Миколаїв",
        PlaceKind::City,
        "UA48",
    ),
    ("Миколаїв Львівська", "Миколаїв", PlaceKind::City, "UA46"),
    (
        "Шевченківський р-н, Київ",
        "Шевченківський",
        PlaceKind::District,
        "UA80",
    ),
    // settlement-type words, relaxed for settlements only
    ("смт Гостомель", "Гостомель", PlaceKind::Settlement, "UA32"),
    ("м. Гостомель", "Гостомель", PlaceKind::Settlement, "UA32"),
    // typos of one letter
    ("Житомр", "Житомир", PlaceKind::City, "UA18"),
    ("Кремечук", "Кременчук", PlaceKind::City, "UA53"),
    ("Тернпоіль", "Тернопіль", PlaceKind::City, "UA61"),
    // codes
    ("UA63120270010096107", "Харків", PlaceKind::City, "UA63"),
    ("ua63120270010096107", "Харків", PlaceKind::City, "UA63"),
];

#[test]
fn resolves_table() {
    let mut failures = Vec::new();
    for &(text, name, kind, oblast) in RESOLVES {
        match g().resolve(text) {
            Ok(p) if p.name == name && p.kind == kind && p.code.starts_with(oblast) => {}
            Ok(p) => failures.push(format!("{text}: got {} {:?} {}", p.name, p.kind, p.code)),
            Err(e) => failures.push(format!("{text}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(RESOLVES.len() >= 40);
}

fn ambiguous(text: &str) -> Vec<String> {
    match g().resolve(text) {
        Err(PlaceError::Ambiguous { candidates, .. }) => candidates,
        other => panic!("{text}: expected Ambiguous, got {other:?}"),
    }
}

#[test]
fn shared_village_name_is_ambiguous_with_candidates() {
    let c = ambiguous("Олександрівка");
    assert_eq!(c.len(), 5);
    assert!(c.iter().all(|s| s.starts_with("Олександрівка, ")), "{c:?}");
    // four in one raion: told apart by hromada
    let c = ambiguous("Олександрівка, Кропивницький р-н");
    assert_eq!(c.len(), 4, "{c:?}");
    assert!(
        c.iter()
            .all(|s| s.contains(" громада, Кропивницький р-н, Кіровоградська обл."))
    );
    let mut d = c.clone();
    d.dedup();
    assert_eq!(d, c);
}

#[test]
fn two_towns_of_one_name_are_ambiguous() {
    let c = ambiguous("Городок");
    assert_eq!(c.len(), 2, "{c:?}");
    assert!(c.iter().any(|s| s.contains("Львівська обл.")), "{c:?}");
    assert!(c.iter().any(|s| s.contains("Хмельницька обл.")), "{c:?}");
    // Південне (Одеська обл., formerly Южне) and the town near Харків: neither names its raion.
    assert_eq!(ambiguous("Південне").len(), 2);
}

#[test]
fn a_bare_name_shared_with_a_town_is_the_raion_centre() {
    // A registry's «Миколаїв» is the oblast centre, not the town near Стрий; the town is still
    // reached with its oblast.
    let g = g();
    for text in ["Миколаїв", "м. Миколаїв", "Николаев", "Mykolaiv"] {
        let p = g.resolve(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(p.code.starts_with("UA48"), "{text}: {}", p.code);
    }
    let town = g.resolve("Миколаїв, Львівська обл.").unwrap();
    assert!(town.code.starts_with("UA46"), "{}", town.code);
    // The operator's list as they type shows the same one first, the town next.
    let listed: Vec<String> = g
        .suggest("Миколаїв", 5)
        .iter()
        .map(|p| g.display(p))
        .collect();
    assert_eq!(listed[0], "Миколаїв, Миколаївська обл.", "{listed:?}");
    assert_eq!(listed[1], "Миколаїв, Львівська обл.", "{listed:?}");
}

#[test]
fn unknown_is_not_found() {
    for text in [
        "Qwertyuiop",
        "",
        "   ",
        "Харків, Львівська обл.",
        "UA99999999999999999",
    ] {
        assert!(
            matches!(g().resolve(text), Err(PlaceError::NotFound(_))),
            "{text}: {:?}",
            g().resolve(text)
        );
    }
}

#[test]
fn short_names_get_no_typo_guess() {
    // «Сумі» is one letter from «Суми» but too short to guess
    assert!(matches!(g().resolve("Сумо"), Err(PlaceError::NotFound(_))));
}

#[test]
fn loads_all_units() {
    assert_eq!(g().len(), 31_744);
    let mut kinds = std::collections::HashMap::new();
    for p in g().places() {
        *kinds.entry(p.kind).or_insert(0) += 1;
    }
    assert_eq!(kinds[&PlaceKind::Village], 27_261);
    assert_eq!(kinds[&PlaceKind::City], 461);
    assert_eq!(kinds[&PlaceKind::SpecialCity], 2);
}

#[test]
fn every_alias_points_at_a_unit_and_resolves_to_it() {
    let mut n = 0;
    let mut failures = Vec::new();
    for line in ALIASES.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 3, "{line}");
        assert!(["ru", "en", "former"].contains(&f[2]), "{line}");
        let place = g().get(f[0]).unwrap_or_else(|| panic!("no unit {line}"));
        n += 1;
        match g().resolve(f[1]) {
            Ok(p) if p.code == f[0] => {}
            // a former name shared by two places (Комсомольське) must list this one
            Err(PlaceError::Ambiguous { candidates, .. })
                if candidates.contains(&g().display(place)) => {}
            other => failures.push(format!("{line}: {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(n, g().alias_count());
    assert!(n >= 200);
}

#[test]
fn display_gives_context() {
    let show = |t: &str| g().display(g().resolve(t).unwrap());
    assert_eq!(show("Харків"), "Харків, Харківська обл.");
    assert_eq!(show("Київ"), "Київ");
    assert_eq!(show("Kharkiv oblast"), "Харківська обл.");
    assert_eq!(
        show("Олександрівка, Голованівський р-н"),
        "Олександрівка, Голованівський р-н, Кіровоградська обл."
    );
    assert_eq!(
        show("Шевченківський р-н, Київ"),
        "Шевченківський р-н м. Київ"
    );
    assert_eq!(show("Харківський р-н"), "Харківський р-н, Харківська обл.");
    assert_eq!(show("Крым"), "Автономна Республіка Крим");
}

#[test]
fn locality_tiers() {
    let p = |code: &str| g().get(code).unwrap();
    let l = |a: &str, b: &str| g().locality(p(a), p(b));
    // two districts of Kyiv: one settlement
    assert_eq!(
        l("UA80000000000126643", "UA80000000000210193"),
        Locality::Settlement
    );
    // a place and itself
    assert_eq!(
        l("UA63120270010096107", "UA63120270010096107"),
        Locality::Settlement
    );
    // Андріївка and Сонячний: one hromada
    assert_eq!(
        l("UA01020010010075540", "UA01020010020030666"),
        Locality::Hromada
    );
    // Андріївка and Ароматне: one raion
    assert_eq!(
        l("UA01020010010075540", "UA01020030010043419"),
        Locality::Raion
    );
    // Харків and Безлюдівка: Kharkiv raion
    assert_eq!(
        l("UA63120270010096107", "UA63120010010021177"),
        Locality::Raion
    );
    let kharkiv = g().resolve("Харків").unwrap();
    let izium = g().resolve("Ізюм").unwrap();
    assert_eq!(g().locality(kharkiv, izium), Locality::Oblast);
    let lviv = g().resolve("Львів").unwrap();
    assert_eq!(g().locality(kharkiv, lviv), Locality::Elsewhere);
    assert_eq!(g().locality(lviv, kharkiv), Locality::Elsewhere);
    // Kyiv is not in Kyiv oblast
    let kyiv = g().resolve("Київ").unwrap();
    let bucha = g().resolve("Буча").unwrap();
    assert_eq!(g().locality(kyiv, bucha), Locality::Elsewhere);
}

#[test]
fn suggest_puts_cities_first_in_any_script() {
    for prefix in ["Харк", "Харьк", "khark", "м. Харк"] {
        let s = g().suggest(prefix, 5);
        assert_eq!(
            s.first().map(|p| p.name.as_str()),
            Some("Харків"),
            "{prefix}: {s:?}"
        );
        assert!(s.len() <= 5);
    }
    let s = g().suggest("Одесс", 3);
    assert_eq!(s.first().map(|p| p.name.as_str()), Some("Одеса"));
    let s = g().suggest("Днепр", 3);
    assert_eq!(s.first().map(|p| p.name.as_str()), Some("Дніпро"));
    let s = g().suggest("Олександрів", 20);
    assert_eq!(s.len(), 20);
    let rank = |k: PlaceKind| match k {
        PlaceKind::City | PlaceKind::SpecialCity => 0,
        PlaceKind::Settlement => 1,
        PlaceKind::Village => 2,
        _ => 3,
    };
    assert!(
        s.windows(2).all(|w| rank(w[0].kind) <= rank(w[1].kind)),
        "{s:?}"
    );
    assert!(g().suggest("", 5).is_empty());
    assert!(g().suggest("Харк", 0).is_empty());
}

/// Every city and town renamed since 2014 (decommunisation of 2016, and the renamings of 2019,
/// 2021, 2022 and 2024) is found under its former name, in Ukrainian and Russian spelling.
#[test]
fn cities_renamed_since_2014_are_found_under_their_former_names() {
    #[rustfmt::skip]
    let renamed: &[(&str, &str)] = &[
        // 2024
        ("Красноград", "Берестин"), ("Первомайський", "Златопіль"), ("Новомосковськ", "Самар"),
        ("Червоноград", "Шептицький"), ("Южне", "Південне"), ("Першотравенськ", "Шахтарське"),
        ("Ватутіне", "Багачеве"),
        // 2022, 2021, 2019
        ("Новоград-Волинський", "Звягель"), ("Володимир-Волинський", "Володимир"),
        ("Переяслав-Хмельницький", "Переяслав"),
        // 2016
        ("Дніпропетровськ", "Дніпро"), ("Кіровоград", "Кропивницький"),
        ("Дніпродзержинськ", "Кам’янське"), ("Артемівськ", "Бахмут"),
        ("Красноармійськ", "Покровськ"), ("Дзержинськ", "Торецьк"), ("Димитров", "Мирноград"),
        ("Красний Лиман", "Лиман"), ("Котовськ", "Подільськ"), ("Іллічівськ", "Чорноморськ"),
        ("Комсомольськ", "Горішні Плавні"), ("Орджонікідзе", "Покров"), ("Цюрупинськ", "Олешки"),
        ("Щорс", "Сновськ"), ("Кузнецовськ", "Вараш"), ("Стаханов", "Кадіївка"),
        ("Свердловськ", "Довжанськ"), ("Краснодон", "Сорокине"), ("Червонопартизанськ", "Вознесенівка"),
        ("Красноперекопськ", "Яни Капу"), ("Артемове", "Залізне"),
        // Russian spellings
        ("Красноград, Харьковская обл.", "Берестин"), ("Новомосковск", "Самар"),
        ("Днепродзержинск", "Кам’янське"), ("Кировоград", "Кропивницький"),
    ];
    let mut missing = Vec::new();
    for (former, now) in renamed {
        match g().resolve(former) {
            Ok(p) if p.name == *now => {}
            other => missing.push(format!("{former} → {now}: {other:?}")),
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
