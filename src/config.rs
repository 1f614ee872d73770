//! The configuration file: `/etc/aidline/config.toml` for the server, then the user's
//! `~/.config/aidline/config.toml`, then the environment, then the command line; each later one
//! wins key by key. A key this program does not know, or a value it cannot use, is an error that
//! names the file and the line: a typo must not be silently ignored on a server.
//!
//! ```toml
//! db = "/var/lib/aidline/aidline.db"
//! timezone = "Europe/Kyiv"
//! lang = "uk"
//! operator = "olena"
//! theme = "default"        # or "mono"
//! [keys]                   # console key overrides: action = "key"
//! save = "ctrl+s"
//! next_call = "f5"
//! ```

use crate::domain::DEFAULT_ZONE;
use crate::i18n::Lang;
use chrono_tz::Tz;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The console's colour themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// A few colours that read on any SSH terminal.
    #[default]
    Default,
    /// No colours (bold and reverse only), for monochrome terminals or NO_COLOR.
    Mono,
}

/// The console actions a key can be bound to in `[keys]`.
pub const BINDABLE_ACTIONS: &[&str] = &[
    "quit",
    "help",
    "cancel",
    "save",
    "next_call",
    "take_callback",
    "edit_quantity",
    "filter",
    "sort",
    "next_field",
    "prev_field",
    "submit",
    "yes",
    "no",
    "tab_call",
    "tab_offers",
    "tab_needs",
    "tab_matches",
    "tab_orgs",
    "tab_dashboard",
];

/// One key override from `[keys]`, parsed and checked, for the console to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOverride {
    /// One of `BINDABLE_ACTIONS`.
    pub action: String,
    pub code: KeyCode,
    pub mods: KeyModifiers,
    /// The key as written in the file, for messages.
    pub text: String,
}

/// What the console needs from the configuration.
#[derive(Debug, Clone, Default)]
pub struct ConsoleSettings {
    pub theme: Theme,
    pub keys: Vec<KeyOverride>,
}

/// The merged configuration files (environment and flags are applied by the CLI on top).
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub db: Option<PathBuf>,
    pub timezone: Option<Tz>,
    pub lang: Option<Lang>,
    pub operator: Option<String>,
    pub theme: Option<Theme>,
    pub keys: Vec<KeyOverride>,
    /// The files that were read, in order.
    pub loaded: Vec<PathBuf>,
}

impl Config {
    /// The zone people read and type times in.
    pub fn zone(&self) -> Tz {
        self.timezone.unwrap_or(DEFAULT_ZONE)
    }
}

/// A configuration file that cannot be used: `file:line: what`.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    db: Option<Spanned<String>>,
    timezone: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
    operator: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    keys: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
}

/// The system file: `$AIDLINE_SYSTEM_CONFIG`, else `/etc/aidline/config.toml`.
pub fn system_file() -> PathBuf {
    std::env::var_os("AIDLINE_SYSTEM_CONFIG")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/etc/aidline/config.toml"))
}

/// The user's file: `$AIDLINE_CONFIG`, else `$XDG_CONFIG_HOME/aidline/config.toml`
/// (`~/.config/aidline/config.toml`).
pub fn user_file() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("AIDLINE_CONFIG").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::BaseDirs::new().map(|d| d.config_dir().join("aidline").join("config.toml"))
}

/// Read the system file, then the user's (`user` overrides the default user file). Missing
/// files are skipped; an explicitly given `user` file must exist.
pub fn load(user: Option<&Path>) -> Result<Config, ConfigError> {
    let mut config = Config::default();
    let system = system_file();
    if system.exists() {
        merge_file(&mut config, &system)?;
    }
    match user {
        Some(p) => merge_file(&mut config, p)?,
        None => {
            if let Some(p) = user_file().filter(|p| p.exists()) {
                merge_file(&mut config, &p)?;
            }
        }
    }
    Ok(config)
}

fn merge_file(config: &mut Config, path: &Path) -> Result<(), ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        file: path.display().to_string(),
        line: 0,
        message: format!("cannot read: {e}"),
    })?;
    merge_text(config, path, &text)?;
    config.loaded.push(path.to_path_buf());
    Ok(())
}

