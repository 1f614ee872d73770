//! Pure views: `render(&App, &mut Frame)` draws everything from the state, nothing else.

mod call;
mod dashboard;
mod lists;
mod overlays;

use super::app::{App, MIN_SIZE, Tab};
use super::keymap::{Ctx, key_label};
use super::theme;
use crate::i18n::fill;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let c = app.c();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        frame.render_widget(Clear, area);
        let text = fill(
            c.too_small,
            &[
                &format!("{}x{}", area.width, area.height),
                &format!("{}x{}", MIN_SIZE.0, MIN_SIZE.1),
            ],
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let [tabs, body, hints, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_tabs(app, frame, tabs);
    match app.tab {
        Tab::Call => call::render(app, frame, body),
        Tab::Dashboard => dashboard::render(app, frame, body),
        t => lists::render(app, frame, body, t),
    }
    render_hints(app, frame, hints);
    render_status(app, frame, status);
    if let Some(ov) = &app.overlay {
        overlays::render(app, ov, frame, body);
    }
}

fn render_tabs(app: &App, frame: &mut Frame, area: Rect) {
    let c = app.c();
    let mut spans = Vec::new();
    for t in Tab::ALL {
        let style = if t == app.tab {
            theme::tab_active()
        } else {
            theme::tab()
        };
        spans.push(Span::styled(format!("{} {}", t.key(), t.title(c)), style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The keys that work here, from the keymap (footer bindings of the current contexts).
pub fn hint_spans(app: &App) -> Vec<Span<'static>> {
    let c = app.c();
    let mut spans = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for ctx in app.contexts() {
        for b in app.keymap.iter().filter(|b| b.ctx == ctx && b.footer) {
            let key = key_label(b.code, b.mods);
            let text = (b.help)(c);
            if seen.contains(&key) {
                continue;
            }
            seen.push(key.clone());
            spans.push(Span::styled(key, theme::key()));
            spans.push(Span::raw(format!(" {text}  ")));
        }
    }
    if !app
        .contexts()
        .iter()
        .any(|c| matches!(c, Ctx::Dialog | Ctx::Help))
    {
        spans.push(Span::styled("F2-F7", theme::key()));
        spans.push(Span::raw(format!(" {}", c.k_tabs)));
    }
    spans
}

fn render_hints(app: &App, frame: &mut Frame, area: Rect) {
    // Whole hints only: stop before the first that does not fit.
    let spans = hint_spans(app);
    let mut used = 0usize;
    let mut shown = Vec::new();
    for pair in spans.chunks(2) {
        let w: usize = pair.iter().map(|s| s.content.chars().count()).sum();
        if used + w.saturating_sub(2) > area.width as usize {
            break;
        }
        used += w;
        shown.extend(pair.iter().cloned());
    }
    frame.render_widget(Paragraph::new(Line::from(shown)), area);
}

fn render_status(app: &App, frame: &mut Frame, area: Rect) {
    let c = app.c();
    let operator = crate::catalogue::fold::inert(app.store.operator());
    let right = if area.width >= 110 {
        format!(
            " {} {operator} │ {} │ {} ",
            c.operator,
            app.clock_text(),
            app.db_label
        )
    } else {
        let time: String = app.clock_text().chars().skip(11).collect();
        format!(" {operator} │ {time} │ {} ", cut(&app.db_label, 16))
    };
    let width = right.chars().count() as u16;
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(width)]).areas(area);
    if let Some(m) = &app.message {
        let style = if m.error {
            theme::error()
        } else {
            theme::info()
        };
        frame.render_widget(
            Paragraph::new(Span::styled(crate::catalogue::fold::inert(&m.text), style)),
            left_area,
        );
    }
    frame.render_widget(
        Paragraph::new(Span::styled(right, theme::dim())),
        right_area,
    );
}

/// Cut `text` to `width` characters, with an ellipsis when cut.
pub fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut s: String = text.chars().take(width - 1).collect();
    s.push('…');
    s
}
