//! Quality evaluation of the matching engine: a realistic registry of needs
//! (`tests/fixtures/registry.csv`) and a table of offers as callers phrase them, each with the
//! one need the written policy (src/matching/mod.rs) puts first.
//!
//! Every expected answer was worked out by hand from the policy and the fixture: hard filters →
//! item relevance (same, narrower, broader, text) → locality tier (settlement, hromada, raion,
//! oblast, elsewhere; neutral without an offer location) → urgency → how much of the offer the
//! need can use → text similarity → oldest. The fixture is built so that each case has one
//! clearly right top-1 (no ties left to the id tie-breaker).
//!
//! Run with `cargo test --test matching_cases -- --nocapture` to see the top-1 rate and the
//! failing cases.

use aidline::domain::{Accepts, Condition, FixedClock, Need};
use aidline::matching::{Candidate, OfferQuery};
use aidline::store::{Store, resolve_location};
use chrono::{TimeZone, Utc};
use std::collections::HashSet;
use std::sync::Arc;

const REGISTRY: &[u8] = include_bytes!("fixtures/registry.csv");

/// Rows in the fixture (without the header) and organisations named in it.
const REGISTRY_ROWS: usize = 116;
const REGISTRY_ORGS: usize = 16;

/// Expected answer meaning "nothing in the registry should be offered this".
const NONE: &str = "-";

