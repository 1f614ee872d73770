//! The SQLite store: opening (pragmas, file mode), migrations, one file per aggregate, import,
//! demo data, maintenance. SQLite specifics stay in here; the rest of the crate sees `Store`.

pub mod access;
mod audit;
mod bulk;
mod calls;
mod candidates;
pub mod demo;
pub mod directory;
mod donors;
pub mod export;
mod filter;
pub mod import;
mod maintenance;
mod matches;
mod migrations;
mod needs;
mod orgs;
mod report;
mod rows;
mod split;

pub use access::{AccessRow, Actor, Permission, Role, User, UserChange};
pub use calls::{CallRecord, Callback, Draft, NewCall};
pub use candidates::{PlaceReading, read_place};
pub use donors::{DonorView, NewOffer};
pub use maintenance::{BackupReport, CheckReport, Stats};
pub use matches::{FOLLOW_UP_AFTER, MatchEvent, MatchFilter, MatchView, Rematch};
pub use migrations::migrations;
pub use needs::{NeedFilter, NewNeed, Review};
pub use orgs::{NewOrganisation, OrgMatch};
pub use report::{DayReport, OperatorDay, SPARK_DAYS, ShiftFigures};
pub use split::split_offer;

use crate::catalogue::{Gazetteer, Place, PlaceError};
use crate::domain::{Clock, Location, PhoneError, SystemClock};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// How long a writer waits for another console's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database schema: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Phone(#[from] PhoneError),
    #[error("{0}")]
    Place(#[from] PlaceError),
    #[error("{what} {reference} not found")]
    NotFound {
        what: &'static str,
        reference: String,
    },
    /// A value that breaks a rule: `field: reason`.
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    /// No database at this path (read-only commands never create one).
    #[error("no database at {0}")]
    NoDatabase(String),
    /// The file's schema is older than this program's; opening it for writing migrates it.
    #[error(
        "the database {path} has schema version {version}, this aidline needs {latest}: run `aidline migrate` to upgrade it (make a backup first)"
    )]
    NeedsMigration {
        path: String,
        version: i64,
        latest: i64,
    },
    /// The file was made by a newer aidline.
    #[error(
        "the database {path} has schema version {version}, newer than this aidline's {latest}: use a newer aidline"
    )]
    NewerSchema {
        path: String,
        version: i64,
        latest: i64,
    },
    /// An import whose rows did not validate: every problem, one per line, nothing written.
    #[error("{}", .0.join("\n"))]
    Rejected(Vec<String>),
    /// The person's roles do not allow this (access.rs: the one place rights are checked).
    #[error("{login} ({roles}) may not {action}: needs the role {needs}")]
    NotAllowed {
        login: String,
        roles: String,
        action: &'static str,
        needs: String,
    },
    /// `--user` names nobody this database knows, or a disabled user.
    #[error("user '{login}' {why}: ask an admin (`aidline user list`)")]
    UnknownUser { login: String, why: &'static str },
}

impl StoreError {
    /// SQLite answered BUSY or LOCKED (another connection holds a lock).
    pub fn is_busy(&self) -> bool {
        let sqlite = match self {
            StoreError::Sqlite(e) => e,
            StoreError::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => err,
            _ => return false,
        };
        matches!(
            sqlite.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        )
    }

    pub fn invalid(field: &'static str, reason: impl Into<String>) -> StoreError {
        StoreError::Invalid {
            field,
            reason: reason.into(),
        }
    }
}

impl From<crate::domain::limits::FieldError> for StoreError {
    fn from(e: crate::domain::limits::FieldError) -> StoreError {
        StoreError::Invalid {
            field: e.field,
            reason: e.reason,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One connection to the aidline database, acting for one operator.
pub struct Store {
    conn: Connection,
    operator: String,
    /// Who this store acts for (access.rs); `operator` is their login.
    actor: access::Actor,
    /// Whether `shown_phone()` in rows gives the full phone (the actor's right, for SQL).
    full_phones: Arc<AtomicBool>,
    clock: Arc<dyn Clock>,
    path: Option<PathBuf>,
    /// Opened as an immutable file (read-only directory): see `journal_mode`.
    immutable: bool,
}

impl Store {
    /// Open (creating mode 0600 if new) and migrate the database at `path`.
    pub fn open(path: &Path, operator: &str) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.display().to_string(),
                source,
            })?;
        }
        create_private(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        Store::setup(conn, operator, Some(path.to_path_buf()))
    }

