//! Matching as the world writes and says things: a registry written the way partners write
//! theirs (`tests/fixtures/registry_world.csv`: several items a line, «Гігієна: мило, шампунь»,
//! sizes, genders, ages, housing, «Паливо: вугілля, пелети») and offers phrased the way callers
//! speak (whole sentences in Ukrainian, Russian, surzhyk, Latin letters, typos). None of the
//! offers is taken from the catalogue's synonym list.
//!
//! Three tables:
//! - `TOP1`: the need the written policy (docs/MATCHING.md) puts first, worked out by hand:
//!   hard filters (open, date, new-only, attribute conflicts) → item relevance (same, narrower,
//!   broader, related) → locality → urgency → attribute agreement → fill → oldest;
//! - `NOTHING`: offers nobody in the registry asked for: nothing at all may be shown;
//! - `MUST_NOT`: needs that must never be offered the item (used to new-only, wrong audience,
//!   wrong size or age, wrong season, wheelchair ≠ stroller, heater ≠ cooker).
//!
//! `cargo test --test matching_world -- --nocapture` prints top-1, top-3 and the counts.

use aidline::domain::{Condition, FixedClock, Need};
use aidline::matching::{Candidate, OfferQuery};
use aidline::store::{Store, read_place};
use chrono::{TimeZone, Utc};
use std::collections::HashSet;
use std::sync::Arc;

const REGISTRY: &[u8] = include_bytes!("fixtures/registry_world.csv");
const NONE: &str = "-";

