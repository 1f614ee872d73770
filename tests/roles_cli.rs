//! Issue 14 through the command line: `--user`, unknown and disabled logins, refusals (exit 6,
//! distinct from bad input's 3) that name the role needed, `user add|edit|disable|list|keys`,
//! `audit who-saw`, the export with contacts per organisation.

mod common;

use assert_cmd::Command;
use common::Scratch;

/// `aidline --db <scratch> --lang en [--user LOGIN] ARGS…`
fn run(s: &Scratch, user: Option<&str>, args: &[&str]) -> Command {
    let mut c = Command::cargo_bin("aidline").unwrap();
    c.env("AIDLINE_DATA_DIR", s.dir.path().join("data"))
        .env(
            "AIDLINE_SYSTEM_CONFIG",
            s.dir.path().join("no-system-config.toml"),
        )
        .env("XDG_CONFIG_HOME", s.dir.path().join("config"))
        .env("USER", "unixname")
        .env_remove("SUDO_USER")
        .env_remove("SSH_ORIGINAL_COMMAND")
        .env_remove("AIDLINE_CONFIG")
        .env_remove("AIDLINE_OPERATOR")
        .env_remove("AIDLINE_USER")
        .env_remove("AIDLINE_DB")
        .arg("--db")
        .arg(s.db())
        .args(["--lang", "en"]);
    if let Some(u) = user {
        c.args(["--user", u]);
    }
    c.args(args);
    c
}

