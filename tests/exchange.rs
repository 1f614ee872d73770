//! The partner exchange as cron and partners drive it: the nightly export, and needs files in the
//! shapes partners really send (Excel's "Unicode text", Windows-1251 CSV, workbooks, HXL/Kobo
//! hashtag rows, «м3» and «01.12.26», organisation names spelled their own way).

mod common;

use common::Scratch;
use predicates::prelude::*;
use std::path::Path;

fn read(path: &Path) -> String {
    String::from_utf8(std::fs::read(path).expect("read")).expect("utf-8")
}

/// Parse an exported CSV into rows of cells (RFC 4180, via the csv crate).
fn cells(path: &Path) -> Vec<Vec<String>> {
    let text = read(path);
    let text = text.trim_start_matches('\u{feff}');
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("csv").iter().map(str::to_string).collect())
        .collect()
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name} in {:?}", rows[0]))
}

/// A small registry: two organisations, needs, a donor's offer, a match.
fn registry(s: &Scratch) {
    s.import_needs(
        "needs.csv",
        "ref,organisation,item,quantity,unit,urgency,location,condition,needed_by,notes\n\
         A-1,БФ «Світло»,ковдри теплі,20,шт,терміново,Харків,будь-який,31.01.27,=HYPERLINK(\"http://x\")\n\
         A-2,Соцслужба «Віра»,дрова,5,м3,high,Київ,any,,\n",
    );
    s.cmd(&[
        "offer",
        "add",
        "--phone",
        "095 167 90 26",
        "--name",
        "Оксана Мельник",
        "--item",
        "ковдра",
        "--quantity",
        "5",
        "--location",
        "Харків",
        "--notes",
        "вул. Сумська 10, кв. 5",
    ])
    .assert()
    .success();
    s.cmd(&["match", "propose", "--offer", "O-1", "--need", "N-1"])
        .assert()
        .success();
}

