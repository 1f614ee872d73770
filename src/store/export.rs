//! The partner export: needs, offers, matches and organisations, one row per record with its
//! latest state, as CSV (RFC 4180; optionally with the HXL hashtag row, or with Excel's BOM and
//! CRLF) and, on request, as one xlsx workbook with a sheet per file. docs/EXPORT.md lists every
//! column and tag.
//!
//! All files are read from one snapshot (one read transaction) and appear whole or not at all:
//! each is written to a temporary name in the destination folder and fsynced, and only when
//! every file is complete are they renamed over last night's and the folder fsynced. A failed
//! run removes its temporary files and leaves the previous export as it was.
//!
//! Cells are spreadsheet-safe: a text that a spreadsheet would read as a formula (it begins with
//! `=`, `+`, `-`, `@`, tab, CR or LF, after any spaces and apostrophes) gets a leading `'`,
//! whatever its column; phones included. [`unneutralise`] undoes it on import. Donors' names,
//! phones, typed addresses and notes are masked or left out unless `with_contacts`.

use super::{Result, Store, StoreError};
use crate::catalogue::{Catalogue, Gazetteer};
use crate::domain::{Tally, Urgency};
use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Where the export starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// Every record.
    Everything,
    /// Records changed at or after this moment.
    From(DateTime<Utc>),
    /// Records changed since the start of the last successful export (everything the first time).
    Last,
}

/// What to export and how.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub dir: PathBuf,
    pub since: Since,
    /// Add the HXL hashtag row under the header.
    pub hxl: bool,
    /// UTF-8 BOM and CRLF line ends, so Excel shows Cyrillic from a double-click.
    pub excel: bool,
    /// Also write `aidline.xlsx`, one sheet per file.
    pub xlsx: bool,
    /// Donors' names, phones, typed addresses and notes as they are (else masked or left out).
    pub with_contacts: bool,
    /// With contacts: the organisation whose matched donors' contacts are written (every other
    /// donor stays masked). Required unless the database has no users; each donor written with
    /// contacts gets an access-log row.
    pub contacts_for: Option<String>,
    /// The zone dates and times are written in.
    pub tz: Tz,
    /// Count each file's rows first, for a progress bar.
    pub progress: bool,
}

/// What an export wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportReport {
    /// The lower bound used (`None`: everything).
    pub since: Option<DateTime<Utc>>,
    /// (file name, data rows).
    pub files: Vec<(String, u64)>,
}

/// The sheets, in the order they are written.
pub const SHEETS: [&str; 4] = ["needs", "offers", "matches", "organisations"];

/// The largest number of data rows an xlsx sheet holds (1,048,576 rows less header and tags).
const XLSX_MAX_ROWS: u64 = 1_048_574;

// ---------------------------------------------------------------------------------------------
// Spreadsheet safety

/// Characters that make a spreadsheet read a cell as a formula (or as a command, for tab/CR/LF).
const FORMULA_STARTS: [u8; 7] = [b'=', b'+', b'-', b'@', b'\t', b'\r', b'\n'];

/// Would a spreadsheet take this text for a formula? (Looks past leading spaces and apostrophes.)
fn formula_like(text: &str) -> bool {
    formula_like_bytes(text.as_bytes())
}

/// `formula_like` on a text's UTF-8 bytes (every sign it looks for is ASCII).
fn formula_like_bytes(text: &[u8]) -> bool {
    text.iter()
        .find(|&&b| b != b' ' && b != b'\'')
        .is_some_and(|b| FORMULA_STARTS.contains(b))
}

/// The text as a spreadsheet will show it, never run it: a formula-like text gets a leading `'`.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if formula_like(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Undo [`neutralise`] (for imports of our own exports): `unneutralise(neutralise(x)) == x`.
pub fn unneutralise(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => text,
    }
}

/// A phone shown to partners: `+380 95 *** ** 26` (country, operator code, last two digits).
pub fn mask_phone(e164: &str) -> String {
    let digits: String = e164.chars().filter(|c| c.is_ascii_digit()).collect();
    if let Some(national) = digits.strip_prefix("380")
        && national.len() == 9
    {
        return format!("+380 {} *** ** {}", &national[..2], &national[7..]);
    }
    if digits.len() >= 6 {
        return format!("+{} *** *** {}", &digits[..2], &digits[digits.len() - 2..]);
    }
    "***".to_string()
}

/// A donor's name shown to partners: initials only (`Олена Петренко` → `О. П.`).
pub fn mask_name(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------------
// Columns and cells

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// Text that must stay text in a spreadsheet (refs, codes, phones).
    Code,
    Int,
    Date,
    Time,
}

/// One exported column: its header, its HXL hashtag, what it holds.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub hxl: &'static str,
    kind: Kind,
}

const fn col(name: &'static str, hxl: &'static str, kind: Kind) -> Column {
    Column { name, hxl, kind }
}

