//! The scriptable command line: clap definitions and one file per group of subcommands.

pub mod access;
mod admin;
mod donor;
pub mod exit;
pub mod export;
pub mod help_uk;
mod import;
mod matching;
mod need;
mod offer;
pub mod output;
mod report;
pub mod usage;

use crate::config::Config;
use crate::domain::{InZone, SystemClock};
use crate::i18n::Lang;
use crate::store::Store;
use anyhow::{Context, Result};
use chrono_tz::Tz;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
use std::sync::Arc;

/// The environment, files and exit codes, at the end of `aidline --help`.
pub const ENV_FILES_HELP: &str = "\
Environment:
  AIDLINE_DB             the database file (like --db)
  AIDLINE_LANG           uk or en (like --lang)
  AIDLINE_USER           who is working (like --user; AIDLINE_OPERATOR is read too)
  SUDO_USER              the person, when sudo runs aidline as the service account
  AIDLINE_TIMEZONE       time zone for times people read and type (like --timezone)
  AIDLINE_CONFIG         the user's configuration file (like --config)
  AIDLINE_SYSTEM_CONFIG  the system configuration file (default /etc/aidline/config.toml)
  AIDLINE_DATA_DIR       the data directory (default database and logs/)
  AIDLINE_LOG            log level: error, warn, info (default), debug, trace
  LANG, LC_ALL           a uk locale chooses Ukrainian when nothing else does

Files (each later one wins; `aidline paths` shows them):
  /etc/aidline/config.toml           the server's configuration
  ~/.config/aidline/config.toml      the user's configuration
  ~/.local/share/aidline/aidline.db  the default database
  ~/.local/share/aidline/logs/       daily logs (no phones, names or addresses), kept 14 days

Configuration keys: db, timezone, lang, operator, theme (default, mono),
  [keys] action = \"ctrl+s\" (console key overrides). An unknown key is an error.
";

/// `ENV_FILES_HELP` in Ukrainian.
pub const ENV_FILES_HELP_UK: &str = "\
Змінні середовища:
  AIDLINE_DB             файл бази даних (як --db)
  AIDLINE_LANG           uk або en (як --lang)
  AIDLINE_USER           хто працює (як --user; читається й AIDLINE_OPERATOR)
  SUDO_USER              хто запустив aidline через sudo від службового запису
  AIDLINE_TIMEZONE       пояс, у якому люди читають і вводять час (як --timezone)
  AIDLINE_CONFIG         файл конфігурації користувача (як --config)
  AIDLINE_SYSTEM_CONFIG  конфігурація системи (типово /etc/aidline/config.toml)
  AIDLINE_DATA_DIR       каталог даних (типова база й logs/)
  AIDLINE_LOG            рівень журналу: error, warn, debug, trace, типово info
  LANG, LC_ALL           локаль uk означає українську, якщо мову не задано

Файли (наступний переважає попередній; `aidline paths` показує їх):
  /etc/aidline/config.toml           конфігурація сервера
  ~/.config/aidline/config.toml      конфігурація користувача
  ~/.local/share/aidline/aidline.db  типова база даних
  ~/.local/share/aidline/logs/       журнали (без особистих даних), 14 днів

Ключі конфігурації: db, timezone, lang, operator, theme (default, mono),
  [keys] дія = \"ctrl+s\" (власні клавіші консолі). Невідомий ключ — помилка.
";

