//! Finding and blanking a donor's phone number and name in free text, for erasure.
//!
//! A phone is found however it was written: `+380951234567`, `095 123 45 67`, `0951234567`,
//! `095-123-45-67`, `(095) 123-45-67`, `+38 (095) 123 45 67`, `8 095 123 45 67`, `380951234567`,
//! or the bare nine digits: its national digits in a run of digits joined by at most four
//! spaces, dashes, dots, slashes or brackets, with the country code, `80` or `0` before them
//! taken too. A name is found by its words in any declined form, in lower, Capitalised or UPPER
//! case (`Оксана` → `Оксани`, `Оксані`, `ОКСАНОЮ`; apostrophes `'` `’` `ʼ` alike): in other
//! people's records when two or more of its words stand side by side (`Оксану Коваленко`,
//! `Коваленко Оксана`; a first name alone is too common to blank there), in text that belongs to
//! the donor (their offers' items) every word of it.

use super::Phone;

/// What replaces an erased phone or name.
pub const ERASED: &str = "[erased]";

/// The phone and name of one donor, ready to look for.
#[derive(Debug, Clone)]
pub struct Redactor {
    /// National significant number, as digits.
    national: Vec<char>,
    /// What may stand before it, longest first: the country code, `80`, `0`.
    prefixes: Vec<Vec<char>>,
    /// Stems of the name's words (three letters or more): `оксан`, `коваленк`.
    stems: Vec<Vec<char>>,
    /// Per stem, its lower, Capitalised and UPPER forms with each apostrophe: a quick test
    /// before the word-by-word search (most texts hold none of them).
    needles: Vec<Vec<String>>,
}

fn fold(c: char) -> char {
    match c {
        '’' | 'ʼ' | '`' | '´' | 'ʹ' => '\'',
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}' | '-' | '\u{2010}'
            ..='\u{2015}' | '.' | '(' | ')' | '/'
    )
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c == '\'' || c == '’' || c == 'ʼ'
}