/// Merge one file's text into `config` (later files win key by key).
pub fn merge_text(config: &mut Config, path: &Path, text: &str) -> Result<(), ConfigError> {
    let file = path.display().to_string();
    let at = |span: std::ops::Range<usize>, message: String| ConfigError {
        file: file.clone(),
        line: line_of(text, span.start),
        message,
    };
    let parsed: FileConfig = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
        ConfigError {
            file: file.clone(),
            line,
            message: e.message().trim().to_string(),
        }
    })?;
    if let Some(db) = parsed.db {
        let span = db.span();
        let v = db.into_inner();
        if v.trim().is_empty() {
            return Err(at(span, "db: the path is empty".into()));
        }
        config.db = Some(PathBuf::from(v));
    }
    if let Some(tz) = parsed.timezone {
        let zone = parse_zone(tz.get_ref()).map_err(|m| at(tz.span(), m))?;
        config.timezone = Some(zone);
    }
    if let Some(lang) = parsed.lang {
        let l = parse_lang(lang.get_ref()).map_err(|m| at(lang.span(), m))?;
        config.lang = Some(l);
    }
    if let Some(op) = parsed.operator {
        let v = op.get_ref().trim().to_string();
        if v.is_empty() {
            return Err(at(op.span(), "operator: the name is empty".into()));
        }
        config.operator = Some(v);
    }
    if let Some(theme) = parsed.theme {
        let t = match theme.get_ref().as_str() {
            "default" => Theme::Default,
            "mono" => Theme::Mono,
            other => {
                return Err(at(
                    theme.span(),
                    format!("theme: '{other}' is not a theme (default, mono)"),
                ));
            }
        };
        config.theme = Some(t);
    }
    if let Some(keys) = parsed.keys {
        let mut seen: std::collections::HashMap<(KeyCode, KeyModifiers), String> =
            std::collections::HashMap::new();
        for (action, key) in keys {
            let name = action.get_ref().as_str();
            if !BINDABLE_ACTIONS.contains(&name) {
                return Err(at(
                    action.span(),
                    format!(
                        "keys: '{name}' is not an action (one of: {})",
                        BINDABLE_ACTIONS.join(", ")
                    ),
                ));
            }
            let (code, mods) = parse_key(key.get_ref())
                .map_err(|m| at(key.span(), format!("keys.{name}: {m}")))?;
            if let Some(other) = seen.insert((code, mods), name.to_string()) {
                return Err(at(
                    key.span(),
                    format!(
                        "keys.{name}: '{}' is already bound to {other}",
                        key.get_ref()
                    ),
                ));
            }
            config.keys.retain(|k| k.action != name);
            config.keys.push(KeyOverride {
                action: name.to_string(),
                code,
                mods,
                text: key.get_ref().clone(),
            });
        }
    }
    Ok(())
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// An IANA time zone name such as `Europe/Kyiv` (`Europe/Kiev` is accepted too).
pub fn parse_zone(name: &str) -> Result<Tz, String> {
    name.trim().parse::<Tz>().map_err(|_| {
        format!("timezone: '{name}' is not a time zone name (like Europe/Kyiv, UTC, Europe/Warsaw)")
    })
}

/// `uk` or `en`.
pub fn parse_lang(text: &str) -> Result<Lang, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "uk" | "ua" | "uk_ua" | "uk-ua" => Ok(Lang::Uk),
        "en" => Ok(Lang::En),
        other => Err(format!("lang: '{other}' is not a language (uk, en)")),
    }
}