fn stdout(mut c: Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Organisations A and B, a need each, a donor matched to each, and the users.
fn setup() -> (Scratch, String, String) {
    let s = Scratch::new();
    // Only `init` (or `demo`) makes a database.
    stdout(run(&s, None, &["init"]));
    let csv = s.write(
        "needs.csv",
        "organisation,item,quantity,urgency\n\
         \"БФ «Карітас Харків»\",ковдри теплі,20,висока\n\
         \"КНП «Міська лікарня №4»\",ковдри,20,висока\n",
    );
    stdout(run(
        &s,
        None,
        &["import", "needs", csv.to_str().unwrap(), "--new-orgs"],
    ));
    for (phone, item) in [
        ("067 123 45 67", "ковдри вовняні"),
        ("095 167 90 26", "ковдра синтепон"),
    ] {
        stdout(run(
            &s,
            None,
            &[
                "offer",
                "add",
                "--phone",
                phone,
                "--name",
                "Донор",
                "--item",
                item,
                "--quantity",
                "4",
            ],
        ));
    }
    let ma = stdout(run(
        &s,
        None,
        &[
            "match",
            "propose",
            "--offer",
            "1",
            "--need",
            "1",
            "--quantity",
            "2",
            "--json",
        ],
    ));
    let mb = stdout(run(
        &s,
        None,
        &[
            "match",
            "propose",
            "--offer",
            "2",
            "--need",
            "2",
            "--quantity",
            "2",
            "--json",
        ],
    ));
    let id = |j: &str| -> String {
        let v: serde_json::Value = serde_json::from_str(j).unwrap();
        v["id"].to_string()
    };
    // The single seat adds the first user, an admin; from then on the database has users.
    stdout(run(
        &s,
        None,
        &[
            "user",
            "add",
            "olena",
            "--name",
            "Олена Коваль",
            "--role",
            "admin",
        ],
    ));
    stdout(run(
        &s,
        Some("olena"),
        &[
            "user",
            "add",
            "iryna",
            "--name",
            "Ірина Бондар",
            "--role",
            "liaison",
            "--org",
            "БФ «Карітас Харків»",
            "--key",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl iryna@office",
        ],
    ));
    stdout(run(
        &s,
        Some("olena"),
        &[
            "user",
            "add",
            "petro",
            "--name",
            "Петро",
            "--role",
            "operator",
        ],
    ));
    stdout(run(
        &s,
        Some("olena"),
        &[
            "user",
            "add",
            "maria",
            "--name",
            "Марія",
            "--role",
            "operator,lead",
        ],
    ));
    (s, id(&ma), id(&mb))
}

#[test]
fn unknown_disabled_and_refused_users_exit_6_and_bad_input_exits_3() {
    let (s, ma, mb) = setup();
    // Without --user the Unix name is nobody here.
    let out = run(&s, None, &["stats"]).output().unwrap();
    assert_eq!(out.status.code(), Some(6));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("user 'unixname' is not a user of this database"),
        "{err}"
    );
    // A liaison confirming another organisation's match: 6, naming the role needed; nothing
    // changes.
    let out = run(&s, Some("iryna"), &["match", "confirm", &mb])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("iryna (liaison) may not confirm")
            && err.contains("lead, or liaison of the organisation"),
        "{err}"
    );
    // With --json the error carries the stable code.
    let out = run(
        &s,
        Some("iryna"),
        &["audit", "who-saw", "067 123 45 67", "--json"],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(6));
    let v: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(v["error"]["code"], "not_allowed");
    // Another organisation's match is not even shown to her.
    let out = run(&s, Some("iryna"), &["match", "show", &mb])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    // Her own organisation's match: allowed.
    stdout(run(&s, Some("iryna"), &["match", "confirm", &ma]));
    // Bad input stays 3, not 6.
    let out = run(
        &s,
        Some("maria"),
        &["match", "decline", &mb, "--reason", "\u{7}"],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    // An operator may not forget donors; a lead may.
    let out = run(&s, Some("petro"), &["donor", "forget", "095 167 90 26"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs the role lead"));
    // Disabling takes effect at once.
    stdout(run(&s, Some("olena"), &["user", "disable", "petro"]));
    let out = run(&s, Some("petro"), &["offer", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(6));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is disabled"));
    let out = run(&s, Some("petro"), &["offer", "list", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(v["error"]["code"], "unknown_user");
    // The status of B's match did not change.
    let v: serde_json::Value = serde_json::from_str(&stdout(run(
        &s,
        Some("maria"),
        &["match", "show", &mb, "--json"],
    )))
    .unwrap();
    assert_eq!(v["status"], "proposed");
}

#[test]
fn user_list_keys_and_who_saw() {
    let (s, ma, _) = setup();
    let v: serde_json::Value =
        serde_json::from_str(&stdout(run(&s, Some("olena"), &["user", "list", "--json"]))).unwrap();
    let users = v.as_array().unwrap();
    assert_eq!(users.len(), 4);
    let iryna = users.iter().find(|u| u["login"] == "iryna").unwrap();
    assert_eq!(iryna["roles"], serde_json::json!(["liaison"]));
    assert_eq!(iryna["orgs"][0]["name"], "БФ «Карітас Харків»");
    assert_eq!(iryna["keys"], 1);
    // A liaison may not list users.
    let out = run(&s, Some("iryna"), &["user", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(6));
    // Keys: one line per key of an enabled user, forcing the command.
    let keys = stdout(run(
        &s,
        Some("olena"),
        &["user", "keys", "--program", "/usr/local/bin/aidline"],
    ));
    assert_eq!(
        keys.trim(),
        "restrict,pty,command=\"/usr/local/bin/aidline --user iryna\" ssh-ed25519 \
         AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl iryna@office"
    );
    // A key with options or a line break is refused as bad input.
    let out = run(
        &s,
        Some("olena"),
        &[
            "user",
            "edit",
            "iryna",
            "--key",
            "command=\"sh\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(3));
    stdout(run(&s, Some("olena"), &["user", "disable", "iryna"]));
    let keys = stdout(run(&s, Some("olena"), &["user", "keys"]));
    assert!(keys.trim().is_empty(), "{keys}");
    stdout(run(
        &s,
        Some("olena"),
        &["user", "edit", "iryna", "--enable"],
    ));
    // The liaison reads her match (the donor's phone in full, logged); the lead asks who saw it.
    let shown = stdout(run(&s, Some("iryna"), &["match", "show", &ma, "--json"]));
    assert!(shown.contains("+380671234567"), "{shown}");
    // The lead reading it sees the phone masked.
    let lead = stdout(run(&s, Some("maria"), &["match", "show", &ma]));
    assert!(
        lead.contains("+380 67 *** ** 67") && !lead.contains("+380671234567"),
        "{lead}"
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(run(
        &s,
        Some("maria"),
        &["audit", "who-saw", "067 123 45 67", "--json"],
    )))
    .unwrap();
    let seen = v["seen"].as_array().unwrap();
    assert_eq!(seen.len(), 1, "{v}");
    assert_eq!(seen[0]["login"], "iryna");
    assert_eq!(seen[0]["why"], format!("match M-{ma}"));
    assert!(
        !v.to_string().contains("+380671234567"),
        "the answer masks the phone: {v}"
    );
    // An operator may not read the access log.
    let out = run(&s, Some("petro"), &["audit", "who-saw", "067 123 45 67"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{out:?}");
}

#[test]
fn the_export_with_contacts_is_per_organisation() {
    let (s, _, _) = setup();
    let out_dir = s.path("out");
    let out = run(
        &s,
        Some("olena"),
        &[
            "export",
            "--out",
            out_dir.to_str().unwrap(),
            "--with-contacts",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--org"));
    stdout(run(
        &s,
        Some("olena"),
        &[
            "export",
            "--out",
            out_dir.to_str().unwrap(),
            "--with-contacts",
            "--org",
            "БФ «Карітас Харків»",
        ],
    ));
    let offers = std::fs::read_to_string(out_dir.join("offers.csv")).unwrap();
    assert!(offers.contains("+380671234567"), "{offers}");
    assert!(!offers.contains("+380951679026"), "{offers}");
    // A lead may not export.
    let out = run(
        &s,
        Some("maria"),
        &["export", "--out", out_dir.to_str().unwrap()],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(6), "{out:?}");
}
