//! Units for integer quantities. Stored by code; shown in the console's language.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
}

impl Unit {
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
        }
    }

    /// Parse a unit as people write it, in Ukrainian, Russian or English.
    pub fn parse(text: &str) -> Option<Unit> {
        let t = crate::catalogue::fold::fold(text);
        let t = t.trim_end_matches('.');
        Some(match t {
            "pcs" | "pc" | "piece" | "pieces" | "шт" | "штук" | "штука" | "штуки" | "items"
            | "item" | "units" => Unit::Pcs,
            "pairs" | "pair" | "пар" | "пара" | "пари" | "пары" => Unit::Pairs,
            "packs" | "pack" | "packages" | "package" | "уп" | "упак" | "упаковка" | "упаковки"
            | "упаковок" | "пачка" | "пачки" | "пачок" => Unit::Packs,
            "sets"
            | "set"
            | "компл"
            | "комплект"
            | "комплекти"
            | "комплекты"
            | "комплектів"
            | "набір"
            | "набор" => Unit::Sets,
            "boxes" | "box" | "кор" | "коробка" | "коробки" | "коробок" | "ящик" | "ящики" => {
                Unit::Boxes
            }
            "kg" | "кг" | "кілограм" | "килограмм" | "кілограмів" | "килограммов" => {
                Unit::Kg
            }
            "l" | "litre" | "litres" | "liter" | "liters" | "л" | "літр" | "літрів" | "литр"
            | "литров" => Unit::Litres,
            "bottles" | "bottle" | "пляш" | "пляшка" | "пляшки" | "пляшок" | "бутылка"
            | "бутылки" | "бутылок" => Unit::Bottles,
            "beds"
            | "bed"
            | "ліжок"
            | "ліжко"
            | "ліжка"
            | "кровать"
            | "кровати"
            | "кроватей"
            | "койка"
            | "койки"
            | "спальних місць"
            | "спальних_місць" => Unit::Beds,
            "rooms" | "room" | "кімн" | "кімната" | "кімнати" | "кімнат" | "комната"
            | "комнаты" | "комнат" => Unit::Rooms,
            "places" | "place" | "місць" | "місце" | "місця" | "мест" | "место" | "места"
            | "people" | "осіб" | "человек" | "людей" => Unit::Places,
            _ => return None,
        })
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
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
        }
    }
}
