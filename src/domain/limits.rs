//! One set of limits and one text check for everything a person types or a file brings in: the
//! console, the command line and every import pass their fields through here (the store's
//! constructors call it, so no path can skip it).
//!
//! The rule for text, in order:
//! 1. a NUL (U+0000) is refused anywhere;
//! 2. in multi-line fields (notes, reasons) a Windows line end `\r\n` (or a lone `\r`) becomes
//!    `\n`;
//! 3. Unicode whitespace and format characters (zero-width space, BOM, bidi marks, soft hyphen…)
//!    and the blank-looking fillers are trimmed from both ends;
//! 4. a field left empty is "empty" (an optional field is then absent); one that held only
//!    invisible characters is refused, so there is never an invisible record;
//! 5. control characters are refused, except tab and newline in multi-line fields;
//! 6. the length, in characters, is at most the field's limit.
//!
//! Quantities are whole numbers from 1 to [`QUANTITY_MAX`]; list sizes from 1 to
//! [`LIST_LIMIT_MAX`].

use finl_unicode::categories::CharacterCategories;

/// The largest quantity of anything: a need, an offer, a match (10⁹).
pub const QUANTITY_MAX: i64 = 1_000_000_000;

/// The largest `--limit` of a list or suggestion on the command line.
pub const LIST_LIMIT_MAX: u64 = 1_000_000;

/// Whether a field is one line (a name, an item) or free text (notes, a reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One line: no control character at all (no tab, no line break).
    Line,
    /// Free text: tab and newline allowed, no other control character.
    Text,
}

/// A text field's name (as messages call it), its longest length in characters and its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextLimit {
    pub field: &'static str,
    pub max_chars: usize,
    pub shape: Shape,
}

const fn line(field: &'static str, max_chars: usize) -> TextLimit {
    TextLimit {
        field,
        max_chars,
        shape: Shape::Line,
    }
}

/// A phone number as typed (`+38 (095) 123-45-67` is 19).
pub const PHONE: TextLimit = line("phone", 32);
/// A donor's name or an organisation's contact person.
pub const NAME: TextLimit = line("name", 100);
/// An organisation's name.
pub const ORGANISATION: TextLimit = line("organisation", 200);
/// An organisation's contact person.
pub const CONTACT: TextLimit = line("contact", 200);
/// What is offered or needed.
pub const ITEM: TextLimit = line("item", 200);
/// A place as typed.
pub const LOCATION: TextLimit = line("location", 200);
/// A partner's own reference for a need.
pub const PARTNER_REF: TextLimit = line("ref", 64);
/// What an organisation helps with.
pub const HELPS_WITH: TextLimit = line("helps_with", 500);
/// Notes on an offer, a need or a call (callback notes too).
pub const NOTES: TextLimit = TextLimit {
    field: "notes",
    max_chars: 2000,
    shape: Shape::Text,
};
/// Why a match was declined or cancelled.
pub const REASON: TextLimit = TextLimit {
    field: "reason",
    max_chars: 500,
    shape: Shape::Text,
};

/// Every text limit, for documentation and tests.
pub const ALL: [TextLimit; 10] = [
    PHONE,
    NAME,
    ORGANISATION,
    CONTACT,
    ITEM,
    LOCATION,
    PARTNER_REF,
    HELPS_WITH,
    NOTES,
    REASON,
];

/// A value a limit or the text check refused: `field: reason`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct FieldError {
    pub field: &'static str,
    pub reason: String,
}

impl FieldError {
    pub fn new(field: &'static str, reason: impl Into<String>) -> FieldError {
        FieldError {
            field,
            reason: reason.into(),
        }
    }
}

/// Characters that show nothing: Unicode whitespace, format characters (Cf: zero-width space and
/// joiners, BOM, bidi controls, soft hyphen, word joiner…) and the letters that render blank.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_format()
        || matches!(
            c,
            '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{2800}' | '\u{180E}'
        )
}

