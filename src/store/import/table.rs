//! A partner's table: a CSV file (any delimiter, any of the encodings in `decode`) or the first
//! sheet of an .xlsx/.ods workbook, with a header row, an HXL/KoboToolbox hashtag row instead of
//! it or under it, and data rows numbered as the file numbers them (a sheet's row is its line).
//! The rows are not held: `for_each` reads them again each time it is called.

use super::decode::{Encoding, decode};
use super::{Column, Problems};
use crate::store::{Result, StoreError};
use std::collections::HashMap;

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

/// A quote that opens a field and never closes, or closes only after taking in lines that look
/// like rows of their own: reported where it opened, not as a later field's error. Fed the text
/// in pieces.
pub struct QuoteCheck {
    delimiter: u8,
    columns: usize,
    line: usize,
    in_quotes: bool,
    field_start: bool,
    /// The previous byte was a quote inside a quoted field (closing it, unless doubled).
    pending_quote: bool,
    opened: usize,
    delims_on_line: usize,
    rowlike: usize,
}

impl QuoteCheck {
    pub fn new(delimiter: u8, columns: usize) -> QuoteCheck {
        QuoteCheck {
            delimiter,
            columns,
            line: 1,
            in_quotes: false,
            field_start: true,
            pending_quote: false,
            opened: 0,
            delims_on_line: 0,
            rowlike: 0,
        }
    }

    fn close(&mut self, file: &str) -> Result<(), String> {
        self.in_quotes = false;
        if self.rowlike > 0 {
            let (opened, line, rowlike) = (self.opened, self.line, self.rowlike);
            return Err(format!(
                "{file}:{opened}: unclosed quote opened on line {opened} (it runs to line {line} \
                 and takes in {rowlike} line(s) that look like rows); close the quote or remove it"
            ));
        }
        Ok(())
    }

    pub fn feed(&mut self, file: &str, bytes: &[u8]) -> Result<(), String> {
        for &b in bytes {
            if self.pending_quote {
                self.pending_quote = false;
                if b == b'"' {
                    continue; // a doubled quote inside the field
                }
                self.close(file)?;
            }
            if self.in_quotes {
                match b {
                    b'"' => self.pending_quote = true,
                    b'\n' => {
                        if self.columns > 1 && self.delims_on_line + 1 >= self.columns {
                            self.rowlike += 1;
                        }
                        self.line += 1;
                        self.delims_on_line = 0;
                    }
                    d if d == self.delimiter => self.delims_on_line += 1,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' if self.field_start => {
                    self.in_quotes = true;
                    self.opened = self.line;
                    self.rowlike = 0;
                    self.delims_on_line = 0;
                    self.field_start = false;
                }
                b'\n' => {
                    self.line += 1;
                    self.field_start = true;
                }
                b'\r' => {}
                d if d == self.delimiter => self.field_start = true,
                _ => self.field_start = false,
            }
        }
        Ok(())
    }

    pub fn finish(mut self, file: &str) -> Result<(), String> {
        if self.pending_quote {
            self.pending_quote = false;
            self.close(file)?;
        }
        if self.in_quotes {
            let opened = self.opened;
            return Err(format!(
                "{file}:{opened}: unclosed quote opened on line {opened}; close the quote or remove it"
            ));
        }
        Ok(())
    }
}

/// [`QuoteCheck`] over a whole text.
pub fn check_quotes(file: &str, text: &str, delimiter: u8, columns: usize) -> Result<(), String> {
    let mut check = QuoteCheck::new(delimiter, columns);
    check.feed(file, text.as_bytes())?;
    check.finish(file)
}

enum Source<'a> {
    Csv {
        text: std::borrow::Cow<'a, str>,
        delimiter: u8,
    },
    /// A text file read again on each pass, decoded as it streams.
    File {
        path: std::path::PathBuf,
        encoding: Encoding,
        delimiter: u8,
    },
    Sheet {
        rows: Vec<(usize, csv::StringRecord)>,
    },
}

