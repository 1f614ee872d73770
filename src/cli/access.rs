//! Who is working (`--user`, `SUDO_USER` under the service account), the `user` and `audit`
//! commands, and the one-line explanation of a permission or ownership problem (never "Error
//! code 14").

use super::exit::{CliError, Exit};
use super::{GlobalArgs, output};
use crate::domain::Phone;
use crate::store::{Role, StoreError, UserChange};
use anyhow::Result;
use clap::Subcommand;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a person (the first user of a database must be an admin; from then on the database
    /// has users and everyone opens it with --user).
    #[command(
        after_help = "Examples:\n  aidline user add olena --name \"Олена Коваль\" --role admin\n  aidline user add petro --name \"Петро Шевчук\" --role operator --key \"$(cat petro.pub)\"\n  aidline user add iryna --name \"Ірина Бондар\" --role liaison --org \"БФ Карітас Харків\""
    )]
    Add {
        /// The login: letters, digits, '.', '_', '-' (the name the SSH key's forced command
        /// carries).
        login: String,
        /// The person's name, as colleagues know them.
        #[arg(long, value_name = "NAME")]
        name: String,
        /// operator, lead, liaison or admin; repeat or separate with commas for several.
        #[arg(
            long = "role",
            value_name = "ROLE",
            required = true,
            value_delimiter = ','
        )]
        roles: Vec<String>,
        /// An organisation a liaison acts for (repeat for several; names as in the directory).
        #[arg(long = "org", value_name = "NAME")]
        orgs: Vec<String>,
        /// An SSH public key (`ssh-ed25519 AAAA… name@laptop`); repeat for several.
        #[arg(long = "key", value_name = "KEY")]
        keys: Vec<String>,
    },
    /// Change a person's name, roles, organisations (replaced when given) or add keys.
    #[command(
        after_help = "Examples:\n  aidline user edit petro --role operator,lead\n  aidline user edit iryna --org \"БФ Карітас Харків\" --org \"Лікарня №4\"\n  aidline user edit petro --enable"
    )]
    Edit {
        /// The login of the user to change.
        login: String,
        /// The person's name.
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// The roles, replacing the old ones (repeat or separate with commas).
        #[arg(long = "role", value_name = "ROLE", value_delimiter = ',')]
        roles: Vec<String>,
        /// The organisations, replacing the old list (repeat for several).
        #[arg(long = "org", value_name = "NAME")]
        orgs: Vec<String>,
        /// An SSH public key to add.
        #[arg(long = "key", value_name = "KEY")]
        keys: Vec<String>,
        /// Enable a disabled user again.
        #[arg(long)]
        enable: bool,
    },
    /// Disable a person: they can no longer open the database and `user keys` leaves their keys
    /// out (with AuthorizedKeysCommand, their SSH access ends at once).
    #[command(after_help = "Examples:\n  aidline --user olena user disable petro")]
    Disable {
        /// The login of the user to disable.
        login: String,
    },
    /// Every user with roles, organisations and whether enabled.
    #[command(
        after_help = "Examples:\n  aidline --user olena user list\n  aidline --user olena user list --json"
    )]
    List {
        /// Print JSON (see docs/JSON.md).
        #[arg(long)]
        json: bool,
    },
    /// The `authorized_keys` lines of every enabled user, each forcing `aidline --user LOGIN`
    /// (write them to the service account's ~/.ssh/authorized_keys, or use this command as
    /// sshd's AuthorizedKeysCommand).
    #[command(
        after_help = "Examples:\n  aidline user keys > ~aidline/.ssh/authorized_keys\n  aidline user keys --program /usr/local/bin/aidline"
    )]
    Keys {
        /// The program the keys force [default: this program's path].
        #[arg(long, value_name = "PATH")]
        program: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Who has seen this donor's full phone, when and why (call, callback, match M-…, export):
    /// the answer to a donor's "who has seen my number?". A forgotten donor's number is found
    /// nowhere.
    #[command(
        after_help = "Examples:\n  aidline audit who-saw \"067 123 45 67\"\n  aidline audit who-saw +380671234567 --json"
    )]
    WhoSaw {
        /// The phone, as the donor gives it.
        phone: String,
        /// Print JSON (see docs/JSON.md).
        #[arg(long)]
        json: bool,
    },
}

