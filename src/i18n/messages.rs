//! Messages made below the edge — the store's `field: reason`, the importer's
//! `FILE:LINE: field: reason` lines and warnings, the domain's parse errors — are written in
//! English where they arise (the store knows no language). This catalogue renders them in the
//! user's language at the edge (the CLI's error line and import warnings, the console's status
//! line): one table of English templates with `{0}`, `{1}` … slots beside their Ukrainian
//! text. `localise` recognises a message by its template, keeps the slots (names, references,
//! numbers, file names), translates field names and status words, and leaves anything it does
//! not recognise as written (so nothing is ever lost, only left in English).
//!
//! Adding a message deep in the code: add its template here (the `every_template_round_trips`
//! test checks the table; `tests/server.rs` checks real errors end to end).

use super::Lang;
use std::borrow::Cow;

/// How to save a file as UTF-8 (the importer's advice, `store::import::decode::HOW_TO_SAVE`).
const HOW_TO_SAVE_UK: &str = "збережіть його знову як UTF-8 (Excel: «Зберегти як» > «CSV UTF-8 \
(розділювач — кома)»; LibreOffice: «Зберегти як» > «Текст CSV» > кодування Unicode (UTF-8)); \
нічого не імпортовано";

/// Whole messages or reasons: English template, Ukrainian template. More specific templates
/// come before more general ones (the first that matches wins).
static CATALOGUE: &[(&str, &str)] = &[
    // domain::limits
    ("is empty", "порожнє"),
    (
        "holds only invisible characters ({0} …); type the text again",
        "містить лише невидимі символи ({0} …); введіть текст знову",
    ),
    (
        "holds a line break at character {0}; this field is one line",
        "містить розрив рядка на символі {0}; це поле — один рядок",
    ),
    (
        "holds a tab at character {0}; this field is one line",
        "містить табуляцію на символі {0}; це поле — один рядок",
    ),
    (
        "holds a control character {0} at character {1}; this field is one line",
        "містить керівний символ {0} на символі {1}; це поле — один рядок",
    ),
    (
        "holds a line break at character {0}",
        "містить розрив рядка на символі {0}",
    ),
    (
        "holds a tab at character {0}",
        "містить табуляцію на символі {0}",
    ),
    (
        "holds a control character {0} at character {1}",
        "містить керівний символ {0} на символі {1}",
    ),
    (
        "is {0} characters long; at most {1} are kept",
        "задовге (символів: {0}); зберігається щонайбільше {1}",
    ),
    (
        "{0} is not a whole number from 1 to {1}",
        "{0} — не ціле число від 1 до {1}",
    ),
    // domain: phones, values; catalogue: places
    ("'{0}' is not a phone number", "'{0}' — не номер телефону"),
    (
        "'{0}' is not a valid number (expected e.g. 095 167 90 26 or +380 95 167 90 26)",
        "'{0}' — недійсний номер (очікується, наприклад, 095 167 90 26 або +380 95 167 90 26)",
    ),
    (
        "'{0}' is not one of {1}",
        "'{0}' — не одне з допустимих: {1}",
    ),
    ("no place called '{0}'", "немає місця з назвою '{0}'"),
    ("'{0}' is ambiguous: {1}", "'{0}' — неоднозначно: {1}"),
    // store::import::values
    ("'{0}' is not a whole number", "'{0}' — не ціле число"),
    (
        "'{0}' must be a whole number above zero",
        "'{0}' має бути цілим числом, більшим за нуль",
    ),
    (
        "'{0}' is not a date (use 01.12.2026, 01.12.26 or 2026-12-01)",
        "'{0}' — не дата (пишіть 01.12.2026, 01.12.26 або 2026-12-01)",
    ),
    (
        "'{0}': the year {1} is before 2000",
        "'{0}': рік {1} — раніше за 2000",
    ),
    (
        "'{0}' is not a real date (no such day)",
        "'{0}' — неможлива дата (такого дня немає)",
    ),
    (
        "'{0}' is not a unit I know",
        "'{0}' — невідома одиниця виміру",
    ),
    ("'{0}' is not a unit", "'{0}' — не одиниця виміру"),
    // store::import (rows, organisations, warnings)
    (
        "… and {0} more problems like these",
        "… і ще подібних проблем: {0}",
    ),
    ("incomplete", "неповна"),
    (
        "'{0}' is not known; did you mean '{1}'? (if it is a different organisation, import with --new-orgs)",
        "'{0}' — невідома організація; можливо, '{1}'? (якщо це інша організація, імпортуйте з --new-orgs)",
    ),
    (
        "'{0}' of this organisation is already at line {1}",
        "'{0}' цієї організації вже є в рядку {1}",
    ),
    ("'{0}' is already at line {1}", "'{0}' вже є в рядку {1}"),
    (
        "'{0}' is not a unit I know; kept as written ({1} rows, lines {2} and {3} more)",
        "'{0}' — невідома одиниця; збережено як написано (рядків: {1}; рядки {2} і ще {3})",
    ),
    (
        "'{0}' is not a unit I know; kept as written ({1} rows, lines {2})",
        "'{0}' — невідома одиниця; збережено як написано (рядків: {1}; рядки {2})",
    ),
    (
        "'{0}' is not a unit I know; kept as written ({1} row)",
        "'{0}' — невідома одиниця; збережено як написано (рядків: {1})",
    ),
    // store::import::table
    (
        "the cell holds a spreadsheet error ({0})",
        "у клітинці помилка електронної таблиці ({0})",
    ),
    (
        "the first sheet cannot be read ({0})",
        "перший аркуш не вдається прочитати ({0})",
    ),
    (
        "not a spreadsheet I can read ({0})",
        "це не електронна таблиця, яку можна прочитати ({0})",
    ),
    ("cannot read: {0}", "не вдається прочитати: {0}"),
    ("cannot read", "не вдається прочитати"),
    ("the column appears twice", "стовпець трапляється двічі"),
    ("required column is missing", "немає обов'язкового стовпця"),
    (
        "column '{0}' is not known and was ignored",
        "стовпець '{0}' невідомий і його пропущено",
    ),
    (
        "{0} columns are not known and were ignored: {1} and {2} more",
        "невідомі стовпці пропущено ({0}): {1} і ще {2}",
    ),
    ("the file is empty", "файл порожній"),
    (
        "the workbook is {0} MB, more than the {1} MB read at once (.xlsx and .ods are read whole); save it as CSV UTF-8, which is read as a stream, or split it; nothing was imported",
        "книга має {0} МБ — більше за {1} МБ, що читаються за раз (.xlsx і .ods читаються цілком); збережіть її як CSV UTF-8, який читається потоком, або розділіть її; нічого не імпортовано",
    ),
    (
        "unclosed quote opened on line {0} (it runs to line {1} and takes in {2} line(s) that look like rows); close the quote or remove it",
        "незакрита лапка, відкрита в рядку {0} (вона тягнеться до рядка {1} і захоплює рядки, схожі на записи: {2}); закрийте лапку або видаліть її",
    ),
    (
        "unclosed quote opened on line {0}; close the quote or remove it",
        "незакрита лапка, відкрита в рядку {0}; закрийте лапку або видаліть її",
    ),
    // store::import::decode (after HOW_TO_SAVE is translated)
    (
        "this is not a text file (a UTF-16 file needs its byte-order mark; {0})",
        "це не текстовий файл (файлу UTF-16 потрібна позначка порядку байтів; {0})",
    ),
    (
        "byte 0x{0} is not UTF-8 though the rest of the file is (a character from another encoding); fix that character or {1}",
        "байт 0x{0} — не UTF-8, хоча решта файлу в UTF-8 (символ з іншого кодування); виправте цей символ або {1}",
    ),
    (
        "byte 0x{0} is not UTF-8, though the file says it is (it starts with a UTF-8 byte-order mark); fix that character or {1}",
        "байт 0x{0} — не UTF-8, хоча файл позначено як UTF-8 (він починається з позначки порядку байтів UTF-8); виправте цей символ або {1}",
    ),
    (
        "not UTF-8 and not Windows-1251; {0}",
        "ні UTF-8, ні Windows-1251; {0}",
    ),
    (
        "byte 0x{0} is not a character in Windows-1251 text; {1}",
        "байт 0x{0} — не символ тексту Windows-1251; {1}",
    ),
    (
        "character U+{0} is a control character, not text; {1}",
        "символ U+{0} — керівний символ, а не текст; {1}",
    ),
    (
        "not valid {0} (an odd byte or a broken surrogate pair); {1}",
        "недійсний {0} (зайвий байт або розірвана сурогатна пара); {1}",
    ),
    // store: matches, needs, offers, calls, organisations, demo, backup
    (
        "{0} is {1} and takes no more matches",
        "{0} має стан «{1}» і більше не приймає зіставлень",
    ),
    ("{0} is already withdrawn", "{0} уже відкликано"),
    ("{0} was withdrawn", "{0} відкликано"),
    (
        "{0} accepts only new items; {1} is {2}",
        "{0} приймає лише нові речі; {1} — {2}",
    ),
    (
        "nothing left to match: {0} has {1} {2} open, {3} has {4} {5} open",
        "нічого зіставляти: у {0} відкрито {1} {2}, у {3} відкрито {4} {5}",
    ),
    ("{0} has only {1} {2} left", "у {0} лишилося лише {1} {2}"),
    (
        "{0} needs only {1} {2} more",
        "{0} потребує ще лише {1} {2}",
    ),
    (
        "{0} is {1} and cannot become {2}",
        "{0} має стан «{1}» і не може стати «{2}»",
    ),
    (
        "only a handover says how much was received",
        "скільки отримано, вказують лише під час передачі",
    ),
    (
        "{0} is not between 1 and the {1} of {2}",
        "{0} не в межах від 1 до {1} у {2}",
    ),
    ("say when to call back", "скажіть, коли передзвонити"),
    (
        "{0} is below the {1} already matched to {2}",
        "{0} менше за {1}, уже зіставлені з {2}",
    ),
    (
        "{0} is below the {1} already matched from {2}",
        "{0} менше за {1}, уже зіставлені з {2}",
    ),
    (
        "'{0}' is already another need of {1}",
        "'{0}' — уже інша потреба організації {1}",
    ),
    (
        "{0} is the reference of several needs ({1}); use our reference instead",
        "{0} — номер кількох потреб ({1}); скористайтеся нашим номером",
    ),
    ("the name is empty", "назва порожня"),
    (
        "the database already holds needs or offers; give a new file with --db",
        "у базі даних уже є потреби або пропозиції; вкажіть новий файл через --db",
    ),
    (
        "the catalogue or the places data is empty",
        "каталог або дані про місця порожні",
    ),
    (
        "{0} already exists; choose a new file name",
        "{0} уже існує; виберіть нову назву файлу",
    ),
    ("{0} is not a file name", "{0} — не назва файлу"),
    (
        "{0} appeared while copying; choose a new file name",
        "{0} з'явився під час копіювання; виберіть нову назву файлу",
    ),
    (
        "the copy failed its check: {0}",
        "копія не пройшла перевірки: {0}",
    ),
    (
        "another console is reading; the erased data is out of the tables but the WAL could not be truncated yet: run `aidline check` again when the consoles are idle",
        "інша консоль читає; стерті дані вже вилучено з таблиць, але журнал WAL ще не вдалося скоротити: запустіть `aidline check` знову, коли консолі не працюватимуть",
    ),
    (
        "could not switch to WAL (got {0})",
        "не вдалося перейти в режим WAL (отримано {0})",
    ),
    (
        "{0} has {1} rows, more than a sheet holds ({2}); export without --xlsx",
        "{0} має {1} рядків — більше, ніж уміщує аркуш ({2}); експортуйте без --xlsx",
    ),
    (
        "{0} is in {1} and {2} is in {3}, which do not convert; correct the unit of one of them first",
        "{0} — у {1}, а {2} — у {3}, і ці одиниці не перераховуються одна в одну; спершу виправте одиницю однієї з них",
    ),
    (
        "{0} is not a whole number of {1} for {2}: use a multiple of {3}",
        "{0} — не ціла кількість {1} для {2}: вкажіть число, кратне {3}",
    ),
    (
        "{0} needs {1} {2}, less than one {3} of {4}: log the offer in {5} to give part of it",
        "{0} потребує {1} {2}, менше ніж одна одиниця «{3}» з {4}: запишіть пропозицію в «{5}», щоб віддати частину",
    ),
    // cli
    (
        "'{0}' is not a date or time (use last, 2026-12-01 or 2026-12-01T20:00)",
        "'{0}' — не дата й не час (пишіть last, 2026-12-01 або 2026-12-01T20:00)",
    ),
    (
        "'{0}' is neither a need reference (like N-12) nor a partner's reference of a need",
        "'{0}' — не номер потреби (як N-12) і не номер потреби в партнера",
    ),
    (
        "'{0}' is not a need reference (like N-12)",
        "'{0}' — не номер потреби (як N-12)",
    ),
    (
        "'{0}' is not an offer reference (like O-12)",
        "'{0}' — не номер пропозиції (як O-12)",
    ),
    (
        "'{0}' is not a match reference (like M-12)",
        "'{0}' — не номер зіставлення (як M-12)",
    ),
    (
        "{0} is not a positive whole number",
        "{0} — не додатне ціле число",
    ),
    (
        "say what to match: --offer ID, --need ID, or --item TEXT --quantity N",
        "скажіть, що зіставляти: --offer ID, --need ID або --item ТЕКСТ --quantity N",
    ),
    ("the donor was forgotten", "донора забуто"),
];