/// (name, what the caller says, quantity, condition, place as said, expected first need)
type Case = (
    &'static str,
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const TOP1: &[Case] = &[
    // ── One item inside a line that lists several.
    ("soap_in_hygiene_line",        "Маю мило господарське, штук 20",                 20, "new",  "Полтава",   "W01"),
    ("shampoo_ru",                  "шампуни, несколько бутылок",                     10, "new",  "",          "W01"),
    ("toothbrushes_uk",             "зубні щітки нові в упаковці",                    30, "new",  "Полтава",   "W01"),
    ("toothpaste_latin",            "zubna pasta",                                    10, "new",  "",          "W01"),
    ("toothpaste_ru_sentence",      "могу отдать зубную пасту, 15 тюбиков",           15, "new",  "Полтава",   "W01"),
    ("kettle_in_kitchen_line",      "Віддам електрочайник, робочий",                   1, "used", "Полтава",   "W02"),
    ("frying_pans",                 "сковорідки 3 шт",                                 3, "good", "Полтава",   "W02"),
    ("pots_ru",                     "кастрюли разные, эмалированные",                  5, "used", "Полтава",   "W02"),
    ("knives_set",                  "набір кухонних ножів",                            1, "new",  "",          "W02"),
    ("coal_in_fuel_line",           "можу привезти вугілля, тонну",                 1000, "new",  "Суми",      "W03"),
    ("pellets_ru_double_l",         "пеллеты 500 кг",                                500, "new",  "",          "W03"),
    ("briquettes",                  "паливні брикети, мішками",                      500, "new",  "",          "W03"),
    ("firewood_own_town",           "дрова березові, колоті",                       2000, "new",  "Чернігів",  "W04"),
    ("firewood_same_before_related","дрова",                                        2000, "new",  "Суми",      "W04"),
    ("coal_ru_same_before_related", "уголь",                                        1000, "new",  "Чернигов",  "W03"),
    ("coal_sentence",               "Маємо вугілля, можемо привезти 2 тонни",       2000, "new",  "Суми",      "W03"),
    ("hats_in_warm_line",           "шапки вязаные",                                  10, "used", "Львів",     "W05"),
    ("scarves",                     "шарфи теплі",                                    10, "used", "",          "W05"),
    ("gloves_latin",                "rukavytsi",                                      10, "new",  "",          "W05"),
    ("hat_and_gloves",              "шапку і рукавиці, нові",                          2, "new",  "Львів",     "W05"),
    ("walker_in_elderly_line",      "ходунки для бабусі, б/у",                         1, "used", "Вінниця",   "W06"),
    ("cane_ru_no_place",            "трость",                                          1, "used", "",          "W06"),
    ("wheelchair_own_town",         "інвалідний візок",                                1, "used", "Вінниця",   "W06"),
    ("adult_pampers_l",             "памперси для дорослих L",                        10, "new",  "Вінниця",   "W07"),
    ("underpads",                   "пелюшки одноразові 60х90",                        5, "new",  "Вінниця",   "W07"),
    ("pampers_sentence_ru",         "Здравствуйте, у меня есть памперсы для взрослых размер L, 3 пачки", 3, "new", "Винница", "W07"),
    ("formula_nan",                 "суміш Nan 1, 3 банки",                            3, "new",  "Житомир",   "W08"),
    ("formula_ru_brand",            "детская смесь нестожен",                          5, "new",  "",          "W08"),
    ("formula_latin",               "dytiacha sumish",                                 2, "new",  "Zhytomyr",  "W08"),
    ("formula_same_before_related", "суміш",                                           4, "new",  "Дніпро",    "W08"),
    ("puree_same_before_related",   "дитячі пюре в баночках",                         24, "new",  "Житомир",   "W34"),
    ("nappies_size4",               "памперси 4 розмір",                               3, "new",  "Черкаси",   "W09"),
    ("nappies_size2",               "підгузки розмір 2, дві пачки",                    2, "new",  "Черкаси",   "W10"),
    ("nappies_latin_i_typo",        "пiдгузки розмiр 4",                               2, "new",  "Черкаси",   "W09"),
    ("wardrobe_in_furniture_line",  "шафа-купе, треба самовивіз",                      1, "used", "Одеса",     "W11"),
    ("chest_of_drawers",            "комод",                                           1, "used", "",          "W11"),
    ("bed_ru",                      "кровать двуспальная",                             1, "used", "Одесса",    "W11"),
    ("wardrobe_latin",              "shafa",                                           1, "used", "Odesa",     "W11"),
    ("blankets_in_bedding_line",    "ковдри 5 штук",                                   5, "used", "Одеса",     "W12"),
    ("blankets_surzhyk",            "одіяла",                                          5, "used", "Одеса",     "W12"),
    ("blankets_latin",              "kovdry",                                          5, "used", "Odesa",     "W12"),
    ("pillows_latin",               "podushky",                                        5, "used", "",          "W12"),
    ("bed_linen",                   "комплекти постільної білизни",                    5, "new",  "",          "W12"),
    ("towels",                      "рушники махрові",                                10, "new",  "Суми",      "W49"),
    ("soap_and_towels_own_town",    "мило та рушники",                                10, "new",  "Суми",      "W49"),
    ("sleeping_bag",                "спальник туристичний",                            2, "used", "Харків",    "W21"),
    ("karemats",                    "каремати",                                        5, "new",  "",          "W21"),
    ("canned_in_food_line",         "тушонка, 20 банок",                              20, "new",  "Харків",    "W22"),
    ("pasta_ru",                    "макароны 10 кг",                                 10, "new",  "Харьков",   "W22"),
    ("buckwheat",                   "гречка",                                         20, "new",  "Харків",    "W22"),
    ("water",                       "вода в пляшках по 6 л",                          60, "new",  "Харків",    "W23"),
    ("generator",                   "генератор 5 кВт",                                 1, "used", "Херсон",    "W24"),
    ("generator_typo",              "генератр",                                        1, "used", "Херсон",    "W24"),
    ("power_station_brand",         "зарядна станція EcoFlow",                         1, "used", "Херсон",    "W24"),
    ("powerbank_same_before_related","павербанк",                                     5, "new",  "Херсон",    "W44"),
    ("antiseptic_new",              "антисептик для рук, 5 л",                         5, "new",  "Херсон",    "W25"),
    ("plasters_new",                "пластирі нові",                                  20, "new",  "",          "W25"),
    ("bp_pills",                    "таблетки від тиску",                              5, "new",  "Херсон",    "W26"),
    ("heater_former_name",          "обігрівач масляний",                              1, "used", "Красноград","W27"),
    ("heater_ru_new_name",          "обогреватель",                                    1, "used", "Берестин",  "W27"),
    ("heater_ru_typo",              "обогреватль",                                     1, "used", "Берестин",  "W27"),
    ("laptop",                      "ноутбук Lenovo, робочий",                         1, "used", "Суми",      "W31"),
    ("tablet_ru",                   "планшет самсунг",                                 1, "used", "",          "W31"),
    ("laptop_en_sentence",          "I can donate a laptop, used but working",         1, "used", "Sumy",      "W31"),
    ("desktop_related",             "системний блок з монітором",                      1, "used", "Суми",      "W31"),
    ("backpacks_new",               "шкільні рюкзаки нові",                           10, "new",  "Суми",      "W32"),
    ("notebooks",                   "зошити в клітинку",                              50, "new",  "",          "W32"),
    ("crutches",                    "костилі алюмінієві",                              1, "used", "Полтава",   "W33"),
    ("baby_porridge_ru",            "детские каши",                                   10, "new",  "",          "W34"),
    ("stroller_walking",            "коляска прогулочна",                              1, "used", "Дніпро",    "W35"),
    ("stroller_sentence",           "Добрий день! Хочу віддати дитячу коляску, в гарному стані", 1, "good", "Дніпро", "W35"),
    ("stroller_elsewhere",          "дитяча коляска",                                  1, "good", "Київ",      "W35"),
    ("wheelchair_ru_kyiv",          "инвалидная коляска",                              1, "used", "Киев",      "W41"),
    ("wheelchair_sentence",         "після мами залишився інвалідний візок, віддам",   1, "used", "Київ",      "W41"),
    ("cat_food",                    "корм для котів сухий 10 кг",                     10, "new",  "Київ",      "W36"),
    ("dog_food_ru",                 "корм для собак",                                 20, "new",  "",          "W36"),
    ("osb",                         "OSB плити",                                      10, "new",  "Харків",    "W37"),
    ("film_ru",                     "пленка для окон",                                 5, "new",  "",          "W37"),
    ("pads",                        "прокладки",                                      10, "new",  "Львів",     "W38"),
    ("tampons_en",                  "tampons",                                        10, "new",  "",          "W38"),
    ("cot",                         "дитяче ліжечко з матрацом",                       1, "used", "Житомир",   "W42"),
    ("anti_bedsore",                "протипролежневий матрац",                         1, "used", "Вінниця",   "W43"),
    ("flashlights",                 "ліхтарики",                                      10, "new",  "Запоріжжя", "W44"),
    ("batteries_ru",                "батарейки АА",                                   50, "new",  "",          "W44"),
    ("food_parcels",                "продуктові набори",                              20, "new",  "Запоріжжя", "W45"),
    ("washer_former_name",          "пральна машинка",                                 1, "used", "Червоноград","W46"),
    ("fridge_latin_en_place",       "holodylnyk",                                      1, "used", "Sheptytskyi","W46"),
    ("chairs_former_name",          "стільці",                                        10, "used", "Новомосковськ","W47"),
    ("table_ru",                    "стол кухонный",                                   1, "used", "Самар",     "W47"),
    ("petrol",                      "бензин 95",                                     100, "new",  "Ізюм",      "W48"),
    ("diesel_ru",                   "дизельное топливо",                             100, "new",  "",          "W48"),

    // ── Gendered clothing.
    ("mens_sweater",                "чоловічий светр 50 розміру",                      1, "used", "Дніпро",    "W13"),
    ("mens_jacket_ru",              "куртка мужская 52",                               1, "used", "",          "W40"),
    ("mens_trousers_ru",            "брюки мужские",                                   2, "used", "Днепр",     "W13"),
    ("mens_winter_jacket_xl",       "зимова куртка чоловіча XL",                       1, "used", "Дніпро",    "W40"),
    ("mens_jacket_s_to_numbers",    "чоловіча куртка S",                               1, "used", "Дніпро",    "W13"),
    ("womens_dress",                "жіноча сукня розмір 46",                          1, "good", "Дніпро",    "W14"),
    ("womens_underwear",            "жіноча білизна нова",                             5, "new",  "Дніпро",    "W14"),
    ("womens_blouse_ru",            "женские кофты 46-48",                             3, "used", "",          "W14"),
    ("womens_winter_boots",         "жіночі зимові чоботи 38",                         1, "good", "Дніпро",    "W50"),
    ("womens_boots_surzhyk",        "сапоги жіночі 38",                                1, "used", "Дніпро",    "W50"),
    ("mens_sneakers",               "кросівки чоловічі 43",                            1, "good", "Харків",    "W18"),
    ("womens_shoes",                "жіночі туфлі 37 розмір",                          1, "good", "Харків",    "W19"),
    ("shoes_38_no_gender",          "взуття 38 розмір",                                1, "good", "Харків",    "W19"),
    ("shoes_44_no_gender_ru",       "обувь 44 размер",                                 1, "good", "Харьков",   "W18"),

    // ── Children: ages and sizes.
    ("boys_clothes_age",            "одяг на хлопчика 8 років",                        5, "used", "Київ",      "W15"),
    ("boys_clothes_ru",             "вещи на мальчика 9 лет",                          5, "used", "Киев",      "W15"),
    ("girls_dress_age",             "сукні для дівчинки 4 роки",                       3, "used", "Київ",      "W16"),
    ("girls_clothes_ru",            "одежда для девочки на 5 лет",                     3, "used", "",          "W16"),
    ("girls_dress_older_to_summer", "сукня на дівчинку 10 років",                      1, "used", "Київ",      "W39"),
    ("kids_winter_boots",           "дитячі зимові чоботи 30 розмір",                  2, "used", "Київ",      "W17"),
    ("kids_boots_ru",               "детские сапожки 29",                              1, "used", "Киев",      "W17"),
    ("infant_bodysuits",            "бодіки на 3 місяці",                             10, "good", "Полтава",   "W20"),
    ("infant_clothes_ru",           "одежда для новорожденных",                       10, "good", "",          "W20"),
    ("infant_sleepsuits",           "чоловічки для немовляти",                         5, "good", "Полтава",   "W20"),
    ("kids_tshirts_summer",         "футболки дитячі на 7 років",                      5, "used", "Одеса",     "W39"),
    ("kids_shorts_ru",              "шорты детские",                                   5, "used", "",          "W39"),
    ("kids_winter_overall",         "зимовий комбінезон дитячий на 6 років",           1, "used", "Київ",      "W16"),

    // ── Housing, as people offer it.
    ("room_for_family",             "можемо поселити сім'ю з дітьми, є дві кімнати",   1, "good", "Львів",     "W28"),
    ("housing_mother_child_ru",     "пущу пожить маму с ребёнком",                     1, "good", "Ужгород",   "W29"),
    ("housing_village_house",       "є окрема хата в селі, можна жити безкоштовно",    1, "good", "Львів",     "W28"),
    ("housing_two_people_month",    "можемо поселити двох людей на місяць",            2, "good", "Київ",      "W29"),
    ("housing_men_overnight",       "пущу переночувати двох чоловіків",                2, "good", "Київ",      "W30"),
    ("room_ru",                     "сдам бесплатно комнату для переселенцев",         1, "good", "Львов",     "W28"),
    ("flat_uk",                     "є вільна квартира на пів року",                   1, "good", "Ужгород",   "W29"),
    ("bed_place_en",                "I can host two people, a place to sleep",         2, "good", "Kyiv",      "W30"),
    ("boys_winter_jacket_by_age",   "зимова куртка на хлопчика 8 років",               1, "used", "Київ",      "W15"),
    ("kids_tshirts_for_children",   "футболки для дітей, 10 штук",                    10, "used", "Одеса",     "W39"),
    ("womens_cardigan_cyr_letter",  "кофта жіноча М",                                  1, "used", "Дніпро",    "W14"),
    ("housing_two_families",        "можемо прийняти дві родини",                      2, "good", "Львів",     "W28"),
    ("housing_take_in_mother",      "візьму до себе жінку з дитиною",                  1, "good", "Ужгород",   "W29"),
    ("heater_electric_one_word",    "електрообігрівач",                                1, "used", "Берестин",  "W27"),
];

/// Offers for which nothing in the registry fits: nothing at all may be shown.
#[rustfmt::skip]
const NOTHING: &[(&str, &str, &str, &str)] = &[
    ("piano",              "піаніно",                         "used", "Київ"),
    ("aquarium",           "акваріум з рибками",              "used", ""),
    ("sewing_machine",     "машинка швейна",                  "used", "Полтава"),
    ("greeting_only",      "Добрий день, маю 2 шт для вас",   "used", ""),
    ("condition_only",     "б/у, 2 шт",                        "used", "Харків"),
    ("people_only",        "троє людей",                      "good", ""),
    ("hello",              "привіт",                          "good", "Київ"),
    ("tv",                 "телевізор",                       "used", ""),
    ("cooker_nothing",     "електроплита",                    "used", "Берестин"),
    ("sofa_not_in_list",   "диван розкладний",                "used", "Одеса"),
    ("tyres",              "зимові шини",                     "used", ""),
    ("kids_books",         "книжки дитячі",                   "used", "Суми"),
    ("toys",               "іграшки",                         "used", ""),
    ("cement",             "цемент 10 мішків",                "new",  ""),
    ("boots_size_nobody",  "дитячі черевики 35 розмір",       "used", "Київ"),
    ("womens_boots_41",    "чоботи жіночі 41 розмір",         "used", "Дніпро"),
    ("mens_boots_40",      "чоловічі черевики 40",            "used", "Харків"),
    ("womens_trousers_54", "жіночі штани 54 розмір",          "used", "Дніпро"),
    ("nappies_size5",      "подгузники 5 размер",             "new",  "Черкассы"),
    ("adult_pampers_xl",   "памперси для дорослих XL",        "new",  "Вінниця"),
];

/// (name, offer, condition, place, needs that must never be in the list)
#[rustfmt::skip]
const MUST_NOT: &[(&str, &str, &str, &str, &[&str])] = &[
    ("never_used_bandages_new_only",   "бинти, відкриті упаковки",        "used", "Херсон",  &["W25"]),
    ("never_good_antiseptic_new_only", "антисептик початий",              "good", "",        &["W25"]),
    ("never_used_pills_new_only",      "таблетки від тиску",              "used", "Херсон",  &["W26"]),
    ("never_good_formula_new_only",    "суміш Nan",                       "good", "Житомир", &["W08"]),
    ("never_good_nappies_new_only",    "підгузки розмір 4",               "good", "Черкаси", &["W09", "W10"]),
    ("never_used_backpack_new_only",   "шкільний рюкзак б/у",             "used", "Суми",    &["W32"]),
    ("never_used_film_new_only",       "плівка для вікон",                "used", "Харків",  &["W37"]),
    ("never_used_puree_new_only",      "дитяче пюре",                     "good", "Дніпро",  &["W34"]),
    ("never_mens_sweater_women",       "чоловічий светр",                 "used", "Дніпро",  &["W14", "W16"]),
    ("never_womens_jacket_men",        "жіноча куртка",                   "used", "Дніпро",  &["W13", "W40"]),
    ("never_mens_boots_small",         "чоловічі черевики 40",            "used", "Харків",  &["W18", "W19", "W50"]),
    ("never_adult_pampers_xl_vs_l",    "памперси для дорослих XL",        "new",  "Вінниця", &["W07", "W09", "W10"]),
    ("never_kids_boots_35",            "дитячі черевики 35 розмір",       "used", "Київ",    &["W17", "W18", "W19"]),
    ("never_girl_10_years",            "сукня на дівчинку 10 років",      "used", "Київ",    &["W16", "W15"]),
    ("never_boy_3_years",              "одяг для хлопчика 3 роки",        "used", "Київ",    &["W15", "W16"]),
    ("never_winter_overall_summer",    "зимовий комбінезон дитячий на 6 років", "used", "Київ", &["W39", "W15"]),
    ("never_wheelchair_not_stroller",  "інвалідна коляска",               "used", "Дніпро",  &["W35"]),
    ("never_stroller_not_wheelchair",  "дитяча коляска",                  "used", "Київ",    &["W41", "W06"]),
    ("never_cooker_not_heater",        "електроплита",                    "used", "Берестин",&["W27"]),
    ("never_room_not_infant_clothes",  "кімната для сім'ї з немовлям",    "good", "Полтава", &["W20"]),
    ("never_kids_nappies_size5",       "памперси дитячі 5 розмір",        "new",  "Черкаси", &["W09", "W10", "W07"]),
    ("never_womens_trousers_54",       "жіночі штани 54",                 "used", "Дніпро",  &["W14", "W13"]),
    ("never_womens_boots_41",          "жіночі чоботи 41",                "used", "Дніпро",  &["W50", "W19"]),
    ("never_mens_jacket_s",            "чоловіча куртка S",               "used", "Дніпро",  &["W40", "W14"]),
    ("never_infant_clothes_big_boys",  "одяг для немовлят",               "good", "Київ",    &["W15", "W13", "W14"]),
    ("never_adult_nappies_not_baby",   "подгузники для взрослых",         "new",  "Черкаси", &["W09", "W10"]),
    ("stroller_ru_not_wheelchair","коляска",                        "good", "Київ",    &["W41", "W06"]),
    ("never_baby_walker_not_elderly",  "ходунки дитячі",                  "used", "Вінниця", &["W06"]),
    ("summer_clothes_not_winter","літній одяг",                     "used", "Дніпро",  &["W40", "W17", "W50"]),
    ("never_mens_clothes_not_girls",   "чоловічі штани 50",               "used", "Київ",    &["W16", "W14"]),
];

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 15, 10, 0, 0).unwrap()
}