fn roles(list: &[String]) -> Result<Option<Vec<Role>>> {
    if list.is_empty() {
        return Ok(None);
    }
    Ok(Some(Role::parse_list(&list.join(","))?))
}

pub fn user(global: &GlobalArgs, command: UserCommand) -> Result<()> {
    let lang = global.lang();
    match command {
        UserCommand::Add {
            login,
            name,
            roles: r,
            orgs,
            keys,
        } => {
            let mut store = global.open_existing()?;
            let change = UserChange {
                name: Some(name),
                roles: roles(&r)?,
                orgs: Some(orgs),
                add_keys: keys,
                enabled: Some(true),
            };
            let u = store.add_user(&login, &change)?;
            println!(
                "{}",
                crate::i18n::fill(
                    lang.tr("User {0} added ({1}).", "Користувача {0} додано ({1})."),
                    &[&u.login, &roles_label(&u.roles)]
                )
            );
            Ok(())
        }
        UserCommand::Edit {
            login,
            name,
            roles: r,
            orgs,
            keys,
            enable,
        } => {
            let mut store = global.open_existing()?;
            let change = UserChange {
                name,
                roles: roles(&r)?,
                orgs: (!orgs.is_empty()).then_some(orgs),
                add_keys: keys,
                enabled: enable.then_some(true),
            };
            let u = store.edit_user(&login, &change)?;
            println!(
                "{}",
                crate::i18n::fill(
                    lang.tr("User {0} changed ({1}).", "Користувача {0} змінено ({1})."),
                    &[&u.login, &roles_label(&u.roles)]
                )
            );
            Ok(())
        }
        UserCommand::Disable { login } => {
            let mut store = global.open_existing()?;
            let u = store.disable_user(&login)?;
            println!(
                "{}",
                crate::i18n::fill(
                    lang.tr("User {0} disabled.", "Користувача {0} вимкнено."),
                    &[&u.login]
                )
            );
            Ok(())
        }
        UserCommand::List { json } => {
            let store = global.open_read()?;
            let users = store.users()?;
            if json {
                let list: Vec<_> = users
                    .iter()
                    .map(|u| {
                        serde_json::json!({
                            "login": u.login,
                            "name": u.name,
                            "roles": u.roles,
                            "orgs": u.orgs.iter().map(|(id, name)| serde_json::json!({
                                "id": id, "ref": format!("G-{id}"), "name": name
                            })).collect::<Vec<_>>(),
                            "keys": u.keys.len(),
                            "enabled": u.enabled,
                        })
                    })
                    .collect();
                return output::json(&serde_json::Value::Array(list));
            }
            for u in &users {
                let orgs: Vec<&str> = u.orgs.iter().map(|(_, n)| n.as_str()).collect();
                println!(
                    "{:<16} {:<24} {:<16} {}{}",
                    u.login,
                    crate::catalogue::fold::inert(&u.name),
                    roles_label(&u.roles),
                    orgs.join("; "),
                    if u.enabled {
                        String::new()
                    } else {
                        format!(" [{}]", lang.tr("disabled", "вимкнено"))
                    }
                );
            }
            Ok(())
        }
        UserCommand::Keys { program } => {
            let store = global.open_read()?;
            let program = match program {
                Some(p) => p,
                None => std::env::current_exe()?,
            };
            let program = program.display().to_string();
            if program.contains('"') || program.contains(char::is_whitespace) {
                return Err(super::exit::refused(
                    "program",
                    format!("--program: '{program}' has a space or quote; install aidline in a plain path"),
                )
                .into());
            }
            for line in store.authorized_keys(&program)? {
                println!("{line}");
            }
            Ok(())
        }
    }
}