/// One evaluation case: name, item as the caller says it, quantity, condition, location text
/// ("" = no location given), expected top-1 partner ref (or [`NONE`]).
type Case = (
    &'static str,
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const CASES: &[Case] = &[
    // ── Blankets. SV-101 Харків high; SV-102 Харків critical new-only; KY-201 Київ critical (the
    //    only critical `any` blanket need still open); MR-401 Мерефа low; MR-402 Утківка normal
    //    (Мерефа hromada); DG-101 Дергачі low; CH-101 Чугуїв high; DN-101 Дніпро high; LV-301
    //    Львів normal; OD-101 Одеса low; SU-101 Суми normal new-only; PL-101 Полтава critical but
    //    past its needed_by date.
    ("blanket_uk_nominative",          "ковдра",        10, "used", "Харків",          "SV-101"),
    ("blanket_uk_plural",              "ковдри",        10, "used", "Харків",          "SV-101"),
    ("blanket_uk_instrumental",        "з ковдрами",    10, "used", "Харків",          "SV-101"),
    ("blanket_uk_genitive_plural",     "10 ковдр",      10, "used", "Харків",          "SV-101"),
    ("blanket_uk_phrase",              "теплі ковдри",  10, "used", "Харків",          "SV-101"),
    ("blanket_uk_typo_swap",           "ковдар",        10, "used", "Харків",          "SV-101"),
    ("blanket_uk_plaid",               "плед",          10, "used", "Харків",          "SV-101"),
    ("blanket_latin_kovdra",           "kovdra",        10, "used", "Харків",          "SV-101"),
    ("blanket_latin_kovdry",           "kovdry",        10, "used", "Kharkiv",         "SV-101"),
    ("blanket_latin_upper",            "KOVDRA",        10, "used", "Kharkiv",         "SV-101"),
    ("blanket_ru_nominative",          "одеяло",        10, "used", "Харьков",         "SV-101"),
    ("blanket_ru_genitive_plural",     "одеял",         10, "used", "Харьков",         "SV-101"),
    ("blanket_ru_instrumental",        "одеялами",      10, "used", "Харьков",         "SV-101"),
    ("blanket_ru_typo",                "одеяол",        10, "used", "Харьков",         "SV-101"),
    ("blanket_ru_plaids",              "пледы",         10, "used", "Харьков",         "SV-101"),
    ("blanket_latin_odeyalo",          "odeyalo",       10, "used", "Kharkov",         "SV-101"),
    ("blanket_en",                     "blanket",       10, "used", "Kharkiv",         "SV-101"),
    ("blanket_en_plural",              "blankets",      10, "used", "Kharkiv",         "SV-101"),
    ("blanket_en_typo",                "blankte",       10, "used", "Kharkiv",         "SV-101"),
    ("blanket_place_with_type_word",   "ковдра",        10, "used", "м. Харків",       "SV-101"),
    ("blanket_new_gets_new_only",      "ковдра",        10, "new",  "Харків",          "SV-102"),
    ("blanket_new_plural",             "нові ковдри",   10, "new",  "Харків",          "SV-102"),
    ("blanket_good_not_new_only",      "ковдра",        10, "good", "Харків",          "SV-101"),
    ("blanket_no_location_uk",         "ковдра",        10, "used", "",                "KY-201"),
    ("blanket_no_location_en",         "blanket",       10, "used", "",                "KY-201"),
    ("blanket_no_location_ru",         "одеяло",        10, "used", "",                "KY-201"),
    ("blanket_same_settlement_low",    "ковдра",        10, "used", "Мерефа",          "MR-401"),
    ("blanket_new_same_settlement",    "ковдра",        10, "new",  "Мерефа",          "MR-401"),
    ("blanket_village_own",            "ковдра",        10, "used", "Утківка",         "MR-402"),
    ("blanket_hromada_urgency",        "ковдра",        10, "used", "Нижня Озеряна",   "MR-402"),
    ("blanket_hromada_before_raion",   "ковдра",        10, "used", "Малі Проходи",    "DG-101"),
    ("blanket_raion_urgency",          "ковдра",        10, "used", "Люботин",         "SV-101"),
    ("blanket_oblast_fill",            "ковдри",        30, "used", "Ізюм",            "SV-101"),
    ("blanket_chuhuiv_uk",             "ковдра",        10, "used", "Чугуїв",          "CH-101"),
    ("blanket_chuhuiv_ru",             "одеяло",        10, "used", "Чугуев",          "CH-101"),
    ("blanket_expired_skipped",        "ковдра",        10, "used", "Полтава",         "KY-201"),
    ("blanket_kyiv_uk",                "ковдра",        10, "used", "Київ",            "KY-201"),
    ("blanket_kyiv_ru",                "одеяло",        10, "used", "Киев",            "KY-201"),
    ("blanket_kyiv_en",                "blanket",       10, "used", "Kiev",            "KY-201"),
    ("blanket_dnipro_former_ru",       "ковдра",        10, "used", "Днепропетровск",  "DN-101"),
    ("blanket_dnipro_former_uk",       "ковдра",        10, "used", "Дніпропетровськ", "DN-101"),
    ("blanket_dnipro_en",              "blanket",       10, "used", "Dnipro",          "DN-101"),
    ("blanket_town_before_urgency",    "одеяло",        10, "used", "Одесса",          "OD-101"),
    ("blanket_lviv_ru",                "одеяла",        10, "used", "Львов",           "LV-301"),
    ("blanket_sumy_new",               "ковдра",        10, "new",  "Суми",            "SU-101"),
    ("blanket_sumy_used_elsewhere",    "ковдра",        10, "used", "Сумы",            "KY-201"),

    // ── Nappies: children's vs adult. SV-110 Харків adult critical; SV-111 Харків children's
    //    normal; KY-110 Київ children's critical new-only; DN-110 Дніпро children's high; OD-110
    //    Одеса adult high; PL-110 Полтава adult normal.
    ("nappies_colloquial_uk",          "памперси",               10, "new",  "Харків",  "SV-111"),
    ("nappies_colloquial_typo",        "пампаси",                10, "new",  "Харків",  "SV-111"),
    ("nappies_latin",                  "pampersy",               10, "new",  "Kharkiv", "SV-111"),
    ("nappies_ru_no_location",         "памперсы",               10, "new",  "",        "KY-110"),
    ("nappies_good_skips_new_only",    "памперсы",               10, "good", "",        "DN-110"),
    ("nappies_uk_kyiv",                "підгузки",               10, "new",  "Київ",    "KY-110"),
    ("nappies_uk_genitive",            "20 підгузників",         10, "new",  "Дніпро",  "DN-110"),
    ("nappies_en",                     "diapers",                10, "new",  "Dnipro",  "DN-110"),
    ("nappies_latin_good_kyiv",        "pidhuzky",               10, "good", "Київ",    "DN-110"),
    ("adult_nappies_uk",               "памперси для дорослих",  10, "new",  "Харків",  "SV-110"),
    ("adult_nappies_ru_good",          "памперсы для взрослых",  10, "good", "Харьков", "SV-110"),
    ("adult_nappies_en",               "adult diapers",          10, "new",  "",        "SV-110"),
    ("adult_nappies_ru_odesa",         "подгузники для взрослых",10, "new",  "Одесса",  "OD-110"),
    ("adult_nappies_own_town",         "памперси для дорослих",  10, "new",  "Полтава", "PL-110"),
    ("adult_nappies_uk_word_order",    "дорослі памперси",       10, "used", "Київ",    "SV-110"),

    // ── Strollers vs wheelchairs. SV-120 Харків wheelchair critical; PP-120 Харків stroller
    //    normal; KY-120 Київ stroller high; LV-120 Львів wheelchair high; CH-120 Чугуїв
    //    wheelchairs high new-only.
    ("stroller_not_wheelchair",        "коляска",             1, "good", "Харків",   "PP-120"),
    ("stroller_no_location",           "коляска",             1, "good", "",         "KY-120"),
    ("stroller_en",                    "stroller",            1, "good", "Kharkiv",  "PP-120"),
    ("stroller_latin_kyiv",            "kolyaska",            1, "good", "Kyiv",     "KY-120"),
    ("stroller_plural_kyiv",           "коляски",             1, "used", "Київ",     "KY-120"),
    ("stroller_ru_walking",            "прогулочная коляска", 1, "good", "Харьков",  "PP-120"),
    ("stroller_elsewhere_urgency",     "дитяча коляска",      1, "used", "Львів",    "KY-120"),
    ("stroller_oblast_only_location",  "коляска",             1, "good", "Харківська область", "PP-120"),
    ("wheelchair_uk",                  "інвалідна коляска",   1, "used", "Харків",   "SV-120"),
    ("wheelchair_ru_lviv",             "инвалидная коляска",  1, "used", "Львов",    "LV-120"),
    ("wheelchair_en_no_location",      "wheelchair",          1, "used", "",         "SV-120"),
    ("wheelchair_used_skips_new_only", "візок",               1, "used", "Чугуїв",   "SV-120"),
    ("wheelchair_new_own_town",        "візок",               1, "new",  "Чугуїв",   "CH-120"),
    ("wheelchair_uk_formal_kyiv",      "крісло колісне",      1, "used", "Київ",     "SV-120"),

    // ── Clothing tree. SV-140 Харків adult winter high; PP-141 Харків children's clothing
    //    critical; KY-140 Київ children's winter normal; DN-140 Дніпро adult clothing normal;
    //    LV-140 Львів winter footwear high; OD-140 Одеса adult winter critical new-only; SU-140
    //    Суми clothing (root) low; ZP-140 Запоріжжя socks high; MK-140 Миколаїв infants normal.
    ("jacket_child_same_before_town",  "дитяча зимова куртка", 5, "used", "Харків",   "KY-140"),
    ("jacket_uk",                      "куртка",               5, "used", "Харків",   "SV-140"),
    ("jacket_uk_genitive_no_location", "10 курток",           10, "used", "",         "SV-140"),
    ("jacket_new_no_location",         "куртки",               5, "new",  "",         "OD-140"),
    ("jacket_latin_used_odesa",        "kurtky",               5, "used", "Одеса",    "SV-140"),
    ("jacket_new_odesa",               "зимові куртки",        5, "new",  "Одеса",    "OD-140"),
    ("jacket_en",                      "winter jacket",        5, "used", "Kyiv",     "SV-140"),
    ("jacket_down_coat",               "пуховик",              5, "used", "Київ",     "SV-140"),
    ("clothes_root_own_town",          "одяг",                10, "used", "Суми",     "SU-140"),
    ("clothes_root_same_before_town",  "одяг",                10, "used", "Харків",   "SU-140"),
    ("clothes_children_ru",            "одежда детская",      10, "used", "Харьков",  "PP-141"),
    ("clothes_children_kyiv",          "дитячий одяг",        10, "used", "Київ",     "PP-141"),
    ("clothes_adult_trousers",         "чоловічі штани",       5, "used", "Дніпро",   "DN-140"),
    ("boots_winter",                   "зимові чоботи",        2, "used", "Львів",    "LV-140"),
    ("socks_uk",                       "шкарпетки",           20, "new",  "Запоріжжя","ZP-140"),
    ("socks_ru_no_location",           "носки",               20, "new",  "",         "ZP-140"),
    ("hats_narrower_to_clothes",       "шапки",               10, "used", "Харків",   "SU-140"),
    ("infant_bodysuits",               "бодіки",              10, "good", "Одеса",    "MK-140"),

    // ── Power. SV-150 Харків generator critical (2); IZ-150 Ізюм generators critical (3);
    //    DN-150 Дніпро generator normal; KY-150 Київ power banks high new-only; ZP-150 Запоріжжя
    //    power station high; ZP-151 Запоріжжя backup power (parent) low; CN-150 Чернігів lamps
    //    normal; OD-302 Одеса batteries normal.
    ("generator_uk",                   "генератор",        1, "used", "Харків",    "SV-150"),
    ("generator_oblast_fill",          "генератори",       3, "used", "Лозова",    "IZ-150"),
    ("generator_en_izium",             "generator",        1, "used", "Ізюм",      "IZ-150"),
    ("generator_latin_izium_ru",       "generatory",       2, "used", "Изюм",      "IZ-150"),
    ("generator_own_town_normal",      "генератор",        1, "used", "Днепр",     "DN-150"),
    ("powerbank_good_narrower",        "павербанк",        5, "good", "Київ",      "ZP-151"),
    ("powerbank_new_kyiv",             "павербанк",        5, "new",  "Київ",      "KY-150"),
    ("powerbank_en_no_location",       "power bank",       5, "new",  "",          "KY-150"),
    ("power_station_brand",            "ecoflow",          1, "used", "Запоріжжя", "ZP-150"),
    ("power_station_uk_kyiv",          "зарядна станція",  1, "used", "Київ",      "ZP-150"),
    ("flashlight",                     "ліхтарик",        10, "new",  "Чернігів",  "CN-150"),
    ("candles_no_location",            "свічки",          10, "new",  "",          "CN-150"),
    ("batteries",                      "батарейки",       10, "new",  "Одеса",     "OD-302"),

    // ── Food. PP-160 Харків parcels critical; DN-301 Дніпро parcels high; OD-301 Одеса parcels
    //    normal; IZ-160 Ізюм canned high; CN-302 Чернігів canned normal; OD-160 Одеса cereals;
    //    SU-160 Суми water critical; ZP-302 Запоріжжя water high; KY-160 Київ formula critical
    //    new-only; DN-160 Дніпро baby food high new-only; MK-160 Миколаїв baby goods (parent).
    ("canned_stew_oblast",             "тушонка",            20, "new",  "Харків",    "IZ-160"),
    ("canned_ru_no_location",          "консервы",           20, "new",  "",          "IZ-160"),
    ("canned_own_town",                "консерви",           20, "new",  "Чернігів",  "CN-302"),
    ("buckwheat_ru_place",             "гречка",             10, "new",  "Одесса",    "OD-160"),
    ("water_no_location",              "вода",              100, "new",  "",          "SU-160"),
    ("water_ru_place",                 "вода",              100, "new",  "Запорожье", "ZP-302"),
    ("formula_ru_no_location",         "смесь детская",      10, "new",  "",          "KY-160"),
    ("formula_good_goes_to_parent",    "суміш",              10, "good", "Київ",      "MK-160"),
    ("baby_food_new",                  "дитяче харчування",  10, "new",  "Київ",      "DN-160"),
    ("baby_food_good_goes_to_parent",  "дитяче харчування",  10, "good", "Київ",      "MK-160"),
    ("pasta",                          "макарони",           10, "new",  "Київ",      "ZP-160"),
    ("food_parcel_kharkiv",            "продуктовий набір",  10, "new",  "Kharkiv",   "PP-160"),
    ("food_parcels_dnipro",            "продуктові набори",  10, "new",  "Дніпро",    "DN-301"),
    ("food_parcel_no_location",        "продуктовий набір",  10, "new",  "",          "PP-160"),
    ("food_parcel_en_odesa",           "food parcel",        10, "new",  "Odesa",     "OD-301"),
    ("flour",                          "борошно",            20, "new",  "Харків",    "IZ-301"),
    ("potatoes",                       "картопля",           50, "new",  "Суми",      "SU-301"),

    // ── Medicine and medical aids.
    ("crutches_ru",                    "костыли",                 1, "used", "Полтава",  "PL-170"),
    ("crutches_en_no_location",        "crutches",                1, "used", "",         "PL-170"),
    ("tonometer",                      "тонометр",                1, "new",  "Харків",   "SV-170"),
    ("hospital_bed_not_furniture",     "функціональне ліжко",     1, "used", "Київ",     "CH-171"),
    ("bed_not_hospital_bed",           "ліжко",                   1, "used", "Харків",   "KY-171"),
    ("walker_ru_place",                "ходунки",                 1, "used", "Львов",    "LV-170"),
    ("insulin_no_location",            "інсулін",                 5, "new",  "",         "CH-170"),
    ("bandages_new",                   "бинти",                  10, "new",  "Дніпро",   "DN-170"),
    ("bandages_good_none",             "бинти",                  10, "good", "Дніпро",   NONE),
    ("mattress_not_antibedsore",       "матрас",                  1, "used", "Харків",   "MR-190"),
    ("antibedsore_mattress",           "протипролежневий матрац", 1, "used", "Мерефа",   "SV-301"),
    ("painkillers_brand",              "ібупрофен",              10, "new",  "Харків",   "CH-300"),
    ("blood_pressure_pills",           "ліки від тиску",         10, "new",  "",         "CH-301"),
    ("vitamins_new",                   "вітаміни",               10, "new",  "",         "MK-300"),
    ("vitamins_good_none",             "вітаміни",               10, "good", "",         NONE),
    ("tourniquet_uk",                  "турнікет",                5, "new",  "Kharkiv",  "DN-300"),
    ("tourniquet_used_none",           "tourniquet",              5, "used", "",         NONE),
    ("first_aid_kit",                  "аптечка",                 5, "new",  "",         "ZP-300"),
    ("antiseptic_good",                "антисептик",             10, "good", "",         "PL-300"),
    ("glucometer",                     "глюкометр",               1, "used", "",         "CH-302"),
    ("nebulizer",                      "небулайзер",              1, "good", "Київ",     "SV-300"),
    ("cane",                           "тростина",                1, "used", "",         "PL-301"),
    ("antibiotics_oblast",             "антибіотики",            10, "new",  "Дніпро",   "DN-302"),

    // ── Household, fuel, repair, furniture, kitchen.
    ("fridge_raion",                   "холодильник",      1, "used", "Буча",      "IR-180"),
    ("heater_ru_own_town",             "обогреватель",     1, "used", "Чернигов",  "CN-180"),
    ("heater_en_no_location",          "heater",           1, "used", "",          "KY-180"),
    ("heater_uk_kyiv",                 "обігрівач",        1, "used", "Київ",      "KY-180"),
    ("firewood_uk",                    "дрова",         1000, "new",  "Суми",      "SU-180"),
    ("firewood_en",                    "firewood",      1000, "new",  "",          "SU-180"),
    ("coal",                           "вугілля",       1000, "new",  "Полтава",   "PL-180"),
    ("washing_machine_raion",          "пральна машина",   1, "used", "Ірпінь",    "IR-181"),
    ("window_film",                    "плівка для вікон",10, "new",  "Запоріжжя", "ZP-180"),
    ("osb_own_town",                   "OSB",             10, "new",  "Ірпінь",    "IR-302"),
    ("osb_no_location",                "OSB",             10, "new",  "",          "ZP-180"),
    ("pots",                           "каструлі",         5, "used", "",          "IR-300"),
    ("plates",                         "тарілки",         10, "used", "",          "OD-300"),
    ("kitchenware_broader",            "посуд",           10, "used", "Одеса",     "OD-300"),
    ("chairs_kyiv",                    "стільці",          4, "used", "Київ",      "KY-301"),
    ("sofa",                           "диван",            1, "used", "",          "LV-300"),
    ("wardrobe",                       "шафа",             1, "used", "",          "IR-301"),
    ("gas_stove",                      "газова плита",     1, "used", "",          "CN-300"),
    ("kettle",                         "чайник",           2, "used", "",          "IZ-300"),
    ("pellets",                        "пелети",         500, "new",  "",          "CN-301"),
    ("petrol",                         "бензин",          50, "new",  "",          "SU-303"),
    ("room",                           "кімната",          1, "good", "Львів",     "LV-303"),
    ("drill",                          "шуруповерт",       1, "used", "",          "IZ-302"),
    ("monitor",                        "монітор",          1, "used", "",          "CN-303"),

    // ── Bedding other than blankets. SV-190 Харків pillows normal; LV-190 Львів pillows
    //    critical; MR-190 Мерефа mattresses high; DN-190 Дніпро sleeping bags critical.
    ("pillows_latin",                  "podushky",        10, "used", "Kharkiv", "SV-190"),
    ("pillows_ru_genitive",            "подушек",         10, "used", "",        "LV-190"),
    ("pillow_ru_place",                "подушка",         10, "used", "Львов",   "LV-190"),
    ("pillow_latin_elsewhere",         "podushka",        10, "used", "Dnipro",  "LV-190"),
    ("sleeping_bag_uk",                "спальник",         5, "used", "",        "DN-190"),
    ("sleeping_bag_en",                "sleeping bag",     5, "used", "Odessa",  "DN-190"),
    ("bed_linen_ru",                   "постельное белье", 5, "new",  "Одесса",  "OD-190"),
    ("towels",                         "рушники",         10, "used", "",        "KY-190"),

    // ── Electronics, toys, school, hygiene, baby.
    ("laptop_en",                      "laptop",           1, "used", "",        "KY-200"),
    ("laptop_uk_lviv",                 "ноутбук",          1, "used", "Львів",   "KY-200"),
    ("tablet",                         "планшет",          1, "used", "",        "LV-200"),
    ("phone_none",                     "телефон",          1, "used", "",        NONE),
    ("toys_uk",                        "іграшки",         50, "used", "Харків",  "PP-210"),
    ("toys_ru_no_location",            "игрушки",         10, "used", "",        "PP-210"),
    ("toys_en_kyiv",                   "toys",            10, "used", "Київ",    "KY-210"),
    ("backpack_used_none",             "рюкзак",           5, "used", "",        NONE),
    ("backpack_new",                   "рюкзак",           5, "new",  "",        "SU-210"),
    ("notebooks",                      "зошити",          50, "new",  "",        "SU-302"),
    ("books",                          "книжки",          10, "used", "",        "LV-302"),
    ("soap",                           "мило",            20, "new",  "Харків",  "SV-220"),
    ("shampoo_no_location",            "шампунь",         20, "new",  "",        "SV-220"),
    ("pads_hromada",                   "прокладки",       10, "new",  "Дергачі", "DG-220"),
    ("washing_powder",                 "пральний порошок", 5, "new",  "",        "OD-220"),
    ("cot",                            "дитяче ліжечко",   1, "used", "",        "MK-301"),
    ("car_seat",                       "автокрісло",       1, "used", "",        "KY-302"),
    ("baby_wipes_uk",                  "вологі серветки дитячі", 10, "new", "",  "MK-302"),
    ("baby_wipes_en",                  "baby wipes",      10, "new",  "",        "MK-302"),
    ("pacifiers",                      "пустушки",         5, "new",  "",        "MK-302"),

    // ── Uncategorised text and things nobody asked for.
    ("bicycle_text_match",             "велосипед",        1, "used", "",        "SU-230"),
    ("bicycles_text_match_located",    "велосипеди",       2, "used", "Харків",  "SU-230"),
    ("aquarium_none",                  "акваріум",         1, "used", "Харків",  NONE),
    ("piano_none",                     "піаніно",          1, "used", "",        NONE),
    ("cat_food_none",                  "корм для котів",   5, "new",  "Харків",  NONE),
];

/// Cases the engine gets wrong today, each diagnosed in the evaluation report. A case listed
/// here that starts passing fails the table test too, so the list stays true.
///
/// All of them are one defect: an offer located in Київ (a special-status city: KATOTTG gives it
/// no raion and no hromada) never retrieves a need located in Київ. `need_tiers` in
/// `src/store/candidates.rs` builds the settlement, hromada and raion tiers only when the offer
/// has a raion and hromada, and its oblast tier is `oblast = ? AND raion_code IS NOT ?`, which
/// with a NULL raion reads `raion_code IS NOT NULL` and so drops every Київ need; the last tier
/// (`oblast_code IS NOT ?`) drops them too. A Київ caller is offered needs elsewhere, or nothing.
/// Cases the engine is known to get wrong (none since the NULL-safe locality tiers: Kyiv has no
/// raion or hromada, and its needs used to be dropped).
const KNOWN_FAILURES: &[&str] = &[];

/// The evaluation's "now": after the fixture's dates except PL-101's needed_by.
fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 15, 10, 0, 0).unwrap()
}

