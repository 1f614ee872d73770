//! The Ukrainian help: `--help`, `-h`, `aidline help …` and the man page under `--lang uk`.
//!
//! The texts are in data/help_uk.toml, one table per command path ("aidline offer list") with
//! its `about`, `after_help` (the examples) and one line per argument id. [`localise`] applies
//! them to the clap command tree, and replaces clap's own English words by clap's own means: a
//! help template with «Використання:», help headings «Аргументи», «Параметри», «Команди», our
//! own `-h`/`--help` and `-V`/`--version` flags, and `[default: …]`, `[possible values: …]`,
//! `[env: …]` hidden and written into the text in Ukrainian. The tests below fail when a command
//! or an argument has no Ukrainian text, or when the catalogue names one that no longer exists.

use clap::builder::{Resettable, StyledStr};
use clap::{Arg, ArgAction, Command};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The catalogue, compiled in.
const CATALOGUE: &str = include_str!("../../data/help_uk.toml");

/// Headings of clap's help (and sections of the man page).
pub const ARGUMENTS: &str = "Аргументи";
pub const OPTIONS: &str = "Параметри";
pub const COMMANDS: &str = "Команди";
const USAGE: &str = "Використання:";
const SUBCOMMAND_VALUE: &str = "КОМАНДА";

/// One command's texts in the catalogue.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommandText {
    about: String,
    long_about: Option<String>,
    after_help: Option<String>,
    #[serde(default)]
    args: BTreeMap<String, String>,
}

type Catalogue = BTreeMap<String, CommandText>;

fn catalogue() -> Catalogue {
    toml::from_str(CATALOGUE).expect("data/help_uk.toml parses (checked by the tests)")
}

/// The command tree in Ukrainian, ready to parse and print help. The result is built
/// (`Command::build`): clap's `help` subcommands exist only then, and are translated too.
pub fn localise(cmd: Command) -> Command {
    let mut cmd = localise_unbuilt(cmd);
    cmd.build();
    after_build(&mut cmd);
    cmd
}

/// The texts, headings and flags, before clap adds its `help` subcommands.
fn localise_unbuilt(cmd: Command) -> Command {
    let texts = catalogue();
    let name = cmd.get_name().to_string();
    localise_tree(cmd, &name, &texts)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Показати версію")
                .help_heading(OPTIONS)
                .display_order(999),
        )
        .after_long_help(super::long_help_tail(crate::i18n::Lang::Uk))
}

/// The man page's section titles (clap_mangen writes them in English) in Ukrainian.
pub fn man_titles(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    for line in roff.split_inclusive('\n') {
        let Some(title) = line.strip_prefix(".SH ") else {
            out.push_str(line);
            continue;
        };
        let title = title.trim_end().trim_matches('"');
        let uk = match title {
            "NAME" => "НАЗВА".to_string(),
            "SYNOPSIS" => "СИНТАКСИС".to_string(),
            "DESCRIPTION" => "ОПИС".to_string(),
            "OPTIONS" => OPTIONS.to_uppercase(),
            "SUBCOMMANDS" => COMMANDS.to_uppercase(),
            "EXTRA" => "ДОКЛАДНІШЕ".to_string(),
            "VERSION" => "ВЕРСІЯ".to_string(),
            "AUTHORS" => "АВТОРИ".to_string(),
            other => other.to_uppercase(),
        };
        if uk.contains(' ') {
            out.push_str(&format!(".SH \"{uk}\"\n"));
        } else {
            out.push_str(&format!(".SH {uk}\n"));
        }
    }
    out
}

/// One man page of `cmd` in Ukrainian.
fn man_page(cmd: Command) -> std::io::Result<(String, String)> {
    let man = clap_mangen::Man::new(cmd);
    let mut roff = Vec::new();
    man.render(&mut roff)?;
    Ok((
        man.get_filename(),
        man_titles(&String::from_utf8_lossy(&roff)),
    ))
}

/// `aidline man` in Ukrainian: the page of the whole program.
pub fn man(cmd: Command) -> std::io::Result<String> {
    Ok(man_page(localise(cmd))?.1)
}