/// A table whose known columns have been found.
pub(super) struct Table<'a> {
    pub file: String,
    pub positions: HashMap<&'static str, usize>,
    pub warnings: Vec<String>,
    pub encoding: Option<Encoding>,
    source: Source<'a>,
    /// Data starts after this many records (the header, and a hashtag row under it).
    skip: usize,
}

fn is_hashtag_row(record: &csv::StringRecord) -> bool {
    let mut tags = record.iter().map(str::trim).filter(|f| !f.is_empty());
    let first = tags.next();
    first.is_some_and(|f| f.starts_with('#')) && tags.all(|f| f.starts_with('#'))
}

/// Does the HXL tag (`#org+name+impl`) match the pattern (`#org+name`)? The hashtag must be the
/// same and the tag must carry every attribute of the pattern.
fn hxl_matches(tag: &str, pattern: &str) -> bool {
    let tag = tag.trim().to_ascii_lowercase().replace(' ', "");
    let mut t = tag.split('+');
    let mut p = pattern.split('+');
    if t.next() != p.next() {
        return false;
    }
    let attrs: Vec<&str> = t.collect();
    p.all(|a| attrs.contains(&a))
}

fn sheet_cell(cell: &calamine::Data) -> std::result::Result<String, String> {
    use calamine::{Data, DataType};
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(_) | Data::DateTimeIso(_) => match cell.as_datetime() {
            Some(dt) if dt.time() == chrono::NaiveTime::MIN => dt.date().to_string(),
            Some(dt) => dt.to_string(),
            None => cell.to_string(),
        },
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Err(format!("the cell holds a spreadsheet error ({e})")),
    })
}

/// The largest workbook read: calamine loads a whole sheet into memory (about ten times the
/// zipped size, and more for wide sheets), so a bigger workbook is refused with advice rather
/// than running the server out of memory. CSV is streamed and has no such limit.
pub const SHEET_MAX_BYTES: u64 = 16 * 1024 * 1024;

fn check_sheet_size(file: &str, len: u64) -> Result<()> {
    if len <= SHEET_MAX_BYTES {
        return Ok(());
    }
    Err(StoreError::Rejected(vec![format!(
        "{file}: the workbook is {} MB, more than the {} MB read at once (.xlsx and .ods are read whole); save it as CSV UTF-8, which is read as a stream, or split it; nothing was imported",
        len.div_ceil(1024 * 1024),
        SHEET_MAX_BYTES / (1024 * 1024)
    )]))
}

fn read_sheet(file: &str, bytes: &[u8]) -> Result<Vec<(usize, csv::StringRecord)>> {
    use calamine::Reader;
    check_sheet_size(file, bytes.len() as u64)?;
    let reject = |reason: String| StoreError::Rejected(vec![format!("{file}: {reason}")]);
    let range = match calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)) {
        Ok(mut book) => book
            .worksheet_range_at(0)
            .ok_or_else(|| reject("the workbook has no sheet".into()))?
            .map_err(|e| reject(format!("the first sheet cannot be read ({e})")))?,
        // An OpenDocument sheet the sniffing did not recognise: ask the ODS reader itself.
        Err(_) => {
            let mut ods: calamine::Ods<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
                    .map_err(|e| reject(format!("not a spreadsheet I can read ({e})")))?;
            ods.worksheet_range_at(0)
                .ok_or_else(|| reject("the workbook has no sheet".into()))?
                .map_err(|e| reject(format!("the first sheet cannot be read ({e})")))?
        }
    };
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::with_capacity(range.height());
    let mut problems = Problems::new();
    for (i, row) in range.rows().enumerate() {
        let line = first_row as usize + i + 1;
        let mut record = csv::StringRecord::new();
        for _ in 0..first_col {
            record.push_field("");
        }
        for cell in row {
            match sheet_cell(cell) {
                Ok(text) => record.push_field(text.trim()),
                Err(reason) => {
                    problems.push(format!("{file}:{line}: {reason}"));
                    record.push_field("");
                }
            }
        }
        rows.push((line, record));
    }
    problems.finish()?;
    Ok(rows)
}

