//! Attributes read from an item's text alongside its category: who it is for (audience), its
//! size (clothing and shoe sizes, letter sizes, nappy sizes, ages, heights) and its season, in
//! Ukrainian, Russian and English. Both the offer's and the need's text are read; a clear
//! conflict removes the candidate, an agreement is a reason, absence on one side is neutral.

use crate::catalogue::items::{Token, tokens};
use serde::Serialize;

/// Who a thing is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Men,
    Women,
    Boys,
    Girls,
    Children,
    Infants,
    Adults,
    Elderly,
}

impl Audience {
    fn is_child(self) -> bool {
        matches!(
            self,
            Audience::Children | Audience::Boys | Audience::Girls | Audience::Infants
        )
    }

    /// Whether one thing can be for both: a child is never an adult, men's is not women's,
    /// boys' is not girls'.
    pub fn compatible(self, other: Audience) -> bool {
        use Audience::*;
        if self == other {
            return true;
        }
        if self.is_child() != other.is_child() {
            return false;
        }
        !matches!(
            (self, other),
            (Men, Women) | (Women, Men) | (Boys, Girls) | (Girls, Boys)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Season {
    Winter,
    Summer,
}

/// What a size measures; sizes of different kinds are never compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeKind {
    /// Clothing, shoe and nappy sizes written as numbers (38, 48–52, nappies 1–6).
    Number,
    /// Letter sizes XS…5XL, as 1 (XS) … 8 (5XL).
    Letter,
    /// Age, in months («3–7 років» is 36..95, «6 міс» is 6..6).
    AgeMonths,
    /// Height in cm («ріст 110», children's sizes 80–176).
    Height,
}

/// One size read from a text: an inclusive range and the words it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Size {
    pub kind: SizeKind,
    pub lo: u32,
    pub hi: u32,
    pub text: String,
}

/// Everything read from one text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Attributes {
    /// Each audience with the words that said it.
    pub audience: Vec<(Audience, String)>,
    pub sizes: Vec<Size>,
    pub season: Option<(Season, String)>,
}

/// How the two texts' attributes compare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Fit {
    /// For whom: the need's words.
    Audience(String),
    /// (the offer's size, the need's size)
    Size(String, String),
    /// Season: the need's words.
    Season(String),
}

const LETTERS: &[(&str, u32)] = &[
    ("xxs", 0),
    ("xs", 1),
    ("s", 2),
    ("m", 3),
    ("l", 4),
    ("xl", 5),
    ("xxl", 6),
    ("2xl", 6),
    ("xxxl", 7),
    ("3xl", 7),
    ("4xl", 8),
    ("5xl", 9),
];

fn letter(w: &str, after_marker: bool) -> Option<u32> {
    let w = match w {
        // Cyrillic letters typed after «розмір»
        "с" if after_marker => "s",
        "м" if after_marker => "m",
        "л" if after_marker => "l",
        "хл" | "хль" => "xl",
        w => w,
    };
    let v = LETTERS.iter().find(|(l, _)| *l == w).map(|(_, v)| *v)?;
    (w.len() > 1 || after_marker).then_some(v)
}

fn is_size_marker(w: &str) -> bool {
    w.starts_with("розмір")
        || w.starts_with("размер")
        || w.starts_with("розмер")
        || matches!(w, "р" | "рр" | "size" | "sizes" | "разм" | "розм")
}

fn is_height_marker(w: &str) -> bool {
    matches!(
        w,
        "ріст" | "рост" | "зріст" | "зросту" | "росту" | "ростом" | "height" | "на зріст"
    )
}

/// A word after a number that makes it an age: Some(months per unit, largest plausible value).
fn age_unit(w: &str) -> Option<(u32, u32)> {
    match w {
        "рік" | "роки" | "років" | "року" | "рочків" | "рочки" | "рочок" | "лет" | "года"
        | "годика" | "годиков" | "годик" | "year" | "years" | "yo" | "yrs" => {
            Some((12, 100))
        }
        "р" | "г" | "y" => Some((12, 18)),
        "міс" | "місяць" | "місяці" | "місяців" | "місяця" | "мес" | "месяц" | "месяца"
        | "месяцев" | "month" | "months" | "mo" => Some((1, 36)),
        _ => None,
    }
}