fn roles_label(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

pub fn audit(global: &GlobalArgs, command: AuditCommand) -> Result<()> {
    let lang = global.lang();
    match command {
        AuditCommand::WhoSaw { phone, json } => {
            let phone = Phone::parse(&phone)?;
            let store = global.open_read()?;
            let rows = store.who_saw(&phone)?;
            if json {
                return output::json(&serde_json::json!({
                    "phone": phone.masked(),
                    "seen": rows,
                }));
            }
            if rows.is_empty() {
                println!(
                    "{}",
                    lang.tr(
                        "Nobody has seen this number in full (or no donor has it).",
                        "Ніхто не бачив цей номер повністю (або такого донора немає)."
                    )
                );
            }
            for r in &rows {
                println!("{}  {:<16} D-{}  {}", r.at, r.login, r.donor_id, r.why);
            }
            Ok(())
        }
    }
}

/// `match show`: one match, its offer (the donor's phone as the store gives it to this person)
/// and need.
pub fn show_match(global: &GlobalArgs, id: i64, json: bool) -> Result<()> {
    // Writable where it can be, so a phone shown in full is in the access log.
    let store = match global.open_existing() {
        Ok(s) => s,
        Err(_) => global.open_read()?,
    };
    let view = store.match_view(id)?;
    if json {
        return output::json(&view);
    }
    let lang = global.lang();
    println!(
        "{} · {} · {}",
        view.matched.short_ref(),
        lang.status(view.matched.status.as_str()),
        // A match is counted in its offer's unit.
        lang.quantity(view.matched.quantity, view.offer.unit)
    );
    println!(
        "{} · {} · {} · {}",
        view.offer.short_ref(),
        crate::catalogue::fold::inert(&view.offer.item),
        crate::catalogue::fold::inert(view.offer.donor_name.as_deref().unwrap_or("-")),
        view.offer
            .donor_phone
            .as_ref()
            .map(|p| p.to_string())
            .unwrap_or_else(|| "-".into())
    );
    println!(
        "{} · {} · {}",
        view.need.short_ref(),
        crate::catalogue::fold::inert(&view.need.item),
        crate::catalogue::fold::inert(&view.need.organisation)
    );
    Ok(())
}

/// A refusal in Ukrainian (the English is the error's own text).
pub fn refusal_uk(e: &StoreError) -> String {
    match e {
        StoreError::NotAllowed {
            login,
            roles,
            action,
            needs,
        } => {
            let action = match *action {
                "take calls" => "приймати дзвінки",
                "take callbacks" => "передзвонювати",
                "see offers" => "бачити пропозиції",
                "propose matches" => "пропонувати зіставлення",
                "correct or withdraw offers" => "виправляти чи відкликати пропозиції",
                "confirm, decline or hand over this match" => {
                    "підтвердити, відхилити чи передати це зіставлення"
                }
                "cancel this match" => "скасувати це зіставлення",
                "add, edit, close or import these needs" => {
                    "додавати, змінювати, закривати чи імпортувати ці потреби"
                }
                "forget a donor" => "стирати донора",
                "read the audit trail" => "читати журнал аудиту",
                "see every operator's calls" => "бачити дзвінки всіх операторів",
                "manage users" => "керувати користувачами",
                "manage organisations" => "керувати організаціями",
                "export" => "експортувати",
                "export donors' contacts" => "експортувати контакти донорів",
                _ => "виконувати обслуговування (check, backup, migrate, demo)",
            };
            let needs = needs
                .replace(
                    ", or liaison of the organisation",
                    ", або liaison цієї організації",
                )
                .replace(" or ", " або ");
            format!("{login} ({roles}) не може {action}: потрібна роль {needs}")
        }
        StoreError::UnknownUser { login, why } => {
            let why = if why.contains("disabled") {
                "вимкнений"
            } else {
                "не є користувачем цієї бази даних"
            };
            format!(
                "користувач '{login}' {why}: зверніться до адміністратора (`aidline user list`)"
            )
        }
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Unix users

/// The name of a Unix user id (or the number when it has none).
pub fn user_name(uid: u32) -> String {
    let mut buf = vec![0u8; 4096];
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut out: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: getpwuid_r writes into `pwd` and `buf`, which outlive the call; `out` is checked.
    let rc =
        unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr().cast(), buf.len(), &mut out) };
    if rc != 0 || out.is_null() {
        return uid.to_string();
    }
    // SAFETY: pw_name points into `buf`, NUL-terminated.
    unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) }
        .to_string_lossy()
        .into_owned()
}