fn store() -> Store {
    let mut s = Store::open_in_memory("world")
        .expect("open")
        .with_clock(Arc::new(FixedClock(now())));
    let report = s
        .import_needs("registry_world.csv", REGISTRY, false)
        .expect("the registry imports");
    assert_eq!(report.rows, 50);
    s
}

fn query(item: &str, quantity: i64, condition: &str, place: &str) -> OfferQuery {
    let place = read_place(Some(place));
    OfferQuery {
        item: item.to_string(),
        category: None,
        quantity,
        unit: None,
        condition: condition.parse::<Condition>().expect("condition"),
        location: place.location,
    }
}

fn refs(list: &[Candidate<Need>]) -> Vec<String> {
    list.iter().map(|c| c.record.display_ref()).collect()
}

#[test]
fn the_tables_are_well_formed() {
    let n = TOP1.len() + NOTHING.len() + MUST_NOT.len();
    assert!(n >= 150, "{n} cases");
    let mut names = HashSet::new();
    for name in TOP1
        .iter()
        .map(|c| c.0)
        .chain(NOTHING.iter().map(|c| c.0))
        .chain(MUST_NOT.iter().map(|c| c.0))
    {
        assert!(names.insert(name), "case name {name} is used twice");
    }
    let s = store();
    let known: HashSet<String> = s
        .list_needs(&Default::default(), 0, 1000)
        .unwrap()
        .iter()
        .map(|n| n.display_ref())
        .collect();
    for (name, .., expect) in TOP1 {
        assert!(
            *expect == NONE || known.contains(*expect),
            "{name}: {expect}"
        );
    }
    for (name, .., never) in MUST_NOT {
        for r in *never {
            assert!(known.contains(*r), "{name}: {r}");
        }
    }
}