/// The place columns every located record ends with, in this order.
const PLACE_COLUMNS: [Column; 10] = [
    col("place_code", "#loc+code", Kind::Code),
    col("place_name", "#loc+name", Kind::Text),
    col("settlement_name", "#adm4+name", Kind::Text),
    col("settlement_code", "#adm4+code", Kind::Code),
    col("hromada_name", "#adm3+name", Kind::Text),
    col("hromada_code", "#adm3+code", Kind::Code),
    col("raion_name", "#adm2+name", Kind::Text),
    col("raion_code", "#adm2+code", Kind::Code),
    col("oblast_name", "#adm1+name", Kind::Text),
    col("oblast_code", "#adm1+code", Kind::Code),
];

const QUANTITY_COLUMNS: [Column; 5] = [
    col("requested", "#indicator+num+requested", Kind::Int),
    col("proposed", "#indicator+num+proposed", Kind::Int),
    col("confirmed", "#indicator+num+confirmed", Kind::Int),
    col("delivered", "#indicator+num+delivered", Kind::Int),
    col("open", "#indicator+num+open", Kind::Int),
];

fn need_columns() -> Vec<Column> {
    let mut c = vec![
        col("ref", "#meta+id", Kind::Code),
        col("partner_ref", "#meta+ref+partner", Kind::Code),
        col("organisation", "#org+name", Kind::Text),
        col("organisation_ref", "#org+code", Kind::Code),
        col("organisation_type", "#org+type", Kind::Code),
        col("item", "#item+name", Kind::Text),
        col("category_code", "#item+code", Kind::Code),
        col("category_name", "#item+type", Kind::Text),
        col("unit", "#item+unit", Kind::Code),
    ];
    c.extend(QUANTITY_COLUMNS);
    c.extend([
        col("urgency", "#severity+code", Kind::Code),
        col("condition", "#item+condition", Kind::Code),
        col("status", "#status+code", Kind::Code),
        col("needed_by", "#date+end", Kind::Date),
        col("location", "#loc+name+typed", Kind::Text),
    ]);
    c.extend(PLACE_COLUMNS);
    c.extend([
        col("notes", "#description", Kind::Text),
        col("created_at", "#date+reported", Kind::Time),
        col("updated_at", "#date+updated", Kind::Time),
    ]);
    c
}

fn offer_columns() -> Vec<Column> {
    let mut c = vec![
        col("ref", "#meta+id", Kind::Code),
        col("item", "#item+name", Kind::Text),
        col("category_code", "#item+code", Kind::Code),
        col("category_name", "#item+type", Kind::Text),
        col("unit", "#item+unit", Kind::Code),
        col("offered", "#indicator+num+offered", Kind::Int),
    ];
    c.extend(QUANTITY_COLUMNS[1..].iter().copied());
    c.extend([
        col("condition", "#item+condition", Kind::Code),
        col("status", "#status+code", Kind::Code),
        col("available_until", "#date+end", Kind::Date),
        col("donor_ref", "#contributor+code", Kind::Code),
        col("donor_name", "#contributor+name", Kind::Text),
        col("donor_phone", "#contact+phone", Kind::Code),
        col("location", "#loc+name+typed", Kind::Text),
    ]);
    c.extend(PLACE_COLUMNS);
    c.extend([
        col("notes", "#description", Kind::Text),
        col("created_at", "#date+reported", Kind::Time),
        col("updated_at", "#date+updated", Kind::Time),
    ]);
    c
}

fn match_columns() -> Vec<Column> {
    vec![
        col("ref", "#meta+id", Kind::Code),
        col("offer_ref", "#meta+offer", Kind::Code),
        col("need_ref", "#meta+need", Kind::Code),
        col("need_partner_ref", "#meta+need+partner", Kind::Code),
        col("organisation", "#org+name", Kind::Text),
        col("organisation_ref", "#org+code", Kind::Code),
        col("item", "#item+name", Kind::Text),
        col("offer_item", "#item+name+offered", Kind::Text),
        col("category_code", "#item+code", Kind::Code),
        col("quantity", "#indicator+num", Kind::Int),
        col("unit", "#item+unit", Kind::Code),
        col("status", "#status+code", Kind::Code),
        col("reason", "#description", Kind::Text),
        col("created_at", "#date+reported", Kind::Time),
        col("updated_at", "#date+updated", Kind::Time),
    ]
}

fn org_columns() -> Vec<Column> {
    vec![
        col("ref", "#org+code", Kind::Code),
        col("name", "#org+name", Kind::Text),
        col("type", "#org+type", Kind::Code),
        col("contact", "#contact+name", Kind::Text),
        col("phone", "#contact+phone", Kind::Code),
        col("location", "#loc+name", Kind::Text),
        col("place_code", "#loc+code", Kind::Code),
        col("helps_with", "#sector", Kind::Text),
        col("created_at", "#date+reported", Kind::Time),
        col("updated_at", "#date+updated", Kind::Time),
    ]
}

/// The columns of one sheet (for docs and tests).
pub fn columns(sheet: &str) -> Vec<Column> {
    match sheet {
        "needs" => need_columns(),
        "offers" => offer_columns(),
        "matches" => match_columns(),
        _ => org_columns(),
    }
}