#[derive(Debug, Parser)]
#[command(
    name = "aidline",
    version,
    about = "A console for humanitarian call centres: log offers, match them to needs.",
    long_about = "A console for humanitarian call centres: operators log donors' offers by phone \
and match them to the needs of NGOs, shelters and hospitals. Without a command, opens the \
console on the database.",
    after_help = "Run `aidline COMMAND --help` for examples. `aidline --help` lists the \
environment, files and exit codes.",
    after_long_help = long_help_tail(Lang::En),
)]
pub struct Args {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Open the console on ./aidline-demo.db, creating and filling it the first time.
    #[arg(long)]
    pub demo: bool,
    /// Open the console on the Matches tab with this organisation's matches (the liaison's
    /// desk); the name as people write it («БФ Світло», «світло»).
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `aidline --help`'s tail: examples, environment, files and exit codes.
pub fn long_help_tail(lang: Lang) -> String {
    if lang == Lang::Uk {
        return format!(
            "Приклади:
  aidline --demo                          консоль на згенерованих даних
  aidline --db /srv/aidline/aidline.db    консоль на цій базі
  aidline --org \"БФ Світло\"               робоче місце координатора організації
  aidline offer list --status open | head
  aidline --quiet check                   для cron: мовчить, доки все гаразд
  aidline paths                           де лежать конфігурація, база й журнали

{ENV_FILES_HELP_UK}
{}",
            exit::EXIT_CODES_HELP_UK
        );
    }
    format!(
        "Examples:
  aidline --demo                          try the console on generated data
  aidline --db /srv/aidline/aidline.db    the console on a database
  aidline --org \"БФ Світло\"               the Matches tab of one organisation (liaison)
  aidline offer list --status open | head
  aidline --quiet check                   for cron: silent unless something is wrong
  aidline paths                           where the configuration, database and logs are

{ENV_FILES_HELP}
{}",
        exit::EXIT_CODES_HELP
    )
}

/// The command tree in `lang`: clap's definitions as they are for English, with the Ukrainian
/// help applied for Ukrainian (`help_uk`). `--help`, the man page and completions come from it.
pub fn command(lang: Lang) -> clap::Command {
    match lang {
        Lang::En => sized(Args::command()),
        Lang::Uk => sized(help_uk::localise(Args::command())),
    }
}

/// The tree with help never wrapped, each option's text on one line.
pub(crate) fn unwrapped(cmd: clap::Command) -> clap::Command {
    cmd.term_width(0).mut_subcommands(unwrapped)
}

/// Help wraps at the terminal's width (at most 100 columns) for a person at a terminal; piped or
/// redirected (grep, a pager, a file) each option's text stays on one line.
fn sized(cmd: clap::Command) -> clap::Command {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        cmd
    } else {
        unwrapped(cmd)
    }
}

/// Parse the command line (with the program name first); `main` uses it for the arguments and
/// for an SSH key's forced command alike. clap prints `--help` while parsing, so the language is
/// decided from the raw arguments: `--lang` anywhere among them, else AIDLINE_LANG, else the
/// configuration files, else the locale (`usage::lang_of_raw_args`, the order of
/// `GlobalArgs::lang`). A run that parses is parsed once, by the English tree (the same
/// arguments either way); only help, version and usage errors are made again by the Ukrainian
/// tree, so that clap's output is Ukrainian.
pub fn parse_from<I, T>(argv: I) -> Result<Args, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let argv: Vec<std::ffi::OsString> = argv.into_iter().map(Into::into).collect();
    let mut cmd = sized(Args::command());
    let first = match cmd.try_get_matches_from_mut(argv.clone()) {
        Ok(matches) => return Args::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd)),
        Err(e) => e,
    };
    let raw: Vec<String> = argv
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match usage::lang_of_raw_args(&raw) {
        Lang::En => Err(first),
        lang => {
            let mut cmd = command(lang);
            let matches = cmd.try_get_matches_from_mut(argv)?;
            Args::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))
        }
    }
}

#[derive(Debug, clap::Args, Clone, Default)]
pub struct GlobalArgs {
    /// The database file [default: `db` from the configuration, else aidline.db in the data
    /// directory]. Commands that only read never create it.
    #[arg(long, global = true, env = "AIDLINE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Who is working: a login of `aidline user list`, whose roles decide what they may do and
    /// see; recorded with every change. A database without users: any name, every right
    /// [default: `operator` from the configuration, else $USER; under sudo as the service
    /// account, $SUDO_USER].
    #[arg(
        long = "user",
        alias = "operator",
        global = true,
        env = "AIDLINE_USER",
        value_name = "LOGIN"
    )]
    pub operator: Option<String>,
    /// Language of the text [default: `lang` from the configuration, else Ukrainian for a uk
    /// locale, English otherwise].
    #[arg(long, global = true, env = "AIDLINE_LANG", value_enum)]
    pub lang: Option<Lang>,
    /// Time zone for times people read and type (an IANA name such as Europe/Kyiv, UTC)
    /// [default: `timezone` from the configuration, else Europe/Kyiv]. Storage is always UTC.
    #[arg(long, global = true, env = "AIDLINE_TIMEZONE", value_name = "ZONE",
          value_parser = parse_zone_arg)]
    pub timezone: Option<Tz>,
    /// The user's configuration file [default: ~/.config/aidline/config.toml]; it must exist.
    #[arg(long, global = true, env = "AIDLINE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print nothing on standard output and no progress bars (for cron); errors still go to
    /// standard error.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// The configuration files, once read (`load_config`).
    #[arg(skip)]
    pub file: Config,
}

