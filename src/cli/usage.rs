//! Command-line usage errors in the user's language. clap writes its own errors in English; under
//! Ukrainian they are mapped here to one line of our own, from the error's kind and context (the
//! option, the value, the allowed values), with a pointer to the command's `--help` (which is
//! Ukrainian too: cli/help_uk.rs).

use crate::i18n::Lang;
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The language for an error met before the arguments could be parsed: `--lang` among the raw
/// arguments, else AIDLINE_LANG, else the configuration files, else the locale.
pub fn lang_of_raw_args(args: &[String]) -> Lang {
    // The last `--NAME VALUE` or `--NAME=VALUE` among the arguments.
    let flag = |name: &str| {
        let mut given = None;
        let with_eq = format!("{name}=");
        for (i, a) in args.iter().enumerate() {
            let value = match a.strip_prefix(&with_eq) {
                Some(v) => Some(v),
                None if a == name => args.get(i + 1).map(String::as_str),
                None => None,
            };
            if let Some(v) = value {
                given = Some(v.to_string());
            }
        }
        given
    };
    let given = flag("--lang");
    // The user's configuration file as `--config` or AIDLINE_CONFIG names it, else the default.
    let config = flag("--config")
        .or_else(|| std::env::var("AIDLINE_CONFIG").ok())
        .map(std::path::PathBuf::from);
    let parse = |v: &str| match v.trim().to_lowercase().as_str() {
        "uk" => Some(Lang::Uk),
        "en" => Some(Lang::En),
        _ => None,
    };
    given
        .as_deref()
        .and_then(parse)
        .or_else(|| {
            std::env::var("AIDLINE_LANG")
                .ok()
                .as_deref()
                .and_then(parse)
        })
        .or_else(|| {
            crate::config::load(config.as_deref())
                .ok()
                .and_then(|c| c.lang)
        })
        .unwrap_or_else(Lang::from_env)
}

/// One line for a usage error in `lang` (English keeps clap's own text, first line only).
pub fn usage_error(e: &clap::Error, lang: Lang) -> String {
    let get = |k: ContextKind| e.get(k).map(value_text);
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let valid = get(ContextKind::ValidValue);
    let suggested = get(ContextKind::SuggestedArg)
        .or_else(|| get(ContextKind::SuggestedSubcommand))
        .map(|s| format!("; можливо, {s}?"))
        .unwrap_or_default();
    let help = help_pointer(e);
    let english = || {
        let text = e.to_string();
        let first = text.lines().next().unwrap_or_default();
        first.strip_prefix("error: ").unwrap_or(first).to_string()
    };
    if lang == Lang::En {
        return format!("{}{help}", english());
    }
    let text = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("{arg}: потрібне значення")
        }
        ErrorKind::InvalidValue => match valid {
            Some(v) => format!("{arg}: '{value}' — недопустиме значення; можливі: {v}"),
            None => format!("{arg}: '{value}' — недопустиме значення"),
        },
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| crate::i18n::messages::localise(&s.to_string(), lang).into_owned())
                .map(|s| format!(": {s}"))
                .unwrap_or_default();
            format!("{arg}: '{value}' — недопустиме значення{why}")
        }
        ErrorKind::UnknownArgument => format!("невідомий параметр '{arg}'{suggested}"),
        ErrorKind::InvalidSubcommand => {
            let cmd = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("невідома команда '{cmd}'{suggested}")
        }
        ErrorKind::MissingRequiredArgument => {
            format!("бракує обов'язкового параметра: {arg}")
        }
        ErrorKind::MissingSubcommand => "потрібна команда".to_string(),
        ErrorKind::ArgumentConflict => {
            let prior = get(ContextKind::PriorArg).unwrap_or_default();
            if prior.is_empty() || prior == arg {
                format!("{arg} вказано більше одного разу")
            } else {
                format!("{arg} не можна поєднувати з {prior}")
            }
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("{arg}: неправильна кількість значень ('{value}')")
        }
        ErrorKind::NoEquals => format!("{arg}: значення пишуть через «=»"),
        _ => english(),
    };
    format!("{text}{}", help_pointer_uk(e))
}

fn value_text(v: &ContextValue) -> String {
    match v {
        ContextValue::Strings(list) => list.join(", "),
        other => other.to_string(),
    }
}

/// `aidline offer add` from the error's usage line, if it has one.
fn command_path(e: &clap::Error) -> Option<String> {
    let usage = e.get(ContextKind::Usage)?.to_string();
    let usage = usage.trim().strip_prefix("Usage:").unwrap_or(&usage).trim();
    let words: Vec<&str> = usage
        .split_whitespace()
        .take_while(|w| !w.starts_with(['[', '<', '-']))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn help_pointer(e: &clap::Error) -> String {
    command_path(e)
        .map(|c| format!(" (see `{c} --help`)"))
        .unwrap_or_default()
}

fn help_pointer_uk(e: &clap::Error) -> String {
    command_path(e)
        .map(|c| format!(" (див. `{c} --help`)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Args;
    use clap::Parser;

    fn uk(args: &[&str]) -> String {
        let e = Args::try_parse_from(args).expect_err("a usage error");
        usage_error(&e, Lang::Uk)
    }

    #[test]
    fn usage_errors_speak_ukrainian_on_one_line() {
        let cases = [
            (
                vec!["aidline", "offer", "list", "--status", "відкрита"],
                "--status",
            ),
            (vec!["aidline", "offer", "lst"], "lst"),
            (vec!["aidline", "--colour", "x", "stats"], "--colour"),
            (
                vec!["aidline", "offer", "add", "--phone", "0671234567"],
                "--item",
            ),
            (vec!["aidline", "offer", "list", "--limit", "0"], "--limit"),
            (vec!["aidline", "--lang", "fr", "stats"], "--lang"),
        ];
        for (args, names) in cases {
            let line = uk(&args);
            assert!(!line.contains('\n'), "{args:?}: {line}");
            assert!(line.contains(names), "{args:?}: {line}");
            assert!(
                line.chars().any(|c| ('а'..='я').contains(&c)),
                "{args:?} is not Ukrainian: {line}"
            );
            for english in ["invalid value", "unexpected argument", "required", "error:"] {
                assert!(!line.contains(english), "{args:?}: {line}");
            }
        }
        assert!(uk(&["aidline", "offer", "lst"]).contains("aidline offer --help"));
        assert!(uk(&["aidline", "--lang", "fr", "stats"]).contains("можливі: uk, en"));
    }

    #[test]
    fn the_language_is_found_among_the_raw_arguments() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            lang_of_raw_args(&args(&["aidline", "--lang", "uk", "x"])),
            Lang::Uk
        );
        assert_eq!(
            lang_of_raw_args(&args(&["aidline", "--lang=en", "--lang=uk"])),
            Lang::Uk
        );
        assert_eq!(
            lang_of_raw_args(&args(&["aidline", "--lang", "uk", "--lang", "en"])),
            Lang::En
        );
    }
}