/// One cell of a row.
#[derive(Clone)]
enum Cell<'a> {
    Empty,
    Text(&'a str),
    /// A text column as SQLite holds it (UTF-8), written without decoding it again.
    Raw(&'a [u8]),
    Owned(String),
    Int(i64),
    Date(NaiveDate),
    /// Local time in the export's zone and its offset from UTC in seconds.
    Time(chrono::NaiveDateTime, i32),
    /// A short reference: `N-1042`.
    Ref(char, i64),
}

impl<'a> Cell<'a> {
    fn opt(text: Option<&'a str>) -> Cell<'a> {
        text.map(Cell::Text).unwrap_or(Cell::Empty)
    }
}

// ---------------------------------------------------------------------------------------------
// Output: the CSV file and, optionally, the workbook's sheet, written together row by row.

struct CsvOut {
    tmp: PathBuf,
    dest: PathBuf,
    writer: csv::Writer<BufWriter<File>>,
}

struct Out<'w> {
    csv: CsvOut,
    sheet: Option<(&'w mut rust_xlsxwriter::Worksheet, &'w Formats)>,
    row: u32,
    buf: String,
    bytes: Vec<u8>,
}

struct Formats {
    header: rust_xlsxwriter::Format,
    text: rust_xlsxwriter::Format,
    date: rust_xlsxwriter::Format,
    time: rust_xlsxwriter::Format,
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn csv_err(path: &Path, e: csv::Error) -> StoreError {
    match e.into_kind() {
        csv::ErrorKind::Io(source) => StoreError::Io {
            path: path.display().to_string(),
            source,
        },
        other => StoreError::Io {
            path: path.display().to_string(),
            source: std::io::Error::other(format!("{other:?}")),
        },
    }
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> StoreError {
    StoreError::invalid("xlsx", e.to_string())
}

fn push_digits(buf: &mut String, n: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut n = n;
    let mut i = digits.len();
    while n > 0 || i == digits.len() {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    for _ in (digits.len() - i)..width {
        buf.push('0');
    }
    buf.extend(digits[i..].iter().map(|d| *d as char));
}

fn write_time(buf: &mut String, t: &chrono::NaiveDateTime, offset: i32) {
    let (sign, offset) = if offset < 0 {
        ('-', -offset)
    } else {
        ('+', offset)
    };
    push_digits(buf, t.year().max(0) as u64, 4);
    buf.push('-');
    push_digits(buf, t.month().into(), 2);
    buf.push('-');
    push_digits(buf, t.day().into(), 2);
    buf.push('T');
    push_digits(buf, t.hour().into(), 2);
    buf.push(':');
    push_digits(buf, t.minute().into(), 2);
    buf.push(':');
    push_digits(buf, t.second().into(), 2);
    buf.push(sign);
    push_digits(buf, offset as u64 / 3600, 2);
    buf.push(':');
    push_digits(buf, offset as u64 % 3600 / 60, 2);
}

impl Out<'_> {
    fn header(&mut self, columns: &[Column], hxl: bool) -> Result<()> {
        let path = self.csv.dest.clone();
        self.csv
            .writer
            .write_record(columns.iter().map(|c| c.name))
            .map_err(|e| csv_err(&path, e))?;
        if hxl {
            self.csv
                .writer
                .write_record(columns.iter().map(|c| c.hxl))
                .map_err(|e| csv_err(&path, e))?;
        }
        let rows = if hxl { 2 } else { 1 };
        if let Some((ws, f)) = self.sheet.as_mut() {
            // Constant-memory sheets take rows in order: the header row, then the tag row.
            for (i, c) in columns.iter().enumerate() {
                ws.write_string_with_format(0, i as u16, c.name, &f.header)
                    .map_err(xlsx_err)?;
            }
            if hxl {
                for (i, c) in columns.iter().enumerate() {
                    ws.write_string_with_format(1, i as u16, c.hxl, &f.header)
                        .map_err(xlsx_err)?;
                }
            }
            ws.set_freeze_panes(rows, 0).map_err(xlsx_err)?;
        }
        self.row = rows;
        Ok(())
    }

    fn write_row(&mut self, columns: &[Column], cells: &[Cell<'_>]) -> Result<()> {
        let path = &self.csv.dest;
        for cell in cells {
            let field: &str = match cell {
                Cell::Empty => "",
                Cell::Text(t) => {
                    let safe = neutralise(t);
                    self.csv
                        .writer
                        .write_field(safe.as_bytes())
                        .map_err(|e| csv_err(path, e))?;
                    continue;
                }
                Cell::Raw(t) => {
                    let writer = &mut self.csv.writer;
                    let written = if formula_like_bytes(t) {
                        self.bytes.clear();
                        self.bytes.push(b'\'');
                        self.bytes.extend_from_slice(t);
                        writer.write_field(&self.bytes)
                    } else {
                        writer.write_field(t)
                    };
                    written.map_err(|e| csv_err(path, e))?;
                    continue;
                }
                Cell::Owned(t) => {
                    let safe = neutralise(t);
                    self.csv
                        .writer
                        .write_field(safe.as_bytes())
                        .map_err(|e| csv_err(path, e))?;
                    continue;
                }
                Cell::Int(n) if *n >= 0 => {
                    self.buf.clear();
                    push_digits(&mut self.buf, *n as u64, 1);
                    &self.buf
                }
                Cell::Int(n) => {
                    self.buf.clear();
                    let _ = write!(self.buf, "{n}");
                    &self.buf
                }
                Cell::Date(d) => {
                    self.buf.clear();
                    let _ = write!(self.buf, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
                    &self.buf
                }
                Cell::Time(t, offset) => {
                    self.buf.clear();
                    write_time(&mut self.buf, t, *offset);
                    &self.buf
                }
                Cell::Ref(prefix, id) => {
                    self.buf.clear();
                    self.buf.push(*prefix);
                    self.buf.push('-');
                    push_digits(&mut self.buf, (*id).max(0) as u64, 1);
                    &self.buf
                }
            };
            self.csv
                .writer
                .write_field(field.as_bytes())
                .map_err(|e| csv_err(path, e))?;
        }
        self.csv
            .writer
            .write_record(None::<&[u8]>)
            .map_err(|e| csv_err(path, e))?;
        if let Some((ws, f)) = self.sheet.as_mut() {
            let ws: &mut rust_xlsxwriter::Worksheet = ws;
            let row = self.row;
            for (i, (cell, column)) in cells.iter().zip(columns).enumerate() {
                let c = i as u16;
                match cell {
                    Cell::Empty => continue,
                    Cell::Text(t) if column.kind == Kind::Code => {
                        ws.write_string_with_format(row, c, *t, &f.text)
                    }
                    Cell::Text(t) => ws.write_string(row, c, *t),
                    Cell::Raw(t) => {
                        let t = String::from_utf8_lossy(t);
                        if column.kind == Kind::Code {
                            ws.write_string_with_format(row, c, t, &f.text)
                        } else {
                            ws.write_string(row, c, t)
                        }
                    }
                    Cell::Owned(t) if column.kind == Kind::Code => {
                        ws.write_string_with_format(row, c, t, &f.text)
                    }
                    Cell::Owned(t) => ws.write_string(row, c, t),
                    Cell::Int(n) => ws.write_number(row, c, *n as f64),
                    Cell::Date(d) => ws.write_datetime_with_format(row, c, *d, &f.date),
                    Cell::Time(t, _) => ws.write_datetime_with_format(row, c, *t, &f.time),
                    Cell::Ref(prefix, id) => {
                        ws.write_string_with_format(row, c, format!("{prefix}-{id}"), &f.text)
                    }
                }
                .map_err(xlsx_err)?;
            }
        }
        self.row += 1;
        Ok(())
    }

    /// Flush and fsync the CSV; add the sheet's filter. Returns the temporary and final paths.
    fn finish(self, columns: usize) -> Result<(PathBuf, PathBuf)> {
        let CsvOut { tmp, dest, writer } = self.csv;
        let buffered = writer.into_inner().map_err(|e| StoreError::Io {
            path: tmp.display().to_string(),
            source: std::io::Error::other(e.to_string()),
        })?;
        let file = buffered.into_inner().map_err(|e| StoreError::Io {
            path: tmp.display().to_string(),
            source: e.into_error(),
        })?;
        file.sync_all().map_err(io_err(&tmp))?;
        if let Some((ws, _)) = self.sheet {
            let last = self.row.saturating_sub(1).max(1);
            ws.autofilter(0, 0, last, columns.saturating_sub(1) as u16)
                .map_err(xlsx_err)?;
        }
        Ok((tmp, dest))
    }
}

// ---------------------------------------------------------------------------------------------
// The export

/// Lookups shared by the row mappers.
struct Ctx {
    tz: Tz,
    today: NaiveDate,
    with_contacts: bool,
    /// With `contacts_for`: the organisation and the donors matched to it (None: every donor).
    contact_scope: Option<(i64, std::collections::HashSet<i64>)>,
    /// Donors written with contacts, for the access log.
    revealed: std::cell::RefCell<std::collections::BTreeSet<i64>>,
    gaz: &'static Gazetteer,
    cat: &'static Catalogue,
    /// The zone's offset by UTC hour (zones change offset on the hour, if at all).
    offsets: std::cell::RefCell<std::collections::HashMap<i64, i32>>,
}

/// `2026-12-01T21:28:06.123Z` (how the store writes times) without the general parser.
fn parse_stored_utc(t: &str) -> Option<chrono::NaiveDateTime> {
    let b = t.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[10] != b'T' || !t.ends_with('Z') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| t.get(r)?.parse::<u32>().ok();
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?.and_hms_opt(
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    )
}

impl Ctx {
    fn time<'a>(&self, row: &Row<'_>, idx: usize) -> rusqlite::Result<Cell<'a>> {
        let Some(text) = row.get_ref(idx)?.as_str_or_null()? else {
            return Ok(Cell::Empty);
        };
        let utc = match parse_stored_utc(text) {
            Some(t) => t,
            None => match DateTime::parse_from_rfc3339(text) {
                Ok(t) => t.naive_utc(),
                Err(_) => return Ok(Cell::Empty),
            },
        };
        let hour = utc.and_utc().timestamp().div_euclid(3600);
        let offset = *self.offsets.borrow_mut().entry(hour).or_insert_with(|| {
            self.tz
                .offset_from_utc_datetime(&utc)
                .fix()
                .local_minus_utc()
        });
        Ok(Cell::Time(
            utc + chrono::Duration::seconds(offset.into()),
            offset,
        ))
    }

    fn place_name(&self, code: Option<&str>) -> Cell<'static> {
        Cell::opt(code.and_then(|c| self.gaz.get(c)).map(|p| p.name.as_str()))
    }

    /// The ten place columns from the row's place, settlement, hromada, raion and oblast codes.
    fn places<'r>(&self, row: &'r Row<'_>, first: usize, out: &mut Vec<Cell<'r>>) {
        let code = |i: usize| row.get_ref(first + i).ok().and_then(|v| v.as_str().ok());
        let (place, settlement) = (code(0), code(1));
        let place_name = self.place_name(place);
        // The place is most often the settlement itself: one lookup for both.
        let settlement_name = if settlement == place {
            place_name.clone()
        } else {
            self.place_name(settlement)
        };
        out.extend([
            Cell::opt(place),
            place_name,
            settlement_name,
            Cell::opt(settlement),
        ]);
        for i in 2..5 {
            out.push(self.place_name(code(i)));
            out.push(Cell::opt(code(i)));
        }
    }

    fn category_name(&self, id: Option<&str>) -> Cell<'static> {
        Cell::opt(id.and_then(|c| self.cat.get(c)).map(|c| c.name_uk.as_str()))
    }
}

