//! Parse arguments, start logging, run the command or the console, map errors to exit codes.

use aidline::cli::{self, Args};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = Args::parse();
    let _log = aidline::logging::init();
    let result = match args.command {
        Some(command) => cli::run(&args.global, command),
        None => aidline::cli::console(&args.global, args.demo),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // Log the kind of failure only: messages can quote what a user typed (a phone, a name).
            tracing::warn!(kind = aidline::logging::error_kind(&err), "command failed");
            eprintln!("error: {}", one_line(&err));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line (an import's row list keeps one row per line).
fn one_line(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}
