//! Turning a file's bytes into text: UTF-8 with or without BOM, UTF-16 LE/BE with BOM (Excel's
//! "Unicode text"), or Windows-1251 (Ukrainian Excel's "CSV"). The encoding is decided from the
//! whole file, not its first bytes, and decoding is strict: a byte that does not belong (one
//! stray Windows-1251 byte in a UTF-8 file) refuses the file, naming its line, column and byte.

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1251,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
            Encoding::Windows1251 => "Windows-1251",
        }
    }
}

pub(crate) const HOW_TO_SAVE: &str = "save it again as UTF-8 (Excel: Save As > \"CSV UTF-8 (Comma \
     delimited)\"; LibreOffice: Save As > Text CSV > Character set: Unicode (UTF-8)); nothing \
     was imported";

/// Line and column (both from 1, the column in characters) of byte `at`.
fn position(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at];
    let line = 1 + before.iter().filter(|b| **b == b'\n').count();
    let start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    let column = 1 + String::from_utf8_lossy(&before[start..]).chars().count();
    (line, column)
}

/// Line and column of the first character of `text` that a text file should not hold (control
/// characters other than tab, CR and LF; C1 controls; U+FFFD).
fn first_bad_char(text: &str) -> Option<(usize, usize, char)> {
    let mut line = 1;
    let mut column = 0;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            column = 0;
            continue;
        }
        column += 1;
        if (c.is_control() && c != '\t' && c != '\r') || c == '\u{FFFD}' {
            return Some((line, column, c));
        }
    }
    None
}

/// Count the non-ASCII characters that are valid UTF-8 and the bytes that are not, and find the
/// first invalid byte.
fn utf8_census(bytes: &[u8]) -> (usize, usize, Option<usize>) {
    let (mut valid, mut invalid, mut first) = (0, 0, None);
    let mut rest = bytes;
    let mut offset = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid += s.chars().filter(|c| !c.is_ascii()).count();
                return (valid, invalid, first);
            }
            Err(e) => {
                let ok = e.valid_up_to();
                // SAFETY-free: the prefix is valid UTF-8 by the error's own account.
                valid += std::str::from_utf8(&rest[..ok])
                    .map(|s| s.chars().filter(|c| !c.is_ascii()).count())
                    .unwrap_or(0);
                first.get_or_insert(offset + ok);
                let bad = e.error_len().unwrap_or(rest.len() - ok);
                invalid += bad;
                offset += ok + bad;
                rest = &rest[ok + bad..];
            }
        }
    }
}

/// Decode strictly; `Err` is one line naming `file`, the line, the column and the byte.
pub fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<(Cow<'a, str>, Encoding), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8_strict(file, rest, 3).map(|t| (t, Encoding::Utf8Bom));
    }
    for (bom, enc, encoding) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE, Encoding::Utf16Le),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE, Encoding::Utf16Be),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return utf16_strict(file, rest, enc, encoding).map(|t| (Cow::Owned(t), encoding));
        }
    }
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        let (line, column) = position(bytes, at);
        return Err(format!(
            "{file}:{line}: column {column}: byte 0x00: this is not a text file (a UTF-16 file \
             needs its byte-order mark; {HOW_TO_SAVE})"
        ));
    }
    let (valid, invalid, first) = utf8_census(bytes);
    let text = match first {
        None => {
            // Valid UTF-8: the bytes are the text, no copy.
            Cow::Borrowed(std::str::from_utf8(bytes).map_err(|e| e.to_string())?)
        }
        // Mostly UTF-8 (Cyrillic in UTF-8 is two bytes a letter) with a few stray bytes: a file
        // edited in two encodings. Reading it all as Windows-1251 would garble every row.
        Some(at) if valid > 0 && valid >= invalid * 4 => {
            let (line, column) = position(bytes, at);
            return Err(format!(
                "{file}:{line}: column {column}: byte 0x{:02X} is not UTF-8 though the rest of \
                 the file is (a character from another encoding); fix that character or {HOW_TO_SAVE}",
                bytes[at]
            ));
        }
        Some(_) => {
            let (text, had_errors) = encoding_rs::WINDOWS_1251.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(format!(
                    "{file}: not UTF-8 and not Windows-1251; {HOW_TO_SAVE}"
                ));
            }
            let text = text.into_owned();
            if let Some((line, column, c)) = first_bad_char(&text) {
                let byte = encoding_rs::WINDOWS_1251
                    .encode(&c.to_string())
                    .0
                    .first()
                    .copied();
                return Err(format!(
                    "{file}:{line}: column {column}: byte 0x{:02X} is not a character in \
                     Windows-1251 text; {HOW_TO_SAVE}",
                    byte.unwrap_or(c as u32 as u8)
                ));
            }
            return Ok((Cow::Owned(text), Encoding::Windows1251));
        }
    };
    check_chars(file, &text)?;
    Ok((text, Encoding::Utf8))
}