fn text<'r>(row: &'r Row<'_>, idx: usize) -> rusqlite::Result<Cell<'r>> {
    Ok(row
        .get_ref(idx)?
        .as_bytes_or_null()?
        .map_or(Cell::Empty, Cell::Raw))
}

fn reference(prefix: char, id: i64) -> Cell<'static> {
    Cell::Ref(prefix, id)
}

const NEED_SQL: &str = "SELECT n.id, n.ref, o.name, o.id, o.kind, n.item, n.category, n.unit,
        n.quantity, n.proposed, n.confirmed, n.delivered, n.urgency, n.accepts, n.closed,
        n.needed_by, n.location, n.place_code, n.settlement_code, n.hromada_code, n.raion_code,
        n.oblast_code, n.notes, n.created_at, n.updated_at
    FROM needs n JOIN organisations o ON o.id = n.org_id
    WHERE ?1 IS NULL OR n.updated_at >= ?1 ORDER BY n.id";

fn need_row<'r>(ctx: &Ctx, r: &'r Row<'_>, out: &mut Vec<Cell<'r>>) -> rusqlite::Result<()> {
    let tally = Tally {
        total: r.get(8)?,
        proposed: r.get(9)?,
        confirmed: r.get(10)?,
        delivered: r.get(11)?,
    };
    let needed_by = r
        .get_ref(15)?
        .as_str_or_null()?
        .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok());
    let category = r.get_ref(6)?.as_str_or_null()?;
    out.extend([
        reference('N', r.get(0)?),
        text(r, 1)?,
        text(r, 2)?,
        reference('G', r.get(3)?),
        text(r, 4)?,
        text(r, 5)?,
        Cell::opt(category),
        ctx.category_name(category),
        text(r, 7)?,
        Cell::Int(tally.total),
        Cell::Int(tally.proposed),
        Cell::Int(tally.confirmed),
        Cell::Int(tally.delivered),
        Cell::Int(tally.open()),
        Cell::Text(Urgency::from_rank(r.get(12)?).as_str()),
        text(r, 13)?,
        Cell::Text(tally.need_status(r.get(14)?, needed_by, ctx.today).as_str()),
        needed_by.map(Cell::Date).unwrap_or(Cell::Empty),
        text(r, 16)?,
    ]);
    ctx.places(r, 17, out);
    out.extend([text(r, 22)?, ctx.time(r, 23)?, ctx.time(r, 24)?]);
    Ok(())
}

