//! Units for integer quantities. Stored by code; shown in the console's language.
//!
//! Known units are parsed from what people write in Ukrainian, Russian and English, with their
//! inflections; the vocabulary is `data/units.csv` (`code,lang,term`). A unit nobody listed is
//! kept as written (`Unit::Other`), never refused. Mass (g, kg, t) and volume (ml, l, m³)
//! convert within their kind; every other unit only matches itself.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::{LazyLock, Mutex};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Pcs,
    Pairs,
    Packs,
    Sets,
    Boxes,
    Kg,
    Litres,
    Bottles,
    Beds,
    Rooms,
    Places,
    Tonnes,
    Grams,
    Ml,
    CubicMetres,
    Bags,
    Rolls,
    Vials,
    Pallets,
    Portions,
    Metres,
    /// Jars and cans («банка»: baby food, preserves).
    Jars,
    /// A unit not in the vocabulary, as written (trimmed).
    Other(&'static str),
}

/// What a unit measures, for conversions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// In grams.
    Mass,
    /// In millilitres.
    Volume,
    /// Things counted one by one, where a pair or a jar counts as one: registries write
    /// «чоботи, 10 шт» and mean pairs (nobody asks for one boot), and «дитяче харчування, 46
    /// шт» and mean jars, so pairs, jars and pieces convert 1:1 (packs and sets hold several
    /// and do not).
    Count,
}

/// The longest unit text kept as written; longer text is not taken for a unit.
pub const MAX_OTHER_LEN: usize = 32;

const VOCABULARY: &str = include_str!("../../data/units.csv");

/// Folded term → unit, from the vocabulary plus every code and Ukrainian label.
static TERMS: LazyLock<HashMap<String, Unit>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for u in Unit::ALL {
        map.insert(fold_unit(u.code()), *u);
        map.insert(fold_unit(u.label_uk()), *u);
        // Every form printed after a number reads back («1 пару», "1 pair").
        let printed = u.label_uk_forms().into_iter().flatten();
        for form in printed.chain(u.label_uk_acc_one()).chain(u.label_en_one()) {
            map.entry(fold_unit(form)).or_insert(*u);
        }
    }
    for (i, line) in VOCABULARY.lines().enumerate().skip(1) {
        let mut parts = line.splitn(3, ',');
        let (Some(code), Some(_lang), Some(term)) = (parts.next(), parts.next(), parts.next())
        else {
            panic!("data/units.csv:{}: expected code,lang,term", i + 1);
        };
        let unit = Unit::ALL
            .iter()
            .copied()
            .find(|u| u.code() == code)
            .unwrap_or_else(|| panic!("data/units.csv:{}: code: '{code}' is not a unit", i + 1));
        map.insert(fold_unit(term), unit);
    }
    map
});

/// Fold unit text: superscripts made digits (м³ → м3), then the usual folding, dots dropped.
fn fold_unit(text: &str) -> String {
    let plain: String = text
        .chars()
        .map(|c| match c {
            '³' => '3',
            '²' => '2',
            c => c,
        })
        .collect();
    crate::catalogue::fold::fold(&plain)
}

/// One `&'static str` per distinct unknown unit text (few, short: bounded by `MAX_OTHER_LEN`).
fn intern(text: &str) -> &'static str {
    static SEEN: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(Default::default);
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(s) = seen.get(text) {
        return s;
    }
    let s: &'static str = Box::leak(text.to_string().into_boxed_str());
    seen.insert(s);
    s
}