/// `aidline man --dir` in Ukrainian: the pages `clap_mangen::generate_to` writes, translated.
pub fn man_to(cmd: Command, dir: &std::path::Path) -> std::io::Result<()> {
    fn generate(cmd: &Command, dir: &std::path::Path) -> std::io::Result<()> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            generate(sub, dir)?;
        }
        let (name, page) = man_page(cmd.clone())?;
        std::fs::write(dir.join(name), page)
    }
    let mut cmd = localise_unbuilt(cmd).disable_help_subcommand(true);
    cmd.build();
    after_build(&mut cmd);
    generate(&cmd, dir)
}

fn resettable(text: Option<&String>) -> Resettable<StyledStr> {
    match text {
        Some(t) => Resettable::Value(StyledStr::from(t.clone())),
        None => Resettable::Reset,
    }
}

/// clap's help template with «Використання:» for "Usage:" (styled as clap styles it).
fn template(cmd: Command) -> Command {
    let usage = *cmd.get_styles().get_usage();
    cmd.help_template(format!(
        "{{before-help}}{{about-with-newline}}\n{}{USAGE}{} {{usage}}\n\n{{all-args}}{{after-help}}",
        usage.render(),
        usage.render_reset()
    ))
}

/// Texts, headings and the help flag of `cmd` and everything under it (before `build`).
fn localise_tree(mut cmd: Command, path: &str, texts: &Catalogue) -> Command {
    cmd = template(cmd)
        .subcommand_help_heading(COMMANDS)
        .subcommand_value_name(SUBCOMMAND_VALUE);
    let text = texts.get(path);
    // clap would add "[aliases: …]" in English: the aliases stay (hidden) and are named in
    // Ukrainian after the text.
    let aliases: Vec<String> = cmd.get_visible_aliases().map(|a| a.to_string()).collect();
    if !aliases.is_empty() {
        // clap keeps names as `&'static str` (without its `string` feature): a few bytes, once.
        let hidden = aliases
            .iter()
            .map(|a| -> &'static str { Box::leak(a.clone().into_boxed_str()) });
        cmd = cmd.visible_alias(None).aliases(hidden);
    }
    if let Some(t) = text {
        let about = match aliases.as_slice() {
            [] => t.about.clone(),
            [one] => format!("{} [інша назва: {one}]", t.about),
            more => format!("{} [інші назви: {}]", t.about, more.join(", ")),
        };
        cmd = cmd
            .about(about)
            .long_about(resettable(t.long_about.as_ref()))
            .after_help(resettable(t.after_help.as_ref()));
    }
    let has_long = text.is_some_and(|t| t.long_about.is_some()) || path == cmd.get_name();
    let ids: Vec<String> = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set())
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = text.and_then(|t| t.args.get(&id)).cloned();
        cmd = cmd.mut_arg(&id, |a| localise_arg(a, help));
    }
    let help = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help_heading(OPTIONS)
        // Where clap puts its own: last.
        .display_order(999);
    let help = if has_long {
        help.help("Показати довідку (докладніше — --help)")
            .long_help("Показати довідку (коротко — -h)")
    } else {
        help.help("Показати довідку")
    };
    cmd = cmd.disable_help_flag(true).arg(help);
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        let sub_path = format!("{path} {sub}");
        cmd = cmd.mut_subcommand(&sub, |s| localise_tree(s, &sub_path, texts));
    }
    cmd
}