/// Segments before a reason (`FILE:LINE: column 4: …`, `…: quantity: …`).
static HEADS: &[(&str, &str)] = &[
    ("column {0}", "стовпець {0}"),
    ("byte 0x{0}", "байт 0x{0}"),
    ("export to {0}", "експорт у {0}"),
];

/// Field and column names as they appear in `field: reason`.
static FIELDS: &[(&str, &str)] = &[
    ("organisation", "організація"),
    ("item", "найменування"),
    ("quantity", "кількість"),
    ("unit", "одиниця"),
    ("urgency", "терміновість"),
    ("location", "місце"),
    ("condition", "стан"),
    ("needed_by", "потрібно до"),
    ("notes", "примітки"),
    ("ref", "номер"),
    ("partner_ref", "номер партнера"),
    ("category", "категорія"),
    ("place_code", "код місця"),
    ("name", "назва"),
    ("kind", "тип"),
    ("contact", "контакт"),
    ("phone", "телефон"),
    ("helps_with", "допомагає з"),
    ("row", "рядок"),
    ("need", "потреба"),
    ("offer", "пропозиція"),
    ("match", "зіставлення"),
    ("donor", "донор"),
    ("status", "статус"),
    ("received", "отримано"),
    ("reason", "причина"),
    ("callback", "передзвонити"),
    ("backup", "резервна копія"),
    ("demo", "демо"),
    ("checkpoint", "контрольна точка"),
    ("journal_mode", "режим журналу"),
    ("available_until", "доступно до"),
    ("--since", "--since"),
    ("--date", "--date"),
];

