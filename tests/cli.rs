//! The command line as a user or a cron job drives it.

mod common;

use common::Scratch;
use predicates::prelude::*;

const NEEDS_CSV: &str = "ref,organisation,item,quantity,unit,urgency,location,condition,needed_by,notes\n\
A-1,БФ Світло,ковдри теплі,20,шт,critical,Харків,any,2027-01-31,для переселенців\n\
A-2,БФ Світло,памперси для дорослих,15,уп,high,Харьков,new,,\n\
B-7,Прихисток «Дім»,дитячі зимові куртки,8,,normal,Kyiv,any,01.02.2027,\n";

#[test]
fn offer_add_normalises_the_phone_and_reuses_the_donor() {
    let s = Scratch::new();
    let first = s.json(&[
        "offer",
        "add",
        "--phone",
        "095 167 90 26",
        "--name",
        "Олена",
        "--item",
        "ковдра",
        "--quantity",
        "5",
        "--location",
        "Харків",
        "--condition",
        "used",
        "--json",
    ]);
    assert_eq!(first["ref"], "O-1");
    assert_eq!(first["donor_phone"], "+380951679026");
    assert_eq!(first["category"], "bedding.blankets");
    assert_eq!(first["unit"], "pcs");
    assert_eq!(first["condition"], "used");
    let second = s.json(&[
        "offer",
        "add",
        "--phone",
        "8 095 167 90 26",
        "--item",
        "подушки",
        "--quantity",
        "2",
        "--json",
    ]);
    assert_eq!(second["donor_id"], first["donor_id"]);
    let list = s.json(&["offer", "list", "--json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    for field in [
        "id",
        "ref",
        "donor_name",
        "donor_phone",
        "item",
        "category",
        "quantity",
        "unit",
        "condition",
        "location",
        "status",
        "created_at",
    ] {
        assert!(list[0].get(field).is_some(), "offer list lacks {field}");
    }
    assert_eq!(list[1]["donor_name"], "Олена");
    assert_eq!(list[1]["location"], "Харків");
    let stats = s.json(&["stats", "--json"]);
    assert_eq!(stats["donors"], 1);
    assert_eq!(stats["offers"], 2);
    assert_eq!(stats["offers_open"], 2);
}

#[test]
fn bad_phone_or_place_is_one_clear_line_and_nothing_is_written() {
    let s = Scratch::new();
    s.cmd_raw(&[
        "offer",
        "add",
        "--phone",
        "095 167",
        "--item",
        "ковдра",
        "--quantity",
        "1",
    ])
    .assert()
    .failure()
    .stderr(predicate::str::starts_with(
        "error: phone: '095 167' is not a valid number",
    ))
    .stderr(predicate::str::contains('\n').count(1));
    s.cmd_raw(&[
        "offer",
        "add",
        "--phone",
        "0951679026",
        "--item",
        "ковдра",
        "--quantity",
        "1",
        "--location",
        "Олександрівка",
    ])
    .assert()
    .failure()
    .stderr(predicate::str::contains(
        "location: 'Олександрівка' is ambiguous",
    ));
    s.cmd_raw(&[
        "offer",
        "add",
        "--phone",
        "0951679026",
        "--item",
        "ковдра",
        "--quantity",
        "0",
    ])
    .assert()
    .failure()
    .stderr(predicate::str::contains("quantity"));
    // Refused input creates nothing, not even the database.
    assert!(!s.db().exists());
}

#[test]
fn donor_show_and_forget() {
    let s = Scratch::new();
    s.json(&[
        "offer",
        "add",
        "--phone",
        "+380 67 123 45 67",
        "--name",
        "Іван Петренко",
        "--item",
        "стілець",
        "--quantity",
        "4",
        "--json",
    ]);
    let shown = s.json(&["donor", "show", "067-123-45-67", "--json"]);
    assert_eq!(shown["name"], "Іван Петренко");
    assert_eq!(shown["offers"].as_array().unwrap().len(), 1);
    s.cmd(&["donor", "forget", "0671234567"]).assert().success();
    s.cmd(&["donor", "show", "0671234567"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not found"));
    let offers = s.json(&["offer", "list", "--json"]);
    assert_eq!(offers[0]["item"], "стілець", "the offer stays");
    assert!(offers[0]["donor_phone"].is_null());
    assert!(offers[0]["donor_name"].is_null());
}

#[test]
fn import_needs_creates_organisations_and_updates_by_ref() {
    let s = Scratch::new();
    let f = s.write("needs.csv", NEEDS_CSV);
    let report = s.json(&["import", "needs", f.to_str().unwrap(), "--json"]);
    assert_eq!(report["created"], 3);
    assert_eq!(report["organisations_created"], 2);
    // The same refs again with a changed quantity: updated, not duplicated.
    let f2 = s.write("needs2.csv", NEEDS_CSV.replace(",20,шт,", ",25,шт,"));
    let report = s.json(&["import", "needs", f2.to_str().unwrap(), "--json"]);
    assert_eq!(
        (report["created"].as_i64(), report["updated"].as_i64()),
        (Some(0), Some(3))
    );
    let stats = s.json(&["stats", "--json"]);
    assert_eq!(stats["needs"], 3);
    assert_eq!(stats["organisations"], 2);
    let store = s.open();
    let needs = store.list_needs(&Default::default(), 0, 10).unwrap();
    let blankets = needs
        .iter()
        .find(|n| n.partner_ref.as_deref() == Some("A-1"))
        .unwrap();
    assert_eq!(blankets.tally.total, 25);
    assert_eq!(blankets.category.as_deref(), Some("bedding.blankets"));
    assert!(blankets.location.code.is_some());
    let nappies = needs
        .iter()
        .find(|n| n.partner_ref.as_deref() == Some("A-2"))
        .unwrap();
    assert_eq!(nappies.unit.code(), "packs");
    assert_eq!(nappies.accepts.as_str(), "new");
}

#[test]
fn import_errors_name_file_line_and_field_and_change_nothing() {
    let s = Scratch::new();
    let f = s.write(
        "bad.csv",
        "ref,organisation,item,quantity,urgency,location,needed_by\n\
         1,БФ Світло,ковдра,10,high,Харків,\n\
         2,БФ Світло,,0,soon,Атлантида,someday\n\
         3,,подушка,many,,,\n",
    );
    let out = s
        .cmd(&["import", "needs", f.to_str().unwrap()])
        .assert()
        .failure();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let name = f.display().to_string();
    for expected in [
        format!("{name}:3: item: is empty"),
        format!("{name}:3: quantity: '0' must be a whole number above zero"),
        format!("{name}:3: urgency: 'soon' is not one of"),
        format!("{name}:3: location: no place called 'Атлантида'"),
        format!("{name}:3: needed_by: 'someday' is not a date"),
        format!("{name}:4: organisation: is empty"),
        format!("{name}:4: quantity: 'many' is not a whole number"),
    ] {
        assert!(
            stderr.contains(&expected),
            "missing «{expected}» in:\n{stderr}"
        );
    }
    assert!(
        !stderr.contains(":2:"),
        "the good row is not an error:\n{stderr}"
    );
    let stats = s.json(&["stats", "--json"]);
    assert_eq!(stats["needs"], 0, "nothing imported");
    assert_eq!(stats["organisations"], 0, "not even the organisation");
}

#[test]
fn import_reads_windows_1251_semicolons_and_reports_unknown_columns() {
    let s = Scratch::new();
    let text = "organisation;item;quantity;colour\nЛікарня №3;бинти;100;білий\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let f = s.write("cp1251.csv", bytes.as_ref());
    s.cmd(&["import", "needs", f.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "column 'colour' is not known and was ignored",
        ));
    let store = s.open();
    let needs = store.list_needs(&Default::default(), 0, 10).unwrap();
    assert_eq!(needs.len(), 1);
    assert_eq!(needs[0].item, "бинти");
    assert_eq!(needs[0].organisation, "Лікарня №3");
    // A tab-separated file with a BOM.
    s.import_needs(
        "tab.csv",
        "\u{feff}organisation\titem\tquantity\nЛікарня №3\tшприци\t50\n",
    );
    assert_eq!(s.json(&["stats", "--json"])["needs"], 2);
}

#[test]
fn dry_run_validates_against_the_data_but_writes_nothing() {
    let s = Scratch::new();
    let f = s.write("needs.csv", NEEDS_CSV);
    let report = s.json(&[
        "import",
        "needs",
        f.to_str().unwrap(),
        "--dry-run",
        "--json",
    ]);
    assert_eq!(report["created"], 3);
    assert_eq!(report["dry_run"], true);
    assert_eq!(s.json(&["stats", "--json"])["needs"], 0);
}

#[test]
fn import_orgs_directory() {
    let s = Scratch::new();
    let f = s.write(
        "orgs.csv",
        "name,kind,contact,phone,location,helps_with\n\
         БФ Світло,ngo,Олена,044 234 56 78,Київ,одяг\n\
         Прихисток «Дім»,shelter,,,Львів,житло\n",
    );
    let report = s.json(&["import", "orgs", f.to_str().unwrap(), "--json"]);
    assert_eq!(report["created"], 2);
    let bad = s.write("orgs_bad.csv", "name,kind,phone\nX,martians,12\n");
    let out = s
        .cmd(&["import", "orgs", bad.to_str().unwrap()])
        .assert()
        .failure();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("orgs_bad.csv:2: kind: 'martians' is not one of"),
        "{stderr}"
    );
    assert!(stderr.contains("orgs_bad.csv:2: phone:"), "{stderr}");
    assert_eq!(s.json(&["stats", "--json"])["organisations"], 2);
}

#[test]
fn demo_check_and_backup() {
    let s = Scratch::new();
    s.cmd(&["demo", "--needs", "2000", "--offers", "300", "--seed", "7"])
        .assert()
        .success();
    let stats = s.json(&["stats", "--json"]);
    assert_eq!(stats["needs"], 2000);
    assert_eq!(stats["offers"], 300);
    for status in [
        "matches_proposed",
        "matches_confirmed",
        "matches_handed_over",
        "matches_declined",
        "matches_cancelled",
    ] {
        assert!(stats[status].as_i64().unwrap() > 0, "no {status}");
    }
    s.cmd(&["check"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"integrity check +ok").unwrap());
    let copy = s.path("copy.db");
    s.cmd(&["backup", copy.to_str().unwrap()])
        .assert()
        .success();
    let copy_stats = aidline::store::Store::open(&copy, "t")
        .unwrap()
        .stats()
        .unwrap();
    assert_eq!(copy_stats.needs, 2000);
    // demo refuses to add to a database that has data
    s.cmd(&["demo"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already holds"));
}

#[test]
fn demo_is_deterministic_per_seed() {
    let a = Scratch::new();
    let b = Scratch::new();
    for s in [&a, &b] {
        s.cmd(&["demo", "--needs", "500", "--offers", "50", "--seed", "42"])
            .assert()
            .success();
    }
    let dump = |s: &Scratch| {
        let conn = rusqlite::Connection::open(s.db()).unwrap();
        let mut stmt = conn
            .prepare("SELECT item, category, quantity, urgency, place_code FROM needs ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| {
            Ok(format!(
                "{}|{:?}|{}|{}|{:?}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<String>>(4)?
            ))
        })
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
    };
    let (da, db) = (dump(&a), dump(&b));
    assert_eq!(da.len(), 500);
    assert_eq!(da, db);
    // Real phone numbers: every donor's phone parses as a valid Ukrainian number.
    let conn = rusqlite::Connection::open(a.db()).unwrap();
    let phones: Vec<String> = conn
        .prepare("SELECT phone FROM donors")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!phones.is_empty());
    for p in phones {
        assert_eq!(aidline::domain::Phone::parse(&p).unwrap().as_str(), p);
    }
}

#[test]
fn check_fails_on_a_tampered_database() {
    let s = Scratch::new();
    s.json(&[
        "offer",
        "add",
        "--phone",
        "0951679026",
        "--item",
        "ковдра",
        "--quantity",
        "5",
        "--json",
    ]);
    let conn = rusqlite::Connection::open(s.db()).unwrap();
    conn.execute("UPDATE offers SET proposed = 3", []).unwrap();
    drop(conn);
    s.cmd(&["check"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "quantities disagree with their matches",
        ));
}

#[test]
fn logs_never_hold_phone_or_name() {
    let s = Scratch::new();
    s.json(&[
        "offer",
        "add",
        "--phone",
        "095 167 90 26",
        "--name",
        "Унікальне Ім'я",
        "--item",
        "ковдра",
        "--quantity",
        "5",
        "--location",
        "Харків",
        "--json",
    ]);
    s.cmd(&[
        "offer",
        "add",
        "--phone",
        "095 1",
        "--item",
        "ковдра",
        "--quantity",
        "5",
    ])
    .assert()
    .failure();
    s.cmd(&["donor", "show", "095 167 90 26"])
        .assert()
        .success();
    let logs = s.path("data").join("logs");
    let mut text = String::new();
    for entry in std::fs::read_dir(&logs).expect("log dir exists") {
        text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    assert!(text.contains("offer added"), "the log has lines: {text}");
    for secret in ["951679026", "167 90 26", "Унікальне", "Харків"] {
        assert!(!text.contains(secret), "log holds {secret}: {text}");
    }
}

#[test]
fn match_suggest_propose_and_lifecycle_through_the_cli() {
    let s = Scratch::new();
    let f = s.write("needs.csv", NEEDS_CSV);
    s.json(&["import", "needs", f.to_str().unwrap(), "--json"]);
    // 30 blankets from Kharkiv, typed in Latin: the Kharkiv blanket need (20 open) comes first.
    let list = s.json(&[
        "match",
        "suggest",
        "--item",
        "kovdry",
        "--quantity",
        "30",
        "--location",
        "Kharkiv",
        "--json",
    ]);
    let first = &list[0];
    assert_eq!(first["ref"], "A-1");
    assert_eq!(first["organisation"], "БФ Світло");
    assert_eq!(first["quantity_open"], 20);
    assert_eq!(first["allocate"], 20);
    assert!(first["score"].as_f64().unwrap() > 0.0 && first["score"].as_f64().unwrap() <= 1.0);
    let reasons: Vec<&str> = first["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"same town"), "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r.starts_with("the offer is split")),
        "{reasons:?}"
    );
    // Ukrainian reasons with --lang uk
    let uk = s.json(&[
        "--lang",
        "uk",
        "match",
        "suggest",
        "--item",
        "ковдри",
        "--quantity",
        "5",
        "--location",
        "Харків",
        "--json",
    ]);
    assert!(
        uk[0]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "те саме місто"),
        "{}",
        uk[0]["reasons"]
    );

    let offer = s.json(&[
        "offer",
        "add",
        "--phone",
        "0951679026",
        "--item",
        "ковдри",
        "--quantity",
        "30",
        "--location",
        "Харків",
        "--json",
    ]);
    let by_offer = s.json(&[
        "match",
        "suggest",
        "--offer",
        offer["ref"].as_str().unwrap(),
        "--json",
    ]);
    assert_eq!(by_offer[0]["ref"], "A-1");
    let need_id = by_offer[0]["need_id"].as_i64().unwrap().to_string();
    // Asking for more than the need has left is refused, saying how many remain.
    s.cmd(&[
        "match",
        "propose",
        "--offer",
        "O-1",
        "--need",
        &need_id,
        "--quantity",
        "25",
    ])
    .assert()
    .failure()
    .stderr(predicate::str::contains("needs only 20"));
    // The need named by the partner's own reference, as their spreadsheet has it.
    let m = s.json(&[
        "match", "propose", "--offer", "O-1", "--need", "A-1", "--json",
    ]);
    assert_eq!(m["need_id"].as_i64().unwrap().to_string(), need_id);
    assert_eq!(m["ref"], "M-1");
    assert_eq!(m["quantity"], 20);
    // The reverse search: offers for the need.
    let offers = s.json(&["match", "suggest", "--need", &need_id, "--json"]);
    assert!(
        offers.as_array().unwrap().is_empty(),
        "the need is fully proposed: {offers}"
    );
    // The partner's own reference names the same need.
    let by_partner_ref = s.json(&["match", "suggest", "--need", "A-1", "--json"]);
    assert_eq!(by_partner_ref, offers);
    s.cmd(&["match", "suggest", "--need", "Z-404"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("Z-404"));
    s.cmd(&["match", "confirm", "M-1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("confirmed"));
    s.cmd(&["match", "handover", "M-1"]).assert().success();
    s.cmd(&["match", "cancel", "M-1"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("cannot become cancelled"));
    let stats = s.json(&["stats", "--json"]);
    assert_eq!(stats["matches_handed_over"], 1);
    assert_eq!(stats["needs_fulfilled"], 1, "A-1 asked for 20 and got 20");
    s.cmd(&["check"]).assert().success();
}

#[test]
fn suggest_for_a_need_lists_offers_without_phone() {
    let s = Scratch::new();
    let f = s.write("needs.csv", NEEDS_CSV);
    s.json(&["import", "needs", f.to_str().unwrap(), "--json"]);
    s.json(&[
        "offer",
        "add",
        "--phone",
        "0951679026",
        "--name",
        "Олена",
        "--item",
        "ковдра",
        "--quantity",
        "4",
        "--location",
        "Харків",
        "--json",
    ]);
    s.json(&[
        "offer",
        "add",
        "--phone",
        "0671112233",
        "--item",
        "дитячі куртки",
        "--quantity",
        "4",
        "--json",
    ]);
    let store = s.open();
    let need = store
        .list_needs(&Default::default(), 0, 10)
        .unwrap()
        .into_iter()
        .find(|n| n.partner_ref.as_deref() == Some("A-1"))
        .unwrap();
    let out = s
        .cmd(&["match", "suggest", "--need", &need.id.to_string(), "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains("951679026"),
        "no phone in the offers list: {text}"
    );
    let list: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "only the blanket fits: {list}"
    );
    assert_eq!(list[0]["ref"], "O-1");
    assert_eq!(list[0]["donor_name"], "Олена");
    assert_eq!(list[0]["allocate"], 4);
}

#[test]
fn a_row_repeated_in_one_file_names_both_lines() {
    let s = Scratch::new();
    let needs = s.write(
        "dup.csv",
        "ref,organisation,item,quantity\nA-1,БФ Світло,ковдри,5\nA-2,БФ Світло,подушки,3\nA-1,бф  світло,ковдри,6\nA-1,Інша ГО,ковдри,2\n",
    );
    let out = s
        .cmd(&["import", "needs", needs.to_str().unwrap()])
        .assert()
        .failure();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let name = needs.display().to_string();
    assert!(
        stderr.contains(&format!(
            "{name}:4: ref: 'A-1' of this organisation is already at line 2"
        )),
        "{stderr}"
    );
    assert!(
        !stderr.contains(":5:"),
        "the same ref at another organisation is fine: {stderr}"
    );
    let orgs = s.write("orgs.csv", "name,kind\nБФ Світло,ngo\nбф світло,shelter\n");
    s.cmd(&["import", "orgs", orgs.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "orgs.csv:3: name: 'бф світло' is already at line 2",
        ));
    assert_eq!(s.json(&["stats", "--json"])["needs"], 0);
    assert_eq!(s.json(&["stats", "--json"])["organisations"], 0);
}