/// The Unix user this program runs as (effective).
pub fn running_as() -> (u32, String) {
    // SAFETY: geteuid has no failure mode.
    let uid = unsafe { libc::geteuid() };
    (uid, user_name(uid))
}

/// Whether this process may read and write `path` (access(2) with the effective ids).
fn can(path: &Path, mode: libc::c_int) -> bool {
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()) else {
        return false;
    };
    // SAFETY: a valid NUL-terminated path.
    unsafe { libc::faccessat(libc::AT_FDCWD, c.as_ptr(), mode, libc::AT_EACCESS) == 0 }
}

/// `/srv/aidline/aidline.db-wal: owned by petro, mode 0600`.
fn describe(path: &Path) -> Option<(String, u32)> {
    let m = std::fs::metadata(path).ok()?;
    Some((user_name(m.uid()), m.mode() & 0o7777))
}

/// The first of the database's directory, file, -wal and -shm that this process cannot use,
/// with a one-line explanation and the fix; None when every one is usable.
pub fn ownership_problem(db: &Path, write: bool) -> Option<String> {
    let (_, me) = running_as();
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut candidates = vec![(dir.clone(), libc::X_OK | if write { libc::W_OK } else { 0 })];
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        candidates.push((
            PathBuf::from(p),
            libc::R_OK
                | if write || !suffix.is_empty() {
                    libc::W_OK
                } else {
                    0
                },
        ));
    }
    for (path, mode) in candidates {
        if !path.exists() && path != dir {
            continue;
        }
        if can(&path, mode) {
            continue;
        }
        let (owner, bits) = describe(&path).unwrap_or(("?".into(), 0));
        let fix = if owner == me {
            format!(
                "chmod u+rw{} {}",
                if path == dir { "x" } else { "" },
                path.display()
            )
        } else {
            format!(
                "run aidline as {owner} (sudo -u {owner} aidline …, or over SSH with a key of \
                 `aidline user keys`), or give the file back: chown {owner}: {}; chmod {} {}",
                path.display(),
                if path == dir { "700" } else { "600" },
                path.display()
            )
        };
        return Some(format!(
            "{} belongs to {owner} with mode {bits:04o}, and aidline runs as {me}: {fix}",
            path.display()
        ));
    }
    None
}

/// A failure to open the database said as the file, its owner and mode, who we are and the
/// fix, when it is a permission or ownership problem; any other error as it was.
pub fn explain_open(e: StoreError, db: &Path) -> anyhow::Error {
    let permission = match &e {
        StoreError::Io { source, .. } => source.kind() == std::io::ErrorKind::PermissionDenied,
        StoreError::Sqlite(s)
        | StoreError::Migration(rusqlite_migration::Error::RusqliteError { err: s, .. }) => {
            matches!(
                s.sqlite_error_code(),
                Some(
                    rusqlite::ErrorCode::CannotOpen
                        | rusqlite::ErrorCode::ReadOnly
                        | rusqlite::ErrorCode::PermissionDenied
                )
            )
        }
        // A file we may not even look at reads as missing.
        StoreError::NoDatabase(_) => {
            std::fs::metadata(db).is_err_and(|e| e.kind() == std::io::ErrorKind::PermissionDenied)
        }
        _ => false,
    };
    if permission && let Some(line) = ownership_problem(db, true) {
        return CliError::new(Exit::Internal, "permission", line).into();
    }
    e.into()
}

