//! Issue 14, the deployment of docs/DEPLOY.md run for real: a service account owns the data
//! directory; a person works through the documented paths (sudo's SUDO_USER, the SSH key's
//! forced command with SSH_ORIGINAL_COMMAND); a run is killed with SIGKILL mid-write, leaving a
//! -wal; afterwards no file in the data directory belongs to anyone but the service account or
//! is readable by others. Running aidline as the person's own Unix user is refused with one line
//! naming the file, its owner and mode, who we run as and the fix.
//!
//! It creates two Unix users, so it needs root and `useradd` (CI runs as root). Without them it
//! says why on standard error and checks nothing else.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Unix users made for the test, removed when it ends (even on a failed assertion).
struct Users(Vec<String>);

impl Drop for Users {
    fn drop(&mut self) {
        for u in &self.0 {
            let _ = Command::new("userdel").arg(u).output();
        }
    }
}

fn can_run() -> Result<(), String> {
    // SAFETY: no failure mode.
    if unsafe { libc::geteuid() } != 0 {
        return Err("not running as root (it creates Unix users)".into());
    }
    for tool in ["useradd", "userdel", "setpriv", "id"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            return Err(format!("`{tool}` is not installed"));
        }
    }
    Ok(())
}

fn id_of(user: &str, flag: &str) -> u32 {
    let out = Command::new("id").args([flag, user]).output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// The program, run as `user` (setpriv execs it in place: a kill reaches aidline itself).
fn as_user(user: &str, bin: &Path, db: &Path, env: &[(&str, &str)], args: &[&str]) -> Command {
    let mut c = Command::new("setpriv");
    c.args(["--reuid", user, "--regid", user, "--init-groups", "--"])
        .arg(bin)
        .arg("--db")
        .arg(db)
        .args(["--lang", "en"])
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .env("HOME", "/nonexistent")
        .env("AIDLINE_SYSTEM_CONFIG", "/nonexistent/aidline.toml")
        .env("AIDLINE_DATA_DIR", db.parent().unwrap().to_str().unwrap());
    for (k, v) in env {
        c.env(k, v);
    }
    c.args(args);
    c
}

fn ok(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what}: exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_service_account_and_a_person_leave_only_private_files_of_the_service_account() {
    if let Err(why) = can_run() {
        eprintln!(
            "deploy test NOT RUN: {why}. It needs root and useradd to make a service account \
             and a person (as CI does); run `sudo cargo test --test deploy` to run it."
        );
        return;
    }
    let pid = std::process::id();
    let svc = format!("aidsvc{}", pid % 100_000);
    let person = format!("aidp{}", pid % 100_000);
    let mut users = Users(Vec::new());
    for u in [&svc, &person] {
        let out = Command::new("useradd")
            .args(["--system", "--no-create-home", "--shell", "/bin/sh", u])
            .output()
            .unwrap();
        assert!(out.status.success(), "useradd {u}: {out:?}");
        users.0.push(u.clone());
    }
    let svc_uid = id_of(&svc, "-u");
    let person_uid = id_of(&person, "-u");

    // A root-owned, world-traversable place holding the binary and the data directory (0700,
    // the service account's), as /usr/local/bin and /var/lib/aidline are.
    let base = PathBuf::from(format!("/tmp/aidline-deploy-{pid}"));
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir(&base).unwrap();
    std::fs::set_permissions(&base, std::fs::Permissions::from_mode(0o755)).unwrap();
    struct Cleanup(PathBuf);
    impl Drop for Cleanup {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
    let _cleanup = Cleanup(base.clone());
    let bin = base.join("aidline");
    std::fs::copy(env!("CARGO_BIN_EXE_aidline"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = base.join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::os::unix::fs::chown(&data, Some(svc_uid), Some(id_of(&svc, "-g"))).unwrap();
    let db = data.join("aidline.db");

    // The administrator, as the service account: the database, the first admin, the person.
    ok(
        as_user(&svc, &bin, &db, &[], &["migrate"])
            .output()
            .unwrap(),
        "migrate",
    );
    ok(
        as_user(
            &svc,
            &bin,
            &db,
            &[],
            &[
                "user",
                "add",
                "olena",
                "--name",
                "Олена Коваль",
                "--role",
                "admin",
            ],
        )
        .output()
        .unwrap(),
        "first admin",
    );
    ok(
        as_user(
            &svc,
            &bin,
            &db,
            &[],
            &[
                "--user",
                "olena",
                "user",
                "add",
                &person,
                "--name",
                "Петро Шевчук",
                "--role",
                "operator",
                "--key",
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm0m2mVQ2Xx0k3bC4oY7r1y1x2Zp1cQ petro@laptop",
            ],
        )
        .output()
        .unwrap(),
        "add the person",
    );
    let keys = ok(
        as_user(
            &svc,
            &bin,
            &db,
            &[],
            &[
                "--user",
                "olena",
                "user",
                "keys",
                "--program",
                "/usr/local/bin/aidline",
            ],
        )
        .output()
        .unwrap(),
        "user keys",
    );
    assert!(
        keys.contains(&format!(
            "restrict,pty,command=\"/usr/local/bin/aidline --user {person}\" ssh-ed25519 "
        )),
        "{keys}"
    );

    // The person through sudo: aidline runs as the service account, the person is SUDO_USER.
    let sudo_env = [
        ("SUDO_USER", person.as_str()),
        ("SUDO_UID", &*person_uid.to_string()),
    ];
    let sudo_env: Vec<(&str, &str)> = sudo_env.iter().map(|(k, v)| (*k, *v)).collect();
    ok(
        as_user(
            &svc,
            &bin,
            &db,
            &sudo_env,
            &[
                "offer",
                "add",
                "--phone",
                "067 123 45 67",
                "--name",
                "Ганна",
                "--item",
                "ковдри теплі",
                "--quantity",
                "3",
            ],
        )
        .output()
        .unwrap(),
        "offer add through sudo",
    );
    // Under sudo, --user naming someone else is refused (not allowed, 6).
    let out = as_user(&svc, &bin, &db, &sudo_env, &["--user", "olena", "stats"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{out:?}");

    // A run killed mid-write (a big import as the admin) leaves its -wal behind.
    let csv = base.join("needs.csv");
    {
        let mut text = String::from("organisation,item,quantity\n");
        for i in 0..150_000 {
            text.push_str(&format!(
                "БФ «Світло» {},ковдри теплі {i},{}\n",
                i % 50,
                1 + i % 40
            ));
        }
        std::fs::write(&csv, text).unwrap();
        std::fs::set_permissions(&csv, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let mut child = as_user(
        &svc,
        &bin,
        &db,
        &[],
        &[
            "--user",
            "olena",
            "import",
            "needs",
            csv.to_str().unwrap(),
            "--new-orgs",
        ],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let wal = data.join("aidline.db-wal");
    let started = std::time::Instant::now();
    // Wait until the import is writing (its WAL grows), then kill it.
    while started.elapsed() < std::time::Duration::from_secs(60) {
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 64 * 1024) {
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    assert!(wal.exists(), "the killed run left no -wal");

    // The person again, by the SSH key's forced command `aidline --user LOGIN`: what they
    // typed after `ssh aidline@server` is the command.
    let out = Command::new("setpriv")
        .args(["--reuid", &svc, "--regid", &svc, "--init-groups", "--"])
        .arg(&bin)
        .args(["--user", &person])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", "/nonexistent")
        .env("AIDLINE_SYSTEM_CONFIG", "/nonexistent/aidline.toml")
        .env("AIDLINE_DB", db.to_str().unwrap())
        .env("AIDLINE_LANG", "en")
        .env("SSH_ORIGINAL_COMMAND", "offer list --json")
        .output()
        .unwrap();
    let text = ok(out, "the forced command");
    let offers: serde_json::Value = serde_json::from_str(&text).unwrap();
    let offers = offers.as_array().expect("a list of offers");
    assert_eq!(offers.len(), 1, "{text}");
    // An operator's list shows the phone masked.
    assert!(!text.contains("+380671234567"), "{text}");
    // Over SSH, the database cannot be changed.
    let out = Command::new("setpriv")
        .args(["--reuid", &svc, "--regid", &svc, "--init-groups", "--"])
        .arg(&bin)
        .args(["--user", &person])
        .env_clear()
        .env("HOME", "/nonexistent")
        .env("AIDLINE_DB", db.to_str().unwrap())
        .env("AIDLINE_SYSTEM_CONFIG", "/nonexistent/aidline.toml")
        .env("SSH_ORIGINAL_COMMAND", "--db /tmp/other.db stats")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");

    // The person under their own Unix account: one line naming the directory, its owner and
    // mode, who we run as and the fix; no file created.
    let out = as_user(&person, &bin, &db, &[], &["stats"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    for needle in [
        data.to_str().unwrap(),
        &format!("belongs to {svc}"),
        "mode 0700",
        &format!("runs as {person}"),
        &format!("sudo -u {svc}"),
    ] {
        assert!(err.contains(needle), "{needle:?} not in: {err}");
    }
    assert!(!err.contains("Error code 14"), "{err}");

    // The service account's health check: nothing in the data directory it cannot write.
    ok(
        as_user(&svc, &bin, &db, &[], &["--user", "olena", "check"])
            .output()
            .unwrap(),
        "check",
    );

    // Every file in the data directory is the service account's and private.
    let mut seen = 0;
    let mut stack = vec![data.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let m = std::fs::symlink_metadata(entry.path()).unwrap();
            seen += 1;
            assert_eq!(
                m.uid(),
                svc_uid,
                "{} belongs to uid {}",
                entry.path().display(),
                m.uid()
            );
            assert_eq!(
                m.mode() & 0o077,
                0,
                "{} has mode {:o}",
                entry.path().display(),
                m.mode() & 0o7777
            );
            if m.is_dir() {
                stack.push(entry.path());
            }
        }
    }
    assert!(seen >= 2, "the data directory holds the database and more");
    let m = std::fs::metadata(&data).unwrap();
    assert_eq!(m.uid(), svc_uid);
    assert_eq!(m.mode() & 0o777, 0o700);
    drop(users);
}
