//! Pure views: `render(&App, &mut Frame)` draws everything from the state, nothing else.

use super::action::Action;
use super::app::{App, MIN_SIZE, Tab};
use super::keymap::{self, Ctx, key_label};
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
        Tab::Call => super::call::view::render(app, frame, body),
        Tab::Dashboard => super::dashboard::view::render(app, frame, body),
        Tab::Needs => super::registry::view::render_needs(app, frame, body),
        Tab::Orgs => super::registry::view::render_orgs(app, frame, body),
        t => super::lists::view::render(app, frame, body, t),
    }
    render_hints(app, frame, hints);
    render_status(app, frame, status);
    super::registry::view::render_modal(app, frame, body);
    if let Some(ov) = &app.overlay {
        super::overlay::view::render(app, ov, frame, body);
    }
}

fn render_tabs(app: &App, frame: &mut Frame, area: Rect) {
    let c = app.c();
    let mut spans = Vec::new();
    for t in app.tabs() {
        let style = if t == app.tab {
            theme::tab_active()
        } else {
            theme::tab()
        };
        let key = keymap::label_of(
            &app.keymap,
            Ctx::Global,
            |a| matches!(a, Action::GoTab(x) if *x == t),
        )
        .unwrap_or_default();
        spans.push(Span::styled(format!("{key} {}", t.title(c)), style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The keys that work here, from the keymap: (key, what it does), the focused part's first,
/// then the tab keys, then the global ones.
pub fn hints(app: &App) -> Vec<(String, String)> {
    let c = app.c();
    let mut out: Vec<(String, String)> = Vec::new();
    let ctxs = app.contexts();
    for ctx in &ctxs {
        if *ctx == Ctx::Global && !ctxs.iter().any(|c| matches!(c, Ctx::Dialog | Ctx::Help)) {
            let tab = |t: Tab| {
                keymap::label_of(
                    &app.keymap,
                    Ctx::Global,
                    |a| matches!(a, Action::GoTab(x) if *x == t),
                )
            };
            let shown = app.tabs();
            if let (Some(first), Some(last)) = (
                shown.first().and_then(|t| tab(*t)),
                shown.last().and_then(|t| tab(*t)),
            ) {
                out.push((format!("{first}-{last}"), c.k_tabs.to_string()));
            }
        }
        for b in app.keymap.iter().filter(|b| b.ctx == *ctx && b.footer) {
            // A list with one order has nothing to sort: the key is not offered there.
            if matches!(b.action, Action::Sort) && crate::tui::lists::orders(app.tab).len() < 2 {
                continue;
            }
            let key = key_label(b.code, b.mods);
            if out.iter().any(|(k, _)| *k == key) {
                continue;
            }
            out.push((key, (b.help)(c).to_string()));
        }
    }
    out
}

/// The hints as spans, for tests and the footer.
pub fn hint_spans(app: &App) -> Vec<Span<'static>> {
    hints(app)
        .into_iter()
        .flat_map(|(k, h)| [Span::styled(k, theme::key()), Span::raw(format!(" {h}  "))])
        .collect()
}

fn render_hints(app: &App, frame: &mut Frame, area: Rect) {
    let all = hints(app);
    // Whole hints only, never cut. If the focused part's keys do not all fit, each says only
    // the first word of what it does; the global keys (tabs, help, quit) are always kept.
    let globals: Vec<String> = app
        .keymap
        .iter()
        .filter(|b| b.ctx == Ctx::Global)
        .map(|b| key_label(b.code, b.mods))
        .collect();
    let global: Vec<bool> = all
        .iter()
        .map(|(k, _)| globals.contains(k) || (k.starts_with('F') && k.contains('-')))
        .collect();
    let short = |h: &str| {
        h.split_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches([':', ',', ';'])
            .to_string()
    };
    let width = |k: &str, h: &str| k.chars().count() + h.chars().count() + 3;
    let full: usize = all.iter().map(|(k, h)| width(k, h)).sum();
    let compact = full > area.width as usize;
    // Compact: the tab keys are on the tab bar already, so their range hint goes.
    let (all, global): (Vec<_>, Vec<_>) = all
        .into_iter()
        .zip(global)
        .filter(|((k, _), _)| !(compact && k.starts_with('F') && k.contains('-')))
        .unzip();
    let text: Vec<String> = all
        .iter()
        .zip(&global)
        .map(|((_, h), g)| if compact && !g { short(h) } else { h.clone() })
        .collect();
    let reserved: usize = all
        .iter()
        .zip(&global)
        .zip(&text)
        .filter(|((_, g), _)| **g)
        .map(|(((k, _), _), h)| width(k, h))
        .sum();
    let mut room = (area.width as usize).saturating_sub(reserved);
    let mut shown = Vec::new();
    for (i, (k, _)) in all.iter().enumerate() {
        let w = width(k, &text[i]);
        let keep = global[i] || w <= room;
        if !global[i] {
            room = room.saturating_sub(w);
        }
        if keep {
            shown.push(Span::styled(k.clone(), theme::key()));
            shown.push(Span::raw(format!(" {}  ", text[i])));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(shown)), area);
}

fn render_status(app: &App, frame: &mut Frame, area: Rect) {
    let c = app.c();
    let operator = crate::catalogue::fold::inert(&app.who());
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
    // A message the operator must read whole comes first: the status gives way to it, down to
    // the login and the time, then the time alone.
    let time: String = app.clock_text().chars().skip(11).collect();
    let login = crate::catalogue::fold::inert(&app.store.actor().login);
    let said = app.message.as_ref().map_or(0, |m| m.text.chars().count());
    let fits = |r: &str| said + r.chars().count() <= area.width as usize;
    let right = [right, format!(" {login} │ {time} "), format!(" {time} ")]
        .into_iter()
        .find(|r| fits(r))
        .unwrap_or_else(|| format!(" {time} "));
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