fn parse_zone_arg(s: &str) -> Result<Tz, String> {
    crate::config::parse_zone(s)
}

impl GlobalArgs {
    /// Read the configuration files; flags and environment keep precedence over them.
    pub fn load_config(&mut self) -> Result<()> {
        self.file = crate::config::load(self.config.as_deref())?;
        Ok(())
    }

    pub fn lang(&self) -> Lang {
        self.lang.or(self.file.lang).unwrap_or_else(Lang::from_env)
    }

    pub fn operator(&self) -> String {
        self.operator
            .clone()
            .filter(|o| !o.trim().is_empty())
            .or_else(|| std::env::var("AIDLINE_OPERATOR").ok())
            .filter(|o| !o.trim().is_empty())
            .or_else(|| self.file.operator.clone())
            .or_else(|| std::env::var("USER").ok())
            .filter(|o| !o.trim().is_empty())
            .unwrap_or_else(|| "operator".into())
    }

    /// The zone people read and type times in.
    pub fn zone(&self) -> Tz {
        self.timezone.unwrap_or_else(|| self.file.zone())
    }

    /// What the console takes from the configuration (theme, key overrides).
    pub fn console_settings(&self) -> crate::config::ConsoleSettings {
        crate::config::ConsoleSettings {
            theme: self.file.theme.unwrap_or_default(),
            keys: self.file.keys.clone(),
        }
    }

    pub fn db_path(&self) -> Result<PathBuf> {
        match self.db.as_ref().or(self.file.db.as_ref()) {
            Some(p) => Ok(p.clone()),
            None => Ok(crate::paths::data_dir()?.join("aidline.db")),
        }
    }

    fn clock(&self) -> Arc<dyn crate::domain::Clock> {
        Arc::new(InZone(SystemClock, self.zone()))
    }

    /// Open for writing: creates the database if it does not exist and migrates it (commands
    /// that add data: demo, import, offer add, migrate).
    pub fn open(&self) -> Result<Store> {
        let path = self.db_path()?;
        Ok(Store::open(&path, &self.identity(&path)?)
            .map_err(|e| crate::cli::access::explain_open(e, &path))
            .with_context(|| format!("cannot open the database {}", path.display()))?
            .with_clock(self.clock()))
    }

    /// Open an existing database for changing records (a missing file is "not found").
    pub fn open_existing(&self) -> Result<Store> {
        let path = self.db_path()?;
        Ok(Store::open_existing(&path, &self.identity(&path)?)
            .map_err(|e| crate::cli::access::explain_open(e, &path))
            .with_context(|| format!("cannot open the database {}", path.display()))?
            .with_clock(self.clock()))
    }

    /// Open for commands that only read: never creates, never migrates, writes nothing, so a
    /// database in a read-only directory or on a read-only mount can be read.
    pub fn open_read(&self) -> Result<Store> {
        let path = self.db_path()?;
        Ok(Store::open_read_only(&path, &self.identity(&path)?)
            .map_err(|e| crate::cli::access::explain_open(e, &path))
            .with_context(|| format!("cannot read the database {}", path.display()))?
            .with_clock(self.clock()))
    }