fn check_chars(file: &str, text: &str) -> Result<(), String> {
    match first_bad_char(text) {
        Some((line, column, c)) => Err(format!(
            "{file}:{line}: column {column}: character U+{:04X} is a control character, not text; \
             {HOW_TO_SAVE}",
            c as u32
        )),
        None => Ok(()),
    }
}

fn utf8_strict<'a>(file: &str, bytes: &'a [u8], skipped: usize) -> Result<Cow<'a, str>, String> {
    match std::str::from_utf8(bytes) {
        Ok(t) => {
            check_chars(file, t)?;
            Ok(Cow::Borrowed(t))
        }
        Err(e) => {
            let at = e.valid_up_to();
            let (line, column) = position(bytes, at);
            let _ = skipped;
            Err(format!(
                "{file}:{line}: column {column}: byte 0x{:02X} is not UTF-8, though the file \
                 says it is (it starts with a UTF-8 byte-order mark); fix that character or {HOW_TO_SAVE}",
                bytes[at]
            ))
        }
    }
}

fn utf16_strict(
    file: &str,
    bytes: &[u8],
    enc: &'static encoding_rs::Encoding,
    encoding: Encoding,
) -> Result<String, String> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors || bytes.len() % 2 == 1 {
        let (line, column, _) = first_bad_char(&text).unwrap_or((1, 1, ' '));
        return Err(format!(
            "{file}:{line}: column {column}: not valid {} (an odd byte or a broken surrogate \
             pair); {HOW_TO_SAVE}",
            encoding.name()
        ));
    }
    check_chars(file, &text)?;
    Ok(text.into_owned())
}

// ---------------------------------------------------------------------------------------------
// The same decisions on a file read in chunks, so a large file is never held in memory.

const CHUNK: usize = 1 << 20;

fn io_line(file: &str, e: std::io::Error) -> String {
    format!("{file}: cannot read: {e}")
}

/// Read as much as fits in `buf` (fewer bytes only at the end of the file).
fn fill(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Line and column of byte `at` of the file, reading it in chunks.
fn position_in_file(path: &Path, at: u64) -> std::io::Result<(usize, usize)> {
    let mut reader = std::io::BufReader::new(File::open(path)?).take(at);
    let (mut line, mut current) = (1usize, Vec::new());
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = fill(&mut reader, &mut buf)?;
        if n == 0 {
            break;
        }
        for &b in &buf[..n] {
            if b == b'\n' {
                line += 1;
                current.clear();
            } else {
                current.push(b);
            }
        }
    }
    Ok((line, 1 + String::from_utf8_lossy(&current).chars().count()))
}

/// Tracks line and column over decoded text and finds the first character a text file should
/// not hold.
#[derive(Default)]
struct CharScan {
    line: usize,
    column: usize,
    bad: Option<(usize, usize, char)>,
}

impl CharScan {
    fn new() -> CharScan {
        CharScan {
            line: 1,
            ..CharScan::default()
        }
    }
    fn feed(&mut self, text: &str) {
        if self.bad.is_some() {
            return;
        }
        for c in text.chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 0;
                continue;
            }
            self.column += 1;
            if (c.is_control() && c != '\t' && c != '\r') || c == '\u{FFFD}' {
                self.bad = Some((self.line, self.column, c));
                return;
            }
        }
    }
}