fn store() -> Store {
    let mut s = Store::open_in_memory("eval")
        .expect("open")
        .with_clock(Arc::new(FixedClock(now())));
    let report = s
        .import_needs("registry.csv", REGISTRY, false)
        .expect("the registry imports");
    assert_eq!(report.rows, REGISTRY_ROWS);
    assert_eq!(report.created, REGISTRY_ROWS);
    assert_eq!(report.organisations_created, REGISTRY_ORGS);
    s
}

fn query(item: &str, quantity: i64, condition: &str, place: &str) -> OfferQuery {
    OfferQuery {
        item: item.to_string(),
        category: None,
        quantity,
        unit: None,
        condition: condition.parse::<Condition>().expect("condition"),
        location: resolve_location(Some(place)).unwrap_or_else(|e| panic!("{place}: {e}")),
    }
}

fn suggest(s: &Store, q: &OfferQuery, limit: usize) -> Vec<Candidate<Need>> {
    s.suggest_needs(q, limit).expect("suggest")
}

fn refs(list: &[Candidate<Need>]) -> Vec<String> {
    list.iter().map(|c| c.record.display_ref()).collect()
}

fn top1(list: &[Candidate<Need>]) -> String {
    list.first()
        .map(|c| c.record.display_ref())
        .unwrap_or_else(|| NONE.to_string())
}