const OFFER_SQL: &str = "SELECT f.id, f.item, f.category, f.unit,
        f.quantity, f.proposed, f.confirmed, f.delivered, f.condition, f.withdrawn,
        f.available_until, d.id, d.name, d.phone, f.location, f.place_code, f.settlement_code,
        f.hromada_code, f.raion_code, f.oblast_code, f.notes, f.created_at, f.updated_at
    FROM offers f JOIN donors d ON d.id = f.donor_id
    WHERE ?1 IS NULL OR f.updated_at >= ?1 ORDER BY f.id";

fn offer_row<'r>(ctx: &Ctx, r: &'r Row<'_>, out: &mut Vec<Cell<'r>>) -> rusqlite::Result<()> {
    let tally = Tally {
        total: r.get(4)?,
        proposed: r.get(5)?,
        confirmed: r.get(6)?,
        delivered: r.get(7)?,
    };
    let until = r
        .get_ref(10)?
        .as_str_or_null()?
        .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok());
    let category = r.get_ref(2)?.as_str_or_null()?;
    let name = r.get_ref(12)?.as_str_or_null()?;
    let phone = r.get_ref(13)?.as_str_or_null()?;
    let donor_id: i64 = r.get(11)?;
    let contacts = ctx.with_contacts
        && ctx
            .contact_scope
            .as_ref()
            .is_none_or(|(_, donors)| donors.contains(&donor_id));
    if contacts && phone.is_some() {
        ctx.revealed.borrow_mut().insert(donor_id);
    }
    let (name, phone, location, notes) = if contacts {
        (
            Cell::opt(name),
            Cell::opt(phone),
            text(r, 14)?,
            text(r, 20)?,
        )
    } else {
        // The typed location can be a street address: partners get the resolved place only.
        (
            name.map(|n| Cell::Owned(mask_name(n)))
                .unwrap_or(Cell::Empty),
            phone
                .map(|p| Cell::Owned(mask_phone(p)))
                .unwrap_or(Cell::Empty),
            Cell::Empty,
            Cell::Empty,
        )
    };
    out.extend([
        reference('O', r.get(0)?),
        text(r, 1)?,
        Cell::opt(category),
        ctx.category_name(category),
        text(r, 3)?,
        Cell::Int(tally.total),
        Cell::Int(tally.proposed),
        Cell::Int(tally.confirmed),
        Cell::Int(tally.delivered),
        Cell::Int(tally.open()),
        text(r, 8)?,
        Cell::Text(tally.offer_status(r.get(9)?, until, ctx.today).as_str()),
        until.map(Cell::Date).unwrap_or(Cell::Empty),
        reference('D', r.get(11)?),
        name,
        phone,
        location,
    ]);
    ctx.places(r, 15, out);
    out.extend([notes, ctx.time(r, 21)?, ctx.time(r, 22)?]);
    Ok(())
}

