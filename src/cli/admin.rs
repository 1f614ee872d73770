//! `demo`, `stats`, `check`, `backup`, `migrate`, `paths`.

use super::exit::{CliError, Exit};
use super::{GlobalArgs, output};
use crate::i18n::Lang;
use crate::store::demo::DemoSpec;
use anyhow::Result;
use std::path::Path;

pub fn demo(global: &GlobalArgs, needs: usize, offers: usize, seed: u64) -> Result<()> {
    let mut store = global.open()?;
    let report = generate_with_progress(
        &mut store,
        DemoSpec {
            needs,
            offers,
            seed,
        },
        global.progress(),
    )?;
    if global.quiet {
        return Ok(());
    }
    let lang = global.lang();
    println!(
        "{}: {}, {}, {}, {}, {}",
        lang.strings().demo_done,
        lang.count(
            report.organisations as i64,
            ["organisation", "organisations"],
            ["організація", "організації", "організацій"]
        ),
        lang.count(
            report.needs as i64,
            ["need", "needs"],
            ["потреба", "потреби", "потреб"]
        ),
        lang.count(
            report.donors as i64,
            ["donor", "donors"],
            ["донор", "донори", "донорів"]
        ),
        lang.count(
            report.offers as i64,
            ["offer", "offers"],
            ["пропозиція", "пропозиції", "пропозицій"]
        ),
        lang.count(
            report.matches as i64,
            ["match", "matches"],
            ["зіставлення", "зіставлення", "зіставлень"]
        ),
    );
    Ok(())
}

/// Generate demo data with a progress bar on stderr when `progress` (a terminal, no --quiet).
pub fn generate_with_progress(
    store: &mut crate::store::Store,
    spec: DemoSpec,
    progress: bool,
) -> Result<crate::store::demo::DemoReport> {
    let started = std::time::Instant::now();
    let bar = if progress {
        indicatif::ProgressBar::new(0)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg:>7} [{bar:40}] {pos}/{len} {elapsed}")
            .expect("template")
            .progress_chars("=> "),
    );
    let report = store.generate_demo(spec, &mut |phase, done, total| {
        bar.set_message(phase.to_string());
        bar.set_length(total);
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    tracing::info!(
        needs = spec.needs,
        offers = spec.offers,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "demo generated"
    );
    Ok(report)
}

/// The `stats` keys as shown in each language (JSON keeps the English ones).
const STAT_LABELS: &[(&str, &str, &str)] = &[
    ("organisations", "organisations", "організації"),
    ("needs", "needs", "потреби"),
    ("needs_open", "needs open", "відкриті потреби"),
    ("needs_fulfilled", "needs fulfilled", "виконані потреби"),
    ("donors", "donors", "донори"),
    ("offers", "offers", "пропозиції"),
    ("offers_open", "offers open", "відкриті пропозиції"),
    ("matches", "matches", "зіставлення"),
    ("matches_proposed", "matches proposed", "запропоновані"),
    ("matches_confirmed", "matches confirmed", "підтверджені"),
    ("matches_handed_over", "matches handed over", "передані"),
    ("matches_declined", "matches declined", "відхилені"),
    ("matches_cancelled", "matches cancelled", "скасовані"),
];

fn stat_label(key: &str, lang: Lang) -> String {
    STAT_LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, en, uk)| lang.tr(en, uk).to_string())
        .unwrap_or_else(|| key.replace('_', " "))
}

pub fn stats(global: &GlobalArgs, json: bool) -> Result<()> {
    let stats = global.open_read()?.stats()?;
    if json {
        return output::json(&stats);
    }
    let lang = global.lang();
    let value = serde_json::to_value(&stats)?;
    if let Some(map) = value.as_object() {
        // In the order of the table, then any key the table does not know yet.
        let known = STAT_LABELS.iter().map(|(k, _, _)| *k);
        let rest = map
            .keys()
            .map(String::as_str)
            .filter(|k| !STAT_LABELS.iter().any(|(s, _, _)| s == k));
        for k in known.chain(rest) {
            if let Some(v) = map.get(k) {
                println!("{:<24} {v}", stat_label(k, lang));
            }
        }
    }
    Ok(())
}

