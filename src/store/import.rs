//! CSV import of needs and of the organisation directory.
//!
//! Files come from partners' spreadsheets: UTF-8 with or without BOM, or Windows-1251; `,`, `;`
//! or tab. The whole file is validated first and written in one transaction: any bad row rejects
//! the file, every problem is listed as `FILE:LINE: field: reason`, and nothing is written.

use super::{Result, Store, StoreError, needs, orgs};
use crate::domain::{Accepts, OrgKind, Phone, Unit, Urgency};
use crate::store::{NewNeed, NewOrganisation, resolve_location};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// What an import did (or, with `--dry-run`, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub organisations_created: usize,
    /// Things worth saying that did not stop the import (unknown columns).
    pub warnings: Vec<String>,
    pub dry_run: bool,
}

/// Turn the file's bytes into text: a UTF-8 BOM is dropped; bytes that are not UTF-8 are read as
/// Windows-1251, the usual encoding of spreadsheets saved by Ukrainian Excel.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1251
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The delimiter of the header line: whichever of `,` `;` tab occurs most outside quotes.
pub fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for ch in header.bytes() {
        if ch == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if ch == *d {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .map(|(d, _)| *d)
        .unwrap_or(b',')
}

/// A column the importer knows: its name and the header spellings that mean it.
struct Column {
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
}

const NEED_COLUMNS: &[Column] = &[
    Column {
        name: "ref",
        aliases: &["ref", "reference", "id", "номер", "код"],
        required: false,
    },
    Column {
        name: "organisation",
        aliases: &[
            "organisation",
            "organization",
            "org",
            "організація",
            "организация",
        ],
        required: true,
    },
    Column {
        name: "item",
        aliases: &[
            "item",
            "items",
            "що потрібно",
            "потреба",
            "товар",
            "найменування",
        ],
        required: true,
    },
    Column {
        name: "quantity",
        aliases: &["quantity", "qty", "кількість", "количество", "к сть"],
        required: true,
    },
    Column {
        name: "unit",
        aliases: &["unit", "units", "одиниця", "од", "единица", "ед"],
        required: false,
    },
    Column {
        name: "urgency",
        aliases: &[
            "urgency",
            "priority",
            "терміновість",
            "срочность",
            "пріоритет",
        ],
        required: false,
    },
    Column {
        name: "location",
        aliases: &[
            "location",
            "place",
            "city",
            "місто",
            "населений пункт",
            "город",
            "адреса",
        ],
        required: false,
    },
    Column {
        name: "condition",
        aliases: &["condition", "accepts", "стан", "состояние"],
        required: false,
    },
    Column {
        name: "needed_by",
        aliases: &["needed_by", "needed by", "deadline", "до", "термін"],
        required: false,
    },
    Column {
        name: "notes",
        aliases: &[
            "notes",
            "note",
            "comment",
            "примітки",
            "примечания",
            "коментар",
        ],
        required: false,
    },
];

const ORG_COLUMNS: &[Column] = &[
    Column {
        name: "name",
        aliases: &[
            "name",
            "organisation",
            "organization",
            "назва",
            "название",
            "організація",
        ],
        required: true,
    },
    Column {
        name: "kind",
        aliases: &["kind", "type", "тип"],
        required: false,
    },
    Column {
        name: "contact",
        aliases: &["contact", "contact person", "контакт", "контактна особа"],
        required: false,
    },
    Column {
        name: "phone",
        aliases: &["phone", "телефон", "tel"],
        required: false,
    },
    Column {
        name: "location",
        aliases: &["location", "place", "city", "місто", "город"],
        required: false,
    },
    Column {
        name: "helps_with",
        aliases: &["helps_with", "helps with", "допомагає з", "напрям"],
        required: false,
    },
];

/// A parsed CSV file: which known column sits at which position, and its records.
struct Table {
    file: String,
    positions: HashMap<&'static str, usize>,
    records: Vec<(usize, csv::StringRecord)>,
    warnings: Vec<String>,
}

impl Table {
    fn read(file: &str, bytes: &[u8], columns: &[Column]) -> Result<Table> {
        let text = decode(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(detect_delimiter(&text))
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header = reader
            .headers()
            .map_err(|e| StoreError::Rejected(vec![format!("{file}:1: header: {e}")]))?
            .clone();
        let mut positions = HashMap::new();
        let mut warnings = Vec::new();
        let mut errors = Vec::new();
        for (i, name) in header.iter().enumerate() {
            let key = crate::catalogue::fold::fold(name).replace('_', " ");
            match columns
                .iter()
                .find(|c| c.aliases.iter().any(|a| a.replace('_', " ") == key))
            {
                Some(c) => {
                    if positions.insert(c.name, i).is_some() {
                        errors.push(format!("{file}:1: {}: the column appears twice", c.name));
                    }
                }
                None if name.trim().is_empty() => {}
                None => warnings.push(format!(
                    "{file}:1: column '{}' is not known and was ignored",
                    name.trim()
                )),
            }
        }
        for c in columns.iter().filter(|c| c.required) {
            if !positions.contains_key(c.name) {
                errors.push(format!("{file}:1: {}: required column is missing", c.name));
            }
        }
        let mut records = Vec::new();
        for record in reader.records() {
            match record {
                Ok(r) => {
                    let line = r.position().map(|p| p.line() as usize).unwrap_or(0);
                    if r.iter().all(|f| f.is_empty()) {
                        continue;
                    }
                    records.push((line, r));
                }
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    errors.push(format!("{file}:{line}: row: {e}"));
                }
            }
        }
        if !errors.is_empty() {
            return Err(StoreError::Rejected(errors));
        }
        Ok(Table {
            file: file.to_string(),
            positions,
            records,
            warnings,
        })
    }

    fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> Option<&'r str> {
        self.positions
            .get(column)
            .and_then(|i| record.get(*i))
            .filter(|v| !v.is_empty())
    }
}

