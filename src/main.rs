//! Parse arguments, read the configuration, start logging, run the command or the console, map
//! errors to exit codes (see `aidline --help` and `cli::exit`).

use aidline::cli;
use aidline::cli::exit::{Exit, classify};
use std::process::ExitCode;

fn main() -> ExitCode {
    // Under an SSH key's forced command, what the person typed is the command (as themself).
    let argv: Vec<String> = std::env::args().collect();
    let typed = std::env::var("SSH_ORIGINAL_COMMAND").ok();
    let parsed = match cli::access::forced_command_args(&argv, typed.as_deref()) {
        Some(Ok(forced)) => cli::parse_from(forced),
        Some(Err(message)) => {
            eprintln!("error: {message}");
            return ExitCode::from(Exit::Usage as u8);
        }
        None => cli::parse_from(std::env::args_os()),
    };
    let mut args = match parsed {
        Ok(args) => args,
        Err(e) => return usage_failed(e),
    };
    if args.command.is_some() {
        // A command's output piped into `head` ends quietly when the reader goes away, like any
        // Unix tool, instead of panicking on the broken pipe. (The console keeps the default:
        // it writes to its terminal and saves the draft on hang-up.)
        // SAFETY: setting a signal disposition before any thread starts.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    if args.global.quiet && args.command.is_some() {
        // --quiet: nothing on standard output, whichever command prints it; errors and
        // warnings still go to standard error.
        quiet_stdout();
    }
    let lang_before_config = args.global.lang();
    if let Err(err) = args.global.load_config() {
        return fail(&err, lang_before_config);
    }
    let _log = aidline::logging::init();
    let lang = args.global.lang();
    let result = match args.command {
        Some(_) if args.org.is_some() => Err(cli::org_with_command(lang)),
        Some(command) => cli::run(&args.global, command),
        None => cli::console(&args.global, args.demo, args.org.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(&err, lang),
    }
}

fn fail(err: &anyhow::Error, lang: aidline::i18n::Lang) -> ExitCode {
    let (exit, reason) = classify(err);
    // Log the kind of failure only: messages can quote what a user typed (a phone, a name).
    tracing::warn!(
        kind = aidline::logging::error_kind(err),
        reason,
        code = exit as u8,
        "command failed"
    );
    let text = cli::output::error_text(err, lang);
    if std::env::args().any(|a| a == "--json") {
        // A script asked for JSON: the error too, with a stable code beside the text.
        let value = serde_json::json!({
            "error": { "code": reason, "exit": exit as u8, "message": text }
        });
        eprintln!("{value}");
    } else {
        eprintln!("{}: {text}", lang.tr("error", "помилка"));
    }
    debug_assert_ne!(exit, Exit::Ok);
    ExitCode::from(exit as u8)
}

/// A usage error: help and version as clap prints them; an error in the user's language on one
/// line (English keeps clap's own text), exit code 2.
fn usage_failed(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit();
    }
    let raw: Vec<String> = std::env::args().collect();
    let lang = aidline::cli::usage::lang_of_raw_args(&raw);
    if lang == aidline::i18n::Lang::En && !raw.iter().any(|a| a == "--json") {
        e.exit();
    }
    let text = aidline::cli::usage::usage_error(&e, lang);
    if raw.iter().any(|a| a == "--json") {
        let value = serde_json::json!({
            "error": { "code": "usage", "exit": Exit::Usage as u8, "message": text }
        });
        eprintln!("{value}");
    } else {
        eprintln!("{}: {text}", lang.tr("error", "помилка"));
    }
    ExitCode::from(Exit::Usage as u8)
}

/// Point standard output at /dev/null.
fn quiet_stdout() {
    use std::os::fd::AsRawFd;
    if let Ok(null) = std::fs::OpenOptions::new().write(true).open("/dev/null") {
        // SAFETY: dup2 onto fd 1 before anything is printed; `null` stays open until then.
        unsafe {
            libc::dup2(null.as_raw_fd(), libc::STDOUT_FILENO);
        }
    }
}