const MATCH_SQL: &str = "SELECT m.id, m.offer_id, m.need_id, n.ref, o.name, o.id, n.item,
        f.item, n.category, m.quantity, n.unit, m.status, m.reason, m.created_at, m.updated_at
    FROM matches m JOIN needs n ON n.id = m.need_id JOIN offers f ON f.id = m.offer_id
        JOIN organisations o ON o.id = n.org_id
    WHERE ?1 IS NULL OR m.updated_at >= ?1 ORDER BY m.id";

fn match_row<'r>(ctx: &Ctx, r: &'r Row<'_>, out: &mut Vec<Cell<'r>>) -> rusqlite::Result<()> {
    out.extend([
        reference('M', r.get(0)?),
        reference('O', r.get(1)?),
        reference('N', r.get(2)?),
        text(r, 3)?,
        text(r, 4)?,
        reference('G', r.get(5)?),
        text(r, 6)?,
        text(r, 7)?,
        text(r, 8)?,
        Cell::Int(r.get(9)?),
        text(r, 10)?,
        text(r, 11)?,
        // A decline reason can quote the donor ("не відповідає 095…"): contacts only.
        if ctx.with_contacts
            && ctx
                .contact_scope
                .as_ref()
                .is_none_or(|(org, _)| r.get::<_, i64>(5).is_ok_and(|o| o == *org))
        {
            text(r, 12)?
        } else {
            Cell::Empty
        },
        ctx.time(r, 13)?,
        ctx.time(r, 14)?,
    ]);
    Ok(())
}

const ORG_SQL: &str = "SELECT id, name, kind, contact, phone, location, place_code, helps_with,
        created_at, updated_at
    FROM organisations WHERE ?1 IS NULL OR updated_at >= ?1 ORDER BY id";

fn org_row<'r>(ctx: &Ctx, r: &'r Row<'_>, out: &mut Vec<Cell<'r>>) -> rusqlite::Result<()> {
    out.extend([
        reference('G', r.get(0)?),
        text(r, 1)?,
        text(r, 2)?,
        text(r, 3)?,
        text(r, 4)?,
        text(r, 5)?,
        text(r, 6)?,
        text(r, 7)?,
        ctx.time(r, 8)?,
        ctx.time(r, 9)?,
    ]);
    Ok(())
}

type MapRow = for<'r> fn(&Ctx, &'r Row<'_>, &mut Vec<Cell<'r>>) -> rusqlite::Result<()>;

fn sheet_spec(sheet: &str) -> (&'static str, &'static str, MapRow) {
    match sheet {
        "needs" => ("needs", NEED_SQL, need_row),
        "offers" => ("offers", OFFER_SQL, offer_row),
        "matches" => ("matches", MATCH_SQL, match_row),
        _ => ("organisations", ORG_SQL, org_row),
    }
}