pub fn check(global: &GlobalArgs, json: bool, lang: Lang) -> Result<()> {
    let mut report = global.open_read()?.check()?;
    // Files in the data directory this account (the service account) cannot write, or that
    // belong to someone else or are readable by others.
    report
        .problems
        .extend(super::access::data_dir_problems(&global.db_path()?));
    if json {
        output::json(&report)?;
    } else if !global.quiet || !report.ok() {
        let t = |en, uk| lang.tr(en, uk);
        println!(
            "{:<24} {}",
            t("integrity check", "перевірка цілісності"),
            report.integrity
        );
        println!(
            "{:<24} {} ({} {})",
            t("schema version", "версія схеми"),
            report.schema_version,
            t("latest", "найновіша"),
            report.schema_latest
        );
        println!(
            "{:<24} {}",
            t("journal mode", "журнал"),
            report.journal_mode
        );
        println!("{:<24} {}", "synchronous", report.synchronous);
        println!(
            "{:<24} {}",
            t("foreign keys", "зовнішні ключі"),
            report.foreign_keys
        );
        println!(
            "{:<24} {}",
            t("busy timeout, ms", "очікування, мс"),
            report.busy_timeout_ms
        );
        println!(
            "{:<24} {}",
            t("tally mismatches", "розбіжності кількостей"),
            report.tally_mismatches
        );
        println!("{:<24} {}", t("needs", "потреби"), report.needs);
        println!("{:<24} {}", t("offers", "пропозиції"), report.offers);
        println!("{:<24} {}", t("donors", "донори"), report.donors);
        println!(
            "{:<24} {}",
            t("backup taken at", "копію зроблено"),
            report
                .backup_taken_at
                .as_deref()
                .unwrap_or(t("- (not a backup)", "- (не резервна копія)"))
        );
    }
    if report.ok() {
        if !json && !global.quiet {
            println!("{}", lang.strings().check_ok);
        }
        Ok(())
    } else {
        Err(CliError::new(
            Exit::CheckFailed,
            "check_failed",
            format!(
                "{}: {}",
                lang.strings().check_failed,
                report.problems.join("; ")
            ),
        )
        .into())
    }
}

/// Bring the database to this program's schema (opening it for writing migrates it).
pub fn migrate(global: &GlobalArgs) -> Result<()> {
    let path = global.db_path()?;
    if !path.exists() {
        // A new installation: create the database with the whole schema.
        let report = global.open()?.check()?;
        if !global.quiet {
            println!(
                "{}",
                crate::i18n::fill(
                    global.lang().tr(
                        "database created at {0} (schema version {1})",
                        "базу даних створено: {0} (версія схеми {1})"
                    ),
                    &[&path.display(), &report.schema_version]
                )
            );
        }
        return Ok(());
    }
    let before = match crate::store::Store::open_read_only(&path, &global.operator()) {
        Ok(_) => None,
        Err(crate::store::StoreError::NeedsMigration { version, .. }) => Some(version),
        Err(e) => return Err(e.into()),
    };
    let store = global.open_existing()?;
    let report = store.check()?;
    if !global.quiet {
        let lang = global.lang();
        match before {
            Some(v) => println!(
                "{}",
                crate::i18n::fill(
                    lang.tr(
                        "schema upgraded from version {0} to {1}",
                        "схему оновлено з версії {0} до {1}"
                    ),
                    &[&v, &report.schema_version]
                )
            ),
            None => println!(
                "{}",
                crate::i18n::fill(
                    lang.tr(
                        "schema is up to date (version {0})",
                        "схема актуальна (версія {0})"
                    ),
                    &[&report.schema_version]
                )
            ),
        }
    }
    Ok(())
}

/// Where things are: the configuration files (and which were read), the database, the logs.
pub fn paths(global: &GlobalArgs, json: bool) -> Result<()> {
    let lang = global.lang();
    let system = crate::config::system_file();
    let user = global.config.clone().or_else(crate::config::user_file);
    let db = global.db_path()?;
    let logs = crate::logging::log_dir();
    let data = crate::paths::data_dir().ok();
    if json {
        let exists = |p: &Path| p.exists();
        return output::json(&serde_json::json!({
            "system_config": { "path": system, "exists": exists(&system) },
            "user_config": {
                "path": user,
                "exists": user.as_deref().is_some_and(exists),
            },
            "database": { "path": db, "exists": exists(&db) },
            "data_dir": data,
            "logs": logs,
            "timezone": global.zone().name(),
            "lang": global.lang(),
            "operator": global.operator(),
        }));
    }
    let state = |p: &Path| {
        if p.exists() {
            ""
        } else {
            lang.tr(" (absent)", " (немає)")
        }
    };
    let shown = |p: &Path| format!("{}{}", p.display(), state(p));
    println!(
        "{:<16} {}",
        lang.tr("system config", "системна конф."),
        shown(&system)
    );
    println!(
        "{:<16} {}",
        lang.tr("user config", "конф. користувача"),
        user.as_deref().map(shown).unwrap_or_else(|| "—".into())
    );
    println!("{:<16} {}", lang.tr("database", "база даних"), shown(&db));
    println!(
        "{:<16} {}",
        lang.tr("logs", "журнали"),
        logs.as_deref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "—".into())
    );
    println!(
        "{:<16} {}",
        lang.tr("time zone", "часовий пояс"),
        global.zone().name()
    );
    Ok(())
}

pub fn backup(global: &GlobalArgs, file: &Path) -> Result<()> {
    let store = global.open_read()?;
    let copy = store.backup(file)?;
    if !global.quiet {
        let lang = global.lang();
        println!(
            "{} {} ({}, {}, {}; {} {})",
            lang.strings().backup_done,
            file.display(),
            lang.count(
                copy.needs,
                ["need", "needs"],
                ["потреба", "потреби", "потреб"]
            ),
            lang.count(
                copy.offers,
                ["offer", "offers"],
                ["пропозиція", "пропозиції", "пропозицій"]
            ),
            lang.count(
                copy.donors,
                ["donor", "donors"],
                ["донор", "донори", "донорів"]
            ),
            lang.tr("taken", "зроблено"),
            copy.taken_at
        );
    }
    Ok(())
}