    /// Show progress bars: on a terminal, and not with --quiet.
    pub fn progress(&self) -> bool {
        use std::io::IsTerminal;
        !self.quiet && std::io::stderr().is_terminal()
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill the database with realistic generated data (deterministic per seed).
    #[command(
        after_help = "Examples:\n  aidline --db /tmp/try.db demo\n  aidline --db /tmp/big.db demo --needs 1000000 --offers 50000 --seed 7"
    )]
    Demo {
        /// How many needs to generate.
        #[arg(long, default_value_t = 20_000, value_name = "N")]
        needs: usize,
        /// How many offers to generate.
        #[arg(long, default_value_t = 2_000, value_name = "N")]
        offers: usize,
        /// The random seed: the same seed gives the same data.
        #[arg(long, default_value_t = 1505, value_name = "N")]
        seed: u64,
    },
    /// Import needs or the organisation directory from CSV, .xlsx or .ods.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Log and list offers.
    #[command(subcommand)]
    Offer(OfferCommand),
    /// The people who use this database, their roles and SSH keys (admin).
    #[command(subcommand)]
    User(access::UserCommand),
    /// The audit trail: who has seen a donor's phone (lead or admin).
    #[command(subcommand)]
    Audit(access::AuditCommand),
    /// Look up or forget a donor.
    #[command(subcommand)]
    Donor(DonorCommand),
    /// Add, correct and close needs by hand (checked like an import).
    #[command(subcommand)]
    Need(need::NeedCommand),
    /// Suggest, propose and move matches.
    #[command(subcommand, name = "match")]
    Match(matching::MatchCommand),
    /// What the matcher reads in a text: items with their spans, attributes, quantity and unit
    /// (reads no database).
    #[command(
        after_help = "Examples:\n  aidline classify \"віддам пальто і чоботи 38 розміру, все чисте\"\n  aidline classify \"пущу пожить маму с ребёнком\" --location Берестин --json"
    )]
    Classify {
        /// The text, as the caller or the registry wrote it (any language).
        text: String,
        /// Print one JSON object (see docs/JSON.md).
        #[arg(long)]
        json: bool,
        /// Also resolve a place to its unit and hierarchy.
        #[arg(long)]
        location: Option<String>,
    },
    /// The day's figures for the shift handover: calls by outcome, offers logged, matches
    /// proposed, confirmed and handed over, per operator; open needs by category (read-only).
    #[command(
        after_help = "The day is read in the call centre's time zone (--timezone, the configuration).\n\nExamples:\n  aidline report\n  aidline report --date 2026-12-01\n  aidline --lang uk report --date 01.12.2026 --json"
    )]
    Report {
        /// The day: 2026-12-01 or 01.12.2026 [default: today].
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Counts of organisations, needs, donors, offers and matches (read-only).
    #[command(
        after_help = "Examples:\n  aidline stats\n  aidline --lang uk stats\n  aidline stats --json | jq .needs_open"
    )]
    Stats {
        /// Print one JSON object (keys in English, see docs/JSON.md).
        #[arg(long)]
        json: bool,
    },
    /// Check the database: integrity, schema version, pragmas, quantities (read-only). Exit 7 if
    /// anything is off, 4 if there is no database.
    #[command(
        after_help = "Examples:\n  aidline check\n  aidline --quiet --db /srv/aidline/aidline.db check   # in cron: mail only on trouble"
    )]
    Check {
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Online backup, safe while consoles are writing.
    #[command(after_help = "Examples:\n  aidline backup /srv/backup/aidline-$(date +%F).db")]
    Backup {
        /// Where to write the copy (must not exist).
        file: PathBuf,
    },
    /// Create the database (the only command that does, besides `demo` and `--demo`), or
    /// upgrade its schema to this program's (other commands refuse an old schema and point
    /// here). `init` is the same command.
    #[command(
        visible_alias = "init",
        after_help = "Examples:\n  aidline --db /srv/aidline/aidline.db init   # a new installation\n  aidline backup before-upgrade.db && aidline migrate"
    )]
    Migrate,
    /// Where the configuration, the database and the logs are.
    #[command(
        after_help = "Examples:\n  aidline paths\n  aidline --db /srv/aidline/aidline.db paths --json"
    )]
    Paths {
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  aidline completions bash > /etc/bash_completion.d/aidline\n  aidline completions zsh > ~/.zfunc/_aidline\n  aidline completions fish > ~/.config/fish/completions/aidline.fish"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output, or write every page with --dir.
    #[command(
        after_help = "Examples:\n  aidline man | man -l -\n  sudo aidline man --dir /usr/local/share/man/man1   # aidline.1, aidline-match-suggest.1, …"
    )]
    Man {
        /// Write aidline.1 and one page per command (aidline-offer-list.1, …) into this
        /// directory instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Write the partner export: needs, offers, matches and organisations as CSV (docs/EXPORT.md).
    #[command(
        after_help = "Quiet when all is well; one line and a non-zero exit when not (for cron).\n\nExamples:\n  aidline export --out /srv/aidline/export --since last --hxl\n  aidline export --out ./export --excel --xlsx -v\n  aidline export --out ./export --with-contacts"
    )]
    Export(export::ExportArgs),
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Needs: ref, organisation, item, quantity, unit, urgency, location, condition, needed_by, notes.
    #[command(
        after_help = "All rows are checked first; any problem refuses the whole file (exit 3) \
and names its line.\n\nExamples:\n  aidline import needs needs.csv --dry-run\n  aidline import needs needs.csv --json"
    )]
    Needs {
        /// The file: CSV (UTF-8 with or without BOM, UTF-16 with BOM or Windows-1251; comma,
        /// semicolon or tab separated), .xlsx or .ods; HXL hashtag rows are understood.
        file: PathBuf,
        /// Check every row against the database and report, but write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Organisations whose names are only similar to known ones are new (else refused).
        #[arg(long)]
        new_orgs: bool,
    },
    /// Organisations: name, kind, contact, phone, location, helps_with.
    #[command(
        after_help = "Examples:\n  aidline import orgs organisations.csv --dry-run\n  aidline import orgs organisations.csv"
    )]
    Orgs {
        /// The file: CSV (UTF-8 with or without BOM, UTF-16 with BOM or Windows-1251; comma,
        /// semicolon or tab separated), .xlsx or .ods; HXL hashtag rows are understood.
        file: PathBuf,
        /// Check every row against the database and report, but write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the report as JSON.
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
    #[command(
        after_help = "Examples:\n  aidline offer add --phone 0671234567 --name \"Оксана\" --item \"ковдри\" --quantity 20 --location Бровари\n  aidline offer add --phone +380501112233 --item \"генератор 3 кВт\" --quantity 1 --condition used --json"
    )]
    Add(offer::AddArgs),
    /// Correct a saved offer: only the fields given change.
    #[command(
        after_help = "Examples:\n  aidline offer edit O-12 --quantity 15\n  aidline offer edit O-12 --item \"ковдри вовняні\" --condition new --location Ірпінь --json"
    )]
    Edit(offer::EditArgs),
    /// Withdraw an offer: the donor no longer gives it (its open matches are cancelled).
    #[command(
        after_help = "Examples:\n  aidline offer withdraw O-12\n  aidline offer withdraw O-12 --reason \"віддав сусідам\""
    )]
    Withdraw {
        /// The offer (O-12 or 12).
        id: String,
        /// Why, in the donor's words.
        #[arg(long)]
        reason: Option<String>,
    },
    /// List offers, newest first (read-only).
    #[command(
        after_help = "Examples:\n  aidline offer list --status open --limit 20\n  aidline offer list --json | jq '.[].item'\n  aidline offer list | head"
    )]
    List {
        /// Only offers with this status: open, partly_matched, matched, delivered, withdrawn,
        /// expired.
        #[arg(long, value_name = "STATUS")]
        status: Option<crate::domain::OfferStatus>,
        /// Print a JSON array (see docs/JSON.md).
        #[arg(long)]
        json: bool,
        /// At most this many offers (1 to 1000000).
        #[arg(long, value_name = "N", default_value_t = 100, allow_negative_numbers = true, value_parser = list_limit_parser())]
        limit: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum DonorCommand {
    /// The donor, their offers and matches (read-only).
    #[command(
        after_help = "Examples:\n  aidline donor show 0671234567\n  aidline donor show +380671234567 --json"
    )]
    Show {
        /// The donor's phone, in any usual writing (067 123 45 67, +380671234567).
        phone: String,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Erase the donor's name, phone and address; offers stay, anonymised.
    #[command(after_help = "Examples:\n  aidline donor forget 0671234567")]
    Forget {
        /// The donor's phone, in any usual writing.
        phone: String,
    },
}

