//! Colours and styles in one place (few colours: they must read on any SSH terminal). Focus,
//! selection and the active tab are reverse video and bold, so they show without colour too;
//! the `mono` theme (chosen by `NO_COLOR`, or by name) drops colour altogether.

use ratatui::style::{Color, Modifier, Style};
use std::sync::atomic::{AtomicBool, Ordering};

static MONO: AtomicBool = AtomicBool::new(false);

/// The themes there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Colour,
    Mono,
}

impl Theme {
    /// By name (`colour`/`color`, `mono`), for a configuration file.
    pub fn parse(name: &str) -> Option<Theme> {
        match name.trim().to_ascii_lowercase().as_str() {
            "colour" | "color" | "default" => Some(Theme::Colour),
            "mono" | "none" => Some(Theme::Mono),
            _ => None,
        }
    }

    /// `mono` when `NO_COLOR` is set to anything non-empty (no-color.org), else colour.
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::Mono,
            _ => Theme::Colour,
        }
    }
}

/// Use this theme from now on.
pub fn set(theme: Theme) {
    MONO.store(theme == Theme::Mono, Ordering::Relaxed);
}

fn mono() -> bool {
    MONO.load(Ordering::Relaxed)
}

fn fg(c: Color) -> Style {
    if mono() {
        Style::default()
    } else {
        Style::default().fg(c)
    }
}

const MARK: Modifier = Modifier::REVERSED.union(Modifier::BOLD);

pub fn tab_active() -> Style {
    fg(Color::Cyan).add_modifier(MARK)
}
pub fn tab() -> Style {
    fg(Color::Gray)
}
pub fn title() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}
pub fn focus() -> Style {
    fg(Color::Yellow).add_modifier(MARK)
}
pub fn selected() -> Style {
    fg(Color::Cyan).add_modifier(MARK)
}
pub fn label() -> Style {
    fg(Color::Cyan)
}
pub fn dim() -> Style {
    if mono() {
        Style::default()
    } else {
        Style::default().fg(Color::DarkGray)
    }
}
pub fn key() -> Style {
    fg(Color::Yellow).add_modifier(Modifier::BOLD)
}
pub fn error() -> Style {
    if mono() {
        Style::default().add_modifier(MARK)
    } else {
        Style::default()
            .fg(Color::White)
            .bg(Color::Red)
            .add_modifier(Modifier::BOLD)
    }
}
pub fn info() -> Style {
    fg(Color::Green)
}
pub fn urgent() -> Style {
    fg(Color::Red).add_modifier(Modifier::BOLD)
}
pub fn border_focus() -> Style {
    fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn focus_and_selection_show_without_colour() {
        set(Theme::Mono);
        for s in [focus(), selected(), tab_active()] {
            assert!(s.fg.is_none() && s.bg.is_none());
            assert!(s.add_modifier.contains(Modifier::REVERSED));
        }
        assert_ne!(tab(), tab_active());
        set(Theme::Colour);
        assert!(selected().add_modifier.contains(Modifier::REVERSED));
        assert_eq!(Theme::parse("Mono"), Some(Theme::Mono));
        assert_eq!(Theme::parse("sepia"), None);
    }
}