/// Every file in the data directory (the database's directory) that this account cannot read
/// and write or that belongs to another user, and the database's own files (the file, -wal,
/// -shm) when others can read them; one line each (for `aidline check`).
pub fn data_dir_problems(db: &Path) -> Vec<String> {
    let (uid, me) = running_as();
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut problems = Vec::new();
    // Only the directory's owner (the service account) answers for what is in it: a replica or
    // another account's directory read by someone else is not this account's to keep.
    if std::fs::metadata(&dir).ok().map(|m| m.uid()) != Some(uid) {
        return problems;
    }
    let db_files: Vec<PathBuf> = ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| {
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            PathBuf::from(p)
        })
        .collect();
    let mut check = |path: &Path, is_dir: bool| {
        let Ok(m) = std::fs::symlink_metadata(path) else {
            return;
        };
        let mode = if is_dir {
            libc::R_OK | libc::W_OK | libc::X_OK
        } else {
            libc::R_OK | libc::W_OK
        };
        let owner = user_name(m.uid());
        if !can(path, mode) {
            problems.push(format!(
                "{}: belongs to {owner} with mode {:04o}; {me} cannot {}: chown {me}: {}",
                path.display(),
                m.mode() & 0o7777,
                if is_dir { "write in it" } else { "write it" },
                path.display()
            ));
        } else if m.uid() != uid {
            problems.push(format!(
                "{}: belongs to {owner}, not {me} (the service account should own everything \
                 here): chown {me}: {}",
                path.display(),
                path.display()
            ));
        }
        if m.mode() & 0o077 != 0 && db_files.iter().any(|f| f == path) {
            problems.push(format!(
                "{}: mode {:04o} lets others read the database: chmod 600 {}",
                path.display(),
                m.mode() & 0o7777,
                path.display()
            ));
        }
    };
    // A shared directory such as /tmp (sticky): only the database's own files are ours.
    let shared = std::fs::metadata(&dir).is_ok_and(|m| m.mode() & 0o1000 != 0);
    if shared {
        for f in db_files.clone() {
            check(&f, false);
        }
        return problems;
    }
    check(&dir, true);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return problems;
    };
    let mut paths: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir {
            // One level down (logs/, exports/): their files too.
            if let Ok(inner) = std::fs::read_dir(&path) {
                for e in inner.flatten() {
                    let d = e.file_type().is_ok_and(|t| t.is_dir());
                    paths.push((e.path(), d));
                }
            }
        }
        paths.push((path, is_dir));
    }
    paths.sort();
    for (p, d) in paths {
        check(&p, d);
    }
    problems
}

impl GlobalArgs {
    /// Who is working: `--user` (or the configuration, else $USER); when sudo runs aidline as
    /// the service account (the owner of the database), the person sudo names in SUDO_USER,
    /// and a different --user is refused.
    pub fn identity(&self, db: &Path) -> Result<String> {
        let Some(person) = sudo_person(db) else {
            return Ok(self.operator());
        };
        if let Some(typed) = self.operator.as_deref().filter(|t| !t.trim().is_empty())
            && typed != person
        {
            return Err(CliError::new(
                Exit::NotAllowed,
                "user_mismatch",
                format!(
                    "you are {person} (sudo): --user {typed} is someone else; sudo cannot be used to act as another person"
                ),
            )
            .into());
        }
        Ok(person)
    }
}

/// SUDO_USER, when sudo made us the service account: we run as the owner of the database (or
/// of its directory, for a new one), not as root and not as the person sudo names.
fn sudo_person(db: &Path) -> Option<String> {
    let person = std::env::var("SUDO_USER").ok().filter(|s| !s.is_empty())?;
    let (uid, _) = running_as();
    if uid == 0 {
        return None;
    }
    let sudo_uid: Option<u32> = std::env::var("SUDO_UID").ok().and_then(|s| s.parse().ok());
    if sudo_uid == Some(uid) {
        return None;
    }
    let owner = std::fs::metadata(db)
        .or_else(|_| std::fs::metadata(db.parent().unwrap_or(Path::new("."))))
        .ok()?
        .uid();
    (owner == uid).then_some(person)
}