/// Collects `FILE:LINE: field: reason` problems for one row.
struct RowErrors<'a> {
    file: &'a str,
    line: usize,
    list: &'a mut Vec<String>,
}

impl RowErrors<'_> {
    fn push(&mut self, field: &str, reason: impl std::fmt::Display) {
        self.list.push(format!(
            "{}:{}: {}: {}",
            self.file, self.line, field, reason
        ));
    }

    /// A field that must not be empty.
    fn required(&mut self, t: &Table, r: &csv::StringRecord, field: &str) -> Option<String> {
        let value = t.get(r, field).map(str::to_string);
        if value.is_none() {
            self.push(field, "is empty");
        }
        value
    }

    /// A record through the limits and the text check (`domain::limits`); a refusal is this
    /// line's problem, naming the field.
    fn clean<T>(&mut self, record: Result<T>) -> Option<T> {
        match record {
            Ok(r) => Some(r),
            Err(StoreError::Invalid { field, reason }) => {
                self.push(field, reason);
                None
            }
            Err(other) => {
                self.push("row", other);
                None
            }
        }
    }

    fn take<T, E: std::fmt::Display>(
        &mut self,
        field: &str,
        r: std::result::Result<T, E>,
    ) -> Option<T> {
        r.map_err(|e| self.push(field, strip_field(field, &e.to_string())))
            .ok()
    }
}

/// Domain errors say `field: reason`; inside a `FILE:LINE: field:` line say the reason once.
fn strip_field(field: &str, message: &str) -> String {
    message
        .strip_prefix(field)
        .and_then(|m| m.strip_prefix(": "))
        .or_else(|| message.strip_prefix("location: "))
        .unwrap_or(message)
        .to_string()
}

/// A positive whole number, allowing «1 000» and a trailing unit («10 шт»).
pub fn parse_quantity(text: &str) -> std::result::Result<(i64, Option<Unit>), String> {
    let t = text.trim();
    let digits_end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ' ' || *c == '\u{a0}'))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    let (number, rest) = t.split_at(digits_end);
    let number: String = number.chars().filter(|c| c.is_ascii_digit()).collect();
    let unit = if rest.trim().is_empty() {
        None
    } else {
        Some(Unit::parse(rest).ok_or_else(|| format!("'{t}' is not a whole number"))?)
    };
    match number.parse::<i64>() {
        Ok(n) if (1..=crate::domain::limits::QUANTITY_MAX).contains(&n) => Ok((n, unit)),
        Ok(_) => Err(format!("'{t}' must be a whole number above zero")),
        Err(_) => Err(format!("'{t}' is not a whole number")),
    }
}

/// `2026-12-01` or `01.12.2026`.
pub fn parse_date(text: &str) -> std::result::Result<NaiveDate, String> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d.%m.%Y"))
        .map_err(|_| format!("'{t}' is not a date (use 2026-12-01 or 01.12.2026)"))
}