impl Unit {
    /// Every known unit (not `Other`).
    pub const ALL: &'static [Unit] = &[
        Unit::Pcs,
        Unit::Pairs,
        Unit::Packs,
        Unit::Sets,
        Unit::Boxes,
        Unit::Kg,
        Unit::Litres,
        Unit::Bottles,
        Unit::Beds,
        Unit::Rooms,
        Unit::Places,
        Unit::Tonnes,
        Unit::Grams,
        Unit::Ml,
        Unit::CubicMetres,
        Unit::Bags,
        Unit::Rolls,
        Unit::Vials,
        Unit::Pallets,
        Unit::Portions,
        Unit::Metres,
        Unit::Jars,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Unit::Pcs => "pcs",
            Unit::Pairs => "pairs",
            Unit::Packs => "packs",
            Unit::Sets => "sets",
            Unit::Boxes => "boxes",
            Unit::Kg => "kg",
            Unit::Litres => "l",
            Unit::Bottles => "bottles",
            Unit::Beds => "beds",
            Unit::Rooms => "rooms",
            Unit::Places => "places",
            Unit::Tonnes => "t",
            Unit::Grams => "g",
            Unit::Ml => "ml",
            Unit::CubicMetres => "m3",
            Unit::Bags => "bags",
            Unit::Rolls => "rolls",
            Unit::Vials => "vials",
            Unit::Pallets => "pallets",
            Unit::Portions => "portions",
            Unit::Metres => "m",
            Unit::Jars => "jars",
            Unit::Other(text) => text,
        }
    }

    pub fn label_uk(self) -> &'static str {
        match self {
            Unit::Pcs => "шт",
            Unit::Pairs => "пар",
            Unit::Packs => "уп",
            Unit::Sets => "компл",
            Unit::Boxes => "кор",
            Unit::Kg => "кг",
            Unit::Litres => "л",
            Unit::Bottles => "пляш",
            Unit::Beds => "ліжок",
            Unit::Rooms => "кімн",
            Unit::Places => "місць",
            Unit::Tonnes => "т",
            Unit::Grams => "г",
            Unit::Ml => "мл",
            Unit::CubicMetres => "м³",
            Unit::Bags => "міш",
            Unit::Rolls => "рул",
            Unit::Vials => "фл",
            Unit::Pallets => "палет",
            Unit::Portions => "порц",
            Unit::Metres => "м",
            Unit::Jars => "банок",
            Unit::Other(text) => text,
        }
    }

    /// The Ukrainian whole-word labels in their three forms after a number (1, 2–4, 5+), for
    /// the units whose label is a word rather than an abbreviation; `label_uk` is the third.
    pub fn label_uk_forms(self) -> Option<[&'static str; 3]> {
        match self {
            Unit::Pairs => Some(["пара", "пари", "пар"]),
            Unit::Beds => Some(["ліжко", "ліжка", "ліжок"]),
            Unit::Places => Some(["місце", "місця", "місць"]),
            Unit::Pallets => Some(["палета", "палети", "палет"]),
            Unit::Jars => Some(["банка", "банки", "банок"]),
            _ => None,
        }
    }

    /// The English singular after 1 for the units whose code is a plural noun ("1 pair",
    /// "1 bed"); `None` for abbreviations (pcs, kg, l…) and units kept as written.
    pub fn label_en_one(self) -> Option<&'static str> {
        Some(match self {
            Unit::Pairs => "pair",
            Unit::Packs => "pack",
            Unit::Sets => "set",
            Unit::Boxes => "box",
            Unit::Bottles => "bottle",
            Unit::Beds => "bed",
            Unit::Rooms => "room",
            Unit::Places => "place",
            Unit::Bags => "bag",
            Unit::Rolls => "roll",
            Unit::Vials => "vial",
            Unit::Pallets => "pallet",
            Unit::Portions => "portion",
            Unit::Jars => "jar",
            _ => return None,
        })
    }

    /// The accusative after 1, 21… of a feminine unit word («дати 1 пару»), where it differs
    /// from `label_uk_forms()[0]`; `None` for the others (neuter and abbreviations keep theirs).
    pub fn label_uk_acc_one(self) -> Option<&'static str> {
        match self {
            Unit::Pairs => Some("пару"),
            Unit::Pallets => Some("палету"),
            Unit::Jars => Some("банку"),
            _ => None,
        }
    }

    /// Parse a known unit as people write it, in Ukrainian, Russian or English.
    pub fn parse(text: &str) -> Option<Unit> {
        TERMS.get(&fold_unit(text)).copied()
    }

    /// A known unit, else the text kept as written (`Other`); `None` for empty text or text too
    /// long to be a unit.
    pub fn parse_or_keep(text: &str) -> Option<Unit> {
        let t = text.trim();
        if t.is_empty() || t.chars().count() > MAX_OTHER_LEN || t.chars().any(char::is_control) {
            return None;
        }
        Some(Unit::parse(t).unwrap_or_else(|| Unit::Other(intern(t))))
    }

    /// The unit stored under `code` (an unknown code is kept as it is).
    pub fn from_code(code: &str) -> Unit {
        Unit::ALL
            .iter()
            .copied()
            .find(|u| u.code() == code)
            .or_else(|| Unit::parse_or_keep(code))
            .unwrap_or(Unit::Pcs)
    }

    pub fn is_known(self) -> bool {
        !matches!(self, Unit::Other(_))
    }

    /// What the unit measures and how many base units (g, ml) one of it is.
    pub fn dimension(self) -> Option<(Dimension, i64)> {
        Some(match self {
            Unit::Grams => (Dimension::Mass, 1),
            Unit::Kg => (Dimension::Mass, 1_000),
            Unit::Tonnes => (Dimension::Mass, 1_000_000),
            Unit::Ml => (Dimension::Volume, 1),
            Unit::Litres => (Dimension::Volume, 1_000),
            Unit::CubicMetres => (Dimension::Volume, 1_000_000),
            Unit::Pcs | Unit::Pairs | Unit::Jars => (Dimension::Count, 1),
            _ => return None,
        })
    }

    /// The same unit, or one that converts to it (kg ↔ t, l ↔ ml, pair ↔ piece ↔ jar).
    pub fn comparable(self, other: Unit) -> bool {
        self == other
            || matches!((self.dimension(), other.dimension()), (Some((a, _)), Some((b, _))) if a == b)
    }

    /// `quantity` of `self` in `to`, rounded down (`None` if the units do not convert).
    pub fn convert(self, quantity: i64, to: Unit) -> Option<i64> {
        if self == to {
            return Some(quantity);
        }
        let ((a, from_base), (b, to_base)) = (self.dimension()?, to.dimension()?);
        (a == b)
            .then(|| (i128::from(quantity) * i128::from(from_base) / i128::from(to_base)) as i64)
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Unit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Unit, D::Error> {
        let text = String::deserialize(d)?;
        Ok(Unit::from_code(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_parse_from_any_language_and_round_trip() {
        assert_eq!(Unit::parse("шт."), Some(Unit::Pcs));
        assert_eq!(Unit::parse("Пар"), Some(Unit::Pairs));
        assert_eq!(Unit::parse("упаковки"), Some(Unit::Packs));
        assert_eq!(Unit::parse("kg"), Some(Unit::Kg));
        assert_eq!(Unit::parse("bushels"), None);
        for u in Unit::ALL {
            assert_eq!(Unit::parse(u.code()), Some(*u));
            assert_eq!(Unit::parse(u.label_uk()), Some(*u));
            assert_eq!(Unit::from_code(u.code()), *u);
        }
    }

    /// Every form the console prints after a number reads back as the same unit, so an operator
    /// may type what they see («2 пари», «1 пару», "1 pair").
    #[test]
    fn every_printed_form_parses_back() {
        for u in Unit::ALL {
            let printed = u
                .label_uk_forms()
                .into_iter()
                .flatten()
                .chain(u.label_uk_acc_one())
                .chain(u.label_en_one());
            for form in printed {
                assert_eq!(Unit::parse(form), Some(*u), "{form}");
            }
        }
    }

    #[test]
    fn partners_spellings_of_units() {
        for (text, unit) in [
            ("м3", Unit::CubicMetres),
            ("м³", Unit::CubicMetres),
            ("куб.м", Unit::CubicMetres),
            ("куб. м.", Unit::CubicMetres),
            ("кубометрів", Unit::CubicMetres),
            ("Т", Unit::Tonnes),
            ("тонна", Unit::Tonnes),
            ("г", Unit::Grams),
            ("мішків", Unit::Bags),
            ("Мешки", Unit::Bags),
            ("рулони", Unit::Rolls),
            ("флаконів", Unit::Vials),
            ("ампули", Unit::Vials),
            ("пачок", Unit::Packs),
            ("pallets", Unit::Pallets),
            ("піддонів", Unit::Pallets),
            ("порцій", Unit::Portions),
            ("п.м.", Unit::Metres),
            ("метрів", Unit::Metres),
            // Baby food and preserves: «суміш, 12 банок», «консерви — 3 банки».
            ("банок", Unit::Jars),
            ("Банки", Unit::Jars),
            ("банка", Unit::Jars),
            ("cans", Unit::Jars),
        ] {
            assert_eq!(Unit::parse(text), Some(unit), "{text}");
        }
    }

    #[test]
    fn unknown_units_are_kept_as_written() {
        let u = Unit::parse_or_keep(" відер ").unwrap();
        assert_eq!(u, Unit::Other("відер"));
        assert_eq!(u.code(), "відер");
        assert!(!u.is_known());
        assert_eq!(Unit::from_code("відер"), u);
        assert_eq!(Unit::parse_or_keep(""), None);
        assert_eq!(Unit::parse_or_keep(&"x".repeat(MAX_OTHER_LEN + 1)), None);
        let json = serde_json::to_string(&u).unwrap();
        assert_eq!(serde_json::from_str::<Unit>(&json).unwrap(), u);
    }

    #[test]
    fn mass_volume_and_pairs_convert_others_do_not() {
        assert_eq!(Unit::Tonnes.convert(2, Unit::Kg), Some(2000));
        assert_eq!(Unit::Kg.convert(500, Unit::Tonnes), Some(0));
        assert_eq!(Unit::Kg.convert(2500, Unit::Tonnes), Some(2));
        assert_eq!(Unit::Litres.convert(3, Unit::Ml), Some(3000));
        assert_eq!(Unit::CubicMetres.convert(1, Unit::Litres), Some(1000));
        assert_eq!(Unit::Kg.convert(1, Unit::Litres), None);
        assert_eq!(Unit::Bags.convert(1, Unit::Kg), None);
        assert!(Unit::Kg.comparable(Unit::Grams));
        assert!(!Unit::Kg.comparable(Unit::Bags));
        assert!(Unit::Other("відер").comparable(Unit::Other("відер")));
        assert!(!Unit::Other("відер").comparable(Unit::Pcs));
        // «2 пари чобіт» for «чоботи, 10 шт»: a pair is a piece; packs and sets are not.
        assert_eq!(Unit::Pairs.convert(2, Unit::Pcs), Some(2));
        assert_eq!(Unit::Pcs.convert(10, Unit::Pairs), Some(10));
        assert_eq!(Unit::Packs.convert(1, Unit::Pcs), None);
        assert!(!Unit::Sets.comparable(Unit::Pairs));
        // «6 банок дитячого харчування» for «дитяче харчування, 46 шт»: a jar is a piece.
        assert_eq!(Unit::Jars.convert(6, Unit::Pcs), Some(6));
        assert!(!Unit::Jars.comparable(Unit::Packs));
    }
}