/// Words that fill a slot (a status, a condition): shown in the user's language.
static WORDS: &[(&str, &str)] = &[("new", "нове"), ("good", "добре"), ("used", "вживане")];

/// `text` (one message or several lines) in `lang`; English is returned as is.
pub fn localise(text: &str, lang: Lang) -> Cow<'_, str> {
    if lang == Lang::En {
        return Cow::Borrowed(text);
    }
    let how_en = crate::store::import::decode::HOW_TO_SAVE;
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            let line = collapse_spaces(&line.replace(how_en, HOW_TO_SAVE_UK));
            line_uk(&line).unwrap_or(line)
        })
        .collect();
    let out = lines.join("\n");
    if out == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(out)
    }
}

/// `field` in the user's language (`quantity` → `кількість`), else as given.
pub fn field(name: &str, lang: Lang) -> &str {
    match lang {
        Lang::En => name,
        Lang::Uk => FIELDS
            .iter()
            .find(|(en, _)| *en == name)
            .map(|(_, uk)| *uk)
            .unwrap_or(name),
    }
}

/// Runs of spaces made by wrapped string literals, as one space.
fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = false;
    for c in s.chars() {
        if c == ' ' && prev {
            continue;
        }
        prev = c == ' ';
        out.push(c);
    }
    out
}

