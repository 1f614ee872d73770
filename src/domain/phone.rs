//! Phone numbers normalised to E.164 with Ukraine as the default region.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A valid phone number in E.164 form, e.g. `+380951679026`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Phone(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("phone: '{0}' is not a phone number")]
    NotANumber(String),
    #[error(
        "phone: '{0}' is not a valid number (expected e.g. 095 167 90 26 or +380 95 167 90 26)"
    )]
    Invalid(String),
}

impl Phone {
    /// Parse what an operator typed: `095 167 90 26`, `(095) 167-90-26`, `380951679026`,
    /// `+380 95 167 90 26`, or the old trunk form `8 095 167 90 26`.
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let trimmed = input.trim();
        let limit = super::limits::PHONE.max_chars;
        if trimmed.chars().count() > limit {
            let head: String = trimmed.chars().take(limit).collect();
            return Err(PhoneError::NotANumber(format!("{head}…")));
        }
        let digits: String = trimmed.chars().filter(|c| c.is_ascii_digit()).collect();
        if digits.len() < 5 || trimmed.chars().any(|c| c.is_alphabetic()) {
            return Err(PhoneError::NotANumber(trimmed.to_string()));
        }
        // The old Soviet trunk prefix: 8 0XX XXX XX XX (11 digits starting 80).
        // A bare 380… is the country code without its plus.
        let trunk = !trimmed.starts_with('+') && digits.len() == 11 && digits.starts_with("80");
        let bare_country = digits.len() == 12 && digits.starts_with("380");
        let candidate = if trunk {
            digits[1..].to_string()
        } else if trimmed.starts_with('+') || bare_country {
            format!("+{digits}")
        } else {
            digits
        };
        let parsed = phonenumber::parse(Some(phonenumber::country::Id::UA), &candidate)
            .map_err(|_| PhoneError::Invalid(trimmed.to_string()))?;
        if !phonenumber::is_valid(&parsed) {
            return Err(PhoneError::Invalid(trimmed.to_string()));
        }
        Ok(Phone(
            parsed.format().mode(phonenumber::Mode::E164).to_string(),
        ))
    }

    /// Trust a value that was normalised before (from the database).
    pub fn from_e164(s: impl Into<String>) -> Phone {
        Phone(s.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `+380*****9026`: enough for a partner to recognise, not enough to call.
    pub fn masked(&self) -> String {
        mask_phone(&self.0)
    }
}

/// Mask all but the country code and the last four digits.
pub fn mask_phone(e164: &str) -> String {
    let chars: Vec<char> = e164.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let keep_head = if e164.starts_with("+380") { 4 } else { 3 };
    let keep_tail = 4;
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < keep_head || i >= chars.len() - keep_tail {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spoken_form_normalises_to_e164() {
        for input in [
            "095 167 90 26",
            "(095) 167-90-26",
            "380951679026",
            "+380 95 167 90 26",
            "8 095 167 90 26",
            "0951679026",
            "+38 (095) 167-90-26",
        ] {
            assert_eq!(
                Phone::parse(input).unwrap().as_str(),
                "+380951679026",
                "{input}"
            );
        }
    }

    #[test]
    fn landlines_and_foreign_numbers_are_kept() {
        assert_eq!(
            Phone::parse("044 234 56 78").unwrap().as_str(),
            "+380442345678"
        );
        assert_eq!(
            Phone::parse("+48 512 345 678").unwrap().as_str(),
            "+48512345678"
        );
    }

    #[test]
    fn invalid_numbers_are_clear_errors() {
        assert!(matches!(Phone::parse("12"), Err(PhoneError::NotANumber(_))));
        assert!(matches!(
            Phone::parse("call me"),
            Err(PhoneError::NotANumber(_))
        ));
        let err = Phone::parse("095 167 90").unwrap_err();
        assert!(err.to_string().starts_with("phone: '095 167 90'"), "{err}");
        assert!(Phone::parse("+380 00 000 00 00").is_err());
    }

    #[test]
    fn masking_keeps_country_and_last_four() {
        assert_eq!(mask_phone("+380951679026"), "+380*****9026");
    }
}
