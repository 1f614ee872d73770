//! Issue 14: who may see what. A table of every role × every action (console actions, CLI
//! commands, export), each run on its own copy of one database, allowed or refused; liaisons'
//! lists scoped to their organisations; phones masked in rows; the access log.

mod common;

use aidline::domain::{
    Accepts, CallOutcome, Condition, FixedClock, Location, MatchStatus, Phone, Urgency,
};
use aidline::store::export::{ExportOptions, Since};
use aidline::store::{
    MatchFilter, NeedFilter, NewCall, NewNeed, NewOffer, Role, Store, StoreError, UserChange,
};
use chrono::{DateTime, TimeZone, Utc};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const ORG_A: &str = "БФ «Карітас Харків»";
const ORG_B: &str = "КНП «Міська лікарня №4» м. Суми";
/// Matched to A (and A's liaison sees it); matched only to B (A's liaison never does).
const PHONE_A: &str = "+380 67 123 45 67";
const PHONE_B: &str = "095 167 90 26";
const PHONE_OTHER: &str = "(050) 410-22-33";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 30, 0).unwrap()
}

fn open(db: &Path, login: &str) -> Result<Store, StoreError> {
    Ok(Store::open(db, login)?.with_clock(Arc::new(FixedClock(t0()))))
}

fn offer(phone: &str, name: &str, item: &str, quantity: i64) -> NewOffer {
    NewOffer {
        phone: Phone::parse(phone).unwrap(),
        name: Some(name.into()),
        item: item.into(),
        category: None,
        quantity,
        unit: None,
        condition: Condition::Good,
        location: Location::default(),
        notes: None,
        available_until: None,
    }
}

fn need(org: &str, item: &str, quantity: i64) -> NewNeed {
    NewNeed {
        organisation: org.into(),
        partner_ref: None,
        item: item.into(),
        category: None,
        quantity,
        unit: None,
        urgency: Urgency::High,
        location: Location::default(),
        accepts: Accepts::Any,
        needed_by: None,
        notes: None,
    }
}

fn user(name: &str, roles: &[Role], orgs: &[&str]) -> UserChange {
    UserChange {
        name: Some(name.into()),
        roles: Some(roles.to_vec()),
        orgs: Some(orgs.iter().map(|o| o.to_string()).collect()),
        add_keys: Vec::new(),
        enabled: Some(true),
    }
}

/// The ids the actions work on.
#[derive(Debug, Clone, Copy)]
struct Ids {
    offer_a: i64,
    offer_b: i64,
    offer_free: i64,
    need_a: i64,
    need_b: i64,
    need_a2: i64,
    /// Proposed to A, proposed to B, confirmed at A, confirmed at B.
    match_a: i64,
    match_b: i64,
    confirmed_a: i64,
    confirmed_b: i64,
    callback: i64,
    donor_a: i64,
}

