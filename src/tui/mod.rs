//! The operator console: terminal setup and restore, signals, the panic hook and the event loop.
//!
//! Elm style: `app` dispatches each [`Action`] to the screen that owns it (`call`, `lists`,
//! `dashboard`, `overlay` — each with its state, update and view), screens queue [`effect`]s
//! instead of touching the database, and the `worker` threads run them. The keymap is data in
//! `keymap`; `views` draws the frame around the screens.

pub mod action;
pub mod app;
pub mod call;
pub mod dashboard;
pub mod desk;
pub mod effect;
pub mod input;
pub mod keymap;
pub mod limits;
pub mod lists;
pub mod overlay;
pub mod registry;
pub mod text;
pub mod theme;
pub mod views;
pub mod worker;

pub use action::Action;
pub use app::{App, update};
pub use views::render;

use crate::domain::Clock;
use crate::i18n::Lang;
use crate::store::Store;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use std::io::{self, Stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How often the clock, the callback queue and `data_version` are looked at.
pub const TICK: Duration = Duration::from_millis(250);

#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("terminal: {0}")]
    Io(#[from] io::Error),
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
}

/// Put the terminal back as it was: cooked mode, main screen, cursor shown. Safe to call twice,
/// and on a terminal that is gone (errors are ignored).
pub fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
}

struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

fn setup_terminal() -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tracing::error!(location = %at, "console stopped by an internal error");
        let logs = crate::logging::log_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_else(|| "(no log directory)".into());
        eprintln!(
            "aidline: the console stopped because of an internal error ({at}). \
             The entry in progress was kept as a draft. The log is in {logs}"
        );
        previous(info);
    }));
}

/// Whether the terminal on stdin has hung up (a dropped SSH session), so the loop stops instead
/// of waiting on a terminal that will never answer.
fn terminal_hung_up() -> bool {
    // SAFETY: isatty and poll on fd 0 with a valid, initialised pollfd and a zero timeout.
    unsafe {
        if libc::isatty(0) != 1 {
            return false;
        }
        let mut fd = libc::pollfd {
            fd: 0,
            events: libc::POLLIN,
            revents: 0,
        };
        libc::poll(&mut fd, 1, 0) > 0
            && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
    }
}

/// Run the console on `store` until the operator quits or the session ends.
/// `settings` (theme, key overrides from the configuration file, already checked) are data for
/// the console to apply.
pub fn run(
    store: Store,
    lang: Lang,
    settings: crate::config::ConsoleSettings,
) -> Result<(), TuiError> {
    run_with(store, lang, settings, None)
}

/// [`run`], opening on the Matches tab narrowed to one organisation (`aidline --org NAME`):
/// `org` is its id and its name as stored.
pub fn run_with(
    store: Store,
    lang: Lang,
    settings: crate::config::ConsoleSettings,
    org: Option<(i64, String)>,
) -> Result<(), TuiError> {
    tracing::debug!(
        key_overrides = settings.keys.len(),
        theme = ?settings.theme,
        "console settings"
    );
    let started = Instant::now();
    // Signals first: a hang-up during start-up must already keep the draft.
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    // The clock and the keymap the console runs with are made here (and only here). The
    // store's clock reads and shows times in the configured zone (storage stays UTC).
    let clock: Arc<dyn Clock> = store.clock_arc();
    let tz = chrono::Offset::fix(clock.local_now().offset());
    let runner = match store.path() {
        Some(p) => Some(worker::Runner::spawn(p, store.operator(), clock.clone())?),
        None => None,
    };
    // NO_COLOR wins over the configured theme (no-color.org).
    theme::set(match (theme::Theme::from_env(), settings.theme) {
        (theme::Theme::Mono, _) | (_, crate::config::Theme::Mono) => theme::Theme::Mono,
        _ => theme::Theme::Colour,
    });
    let mut app = App::new(store, lang, clock, tz);
    // The configuration's `[keys]` overrides: the footer and F1 are generated from this map.
    app.keymap = keymap::with_overrides(keymap::default_keymap(), &settings.keys);
    if let Some(r) = runner {
        app = app.with_runner(r);
    }
    if let Some(org) = org {
        app.preselect_org(org);
    }
    install_panic_hook();
    let mut terminal = setup_terminal()?;
    let _guard = TerminalGuard;
    if let Ok(size) = terminal.size() {
        update(&mut app, Action::Resize(size.width, size.height));
    }
    // Input on its own thread: the loop below never blocks on the terminal, so signals, the
    // clock and the worker's answers are seen even while no key is pressed. It reads the
    // terminal itself (`input`), so a broken UTF-8 sequence loses only itself.
    let (tx, rx) = mpsc::channel::<io::Result<Event>>();
    input::spawn(tx)?;
    let mut last_tick = Instant::now();
    let mut first_frame = true;
    loop {
        if stop.load(Ordering::Relaxed) {
            tracing::info!("signal received: draft kept, console closed");
            app.keep_draft();
            break;
        }
        if app.quit {
            app.keep_draft();
            break;
        }
        app.poll_worker();
        if terminal.draw(|f| render(&app, f)).is_err() {
            tracing::info!("terminal gone: draft kept, console closed");
            app.keep_draft();
            break;
        }
        if first_frame {
            first_frame = false;
            tracing::info!(
                elapsed_ms = started.elapsed().as_millis() as u64,
                "first frame"
            );
        }
        if let Some(l) = app.last_latency.take() {
            tracing::debug!(elapsed_us = l.as_micros() as u64, "suggestions shown");
        }
        app.flush_draft();
        if terminal_hung_up() {
            tracing::info!("terminal hung up: draft kept, console closed");
            app.keep_draft();
            break;
        }
        let timeout = if app.waiting() {
            Duration::from_millis(5)
        } else {
            TICK.saturating_sub(last_tick.elapsed())
        };
        match rx.recv_timeout(timeout) {
            Ok(Ok(ev)) => {
                handle_event(&mut app, ev);
                // Take everything already typed before drawing again.
                while let Ok(next) = rx.try_recv() {
                    match next {
                        Ok(ev) => handle_event(&mut app, ev),
                        Err(_) => {
                            app.quit = true;
                            break;
                        }
                    }
                }
            }
            Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {
                tracing::info!("terminal closed: draft kept, console closed");
                app.keep_draft();
                break;
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
        if last_tick.elapsed() >= TICK {
            last_tick = Instant::now();
            update(&mut app, Action::Tick);
        }
    }
    drop(terminal);
    restore_terminal();
    Ok(())
}

fn handle_event(app: &mut App, ev: Event) {
    match ev {
        Event::Key(k) => app.handle_key(k),
        Event::Paste(s) => update(app, Action::Paste(s)),
        Event::Resize(w, h) => update(app, Action::Resize(w, h)),
        _ => {}
    }
}
