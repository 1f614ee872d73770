//! Field values as partners write them: quantities with units, dates in the usual forms.

use crate::domain::Unit;
use chrono::NaiveDate;

/// A positive whole number, allowing «1 000» and a trailing unit («10 шт», «5м3», «3 мішки»).
/// An unknown trailing unit is kept as written.
pub fn parse_quantity(text: &str) -> Result<(i64, Option<Unit>), String> {
    let t = text.trim();
    let digits_end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ' ' || *c == '\u{a0}' || *c == '\u{202f}'))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    let (number, rest) = t.split_at(digits_end);
    let number: String = number.chars().filter(|c| c.is_ascii_digit()).collect();
    let unit = if rest.trim().is_empty() {
        None
    } else if rest.starts_with([',', '.']) && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return Err(format!("'{t}' is not a whole number"));
    } else {
        Some(Unit::parse_or_keep(rest).ok_or_else(|| format!("'{t}' is not a whole number"))?)
    };
    match number.parse::<i64>() {
        Ok(n) if (1..=crate::domain::limits::QUANTITY_MAX).contains(&n) => Ok((n, unit)),
        Ok(_) => Err(format!("'{t}' must be a whole number above zero")),
        Err(_) => Err(format!("'{t}' is not a whole number")),
    }
}

/// `2026-12-01`, `01.12.2026`, `01.12.26` (2026, never 0026), `1/12/2026`, `01-12-2026`, and a
/// spreadsheet's `2026-12-01 00:00:00`. A year before 2000 or a day that does not exist is an
/// error.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    // A spreadsheet date cell read as text: the time of day is midnight, drop it.
    let day = t
        .split_once(['T', ' '])
        .filter(|(d, time)| d.len() == 10 && time.starts_with("00:00"))
        .map(|(d, _)| d)
        .unwrap_or(t);
    let parts: Vec<&str> = day.split(['.', '/', '-']).collect();
    let bad = || format!("'{t}' is not a date (use 01.12.2026, 01.12.26 or 2026-12-01)");
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(bad());
    }
    let num = |s: &str| s.parse::<u32>().map_err(|_| bad());
    let (year, month, day) = if parts[0].len() == 4 {
        (parts[0], num(parts[1])?, num(parts[2])?)
    } else {
        (parts[2], num(parts[1])?, num(parts[0])?)
    };
    let year: i32 = match year.len() {
        2 => 2000 + year.parse::<i32>().map_err(|_| bad())?,
        4 => year.parse().map_err(|_| bad())?,
        _ => return Err(bad()),
    };
    if year < 2000 {
        return Err(format!("'{t}': the year {year} is before 2000"));
    }
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("'{t}' is not a real date (no such day)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_positive_whole_numbers() {
        assert_eq!(parse_quantity("10").unwrap(), (10, None));
        assert_eq!(parse_quantity("1 000").unwrap(), (1000, None));
        assert_eq!(parse_quantity("10 шт").unwrap(), (10, Some(Unit::Pcs)));
        assert_eq!(parse_quantity("5м3").unwrap(), (5, Some(Unit::CubicMetres)));
        assert_eq!(parse_quantity("3 мішки").unwrap(), (3, Some(Unit::Bags)));
        assert_eq!(
            parse_quantity("4 відра").unwrap(),
            (4, Some(Unit::Other("відра")))
        );
        assert!(parse_quantity("0").is_err());
        assert!(parse_quantity("-3").is_err());
        assert!(parse_quantity("2.5").is_err());
        assert!(parse_quantity("2,5 т").is_err());
        assert!(parse_quantity("many").is_err());
    }

    #[test]
    fn dates_in_every_usual_form() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        for text in [
            "2026-12-01",
            "01.12.2026",
            "1.12.2026",
            "01.12.26",
            "01/12/2026",
            "1/12/26",
            "01-12-2026",
            "2026-12-01 00:00:00",
            "2026-12-01T00:00:00",
        ] {
            assert_eq!(parse_date(text).unwrap(), d, "{text}");
        }
        assert!(parse_date("tomorrow").is_err());
        assert!(
            parse_date("31.02.2026")
                .unwrap_err()
                .contains("not a real date")
        );
        assert!(
            parse_date("01.12.1926")
                .unwrap_err()
                .contains("before 2000")
        );
        assert!(
            parse_date("0026-12-01")
                .unwrap_err()
                .contains("before 2000")
        );
        assert!(parse_date("01.12.026").is_err());
    }
}