#[test]
fn top1_and_top3_meet_the_bar() {
    let s = store();
    let mut top1 = 0;
    let mut top3 = 0;
    let mut misses = Vec::new();
    for (name, item, qty, cond, place, expect) in TOP1 {
        let list = refs(&s.suggest_needs(&query(item, *qty, cond, place), 5).unwrap());
        if list.first().map(String::as_str) == Some(*expect) {
            top1 += 1;
        } else {
            misses.push(format!(
                "{name}: «{item}» at «{place}»: want {expect}, got {list:?}"
            ));
        }
        if list.iter().take(3).any(|r| r == expect) {
            top3 += 1;
        }
    }
    let n = TOP1.len();
    println!(
        "world evaluation: top-1 {top1}/{n} ({:.1}%), top-3 {top3}/{n} ({:.1}%)",
        100.0 * top1 as f64 / n as f64,
        100.0 * top3 as f64 / n as f64
    );
    for m in &misses {
        println!("  miss {m}");
    }
    assert!(
        top1 as f64 >= 0.95 * n as f64,
        "top-1 {top1}/{n} is below 95%:\n{}",
        misses.join("\n")
    );
}

#[test]
fn nothing_unrelated_is_shown_when_nothing_fits() {
    let s = store();
    let mut clean = 0;
    let mut shown = Vec::new();
    for (name, item, cond, place) in NOTHING {
        let list = refs(&s.suggest_needs(&query(item, 1, cond, place), 10).unwrap());
        if list.is_empty() {
            clean += 1;
        } else {
            shown.push(format!("{name}: «{item}» was shown {list:?}"));
        }
    }
    println!("nothing fits: {clean}/{} shown nothing", NOTHING.len());
    for m in &shown {
        println!("  {m}");
    }
    assert!(
        clean as f64 >= 0.9 * NOTHING.len() as f64,
        "{}",
        shown.join("\n")
    );
}