#[test]
fn the_table_is_well_formed() {
    assert!(CASES.len() >= 120, "{} cases", CASES.len());
    let mut names = HashSet::new();
    for (name, ..) in CASES {
        assert!(names.insert(*name), "case name {name} is used twice");
    }
    for k in KNOWN_FAILURES {
        assert!(names.contains(k), "known failure {k} is not a case");
    }
    // Every expected ref is in the fixture, so a typo cannot pass as "no candidate".
    let s = store();
    let all = s
        .list_needs(&Default::default(), 0, 1000)
        .expect("list needs");
    let known: HashSet<String> = all.iter().map(|n| n.display_ref()).collect();
    for (name, .., expect) in CASES {
        assert!(
            *expect == NONE || known.contains(*expect),
            "{name}: {expect} is not in the registry"
        );
    }
}

#[test]
fn top1_rate_meets_the_bar() {
    let s = store();
    let mut failures = Vec::new();
    for (name, item, qty, cond, place, expect) in CASES {
        let got = top1(&suggest(&s, &query(item, *qty, cond, place), 5));
        if got != *expect {
            failures.push((*name, *item, *place, *expect, got));
        }
    }
    let passed = CASES.len() - failures.len();
    let rate = passed as f64 / CASES.len() as f64;
    println!(
        "matching evaluation: {passed}/{} top-1 correct ({:.1}%)",
        CASES.len(),
        rate * 100.0
    );
    for (name, item, place, expect, got) in &failures {
        let known = if KNOWN_FAILURES.contains(name) {
            "known"
        } else {
            "NEW"
        };
        println!("  {known} failure {name}: «{item}» at «{place}»: expected {expect}, got {got}");
    }
    let failed: HashSet<&str> = failures.iter().map(|f| f.0).collect();
    let unexpected: Vec<&&str> = failed
        .iter()
        .filter(|n| !KNOWN_FAILURES.contains(n))
        .collect();
    let fixed: Vec<&&str> = KNOWN_FAILURES
        .iter()
        .filter(|n| !failed.contains(**n))
        .collect();
    assert!(
        unexpected.is_empty(),
        "cases that newly fail: {unexpected:?}"
    );
    assert!(
        fixed.is_empty(),
        "known failures that now pass (take them off KNOWN_FAILURES): {fixed:?}"
    );
    assert!(rate >= 0.95, "top-1 rate {:.1}% is below 95%", rate * 100.0);
}