/// One argument: the Ukrainian text (English stays if the catalogue has none, which the tests
/// forbid), with the defaults, allowed values and environment variable in Ukrainian.
fn localise_arg(arg: Arg, help: Option<String>) -> Arg {
    let mut text = match help {
        Some(h) => h,
        None => arg.get_help().map(|h| h.to_string()).unwrap_or_default(),
    };
    for extra in spec_values(&arg) {
        text.push(' ');
        text.push_str(&extra);
    }
    let heading = if arg.is_positional() {
        ARGUMENTS
    } else {
        OPTIONS
    };
    let takes_values = arg.get_action().takes_values();
    let has_env = arg.get_env().is_some();
    let arg = arg
        .help(text)
        .long_help(None::<&'static str>)
        .help_heading(heading);
    let arg = if takes_values {
        arg.hide_default_value(true).hide_possible_values(true)
    } else {
        arg
    };
    if has_env { arg.hide_env(true) } else { arg }
}

/// What clap appends as `[env: …] [default: …] [possible values: …]`, in Ukrainian.
fn spec_values(arg: &Arg) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(env) = arg.get_env() {
        // The name only: its value here would end up in man pages written by whoever ran it.
        out.push(format!("[змінна середовища: {}]", env.to_string_lossy()));
    }
    if !arg.get_action().takes_values() {
        return out;
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() {
        out.push(format!("[типово: {}]", defaults.join(", ")));
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() && !arg.is_hide_possible_values_set() {
        out.push(format!("[можливі значення: {}]", values.join(", ")));
    }
    out
}

/// After `build`: clap's `help` subcommands, and `[OPTIONS]` in every usage line.
fn after_build(cmd: &mut Command) {
    for sub in cmd.get_subcommands_mut() {
        after_build(sub);
    }
    let mut c = std::mem::take(cmd);
    if c.get_name() == "help" {
        // clap's own, made while building.
        c = template(c)
            .about("Показати цю довідку або довідку вказаних команд")
            .subcommand_help_heading(COMMANDS);
        if c.get_arguments().any(|a| a.get_id() == "subcommand") {
            c = c.mut_arg("subcommand", |a| {
                a.help("Довідка цих команд").help_heading(ARGUMENTS)
            });
        }
    }
    let usage = c.render_usage().ansi().to_string();
    let usage = usage
        .split_once(':')
        .map(|(_, rest)| rest.trim_start_matches("\x1b[0m").trim_start())
        .unwrap_or(&usage)
        .replace("[OPTIONS]", "[ПАРАМЕТРИ]")
        .replace("COMMAND", SUBCOMMAND_VALUE);
    *cmd = c.override_usage(usage);
}

/// clap's own English words and our English headings, none of which may be left in the
/// Ukrainian help (the tests here and tests/help_uk.rs check the help and the man page).
pub const CLAP_ENGLISH: &[&str] = &[
    "Usage:",
    "Options:",
    "Commands:",
    "Arguments:",
    "Print help",
    "Print version",
    "Print this message",
    "[default:",
    "[possible values:",
    "[env:",
    "[alias",
    "[OPTIONS]",
    "<COMMAND>",
    "Examples:",
];

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command path and its visible arguments, as defined (before clap adds `help`).
    fn tree() -> Vec<(String, Vec<String>, Command)> {
        fn walk(cmd: &Command, path: String, out: &mut Vec<(String, Vec<String>, Command)>) {
            let args = cmd
                .get_arguments()
                .filter(|a| !a.is_hide_set())
                .map(|a| a.get_id().to_string())
                .collect();
            out.push((path.clone(), args, cmd.clone()));
            for sub in cmd.get_subcommands() {
                walk(sub, format!("{path} {}", sub.get_name()), out);
            }
        }
        let mut out = Vec::new();
        walk(&crate::cli::Args::command(), "aidline".into(), &mut out);
        out
    }

    fn cyrillic(s: &str) -> bool {
        s.chars()
            .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c)))
    }

    #[test]
    fn every_command_and_argument_has_a_ukrainian_text() {
        let texts = catalogue();
        let mut missing = Vec::new();
        for (path, args, cmd) in tree() {
            let Some(t) = texts.get(&path) else {
                missing.push(path);
                continue;
            };
            if !cyrillic(&t.about) {
                missing.push(format!("{path}: about"));
            }
            if cmd.get_after_help().is_some() && t.after_help.is_none() {
                missing.push(format!("{path}: after_help (examples)"));
            }
            if cmd.get_long_about().is_some() && t.long_about.is_none() {
                missing.push(format!("{path}: long_about"));
            }
            for id in args {
                match t.args.get(&id) {
                    Some(h) if cyrillic(h) => {}
                    _ => missing.push(format!("{path}: --{id}")),
                }
            }
        }
        assert!(missing.is_empty(), "no Ukrainian text for: {missing:#?}");
    }

    #[test]
    fn the_catalogue_names_nothing_that_no_longer_exists() {
        let tree = tree();
        let mut stale = Vec::new();
        for (path, t) in catalogue() {
            let Some((_, args, cmd)) = tree.iter().find(|(p, _, _)| *p == path) else {
                stale.push(path);
                continue;
            };
            for id in t.args.keys() {
                if !args.contains(id) {
                    stale.push(format!("{path}: {id}"));
                }
            }
            if t.after_help.is_some() && cmd.get_after_help().is_none() {
                stale.push(format!("{path}: after_help, which English does not have"));
            }
        }
        assert!(stale.is_empty(), "stale catalogue entries: {stale:#?}");
    }

    /// The examples' command lines are typed: they stay exactly the English ones (only the
    /// comments after `#` and the prose around them are translated).
    #[test]
    fn examples_keep_their_command_lines() {
        let texts = catalogue();
        let command_lines = |s: &str| -> Vec<String> {
            s.lines()
                .filter(|l| l.starts_with("  aidline "))
                .map(|l| l.split(" #").next().unwrap_or(l).trim_end().to_string())
                .collect()
        };
        for (path, _, cmd) in tree() {
            let english = cmd
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            let ukrainian = texts
                .get(&path)
                .and_then(|t| t.after_help.clone())
                .unwrap_or_default();
            assert_eq!(
                command_lines(&ukrainian),
                command_lines(&english),
                "{path}: the examples"
            );
            if english.contains("Examples:") {
                assert!(ukrainian.contains("Приклади:"), "{path}: {ukrainian}");
            }
        }
    }

    fn render(cmd: &mut Command, path: &[&str], long: bool) -> String {
        let mut c = cmd;
        for p in path {
            c = c.find_subcommand_mut(p).expect("a subcommand");
        }
        let out = if long {
            c.render_long_help()
        } else {
            c.render_help()
        };
        out.to_string()
    }

    #[test]
    fn the_localised_help_has_no_english_of_clap_left() {
        let mut cmd = crate::cli::unwrapped(localise(crate::cli::Args::command()));
        let english = CLAP_ENGLISH;
        let mut paths: Vec<Vec<String>> = Vec::new();
        for (path, _, _) in tree() {
            paths.push(path.split(' ').skip(1).map(String::from).collect());
        }
        paths.push(vec!["help".into()]);
        paths.push(vec!["offer".into(), "help".into()]);
        for path in paths {
            let p: Vec<&str> = path.iter().map(String::as_str).collect();
            for long in [false, true] {
                let text = render(&mut cmd, &p, long);
                for e in english {
                    assert!(!text.contains(e), "{p:?} (long {long}) says {e:?}:\n{text}");
                }
                assert!(text.contains("Використання: aidline"), "{p:?}:\n{text}");
            }
        }
        let root = render(&mut cmd, &[], true);
        for phrase in [
            "Команди:",
            "Параметри:",
            "Показати довідку (коротко — -h)",
            "Показати версію",
            "[можливі значення: uk, en]",
            "[змінна середовища: AIDLINE_DB",
            "Коди завершення:",
            "Змінні середовища:",
        ] {
            assert!(root.contains(phrase), "{phrase:?} in:\n{root}");
        }
        let list = render(&mut cmd, &["offer", "list"], false);
        assert!(list.contains("[типово: 100]"), "{list}");
        assert!(list.contains("Список пропозицій"), "{list}");
        let shell = render(&mut cmd, &["completions"], false);
        assert!(shell.contains("Аргументи:"), "{shell}");
        assert!(shell.contains("bash, elvish, fish"), "{shell}");
    }

    /// The same options and arguments, in the same order, as in English.
    #[test]
    fn every_help_lists_what_english_lists_in_its_order() {
        let mut en = crate::cli::unwrapped(crate::cli::Args::command());
        en.build();
        let mut uk = crate::cli::unwrapped(localise(crate::cli::Args::command()));
        let flags = |text: String| -> Vec<String> {
            text.lines()
                .map(str::trim_start)
                .filter(|l| l.starts_with('-') || l.starts_with('<'))
                .map(|l| l.split("  ").next().unwrap_or(l).to_string())
                .collect()
        };
        for (path, _, _) in tree() {
            let p: Vec<&str> = path.split(' ').skip(1).collect();
            let english = flags(render(&mut en, &p, false));
            assert!(!english.is_empty(), "{path}");
            assert_eq!(flags(render(&mut uk, &p, false)), english, "{path}");
        }
    }

    #[test]
    fn english_stays_as_clap_writes_it() {
        let mut cmd = crate::cli::unwrapped(crate::cli::Args::command());
        let help = cmd.render_long_help().to_string();
        assert!(
            help.contains("Usage: aidline [OPTIONS] [COMMAND]"),
            "{help}"
        );
        assert!(help.contains("Options:"), "{help}");
        assert!(!help.contains("Параметри"), "{help}");
    }
}