fn code(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

impl TextLimit {
    /// A field that must have a value: the cleaned text, or why not.
    pub fn clean(&self, text: &str) -> Result<String, FieldError> {
        self.clean_opt(Some(text))?
            .ok_or_else(|| FieldError::new(self.field, "is empty"))
    }

    /// An optional field: `None` for nothing or only spaces, else the cleaned text, or why not.
    pub fn clean_opt(&self, text: Option<&str>) -> Result<Option<String>, FieldError> {
        let Some(text) = text else { return Ok(None) };
        let err = |reason: String| Err(FieldError::new(self.field, reason));
        if text.contains('\0') {
            return err("holds a NUL character (U+0000); remove it and try again".into());
        }
        let normalised;
        let text = if self.shape == Shape::Text && text.contains('\r') {
            normalised = text.replace("\r\n", "\n").replace('\r', "\n");
            normalised.as_str()
        } else {
            text
        };
        let trimmed = text.trim_matches(is_invisible);
        if trimmed.is_empty() {
            if let Some(c) = text.chars().find(|c| !c.is_whitespace()) {
                return err(format!(
                    "holds only invisible characters ({} …); type the text again",
                    code(c)
                ));
            }
            return Ok(None);
        }
        for (i, c) in trimmed.chars().enumerate() {
            let allowed = self.shape == Shape::Text && (c == '\n' || c == '\t');
            if c.is_control() && !allowed {
                let what = match c {
                    '\n' | '\r' => "a line break".to_string(),
                    '\t' => "a tab".to_string(),
                    _ => format!("a control character {}", code(c)),
                };
                let hint = if self.shape == Shape::Line {
                    "; this field is one line"
                } else {
                    ""
                };
                return err(format!("holds {what} at character {}{hint}", i + 1));
            }
        }
        let chars = trimmed.chars().count();
        if chars > self.max_chars {
            return err(format!(
                "is {chars} characters long; at most {} are kept",
                self.max_chars
            ));
        }
        Ok(Some(trimmed.to_string()))
    }
}

/// A quantity: a whole number from 1 to [`QUANTITY_MAX`].
pub fn check_quantity(field: &'static str, quantity: i64) -> Result<i64, FieldError> {
    if (1..=QUANTITY_MAX).contains(&quantity) {
        Ok(quantity)
    } else {
        Err(FieldError::new(
            field,
            format!("{quantity} is not a whole number from 1 to {QUANTITY_MAX}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_limit_is_exact_at_its_edge() {
        for limit in ALL {
            let at = "ж".repeat(limit.max_chars);
            assert_eq!(limit.clean(&at).unwrap(), at, "{}", limit.field);
            let over = "ж".repeat(limit.max_chars + 1);
            let e = limit.clean(&over).unwrap_err();
            assert_eq!(e.field, limit.field);
            assert!(
                e.reason
                    .contains(&format!("at most {} are kept", limit.max_chars)),
                "{e}"
            );
            // Trimmed spaces do not count against the limit.
            assert_eq!(limit.clean(&format!("  {at}\u{200B} ")).unwrap(), at);
        }
    }

    #[test]
    fn quantities_run_from_one_to_a_billion() {
        assert_eq!(check_quantity("quantity", 1), Ok(1));
        assert_eq!(check_quantity("quantity", QUANTITY_MAX), Ok(QUANTITY_MAX));
        for bad in [0, -1, QUANTITY_MAX + 1, i64::MAX, i64::MIN] {
            let e = check_quantity("quantity", bad).unwrap_err();
            assert!(e.to_string().contains("from 1 to 1000000000"), "{e}");
        }
    }

    #[test]
    fn invisible_only_text_is_refused_and_plain_blank_is_empty() {
        for invisible in [
            "\u{200B}",
            "\u{200B}\u{200C}\u{200D}",
            "\u{FEFF}",
            " \u{2060} ",
            "\u{00AD}",
            "\u{202E}\u{202C}",
            "\u{3164}",
            "\u{2800}",
        ] {
            let e = ITEM.clean(invisible).unwrap_err();
            assert!(e.reason.contains("invisible"), "{invisible:?}: {e}");
            assert!(NOTES.clean_opt(Some(invisible)).is_err(), "{invisible:?}");
        }
        for blank in ["", "   ", "\u{00A0}\u{3000}\t"] {
            assert_eq!(ITEM.clean(blank).unwrap_err().reason, "is empty");
            assert_eq!(NOTES.clean_opt(Some(blank)).unwrap(), None);
        }
        assert_eq!(NOTES.clean_opt(None).unwrap(), None);
    }

    #[test]
    fn trims_invisible_ends_and_keeps_the_inside() {
        assert_eq!(
            ITEM.clean("\u{FEFF}\u{00A0}ковдри теплі\u{200B}\u{3000}")
                .unwrap(),
            "ковдри теплі"
        );
        // A joiner inside an emoji sequence is text, not decoration.
        assert_eq!(NAME.clean("Оля 👩\u{200D}⚕️").unwrap(), "Оля 👩\u{200D}⚕️");
    }

    #[test]
    fn nul_and_control_characters() {
        let e = ITEM.clean("ков\0дра").unwrap_err();
        assert!(e.reason.contains("NUL"), "{e}");
        assert!(
            NOTES
                .clean_opt(Some("a\0"))
                .unwrap_err()
                .reason
                .contains("NUL")
        );
        let e = NAME.clean("Олена\u{1b}[31m").unwrap_err();
        assert!(e.reason.contains("U+001B at character 6"), "{e}");
        assert!(
            ITEM.clean("ковдра\nподушка")
                .unwrap_err()
                .reason
                .contains("line break")
        );
        assert!(
            ITEM.clean("ковдра\tподушка")
                .unwrap_err()
                .reason
                .contains("tab")
        );
        assert_eq!(
            NOTES
                .clean_opt(Some("після 18:00\r\n\tпід'їзд 2\rкв. 5"))
                .unwrap()
                .unwrap(),
            "після 18:00\n\tпід'їзд 2\nкв. 5"
        );
        let e = REASON.clean_opt(Some("ok\u{7}")).unwrap_err();
        assert!(e.reason.contains("U+0007"), "{e}");
    }
}
