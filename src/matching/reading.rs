//! What the engine reads in one text: every item with its span, the attributes, and a quantity
//! and unit if said. The console's Call tab lists `items` (one offer each); `aidline classify`
//! prints all of it.

use super::attributes::{self, Attributes};
use crate::catalogue::Catalogue;
use crate::catalogue::items::{ItemHit, tokens};
use crate::domain::Unit;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    /// Every item named, in the order said. Empty: "item not recognised".
    pub items: Vec<ItemHit>,
    pub attributes: Attributes,
    pub quantity: Option<i64>,
    pub unit: Option<Unit>,
}

/// Read a text (an offer as the caller says it, or a need's line).
pub fn read(cat: &Catalogue, text: &str) -> Reading {
    let items = super::items_for_audience(cat.classify_items(text), text);
    let cats: Vec<String> = items.iter().map(|i| i.category.clone()).collect();
    let attributes = attributes::with_category_season(attributes::read(text), &cats);
    let (quantity, unit) = quantity_of(text, &attributes);
    Reading {
        items,
        attributes,
        quantity,
        unit,
    }
}

/// The first number that is not a size or an age, and the unit written after it, if any.
fn quantity_of(text: &str, attrs: &Attributes) -> (Option<i64>, Option<Unit>) {
    let toks = tokens(text);
    for (i, t) in toks.iter().enumerate() {
        if t.folded.is_empty() || !t.folded.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let in_size = attrs.sizes.iter().any(|s| {
            text.find(&s.text)
                .is_some_and(|at| at <= t.start && t.end <= at + s.text.len())
        });
        if in_size {
            continue;
        }
        let Ok(n) = t.folded.parse::<i64>() else {
            continue;
        };
        let unit = toks.get(i + 1).and_then(|u| Unit::parse(&u.folded));
        return (Some(n), unit);
    }
    (None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_items_quantity_and_unit() {
        let r = read(Catalogue::builtin(), "віддам 5 шт ковдр і дві подушки, б/у");
        assert_eq!(r.quantity, Some(5));
        assert_eq!(r.unit, Some(Unit::Pcs));
        let cats: Vec<&str> = r.items.iter().map(|i| i.category.as_str()).collect();
        assert_eq!(cats, ["bedding.blankets", "bedding.pillows"]);
        let r = read(Catalogue::builtin(), "чоботи 38 розміру");
        assert_eq!(r.quantity, None);
    }
}

/// The text of each item a text names, for logging them as separate offers: from the item's
/// first word up to the next item, without the joining words («і», «та», «и», «and») and
/// separators between them, so what was said about one item (a size, «нові») stays with it.
/// A text naming one item or none gives it whole.
pub fn split_items(cat: &Catalogue, text: &str) -> Vec<(ItemHit, String)> {
    let items = super::items_for_audience(cat.classify_items(text), text);
    if items.len() < 2 {
        return items
            .into_iter()
            .map(|i| (i, text.trim().to_string()))
            .collect();
    }
    let mut out = Vec::with_capacity(items.len());
    for (k, item) in items.iter().enumerate() {
        let end = items.get(k + 1).map_or(text.len(), |n| n.start);
        let mut piece = text[item.start..end].trim();
        loop {
            let before = piece;
            piece = piece.trim_end_matches([',', ';', ' ', '.', '\n']);
            for joiner in [" і", " й", " та", " и", " and", " also", " ще"] {
                if let Some(p) = piece.strip_suffix(joiner) {
                    piece = p;
                }
            }
            if piece == before {
                break;
            }
        }
        out.push((item.clone(), piece.to_string()));
    }
    out
}

#[cfg(test)]
mod split_tests {
    use super::*;

    #[test]
    fn each_item_keeps_its_own_words() {
        let got: Vec<(String, String)> = split_items(
            Catalogue::builtin(),
            "віддам пальто і чоботи 38 розміру, нові; ще ковдру",
        )
        .into_iter()
        .map(|(i, t)| (i.category, t))
        .collect();
        assert_eq!(
            got,
            [
                ("clothing.adults.winter".to_string(), "пальто".to_string()),
                (
                    "clothing.footwear.winter".to_string(),
                    "чоботи 38 розміру, нові".to_string()
                ),
                ("bedding.blankets".to_string(), "ковдру".to_string()),
            ]
        );
        let one = split_items(Catalogue::builtin(), "ковдри теплі");
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].1, "ковдри теплі");
    }
}