/// `--limit`: 1 to `limits::LIST_LIMIT_MAX`, refused by clap beyond (never reaches SQL).
pub(crate) fn list_limit_parser() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::<usize>::new()
        .range(1..=crate::domain::limits::LIST_LIMIT_MAX)
}

/// `--quantity`: 1 to `limits::QUANTITY_MAX` (use with `allow_negative_numbers`, so `-1` is
/// refused as a value, not taken for an option).
pub(crate) fn quantity_parser() -> clap::builder::RangedI64ValueParser<i64> {
    clap::value_parser!(i64).range(1..=crate::domain::limits::QUANTITY_MAX)
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
        Command::User(c) => access::user(global, c),
        Command::Audit(c) => access::audit(global, c),
        Command::Offer(OfferCommand::Edit(a)) => offer::edit(global, a),
        Command::Offer(OfferCommand::Withdraw { id, reason }) => {
            offer::withdraw(global, &id, reason.as_deref())
        }
        Command::Offer(OfferCommand::List {
            status,
            json,
            limit,
        }) => offer::list(global, status, json, limit),
        Command::Donor(DonorCommand::Show { phone, json }) => donor::show(global, &phone, json),
        Command::Donor(DonorCommand::Forget { phone }) => donor::forget(global, &phone),
        Command::Match(c) => matching::run(global, c),
        Command::Need(c) => need::run(global, c),
        Command::Report { date, json } => report::run(global, date, json),
        Command::Classify {
            text,
            json,
            location,
        } => matching::classify(&text, json, location.as_deref(), lang),
        Command::Stats { json } => admin::stats(global, json),
        Command::Check { json } => admin::check(global, json, lang),
        Command::Backup { file } => admin::backup(global, &file),
        Command::Migrate => admin::migrate(global),
        Command::Paths { json } => admin::paths(global, json),
        Command::Completions { shell } => {
            let mut cmd = self::command(lang);
            clap_complete::generate(shell, &mut cmd, "aidline", &mut std::io::stdout());
            Ok(())
        }
        Command::Man { dir } => {
            let cmd = Args::command();
            let cannot =
                |dir: &std::path::Path| format!("{}: cannot write the pages", dir.display());
            match (dir, lang) {
                (Some(dir), Lang::En) => {
                    clap_mangen::generate_to(cmd, &dir).with_context(|| cannot(&dir))?
                }
                (Some(dir), Lang::Uk) => {
                    help_uk::man_to(cmd, &dir).with_context(|| cannot(&dir))?
                }
                (None, Lang::En) => clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?,
                (None, Lang::Uk) => {
                    use std::io::Write;
                    std::io::stdout().write_all(help_uk::man(cmd)?.as_bytes())?
                }
            }
            Ok(())
        }
        Command::Export(a) => {
            let zone = global.zone();
            export::run(global, a, zone)
        }
    }
}