    /// Open an existing database for reading only: no file or directory is created, no migration
    /// runs, the journal mode is left as it is, and nothing is written (a database in a read-only
    /// directory, on a read-only mount or a restored snapshot can be read). A missing file is
    /// `NoDatabase`; a schema older than this program's is `NeedsMigration`.
    pub fn open_read_only(path: &Path, operator: &str) -> Result<Store> {
        match std::fs::metadata(path) {
            Ok(m) if m.is_file() => {}
            Ok(_) => {
                return Err(StoreError::Io {
                    path: path.display().to_string(),
                    source: std::io::Error::other("not a file"),
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::NoDatabase(path.display().to_string()));
            }
            Err(source) => {
                return Err(StoreError::Io {
                    path: path.display().to_string(),
                    source,
                });
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let mut immutable = false;
        let full_phones = Arc::new(AtomicBool::new(true));
        let conn = match Connection::open_with_flags(path, flags)
            .map_err(StoreError::from)
            .and_then(|c| read_setup(&c, &full_phones).map(|()| c))
        {
            Ok(c) => c,
            // A WAL database whose directory we cannot write (so no -shm can be made): read it
            // as an immutable file. Nobody can be writing it, since nobody can make its -wal.
            Err(e) if !dir_writable(path) => {
                let uri = format!("file:{}?immutable=1", uri_path(path));
                let c = Connection::open_with_flags(uri, flags).map_err(|_| e)?;
                read_setup(&c, &full_phones)?;
                immutable = true;
                c
            }
            Err(e) => return Err(e),
        };
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version < migrations::LATEST {
            return Err(StoreError::NeedsMigration {
                path: path.display().to_string(),
                version,
                latest: migrations::LATEST,
            });
        }
        if version > migrations::LATEST {
            return Err(StoreError::NewerSchema {
                path: path.display().to_string(),
                version,
                latest: migrations::LATEST,
            });
        }
        let actor = access::resolve(&conn, operator)?;
        let mut store = Store {
            conn,
            operator: operator.to_string(),
            actor: actor.clone(),
            full_phones,
            clock: Arc::new(SystemClock),
            path: Some(path.to_path_buf()),
            immutable,
        };
        store.set_actor(actor);
        Ok(store)
    }

    /// Open an existing database for writing (migrating it if needed); a missing file is
    /// `NoDatabase` instead of a new empty database.
    pub fn open_existing(path: &Path, operator: &str) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::NoDatabase(path.display().to_string()));
        }
        Store::open(path, operator)
    }

    /// A private in-memory database with the same schema and pragmas, for tests.
    pub fn open_in_memory(operator: &str) -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, operator, None)
    }

    fn setup(mut conn: Connection, operator: &str, path: Option<PathBuf>) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.set_prepared_statement_cache_capacity(64);
        filter::register(&conn)?;
        let full_phones = Arc::new(AtomicBool::new(true));
        access::register(&conn, full_phones.clone())?;
        // Some locks met while opening (switching a new file to WAL, recovering the WAL index
        // after a crash, a migration racing another console's) answer BUSY without waiting in
        // the busy handler. Every step here is idempotent: wait a moment and run them again,
        // for as long as a writer would wait, so nobody sees "database is locked".
        let started = std::time::Instant::now();
        let mut pause = Duration::from_millis(2);
        loop {
            match prepare(&mut conn, path.is_some()) {
                Ok(()) => break,
                Err(e) if e.is_busy() && started.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(100));
                }
                Err(e) => return Err(e),
            }
        }
        let actor = access::resolve(&conn, operator)?;
        let mut store = Store {
            conn,
            operator: operator.to_string(),
            actor: actor.clone(),
            full_phones,
            clock: Arc::new(SystemClock),
            path,
            immutable: false,
        };
        store.set_actor(actor);
        Ok(store)
    }

    /// Use this clock for every timestamp and date rule.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Store {
        self.clock = clock;
        self
    }

    pub fn operator(&self) -> &str {
        &self.operator
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// The clock, to share with another connection or the console (same time and zone).
    pub fn clock_arc(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The database's journal mode. A file read as immutable (a read-only directory) reports
    /// "delete" to SQLite whatever it is, so its header says: bytes 18-19 are 2 for WAL.
    pub fn journal_mode(&self) -> Result<String> {
        if let (true, Some(path)) = (self.immutable, &self.path) {
            let io = |source| StoreError::Io {
                path: path.display().to_string(),
                source,
            };
            let mut header = [0u8; 20];
            let mut f = std::fs::File::open(path).map_err(io)?;
            std::io::Read::read_exact(&mut f, &mut header).map_err(io)?;
            if header[18] == 2 && header[19] == 2 {
                return Ok("wal".into());
            }
        }
        Ok(self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?)
    }

    /// Whether this connection can only read (`open_read_only`).
    pub fn is_read_only(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false)
    }

    /// A counter that changes when another connection commits (for live refresh).
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Read access for queries that live in this module's files.
    /// A handle another thread may use to stop this connection's running query (the console
    /// stops a read whose answer it no longer wants).
    pub fn interrupt_handle(&self) -> rusqlite::InterruptHandle {
        self.conn.get_interrupt_handle()
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Run `f` in one `BEGIN IMMEDIATE` transaction: the write lock is taken up front so a
    /// check-then-act cannot be overtaken by another console, and a busy database is waited for
    /// (busy_timeout) instead of failing.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Writer<'_>) -> Result<T>) -> Result<T> {
        self.write_then(true, f)
    }

    /// `write_then` for a bulk load (`bulk`): for its length SQLite's temporary files, the sorts
    /// that build the indexes set aside, go to a file rather than memory. Those sorts hold a
    /// table's index keys (codes, urgency, ids), never a donor's details; in memory they took a
    /// million-need import past 300 MB.
    pub(crate) fn bulk_write_then<T>(
        &mut self,
        commit: bool,
        f: impl FnOnce(&Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        self.conn.execute_batch("PRAGMA temp_store=FILE")?;
        let out = self.write_then(commit, f);
        let back = self.conn.execute_batch("PRAGMA temp_store=MEMORY");
        let out = out?;
        back?;
        Ok(out)
    }

    /// Like `write`, but rolls back instead of committing when `commit` is false (dry runs:
    /// every check runs against the real data, nothing is kept).
    pub(crate) fn write_then<T>(
        &mut self,
        commit: bool,
        f: impl FnOnce(&Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now = self
            .clock
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let writer = Writer {
            tx: &tx,
            actor: &self.actor,
            operator: &self.operator,
            now,
            today: self.clock.today(),
        };
        let value = f(&writer)?;
        if commit {
            tx.commit()?;
        }
        Ok(value)
    }
}

/// The handle a write transaction works through: the transaction, who, and when.
pub(crate) struct Writer<'a> {
    pub tx: &'a rusqlite::Transaction<'a>,
    pub actor: &'a access::Actor,
    pub operator: &'a str,
    pub now: String,
    pub today: chrono::NaiveDate,
}

/// Pragmas and migrations for a fresh connection.
fn prepare(conn: &mut Connection, on_disk: bool) -> Result<()> {
    // WAL lets readers go on while one console writes; FULL makes a committed offer survive a
    // power cut, which on a hotline matters more than the fsync per commit.
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    if on_disk && !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::invalid(
            "journal_mode",
            format!("could not switch to WAL (got {mode})"),
        ));
    }
    // secure_delete from the first write on: bytes freed by any delete, update or page split
    // are zeroed, so a forgotten donor leaves no remnant in free space.
    conn.execute_batch(
        "PRAGMA synchronous=FULL;
         PRAGMA foreign_keys=ON;
         PRAGMA secure_delete=ON;
         PRAGMA temp_store=MEMORY;
         PRAGMA cache_size=-32000;",
    )?;
    if migrations().to_latest(conn).is_err() {
        // Several consoles opening a new (or just upgraded) database at once race to migrate
        // it and the loser's transaction fails. Wait until the winner has committed (taking
        // the write lock waits out its transaction), then finish whatever is still missing.
        conn.execute_batch("BEGIN IMMEDIATE; COMMIT;")?;
        migrations().to_latest(conn)?;
    }
    Ok(())
}

