//! Colours and styles in one place (few colours: they must read on any SSH terminal).

use ratatui::style::{Color, Modifier, Style};

pub fn tab_active() -> Style {
    Style::default()
        .fg(Color::Black)
        .bg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}
pub fn tab() -> Style {
    Style::default().fg(Color::Gray)
}
pub fn title() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}
pub fn focus() -> Style {
    Style::default().fg(Color::Black).bg(Color::Yellow)
}
pub fn selected() -> Style {
    Style::default()
        .fg(Color::Black)
        .bg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}
pub fn label() -> Style {
    Style::default().fg(Color::Cyan)
}
pub fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}
pub fn key() -> Style {
    Style::default()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD)
}
pub fn error() -> Style {
    Style::default()
        .fg(Color::White)
        .bg(Color::Red)
        .add_modifier(Modifier::BOLD)
}
pub fn info() -> Style {
    Style::default().fg(Color::Green)
}
pub fn urgent() -> Style {
    Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
}
pub fn border_focus() -> Style {
    Style::default().fg(Color::Yellow)
}
