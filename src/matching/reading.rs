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

/// The quantity and unit said in a text («віддам 2 пари чобіт»), as `read` finds them, without
/// reading its items (the call form asks on every keystroke; sizes are all it needs).
pub fn quantity(text: &str) -> (Option<i64>, Option<Unit>) {
    quantity_of(text, &attributes::read(text))
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
    fn the_quantity_alone_is_what_the_whole_reading_finds() {
        let cat = Catalogue::builtin();
        for text in [
            "віддам 2 пари чобіт зимових 40 розміру",
            "отдам 3 пакета памперсов 4 размер",
            "куртка на хлопчика 8 років, 1 шт",
            "ковдри теплі",
            "5 кг гречки і 2 л олії",
        ] {
            let r = read(cat, text);
            assert_eq!(quantity(text), (r.quantity, r.unit), "{text}");
        }
        assert_eq!(
            quantity("віддам 2 пари чобіт 40 розміру"),
            (Some(2), Some(Unit::Pairs))
        );
    }

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
    // Between two items, the last separator («,», «;», «і», «та» …) is where one ends and the
    // next begins: what follows it («2» in «ковдри, 2 подушки») belongs to the next item.
    let cuts: Vec<Option<usize>> = items
        .windows(2)
        .map(|w| last_separator_end(text, w[0].end, w[1].start))
        .collect();
    let mut out = Vec::with_capacity(items.len());
    for (k, item) in items.iter().enumerate() {
        let start = match k.checked_sub(1).and_then(|p| cuts[p]) {
            Some(cut) => cut,
            None => item.start,
        };
        let end = items.get(k + 1).map_or(text.len(), |n| n.start);
        let end = cuts.get(k).copied().flatten().unwrap_or(end);
        let mut piece = text[start..end].trim();
        loop {
            let before = piece;
            piece = piece.trim_end_matches([',', ';', ' ', '.', '\n']);
            for joiner in JOINERS {
                if let Some(p) = piece.strip_suffix(&format!(" {joiner}") as &str) {
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

/// The words that join two items in a list.
const JOINERS: [&str; 7] = ["і", "й", "та", "и", "and", "also", "ще"];

/// The byte just after the last separator in `text[from..to]` (a punctuation mark or a joining
/// word), if there is one.
fn last_separator_end(text: &str, from: usize, to: usize) -> Option<usize> {
    let gap = text.get(from..to)?;
    let mut last = None;
    let mut word_start = None;
    for (i, ch) in gap.char_indices().chain([(gap.len(), ' ')]) {
        if ch.is_alphanumeric() {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(ws) = word_start.take() {
            let word = gap[ws..i].to_lowercase();
            if JOINERS.contains(&word.as_str()) {
                last = Some(from + i);
            }
        }
        if i < gap.len() && matches!(ch, ',' | ';' | '.' | '\n') {
            last = Some(from + i + ch.len_utf8());
        }
    }
    last
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
        // A number said before the next item is that item's («ковдри теплі, 2 подушки»).
        let got: Vec<String> = split_items(Catalogue::builtin(), "ковдри теплі, 2 подушки")
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        assert_eq!(got, ["ковдри теплі", "2 подушки"]);
        let got: Vec<String> = split_items(
            Catalogue::builtin(),
            "отдам детскую куртку на 5 лет и две пары сапог",
        )
        .into_iter()
        .map(|(_, t)| t)
        .collect();
        assert_eq!(got, ["детскую куртку на 5 лет", "две пары сапог"]);
        let one = split_items(Catalogue::builtin(), "ковдри теплі");
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].1, "ковдри теплі");
    }
}