#[test]
fn new_only_needs_never_go_to_used_or_good_items() {
    let s = store();
    let mut checked = 0;
    for (name, item, qty, cond, place, _) in CASES {
        // The case as given, and the same words as a used and as a good item.
        for condition in [*cond, "used", "good"] {
            let q = query(item, *qty, condition, place);
            for c in suggest(&s, &q, 500) {
                checked += 1;
                assert!(
                    q.condition == Condition::New || c.record.accepts != Accepts::New,
                    "{name}: a {condition} «{item}» was offered {} ({}), which takes only new items",
                    c.record.display_ref(),
                    c.record.item
                );
            }
        }
    }
    // The check must have looked at something, and new-only needs do exist.
    assert!(checked > 500, "only {checked} candidates checked");
}

#[test]
fn new_items_do_reach_new_only_needs() {
    // The other half of the rule: the filter is not simply dropping new-only needs.
    let s = store();
    let list = refs(&suggest(&s, &query("ковдра", 10, "new", "Харків"), 500));
    assert!(list.contains(&"SV-102".to_string()), "{list:?}");
    assert!(list.contains(&"SU-101".to_string()), "{list:?}");
}

#[test]
fn letter_case_does_not_change_the_answer() {
    let s = store();
    let lists: Vec<Vec<String>> = ["КОВДРА", "Ковдра", "ковдра", "кОвДрА"]
        .iter()
        .map(|item| refs(&suggest(&s, &query(item, 10, "used", "Харків"), 50)))
        .collect();
    assert_eq!(lists[0].first().map(String::as_str), Some("SV-101"));
    for l in &lists[1..] {
        assert_eq!(l, &lists[0]);
    }
    // And the place, too.
    let places: Vec<Vec<String>> = ["ХАРКІВ", "харків", "KHARKIV", "kharkiv"]
        .iter()
        .map(|p| refs(&suggest(&s, &query("ковдра", 10, "used", p), 50)))
        .collect();
    for l in &places {
        assert_eq!(l, &lists[0]);
    }
}