/// One database: organisations A and B with needs, three donors (one matched to A, one only
/// to B, one unmatched), matches in both, a callback, and the users.
fn template(dir: &Path, with_users: bool) -> (PathBuf, Ids) {
    let db = dir.join("template.db");
    let mut s = open(&db, "setup").unwrap();
    let need_a = s.add_need(&need(ORG_A, "ковдри теплі", 20)).unwrap();
    let need_a2 = s
        .add_need(&need(ORG_A, "дитячі зимові куртки", 10))
        .unwrap();
    let need_b = s.add_need(&need(ORG_B, "ковдри", 20)).unwrap();
    let offer_a = s
        .add_offer(&offer(PHONE_A, "Ганна Мельник", "ковдри вовняні", 12))
        .unwrap();
    let offer_b = s
        .add_offer(&offer(PHONE_B, "Петро Кравчук", "ковдра синтепон", 12))
        .unwrap();
    let offer_free = s
        .add_offer(&offer(PHONE_OTHER, "Оксана Лис", "куртка дитяча 122", 2))
        .unwrap();
    let match_a = s.propose(offer_a.id, need_a.id, Some(3)).unwrap();
    let match_b = s.propose(offer_b.id, need_b.id, Some(3)).unwrap();
    // A second offer of each donor (a repeat proposal of one offer adds to its match).
    let offer_a2 = s
        .add_offer(&offer(PHONE_A, "Ганна Мельник", "ковдра байкова", 4))
        .unwrap();
    let offer_b2 = s
        .add_offer(&offer(PHONE_B, "Петро Кравчук", "ковдри дитячі", 4))
        .unwrap();
    let confirmed_a = s.propose(offer_a2.id, need_a.id, Some(3)).unwrap();
    let confirmed_b = s.propose(offer_b2.id, need_b.id, Some(3)).unwrap();
    s.set_match_status(confirmed_a.id, MatchStatus::Confirmed, None)
        .unwrap();
    s.set_match_status(confirmed_b.id, MatchStatus::Confirmed, None)
        .unwrap();
    let callback = s
        .log_call(&NewCall {
            phone: Some(Phone::parse(PHONE_OTHER).unwrap()),
            donor_id: Some(offer_free.donor_id),
            offer_id: None,
            outcome: CallOutcome::CallBack,
            callback_at: Some(t0()),
            notes: Some("передзвонити після 14:00".into()),
            started_at: t0(),
        })
        .unwrap();
    if with_users {
        s.add_user("admin", &user("Олена Коваль", &[Role::Admin], &[]))
            .unwrap();
        drop(s);
        let mut s = open(&db, "admin").unwrap();
        for (login, name, role, orgs) in [
            ("op", "Петро Шевчук", Role::Operator, vec![]),
            ("lead", "Марія Гнатюк", Role::Lead, vec![]),
            ("lia_a", "Ірина Бондар", Role::Liaison, vec![ORG_A]),
            ("lia_b", "Tetiana Moroz", Role::Liaison, vec![ORG_B]),
        ] {
            s.add_user(login, &user(name, &[role], &orgs)).unwrap();
        }
    }
    let ids = Ids {
        offer_a: offer_a.id,
        offer_b: offer_b.id,
        offer_free: offer_free.id,
        need_a: need_a.id,
        need_b: need_b.id,
        need_a2: need_a2.id,
        match_a: match_a.id,
        match_b: match_b.id,
        confirmed_a: confirmed_a.id,
        confirmed_b: confirmed_b.id,
        callback,
        donor_a: offer_a.donor_id,
    };
    (db, ids)
}

/// A copy of the template (after a checkpoint, the file alone is the database).
fn copy(template: &Path, dir: &Path, name: &str) -> PathBuf {
    let s = Store::open(template, "admin").or_else(|_| Store::open(template, "setup"));
    drop(s);
    let dest = dir.join(format!("{name}.db"));
    for suffix in ["", "-wal"] {
        let mut from = template.as_os_str().to_owned();
        from.push(suffix);
        let mut to = dest.as_os_str().to_owned();
        to.push(suffix);
        if Path::new(&from).exists() {
            std::fs::copy(&from, &to).unwrap();
        }
    }
    dest
}

type Action = fn(&mut Store, &Ids, &Path) -> Result<(), StoreError>;

fn export(s: &mut Store, dir: &Path, contacts: Option<&str>) -> Result<(), StoreError> {
    s.export(
        &ExportOptions {
            dir: dir.join("export"),
            since: Since::Everything,
            hxl: false,
            excel: false,
            xlsx: false,
            with_contacts: contacts.is_some(),
            contacts_for: contacts.map(str::to_string),
            tz: chrono_tz::Europe::Kyiv,
            progress: false,
        },
        &mut |_, _, _| {},
    )
    .map(|_| ())
}

