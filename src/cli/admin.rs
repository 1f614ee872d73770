//! `demo`, `stats`, `check`, `backup`.

use super::{GlobalArgs, output};
use crate::i18n::Lang;
use crate::store::demo::DemoSpec;
use anyhow::{Result, bail};
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
    )?;
    println!(
        "{}: {} organisations, {} needs, {} donors, {} offers, {} matches",
        global.lang().strings().demo_done,
        report.organisations,
        report.needs,
        report.donors,
        report.offers,
        report.matches
    );
    Ok(())
}

/// Generate demo data with a progress bar on stderr (hidden when stderr is not a terminal).
pub fn generate_with_progress(
    store: &mut crate::store::Store,
    spec: DemoSpec,
) -> Result<crate::store::demo::DemoReport> {
    let started = std::time::Instant::now();
    let bar = indicatif::ProgressBar::new(0);
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

pub fn stats(global: &GlobalArgs, json: bool) -> Result<()> {
    let stats = global.open()?.stats()?;
    if json {
        return output::json(&stats);
    }
    let value = serde_json::to_value(&stats)?;
    if let Some(map) = value.as_object() {
        for (k, v) in map {
            println!("{k:<22} {v}");
        }
    }
    Ok(())
}

pub fn check(global: &GlobalArgs, json: bool, lang: Lang) -> Result<()> {
    let report = global.open()?.check()?;
    if json {
        output::json(&report)?;
    } else {
        println!("integrity_check        {}", report.integrity);
        println!(
            "schema_version         {} (latest {})",
            report.schema_version, report.schema_latest
        );
        println!("journal_mode           {}", report.journal_mode);
        println!("synchronous            {}", report.synchronous);
        println!("foreign_keys           {}", report.foreign_keys);
        println!("busy_timeout_ms        {}", report.busy_timeout_ms);
        println!("tally_mismatches       {}", report.tally_mismatches);
        println!("needs                  {}", report.needs);
        println!("offers                 {}", report.offers);
        println!("donors                 {}", report.donors);
        println!(
            "backup_taken_at        {}",
            report
                .backup_taken_at
                .as_deref()
                .unwrap_or("- (not a backup)")
        );
    }
    if report.ok() {
        if !json {
            println!("{}", lang.strings().check_ok);
        }
        Ok(())
    } else {
        bail!(
            "{}: {}",
            lang.strings().check_failed,
            report.problems.join("; ")
        )
    }
}

pub fn backup(global: &GlobalArgs, file: &Path) -> Result<()> {
    let store = global.open()?;
    let copy = store.backup(file)?;
    println!(
        "{} {} ({} needs, {} offers, {} donors, taken {})",
        global.lang().strings().backup_done,
        file.display(),
        copy.needs,
        copy.offers,
        copy.donors,
        copy.taken_at
    );
    Ok(())
}