#[test]
fn export_writes_four_files_quietly_and_masks_donors() {
    let s = Scratch::new();
    registry(&s);
    let out = s.path("export");
    s.cmd(&["export", "--out", out.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::is_empty());
    for f in ["needs", "offers", "matches", "organisations"] {
        assert!(out.join(format!("{f}.csv")).exists(), "{f}.csv");
    }
    let names: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(names.len(), 4, "no temporary files left");
    let needs = cells(&out.join("needs.csv"));
    assert_eq!(needs.len(), 3);
    let row = needs.iter().find(|r| r[1] == "A-1").expect("A-1");
    assert_eq!(row[column(&needs, "ref")], "N-1");
    assert_eq!(row[column(&needs, "organisation")], "БФ «Світло»");
    assert_eq!(row[column(&needs, "category_code")], "bedding.blankets");
    assert_eq!(row[column(&needs, "requested")], "20");
    assert_eq!(row[column(&needs, "proposed")], "5");
    assert_eq!(row[column(&needs, "open")], "15");
    assert_eq!(row[column(&needs, "urgency")], "critical");
    assert_eq!(row[column(&needs, "needed_by")], "2027-01-31");
    assert_eq!(row[column(&needs, "oblast_name")], "Харківська");
    assert!(row[column(&needs, "oblast_code")].starts_with("UA63"));
    assert!(
        row[column(&needs, "created_at")].ends_with("+02:00"),
        "{row:?}"
    );
    // A formula in the partner's own notes comes back out as text.
    assert_eq!(row[column(&needs, "notes")], "'=HYPERLINK(\"http://x\")");
    let firewood = needs.iter().find(|r| r[1] == "A-2").unwrap();
    assert_eq!(firewood[column(&needs, "unit")], "m3");

    let offers = cells(&out.join("offers.csv"));
    let o = &offers[1];
    assert_eq!(o[column(&offers, "donor_phone")], "'+380 95 *** ** 26");
    assert_eq!(o[column(&offers, "donor_name")], "О. М.");
    assert_eq!(o[column(&offers, "notes")], "");
    assert_eq!(o[column(&offers, "location")], "");
    assert_eq!(o[column(&offers, "place_name")], "Харків");
    for f in ["needs", "offers", "matches", "organisations"] {
        let text = read(&out.join(format!("{f}.csv")));
        assert!(!text.contains("167 90") && !text.contains("1679026"), "{f}");
        assert!(!text.contains("Оксана") && !text.contains("Сумська"), "{f}");
    }
    let matches = cells(&out.join("matches.csv"));
    assert_eq!(matches[1][column(&matches, "offer_ref")], "O-1");
    assert_eq!(matches[1][column(&matches, "need_partner_ref")], "A-1");
    assert_eq!(matches[1][column(&matches, "status")], "proposed");

    // With contacts, as asked.
    let full = s.path("full");
    s.cmd(&["export", "--out", full.to_str().unwrap(), "--with-contacts"])
        .assert()
        .success();
    let offers = cells(&full.join("offers.csv"));
    assert_eq!(offers[1][column(&offers, "donor_phone")], "'+380951679026");
    assert_eq!(offers[1][column(&offers, "donor_name")], "Оксана Мельник");
    assert_eq!(
        offers[1][column(&offers, "notes")],
        "вул. Сумська 10, кв. 5"
    );
}

#[test]
fn hxl_row_and_excel_bom_with_crlf() {
    let s = Scratch::new();
    registry(&s);
    let out = s.path("x");
    s.cmd(&["export", "--out", out.to_str().unwrap(), "--hxl", "--excel"])
        .assert()
        .success();
    let bytes = std::fs::read(out.join("needs.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFref,"));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\r\n#meta+id,"), "tag row under the header");
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    let rows = cells(&out.join("needs.csv"));
    for tag in [
        "#org+name",
        "#org+type",
        "#item+name",
        "#item+code",
        "#item+type",
        "#item+unit",
        "#indicator+num+requested",
        "#indicator+num+open",
        "#severity+code",
        "#status+code",
        "#date+reported",
        "#date+updated",
        "#date+end",
        "#adm1+name",
        "#adm1+code",
        "#adm2+code",
        "#adm3+code",
        "#adm4+code",
        "#loc+code",
    ] {
        assert!(rows[1].iter().any(|c| c == tag), "{tag}");
    }
}

#[test]
fn since_last_exports_only_what_changed() {
    let s = Scratch::new();
    registry(&s);
    let out = s.path("nightly");
    let out = out.to_str().unwrap();
    s.cmd(&["export", "--out", out, "--since", "last"])
        .assert()
        .success();
    assert_eq!(cells(&Path::new(out).join("needs.csv")).len(), 3);
    s.cmd(&["export", "--out", out, "--since", "last"])
        .assert()
        .success();
    assert_eq!(cells(&Path::new(out).join("needs.csv")).len(), 1);
    assert_eq!(cells(&Path::new(out).join("offers.csv")).len(), 1);
    s.cmd(&[
        "offer",
        "add",
        "--phone",
        "0671234567",
        "--item",
        "подушки",
        "--quantity",
        "2",
    ])
    .assert()
    .success();
    s.cmd(&["export", "--out", out, "--since", "last", "--verbose"])
        .assert()
        .success()
        .stdout(predicate::str::contains("offers.csv: 1 rows"));
    assert_eq!(cells(&Path::new(out).join("offers.csv")).len(), 2);
    s.cmd(&["export", "--out", out, "--since", "someday"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--since: 'someday'"));
}

#[test]
fn a_failed_export_leaves_last_nights_files_and_says_one_line() {
    let s = Scratch::new();
    registry(&s);
    let out = s.path("nightly");
    s.cmd(&["export", "--out", out.to_str().unwrap()])
        .assert()
        .success();
    let before = read(&out.join("needs.csv"));
    s.cmd(&[
        "offer",
        "add",
        "--phone",
        "0671234567",
        "--item",
        "подушки",
        "--quantity",
        "2",
    ])
    .assert()
    .success();
    // Something in the way of one of the files.
    std::fs::remove_file(out.join("organisations.csv")).unwrap();
    std::fs::create_dir(out.join("organisations.csv")).unwrap();
    let assert = s
        .cmd(&["export", "--out", out.to_str().unwrap()])
        .assert()
        .failure();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("organisations.csv"), "{stderr}");
    assert_eq!(
        read(&out.join("needs.csv")),
        before,
        "last night's file is intact"
    );
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.iter().all(|n| !n.contains("partial")), "{left:?}");
    // A failed run is not a "last" export: the offer added before it comes in the next one.
    std::fs::remove_dir(out.join("organisations.csv")).unwrap();
    s.cmd(&["export", "--out", out.to_str().unwrap(), "--since", "last"])
        .assert()
        .success();
    let offers = cells(&out.join("offers.csv"));
    assert_eq!(offers.len(), 2, "{offers:?}");
    assert_eq!(offers[1][1], "подушки");
}

#[test]
fn xlsx_workbook_has_a_sheet_per_file_with_codes_as_text_and_dates_as_dates() {
    use calamine::{Data, Reader, Xlsx};
    let s = Scratch::new();
    registry(&s);
    let out = s.path("x");
    s.cmd(&["export", "--out", out.to_str().unwrap(), "--xlsx", "--hxl"])
        .assert()
        .success();
    let mut book: Xlsx<_> = calamine::open_workbook(out.join("aidline.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec!["needs", "offers", "matches", "organisations"]
    );
    let needs = book.worksheet_range("needs").unwrap();
    let header: Vec<String> = needs
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let tags: Vec<String> = needs
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(tags[col("ref")], "#meta+id");
    let row = needs.rows().nth(2).unwrap();
    assert!(matches!(&row[col("oblast_code")], Data::String(c) if c.starts_with("UA")));
    assert!(matches!(
        row[col("requested")],
        Data::Float(_) | Data::Int(_)
    ));
    assert!(
        matches!(row[col("needed_by")], Data::DateTime(_)),
        "{:?}",
        row[col("needed_by")]
    );
    assert!(matches!(row[col("created_at")], Data::DateTime(_)));
    let offers = book.worksheet_range("offers").unwrap();
    let phone = offers.rows().nth(2).unwrap()[15].to_string();
    assert_eq!(phone, "+380 95 *** ** 26");
}

// ---------------------------------------------------------------------------------------------
// Import

fn needs_of(s: &Scratch) -> Vec<aidline::domain::Need> {
    s.open().list_needs(&Default::default(), 0, 1000).unwrap()
}

fn stats(s: &Scratch) -> serde_json::Value {
    s.json(&["stats", "--json"])
}

#[test]
fn units_partners_write_are_recognised_and_unknown_ones_kept() {
    let s = Scratch::new();
    let f = s.write(
        "дрова.csv",
        "№;Організація;Найменування;Кількість;Од.;Терміновість\n\
         1;ГО «Тепло громади»;Дрова колоті;12;м3;срочно\n\
         2;ГО «Тепло громади»;Пісок;3;т;\n\
         3;ГО «Тепло громади»;Мішки для піску;200;мішків;\n\
         4;ГО «Тепло громади»;Плівка;4;рулони;\n\
         5;ГО «Тепло громади»;Хлоргексидин;30;флаконів;\n\
         6;ГО «Тепло громади»;Вода питна;10;бутлів 19л;\n\
         7;ГО «Тепло громади»;Фарба;6 відер;;\n",
    );
    let out = s
        .cmd(&["import", "needs", f.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(":7: unit: 'бутлів 19л' is not a unit I know; kept as written"),
        "{stderr}"
    );
    assert!(stderr.contains(":8: unit: 'відер'"), "{stderr}");
    let needs = needs_of(&s);
    let unit_of = |item: &str| {
        needs
            .iter()
            .find(|n| n.item == item)
            .map(|n| n.unit.code().to_string())
            .unwrap()
    };
    assert_eq!(unit_of("Дрова колоті"), "m3");
    assert_eq!(unit_of("Пісок"), "t");
    assert_eq!(unit_of("Мішки для піску"), "bags");
    assert_eq!(unit_of("Плівка"), "rolls");
    assert_eq!(unit_of("Хлоргексидин"), "vials");
    assert_eq!(unit_of("Вода питна"), "бутлів 19л");
    assert_eq!(unit_of("Фарба"), "відер");
    let firewood = needs.iter().find(|n| n.item == "Дрова колоті").unwrap();
    assert_eq!(firewood.urgency.as_str(), "critical");
}

#[test]
fn short_years_are_this_century_and_impossible_dates_name_their_line() {
    let s = Scratch::new();
    s.import_needs(
        "needs.csv",
        "organisation,item,quantity,needed_by\n\
         БФ Світло,ковдри,10,01.12.26\n\
         БФ Світло,подушки,5,15/01/2027\n",
    );
    let needs = needs_of(&s);
    let dates: Vec<String> = needs
        .iter()
        .map(|n| n.needed_by.unwrap().to_string())
        .collect();
    assert!(dates.contains(&"2026-12-01".to_string()), "{dates:?}");
    assert!(dates.contains(&"2027-01-15".to_string()), "{dates:?}");
    let bad = s.write(
        "bad.csv",
        "organisation,item,quantity,needed_by\n\
         БФ Світло,матраци,10,01.12.1926\n\
         БФ Світло,рушники,10,30.02.2027\n",
    );
    s.cmd(&["import", "needs", bad.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "bad.csv:2: needed_by: '01.12.1926': the year 1926 is before 2000",
        ))
        .stderr(predicate::str::contains(
            "bad.csv:3: needed_by: '30.02.2027' is not a real date",
        ));
    assert_eq!(stats(&s)["needs"], 2, "nothing of the bad file written");
}

const PARTNER_SHEET: &str = "Організація\tЩо потрібно\tКількість\tОдиниця\tНаселений пункт\tТерміновість\tСтан\n\
Благодійний фонд «Світло»\tКовдри теплі\t20\tшт\tХарків\tтерміново\tнові\n\
Благодійний фонд «Світло»\tПодушки\t15\tшт\tХарків\tвисока\tбудь-який\n";

#[test]
fn excel_unicode_text_utf16_with_bom_is_read() {
    let s = Scratch::new();
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            PARTNER_SHEET
                .replace('\n', "\r\n")
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        )
        .collect();
    let f = s.write("Потреби.txt", bytes);
    let report = s.json(&["import", "needs", f.to_str().unwrap(), "--json"]);
    assert_eq!(report["created"], 2);
    assert_eq!(report["encoding"], "utf16-le");
    let needs = needs_of(&s);
    assert!(
        needs
            .iter()
            .any(|n| n.item == "Ковдри теплі" && n.accepts.as_str() == "new")
    );
}

#[test]
fn windows_1251_semicolon_csv_is_read() {
    let s = Scratch::new();
    let text = PARTNER_SHEET.replace('\t', ";").replace('\n', "\r\n");
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&text);
    let f = s.write("potreby.csv", &bytes);
    let report = s.json(&["import", "needs", f.to_str().unwrap(), "--json"]);
    assert_eq!(report["created"], 2);
    assert_eq!(report["encoding"], "windows1251");
    assert!(
        needs_of(&s)
            .iter()
            .any(|n| n.organisation == "Благодійний фонд «Світло»")
    );
}

#[test]
fn utf8_with_one_stray_windows_1251_byte_is_refused_and_nothing_written() {
    let s = Scratch::new();
    let mut bytes = PARTNER_SHEET.replace('\t', ",").into_bytes();
    // Someone fixed «Подушки» in an editor set to Windows-1251: its «П» is one byte now.
    let at = bytes
        .windows("Подушки".len())
        .position(|w| w == "Подушки".as_bytes())
        .unwrap();
    bytes.splice(at..at + 2, [0xCF]);
    let f = s.write("mixed.csv", bytes);
    s.cmd(&["import", "needs", f.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "mixed.csv:3: column 27: byte 0xCF is not UTF-8",
        ))
        .stderr(predicate::str::contains("CSV UTF-8"));
    assert_eq!(stats(&s)["needs"], 0);
    assert_eq!(stats(&s)["organisations"], 0);
}

#[test]
fn an_unbalanced_quote_is_named_where_it_opens() {
    let s = Scratch::new();
    let f = s.write(
        "quotes.csv",
        "organisation,item,quantity\n\
         БФ Світло,ковдри,10\n\
         \"БФ Світло,подушки,5\n\
         БФ Світло,матраци,4\n\
         БФ Світло,рушники,3\n",
    );
    s.cmd(&["import", "needs", f.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "quotes.csv:3: unclosed quote opened on line 3",
        ))
        .stderr(predicate::str::contains("is empty").not());
    assert_eq!(stats(&s)["needs"], 0);
}

#[test]
fn a_hundred_thousand_unknown_columns_are_one_warning() {
    let s = Scratch::new();
    let extra: Vec<String> = (0..100_000).map(|i| format!("x{i}")).collect();
    let values: Vec<&str> = vec![""; 100_000];
    let text = format!(
        "organisation,item,quantity,{}\nБФ Світло,ковдри,10,{}\n",
        extra.join(","),
        values.join(",")
    );
    let f = s.write("wide.csv", text);
    let out = s
        .cmd(&["import", "needs", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr.lines().count(),
        1,
        "{}",
        &stderr[..stderr.len().min(500)]
    );
    assert!(
        stderr.contains(
            "100000 columns are not known and were ignored: 'x0', 'x1', 'x2' and 99997 more"
        ),
        "{stderr}"
    );
}

#[test]
fn organisation_spellings_are_one_and_a_near_name_is_asked_about() {
    let s = Scratch::new();
    s.import_needs(
        "a.csv",
        "organisation,item,quantity\nСоцслужба «Віра»,ковдри,10\nБФ \"Світло\",подушки,5\n",
    );
    let f = s.write(
        "b.csv",
        "organisation,item,quantity\n\
         Соцслужба Віра,матраци,4\n\
         соцслужба  \"ВІРА\",рушники,3\n\
         Благодійний фонд «Світло»,ковдри,2\n\
         Світло,пледи,2\n",
    );
    let report = s.json(&["import", "needs", f.to_str().unwrap(), "--json"]);
    assert_eq!(report["organisations_created"], 0);
    assert_eq!(stats(&s)["organisations"], 2);
    let f = s.write(
        "c.csv",
        "organisation,item,quantity\nСоцслужба Віри,ковдри,1\n",
    );
    s.cmd(&["import", "needs", f.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "c.csv:2: organisation: 'Соцслужба Віри' is not known; did you mean 'Соцслужба «Віра»'?",
        ));
    assert_eq!(stats(&s)["needs"], 6);
    s.cmd(&["import", "needs", f.to_str().unwrap(), "--new-orgs"])
        .assert()
        .success();
    assert_eq!(stats(&s)["organisations"], 3);
}

#[test]
fn dry_run_says_what_would_happen_and_writes_nothing() {
    let s = Scratch::new();
    let f = s.write(
        "n.csv",
        "ref,organisation,item,quantity,unit\nR1,Прихисток «Дім»,ковдри,10,шт\nR2,Прихисток «Дім»,фарба,2,відер\n",
    );
    s.cmd(&["import", "needs", f.to_str().unwrap(), "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains("2 new"))
        .stdout(predicate::str::contains("+ Прихисток «Дім»"))
        .stderr(predicate::str::contains("'відер'"));
    assert_eq!(stats(&s)["needs"], 0);
    assert_eq!(stats(&s)["organisations"], 0);
}

#[test]
fn hxl_and_kobo_files_are_read_by_their_hashtags() {
    let s = Scratch::new();
    // HXL under a header the importer does not know.
    let hxl = s.write(
        "hxl.csv",
        "Partner,What,How many,Unit,Where,Deadline\n\
         #org+name,#item+name,#indicator+num+requested,#item+unit,#loc+name,#date+end\n\
         Карітас Одеса,Ковдри,40,pcs,Одеса,2027-03-01\n",
    );
    let report = s.json(&["import", "needs", hxl.to_str().unwrap(), "--json"]);
    assert_eq!(report["created"], 1);
    assert_eq!(report["warnings"].as_array().unwrap().len(), 0, "{report}");
    // KoboToolbox: the hashtag row instead of the header (question names as columns).
    let kobo = s.write(
        "kobo.csv",
        "#org+name;#item+name;#indicator+num;#severity;#description\n\
         Карітас Одеса;Генератор;1;critical;для укриття\n",
    );
    let report = s.json(&["import", "needs", kobo.to_str().unwrap(), "--json"]);
    assert_eq!(report["created"], 1);
    let needs = needs_of(&s);
    let g = needs.iter().find(|n| n.item == "Генератор").unwrap();
    assert_eq!(g.urgency.as_str(), "critical");
    assert_eq!(g.notes.as_deref(), Some("для укриття"));
    let k = needs.iter().find(|n| n.item == "Ковдри").unwrap();
    assert_eq!(k.needed_by.unwrap().to_string(), "2027-03-01");
    assert_eq!(k.tally.total, 40);
}

#[test]
fn a_workbook_too_big_to_read_whole_is_refused_before_it_is_read() {
    let s = Scratch::new();
    // A zip's signature, then 17 MB (sparse, so the test writes almost nothing).
    let big = s.path("Потреби_область_2026.xlsx");
    let f = std::fs::File::create(&big).unwrap();
    std::io::Write::write_all(&mut &f, b"PK\x03\x04").unwrap();
    f.set_len(17 * 1024 * 1024).unwrap();
    for lang in ["en", "uk"] {
        let out = s
            .cmd(&["--lang", lang, "import", "needs", big.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3));
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("Потреби_область_2026.xlsx: "), "{err}");
        assert!(err.contains("17 MB") || err.contains("17 МБ"), "{err}");
        if lang == "uk" {
            assert!(err.contains("збережіть її як CSV UTF-8"), "{err}");
        } else {
            assert!(err.contains("save it as CSV UTF-8"), "{err}");
        }
    }
    assert_eq!(stats(&s)["needs"], 0);
}

#[test]
fn xlsx_sheets_go_through_the_same_validation_with_row_numbers() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let s = Scratch::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    for (c, h) in ["Організація", "Що потрібно", "Кількість", "Од.", "Термін"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "ГО «Вільні»").unwrap();
    ws.write_string(1, 1, "Дрова").unwrap();
    ws.write_number(1, 2, 8.0).unwrap();
    ws.write_string(1, 3, "куб.м").unwrap();
    ws.write_datetime_with_format(1, 4, ExcelDateTime::from_ymd(2026, 12, 20).unwrap(), &date)
        .unwrap();
    ws.write_string(2, 0, "ГО «Вільні»").unwrap();
    ws.write_string(2, 1, "Вугілля").unwrap();
    ws.write_number(2, 2, 2.0).unwrap();
    ws.write_string(2, 3, "т").unwrap();
    let good = s.path("good.xlsx");
    wb.save(&good).unwrap();
    let report = s.json(&["import", "needs", good.to_str().unwrap(), "--json"]);
    assert_eq!(report["created"], 2);
    let needs = needs_of(&s);
    let wood = needs.iter().find(|n| n.item == "Дрова").unwrap();
    assert_eq!(wood.unit.code(), "m3");
    assert_eq!(wood.needed_by.unwrap().to_string(), "2026-12-20");

    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["organisation", "item", "quantity"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "ГО «Вільні»").unwrap();
    ws.write_string(1, 1, "Ковдри").unwrap();
    ws.write_number(1, 2, 2.5).unwrap();
    let bad = s.path("bad.xlsx");
    wb.save(&bad).unwrap();
    s.cmd(&["import", "needs", bad.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "bad.xlsx:2: quantity: '2.5' is not a whole number",
        ));
    assert_eq!(stats(&s)["needs"], 2);
}

#[test]
fn the_matcher_splits_quantities_only_between_comparable_units() {
    use aidline::catalogue::Catalogue;
    use aidline::domain::{Accepts, Condition, Tally, Unit, Urgency};
    use aidline::matching::{OfferQuery, Reason, rank_needs};
    use chrono::{TimeZone, Utc};
    let need = |id: i64, total: i64, unit: Unit| aidline::domain::Need {
        id,
        org_id: 1,
        organisation: "ГО «Тепло громади»".into(),
        partner_ref: None,
        item: "пісок".into(),
        category: None,
        unit,
        tally: Tally::new(total),
        urgency: Urgency::Normal,
        location: Default::default(),
        accepts: Accepts::Any,
        needed_by: None,
        notes: None,
        closed: false,
        created_at: Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        reviewed_at: None,
    };
    let query = OfferQuery {
        item: "пісок".into(),
        category: None,
        quantity: 1500,
        unit: Some(Unit::Kg),
        condition: Condition::New,
        location: Default::default(),
    };
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let ranked = rank_needs(
        &query,
        vec![need(1, 40, Unit::Bags), need(2, 2, Unit::Tonnes)],
        Catalogue::builtin(),
        &aidline::domain::FixedClock(now),
        0,
    );
    let of = |id: i64| ranked.iter().find(|c| c.record.id == id).unwrap();
    // 2 t open is 2000 kg: all 1500 kg of the offer fit.
    assert_eq!(of(2).allocate, 1500);
    // Bags and kilograms do not convert: no quantity proposed, and the reason says why.
    assert_eq!(of(1).allocate, 0);
    assert!(
        of(1)
            .reasons
            .contains(&Reason::UnitsDiffer(Unit::Kg, Unit::Bags)),
        "{:?}",
        of(1).reasons
    );
    let text = Reason::UnitsDiffer(Unit::Kg, Unit::Bags).text(aidline::i18n::Lang::Uk);
    assert!(text.contains("кг") && text.contains("міш"), "{text}");
}

#[test]
fn an_ods_sheet_is_read_like_a_csv() {
    let s = Scratch::new();
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/needs.ods");
    let report = s.json(&["import", "needs", f.to_str().unwrap(), "--json"]);
    assert_eq!(report["created"], 2, "{report}");
    let needs = needs_of(&s);
    let fuel = needs.iter().find(|n| n.item == "Брикети паливні").unwrap();
    assert_eq!(fuel.unit.code(), "t");
    assert_eq!(fuel.tally.total, 3);
    assert_eq!(fuel.needed_by.unwrap().to_string(), "2026-12-20");
    let film = needs.iter().find(|n| n.item == "Плівка").unwrap();
    assert_eq!(film.unit.code(), "rolls");
}

/// Found by the fuzzer: a place that starts with a Latin letter then a Cyrillic one («cРівне»,
/// a keyboard-layout slip) panicked the gazetteer on a byte index; now it is a place to resolve.
#[test]
fn a_place_typed_across_keyboard_layouts_is_an_answer_not_a_crash() {
    let s = Scratch::new();
    let f = s.write(
        "n.csv",
        "organisation,item,quantity,location\nБФ Світло,ковдри,10,cРівне\n",
    );
    let out = s
        .cmd(&["import", "needs", f.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        out.status.success() || stderr.contains("n.csv:2: location:"),
        "{stderr}"
    );
}

/// Headers as a city's registry writes them in Ukrainian: «Потрібно до» and «Примітка» are the
/// needed-by date and the notes, not unknown columns dropped with a warning.
#[test]
fn ukrainian_headers_for_the_deadline_and_the_note_are_read() {
    let s = Scratch::new();
    let file = s.write(
        "registry.csv",
        "Організація;Що потрібно;Кількість;Од. виміру;Терміновість;Населений пункт;Потрібно до;Примітка\n\
         БФ \"Світло\";Паливо: дрова, вугілля;12;м3;терміново;Харків;01.12.26;для укриття\n",
    );
    let out = s
        .cmd(&["import", "needs", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("Потрібно до"), "{stderr}");
    assert!(!stderr.contains("Примітка"), "{stderr}");
    let needs = needs_of(&s);
    assert_eq!(needs.len(), 1);
    assert_eq!(
        needs[0].needed_by,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
    );
    assert_eq!(needs[0].notes.as_deref(), Some("для укриття"));
}

/// A registry as a Russian-speaking partner keeps it, saved from Excel as Windows-1251: «№»,
/// «Наименование», «Кол-во», «Ед. изм.», «Населенный пункт», short and slashed dates, jars.
#[test]
fn a_russian_headed_windows_1251_registry_imports_without_warnings() {
    let s = Scratch::new();
    let text = "№;Организация;Наименование;Кол-во;Ед. изм.;Населенный пункт;Срочность;Нужно до;Примечание\n\
                1;\"БФ \"\"Рідні\"\"\";Подгузники 4 размер;20;уп.;Бровари;срочно;15.12.26;для детей ВПЛ\n\
                2;\"БФ \"\"Рідні\"\"\";Детское питание (пюре);36;банок;Бровари;обычно;31.12.2026;\n\
                3;ГО «Вільні»;Одеяла тёплые;15;шт;Ірпінь;;01/02/2027;\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let f = s.write("registry.csv", bytes.as_ref());
    let out = s
        .cmd(&["import", "needs", "--new-orgs", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let needs = needs_of(&s);
    assert_eq!(needs.len(), 3);
    let jars = needs.iter().find(|n| n.item.contains("пюре")).unwrap();
    assert_eq!(jars.unit, aidline::domain::Unit::Jars);
    assert_eq!(jars.location.text.as_deref(), Some("Бровари"));
    let nappies = needs
        .iter()
        .find(|n| n.item.contains("Подгузники"))
        .unwrap();
    assert_eq!(nappies.tally.total, 20);
    assert_eq!(
        nappies.needed_by.map(|d| d.to_string()).as_deref(),
        Some("2026-12-15")
    );
}