fn need_from_row(
    t: &Table,
    line: usize,
    r: &csv::StringRecord,
    errors: &mut Vec<String>,
) -> Option<NewNeed> {
    let mut e = RowErrors {
        file: &t.file,
        line,
        list: errors,
    };
    let before = e.list.len();
    let organisation = e.required(t, r, "organisation");
    let item = e.required(t, r, "item");
    let quantity = e
        .required(t, r, "quantity")
        .and_then(|q| e.take("quantity", parse_quantity(&q)));
    let unit = match t.get(r, "unit") {
        Some(u) => e.take(
            "unit",
            Unit::parse(u).ok_or_else(|| format!("'{u}' is not a unit I know")),
        ),
        None => quantity.and_then(|(_, u)| u),
    };
    let urgency = t
        .get(r, "urgency")
        .map(|u| e.take("urgency", u.parse::<Urgency>()))
        .unwrap_or(Some(Urgency::Normal));
    let accepts = t
        .get(r, "condition")
        .map(|c| e.take("condition", c.parse::<Accepts>()))
        .unwrap_or(Some(Accepts::Any));
    let needed_by = t
        .get(r, "needed_by")
        .map(|d| e.take("needed_by", parse_date(d)));
    let location = e.take("location", resolve_location(t.get(r, "location")));
    if e.list.len() > before {
        return None;
    }
    let need = NewNeed {
        organisation: organisation?,
        partner_ref: t.get(r, "ref").map(str::to_string),
        item: item?,
        category: None,
        quantity: quantity?.0,
        unit,
        urgency: urgency?,
        location: location?,
        accepts: accepts?,
        needed_by: needed_by.flatten(),
        notes: t.get(r, "notes").map(str::to_string),
    };
    e.clean(need.cleaned())
}