#[test]
fn the_whole_blanket_ladder_from_merefa() {
    // Every open blanket need a used blanket from Мерефа may go to, in policy order: own town,
    // own hromada, own raion (high before low), own oblast, then elsewhere by urgency. SV-102 and
    // SU-101 take only new items; PL-101 is past its date.
    let s = store();
    let got = refs(&suggest(&s, &query("ковдри", 10, "used", "Мерефа"), 100));
    let want = [
        "MR-401", // Мерефа, low
        "MR-402", // Утківка, same hromada, normal
        "SV-101", // Харків, same raion, high
        "DG-101", // Дергачі, same raion, low
        "CH-101", // Чугуїв, same oblast
        "KY-201", // Київ, critical
        "DN-101", // Дніпро, high
        "LV-301", // Львів, normal
        "OD-101", // Одеса, low
    ];
    assert_eq!(got, want);
}

#[test]
fn allocation_splits_the_offer_best_first() {
    // 50 toys from Харків: PP-210 (Харків, high, 20 open) then KY-210 (Київ, normal, 40 open).
    let s = store();
    let list = suggest(&s, &query("іграшки", 50, "used", "Харків"), 10);
    assert_eq!(refs(&list), ["PP-210", "KY-210"]);
    let alloc: Vec<i64> = list.iter().map(|c| c.allocate).collect();
    assert_eq!(alloc, [20, 30]);
    assert!(alloc.iter().sum::<i64>() <= 50);
    for c in &list {
        assert!(
            c.allocate >= 0 && c.allocate <= c.record.tally.open(),
            "{c:?}"
        );
    }
    for w in list.windows(2) {
        assert!(
            w[0].score >= w[1].score,
            "scores must not rise down the list"
        );
    }
    // A smaller offer fills the best need only.
    let list = suggest(&s, &query("іграшки", 15, "used", "Харків"), 10);
    let alloc: Vec<i64> = list.iter().map(|c| c.allocate).collect();
    assert_eq!(alloc, [15, 0]);
}

#[test]
fn every_allocation_in_the_table_is_sound() {
    let s = store();
    for (name, item, qty, cond, place, _) in CASES {
        let list = suggest(&s, &query(item, *qty, cond, place), 500);
        let total: i64 = list.iter().map(|c| c.allocate).sum();
        assert!(total <= *qty, "{name}: allocated {total} of {qty}");
        let mut used_up = false;
        for c in &list {
            assert!(c.allocate <= c.record.tally.open(), "{name}: {c:?}");
            // Best first: once a candidate gets less than it could take, nothing below gets any.
            if used_up {
                assert_eq!(
                    c.allocate,
                    0,
                    "{name}: {} got some after the offer ran out",
                    c.record.display_ref()
                );
            }
            if c.allocate < c.record.tally.open() {
                used_up = true;
            }
        }
    }
}