/// Under a key's forced command (`aidline --user LOGIN`, nothing else), what the person typed
/// after `ssh aidline@server` (SSH_ORIGINAL_COMMAND) becomes the arguments, after the forced
/// ones: `ssh aidline@server match confirm M-12` runs as LOGIN. Options that would change who or
/// which database (`--user`, `--operator`, `--db`, `--config`, `--demo`) are refused. None when
/// this is not such a run.
pub fn forced_command_args(
    argv: &[String],
    original: Option<&str>,
) -> Option<std::result::Result<Vec<String>, String>> {
    let original = original.map(str::trim).filter(|s| !s.is_empty())?;
    let login = match argv {
        [_, flag, login] if flag == "--user" => login.clone(),
        [_, flag] if flag.starts_with("--user=") => flag["--user=".len()..].to_string(),
        _ => return None,
    };
    let words = match split_words(original) {
        Some(w) => w,
        None => return Some(Err(format!("cannot read the command: {original}"))),
    };
    // The program's own name, if typed, is dropped: `ssh host aidline stats` works too.
    let words: Vec<String> = match words.first().map(String::as_str) {
        Some("aidline") | Some("/usr/local/bin/aidline") => words[1..].to_vec(),
        _ => words,
    };
    for w in &words {
        for banned in ["--user", "--operator", "--db", "--config", "--demo"] {
            if w == banned || w.starts_with(&format!("{banned}=")) {
                return Some(Err(format!(
                    "{banned} cannot be given over SSH: your key says who you are and which database"
                )));
            }
        }
    }
    let mut out = vec![argv[0].clone(), "--user".into(), login];
    out.extend(words);
    Some(Ok(out))
}

/// Split a command line into words like a POSIX shell would for plain words and quotes (no
/// expansion of any kind). None for an unclosed quote.
fn split_words(text: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => word.push(c),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => word.push(chars.next()?),
                        c => word.push(c),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.push(chars.next()?);
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn refusals_in_ukrainian_name_the_action_and_the_role() {
        use crate::store::{Actor, Permission};
        let liaison = Actor {
            login: "iryna".into(),
            name: None,
            roles: vec![Role::Liaison],
            orgs: vec![3],
            local: false,
        };
        let e = liaison
            .require(Permission::DecideMatch, Some(4))
            .unwrap_err();
        assert_eq!(
            refusal_uk(&e),
            "iryna (liaison) не може підтвердити, відхилити чи передати це зіставлення: \
             потрібна роль lead, або liaison цієї організації"
        );
        assert!(liaison.require(Permission::DecideMatch, Some(3)).is_ok());
        let e = liaison.require(Permission::ForgetDonor, None).unwrap_err();
        assert!(
            refusal_uk(&e).contains("не може стирати донора"),
            "{}",
            refusal_uk(&e)
        );
    }

    #[test]
    fn a_forced_command_takes_what_was_typed_after_its_own_arguments() {
        let forced = argv(&["/usr/local/bin/aidline", "--user", "iryna"]);
        let got = forced_command_args(&forced, Some("match decline 12 --reason 'вже отримали'"))
            .unwrap()
            .unwrap();
        assert_eq!(
            got,
            argv(&[
                "/usr/local/bin/aidline",
                "--user",
                "iryna",
                "match",
                "decline",
                "12",
                "--reason",
                "вже отримали"
            ])
        );
        // Who and which database cannot be changed from the SSH command.
        for typed in [
            "--user olena stats",
            "stats --db=/tmp/x.db",
            "--config /tmp/c stats",
        ] {
            assert!(forced_command_args(&forced, Some(typed)).unwrap().is_err());
        }
        // Not a forced command: nothing to do.
        assert!(forced_command_args(&argv(&["aidline", "stats"]), Some("x")).is_none());
        assert!(forced_command_args(&forced, None).is_none());
        assert!(
            forced_command_args(&forced, Some("stats 'unclosed"))
                .unwrap()
                .is_err()
        );
    }
}