/// One need typed field by field (`aidline need add|edit`, the console's form) through exactly
/// the import's row checks: the same rules and the same `field: reason` messages, without a file
/// and line. Fields are named like the import's columns (`organisation`, `item`, `quantity`,
/// `unit`, `urgency`, `location`, `condition`, `needed_by`, `notes`, `ref`).
pub fn need_from_fields(fields: &[(&'static str, String)]) -> Result<NewNeed> {
    let table = Table {
        file: String::new(),
        positions: fields
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (*name, i))
            .collect(),
        records: Vec::new(),
        warnings: Vec::new(),
    };
    let record = csv::StringRecord::from(
        fields
            .iter()
            .map(|(_, v)| v.trim().to_string())
            .collect::<Vec<_>>(),
    );
    let mut errors = Vec::new();
    match need_from_row(&table, 0, &record, &mut errors) {
        Some(need) if errors.is_empty() => Ok(need),
        _ => Err(StoreError::Rejected(
            errors
                .into_iter()
                .map(|e| e.strip_prefix(":0: ").map(str::to_string).unwrap_or(e))
                .collect(),
        )),
    }
}

fn org_from_row(
    t: &Table,
    line: usize,
    r: &csv::StringRecord,
    errors: &mut Vec<String>,
) -> Option<NewOrganisation> {
    let mut e = RowErrors {
        file: &t.file,
        line,
        list: errors,
    };
    let before = e.list.len();
    let name = e.required(t, r, "name");
    let kind = t
        .get(r, "kind")
        .map(|k| e.take("kind", k.parse::<OrgKind>()))
        .unwrap_or(Some(OrgKind::Other));
    let phone = t.get(r, "phone").map(|p| e.take("phone", Phone::parse(p)));
    let location = e.take("location", resolve_location(t.get(r, "location")));
    if e.list.len() > before {
        return None;
    }
    let org = NewOrganisation {
        name: name?,
        kind: kind?,
        contact: t.get(r, "contact").map(str::to_string),
        phone: phone.flatten().map(|p| p.to_string()),
        location: location?,
        helps_with: t.get(r, "helps_with").map(str::to_string),
    };
    e.clean(org.cleaned())
}

/// A row parser: the record, or `None` with its problems added to the list.
type ParseRow<T> = fn(&Table, usize, &csv::StringRecord, &mut Vec<String>) -> Option<T>;

/// Parse every row of the table. A row whose key (with what to call it) repeats an earlier
/// row's is an error naming both lines. Any problem rejects the whole file.
fn validate<T>(
    table: &Table,
    parse: ParseRow<T>,
    key: impl Fn(&T) -> Option<(String, String)>,
) -> Result<Vec<(usize, T)>> {
    let mut errors = Vec::new();
    let mut rows = Vec::with_capacity(table.records.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, record) in &table.records {
        let Some(row) = parse(table, *line, record, &mut errors) else {
            continue;
        };
        if let Some((key, what)) = key(&row)
            && let Some(first) = seen.insert(key, *line)
        {
            errors.push(format!(
                "{}:{line}: {what} is already at line {first}",
                table.file
            ));
            continue;
        }
        rows.push((*line, row));
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(StoreError::Rejected(errors))
    }
}

impl ImportReport {
    fn new<T>(rows: &[T], table: &Table, dry_run: bool) -> ImportReport {
        ImportReport {
            rows: rows.len(),
            warnings: table.warnings.clone(),
            dry_run,
            ..ImportReport::default()
        }
    }
}

impl Store {
    /// Import needs from a CSV file's bytes (`file` names it in messages).
    pub fn import_needs(
        &mut self,
        file: &str,
        bytes: &[u8],
        dry_run: bool,
    ) -> Result<ImportReport> {
        let table = Table::read(file, bytes, NEED_COLUMNS)?;
        let rows = validate(&table, need_from_row, |need| {
            need.partner_ref.as_ref().map(|r| {
                (
                    format!("{}\u{0}{r}", orgs::name_key(&need.organisation)),
                    format!("ref: '{r}' of this organisation"),
                )
            })
        })?;
        let mut report = ImportReport::new(&rows, &table, dry_run);
        self.write_then(!dry_run, |w| {
            let mut errors = Vec::new();
            for (line, need) in &rows {
                let (org_id, created) = orgs::ensure(w, &need.organisation)?;
                report.organisations_created += usize::from(created);
                match needs::upsert(w, org_id, need) {
                    Ok(needs::Upsert::Created(_)) => report.created += 1,
                    Ok(needs::Upsert::Updated(_)) => report.updated += 1,
                    Err(StoreError::Invalid { field, reason }) => {
                        errors.push(format!("{file}:{line}: {field}: {reason}"))
                    }
                    Err(other) => return Err(other),
                }
            }
            if errors.is_empty() {
                Ok(())
            } else {
                Err(StoreError::Rejected(errors))
            }
        })?;
        Ok(report)
    }

    /// Import the organisation directory (insert new names, update known ones).
    pub fn import_orgs(&mut self, file: &str, bytes: &[u8], dry_run: bool) -> Result<ImportReport> {
        let table = Table::read(file, bytes, ORG_COLUMNS)?;
        let rows = validate(&table, org_from_row, |org| {
            Some((orgs::name_key(&org.name), format!("name: '{}'", org.name)))
        })?;
        let mut report = ImportReport::new(&rows, &table, dry_run);
        self.write_then(!dry_run, |w| {
            for (_, org) in &rows {
                if orgs::upsert(w, org)?.1 {
                    report.created += 1;
                } else {
                    report.updated += 1;
                }
            }
            Ok(())
        })?;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1251_and_bom_decode() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("ковдра;5");
        assert_eq!(decode(&bytes), "ковдра;5");
        assert_eq!(decode("\u{feff}a,b".as_bytes()), "a,b");
    }

    #[test]
    fn delimiters_are_detected_outside_quotes() {
        assert_eq!(detect_delimiter("a;b;c\n1;2;3"), b';');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("\"a;b;c\",d,e"), b',');
    }

    #[test]
    fn quantities_are_positive_whole_numbers() {
        assert_eq!(parse_quantity("10").unwrap(), (10, None));
        assert_eq!(parse_quantity("1 000").unwrap(), (1000, None));
        assert_eq!(parse_quantity("10 шт").unwrap(), (10, Some(Unit::Pcs)));
        assert!(parse_quantity("0").is_err());
        assert!(parse_quantity("-3").is_err());
        assert!(parse_quantity("2.5").is_err());
        assert!(parse_quantity("many").is_err());
    }

    #[test]
    fn dates_in_both_usual_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(parse_date("2026-12-01").unwrap(), d);
        assert_eq!(parse_date("01.12.2026").unwrap(), d);
        assert!(parse_date("tomorrow").is_err());
    }
}