/// One line: the whole of it is a known message, or a head (`FILE:LINE`, a field, `column 4`)
/// then `: ` then a line that translates.
fn line_uk(line: &str) -> Option<String> {
    if let Some(t) = render(CATALOGUE, line) {
        return Some(t);
    }
    let at = line.find(": ")?;
    let (head, tail) = (&line[..at], &line[at + 2..]);
    let tail = line_uk(tail)?;
    Some(format!("{}: {tail}", head_uk(head)))
}

fn head_uk(head: &str) -> String {
    if let Some((_, uk)) = FIELDS.iter().find(|(en, _)| *en == head) {
        return uk.to_string();
    }
    render(HEADS, head).unwrap_or_else(|| head.to_string())
}

/// The first template of `table` that matches `text` whole, with its slots filled.
fn render(table: &[(&str, &str)], text: &str) -> Option<String> {
    table.iter().find_map(|(en, uk)| {
        let slots = matches(en, text)?;
        let mut out = uk.to_string();
        for (i, s) in slots.iter().enumerate() {
            let slot = format!("{{{i}}}");
            // A quoted slot is what somebody typed: kept exactly. A bare word is ours (a status,
            // a condition) and is said in the user's language.
            let value = if en.contains(&format!("'{slot}'")) {
                s.to_string()
            } else {
                slot_uk(s)
            };
            out = out.replace(&slot, &value);
        }
        Some(out)
    })
}