/// The connection settings a reader needs (nothing here writes to the file).
fn read_setup(conn: &Connection, full_phones: &Arc<AtomicBool>) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_prepared_statement_cache_capacity(64);
    filter::register(conn)?;
    access::register(conn, full_phones.clone())?;
    conn.execute_batch(
        "PRAGMA synchronous=FULL;
         PRAGMA foreign_keys=ON;
         PRAGMA temp_store=MEMORY;
         PRAGMA cache_size=-32000;
         PRAGMA query_only=ON;",
    )?;
    // Reading the schema proves the file is a database we can read (WAL index included).
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    Ok(())
}

/// Whether this process may create files next to `path` (a -shm or -wal).
fn dir_writable(path: &Path) -> bool {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes()) else {
        return false;
    };
    // SAFETY: a valid NUL-terminated path; access() reads nothing else.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

/// A path as the path part of a SQLite `file:` URI (absolute, percent-encoded).
fn uri_path(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    abs.as_os_str()
        .as_encoded_bytes()
        .iter()
        .map(|&b| match b {
            b'/' | b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// Create the database file with mode 0600 if it does not exist, so personal data is never
/// readable by other users, even for a moment. SQLite gives -wal and -shm the same mode.
fn create_private(path: &Path) -> Result<()> {
    if path.exists() {
        return Ok(());
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(source) => Err(StoreError::Io {
            path: path.display().to_string(),
            source,
        }),
    }
}

/// Resolve typed location text into a `Location` (empty text: unknown location).
pub fn resolve_location(text: Option<&str>) -> Result<Location, PlaceError> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(Location::default());
    };
    // No place name is this long: say so without echoing a whole paste back.
    let limit = crate::domain::limits::LOCATION.max_chars;
    if text.chars().count() > limit {
        let head: String = text.chars().take(40).collect();
        return Err(PlaceError::NotFound(format!("{head}…")));
    }
    let gaz = Gazetteer::builtin();
    let place = gaz.resolve(text)?;
    Ok(location_of(place, Some(text.to_string())))
}

/// The `Location` of a resolved place.
pub fn location_of(place: &Place, text: Option<String>) -> Location {
    Location {
        text: text.or_else(|| Some(place.name.clone())),
        code: Some(place.code.clone()),
        settlement: place.settlement.clone(),
        hromada: place.hromada.clone(),
        raion: place.raion.clone(),
        oblast: place.oblast.clone(),
    }
}