/// Temporary files of one run, removed unless the run completes.
struct Pending(Vec<PathBuf>);

impl Drop for Pending {
    fn drop(&mut self) {
        for p in &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn temp_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(".{name}.partial-{}", std::process::id()))
}

/// Make `dir` durable after renames in it.
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err(dir))
}

fn since_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Store {
    /// The start of the last successful export, if any.
    pub fn last_export(&self) -> Result<Option<DateTime<Utc>>> {
        let text: Option<String> = self
            .conn()
            .query_row(
                "SELECT started_at FROM exports ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(text
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&Utc)))
    }

    /// Export to `opts.dir` (see the module doc). `progress(sheet, done, total)` is called now and
    /// then.
    pub fn export(
        &mut self,
        opts: &ExportOptions,
        progress: &mut dyn FnMut(&str, u64, u64),
    ) -> Result<ExportReport> {
        self.require(super::access::Permission::Export, None)?;
        let contact_scope = if opts.with_contacts {
            self.require(super::access::Permission::ExportContacts, None)?;
            match opts.contacts_for.as_deref() {
                Some(name) => {
                    let org: i64 = self
                        .conn()
                        .query_row(
                            "SELECT id FROM organisations WHERE name_key = ?1",
                            [super::orgs::name_key(name)],
                            |r| r.get(0),
                        )
                        .optional()?
                        .ok_or_else(|| StoreError::NotFound {
                            what: "organisation",
                            reference: name.to_string(),
                        })?;
                    let donors = self
                        .conn()
                        .prepare(
                            "SELECT DISTINCT f.donor_id FROM matches m
                             JOIN offers f ON f.id = m.offer_id JOIN needs n ON n.id = m.need_id
                             WHERE n.org_id = ?1",
                        )?
                        .query_map([org], |r| r.get(0))?
                        .collect::<rusqlite::Result<_>>()?;
                    Some((org, donors))
                }
                None if self.actor().local => None,
                None => {
                    return Err(StoreError::invalid(
                        "org",
                        "the export with contacts is for one organisation: add --org NAME",
                    ));
                }
            }
        } else {
            None
        };
        let started = self.clock().now();
        let since = match opts.since {
            Since::Everything => None,
            Since::From(t) => Some(t),
            Since::Last => self.last_export()?,
        };
        std::fs::create_dir_all(&opts.dir).map_err(io_err(&opts.dir))?;
        let ctx = Ctx {
            tz: opts.tz,
            today: opts.tz.from_utc_datetime(&started.naive_utc()).date_naive(),
            with_contacts: opts.with_contacts,
            contact_scope,
            revealed: Default::default(),
            gaz: Gazetteer::builtin(),
            cat: Catalogue::builtin(),
            offsets: Default::default(),
        };
        let since_param = since.map(since_text);
        let mut pending = Pending(Vec::new());
        let mut renames = Vec::new();
        let mut report = ExportReport {
            since,
            files: Vec::new(),
        };
        let mut workbook = opts.xlsx.then(rust_xlsxwriter::Workbook::new);
        let formats = Formats {
            header: rust_xlsxwriter::Format::new().set_bold(),
            text: rust_xlsxwriter::Format::new().set_num_format("@"),
            date: rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd"),
            time: rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        };
        {
            // One snapshot for every file: a read transaction (WAL readers see one commit).
            let tx = self.conn().unchecked_transaction()?;
            for sheet in SHEETS {
                let (name, sql, map) = sheet_spec(sheet);
                let columns = columns(sheet);
                // The count costs a scan: only for a progress bar or the xlsx row limit.
                let total: i64 = if opts.progress || opts.xlsx {
                    tx.query_row(
                        &format!("SELECT count(*) FROM ({sql})"),
                        params![since_param],
                        |r| r.get(0),
                    )?
                } else {
                    0
                };
                let total = total as u64;
                if opts.xlsx && total > XLSX_MAX_ROWS {
                    return Err(StoreError::invalid(
                        "xlsx",
                        format!(
                            "{name} has {total} rows, more than a sheet holds ({XLSX_MAX_ROWS}); \
                             export without --xlsx"
                        ),
                    ));
                }
                let file_name = format!("{name}.csv");
                let dest = opts.dir.join(&file_name);
                let tmp = temp_path(&opts.dir, &file_name);
                pending.0.push(tmp.clone());
                let file = File::create(&tmp).map_err(io_err(&tmp))?;
                let mut buffered = BufWriter::with_capacity(1 << 20, file);
                if opts.excel {
                    buffered.write_all(b"\xEF\xBB\xBF").map_err(io_err(&tmp))?;
                }
                let writer = csv::WriterBuilder::new()
                    .terminator(if opts.excel {
                        csv::Terminator::CRLF
                    } else {
                        csv::Terminator::Any(b'\n')
                    })
                    .from_writer(buffered);
                let sheet_ws = match workbook.as_mut() {
                    Some(wb) => {
                        let ws = wb.add_worksheet_with_constant_memory().map_err(xlsx_err)?;
                        ws.set_name(name).map_err(xlsx_err)?;
                        Some((ws, &formats))
                    }
                    None => None,
                };
                let mut out = Out {
                    csv: CsvOut { tmp, dest, writer },
                    sheet: sheet_ws,
                    row: 0,
                    buf: String::with_capacity(64),
                    bytes: Vec::with_capacity(256),
                };
                out.header(&columns, opts.hxl)?;
                let mut stmt = tx.prepare(sql)?;
                let mut rows = stmt.query(params![since_param])?;
                let mut done = 0u64;
                progress(name, 0, total);
                while let Some(row) = rows.next()? {
                    let mut cells = Vec::with_capacity(columns.len());
                    map(&ctx, row, &mut cells)?;
                    debug_assert_eq!(cells.len(), columns.len(), "{name}");
                    out.write_row(&columns, &cells)?;
                    done += 1;
                    if done.is_multiple_of(16_384) {
                        progress(name, done, total);
                    }
                }
                progress(name, done, total);
                renames.push(out.finish(columns.len())?);
                report.files.push((file_name, done));
            }
            tx.finish()?;
        }
        if let Some(mut wb) = workbook {
            let dest = opts.dir.join("aidline.xlsx");
            let tmp = temp_path(&opts.dir, "aidline.xlsx");
            pending.0.push(tmp.clone());
            wb.save(&tmp).map_err(xlsx_err)?;
            File::open(&tmp)
                .and_then(|f| f.sync_all())
                .map_err(io_err(&tmp))?;
            renames.push((tmp, dest));
            report.files.push((
                "aidline.xlsx".into(),
                report.files.iter().map(|(_, n)| n).sum(),
            ));
        }
        // Every file is complete: put them in place, then make the renames durable. A
        // destination that cannot be replaced by a file fails the run before any rename.
        for (_, dest) in &renames {
            if dest.is_dir() {
                return Err(StoreError::Io {
                    path: dest.display().to_string(),
                    source: std::io::Error::other("a folder is in the way of the file"),
                });
            }
        }
        // Every donor written with contacts is in the access log before the files appear.
        let revealed = std::mem::take(&mut *ctx.revealed.borrow_mut());
        if !revealed.is_empty() {
            let why = match &ctx.contact_scope {
                Some((org, _)) => format!("export G-{org}"),
                None => "export".to_string(),
            };
            self.write(|w| {
                for d in &revealed {
                    w.log_access(*d, &why)?;
                }
                Ok(())
            })?;
        }
        for (tmp, dest) in &renames {
            std::fs::rename(tmp, dest).map_err(io_err(dest))?;
        }
        pending.0.clear();
        sync_dir(&opts.dir)?;
        let rows: u64 = report.files.iter().take(SHEETS.len()).map(|(_, n)| n).sum();
        let dir = opts.dir.display().to_string();
        let since_param = since_param.clone();
        self.write(|w| {
            w.tx.execute(
                "INSERT INTO exports (started_at, finished_at, since, dir, rows)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![since_text(started), w.now, since_param, dir, rows as i64],
            )?;
            Ok(())
        })?;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_undone() {
        for t in [
            "=1+1",
            "+380951679026",
            "-5",
            "@SUM(A1)",
            "\tx",
            "\rx",
            " =x",
            "'=x",
        ] {
            let safe = neutralise(t);
            assert!(safe.starts_with('\''), "{t:?} -> {safe:?}");
            assert_eq!(unneutralise(&safe), t);
        }
        for t in ["ковдри", "'quoted", "10", "", "a=b"] {
            assert_eq!(neutralise(t), t);
            assert_eq!(unneutralise(t), t);
        }
    }

    #[test]
    fn stored_times_are_written_in_the_zone() {
        let utc = parse_stored_utc("2026-12-01T21:28:06.123Z").unwrap();
        let mut buf = String::new();
        write_time(&mut buf, &(utc + chrono::Duration::hours(2)), 7200);
        assert_eq!(buf, "2026-12-01T23:28:06+02:00");
        assert!(parse_stored_utc("2026-12-01T21:28:06+02:00").is_none());
        let mut buf = String::new();
        push_digits(&mut buf, 0, 1);
        push_digits(&mut buf, 7, 2);
        push_digits(&mut buf, 9_000_000_000, 1);
        assert_eq!(buf, "0079000000000");
    }

    #[test]
    fn phones_and_names_are_masked() {
        assert_eq!(mask_phone("+380951679026"), "+380 95 *** ** 26");
        assert_eq!(mask_phone("+48512345678"), "+48 *** *** 78");
        assert_eq!(mask_name("Олена Петренко"), "О. П.");
        assert_eq!(mask_name("  оксана "), "о.");
    }

    #[test]
    fn every_sheet_has_a_tag_for_every_column() {
        for sheet in SHEETS {
            for c in columns(sheet) {
                assert!(c.hxl.starts_with('#'), "{sheet}.{}", c.name);
            }
        }
    }
}