/// Decode a whole file in chunks with `enc`, checking every character.
fn scan_decoded(
    file: &str,
    reader: &mut impl Read,
    enc: &'static encoding_rs::Encoding,
) -> Result<CharScan, String> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut buf = vec![0u8; CHUNK];
    let mut out = String::new();
    let mut scan = CharScan::new();
    loop {
        let n = fill(reader, &mut buf).map_err(|e| io_line(file, e))?;
        let last = n == 0;
        out.clear();
        out.reserve(decoder.max_utf8_buffer_length(n).unwrap_or(n * 3 + 16));
        let _ = decoder.decode_to_string(&buf[..n], &mut out, last);
        scan.feed(&out);
        if last || scan.bad.is_some() {
            return Ok(scan);
        }
    }
}

/// The encoding of the file at `path`, decided as `decode` decides it, without holding the
/// file: the same strictness and the same one-line errors.
pub fn detect_file(file: &str, path: &Path) -> Result<Encoding, String> {
    let mut reader = std::io::BufReader::new(File::open(path).map_err(|e| io_line(file, e))?);
    let mut head = [0u8; 3];
    let got = fill(&mut reader, &mut head).map_err(|e| io_line(file, e))?;
    let head = &head[..got];
    for (bom, enc, encoding) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE, Encoding::Utf16Le),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE, Encoding::Utf16Be),
    ] {
        if head.starts_with(bom) {
            let mut rest = std::io::Cursor::new(head[2..].to_vec()).chain(reader);
            let scan = scan_decoded(file, &mut rest, enc)?;
            return match scan.bad {
                Some((line, column, '\u{FFFD}')) => Err(format!(
                    "{file}:{line}: column {column}: not valid {} (an odd byte or a broken \
                     surrogate pair); {HOW_TO_SAVE}",
                    encoding.name()
                )),
                Some((line, column, c)) => Err(format!(
                    "{file}:{line}: column {column}: character U+{:04X} is a control character, \
                     not text; {HOW_TO_SAVE}",
                    c as u32
                )),
                None => Ok(encoding),
            };
        }
    }
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    let start = if bom { 3 } else { 0 };
    // The UTF-8 census in chunks: an incomplete sequence at a chunk's end is carried over.
    let mut reader = std::io::Cursor::new(head[start..].to_vec()).chain(reader);
    let (mut valid, mut invalid) = (0usize, 0usize);
    let (mut first_invalid, mut first_nul, mut first_control) = (None, None, None::<(u64, char)>);
    let mut offset = start as u64;
    let mut buf = vec![0u8; CHUNK];
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let n = fill(&mut reader, &mut buf).map_err(|e| io_line(file, e))?;
        let last = n == 0;
        let mut data = std::mem::take(&mut carry);
        data.extend_from_slice(&buf[..n]);
        let base = offset;
        let mut at = 0usize;
        while at < data.len() {
            match std::str::from_utf8(&data[at..]) {
                Ok(s) => {
                    for (i, c) in s.char_indices() {
                        if !c.is_ascii() {
                            valid += 1;
                        }
                        if c == '\0' {
                            first_nul.get_or_insert(base + (at + i) as u64);
                        } else if first_control.is_none()
                            && ((c.is_control() && c != '\t' && c != '\r' && c != '\n')
                                || c == '\u{FFFD}')
                        {
                            first_control = Some((base + (at + i) as u64, c));
                        }
                    }
                    at = data.len();
                }
                Err(e) => {
                    let ok = e.valid_up_to();
                    let s = std::str::from_utf8(&data[at..at + ok]).unwrap_or("");
                    for (i, c) in s.char_indices() {
                        if !c.is_ascii() {
                            valid += 1;
                        }
                        if c == '\0' {
                            first_nul.get_or_insert(base + (at + i) as u64);
                        } else if first_control.is_none()
                            && ((c.is_control() && c != '\t' && c != '\r' && c != '\n')
                                || c == '\u{FFFD}')
                        {
                            first_control = Some((base + (at + i) as u64, c));
                        }
                    }
                    match e.error_len() {
                        Some(bad) => {
                            first_invalid.get_or_insert(base + (at + ok) as u64);
                            invalid += bad;
                            at += ok + bad;
                        }
                        None if !last => {
                            carry = data[at + ok..].to_vec();
                            at = data.len();
                        }
                        None => {
                            first_invalid.get_or_insert(base + (at + ok) as u64);
                            invalid += data.len() - at - ok;
                            at = data.len();
                        }
                    }
                }
            }
        }
        offset += (data.len() - carry.len()) as u64;
        if last {
            break;
        }
    }
    let byte_at = |at: u64| -> Result<u8, String> {
        let mut f = File::open(path).map_err(|e| io_line(file, e))?;
        std::io::Seek::seek(&mut f, std::io::SeekFrom::Start(at)).map_err(|e| io_line(file, e))?;
        let mut b = [0u8; 1];
        fill(&mut f, &mut b).map_err(|e| io_line(file, e))?;
        Ok(b[0])
    };
    let place = |at: u64| position_in_file(path, at).map_err(|e| io_line(file, e));
    if let Some(at) = first_nul {
        let (line, column) = place(at)?;
        return Err(format!(
            "{file}:{line}: column {column}: byte 0x00: this is not a text file (a UTF-16 file \
             needs its byte-order mark; {HOW_TO_SAVE})"
        ));
    }
    match first_invalid {
        None => {
            if let Some((at, c)) = first_control {
                let (line, column) = place(at)?;
                return Err(format!(
                    "{file}:{line}: column {column}: character U+{:04X} is a control character, \
                     not text; {HOW_TO_SAVE}",
                    c as u32
                ));
            }
            Ok(if bom {
                Encoding::Utf8Bom
            } else {
                Encoding::Utf8
            })
        }
        Some(at) if bom || (valid > 0 && valid >= invalid * 4) => {
            let (line, column) = place(at)?;
            Err(format!(
                "{file}:{line}: column {column}: byte 0x{:02X} is not UTF-8 though the rest of \
                 the file is (a character from another encoding); fix that character or {HOW_TO_SAVE}",
                byte_at(at)?
            ))
        }
        Some(_) => {
            let mut reader =
                std::io::BufReader::new(File::open(path).map_err(|e| io_line(file, e))?);
            let scan = scan_decoded(file, &mut reader, encoding_rs::WINDOWS_1251)?;
            match scan.bad {
                Some((line, column, c)) => {
                    let byte = encoding_rs::WINDOWS_1251
                        .encode(&c.to_string())
                        .0
                        .first()
                        .copied();
                    Err(format!(
                        "{file}:{line}: column {column}: byte 0x{:02X} is not a character in \
                         Windows-1251 text; {HOW_TO_SAVE}",
                        byte.unwrap_or(c as u32 as u8)
                    ))
                }
                None => Ok(Encoding::Windows1251),
            }
        }
    }
}