impl Redactor {
    pub fn new(phone: &Phone, name: Option<&str>) -> Redactor {
        let e164 = phone.as_str();
        let (national, code) = match phonenumber::parse(None, e164) {
            Ok(p) => (
                p.national().value().to_string(),
                p.code().value().to_string(),
            ),
            // Not expected for a stored phone: the digits after the first three then.
            Err(_) => {
                let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
                let split = digits.len().min(3);
                (digits[split..].to_string(), digits[..split].to_string())
            }
        };
        let mut prefixes: Vec<Vec<char>> = vec![code.chars().collect(), vec!['8', '0'], vec!['0']];
        prefixes.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        let words: Vec<&str> = name
            .map(|n| {
                n.split(|c: char| !is_word_char(c))
                    .filter(|w| !w.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let stems: Vec<Vec<char>> = words
            .iter()
            .filter(|w| w.chars().count() >= 3)
            .map(|w| {
                let mut s: Vec<char> = w.chars().map(fold).collect();
                let ending = "аяоеєіїиуюйь".contains(*s.last().expect("non-empty"));
                if s.len() >= 4 && ending {
                    s.pop();
                }
                s
            })
            .collect();
        let needles = stems.iter().map(|s| case_forms(s)).collect();
        Redactor {
            national: national.chars().collect(),
            prefixes,
            stems,
            needles,
        }
    }

    /// Whether the text may hold the phone or (`words`: one, else two) words of the name; false
    /// means it surely does not. Cheap: a digit count and substring searches.
    fn may_mention(&self, text: &str, words: bool) -> bool {
        if text.bytes().filter(u8::is_ascii_digit).count() >= self.national.len() {
            return true;
        }
        let present = self
            .needles
            .iter()
            .filter(|forms| forms.iter().any(|f| text.contains(f.as_str())))
            .count();
        present >= if words { 1 } else { 2 }
    }

    /// Char index ranges (start..end) of the phone in any written form.
    fn phone_spans(&self, chars: &[char]) -> Vec<(usize, usize)> {
        let n = self.national.len();
        if n < 5 {
            return Vec::new();
        }
        // Digits with their positions; `joined[k]`: digit k follows digit k-1 closely.
        let mut digits: Vec<(usize, char)> = Vec::new();
        let mut joined: Vec<bool> = Vec::new();
        let mut gap: Option<usize> = None;
        for (i, &c) in chars.iter().enumerate() {
            if c.is_ascii_digit() {
                joined.push(matches!(gap, Some(g) if g <= 4) && !digits.is_empty());
                digits.push((i, c));
                gap = Some(0);
            } else if is_separator(c) {
                gap = gap.map(|g| g + 1);
            } else {
                gap = None;
            }
        }
        let chain = |from: usize, to: usize| (from + 1..to).all(|k| joined[k]);
        let mut spans = Vec::new();
        let mut k = 0;
        while k + n <= digits.len() {
            let hit = digits[k..k + n]
                .iter()
                .zip(&self.national)
                .all(|((_, d), w)| d == w)
                && chain(k, k + n);
            if !hit {
                k += 1;
                continue;
            }
            let mut start = k;
            for p in &self.prefixes {
                let l = p.len();
                if k >= l
                    && digits[k - l..k].iter().map(|(_, d)| d).eq(p.iter())
                    && chain(k - l, k + 1)
                {
                    start = k - l;
                    break;
                }
            }
            // A plus sign before the number is part of it, and so is an opening bracket closed
            // inside it: `(095) 123…`, not `(0951234567)`.
            let mut first = digits[start].0;
            let end = digits[k + n - 1].0 + 1;
            let bracket_closes = chars[first..end].contains(&')');
            if first > 0 && (chars[first - 1] == '+' || chars[first - 1] == '(' && bracket_closes) {
                first -= 1;
            }
            spans.push((first, end));
            k += n;
        }
        spans
    }

    /// Words of the name (each by its stem, so in any declined form): with `words`, every one;
    /// without, only two or more of them side by side (`Оксану Коваленко`, `Коваленко Оксана`).
    fn name_spans(&self, chars: &[char], words: bool) -> Vec<(usize, usize)> {
        if self.stems.is_empty() {
            return Vec::new();
        }
        // (start, end, the stems it matches as a bit set)
        let mut found: Vec<(usize, usize, u64)> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if !is_word_char(chars[i]) {
                i += 1;
                continue;
            }
            let end = (i..chars.len())
                .find(|&j| !is_word_char(chars[j]))
                .unwrap_or(chars.len());
            let word: Vec<char> = chars[i..end].iter().map(|&c| fold(c)).collect();
            let set = self
                .stems
                .iter()
                .enumerate()
                .take(64)
                .filter(|(_, s)| word.starts_with(s) && word.len() <= s.len() + 3)
                .fold(0u64, |acc, (k, _)| acc | 1 << k);
            found.push((i, end, set));
            i = end;
        }
        if words {
            return found
                .into_iter()
                .filter(|w| w.2 != 0)
                .map(|(a, b, _)| (a, b))
                .collect();
        }
        let mut spans = Vec::new();
        let mut k = 0;
        while k < found.len() {
            let (mut used, mut j) = (0u64, k);
            while j < found.len() {
                let adjacent = j == k
                    || chars[found[j - 1].1..found[j].0]
                        .iter()
                        .all(|c| c.is_whitespace());
                let fresh = found[j].2 & !used;
                if !adjacent || fresh == 0 {
                    break;
                }
                used |= 1 << fresh.trailing_zeros();
                j += 1;
            }
            if j - k >= 2 {
                spans.push((found[k].0, found[j - 1].1));
                k = j;
            } else {
                k += 1;
            }
        }
        spans
    }

    fn spans(&self, text: &str, words: bool) -> (Vec<char>, Vec<(usize, usize)>) {
        if !self.may_mention(text, words) {
            return (Vec::new(), Vec::new());
        }
        let chars: Vec<char> = text.chars().collect();
        let mut spans = self.phone_spans(&chars);
        spans.extend(self.name_spans(&chars, words));
        spans.sort();
        (chars, spans)
    }

    /// Whether the text holds the phone (any written form) or the name (two words of it side
    /// by side).
    pub fn mentions(&self, text: &str) -> bool {
        !self.spans(text, false).1.is_empty()
    }

    /// The text with the phone and the name (two words of it side by side) replaced by
    /// [`ERASED`].
    pub fn redact(&self, text: &str) -> String {
        let (chars, spans) = self.spans(text, false);
        if spans.is_empty() {
            return text.to_string();
        }
        replace(&chars, &spans)
    }

    /// Like [`Redactor::redact`], and every word of the name in any form too (for text that
    /// belongs to the donor).
    pub fn redact_own(&self, text: &str) -> String {
        let (chars, spans) = self.spans(text, true);
        if spans.is_empty() {
            return text.to_string();
        }
        replace(&chars, &spans)
    }
}

/// A folded stem as it may be written: lower, Capitalised, UPPER, each with `'`, `’` and `ʼ`.
fn case_forms(stem: &[char]) -> Vec<String> {
    let lower: String = stem.iter().collect();
    let upper = lower.to_uppercase();
    let mut chars = lower.chars();
    let capital: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let mut forms = Vec::new();
    for form in [lower, capital, upper] {
        for apostrophe in ["'", "’", "ʼ"] {
            let f = form.replace('\'', apostrophe);
            if !forms.contains(&f) {
                forms.push(f);
            }
        }
    }
    forms
}

fn replace(chars: &[char], spans: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(chars.len());
    let mut at = 0;
    for &(start, end) in spans {
        if start < at {
            // Overlaps the previous span: extend it.
            at = at.max(end);
            continue;
        }
        out.extend(&chars[at..start]);
        out.push_str(ERASED);
        at = end;
    }
    out.extend(&chars[at.min(chars.len())..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oksana() -> Redactor {
        Redactor::new(
            &Phone::parse("095 123 45 67").unwrap(),
            Some("Оксана Коваленко"),
        )
    }

    #[test]
    fn every_written_form_of_the_phone_is_found() {
        let r = oksana();
        for form in [
            "+380951234567",
            "095 123 45 67",
            "0951234567",
            "095-123-45-67",
            "(095) 123-45-67",
            "+38 (095) 123 45 67",
            "+38 095 123-45-67",
            "8 095 123 45 67",
            "8(095)1234567",
            "380951234567",
            "951234567",
            "095.123.45.67",
            "095\u{A0}123\u{A0}45\u{A0}67",
            "0951 23 4567",
        ] {
            let text = format!("не відповідає {form}, передзвонити");
            assert!(r.mentions(&text), "{form}");
            assert_eq!(
                r.redact(&text),
                "не відповідає [erased], передзвонити",
                "{form}"
            );
        }
    }

    #[test]
    fn other_numbers_and_dates_are_left_alone() {
        let r = oksana();
        for text in [
            "095 123 45 68",
            "067 123 45 67",
            "20 ковдр, 12.03.2026, кв. 45 67",
            "номер 095 123 45 60",
            "рахунок 09512 ще 34567",
        ] {
            assert!(!r.mentions(text), "{text}");
            assert_eq!(r.redact(text), text);
        }
        assert_eq!(
            r.redact("дзвонила з 067 111 22 33, а не з 095 123 45 67"),
            "дзвонила з 067 111 22 33, а не з [erased]"
        );
    }

    #[test]
    fn the_whole_name_in_any_case_and_its_words_in_own_text() {
        let r = oksana();
        assert_eq!(
            r.redact("Питала ОКСАНА КОВАЛЕНКО, 0951234567"),
            "Питала [erased], [erased]"
        );
        // A first name alone is not blanked in other people's records…
        assert!(!r.mentions("Оксана з Полтави"));
        // …but is, in any form, in the donor's own.
        assert_eq!(
            r.redact_own("ковдри від Оксани (Коваленко)"),
            "ковдри від [erased] ([erased])"
        );
        assert_eq!(r.redact_own("ковдри теплі"), "ковдри теплі");
        let apostrophe = Redactor::new(
            &Phone::parse("067 000 00 01").unwrap(),
            Some("Мар'яна Дем'янчук"),
        );
        assert_eq!(
            apostrophe.redact("для Мар’яни, Дем’янчук Мар’яні"),
            "для Мар’яни, [erased]"
        );
        assert_eq!(
            r.redact("питав про Оксану Коваленко і Коваленка Петра"),
            "питав про [erased] і Коваленка Петра"
        );
    }

    proptest::proptest! {
        /// However the ten digits are grouped and separated, with or without a country code,
        /// the number is found and nothing of it is left.
        #[test]
        fn any_grouping_of_the_number_is_found(
            cuts in proptest::collection::vec(proptest::bool::ANY, 9),
            seps in proptest::collection::vec(
                proptest::sample::select(vec![" ", "-", ".", "\u{A0}", " - "]),
                9,
            ),
            prefix in proptest::sample::select(vec!["", "+38", "+38 ", "38", "8 "]),
            bracket in proptest::bool::ANY,
        ) {
            let digits = "0951234567";
            let mut number = String::from(prefix);
            for (i, d) in digits.chars().enumerate() {
                if bracket && i == 0 { number.push('('); }
                number.push(d);
                if bracket && i == 2 { number.push(')'); }
                if i < 9 && cuts[i] { number.push_str(seps[i]); }
            }
            let text = format!("Передзвонити: {number}, ввечері");
            let r = oksana();
            proptest::prop_assert!(r.mentions(&text), "{}", text);
            let out = r.redact(&text);
            let left: String = out.chars().filter(char::is_ascii_digit).collect();
            proptest::prop_assert_eq!(left, "", "{} -> {}", text, out);
        }
    }

    #[test]
    fn foreign_numbers() {
        let r = Redactor::new(&Phone::parse("+48 512 345 678").unwrap(), None);
        assert_eq!(r.redact("tel. +48 512-345-678 ok"), "tel. [erased] ok");
        assert_eq!(r.redact("(+48 512 345 678)"), "([erased])");
        assert_eq!(r.redact("0048"), "0048");
    }
}
