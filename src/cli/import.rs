//! `import needs`, `import orgs`.

use super::{GlobalArgs, ImportCommand, output};
use crate::store::import::ImportOptions;
use anyhow::{Context, Result};

pub fn run(global: &GlobalArgs, command: ImportCommand) -> Result<()> {
    let (file, dry_run, json, new_orgs, needs) = match command {
        ImportCommand::Needs {
            file,
            dry_run,
            json,
            new_orgs,
        } => (file, dry_run, json, new_orgs, true),
        ImportCommand::Orgs {
            file,
            dry_run,
            json,
            new_orgs,
        } => (file, dry_run, json, new_orgs, false),
    };
    let label = file.display().to_string();
    std::fs::metadata(&file).with_context(|| format!("{label}: cannot read"))?;
    // The database must exist: a mistyped --db is an error, not a new empty file.
    let mut store = global.open_existing()?;
    let opts = ImportOptions { dry_run, new_orgs };
    let report = if needs {
        store.import_needs_file(&label, &file, opts)?
    } else {
        store.import_orgs_file(&label, &file, opts)?
    };
    tracing::info!(
        created = report.created,
        updated = report.updated,
        dry_run,
        "import {}",
        if needs { "needs" } else { "orgs" }
    );
    let lang = global.lang();
    for w in &report.warnings {
        eprintln!(
            "{}: {}",
            lang.tr("warning", "попередження"),
            output::inert(&crate::i18n::messages::localise(w, lang))
        );
    }
    if json {
        return output::json(&report);
    }
    let s = lang.strings();
    let rows = |n: usize| n as i64;
    println!(
        "{} {}: {}, {} {}, {} {}{}{}",
        s.imported,
        label,
        lang.count(
            rows(report.rows),
            ["row", "rows"],
            ["рядок", "рядки", "рядків"]
        ),
        report.created,
        lang.tr("new", "нових"),
        report.updated,
        lang.tr("updated", "оновлено"),
        if needs {
            format!(
                ", {}",
                lang.count(
                    report.organisations_created as i64,
                    ["new organisation", "new organisations"],
                    ["нова організація", "нові організації", "нових організацій"]
                )
            )
        } else {
            String::new()
        },
        if dry_run {
            format!(" ({})", s.dry_run_nothing_written)
        } else {
            String::new()
        }
    );
    if dry_run && needs {
        for name in &report.new_organisations {
            println!("  + {}", output::inert(name));
        }
    }
    Ok(())
}