impl Table<'static> {
    /// A table of one record typed field by field (a form, `need add`), with these columns.
    pub(super) fn of_fields(names: &[&'static str]) -> Table<'static> {
        Table {
            file: String::new(),
            positions: names.iter().enumerate().map(|(i, n)| (*n, i)).collect(),
            warnings: Vec::new(),
            encoding: None,
            source: Source::Csv {
                text: std::borrow::Cow::Borrowed(""),
                delimiter: b',',
            },
            skip: 0,
        }
    }
}

impl<'a> Table<'a> {
    pub fn read(file: &str, bytes: &'a [u8], columns: &[Column]) -> Result<Table<'a>> {
        let is_zip = bytes.starts_with(b"PK\x03\x04");
        let (source, encoding) = if is_zip {
            (
                Source::Sheet {
                    rows: read_sheet(file, bytes)?,
                },
                None,
            )
        } else {
            let (text, encoding) =
                decode(file, bytes).map_err(|e| StoreError::Rejected(vec![e]))?;
            let delimiter = detect_delimiter(&text);
            (Source::Csv { text, delimiter }, Some(encoding))
        };
        Table::with_source(file, source, encoding, columns)
    }

    /// Open the file at `path`: a workbook is read whole (a sheet is loaded by calamine), a text
    /// file is only checked here and streamed on each pass.
    pub fn open(file: &str, path: &std::path::Path, columns: &[Column]) -> Result<Table<'static>> {
        let io =
            |e: std::io::Error| StoreError::Rejected(vec![format!("{file}: cannot read: {e}")]);
        let mut magic = [0u8; 4];
        let n = std::io::Read::read(&mut std::fs::File::open(path).map_err(io)?, &mut magic)
            .map_err(io)?;
        if magic[..n].starts_with(b"PK\x03\x04") {
            // Refused before it is read into memory.
            check_sheet_size(file, std::fs::metadata(path).map_err(io)?.len())?;
            let bytes = std::fs::read(path).map_err(io)?;
            let rows = read_sheet(file, &bytes)?;
            return Table::with_source(file, Source::Sheet { rows }, None, columns);
        }
        let encoding =
            super::decode::detect_file(file, path).map_err(|e| StoreError::Rejected(vec![e]))?;
        let mut first_line = Vec::new();
        std::io::BufRead::read_until(
            &mut std::io::BufReader::new(super::decode::text_reader(path, encoding).map_err(io)?),
            b'\n',
            &mut first_line,
        )
        .map_err(io)?;
        let delimiter = detect_delimiter(&String::from_utf8_lossy(&first_line));
        let source = Source::File {
            path: path.to_path_buf(),
            encoding,
            delimiter,
        };
        Table::with_source(file, source, Some(encoding), columns)
    }

    fn with_source(
        file: &str,
        source: Source<'a>,
        encoding: Option<Encoding>,
        columns: &[Column],
    ) -> Result<Table<'a>> {
        let mut table = Table {
            file: file.to_string(),
            positions: HashMap::new(),
            warnings: Vec::new(),
            encoding,
            source,
            skip: 1,
        };
        let mut head: Vec<csv::StringRecord> = Vec::new();
        table.for_each_record(0, &mut |_, r| {
            head.push(r.clone());
            Ok(head.len() < 2)
        })?;
        let Some(header) = head.first() else {
            return Err(StoreError::Rejected(vec![format!(
                "{file}:1: the file is empty"
            )]));
        };
        match &table.source {
            Source::Csv { text, delimiter } => check_quotes(file, text, *delimiter, header.len())
                .map_err(|e| StoreError::Rejected(vec![e]))?,
            Source::File {
                path,
                encoding,
                delimiter,
            } => {
                let mut check = QuoteCheck::new(*delimiter, header.len());
                let mut reader = super::decode::text_reader(path, *encoding)
                    .map_err(|e| StoreError::Rejected(vec![format!("{file}: cannot read: {e}")]))?;
                let mut buf = vec![0u8; 1 << 16];
                loop {
                    let n = std::io::Read::read(&mut reader, &mut buf).map_err(|e| {
                        StoreError::Rejected(vec![format!("{file}: cannot read: {e}")])
                    })?;
                    if n == 0 {
                        break;
                    }
                    check
                        .feed(file, &buf[..n])
                        .map_err(|e| StoreError::Rejected(vec![e]))?;
                }
                check
                    .finish(file)
                    .map_err(|e| StoreError::Rejected(vec![e]))?;
            }
            Source::Sheet { .. } => {}
        }
        let tags = match head.get(1) {
            _ if is_hashtag_row(header) => Some(header.clone()),
            Some(second) if is_hashtag_row(second) => {
                table.skip = 2;
                Some(second.clone())
            }
            _ => None,
        };
        table.map_columns(header, tags.as_ref(), columns)?;
        Ok(table)
    }

    fn map_columns(
        &mut self,
        header: &csv::StringRecord,
        tags: Option<&csv::StringRecord>,
        columns: &[Column],
    ) -> Result<()> {
        let file = &self.file;
        let mut errors = Vec::new();
        let mut unknown: Vec<String> = Vec::new();
        let width = header.len().max(tags.map(|t| t.len()).unwrap_or(0));
        for i in 0..width {
            let name = header.get(i).unwrap_or("").trim();
            let key = crate::catalogue::fold::fold(name).replace('_', " ");
            let by_name = (!name.starts_with('#'))
                .then(|| {
                    columns
                        .iter()
                        .find(|c| c.aliases.iter().any(|a| a.replace('_', " ") == key))
                })
                .flatten();
            if let Some(c) = by_name {
                if self.positions.insert(c.name, i).is_some() {
                    errors.push(format!("{file}:1: {}: the column appears twice", c.name));
                }
                continue;
            }
            let tag = tags.and_then(|t| t.get(i)).unwrap_or("").trim();
            if !tag.is_empty() {
                // Patterns in order of preference; the first column to match a field keeps it.
                let by_tag = columns.iter().find(|c| {
                    !self.positions.contains_key(c.name)
                        && c.hxl.iter().any(|p| hxl_matches(tag, p))
                });
                if let Some(c) = by_tag {
                    self.positions.insert(c.name, i);
                    continue;
                }
            }
            if name.is_empty() && tag.is_empty() {
                continue;
            }
            if super::QUIET_COLUMNS.contains(&key.replace(' ', "_").as_str())
                || super::is_running_number(name)
            {
                continue;
            }
            unknown.push(if name.is_empty() { tag } else { name }.to_string());
        }
        // A more specific column wins over the general one (our own export has both).
        for c in columns {
            if let Some(over) = c.overrides
                && self.positions.contains_key(c.name)
            {
                self.positions.remove(over);
            }
        }
        match unknown.len() {
            0 => {}
            1..=3 => {
                for u in &unknown {
                    self.warnings.push(format!(
                        "{file}:1: column '{u}' is not known and was ignored"
                    ));
                }
            }
            n => {
                let shown: Vec<String> = unknown.iter().take(3).map(|u| format!("'{u}'")).collect();
                self.warnings.push(format!(
                    "{file}:1: {n} columns are not known and were ignored: {} and {} more",
                    shown.join(", "),
                    n - 3
                ));
            }
        }
        for c in columns.iter().filter(|c| c.required) {
            if !self.positions.contains_key(c.name) {
                errors.push(format!("{file}:1: {}: required column is missing", c.name));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Rejected(errors))
        }
    }

    /// Every record from `skip` on with its line; `f` returns false to stop.
    fn for_each_record(
        &self,
        skip: usize,
        f: &mut dyn FnMut(usize, &csv::StringRecord) -> Result<bool>,
    ) -> Result<()> {
        let (input, delimiter): (Box<dyn std::io::Read + '_>, u8) = match &self.source {
            Source::Csv { text, delimiter } => (Box::new(text.as_bytes()), *delimiter),
            Source::File {
                path,
                encoding,
                delimiter,
            } => (
                super::decode::text_reader(path, *encoding).map_err(|e| {
                    StoreError::Rejected(vec![format!("{}: cannot read: {e}", self.file)])
                })?,
                *delimiter,
            ),
            Source::Sheet { rows } => {
                for (line, record) in rows.iter().skip(skip) {
                    if !f(*line, record)? {
                        break;
                    }
                }
                return Ok(());
            }
        };
        {
            {
                let mut reader = csv::ReaderBuilder::new()
                    .delimiter(delimiter)
                    .has_headers(false)
                    .flexible(true)
                    .trim(csv::Trim::All)
                    .buffer_capacity(1 << 16)
                    .from_reader(input);
                let mut record = csv::StringRecord::new();
                let mut n = 0;
                loop {
                    match reader.read_record(&mut record) {
                        Ok(false) => return Ok(()),
                        Ok(true) => {
                            n += 1;
                            if n <= skip {
                                continue;
                            }
                            let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
                            if !f(line, &record)? {
                                return Ok(());
                            }
                        }
                        Err(e) => {
                            let line = e.position().map(|p| p.line()).unwrap_or(0);
                            return Err(StoreError::Rejected(vec![format!(
                                "{}:{line}: row: {e}",
                                self.file
                            )]));
                        }
                    }
                }
            }
        }
    }

    /// Every data row that is not blank, with its line.
    pub fn for_each(
        &self,
        f: &mut dyn FnMut(usize, &csv::StringRecord) -> Result<()>,
    ) -> Result<()> {
        self.for_each_record(self.skip, &mut |line, r| {
            if !r.iter().all(|v| v.is_empty()) {
                f(line, r)?;
            }
            Ok(true)
        })
    }

    /// A field's value: trimmed, not empty, a spreadsheet escape (`'=…`) undone.
    pub fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> Option<&'r str> {
        self.positions
            .get(column)
            .and_then(|i| record.get(*i))
            .map(crate::store::export::unneutralise)
            .filter(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_detected_outside_quotes() {
        assert_eq!(detect_delimiter("a;b;c\n1;2;3"), b';');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("\"a;b;c\",d,e"), b',');
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opened() {
        let text = "org,item,quantity\nБФ Світло,ковдри,20\n\"БФ Світло,подушки,10\nБФ Світло,матраци,5\nБФ Світло,рушники,7\n";
        let err = check_quotes("f.csv", text, b',', 3).unwrap_err();
        assert!(
            err.starts_with("f.csv:3: unclosed quote opened on line 3"),
            "{err}"
        );
        // Closed much later, after swallowing rows.
        let text = "org,item,quantity\n\"БФ Світло,подушки,10\nБФ Світло,матраци,5\nБФ \"\"Світло\",рушники,7\n";
        let err = check_quotes("f.csv", text, b',', 3).unwrap_err();
        assert!(err.contains("opened on line 2"), "{err}");
        // Quotes inside a field, doubled quotes and multi-line notes are fine.
        let ok = "org,item,notes\nПрихисток \"Дім\",ковдри,\"для \"\"Дому\"\"\nдругий рядок\"\n";
        check_quotes("f.csv", ok, b',', 3).unwrap();
    }

    #[test]
    fn hxl_tags_match_by_hashtag_and_attributes() {
        assert!(hxl_matches("#org+name+impl", "#org+name"));
        assert!(hxl_matches("#ORG +name", "#org"));
        assert!(!hxl_matches("#org+type", "#org+name"));
        assert!(!hxl_matches("#organisation", "#org"));
    }
}