#[test]
fn must_not_be_offered_holds_every_time() {
    let s = store();
    let mut broken = Vec::new();
    for (name, item, cond, place, never) in MUST_NOT {
        for limit in [5, 500] {
            let list = refs(
                &s.suggest_needs(&query(item, 1, cond, place), limit)
                    .unwrap(),
            );
            for r in *never {
                if list.iter().any(|x| x == r) {
                    broken.push(format!("{name}: «{item}» was offered {r} ({list:?})"));
                }
            }
        }
    }
    println!(
        "must not be offered: {}/{} hold",
        MUST_NOT.len() - broken.len().min(MUST_NOT.len()),
        MUST_NOT.len()
    );
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn the_reason_names_the_item_inside_a_list() {
    let s = store();
    let list = s
        .suggest_needs(&query("сковорідки 3 шт", 3, "good", "Полтава"), 3)
        .unwrap();
    let first = list.first().expect("a candidate");
    assert_eq!(first.record.display_ref(), "W02");
    let texts: Vec<String> = first
        .reasons
        .iter()
        .map(|r| r.text(aidline::i18n::Lang::Uk))
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("«сковорідки»") && t.contains("чайники, сковорідки")),
        "{texts:?}"
    );
}

#[test]
fn agreement_and_relation_are_reasons() {
    let s = store();
    let list = s
        .suggest_needs(&query("чоловічий светр 50 розміру", 1, "used", "Дніпро"), 3)
        .unwrap();
    let texts: Vec<String> = list[0]
        .reasons
        .iter()
        .map(|r| r.text(aidline::i18n::Lang::Uk))
        .collect();
    assert!(texts.iter().any(|t| t.contains("для кого")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("у межах")), "{texts:?}");
    let list = s
        .suggest_needs(&query("системний блок", 1, "used", "Суми"), 3)
        .unwrap();
    let texts: Vec<String> = list[0]
        .reasons
        .iter()
        .map(|r| r.text(aidline::i18n::Lang::En))
        .collect();
    assert!(
        texts.iter().any(|t| t.starts_with("related item")),
        "{texts:?}"
    );
}

