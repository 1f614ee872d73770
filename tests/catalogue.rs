//! Table-driven checks of the built-in item catalogue through the library API.

use aidline::catalogue::{Catalogue, Relation};

/// (text as a caller or operator would type it, expected category id)
const CASES: &[(&str, &str)] = &[
    // blankets: uk / ru / en / Latin, inflections, typos, case
    ("ковдра", "bedding.blankets"),
    ("Ковдри", "bedding.blankets"),
    ("КОВДР", "bedding.blankets"),
    ("ковдрами", "bedding.blankets"),
    ("віддам дві теплі ковдри", "bedding.blankets"),
    ("ковдар", "bedding.blankets"),
    ("kovdra", "bedding.blankets"),
    ("kovdry", "bedding.blankets"),
    ("одеяло", "bedding.blankets"),
    ("одеял", "bedding.blankets"),
    ("одеялами", "bedding.blankets"),
    ("одеяол", "bedding.blankets"),
    ("odeyalo", "bedding.blankets"),
    ("odeialo", "bedding.blankets"),
    ("odejala", "bedding.blankets"),
    ("blanket", "bedding.blankets"),
    ("Blankets", "bedding.blankets"),
    ("blankte", "bedding.blankets"),
    ("плед", "bedding.blankets"),
    // pillows, linen, mattresses, sleeping bags
    ("подушка", "bedding.pillows"),
    ("подушок", "bedding.pillows"),
    ("podushky", "bedding.pillows"),
    ("podushka", "bedding.pillows"),
    ("pillows", "bedding.pillows"),
    ("постільна білизна", "bedding.linen"),
    ("постельное белье", "bedding.linen"),
    ("пододеяльник", "bedding.linen"),
    ("duvet cover", "bedding.linen"),
    ("матрац", "bedding.mattresses"),
    ("матрасы", "bedding.mattresses"),
    ("спальний мішок", "bedding.sleeping_bags"),
    ("спальники", "bedding.sleeping_bags"),
    ("sleeping bag", "bedding.sleeping_bags"),
    // clothing
    ("одяг", "clothing"),
    ("вещи", "clothing"),
    ("куртку", "clothing.adults.winter"),
    ("курток", "clothing.adults.winter"),
    ("пуховик", "clothing.adults.winter"),
    ("winter jacket", "clothing.adults.winter"),
    ("дитяча куртка", "clothing.children.winter"),
    ("детские куртки", "clothing.children.winter"),
    ("дитячий одяг", "clothing.children"),
    ("детская одежда", "clothing.children"),
    ("kids clothes", "clothing.children"),
    ("шкарпетки", "clothing.socks"),
    ("носки", "clothing.socks"),
    ("взуття", "clothing.footwear"),
    ("кросівки", "clothing.footwear"),
    ("зимове взуття", "clothing.footwear.winter"),
    ("сапоги", "clothing.footwear.winter"),
    ("дитяче взуття", "clothing.footwear.children"),
    ("шапки", "clothing.accessories"),
    ("бодики", "clothing.infants"),
    // furniture
    ("ліжко", "furniture.beds"),
    ("кровать", "furniture.beds"),
    ("шафа", "furniture.wardrobes"),
    ("шкаф", "furniture.wardrobes"),
    ("shkaf", "furniture.wardrobes"),
    ("стіл", "furniture.tables"),
    ("стільці", "furniture.chairs"),
    ("стулья", "furniture.chairs"),
    ("диван", "furniture.sofas"),
    ("sofa bed", "furniture.sofas"),
    // kitchen
    ("посуд", "kitchen"),
    ("тарілки", "kitchen.dishes"),
    ("каструлі", "kitchen.pots"),
    ("кастрюля", "kitchen.pots"),
    ("ложки", "kitchen.cutlery"),
    // appliances and power
    ("холодильник", "appliances.fridges"),
    ("holodilnik", "appliances.fridges"),
    ("kholodylnyk", "appliances.fridges"),
    ("fridge", "appliances.fridges"),
    ("пральна машина", "appliances.washing_machines"),
    ("стиральная машинка", "appliances.washing_machines"),
    ("обігрівач", "appliances.heaters"),
    ("обогреватель", "appliances.heaters"),
    ("obogrevatel", "appliances.heaters"),
    ("генератор", "appliances.power.generators"),
    ("generator", "appliances.power.generators"),
    ("генераторы", "appliances.power.generators"),
    ("павербанк", "appliances.power.power_banks"),
    ("power bank", "appliances.power.power_banks"),
    ("подовжувач", "appliances.power.extension_cords"),
    ("удлинитель", "appliances.power.extension_cords"),
    ("зарядна станція", "appliances.power.stations"),
    ("ліхтарик", "appliances.power.lights"),
    // electronics
    ("ноутбук", "electronics.laptops"),
    ("ноутбуки для школярів", "electronics.laptops"),
    ("laptop", "electronics.laptops"),
    ("планшет", "electronics.tablets"),
    ("смартфон", "electronics.phones"),
    ("телефон", "electronics.phones"),
    // medicines and first aid
    ("ліки", "medicine"),
    ("лекарства", "medicine"),
    ("liky", "medicine"),
    ("таблетки", "medicine"),
    ("таблетками", "medicine"),
    ("знеболювальні", "medicine.painkillers"),
    ("обезболивающие", "medicine.painkillers"),
    ("painkillers", "medicine.painkillers"),
    ("антибіотики", "medicine.antibiotics"),
    ("antibiotics", "medicine.antibiotics"),
    ("ліки від тиску", "medicine.chronic.cardio"),
    ("лекарства от давления", "medicine.chronic.cardio"),
    ("інсулін", "medicine.chronic.diabetes"),
    ("инсулин", "medicine.chronic.diabetes"),
    ("бинти", "first_aid.dressings"),
    ("бинты", "first_aid.dressings"),
    ("аптечка", "first_aid.kits"),
    ("first aid kit", "first_aid.kits"),
    ("турнікет", "first_aid.tourniquets"),
    ("антисептик", "first_aid.antiseptics"),
    // medical and mobility aids
    ("інвалідний візок", "medical_aids.wheelchairs"),
    ("інвалідна коляска", "medical_aids.wheelchairs"),
    ("инвалидная коляска", "medical_aids.wheelchairs"),
    ("инвалидную коляску", "medical_aids.wheelchairs"),
    ("wheelchair", "medical_aids.wheelchairs"),
    ("wheelchiar", "medical_aids.wheelchairs"),
    ("милиці", "medical_aids.crutches"),
    ("костыли", "medical_aids.crutches"),
    ("crutches", "medical_aids.crutches"),
    ("ходунки", "medical_aids.walkers"),
    ("функціональне ліжко", "medical_aids.hospital_beds"),
    ("hospital bed", "medical_aids.hospital_beds"),
    ("протипролежневий матрац", "medical_aids.anti_decubitus"),
    ("глюкометр", "medical_aids.glucometers"),
    ("glukometr", "medical_aids.glucometers"),
    ("тонометр", "medical_aids.tonometers"),
    ("тонометры", "medical_aids.tonometers"),
    // hygiene and nappies
    ("памперси", "baby.nappies"),
    ("памперсы", "baby.nappies"),
    ("пампы", "baby.nappies"),
    ("підгузки", "baby.nappies"),
    ("подгузники", "baby.nappies"),
    ("podguzniki", "baby.nappies"),
    ("diapers", "baby.nappies"),
    ("памперси для дорослих", "hygiene.incontinence"),
    ("памперсы для взрослых", "hygiene.incontinence"),
    ("подгузники для взрослых", "hygiene.incontinence"),
    ("підгузки для дорослого", "hygiene.incontinence"),
    ("adult diapers", "hygiene.incontinence"),
    ("прокладки", "hygiene.feminine"),
    ("урологічні прокладки", "hygiene.incontinence"),
    ("шампунь", "hygiene.adult"),
    ("мыло", "hygiene.adult"),
    ("туалетний папір", "hygiene.adult"),
    ("пральний порошок", "hygiene.household"),
    // baby goods
    ("коляска", "baby.strollers"),
    ("коляски", "baby.strollers"),
    ("дитяча коляска", "baby.strollers"),
    ("детская коляска", "baby.strollers"),
    ("stroller", "baby.strollers"),
    ("дитяче ліжечко", "baby.cots"),
    ("кроватка", "baby.cots"),
    ("дитяча суміш", "baby.formula"),
    ("смесь", "baby.formula"),
    ("дитяче харчування", "baby.food"),
    ("детское питание", "baby.food"),
    ("автокрісло", "baby.car_seats"),
    // food and water
    ("консерви", "food.canned"),
    ("тушенка", "food.canned"),
    ("крупи", "food.cereals"),
    ("гречка", "food.cereals"),
    ("макарони", "food.pasta"),
    ("вода", "food.water"),
    ("питьевая вода", "food.water"),
    ("drinking water", "food.water"),
    ("продуктовий набір", "food.sets"),
    ("продукти", "food"),
    // toys, school, fuel, housing
    ("іграшки", "toys"),
    ("игрушки", "toys"),
    ("toys", "toys"),
    ("рюкзак", "school.backpacks"),
    ("зошити", "school.stationery"),
    ("тетради", "school.stationery"),
    ("дрова", "fuel.firewood"),
    ("firewood", "fuel.firewood"),
    ("вугілля", "fuel.coal"),
    ("уголь", "fuel.coal"),
    ("пелети", "fuel.pellets"),
    ("кімната", "housing.room"),
    ("комнату", "housing.room"),
    ("спальне місце", "housing.beds"),
    ("ліжко-місце", "housing.beds"),
    ("житло", "housing"),
    // specificity, several items, noise around the item
    ("шкаф б/у в хорошем состоянии", "furniture.wardrobes"),
    ("ковдри та подушки", "bedding.blankets"),
    ("маю 2 ковдри, подушку і ще одну ковдру", "bedding.blankets"),
    ("активоване вугілля", "medicine.digestive"),
    ("газова плита", "appliances.stoves"),
    ("масляний обігрівач", "appliances.heaters"),
    ("паливо для генератора", "fuel.petrol"),
    ("дизельний генератор", "appliances.power.generators"),
];