/// A key as written in `[keys]`: optional `ctrl+`, `alt+`, `shift+` then one character, `f1`–`f12`
/// or a named key (enter, esc, tab, backtab, backspace, delete, insert, home, end, pageup,
/// pagedown, up, down, left, right, space).
pub fn parse_key(text: &str) -> Result<(KeyCode, KeyModifiers), String> {
    let lower = text.trim().to_lowercase();
    if lower.is_empty() {
        return Err("the key is empty".into());
    }
    let mut mods = KeyModifiers::NONE;
    let mut rest = lower.as_str();
    loop {
        let (m, tail) = match rest.split_once(['+', '-']) {
            Some((m, tail)) if !tail.is_empty() => (m, tail),
            _ => break,
        };
        mods |= match m {
            "ctrl" | "control" | "c" => KeyModifiers::CONTROL,
            "alt" | "meta" | "m" => KeyModifiers::ALT,
            "shift" | "s" => KeyModifiers::SHIFT,
            _ => {
                return Err(format!(
                    "'{text}': '{m}' is not a modifier (ctrl, alt, shift)"
                ));
            }
        };
        rest = tail;
    }
    let code = match rest {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "space" => KeyCode::Char(' '),
        f if f.starts_with('f') && f.len() > 1 && f[1..].chars().all(|c| c.is_ascii_digit()) => {
            match f[1..].parse::<u8>() {
                Ok(n @ 1..=12) => KeyCode::F(n),
                _ => return Err(format!("'{text}': function keys are f1 to f12")),
            }
        }
        s if s.chars().count() == 1 => KeyCode::Char(s.chars().next().expect("one char")),
        _ => {
            return Err(format!(
                "'{text}' is not a key (a character, f1-f12, enter, esc, tab, home, end, pageup, pagedown, up, down, left, right, space, with ctrl+/alt+/shift+)"
            ));
        }
    };
    if mods.is_empty() && matches!(code, KeyCode::Char(_)) {
        // A plain letter would be typed into the form's text fields instead.
        return Err(format!(
            "'{text}': a plain character cannot be a console key, add ctrl+ or alt+"
        ));
    }
    Ok((code, mods))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merged(text: &str) -> Result<Config, ConfigError> {
        let mut c = Config::default();
        merge_text(&mut c, Path::new("/etc/aidline/config.toml"), text).map(|()| c)
    }

    #[test]
    fn a_full_file_is_read() {
        let c = merged(
            "db = \"/var/lib/aidline/a.db\"\ntimezone = \"Europe/Kyiv\"\nlang = \"uk\"\noperator = \"Олена\"\ntheme = \"mono\"\n[keys]\nsave = \"ctrl+s\"\nnext_call = \"F5\"\n",
        )
        .unwrap();
        assert_eq!(c.db, Some(PathBuf::from("/var/lib/aidline/a.db")));
        assert_eq!(c.zone(), chrono_tz::Europe::Kyiv);
        assert_eq!(c.lang, Some(Lang::Uk));
        assert_eq!(c.operator.as_deref(), Some("Олена"));
        assert_eq!(c.theme, Some(Theme::Mono));
        assert_eq!(c.keys.len(), 2);
        let save = c.keys.iter().find(|k| k.action == "save").unwrap();
        assert_eq!(
            (save.code, save.mods),
            (KeyCode::Char('s'), KeyModifiers::CONTROL)
        );
        let next = c.keys.iter().find(|k| k.action == "next_call").unwrap();
        assert_eq!(next.code, KeyCode::F(5));
    }

    #[test]
    fn an_unknown_key_names_file_and_line() {
        let err = merged("lang = \"uk\"\n\ndatabase = \"x.db\"\n").unwrap_err();
        assert_eq!(err.file, "/etc/aidline/config.toml");
        assert_eq!(err.line, 3, "{err}");
        assert!(err.to_string().contains("database"), "{err}");
        assert!(
            err.to_string().starts_with("/etc/aidline/config.toml:3: "),
            "{err}"
        );
    }

    #[test]
    fn bad_values_name_their_line() {
        let err = merged("lang = \"uk\"\ntimezone = \"Kyiv\"\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("Kyiv"), "{err}");
        let err = merged("lang = \"de\"\n").unwrap_err();
        assert_eq!(err.line, 1);
        let err = merged("theme = \"dark\"\n").unwrap_err();
        assert!(err.message.contains("default, mono"), "{err}");
        let err = merged("[keys]\nsave = \"ctrl+s\"\nlaunch = \"f2\"\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("launch"), "{err}");
        let err = merged("[keys]\nsave = \"s\"\n").unwrap_err();
        assert!(err.message.contains("plain character"), "{err}");
        let err = merged("[keys]\nsave = \"f13\"\n").unwrap_err();
        assert!(err.message.contains("f1 to f12"), "{err}");
        let err = merged("[keys]\nsave = \"ctrl+s\"\nquit = \"Ctrl+S\"\n").unwrap_err();
        assert!(err.message.contains("already bound to"), "{err}");
        let err = merged("lang = uk\n").unwrap_err();
        assert_eq!(err.line, 1, "a TOML syntax error has its line too: {err}");
    }

    #[test]
    fn later_files_win_key_by_key() {
        let mut c = Config::default();
        merge_text(
            &mut c,
            Path::new("/etc/aidline/config.toml"),
            "db = \"/srv/a.db\"\nlang = \"uk\"\n",
        )
        .unwrap();
        merge_text(
            &mut c,
            Path::new("/home/o/.config/aidline/config.toml"),
            "lang = \"en\"\ntimezone = \"UTC\"\n",
        )
        .unwrap();
        assert_eq!(c.db, Some(PathBuf::from("/srv/a.db")));
        assert_eq!(c.lang, Some(Lang::En));
        assert_eq!(c.zone(), chrono_tz::UTC);
    }

    #[test]
    fn keys_parse() {
        assert_eq!(
            parse_key("Alt+Enter").unwrap(),
            (KeyCode::Enter, KeyModifiers::ALT)
        );
        assert_eq!(
            parse_key("ctrl+shift+x").unwrap(),
            (
                KeyCode::Char('x'),
                KeyModifiers::CONTROL | KeyModifiers::SHIFT
            )
        );
        assert_eq!(parse_key("pgdn").unwrap().0, KeyCode::PageDown);
        assert!(parse_key("hyper+x").is_err());
        assert!(parse_key("ctrl+").is_err());
    }
}