#[test]
fn an_unknown_or_ambiguous_place_does_not_block() {
    let s = store();
    for place in ["Олександрівка", "Нью-Васюки", "Городок-на-Місяці"]
    {
        let r = read_place(Some(place));
        assert!(r.note.is_some(), "{place}");
        assert!(!r.location.is_known(), "{place}");
        let list = s
            .suggest_needs(&query("ковдри", 5, "used", place), 5)
            .unwrap();
        assert_eq!(
            list.first().map(|c| c.record.display_ref()).as_deref(),
            Some("W12"),
            "{place}"
        );
    }
    assert!(read_place(Some("Олександрівка")).candidates.len() > 5);
}

#[test]
fn one_sentence_of_several_items_logs_separate_offers() {
    use aidline::domain::Phone;
    use aidline::store::{NewOffer, split_offer};
    let mut s = store();
    let base = NewOffer {
        phone: Phone::parse("+380671234567").unwrap(),
        name: None,
        item: "віддам пальто і чоботи 38 розміру, все чисте".into(),
        category: None,
        quantity: 1,
        unit: None,
        condition: Condition::Used,
        location: read_place(Some("Дніпро")).location,
        notes: None,
        available_until: None,
    };
    let parts = split_offer(&base);
    let items: Vec<(&str, Option<&str>)> = parts
        .iter()
        .map(|o| (o.item.as_str(), o.category.as_deref()))
        .collect();
    assert_eq!(
        items,
        [
            ("пальто", Some("clothing.adults.winter")),
            (
                "чоботи 38 розміру, все чисте",
                Some("clothing.footwear.winter")
            ),
        ]
    );
    let logged = s.add_offers(&parts).unwrap();
    assert_eq!(logged.len(), 2);
    // Each is matched on its own: the boots go to the women's winter boots 37–39 in Дніпро.
    let boots = OfferQuery::from_offer(&logged[1]);
    let list = refs(&s.suggest_needs(&boots, 3).unwrap());
    assert_eq!(list.first().map(String::as_str), Some("W50"), "{list:?}");
    // A sentence naming one item stays one offer.
    let one = NewOffer {
        item: "ковдри теплі".into(),
        ..base
    };
    assert_eq!(split_offer(&one), vec![one.clone()]);
}

