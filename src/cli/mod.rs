//! The scriptable command line: clap definitions and one file per group of subcommands.

mod admin;
mod donor;
pub mod export;
mod import;
mod matching;
mod offer;
mod output;

use crate::i18n::Lang;
use crate::store::Store;
use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "aidline",
    version,
    about = "A console for humanitarian call centres: log offers, match them to needs."
)]
pub struct Args {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Open the console on ./aidline-demo.db, creating and filling it the first time.
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, clap::Args, Clone)]
pub struct GlobalArgs {
    /// The database file (default: $AIDLINE_DB, else aidline.db in the data directory).
    #[arg(long, global = true, env = "AIDLINE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Who is working (default: $USER).
    #[arg(long, global = true, value_name = "NAME")]
    pub operator: Option<String>,
    /// Language of the text (default: Ukrainian for a uk locale, English otherwise).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
}

impl GlobalArgs {
    pub fn lang(&self) -> Lang {
        self.lang.unwrap_or_else(Lang::from_env)
    }

    pub fn operator(&self) -> String {
        self.operator
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .filter(|o| !o.trim().is_empty())
            .unwrap_or_else(|| "operator".into())
    }

    pub fn db_path(&self) -> Result<PathBuf> {
        match &self.db {
            Some(p) => Ok(p.clone()),
            None => Ok(crate::paths::data_dir()?.join("aidline.db")),
        }
    }

    pub fn open(&self) -> Result<Store> {
        let path = self.db_path()?;
        Store::open(&path, &self.operator())
            .with_context(|| format!("cannot open the database {}", path.display()))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill the database with realistic generated data (deterministic per seed).
    Demo {
        #[arg(long, default_value_t = 20_000)]
        needs: usize,
        #[arg(long, default_value_t = 2_000)]
        offers: usize,
        #[arg(long, default_value_t = 1505)]
        seed: u64,
    },
    /// Import needs or the organisation directory from CSV, .xlsx or .ods.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Log and list offers.
    #[command(subcommand)]
    Offer(OfferCommand),
    /// Look up or forget a donor.
    #[command(subcommand)]
    Donor(DonorCommand),
    /// Suggest, propose and move matches.
    #[command(subcommand, name = "match")]
    Match(matching::MatchCommand),
    /// Counts of organisations, needs, donors, offers and matches.
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Check the database: integrity, schema version, pragmas, quantities. Exit 1 if anything is off.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Online backup, safe while consoles are writing.
    Backup { file: PathBuf },
    /// Write the partner export: needs, offers, matches and organisations as CSV (docs/EXPORT.md).
    Export(export::ExportArgs),
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Needs: ref, organisation, item, quantity, unit, urgency, location, condition, needed_by, notes.
    Needs {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
        /// Organisations whose names are only similar to known ones are new (else refused).
        #[arg(long)]
        new_orgs: bool,
    },
    /// Organisations: name, kind, contact, phone, location, helps_with.
    Orgs {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
        /// Organisations whose names are only similar to known ones are new (else refused).
        #[arg(long)]
        new_orgs: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum OfferCommand {
    /// Log an offer from a caller (the donor is found or created by phone).
    Add(offer::AddArgs),
    /// List offers, newest first.
    List {
        #[arg(long)]
        status: Option<crate::domain::OfferStatus>,
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 100)]
        limit: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum DonorCommand {
    /// The donor, their offers and matches.
    Show {
        phone: String,
        #[arg(long)]
        json: bool,
    },
    /// Erase the donor's name, phone and address; offers stay, anonymised.
    Forget { phone: String },
}

/// Run a subcommand (the console is started by main when there is none).
pub fn run(global: &GlobalArgs, command: Command) -> Result<()> {
    let lang = global.lang();
    match command {
        Command::Demo {
            needs,
            offers,
            seed,
        } => admin::demo(global, needs, offers, seed),
        Command::Import(c) => import::run(global, c),
        Command::Offer(OfferCommand::Add(a)) => offer::add(global, a),
        Command::Offer(OfferCommand::List {
            status,
            json,
            limit,
        }) => offer::list(global, status, json, limit),
        Command::Donor(DonorCommand::Show { phone, json }) => donor::show(global, &phone, json),
        Command::Donor(DonorCommand::Forget { phone }) => donor::forget(global, &phone),
        Command::Match(c) => matching::run(global, c),
        Command::Stats { json } => admin::stats(global, json),
        Command::Check { json } => admin::check(global, json, lang),
        Command::Backup { file } => admin::backup(global, &file),
        Command::Export(a) => export::run(global, a, export::DEFAULT_TZ),
    }
}

/// No subcommand: the console (with `--demo`, on ./aidline-demo.db, created and filled with demo
/// data the first time).
pub fn console(global: &GlobalArgs, demo: bool) -> Result<()> {
    let global = if demo {
        let mut g = global.clone();
        g.db.get_or_insert_with(|| PathBuf::from("aidline-demo.db"));
        let mut store = g.open()?;
        if store.stats()?.needs == 0 {
            admin::generate_with_progress(&mut store, Default::default())?;
        }
        g
    } else {
        global.clone()
    };
    let store = global.open()?;
    crate::tui::run(store, global.lang()).context("the console stopped")
}
