//! Text folding shared by the catalogue, the gazetteer and the matcher.
//!
//! `fold` makes the comparison key for Cyrillic and Latin text alike: NFC, Unicode lowercase,
//! `ё`→`е`, the three apostrophes (`'` `’` `ʼ`) made one, punctuation turned to spaces and runs of
//! white space collapsed. `latin` gives the official Ukrainian transliteration (KMU 2010 No. 55) of
//! folded text, with Russian-only letters mapped the nearest way, so «ковдра» and «kovdra» meet.

use unicode_normalization::UnicodeNormalization;

/// The one apostrophe every variant is folded to.
pub const APOSTROPHE: char = '\'';

/// Fold text for comparison: see the module doc.
///
/// Text of plain ASCII and precomposed Cyrillic (what the catalogue, the codifier and nearly
/// every typed word are) takes a fast path that needs no normalisation; anything else goes
/// through NFC and Unicode lowercase. Both give the same result (tested over every synonym and
/// every place name).
pub fn fold(text: &str) -> String {
    let simple = text
        .chars()
        .all(|c| c.is_ascii() || ('\u{0400}'..='\u{045F}').contains(&c) || c == 'Ґ' || c == 'ґ');
    if !simple {
        return fold_general(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        let c = match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            'Ґ' => 'ґ',
            '\u{0400}'..='\u{040F}' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
            '\u{0410}'..='\u{042F}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
            'ё' => 'е',
            '`' => APOSTROPHE,
            c => c,
        };
        let c = if c == 'ё' { 'е' } else { c };
        if c.is_ascii_alphanumeric() || c == APOSTROPHE || c == '+' || !c.is_ascii() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

/// The general path of [`fold`], for any Unicode text.
fn fold_general(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.nfc().flat_map(char::to_lowercase) {
        let ch = match ch {
            'ё' => 'е',
            '\'' | '’' | 'ʼ' | '`' | '‘' | 'ʹ' => APOSTROPHE,
            c => c,
        };
        if ch.is_alphanumeric() || ch == APOSTROPHE || ch == '+' {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(ch);
        } else {
            pending_space = true;
        }
    }
    out
}

/// Split folded text into words (apostrophes stay inside words).
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(' ').filter(|w| !w.is_empty())
}

fn is_cyrillic(ch: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&ch)
}

/// True when the text holds at least one Cyrillic letter.
pub fn has_cyrillic(text: &str) -> bool {
    text.chars().any(is_cyrillic)
}

/// Official Ukrainian transliteration of already folded text (positional forms for є, ї, й, ю, я
/// at the start of a word; `зг` → `zgh`; apostrophes and soft signs dropped). Latin text passes
/// through unchanged, so `latin(fold(x))` is a key for either script.
pub fn latin(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len() + 8);
    let mut at_word_start = true;
    let mut prev: Option<char> = None;
    for ch in folded.chars() {
        let initial = at_word_start;
        let piece: &str = match ch {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => {
                if prev == Some('з') {
                    "gh"
                } else {
                    "h"
                }
            }
            'ґ' => "g",
            'д' => "d",
            'е' | 'э' => "e",
            'є' => {
                if initial {
                    "ye"
                } else {
                    "ie"
                }
            }
            'ж' => "zh",
            'з' => "z",
            'и' | 'ы' => "y",
            'і' => "i",
            'ї' => {
                if initial {
                    "yi"
                } else {
                    "i"
                }
            }
            'й' => {
                if initial {
                    "y"
                } else {
                    "i"
                }
            }
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ь' | 'ъ' | APOSTROPHE => "",
            'ю' => {
                if initial {
                    "yu"
                } else {
                    "iu"
                }
            }
            'я' => {
                if initial {
                    "ya"
                } else {
                    "ia"
                }
            }
            _ => {
                out.push(ch);
                at_word_start = ch == ' ';
                prev = Some(ch);
                continue;
            }
        };
        out.push_str(piece);
        at_word_start = false;
        prev = Some(ch);
    }
    out
}

/// Remove control characters so text from the database or a file is shown inert.
pub fn inert(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_yo_and_apostrophes_fold_together() {
        assert_eq!(fold("КОВДРА"), "ковдра");
        assert_eq!(fold("Ковдра"), fold("ковдра"));
        assert_eq!(fold("Ёлка"), "елка");
        assert_eq!(fold("м’ясо"), fold("мʼясо"));
        assert_eq!(fold("м'ясо"), fold("м’ясо"));
        assert_eq!(fold("  Теплі   речі,  куртки!"), "теплі речі куртки");
    }

    #[test]
    fn nfc_composes_decomposed_letters() {
        // «й» written as и + combining breve
        assert_eq!(fold("и\u{0306}"), "й");
        assert_eq!(fold("ї"), fold("і\u{0308}"));
    }

    #[test]
    fn official_transliteration() {
        assert_eq!(latin(&fold("Ковдра")), "kovdra");
        assert_eq!(latin(&fold("Харків")), "kharkiv");
        assert_eq!(latin(&fold("Київ")), "kyiv");
        assert_eq!(latin(&fold("Згорани")), "zghorany");
        assert_eq!(latin(&fold("Юрій")), "yurii");
        assert_eq!(latin(&fold("Яготин")), "yahotyn");
        assert_eq!(latin(&fold("Щастя")), "shchastia");
        assert_eq!(latin(&fold("blanket")), "blanket");
    }

    #[test]
    fn the_fast_path_equals_the_general_one() {
        let mut samples: Vec<String> = include_str!("../../data/catalogue/synonyms.csv")
            .lines()
            .chain(include_str!("../../data/places/katottg.csv").lines())
            .map(str::to_string)
            .collect();
        for s in [
            "КОВДРА, Ковдри!",
            "Ёлка-Палка",
            "м'ясо м`ясо",
            "  Теплі   речі,  куртки! ",
            "ҐАНОК ґанок",
            "Ѐ Ѝ Ў Џ ЀЃЄЅІЇЈЉЊЋЌЍЎЏ",
            "б/у 2шт. + 3",
            "ПОДГУЗНИКИ-трусики",
            "tab\tnew\nline",
            "100%",
            "a_b",
            "",
        ] {
            samples.push(s.to_string());
        }
        for s in samples {
            assert_eq!(fold(&s), fold_general(&s), "{s:?}");
        }
    }

    #[test]
    fn control_characters_are_made_inert() {
        assert_eq!(inert("a\u{1b}[2Jb\nc"), "a [2Jb c");
    }
}