/// The demo generator and the V4 backfill fill the need-to-item table the way `upsert` does:
/// every categorised need has its rows, a line listing several things has several, and a
/// database from before V4 gets them when it is opened.
#[test]
fn need_items_are_filled_by_the_demo_and_by_the_migration() {
    use aidline::store::demo::DemoSpec;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut s = Store::open(&path, "demo").unwrap();
    s.generate_demo(
        DemoSpec {
            needs: 3000,
            offers: 100,
            seed: 7,
        },
        &mut |_, _, _| {},
    )
    .unwrap();
    drop(s);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let q = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let missing = "SELECT count(*) FROM needs n WHERE n.category IS NOT NULL
                     AND NOT EXISTS (SELECT 1 FROM need_items i WHERE i.need_id = n.id)";
    assert_eq!(q(missing), 0);
    assert!(
        q(
            "SELECT count(*) FROM (SELECT need_id FROM need_items GROUP BY need_id HAVING count(*) > 1)"
        ) > 100
    );
    let stale = "SELECT count(*) FROM need_items i JOIN needs n ON n.id = i.need_id
                  WHERE i.urgency <> n.urgency OR i.oblast_code IS NOT n.oblast_code";
    assert_eq!(q(stale), 0);
    // Back to a database from before V4: drop what V4 and later made and the version, reopen.
    conn.execute_batch(
        "DROP TABLE need_items;
         DROP TRIGGER need_search_insert; DROP TRIGGER need_search_update;
         DROP TRIGGER need_search_delete; DROP TRIGGER need_search_org;
         DROP TRIGGER offer_search_insert; DROP TRIGGER offer_search_update;
         DROP TRIGGER offer_search_delete;
         DROP TABLE need_search; DROP TABLE need_codes;
         DROP TABLE offer_search; DROP TABLE offer_codes;
         DROP TABLE exports;
         PRAGMA user_version = 3;",
    )
    .unwrap();
    drop(conn);
    drop(Store::open(&path, "demo").unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let q = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(q(missing), 0);
    assert!(q("PRAGMA user_version") >= 4);
    assert!(
        q("SELECT count(*) FROM need_items")
            >= q("SELECT count(*) FROM needs WHERE category IS NOT NULL")
    );
}