fn num(w: &str) -> Option<u32> {
    (!w.is_empty() && w.len() <= 3 && w.chars().all(|c| c.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
}

/// Words naming a count or unit: a number before them is a quantity, not a size.
fn is_count_word(w: &str) -> bool {
    matches!(
        w,
        "шт" | "штук"
            | "штуки"
            | "штука"
            | "пар"
            | "пари"
            | "пары"
            | "уп"
            | "упак"
            | "упаковки"
            | "упаковок"
            | "пачок"
            | "пачки"
            | "кг"
            | "л"
            | "літрів"
            | "литров"
            | "pcs"
            | "pairs"
            | "packs"
            | "kg"
            | "l"
            | "наборів"
            | "наборов"
            | "ящиків"
            | "ящиков"
            | "мішків"
            | "мешков"
            | "комплектів"
            | "комплектов"
            | "осіб"
            | "людей"
            | "человек"
            | "чел"
    )
}

fn audience_of(w: &str, next: Option<&str>) -> Option<Audience> {
    use Audience::*;
    let people_next = next.is_some_and(|n| {
        n.starts_with("люд") || n.starts_with("пацієнт") || n.starts_with("осіб") || n == "people"
    });
    if w.starts_with("чоловічк") || w.starts_with("чоловічок") {
        // «чоловічки»: infant sleepsuits
        return Some(Infants);
    }
    let any = |ps: &[&str]| ps.iter().any(|p| w.starts_with(p));
    Some(
        if any(&["чоловіч", "чоловік", "мужск", "мужчин", "мужик"])
            || matches!(w, "men" | "mens" | "men's" | "male")
        {
            Men
        } else if any(&[
            "жіноч",
            "жінк",
            "жінок",
            "жінц",
            "женск",
            "женщин",
            "women",
            "female",
            "ladies",
        ]) || matches!(
            w,
            "мама" | "маму" | "мами" | "мамі" | "мамой" | "мамы" | "мам"
        ) {
            Women
        } else if any(&["хлопч", "мальчик", "boy"]) {
            Boys
        } else if any(&["дівч", "девоч", "girl"]) {
            Girls
        } else if any(&[
            "немовл",
            "младен",
            "новонар",
            "малюк",
            "малыш",
            "грудн",
            "infant",
            "newborn",
        ]) {
            Infants
        } else if any(&[
            "дитяч",
            "дитин",
            "дітей",
            "дітям",
            "дітьми",
            "детск",
            "детей",
            "детям",
            "детьми",
            "ребен",
            "ребён",
            "children",
            "child",
            "kids",
            "школяр",
            "школьн",
        ]) || matches!(w, "діти" | "дети" | "kid")
        {
            Children
        } else if any(&["доросл", "взросл", "adult"]) {
            Adults
        } else if any(&[
            "пенсіон",
            "пенсион",
            "пожил",
            "elderly",
            "senior",
            "бабус",
            "бабуш",
            "дідус",
            "дедуш",
        ]) || ((w.starts_with("літн") || w.starts_with("старш")) && people_next)
        {
            Elderly
        } else {
            return None;
        },
    )
}

fn season_of(w: &str, next: Option<&str>) -> Option<Season> {
    let people_next = next.is_some_and(|n| n.starts_with("люд") || n.starts_with("пацієнт"));
    if w.starts_with("зимов") || w.starts_with("зимн") || matches!(w, "зима" | "зиму" | "winter")
    {
        Some(Season::Winter)
    } else if (w.starts_with("літн") && !people_next)
        || w.starts_with("летн")
        || matches!(w, "літо" | "лето" | "summer")
    {
        Some(Season::Summer)
    } else {
        None
    }
}

/// Read the attributes of one text.
pub fn read(text: &str) -> Attributes {
    let toks: Vec<Token> = tokens(text);
    let sep = |i: usize| -> &str {
        if i == 0 || i >= toks.len() || toks[i - 1].end > toks[i].start {
            ""
        } else {
            text[toks[i - 1].end..toks[i].start].trim()
        }
    };
    let w = |i: usize| toks.get(i).map(|t| t.folded.as_str());
    let span = |a: usize, b: usize| text[toks[a].start..toks[b].end].to_string();
    let mut out = Attributes::default();
    let mut used = vec![false; toks.len()];
    // A number, optionally a range or list after it: (lo, hi, last token index).
    let range_at = |i: usize| -> Option<(u32, u32, usize)> {
        let a = num(w(i)?)?;
        let (mut lo, mut hi, mut j) = (a, a, i);
        loop {
            let s = sep(j + 1);
            let nxt = w(j + 1);
            if matches!(s, "-" | "–" | "—" | "/" | ",")
                && let Some(b) = nxt.and_then(num)
            {
                lo = lo.min(b);
                hi = hi.max(b);
                j += 1;
            } else if matches!(nxt, Some("до" | "to" | "по"))
                && let Some(b) = w(j + 2).and_then(num)
            {
                lo = lo.min(b);
                hi = hi.max(b);
                j += 2;
            } else {
                break;
            }
        }
        Some((lo, hi, j))
    };
    let mut i = 0;
    while i < toks.len() {
        let word = toks[i].folded.as_str();
        let next = w(i + 1);
        if let Some(a) = audience_of(word, next)
            && !out.audience.iter().any(|(x, _)| *x == a)
        {
            // Take the preposition too: «для чоловіків».
            let from = if i > 0 && matches!(w(i - 1), Some("для" | "for" | "на")) {
                i - 1
            } else {
                i
            };
            out.audience.push((a, span(from, i)));
        }
        if out.season.is_none()
            && let Some(s) = season_of(word, next)
        {
            out.season = Some((s, span(i, i)));
        }
        // «розмір 38», «р-р 38–40», «size M», «розмір L/XL», «ріст 110»
        if (is_size_marker(word) || is_height_marker(word)) && !used[i] {
            let height = is_height_marker(word);
            let mut j = i + 1;
            // «р-р» folds to «р р»
            while w(j).is_some_and(|x| x == "р") {
                j += 1;
            }
            if let Some((lo, hi, end)) = range_at(j) {
                let kind = if height || lo >= 80 {
                    SizeKind::Height
                } else {
                    SizeKind::Number
                };
                out.sizes.push(Size {
                    kind,
                    lo,
                    hi,
                    text: span(i, end),
                });
                used[i..=end].iter_mut().for_each(|u| *u = true);
                i = end + 1;
                continue;
            }
            if let Some(l) = w(j).and_then(|x| letter(x, true)) {
                let (mut lo, mut hi, mut end) = (l, l, j);
                while matches!(sep(end + 1), "-" | "/" | "–" | ",")
                    && let Some(m) = w(end + 1).and_then(|x| letter(x, true))
                {
                    lo = lo.min(m);
                    hi = hi.max(m);
                    end += 1;
                }
                out.sizes.push(Size {
                    kind: SizeKind::Letter,
                    lo,
                    hi,
                    text: span(i, end),
                });
                i = end + 1;
                continue;
            }
        }
        let paired = matches!(sep(i + 1), "-" | "/" | "–")
            && w(i + 1).is_some_and(|x| letter(x, false).is_some() || letter(x, true).is_some());
        // A lone Latin S, M or L closing a phrase after a word («чоловіча куртка S»).
        let closing = matches!(word, "s" | "m" | "l" | "с" | "м" | "л")
            && i > 0
            && text[toks[i].start..toks[i].end].chars().count() == 1
            && text[toks[i].start..toks[i].end]
                .chars()
                .all(char::is_uppercase)
            && num(&toks[i - 1].folded).is_none()
            && (i + 1 == toks.len() || !sep(i + 1).is_empty());
        let paired = paired || closing;
        if let Some(l) = letter(word, paired) {
            let (mut lo, mut hi, mut end) = (l, l, i);
            while matches!(sep(end + 1), "-" | "/" | "–")
                && let Some(m) = w(end + 1).and_then(|x| letter(x, true))
            {
                lo = lo.min(m);
                hi = hi.max(m);
                end += 1;
            }
            out.sizes.push(Size {
                kind: SizeKind::Letter,
                lo,
                hi,
                text: span(i, end),
            });
            i = end + 1;
            continue;
        }
        // «від 3 до 7 років», «3–7 років», «на 5 лет», «38 розміру», «6 міс»
        let start = if matches!(word, "від" | "от" | "from") && w(i + 1).and_then(num).is_some()
        {
            i + 1
        } else {
            i
        };
        if let Some((lo, hi, end)) = range_at(start) {
            let after = w(end + 1);
            if let Some((months, max)) = after.and_then(age_unit)
                && hi <= max
            {
                let extra = if months == 12 { 11 } else { 0 };
                out.sizes.push(Size {
                    kind: SizeKind::AgeMonths,
                    lo: lo * months,
                    hi: hi * months + extra,
                    text: span(i, end + 1),
                });
                i = end + 2;
                continue;
            }
            if after.is_some_and(is_size_marker) {
                out.sizes.push(Size {
                    kind: if lo >= 80 {
                        SizeKind::Height
                    } else {
                        SizeKind::Number
                    },
                    lo,
                    hi,
                    text: span(i, end + 1),
                });
                i = end + 2;
                continue;
            }
            // «чоботи 38», «куртки 48–52»: a number right after an item word, not a count.
            let after_word = i > 0
                && sep(i).is_empty()
                && toks[i - 1]
                    .folded
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '\'')
                && !matches!(w(i - 1), Some("до" | "на" | "по" | "від" | "от" | "за"));
            let ends = after.is_none()
                || !sep(end + 1).is_empty()
                || after.is_some_and(|a| letter(a, false).is_some());
            if start == i
                && after_word
                && ends
                && (16..=60).contains(&lo)
                && (16..=60).contains(&hi)
                && !after.is_some_and(is_count_word)
            {
                out.sizes.push(Size {
                    kind: SizeKind::Number,
                    lo,
                    hi,
                    text: span(i, end),
                });
                i = end + 1;
                continue;
            }
            i = end + 1;
            continue;
        }
        i += 1;
    }
    out
}

/// Add what the categories say: a `…winter` category is for winter, infant clothing is for
/// infants; and an infant with no age given is under two years old.
pub fn with_category_season(mut a: Attributes, categories: &[String]) -> Attributes {
    if a.season.is_none()
        && let Some(c) = categories.iter().find(|c| c.ends_with(".winter"))
    {
        a.season = Some((Season::Winter, c.clone()));
    }
    if a.audience.is_empty()
        && let Some(c) = categories.iter().find(|c| *c == "clothing.infants")
    {
        a.audience.push((Audience::Infants, c.clone()));
    }
    let infant = a
        .audience
        .iter()
        .find(|(x, _)| *x == Audience::Infants)
        .cloned();
    if let Some((_, t)) = infant
        && !a.sizes.iter().any(|s| s.kind == SizeKind::AgeMonths)
    {
        a.sizes.push(Size {
            kind: SizeKind::AgeMonths,
            lo: 0,
            hi: 23,
            text: t,
        });
    }
    a
}

/// Compare the offer's attributes with the need's: `Err(why)` on a clear conflict, else what
/// agrees (absent on either side is neutral).
pub fn compare(offer: &Attributes, need: &Attributes) -> Result<Vec<Fit>, String> {
    let mut fits = Vec::new();
    if !offer.audience.is_empty() && !need.audience.is_empty() {
        let pair = offer.audience.iter().find_map(|(a, _)| {
            need.audience
                .iter()
                .find(|(b, _)| a.compatible(*b))
                .map(|(_, t)| t.clone())
        });
        match pair {
            Some(t) => fits.push(Fit::Audience(t)),
            None => {
                return Err(format!(
                    "for whom: «{}» vs «{}»",
                    offer.audience[0].1, need.audience[0].1
                ));
            }
        }
    }
    for o in &offer.sizes {
        let same_kind: Vec<&Size> = need.sizes.iter().filter(|n| n.kind == o.kind).collect();
        if same_kind.is_empty() {
            continue;
        }
        match same_kind.iter().find(|n| o.lo <= n.hi && n.lo <= o.hi) {
            Some(n) => fits.push(Fit::Size(o.text.clone(), n.text.clone())),
            None => {
                return Err(format!(
                    "size: «{}» vs «{}»",
                    o.text,
                    same_kind
                        .iter()
                        .map(|n| n.text.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
    if let (Some((a, at)), Some((b, bt))) = (&offer.season, &need.season) {
        if a != b {
            return Err(format!("season: «{at}» vs «{bt}»"));
        }
        fits.push(Fit::Season(bt.clone()));
    }
    Ok(fits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(t: &str) -> Vec<(SizeKind, u32, u32)> {
        read(t).sizes.iter().map(|s| (s.kind, s.lo, s.hi)).collect()
    }

    fn aud(t: &str) -> Vec<Audience> {
        read(t).audience.iter().map(|a| a.0).collect()
    }

    #[test]
    fn audiences_in_three_languages() {
        assert_eq!(aud("чоловічий светр"), [Audience::Men]);
        assert_eq!(aud("мужская куртка"), [Audience::Men]);
        assert_eq!(aud("men's jacket"), [Audience::Men]);
        assert_eq!(aud("Одяг для жінок"), [Audience::Women]);
        assert_eq!(aud("для хлопчика 5 років"), [Audience::Boys]);
        assert_eq!(aud("на девочку"), [Audience::Girls]);
        assert_eq!(aud("чоловічки для немовлят"), [Audience::Infants]);
        assert_eq!(aud("для літніх людей"), [Audience::Elderly]);
        assert!(read("для літніх людей").season.is_none());
        assert_eq!(
            read("літній одяг").season.map(|s| s.0),
            Some(Season::Summer)
        );
        assert_eq!(aud("ковдри теплі"), []);
    }

    #[test]
    fn sizes_ages_heights() {
        assert_eq!(sizes("взуття розмір 38"), [(SizeKind::Number, 38, 38)]);
        assert_eq!(sizes("чоловіче взуття 43–45"), [(SizeKind::Number, 43, 45)]);
        assert_eq!(sizes("чоботи 38, нові"), [(SizeKind::Number, 38, 38)]);
        assert_eq!(sizes("38 розміру"), [(SizeKind::Number, 38, 38)]);
        assert_eq!(sizes("памперси розмір L"), [(SizeKind::Letter, 4, 4)]);
        assert_eq!(
            sizes("підгузки для дорослих XL"),
            [(SizeKind::Letter, 5, 5)]
        );
        assert_eq!(sizes("футболки M-L"), [(SizeKind::Letter, 3, 4)]);
        assert_eq!(sizes("одяг 3–7 років"), [(SizeKind::AgeMonths, 36, 95)]);
        assert_eq!(sizes("куртка на 5 лет"), [(SizeKind::AgeMonths, 60, 71)]);
        assert_eq!(sizes("від 3 до 7 років"), [(SizeKind::AgeMonths, 36, 95)]);
        assert_eq!(sizes("бодіки 0-6 міс"), [(SizeKind::AgeMonths, 0, 6)]);
        assert_eq!(sizes("ріст 110"), [(SizeKind::Height, 110, 110)]);
        assert_eq!(sizes("10 ковдр"), []);
        assert_eq!(sizes("ковдри 20 шт"), []);
        assert_eq!(sizes("2 шт"), []);
    }

    #[test]
    fn conflicts_and_agreements() {
        let c = |a: &str, b: &str| compare(&read(a), &read(b));
        assert!(c("чоловічий светр", "жіночий одяг").is_err());
        assert!(c("чоловічий светр", "одяг для чоловіків").unwrap().len() == 1);
        assert!(c("чоловічий светр", "одяг").unwrap().is_empty());
        assert!(c("чоботи розмір 38", "взуття чоловіче 43-45").is_err());
        assert!(c("чоботи розмір 38", "взуття 38-40").is_ok());
        assert!(c("куртка на 10 років", "одяг для дітей 3–7 років").is_err());
        assert!(c("памперси для дорослих", "підгузки дитячі").is_err());
        assert!(c("зимова куртка", "літній одяг").is_err());
        assert!(c("куртка для хлопчика", "одяг для дітей").is_ok());
        assert!(c("куртка для дівчинки", "одяг для хлопчиків").is_err());
    }
}