/// The file's text as UTF-8 bytes, without its byte-order mark, decoded as it streams.
pub fn text_reader(path: &Path, encoding: Encoding) -> std::io::Result<Box<dyn Read>> {
    let mut file = std::io::BufReader::with_capacity(CHUNK, File::open(path)?);
    Ok(match encoding {
        Encoding::Utf8 => Box::new(file),
        Encoding::Utf8Bom => {
            let mut bom = [0u8; 3];
            fill(&mut file, &mut bom)?;
            Box::new(file)
        }
        Encoding::Utf16Le | Encoding::Utf16Be | Encoding::Windows1251 => {
            let enc = match encoding {
                Encoding::Utf16Le => encoding_rs::UTF_16LE,
                Encoding::Utf16Be => encoding_rs::UTF_16BE,
                _ => encoding_rs::WINDOWS_1251,
            };
            Box::new(
                encoding_rs_io::DecodeReaderBytesBuilder::new()
                    .encoding(Some(enc))
                    .build(file),
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "організація;що потрібно;кількість\nБлагодійний фонд «Світло»;ковдри;20\nСоцслужба «Віра»;памперси;15\n";

    #[test]
    fn every_encoding_partners_send() {
        assert_eq!(
            decode("f", TEXT.as_bytes()).unwrap(),
            (TEXT.into(), Encoding::Utf8)
        );
        let bom = [b"\xEF\xBB\xBF".as_slice(), TEXT.as_bytes()].concat();
        assert_eq!(decode("f", &bom).unwrap(), (TEXT.into(), Encoding::Utf8Bom));
        let (cp, _, _) = encoding_rs::WINDOWS_1251.encode(TEXT);
        assert_eq!(
            decode("f", &cp).unwrap(),
            (TEXT.into(), Encoding::Windows1251)
        );
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(TEXT.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode("f", &le).unwrap(), (TEXT.into(), Encoding::Utf16Le));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(TEXT.encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode("f", &be).unwrap(), (TEXT.into(), Encoding::Utf16Be));
    }

    #[test]
    fn a_short_windows_1251_file_is_not_taken_for_utf8() {
        // «Сіль» in Windows-1251 starts with D1 B3, which is also a valid UTF-8 pair.
        let (cp, _, _) = encoding_rs::WINDOWS_1251.encode("Сіль;5\nСірники;10\n");
        assert_eq!(decode("f", &cp).unwrap().1, Encoding::Windows1251);
    }

    #[test]
    fn one_stray_windows_1251_byte_in_utf8_is_refused_with_its_place() {
        // Line 3, the «і» of «Віра» typed in a Windows-1251 editor.
        let mut bytes = TEXT.as_bytes().to_vec();
        let line3 = TEXT.find("Соцслужба").unwrap();
        let i = line3 + TEXT[line3..].find('і').unwrap();
        bytes.splice(i..i + 'і'.len_utf8(), [0xB3]);
        let err = decode("needs.csv", &bytes).unwrap_err();
        assert!(
            err.starts_with("needs.csv:3: column 13: byte 0xB3 is not UTF-8"),
            "{err}"
        );
        assert!(err.contains("CSV UTF-8"), "{err}");
    }

    /// The streaming detection decides as `decode` does, on every fixture here.
    #[test]
    fn files_read_in_chunks_get_the_same_answers() {
        let dir = tempfile::tempdir().unwrap();
        let mut mixed = TEXT.as_bytes().to_vec();
        let i = TEXT.rfind('і').unwrap();
        mixed.splice(i..i + 2, [0xB3]);
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(TEXT.encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let cases: Vec<Vec<u8>> = vec![
            TEXT.as_bytes().to_vec(),
            [b"\xEF\xBB\xBF".as_slice(), TEXT.as_bytes()].concat(),
            encoding_rs::WINDOWS_1251.encode(TEXT).0.into_owned(),
            le,
            mixed,
            b"a,b\n\x00\x01".to_vec(),
            TEXT.repeat(40_000).into_bytes(), // several chunks, sequences split at their edges
        ];
        for (n, bytes) in cases.iter().enumerate() {
            let path = dir.path().join(format!("{n}.csv"));
            std::fs::write(&path, bytes).unwrap();
            let whole = decode("f", bytes).map(|(text, enc)| (text.into_owned(), enc));
            let streamed = detect_file("f", &path).map(|enc| {
                let mut text = String::new();
                text_reader(&path, enc)
                    .unwrap()
                    .read_to_string(&mut text)
                    .unwrap();
                (text, enc)
            });
            assert_eq!(streamed, whole, "case {n}");
        }
    }

    #[test]
    fn broken_utf16_and_binary_are_refused() {
        let mut le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("ab\nc".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        le.extend([0x00, 0xD8, 0x41, 0x00]); // a lone high surrogate
        assert!(
            decode("f", &le)
                .unwrap_err()
                .contains("not valid UTF-16 LE")
        );
        assert!(
            decode("f", b"a,b\n\x00\x01")
                .unwrap_err()
                .contains("f:2: column 1: byte 0x00")
        );
    }
}
