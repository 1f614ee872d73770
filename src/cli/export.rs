//! `export`: the nightly partner export (see docs/EXPORT.md). Quiet on success so cron mails
//! only failures; a progress bar only when stderr is a terminal.

use super::GlobalArgs;
use crate::store::export::{ExportOptions, Since};
use anyhow::{Result, bail};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use std::path::PathBuf;

/// The default zone (the configuration's `timezone` is passed in by the CLI); for tests.
pub const DEFAULT_TZ: Tz = chrono_tz::Europe::Kyiv;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The folder to write needs.csv, offers.csv, matches.csv and organisations.csv into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Only records changed since this moment (2026-12-01, 2026-12-01T20:00, RFC 3339), or
    /// `last`: since the last successful export.
    #[arg(long, value_name = "DATETIME|last")]
    pub since: Option<String>,
    /// Add the HXL hashtag row under the header.
    #[arg(long)]
    pub hxl: bool,
    /// Write a UTF-8 BOM and CRLF line ends, so Excel opens the files with a double-click.
    #[arg(long)]
    pub excel: bool,
    /// Also write aidline.xlsx with one sheet per file.
    #[arg(long)]
    pub xlsx: bool,
    /// Include donors' names, phones, typed addresses and notes (masked or left out otherwise).
    #[arg(long)]
    pub with_contacts: bool,
    /// With --with-contacts: the organisation whose matched donors' contacts are written (the
    /// others stay masked); required when the database has users. Each donor written is logged.
    #[arg(long, value_name = "NAME", requires = "with_contacts")]
    pub org: Option<String>,
    /// Say what was written (by default an export that works prints nothing).
    #[arg(long, short)]
    pub verbose: bool,
}

/// `--since` as given: `last`, a date (midnight in `tz`), a local date and time, or RFC 3339.
pub fn parse_since(text: &str, tz: Tz) -> Result<Since> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("last") {
        return Ok(Since::Last);
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Ok(Since::From(at.with_timezone(&Utc)));
    }
    let local = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    });
    match local.and_then(|l| tz.from_local_datetime(&l).earliest()) {
        Some(at) => Ok(Since::From(at.with_timezone(&Utc))),
        None => {
            bail!("--since: '{t}' is not a date or time (use last, 2026-12-01 or 2026-12-01T20:00)")
        }
    }
}

pub fn run(global: &GlobalArgs, args: ExportArgs, tz: Tz) -> Result<()> {
    let since = match &args.since {
        Some(s) => parse_since(s, tz)?,
        None => Since::Everything,
    };
    let opts = ExportOptions {
        dir: args.out.clone(),
        since,
        hxl: args.hxl,
        excel: args.excel,
        xlsx: args.xlsx,
        with_contacts: args.with_contacts,
        contacts_for: args.org.clone(),
        tz,
        progress: global.progress(),
    };
    // Never creates a database (a mistyped path must fail cron's run, not export nothing).
    let mut store = global.open_existing()?;
    let bar = if opts.progress {
        indicatif::ProgressBar::new(0)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg:>13} [{bar:40}] {pos}/{len} {elapsed}")
            .expect("template")
            .progress_chars("=> "),
    );
    let started = std::time::Instant::now();
    let report = store.export(&opts, &mut |sheet, done, total| {
        bar.set_message(sheet.to_string());
        bar.set_length(total);
        bar.set_position(done);
    });
    bar.finish_and_clear();
    let report = report
        .map_err(|e| anyhow::Error::new(e).context(format!("export to {}", args.out.display())))?;
    tracing::info!(
        rows = report.files.iter().take(4).map(|(_, n)| n).sum::<u64>(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "export"
    );
    if args.verbose {
        for (file, rows) in &report.files {
            println!("{}: {rows} rows", args.out.join(file).display());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_takes_dates_times_and_last() {
        let tz = DEFAULT_TZ;
        assert_eq!(parse_since("last", tz).unwrap(), Since::Last);
        let Since::From(t) = parse_since("2026-12-01", tz).unwrap() else {
            panic!()
        };
        assert_eq!(t.to_rfc3339(), "2026-11-30T22:00:00+00:00");
        let Since::From(t) = parse_since("2026-07-01T20:00", tz).unwrap() else {
            panic!()
        };
        assert_eq!(t.to_rfc3339(), "2026-07-01T17:00:00+00:00");
        assert!(parse_since("yesterday", tz).is_err());
    }
}