fn slot_uk(value: &str) -> String {
    let status = Lang::Uk.status(value);
    if status != "?" {
        return status.to_string();
    }
    WORDS
        .iter()
        .find(|(en, _)| *en == value)
        .map(|(_, uk)| uk.to_string())
        // A unit's code (`pairs`, `pcs`): its Ukrainian label.
        .or_else(|| {
            crate::domain::Unit::parse(value)
                .filter(|u| u.code() == value)
                .map(|u| u.label_uk().to_string())
        })
        .unwrap_or_else(|| value.to_string())
}

/// Pieces of a template: literal text and slots (`{0}`, `{1}` … in order).
fn pieces(template: &str) -> Vec<Option<&str>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .filter(|c| rest[open + 1..*c].chars().all(|d| d.is_ascii_digit()) && *c > open + 1);
        match close {
            Some(close) => {
                if open > 0 {
                    out.push(Some(&rest[..open]));
                }
                out.push(None);
                rest = &rest[close + 1..];
            }
            None => break,
        }
    }
    if !rest.is_empty() {
        out.push(Some(rest));
    }
    out
}

/// The slot values if `text` is `template` with its slots filled. A slot holds at least one
/// character, and only the last slot of a template may hold `: ` (so a short template never
/// swallows a whole `field: reason` line).
fn matches<'t>(template: &str, text: &'t str) -> Option<Vec<&'t str>> {
    fn go<'t>(p: &[Option<&str>], text: &'t str, out: &mut Vec<&'t str>) -> bool {
        match p.split_first() {
            None => text.is_empty(),
            Some((Some(lit), rest)) => text.starts_with(lit) && go(rest, &text[lit.len()..], out),
            Some((None, rest)) => match rest.first() {
                None => {
                    out.push(text);
                    !text.is_empty()
                }
                Some(Some(lit)) => {
                    for (at, _) in text.match_indices(lit).filter(|(at, _)| *at > 0) {
                        let value = &text[..at];
                        if value.contains(": ") {
                            return false;
                        }
                        let len = out.len();
                        out.push(value);
                        if go(rest, &text[at..], out) {
                            return true;
                        }
                        out.truncate(len);
                    }
                    false
                }
                // Two slots side by side do not occur in the table.
                Some(None) => false,
            },
        }
    }
    let p = pieces(template);
    let mut out = Vec::new();
    go(&p, text, &mut out).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every template, filled with sample values, is recognised and rendered with the same
    /// values in Ukrainian (a template the matcher cannot recognise fails here).
    /// Units in a refusal read in Ukrainian («у пар», «у шт»), not as their codes.
    #[test]
    fn unit_codes_in_a_slot_read_in_ukrainian() {
        let en = "unit: O-2001 is in pairs and N-14137 is in pcs, which do not convert; \
                  correct the unit of one of them first";
        let uk = localise(en, Lang::Uk);
        assert!(uk.contains("O-2001") && uk.contains("N-14137"), "{uk}");
        assert!(uk.contains("пар") && uk.contains("шт"), "{uk}");
        assert!(!uk.contains("pairs") && !uk.contains("pcs"), "{uk}");
    }

    #[test]
    fn every_template_round_trips() {
        // (No unit code or status among them: those are ours and read in Ukrainian.)
        let samples = [
            "N-12",
            "417",
            "ковдри «Теплі»",
            "O-3",
            "5,5",
            "Вінниця",
            "x",
        ];
        for (en, uk) in CATALOGUE {
            let n = pieces(en).iter().filter(|p| p.is_none()).count();
            let mut text = en.to_string();
            let mut want = uk.to_string();
            for (i, s) in samples.iter().take(n).enumerate() {
                text = text.replace(&format!("{{{i}}}"), s);
                want = want.replace(&format!("{{{i}}}"), s);
            }
            assert!(!want.contains('{'), "{uk}: a slot has no value");
            assert_ne!(en, uk, "{en}: not translated");
            let got = localise(&text, Lang::Uk);
            assert_eq!(got, want, "{en}");
            // Inside an import line too.
            let line = format!("needs.csv:7: quantity: {text}");
            assert_eq!(
                localise(&line, Lang::Uk),
                format!("needs.csv:7: кількість: {want}"),
                "{en}"
            );
        }
    }

    #[test]
    fn real_lines_are_translated_and_unknown_text_is_kept() {
        let text = "Нужды_2026.csv:14: quantity: 'двадцять' is not a whole number\n\
                    Нужды_2026.csv:15: needed_by: '31.02.2026' is not a real date (no such day)\n\
                    Нужды_2026.csv:16: unit: 'пучків' is not a unit I know; kept as written (3 rows, lines 16, 18, 19)\n\
                    something nobody wrote a template for: keep it";
        let uk = localise(text, Lang::Uk);
        let lines: Vec<&str> = uk.lines().collect();
        assert_eq!(
            lines[0],
            "Нужды_2026.csv:14: кількість: 'двадцять' — не ціле число"
        );
        assert_eq!(
            lines[1],
            "Нужды_2026.csv:15: потрібно до: '31.02.2026' — неможлива дата (такого дня немає)"
        );
        assert!(lines[2].contains("рядки 16, 18, 19"), "{}", lines[2]);
        assert_eq!(lines[3], "something nobody wrote a template for: keep it");
        assert_eq!(localise(text, Lang::En), text);
    }

    #[test]
    fn what_a_user_typed_is_never_translated() {
        let uk = localise("a.csv:4: quantity: 'new' is not a whole number", Lang::Uk);
        assert_eq!(uk, "a.csv:4: кількість: 'new' — не ціле число");
        let uk = localise(
            "condition: N-2 accepts only new items; O-7 is used",
            Lang::Uk,
        );
        assert_eq!(uk, "стан: N-2 приймає лише нові речі; O-7 — вживане");
    }

    #[test]
    fn status_words_in_slots_are_translated() {
        let uk = localise("need: N-4 is expired and takes no more matches", Lang::Uk);
        assert!(uk.starts_with("потреба: N-4 має стан «"), "{uk}");
        assert!(!uk.contains("expired"), "{uk}");
    }

    #[test]
    fn the_save_advice_is_translated_inside_decoding_errors() {
        let en = format!(
            "a.csv:3: column 5: byte 0xC3 is not UTF-8 though the rest of the file is (a character from another encoding); fix that character or {}",
            crate::store::import::decode::HOW_TO_SAVE
        );
        let uk = localise(&en, Lang::Uk);
        assert!(
            uk.starts_with("a.csv:3: стовпець 5: байт 0xC3 — не UTF-8"),
            "{uk}"
        );
        assert!(uk.ends_with("нічого не імпортовано"), "{uk}");
    }
}
