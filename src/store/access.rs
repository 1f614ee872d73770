//! Who may do what: the one place the store checks rights (issue 14).
//!
//! A store is opened for a person (`Store::open(path, login)`): when the database has users, the
//! login must be an enabled user, and every store method that changes or reveals something calls
//! [`Store::require`] (or [`Writer::require`] inside a transaction) with a [`Permission`]. A
//! liaison's rights are scoped to the organisations they act for; their lists are narrowed in the
//! lists' own WHERE (`scope_sql`). A database without users is a single seat: the local user has
//! every right, as before roles existed.
//!
//! Phones: rows read through `rows::OFFER_COLUMNS` and the call lists carry `shown_phone(…)`, a
//! SQL function that masks (`+380 67 *** ** 67`) unless the actor may see every phone (the local
//! user). A full phone is revealed only by the methods that log it in `access_log`: a call logged
//! for the caller on the line, a callback taken, a liaison's own matches, the export with
//! contacts.

use super::{Result, Store, StoreError, Writer};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A role a user holds (a user may hold several: `lead,admin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Takes calls, logs offers, proposes matches, takes callbacks.
    Operator,
    /// The operator's rights, plus every callback, corrections and cancellations, forgetting a
    /// donor, the audit trail, the dashboard for all operators.
    Lead,
    /// For their organisations only: needs (add, edit, close, import), matches (confirm, decline,
    /// hand over, cancel) and the donors matched to them.
    Liaison,
    /// Users, organisations, check, backup, export.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Operator, Role::Lead, Role::Liaison, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Lead => "lead",
            Role::Liaison => "liaison",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Result<Role> {
        let t = text.trim().to_lowercase();
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == t || (t == "shift-lead" && *r == Role::Lead))
            .ok_or_else(|| {
                StoreError::invalid(
                    "role",
                    format!("'{text}' is not a role (operator, lead, liaison, admin)"),
                )
            })
    }

    /// `lead,admin` → roles (duplicates dropped, sorted).
    pub fn parse_list(text: &str) -> Result<Vec<Role>> {
        let mut roles = text
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(Role::parse)
            .collect::<Result<Vec<_>>>()?;
        roles.sort();
        roles.dedup();
        Ok(roles)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Something a person may or may not do. Each maps to the roles that may; the scoped ones also
/// to a liaison of the organisation concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Log a call and its offers, look a caller up by the phone typed, see the caller's phone.
    TakeCalls,
    /// Take a callback (and see its phone).
    TakeCallbacks,
    /// The offers list and an offer's record (phones masked).
    SeeOffers,
    /// Propose an offer to a need.
    Propose,
    /// Correct or withdraw an offer.
    CorrectOffers,
    /// Confirm, decline or hand over a match (a liaison: of their organisations).
    DecideMatch,
    /// Cancel a match (a liaison: of their organisations).
    CancelMatch,
    /// Add, edit, close or import needs (a liaison: of their organisations).
    EditNeeds,
    /// Erase a donor.
    ForgetDonor,
    /// The audit trail and the access log (`audit who-saw`).
    SeeAudit,
    /// Every operator's calls, the day's report.
    SeeAllCalls,
    /// Add, edit and disable users; print their keys.
    AdminUsers,
    /// Add or import organisations.
    AdminOrgs,
    /// `check`, `backup`, `migrate`, `demo`.
    Maintain,
    /// The partner export (masked).
    Export,
    /// The export with donors' contacts (one organisation at a time, logged).
    ExportContacts,
}

impl Permission {
    /// The roles that hold this right everywhere.
    pub fn roles(self) -> &'static [Role] {
        use Permission::*;
        use Role::*;
        match self {
            TakeCalls | TakeCallbacks | Propose => &[Operator, Lead],
            SeeOffers => &[Operator, Lead, Admin],
            CorrectOffers | DecideMatch | CancelMatch | ForgetDonor | SeeAllCalls => &[Lead],
            EditNeeds => &[Lead, Admin],
            SeeAudit => &[Lead, Admin],
            AdminUsers | AdminOrgs | Maintain | Export | ExportContacts => &[Admin],
        }
    }

    /// Whether a liaison holds this right for their own organisations.
    pub fn liaison_scoped(self) -> bool {
        matches!(
            self,
            Permission::DecideMatch | Permission::CancelMatch | Permission::EditNeeds
        )
    }

    /// What is refused, as a person would say it.
    pub fn action(self) -> &'static str {
        use Permission::*;
        match self {
            TakeCalls => "take calls",
            TakeCallbacks => "take callbacks",
            SeeOffers => "see offers",
            Propose => "propose matches",
            CorrectOffers => "correct or withdraw offers",
            DecideMatch => "confirm, decline or hand over this match",
            CancelMatch => "cancel this match",
            EditNeeds => "add, edit, close or import these needs",
            ForgetDonor => "forget a donor",
            SeeAudit => "read the audit trail",
            SeeAllCalls => "see every operator's calls",
            AdminUsers => "manage users",
            AdminOrgs => "manage organisations",
            Maintain => "run maintenance (check, backup, migrate, demo)",
            Export => "export",
            ExportContacts => "export donors' contacts",
        }
    }

    /// The roles that would allow it, for the refusal: `lead, or liaison of the organisation`.
    pub fn needs(self) -> String {
        let mut text = self
            .roles()
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(" or ");
        if self.liaison_scoped() {
            text.push_str(", or liaison of the organisation");
        }
        text
    }
}

/// The person a store acts for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub login: String,
    pub name: Option<String>,
    pub roles: Vec<Role>,
    /// The organisations a liaison acts for.
    pub orgs: Vec<i64>,
    /// No users in the database: a single seat, the local user with every right.
    pub local: bool,
}

impl Actor {
    /// The local user of a database without users: every right.
    pub fn local(login: &str) -> Actor {
        Actor {
            login: login.to_string(),
            name: None,
            roles: Role::ALL.to_vec(),
            orgs: Vec::new(),
            local: true,
        }
    }

    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Whether the actor may, for a record of organisation `org` (None: not about one).
    pub fn may(&self, p: Permission, org: Option<i64>) -> bool {
        if self.local || self.roles.iter().any(|r| p.roles().contains(r)) {
            return true;
        }
        p.liaison_scoped() && self.has(Role::Liaison) && org.is_some_and(|o| self.orgs.contains(&o))
    }

    /// A liaison and nothing wider: their lists are narrowed to their organisations.
    pub fn scoped(&self) -> bool {
        !self.local
            && self.has(Role::Liaison)
            && !self.has(Role::Lead)
            && !self.has(Role::Admin)
            && !self.has(Role::Operator)
    }

    /// Sees every phone in full in lists (the single seat only).
    pub fn sees_phones(&self) -> bool {
        self.local
    }

    pub fn require(&self, p: Permission, org: Option<i64>) -> Result<()> {
        if self.may(p, org) {
            return Ok(());
        }
        Err(StoreError::NotAllowed {
            login: self.login.clone(),
            roles: if self.roles.is_empty() {
                "no role".into()
            } else {
                roles_text(&self.roles)
            },
            action: p.action(),
            needs: p.needs(),
        })
    }

    /// `n.org_id IN (3, 7)` for a liaison (`1 = 0` with no organisation); None for everyone
    /// else. Ids are integers from the database, so formatting them in is safe.
    pub fn scope_sql(&self, column: &str) -> Option<String> {
        if !self.scoped() {
            return None;
        }
        if self.orgs.is_empty() {
            return Some("1 = 0".into());
        }
        let ids = self
            .orgs
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        Some(format!("{column} IN ({ids})"))
    }

    /// For the status bar: `olena (liaison: Карітас Харків)` is built by the caller; this is
    /// `liaison` or `lead,admin`, or None for the single seat.
    pub fn roles_label(&self) -> Option<String> {
        (!self.local).then(|| roles_text(&self.roles))
    }
}

/// Register the SQL functions rows use: `shown_phone(p)` masks unless `full` is set.
pub(crate) fn register(conn: &rusqlite::Connection, full: Arc<AtomicBool>) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "shown_phone",
        1,
        // Not deterministic: the answer follows the actor, who can change on a connection.
        FunctionFlags::SQLITE_UTF8,
        move |ctx| {
            let p: Option<String> = ctx.get(0)?;
            Ok(p.map(|p| {
                if full.load(Ordering::Relaxed) {
                    p
                } else {
                    super::export::mask_phone(&p)
                }
            }))
        },
    )
}

/// Who the login is in this database: the local user when it has no users (or no users table:
/// an old schema read before migrating), else an enabled user; otherwise `NotAllowed`.
pub(crate) fn resolve(conn: &rusqlite::Connection, login: &str) -> Result<Actor> {
    let has_table: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)?;
    if !has_table {
        return Ok(Actor::local(login));
    }
    let any: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM users)", [], |r| r.get(0))?;
    if !any {
        return Ok(Actor::local(login));
    }
    let user = read_user(conn, login)?;
    match user {
        Some(u) if u.enabled => Ok(Actor {
            login: u.login,
            name: Some(u.name),
            roles: u.roles,
            orgs: u.orgs.iter().map(|(id, _)| *id).collect(),
            local: false,
        }),
        Some(_) => Err(StoreError::UnknownUser {
            login: login.to_string(),
            why: "is disabled",
        }),
        None => Err(StoreError::UnknownUser {
            login: login.to_string(),
            why: "is not a user of this database",
        }),
    }
}

/// A user as `user list` shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub login: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// The organisations (id, name) a liaison acts for.
    pub orgs: Vec<(i64, String)>,
    pub keys: Vec<String>,
    pub enabled: bool,
}

/// A new user, or the changes to one (`None`: keep).
#[derive(Debug, Clone, Default)]
pub struct UserChange {
    pub name: Option<String>,
    pub roles: Option<Vec<Role>>,
    /// Organisation names (replace the list when given).
    pub orgs: Option<Vec<String>>,
    /// SSH public keys to add (`ssh-ed25519 AAAA… comment`).
    pub add_keys: Vec<String>,
    pub enabled: Option<bool>,
}

/// One row of the access log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessRow {
    pub at: String,
    pub login: String,
    pub donor_id: i64,
    pub why: String,
}

fn read_user(conn: &rusqlite::Connection, login: &str) -> Result<Option<User>> {
    let row: Option<(String, String, String, bool)> = conn
        .prepare_cached("SELECT login, name, roles, enabled FROM users WHERE login = ?1")?
        .query_row([login], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((login, name, roles, enabled)) = row else {
        return Ok(None);
    };
    let orgs = conn
        .prepare_cached(
            "SELECT o.id, o.name FROM user_orgs u JOIN organisations o ON o.id = u.org_id
             WHERE u.login = ?1 ORDER BY o.name",
        )?
        .query_map([&login], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let keys = conn
        .prepare_cached("SELECT key FROM user_keys WHERE login = ?1 ORDER BY added_at, key")?
        .query_map([&login], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(User {
        roles: Role::parse_list(&roles)?,
        login,
        name,
        orgs,
        keys,
        enabled,
    }))
}

/// A login: what `--user` and the forced command carry. Letters, digits, `._-`, up to 32.
fn check_login(login: &str) -> Result<()> {
    let ok = !login.is_empty()
        && login.len() <= 32
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && !login.starts_with('-');
    if ok {
        Ok(())
    } else {
        Err(StoreError::invalid(
            "login",
            format!("'{login}' is not a login (letters, digits, '.', '_', '-'; at most 32)"),
        ))
    }
}

/// An SSH public key line: `TYPE BASE64 [comment]`, no options (we write those), one line.
fn check_key(key: &str) -> Result<String> {
    let key = key.trim();
    let mut parts = key.split_whitespace();
    let kind = parts.next().unwrap_or("");
    let blob = parts.next().unwrap_or("");
    let known = kind.starts_with("ssh-")
        || kind.starts_with("ecdsa-sha2-")
        || kind.starts_with("sk-ssh-")
        || kind.starts_with("sk-ecdsa-");
    let base64 = blob.len() >= 16
        && blob
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='));
    if !known || !base64 || key.contains('\n') || key.contains('"') {
        return Err(StoreError::invalid(
            "key",
            "not an SSH public key (expected e.g. 'ssh-ed25519 AAAAC3… name@laptop', without options)",
        ));
    }
    Ok(key.to_string())
}

impl Store {
    /// The person this store acts for.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Act for another person (tests; a console switching user). Rows read afterwards follow
    /// their rights.
    pub fn set_actor(&mut self, actor: Actor) {
        self.full_phones
            .store(actor.sees_phones(), Ordering::Relaxed);
        self.operator = actor.login.clone();
        self.actor = actor;
    }

    /// Refuse with `NotAllowed` unless the actor holds `p` (for a record of organisation `org`).
    pub fn require(&self, p: Permission, org: Option<i64>) -> Result<()> {
        self.actor.require(p, org)
    }

    /// The organisation of a match (through its need).
    pub(crate) fn org_of_match(&self, match_id: i64) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT n.org_id FROM matches m JOIN needs n ON n.id = m.need_id WHERE m.id = ?1",
            )?
            .query_row([match_id], |r| r.get(0))
            .optional()?)
    }

    /// Whether the database has users (else: a single seat).
    pub fn has_users(&self) -> Result<bool> {
        Ok(self
            .conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM users)", [], |r| r.get(0))?)
    }

    /// Every user, by login (admin).
    pub fn users(&self) -> Result<Vec<User>> {
        self.require(Permission::AdminUsers, None)?;
        let logins = self
            .conn()
            .prepare("SELECT login FROM users ORDER BY login")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        logins
            .iter()
            .filter_map(|l| read_user(self.conn(), l).transpose())
            .collect()
    }

    /// One user (admin, or the user themself).
    pub fn user(&self, login: &str) -> Result<User> {
        if login != self.actor.login {
            self.require(Permission::AdminUsers, None)?;
        }
        read_user(self.conn(), login)?.ok_or_else(|| StoreError::NotFound {
            what: "user",
            reference: login.to_string(),
        })
    }

    /// Add a user (admin; in a database without users, the local user adds the first, who must
    /// be an admin so someone can add the others).
    pub fn add_user(&mut self, login: &str, change: &UserChange) -> Result<User> {
        self.require(Permission::AdminUsers, None)?;
        check_login(login)?;
        let name = crate::domain::limits::NAME
            .clean_opt(change.name.as_deref())?
            .ok_or_else(|| StoreError::invalid("name", "say the person's name (--name)"))?;
        let roles = change.roles.clone().unwrap_or_default();
        if roles.is_empty() {
            return Err(StoreError::invalid(
                "role",
                "give a role: operator, lead, liaison or admin",
            ));
        }
        let first = !self.has_users()?;
        if first && !roles.contains(&Role::Admin) {
            return Err(StoreError::invalid(
                "role",
                "the first user must be an admin (else nobody could add the others)",
            ));
        }
        self.write(|w| {
            let exists: bool = w.tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM users WHERE login = ?1)",
                [login],
                |r| r.get(0),
            )?;
            if exists {
                return Err(StoreError::invalid(
                    "login",
                    format!("'{login}' is already a user (use `aidline user edit`)"),
                ));
            }
            w.tx.execute(
                "INSERT INTO users (login, name, roles, enabled, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                params![
                    login,
                    name,
                    roles_text(&roles),
                    change.enabled.unwrap_or(true),
                    w.now
                ],
            )?;
            apply_orgs_and_keys(w, login, &roles, change)?;
            super::audit::record(
                w,
                "user",
                0,
                "add",
                None,
                Some(
                    serde_json::json!({"login": login, "roles": roles_text(&roles),
                    "orgs": change.orgs, "keys": change.add_keys.len()}),
                ),
            )?;
            Ok(())
        })?;
        self.user(login)
    }

    /// Change a user: name, roles, organisations (replaced), keys added, enabled (admin).
    pub fn edit_user(&mut self, login: &str, change: &UserChange) -> Result<User> {
        self.require(Permission::AdminUsers, None)?;
        let before = self.user(login)?;
        let name = crate::domain::limits::NAME.clean_opt(change.name.as_deref())?;
        let roles = change.roles.clone().unwrap_or_else(|| before.roles.clone());
        if roles.is_empty() {
            return Err(StoreError::invalid(
                "role",
                "a user keeps at least one role",
            ));
        }
        let enabled = change.enabled.unwrap_or(before.enabled);
        // Never leave the database without an enabled admin.
        if before.roles.contains(&Role::Admin) && (!roles.contains(&Role::Admin) || !enabled) {
            let others: i64 = self.conn().query_row(
                "SELECT count(*) FROM users WHERE login <> ?1 AND enabled = 1
                   AND (',' || roles || ',') LIKE '%,admin,%'",
                [login],
                |r| r.get(0),
            )?;
            if others == 0 {
                return Err(StoreError::invalid(
                    "role",
                    format!("{login} is the last enabled admin; add another admin first"),
                ));
            }
        }
        self.write(|w| {
            w.tx.execute(
                "UPDATE users SET name = coalesce(?2, name), roles = ?3, enabled = ?4,
                     updated_at = ?5 WHERE login = ?1",
                params![login, name, roles_text(&roles), enabled, w.now],
            )?;
            apply_orgs_and_keys(w, login, &roles, change)?;
            super::audit::record(
                w,
                "user",
                0,
                if change.enabled == Some(false) {
                    "disable"
                } else {
                    "edit"
                },
                Some(
                    serde_json::json!({"login": login, "roles": roles_text(&before.roles),
                    "enabled": before.enabled}),
                ),
                Some(
                    serde_json::json!({"login": login, "roles": roles_text(&roles),
                    "enabled": enabled, "orgs": change.orgs, "keys_added": change.add_keys.len()}),
                ),
            )?;
            Ok(())
        })?;
        self.user(login)
    }

    /// Disable a user: they can no longer open the database, and `user keys` drops their keys.
    pub fn disable_user(&mut self, login: &str) -> Result<User> {
        self.edit_user(
            login,
            &UserChange {
                enabled: Some(false),
                ..UserChange::default()
            },
        )
    }

    /// Every enabled user's keys as `authorized_keys` lines forcing `aidline --user LOGIN`
    /// (admin). `program` is the command to force (the installed path).
    pub fn authorized_keys(&self, program: &str) -> Result<Vec<String>> {
        self.require(Permission::AdminUsers, None)?;
        let rows = self
            .conn()
            .prepare(
                "SELECT k.login, k.key FROM user_keys k JOIN users u ON u.login = k.login
                 WHERE u.enabled = 1 ORDER BY k.login, k.added_at, k.key",
            )?
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .map(|(login, key)| format!("restrict,pty,command=\"{program} --user {login}\" {key}"))
            .collect())
    }

    /// The whole access log, oldest first (lead or admin).
    pub fn access_log(&self) -> Result<Vec<AccessRow>> {
        self.require(Permission::SeeAudit, None)?;
        Ok(self
            .conn()
            .prepare_cached("SELECT at, login, donor_id, why FROM access_log ORDER BY at, id")?
            .query_map([], |r| {
                Ok(AccessRow {
                    at: r.get(0)?,
                    login: r.get(1)?,
                    donor_id: r.get(2)?,
                    why: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Who has seen this donor's full phone (lead or admin): the access log, oldest first. A
    /// forgotten donor's number is found nowhere, so the answer is empty.
    pub fn who_saw(&self, phone: &crate::domain::Phone) -> Result<Vec<AccessRow>> {
        self.require(Permission::SeeAudit, None)?;
        let donor: Option<i64> = self
            .conn()
            .prepare_cached("SELECT id FROM donors WHERE phone = ?1")?
            .query_row([phone.as_str()], |r| r.get(0))
            .optional()?;
        let Some(donor) = donor else {
            return Ok(Vec::new());
        };
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT at, login, donor_id, why FROM access_log WHERE donor_id = ?1
                 ORDER BY at, id",
            )?
            .query_map([donor], |r| {
                Ok(AccessRow {
                    at: r.get(0)?,
                    login: r.get(1)?,
                    donor_id: r.get(2)?,
                    why: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Log that the actor was shown these donors' full phones (outside a transaction: a read
    /// that reveals). Fails on a read-only store, and the caller then shows the phone masked.
    pub(crate) fn log_access(&self, donors: &[i64], why: &str) -> Result<()> {
        if donors.is_empty() {
            return Ok(());
        }
        let now = self
            .clock()
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let tx = self.conn().unchecked_transaction()?;
        {
            // The console reloads a list on every change elsewhere: one row an hour per person,
            // donor and reason is the record, not one per repaint.
            let hour_ago = (self.clock().now() - chrono::Duration::hours(1))
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            let mut stmt = tx.prepare_cached(
                "INSERT INTO access_log (at, login, donor_id, why)
                 SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (
                     SELECT 1 FROM access_log WHERE donor_id = ?3 AND at > ?5
                        AND login = ?2 AND why = ?4)",
            )?;
            for d in donors {
                stmt.execute(params![now, self.actor.login, d, why, hour_ago])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

impl Writer<'_> {
    /// `Store::require` inside a transaction.
    pub(crate) fn require(&self, p: Permission, org: Option<i64>) -> Result<()> {
        self.actor.require(p, org)
    }

    /// Log a full phone shown or exported, in this transaction.
    pub(crate) fn log_access(&self, donor_id: i64, why: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO access_log (at, login, donor_id, why) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![self.now, self.actor.login, donor_id, why])?;
        Ok(())
    }
}

fn apply_orgs_and_keys(
    w: &Writer<'_>,
    login: &str,
    roles: &[Role],
    change: &UserChange,
) -> Result<()> {
    if let Some(orgs) = &change.orgs {
        w.tx.execute("DELETE FROM user_orgs WHERE login = ?1", [login])?;
        for name in orgs {
            let id = super::orgs::find_id(w, name)?.ok_or_else(|| StoreError::NotFound {
                what: "organisation",
                reference: name.clone(),
            })?;
            w.tx.execute(
                "INSERT OR IGNORE INTO user_orgs (login, org_id) VALUES (?1, ?2)",
                params![login, id],
            )?;
        }
    }
    if roles.contains(&Role::Liaison) {
        let n: i64 = w.tx.query_row(
            "SELECT count(*) FROM user_orgs WHERE login = ?1",
            [login],
            |r| r.get(0),
        )?;
        if n == 0 {
            return Err(StoreError::invalid(
                "org",
                "a liaison acts for at least one organisation (--org NAME)",
            ));
        }
    }
    for key in &change.add_keys {
        let key = check_key(key)?;
        w.tx.execute(
            "INSERT OR IGNORE INTO user_keys (login, key, added_at) VALUES (?1, ?2, ?3)",
            params![login, key, w.now],
        )?;
    }
    Ok(())
}