/// No subcommand: the console (with `--demo`, on ./aidline-demo.db, created and filled with demo
/// data the first time).
pub fn console(global: &GlobalArgs, demo: bool, org: Option<&str>) -> Result<()> {
    let global = if demo {
        let mut g = global.clone();
        g.db.get_or_insert_with(|| PathBuf::from("aidline-demo.db"));
        let mut store = g.open()?;
        if store.stats()?.needs == 0 {
            admin::generate_with_progress(&mut store, Default::default(), g.progress())?;
        }
        g
    } else {
        global.clone()
    };
    // Only --demo (above), `demo` and `migrate`/`init` create a database; a mistyped --db is an
    // error naming the path and the command that creates one.
    let store = global.open_existing()?;
    let org = match org {
        Some(name) => Some(resolve_org(&store, name, global.lang())?),
        None => None,
    };
    crate::tui::run_with(store, global.lang(), global.console_settings(), org)
        .context("the console stopped")
}

/// `--org NAME`: the organisation as the import resolves names (spelling, quotes and legal
/// forms aside); an unknown name is refused before the console opens, a near one suggested.
fn resolve_org(store: &Store, name: &str, lang: Lang) -> Result<(i64, String)> {
    use crate::store::OrgMatch;
    let d = lang.strings().console.desk;
    let shown = output::inert(name.trim());
    let found = store.find_organisation(name)?;
    if let OrgMatch::Existing(id, stored) = found {
        return Ok((id, stored));
    }
    // Not the whole name: the organisations whose names hold its words.
    let holding = store.organisations_containing(name)?;
    match holding.as_slice() {
        [(id, stored)] => return Ok((*id, stored.clone())),
        [] => {}
        several => {
            let names: Vec<String> = several
                .iter()
                .take(3)
                .map(|(_, n)| format!("«{}»", output::inert(n)))
                .collect();
            let more = if several.len() > 3 { ", …" } else { "" };
            return Err(exit::refused(
                "ambiguous_organisation",
                crate::i18n::fill(
                    d.org_several,
                    &[&shown, &format!("{}{more}", names.join(", "))],
                ),
            )
            .into());
        }
    }
    match found {
        OrgMatch::Existing(id, stored) => Ok((id, stored)),
        OrgMatch::Similar(near) => Err(exit::refused(
            "unknown_organisation",
            crate::i18n::fill(d.org_similar, &[&shown, &output::inert(&near)]),
        )
        .into()),
        OrgMatch::New => Err(exit::refused(
            "unknown_organisation",
            crate::i18n::fill(d.org_unknown, &[&shown]),
        )
        .into()),
    }
}

/// `--org` with a command: refused (it only opens the console).
pub fn org_with_command(lang: Lang) -> anyhow::Error {
    exit::CliError::new(
        exit::Exit::Usage,
        "org_with_command",
        lang.strings().console.desk.org_with_command,
    )
    .into()
}