#[test]
fn classify_table() {
    let cat = Catalogue::builtin();
    let mut failures = Vec::new();
    for (text, want) in CASES {
        let got = cat.classify(text);
        let got_id = got.as_ref().map(|c| c.category.as_str());
        if got_id != Some(*want) {
            failures.push(format!("{text:?}: want {want}, got {got:?}"));
        }
        if let Some(c) = &got {
            assert!(
                (0.0..=1.0).contains(&c.score),
                "{text:?}: score {}",
                c.score
            );
            assert!(cat.get(&c.category).is_some(), "{text:?}: unknown id");
        }
    }
    assert!(CASES.len() >= 80, "only {} cases", CASES.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn texts_without_items_classify_to_none() {
    let cat = Catalogue::builtin();
    for text in [
        "привіт",
        "asdf",
        "",
        "   ",
        "б/у",
        "добрий день",
        "дякую",
        "hello",
        "123",
        "для",
    ] {
        assert_eq!(cat.classify(text), None, "{text:?}");
    }
}

#[test]
fn exact_match_scores_one_and_fuzzy_less() {
    let cat = Catalogue::builtin();
    let exact = cat.classify("Ковдра").unwrap();
    assert_eq!(exact.score, 1.0);
    assert_eq!(exact.term, "ковдра");
    let latin = cat.classify("kovdra").unwrap();
    assert!(latin.score < 1.0 && latin.score >= 0.9, "{latin:?}");
    let typo = cat.classify("одеяол").unwrap();
    assert!(typo.score < latin.score, "{typo:?}");
}

#[test]
fn suggest_completes_prefixes_in_any_script() {
    let cat = Catalogue::builtin();
    let s = cat.suggest("ковд", 5);
    assert_eq!(
        s.first().map(|c| c.category.as_str()),
        Some("bedding.blankets")
    );
    let s = cat.suggest("odeya", 5);
    assert_eq!(
        s.first().map(|c| c.category.as_str()),
        Some("bedding.blankets")
    );
    let s = cat.suggest("Wheel", 5);
    assert_eq!(
        s.first().map(|c| c.category.as_str()),
        Some("medical_aids.wheelchairs")
    );
    let s = cat.suggest("інвалід", 5);
    assert_eq!(
        s.first().map(|c| c.category.as_str()),
        Some("medical_aids.wheelchairs")
    );
    // a word inside a term completes too: "коляск" reaches both strollers and wheelchairs
    let s = cat.suggest("коляск", 10);
    let ids: Vec<&str> = s.iter().map(|c| c.category.as_str()).collect();
    assert_eq!(ids.first(), Some(&"baby.strollers"));
    assert!(ids.contains(&"medical_aids.wheelchairs"), "{ids:?}");
    // one entry per category, at most `limit`, best first
    let s = cat.suggest("п", 8);
    assert_eq!(s.len(), 8);
    let mut seen: Vec<&str> = s.iter().map(|c| c.category.as_str()).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 8);
    assert!(s.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(cat.suggest("", 5).is_empty());
    assert!(cat.suggest("zzzzqqq", 5).is_empty());
}

#[test]
fn family_and_relation_follow_the_tree() {
    let cat = Catalogue::builtin();
    let f = cat.family("clothing.children");
    assert_eq!(&f[..2], &["clothing.children", "clothing"]);
    assert!(f.iter().any(|x| x == "clothing.children.winter"));
    assert!(
        !f.iter()
            .any(|x| x == "clothing.adults" || x == "clothing.footwear")
    );

    let f = cat.family("appliances.power.generators");
    assert_eq!(
        f,
        vec![
            "appliances.power.generators",
            "appliances.power",
            "appliances"
        ]
    );

    let f = cat.family("medicine");
    assert_eq!(f[0], "medicine");
    assert!(f.iter().any(|x| x == "medicine.chronic.diabetes"));
    assert!(!f.iter().any(|x| x.starts_with("first_aid")));

    assert_eq!(cat.family("no.such.thing"), vec!["no.such.thing"]);

    assert_eq!(
        cat.relation("clothing.children.winter", "clothing.children"),
        Relation::Narrower
    );
    assert_eq!(
        cat.relation("clothing.children.winter", "clothing"),
        Relation::Narrower
    );
    assert_eq!(
        cat.relation("clothing", "clothing.children.winter"),
        Relation::Broader
    );
    assert_eq!(cat.relation("baby.nappies", "baby.nappies"), Relation::Same);
    assert_eq!(
        cat.relation("baby.nappies", "hygiene.incontinence"),
        Relation::Unrelated
    );
    assert_eq!(
        cat.relation("clothing", "clothing.adults.winter.x"),
        Relation::Unrelated
    );
}

#[test]
fn every_category_is_reachable_by_its_own_terms() {
    let cat = Catalogue::builtin();
    let mut wrong = Vec::new();
    for c in cat.categories() {
        for (_, term) in cat.terms_of(&c.id) {
            let got = cat.classify(term).map(|x| x.category);
            if got.as_deref() != Some(c.id.as_str()) {
                wrong.push(format!("{term:?} in {} → {got:?}", c.id));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} terms classify elsewhere:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn builtin_data_is_consistent() {
    let cat = Catalogue::builtin();
    assert!(cat.categories().len() >= 60);
    assert!(cat.synonym_count() >= 800);
    let mut ids: Vec<&str> = cat.categories().iter().map(|c| c.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), cat.categories().len(), "duplicate ids");
    for c in cat.categories() {
        if let Some(p) = &c.parent {
            assert!(cat.get(p).is_some(), "{}: unknown parent {p}", c.id);
            assert_eq!(cat.relation(&c.id, p), Relation::Narrower);
        }
    }
}

/// Whole sentences whose words are not items: verbs, numerals, greetings, conditions, counters,
/// people. None of them may produce an item.
#[test]
fn sentences_without_items_name_nothing() {
    let cat = Catalogue::builtin();
    for text in [
        "Добрий день, маю 2 шт для вас",
        "можу віддати, б/у",
        "отдам бесплатно, 2 шт",
        "троє людей",
        "нас двоє дорослих і троє дітей",
        "Здравствуйте, хочу помочь",
        "вільна",
        "дуже гарний стан",
        "маю для вас",
        "дві пачки",
        "для хлопчика 5 років",
    ] {
        assert_eq!(cat.classify_items(text), vec![], "{text:?}");
        assert_eq!(cat.classify(text), None, "{text:?}");
    }
}

fn item_cats(text: &str) -> Vec<String> {
    Catalogue::builtin()
        .classify_items(text)
        .into_iter()
        .map(|i| i.category)
        .collect()
}

#[test]
fn a_line_names_every_item_with_its_span() {
    let text = "Для кухні: чайники, сковорідки, ножі";
    let items = Catalogue::builtin().classify_items(text);
    let got: Vec<(&str, &str)> = items
        .iter()
        .map(|i| (i.category.as_str(), &text[i.start..i.end]))
        .collect();
    assert_eq!(
        got,
        [
            ("appliances.small", "чайники"),
            ("kitchen.pots", "сковорідки"),
            ("kitchen.cutlery", "ножі"),
        ]
    );
    // A heading over a list of its own kinds is left out.
    assert_eq!(
        item_cats("Паливо: вугілля, пелети"),
        ["fuel.coal", "fuel.pellets"]
    );
    assert_eq!(
        item_cats("Теплі речі (шапки, шарфи, рукавиці)"),
        ["clothing.accessories"; 3]
    );
    // A caller's sentence with two things.
    assert_eq!(
        item_cats("віддам пальто і чоботи, все чисте"),
        ["clothing.adults.winter", "clothing.footwear.winter"]
    );
    // A gendered word is not an item (men's ≠ «чоловічки», infant sleepsuits).
    assert_eq!(item_cats("чоловічий светр"), ["clothing.adults"]);
}

#[test]
fn housing_is_recognised_as_people_offer_it() {
    for (text, want) in [
        ("можемо поселити двох людей на місяць", "housing"),
        ("пущу пожить маму с ребёнком", "housing"),
        ("є окрема хата в селі", "housing.flat"),
        ("сдам бесплатно комнату", "housing.room"),
        ("пущу переночувати двох чоловіків", "housing.beds"),
    ] {
        assert_eq!(item_cats(text), [want], "{text}");
    }
}

#[test]
fn related_categories_come_from_the_data() {
    let cat = Catalogue::builtin();
    assert_eq!(cat.relation("baby.formula", "baby.food"), Relation::Related);
    assert_eq!(
        cat.relation("fuel.firewood", "fuel.coal"),
        Relation::Related
    );
    assert_eq!(
        cat.relation("fuel.pellets", "fuel.firewood"),
        Relation::Related
    );
    assert_eq!(
        cat.relation("appliances.heaters", "appliances.stoves"),
        Relation::Unrelated
    );
    assert!(
        cat.related("fuel.coal")
            .contains(&"fuel.firewood".to_string())
    );
    // The loader names file, line and field; a pair on one line of the tree is refused.
    let base = Catalogue::from_csv(
        "id,parent,name_uk,name_en,unit\na,,А,A,pcs\na.b,a,Б,B,pcs\nc,,В,C,pcs\n",
        "category,lang,term\na,uk,аа\na.b,uk,бб\nc,uk,вв\n",
    )
    .unwrap();
    let e = base
        .with_relations("a,b,note\nc,zz,x\n")
        .expect_err("unknown category");
    assert_eq!(
        (e.file.as_str(), e.line, e.field.as_str()),
        ("relations.csv", 2, "b")
    );
    let base = Catalogue::from_csv(
        "id,parent,name_uk,name_en,unit\na,,А,A,pcs\na.b,a,Б,B,pcs\n",
        "category,lang,term\na,uk,аа\na.b,uk,бб\n",
    )
    .unwrap();
    let e = base
        .with_relations("a,b,note\na,a.b,x\n")
        .expect_err("tree");
    assert_eq!((e.line, e.field.as_str()), (2, "b"));
}