/// Every action, with the roles that may do it (besides the single seat, who may do all).
fn actions() -> Vec<(&'static str, &'static [&'static str], Action)> {
    use MatchStatus::*;
    vec![
        ("log an offer", &["op", "lead"], |s, _, _| {
            s.add_offer(&offer("067 555 12 12", "Ніна", "пальто жіноче 48", 1))
                .map(|_| ())
        }),
        ("log a call", &["op", "lead"], |s, i, _| {
            s.log_call(&NewCall {
                phone: Some(Phone::parse(PHONE_A).unwrap()),
                donor_id: Some(i.donor_a),
                offer_id: None,
                outcome: CallOutcome::NothingToOffer,
                callback_at: None,
                notes: None,
                started_at: t0(),
            })
            .map(|_| ())
        }),
        ("take a callback", &["op", "lead"], |s, i, _| {
            s.take_callback(i.callback).map(|c| assert!(c.is_some()))
        }),
        ("callback queue", &["op", "lead"], |s, _, _| {
            s.due_callbacks(t0(), 10).map(|_| ())
        }),
        ("look a caller up by phone", &["op", "lead"], |s, _, _| {
            s.donor_by_phone(&Phone::parse(PHONE_A).unwrap())
                .map(|d| assert!(d.is_some()))
        }),
        ("donor show", &["op", "lead"], |s, _, _| {
            s.donor_view(&Phone::parse(PHONE_B).unwrap()).map(|_| ())
        }),
        ("offer list", &["op", "lead", "admin"], |s, _, _| {
            s.list_offers(None, None, 0, 50).map(|_| ())
        }),
        ("suggest needs for a call", &["op", "lead"], |s, _, _| {
            let q = aidline::matching::OfferQuery {
                item: "ковдри".into(),
                category: None,
                quantity: 2,
                unit: None,
                condition: Condition::Good,
                location: Location::default(),
            };
            s.suggest_needs(&q, 5).map(|_| ())
        }),
        (
            "suggest offers for a need",
            &["op", "lead", "admin"],
            |s, i, _| s.suggest_offers(i.need_a, 5).map(|_| ()),
        ),
        ("propose", &["op", "lead"], |s, i, _| {
            s.propose(i.offer_free, i.need_a2, None).map(|_| ())
        }),
        ("correct an offer", &["lead"], |s, i, _| {
            let mut o = offer(PHONE_OTHER, "Оксана Лис", "куртка дитяча 128", 2);
            o.notes = Some("розмір уточнено".into());
            s.edit_offer(i.offer_free, &o).map(|_| ())
        }),
        ("withdraw an offer", &["lead"], |s, i, _| {
            s.withdraw_offer(i.offer_free, Some("передумала"))
                .map(|_| ())
        }),
        ("confirm A's match", &["lead", "lia_a"], |s, i, _| {
            s.set_match_status(i.match_a, Confirmed, None).map(|_| ())
        }),
        ("confirm B's match", &["lead", "lia_b"], |s, i, _| {
            s.set_match_status(i.match_b, Confirmed, None).map(|_| ())
        }),
        ("decline A's match", &["lead", "lia_a"], |s, i, _| {
            s.set_match_status(i.match_a, Declined, Some("вже отримали"))
                .map(|_| ())
        }),
        ("decline B's match", &["lead", "lia_b"], |s, i, _| {
            s.set_match_status(i.match_b, Declined, Some("вже отримали"))
                .map(|_| ())
        }),
        ("hand over A's match", &["lead", "lia_a"], |s, i, _| {
            s.set_match_status(i.confirmed_a, HandedOver, None)
                .map(|_| ())
        }),
        (
            "hand over B's match in part",
            &["lead", "lia_b"],
            |s, i, _| {
                s.hand_over(i.confirmed_b, 2, Some("одна ковдра брудна"))
                    .map(|_| ())
            },
        ),
        ("cancel A's match", &["lead", "lia_a"], |s, i, _| {
            s.set_match_status(i.confirmed_a, Cancelled, None)
                .map(|_| ())
        }),
        ("cancel B's match", &["lead", "lia_b"], |s, i, _| {
            s.set_match_status(i.confirmed_b, Cancelled, None)
                .map(|_| ())
        }),
        ("add a need of A", &["lead", "admin", "lia_a"], |s, _, _| {
            s.add_need(&need(ORG_A, "памперси 4", 30)).map(|_| ())
        }),
        ("add a need of B", &["lead", "admin", "lia_b"], |s, _, _| {
            s.add_need(&need(ORG_B, "памперси 4", 30)).map(|_| ())
        }),
        (
            "edit a need of A",
            &["lead", "admin", "lia_a"],
            |s, i, _| {
                s.edit_need(i.need_a2, &need(ORG_A, "дитячі зимові куртки 110-128", 12))
                    .map(|_| ())
            },
        ),
        ("move A's need to B", &["lead", "admin"], |s, i, _| {
            s.edit_need(i.need_a2, &need(ORG_B, "дитячі зимові куртки", 10))
                .map(|_| ())
        }),
        (
            "close a need of B",
            &["lead", "admin", "lia_b"],
            |s, i, _| s.close_need(i.need_b).map(|_| ()),
        ),
        (
            "import needs of A",
            &["lead", "admin", "lia_a"],
            |s, _, _| {
                let csv = format!(
                    "organisation,item,quantity\n\"{}\",підгузки,40\n",
                    ORG_A.replace('"', "\"\"")
                );
                s.import_needs("a.csv", csv.as_bytes(), false).map(|_| ())
            },
        ),
        (
            "import needs of B",
            &["lead", "admin", "lia_b"],
            |s, _, _| {
                let csv = format!(
                    "organisation,item,quantity\n\"{}\",бинти,40\n",
                    ORG_B.replace('"', "\"\"")
                );
                s.import_needs("b.csv", csv.as_bytes(), false).map(|_| ())
            },
        ),
        ("import organisations", &["admin"], |s, _, _| {
            s.import_orgs("orgs.csv", "name\nГО «Вільні люди»\n".as_bytes(), false)
                .map(|_| ())
        }),
        ("forget a donor", &["lead"], |s, _, _| {
            s.forget_donor(&Phone::parse(PHONE_OTHER).unwrap())
                .map(|_| ())
        }),
        ("who saw a phone", &["lead", "admin"], |s, _, _| {
            s.who_saw(&Phone::parse(PHONE_A).unwrap()).map(|_| ())
        }),
        ("audit trail", &["lead", "admin"], |s, _, _| {
            s.audit_rows("match").map(|_| ())
        }),
        ("day report", &["lead", "admin"], |s, _, _| {
            s.day_report(t0().date_naive()).map(|_| ())
        }),
        ("check", &["admin"], |s, _, _| s.check().map(|_| ())),
        ("backup", &["admin"], |s, _, dir| {
            s.backup(&dir.join("backup.db")).map(|_| ())
        }),
        ("export", &["admin"], |s, _, dir| export(s, dir, None)),
        ("export with A's contacts", &["admin"], |s, _, dir| {
            export(s, dir, Some(ORG_A))
        }),
        ("add a user", &["admin"], |s, _, _| {
            s.add_user("nova", &user("Нова Людина", &[Role::Operator], &[]))
                .map(|_| ())
        }),
        ("disable a user", &["admin"], |s, _, _| {
            s.disable_user("op").map(|_| ())
        }),
        ("authorized keys", &["admin"], |s, _, _| {
            s.authorized_keys("/usr/local/bin/aidline").map(|_| ())
        }),
    ]
}

const ROLES: [&str; 5] = ["op", "lead", "lia_a", "lia_b", "admin"];

#[test]
fn every_role_and_every_action_allowed_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (template_db, ids) = template(dir.path(), true);
    let mut failures = Vec::new();
    let mut cells = 0;
    for (n, (action, allowed, run)) in actions().into_iter().enumerate() {
        for role in ROLES {
            cells += 1;
            let cell = dir.path().join(format!("cell-{n}-{role}"));
            std::fs::create_dir(&cell).unwrap();
            let db = copy(&template_db, &cell, "db");
            let mut store = open(&db, role).unwrap();
            let result = run(&mut store, &ids, &cell);
            let want = allowed.contains(&role);
            match (&result, want) {
                (Ok(()), true) => {}
                (
                    Err(StoreError::NotAllowed {
                        needs,
                        action: what,
                        ..
                    }),
                    false,
                ) => {
                    // The refusal says what would allow it.
                    assert!(!needs.is_empty() && !what.is_empty());
                }
                (other, _) => failures.push(format!(
                    "{role} × {action}: expected {}, got {other:?}",
                    if want { "allowed" } else { "refused" }
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(cells, actions().len() * ROLES.len());
}

#[test]
fn a_database_without_users_is_a_single_seat_with_every_right() {
    let dir = tempfile::tempdir().unwrap();
    let (template_db, ids) = template(dir.path(), false);
    for (n, (action, _, run)) in actions().into_iter().enumerate() {
        if action == "disable a user" {
            continue; // there is nobody to disable
        }
        let cell = dir.path().join(format!("cell-{n}"));
        std::fs::create_dir(&cell).unwrap();
        let db = copy(&template_db, &cell, "db");
        let mut store = open(&db, "olena").unwrap();
        assert!(store.actor().local);
        let result = if action == "add a user" {
            // The first user must be an admin.
            store
                .add_user("olena", &user("Олена", &[Role::Admin], &[]))
                .map(|_| ())
        } else {
            run(&mut store, &ids, &cell)
        };
        assert!(result.is_ok(), "{action}: {result:?}");
    }
}

#[test]
fn unknown_and_disabled_logins_are_refused_and_the_first_user_is_an_admin() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = template(dir.path(), false);
    let mut s = open(&db, "olena").unwrap();
    let e = s
        .add_user("petro", &user("Петро", &[Role::Operator], &[]))
        .unwrap_err();
    assert!(e.to_string().contains("first user must be an admin"), "{e}");
    s.add_user("olena", &user("Олена", &[Role::Admin], &[]))
        .unwrap();
    drop(s);
    // The Unix name no longer works: the database has users.
    assert!(matches!(
        open(&db, "root"),
        Err(StoreError::UnknownUser { .. })
    ));
    let mut admin = open(&db, "olena").unwrap();
    admin
        .add_user("petro", &user("Петро", &[Role::Operator], &[]))
        .unwrap();
    admin.disable_user("petro").unwrap();
    let e = open(&db, "petro")
        .err()
        .expect("a disabled user is refused");
    assert!(e.to_string().contains("disabled"), "{e}");
    // The last admin cannot be disabled.
    let e = admin.disable_user("olena").unwrap_err();
    assert!(e.to_string().contains("last enabled admin"), "{e}");
    // A liaison without an organisation is refused.
    let e = admin
        .add_user("iryna", &user("Ірина", &[Role::Liaison], &[]))
        .unwrap_err();
    assert!(e.to_string().contains("at least one organisation"), "{e}");
}

#[test]
fn a_liaisons_lists_hold_only_their_organisations_and_phones_follow_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let (db, ids) = template(dir.path(), true);
    let lia = open(&db, "lia_a").unwrap();
    // Needs: only A's.
    let needs = lia.list_needs(&NeedFilter::default(), 0, 100).unwrap();
    assert!(!needs.is_empty());
    assert!(
        needs
            .iter()
            .all(|n| n.id == ids.need_a || n.id == ids.need_a2)
    );
    assert_eq!(
        lia.count_needs(&NeedFilter::default()).unwrap(),
        needs.len() as i64
    );
    assert!(matches!(
        lia.need(ids.need_b),
        Err(StoreError::NotFound { .. })
    ));
    // Matches: only A's, with A's donor's phone in full (logged); B's is not found.
    let views = lia.match_views(&MatchFilter::default(), 0, 100).unwrap();
    let mine: Vec<i64> = views.iter().map(|v| v.matched.id).collect();
    assert_eq!(
        {
            let mut m = mine.clone();
            m.sort();
            m
        },
        vec![ids.match_a, ids.confirmed_a]
    );
    assert_eq!(lia.count_matches(&MatchFilter::default()).unwrap(), 2);
    let full_a = Phone::parse(PHONE_A).unwrap();
    assert!(
        views
            .iter()
            .all(|v| v.offer.donor_phone.as_ref() == Some(&full_a))
    );
    assert!(matches!(
        lia.match_view(ids.match_b),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        lia.offer(ids.offer_b),
        Err(StoreError::NotFound { .. })
    ));
    assert!(lia.offer(ids.offer_a).is_ok());
    // An operator's lists show phones masked; the lead reads who saw A's donor's phone.
    let op = open(&db, "op").unwrap();
    let offers = op.list_offers(None, None, 0, 100).unwrap();
    assert_eq!(offers.len(), 5);
    for o in &offers {
        let shown = o.donor_phone.as_ref().unwrap().as_str().to_string();
        assert!(shown.contains("***"), "{shown}");
    }
    let b = offers.iter().find(|o| o.id == ids.offer_b).unwrap();
    assert_eq!(
        b.donor_phone.as_ref().unwrap().as_str(),
        "+380 95 *** ** 26"
    );
    let lead = open(&db, "lead").unwrap();
    let seen = lead.who_saw(&full_a).unwrap();
    // One row per match shown (A's donor has two matches at A).
    assert_eq!(seen.len(), 2, "{seen:?}");
    for row in &seen {
        assert_eq!(row.login, "lia_a");
        assert!(row.why.starts_with("match M-"), "{seen:?}");
        assert_eq!(row.donor_id, ids.donor_a);
    }
    // Reading the list again within the hour adds no rows.
    lia.match_views(&MatchFilter::default(), 0, 100).unwrap();
    assert_eq!(lead.who_saw(&full_a).unwrap().len(), 2);
    // Nobody saw B's donor's phone in full.
    assert!(
        lead.who_saw(&Phone::parse(PHONE_B).unwrap())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn calls_callbacks_and_exports_are_in_the_access_log_and_forgetting_leaves_no_phone() {
    let dir = tempfile::tempdir().unwrap();
    let (db, ids) = template(dir.path(), true);
    let mut op = open(&db, "op").unwrap();
    let cb = op.take_callback(ids.callback).unwrap().unwrap();
    // The operator calling back sees the number in full.
    assert_eq!(
        cb.call.phone.as_deref(),
        Some(Phone::parse(PHONE_OTHER).unwrap().as_str())
    );
    // The queue (a list) shows it masked.
    let due = op.list_calls(0, 10).unwrap();
    assert!(
        due.iter()
            .all(|c| c.phone.as_deref().is_none_or(|p| p.contains("***")))
    );
    let mut admin = open(&db, "admin").unwrap();
    // Contacts without an organisation are refused; with one, only its donors are written.
    let e = export(&mut admin, dir.path(), Some("")).unwrap_err();
    assert!(matches!(e, StoreError::NotFound { .. }), "{e:?}");
    let out = dir.path().join("x");
    std::fs::create_dir(&out).unwrap();
    export(&mut admin, &out, Some(ORG_A)).unwrap();
    let offers_csv = std::fs::read_to_string(out.join("export").join("offers.csv")).unwrap();
    assert!(offers_csv.contains("+380671234567"), "{offers_csv}");
    assert!(!offers_csv.contains("+380951679026"), "{offers_csv}");
    assert!(!offers_csv.contains("+380504102233"), "{offers_csv}");
    let lead = open(&db, "lead").unwrap();
    let seen = lead.who_saw(&Phone::parse(PHONE_A).unwrap()).unwrap();
    assert!(
        seen.iter()
            .any(|r| r.login == "admin" && r.why.starts_with("export G-")),
        "{seen:?}"
    );
    let seen = lead.who_saw(&Phone::parse(PHONE_OTHER).unwrap()).unwrap();
    assert!(
        seen.iter().any(|r| r.login == "op" && r.why == "callback"),
        "{seen:?}"
    );
    drop(lead);
    // Forgetting: the access log holds donor ids and reasons, never the number.
    let mut lead = open(&db, "lead").unwrap();
    lead.forget_donor(&Phone::parse(PHONE_OTHER).unwrap())
        .unwrap();
    assert!(
        lead.who_saw(&Phone::parse(PHONE_OTHER).unwrap())
            .unwrap()
            .is_empty()
    );
    drop(lead);
    drop(op);
    drop(admin);
    for suffix in ["", "-wal"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let bytes = std::fs::read(&p).unwrap_or_default();
        for form in ["+380504102233", "0504102233", "410-22-33"] {
            assert!(
                !bytes.windows(form.len()).any(|w| w == form.as_bytes()),
                "{form} is still in {p:?}"
            );
        }
    }
}

#[test]
fn refusals_name_the_role_needed() {
    let dir = tempfile::tempdir().unwrap();
    let (db, ids) = template(dir.path(), true);
    let mut lia = open(&db, "lia_a").unwrap();
    let e = lia
        .set_match_status(ids.match_b, MatchStatus::Confirmed, None)
        .unwrap_err();
    let text = e.to_string();
    assert!(text.contains("lia_a (liaison)"), "{text}");
    assert!(
        text.contains("lead, or liaison of the organisation"),
        "{text}"
    );
    let mut op = open(&db, "op").unwrap();
    let e = op
        .forget_donor(&Phone::parse(PHONE_A).unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("needs the role lead"), "{e}");
    // Nothing changed: B's match is still proposed.
    let lead = open(&db, "lead").unwrap();
    assert_eq!(
        lead.match_by_id(ids.match_b).unwrap().status,
        MatchStatus::Proposed
    );
}

/// An operator corrects or withdraws an offer they logged themselves (a slip caught on the
/// call), for a day; another's offer, or their own after a day, needs the lead.
#[test]
fn an_operator_corrects_their_own_offer_for_a_day_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let (template, ids) = template(dir.path(), true);
    let db = copy(&template, dir.path(), "own.db");
    let mut op = open(&db, "op").unwrap();
    let mine = op
        .add_offer(&offer("097 555 12 34", "Люба Дорош", "ковдра", 2))
        .unwrap();
    let mut fixed = offer("097 555 12 34", "Люба Дорош", "ковдри вовняні", 3);
    fixed.notes = Some("забрати після 18:00".into());
    let after = op.edit_offer(mine.id, &fixed).unwrap();
    assert_eq!(
        (after.item.as_str(), after.tally.total),
        ("ковдри вовняні", 3)
    );
    // Someone else's offer (logged by the set-up): refused, naming the lead.
    let err = op
        .edit_offer(
            ids.offer_free,
            &offer(PHONE_OTHER, "Оксана Лис", "куртка", 1),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::NotAllowed { .. }), "{err}");
    assert!(op.withdraw_offer(ids.offer_free, Some("x")).is_err());
    // A day later their own is the lead's to correct.
    drop(op);
    let mut later = Store::open(&db, "op")
        .unwrap()
        .with_clock(Arc::new(FixedClock(t0() + chrono::Duration::hours(25))));
    let err = later
        .withdraw_offer(mine.id, Some("передумала"))
        .unwrap_err();
    assert!(matches!(err, StoreError::NotAllowed { .. }), "{err}");
    let mut op = open(&db, "op").unwrap();
    let (gone, _) = op.withdraw_offer(mine.id, Some("передумала")).unwrap();
    assert!(gone.withdrawn);
}

/// The desk's phone view is recorded only when the phone shown was whole: a liaison's of their
/// own organisation's match; a lead sees it masked and leaves no row.
#[test]
fn a_phone_view_is_logged_only_when_the_phone_was_shown_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (template, ids) = template(dir.path(), true);
    let db = copy(&template, dir.path(), "views.db");
    let mut lead = open(&db, "lead").unwrap();
    let masked = lead.match_view(ids.match_a).unwrap();
    let full = Phone::parse(PHONE_A).unwrap();
    assert_ne!(
        masked.offer.donor_phone.as_ref().map(|p| p.as_str()),
        Some(full.as_str()),
        "the lead sees the phone masked"
    );
    lead.log_phone_view(ids.match_a).unwrap();
    let before = lead.access_log().unwrap().len();
    drop(lead);
    let mut lia = open(&db, "lia_a").unwrap();
    lia.log_phone_view(ids.match_a).unwrap();
    assert!(
        lia.log_phone_view(ids.match_b).is_err(),
        "B's match is not found"
    );
    drop(lia);
    let lead = open(&db, "lead").unwrap();
    let rows = lead.access_log().unwrap();
    let views: Vec<_> = rows
        .iter()
        .filter(|r| r.why == format!("match M-{}", ids.match_a))
        .map(|r| r.login.as_str())
        .collect();
    assert!(!views.contains(&"lead"), "{rows:?}");
    assert!(views.contains(&"lia_a"), "{rows:?}");
    assert!(rows.len() > before);
}

/// A liaison's large file with one row of another organisation in the middle is refused whole:
/// the rows after it are never written, the rows before it are rolled back, and the import
/// returns (the file's reading, on its own thread, stops when the writing does).
#[test]
fn a_liaisons_large_file_with_one_row_of_another_organisation_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = template(dir.path(), true);
    let before = open(&db, "lead")
        .unwrap()
        .count_needs(&Default::default())
        .unwrap();
    let quoted = |org: &str| format!("\"{}\"", org.replace('"', "\"\""));
    let mut csv = String::from("organisation,ref,item,quantity\n");
    for i in 0..15_000 {
        // Row 6001 is B's: far more rows follow it than the reading thread may hold ahead.
        let org = if i == 6_000 { ORG_B } else { ORG_A };
        csv.push_str(&format!(
            "{},К-{i},памперси 4,{}\n",
            quoted(org),
            1 + i % 30
        ));
    }
    let mut lia = open(&db, "lia_a").unwrap();
    let e = lia
        .import_needs("a.csv", csv.as_bytes(), false)
        .unwrap_err();
    assert!(e.to_string().contains("lia_a (liaison)"), "{e}");
    drop(lia);
    let lead = open(&db, "lead").unwrap();
    assert_eq!(lead.count_needs(&Default::default()).unwrap(), before);
    // The same file without B's row is A's liaison's to import.
    let own: String = csv
        .lines()
        .filter(|l| !l.contains("лікарня"))
        .map(|l| format!("{l}\n"))
        .collect();
    let mut lia = open(&db, "lia_a").unwrap();
    let report = lia.import_needs("a.csv", own.as_bytes(), false).unwrap();
    assert_eq!(report.created, 14_999);
}
