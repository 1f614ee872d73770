//! The desk's parts of the Matches tab: columns and cells (with the age and the waiting flag),
//! the detail (donor's name, phone and place, history), the scope on the filter line, and the
//! prompts.

use super::{Prompt, PromptKind, age, waiting};
use crate::catalogue::fold::inert;
use crate::i18n::{Case, fill};
use crate::store::{MatchEvent, MatchView};
use crate::tui::app::{App, status_label};
use crate::tui::call::need_ref;
use crate::tui::lists::{Column, ListState};
use crate::tui::theme;
use crate::tui::views::cut;
use ratatui::Frame;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// Lines of the Matches detail pane (with its borders): more than the other lists, for the
/// donor and the history.
pub const DETAIL_ROWS: usize = 10;

/// The Matches columns.
pub fn columns(c: &crate::i18n::ConsoleStrings) -> Vec<Column> {
    use Constraint::{Length, Percentage};
    vec![
        Column {
            title: c.col_ref,
            width: Length(7),
        },
        Column {
            title: c.col_status,
            width: Length(13),
        },
        Column {
            title: c.desk.col_age,
            width: Length(8),
        },
        Column {
            title: c.col_quantity,
            width: Length(9),
        },
        Column {
            title: c.col_item,
            width: Percentage(27),
        },
        Column {
            title: c.col_org,
            width: Percentage(27),
        },
        Column {
            title: c.col_need,
            width: Length(8),
        },
    ]
}

/// A Matches row's cells; a match waiting 3+ days is marked «!» before its age.
pub fn cells(app: &App, m: &MatchView) -> Vec<String> {
    let c = app.c();
    let now = app.clock.now();
    let mut a = age(c.desk, m.matched.created_at, now);
    if waiting(&m.matched, now) {
        a = format!("! {a}");
    }
    vec![
        m.matched.short_ref().to_string(),
        status_label(m.matched.status.as_str(), c),
        a,
        app.lang.quantity(m.matched.quantity, m.offer.unit),
        inert(&m.offer.item),
        inert(&m.need.organisation),
        m.need.short_ref().to_string(),
    ]
}

/// The style of a row that is not selected: waiting 3+ days stands out.
pub fn row_style(app: &App, m: &MatchView) -> Option<Style> {
    waiting(&m.matched, app.clock.now()).then(theme::urgent)
}

fn history_line(app: &App, m: &MatchView, e: &MatchEvent) -> String {
    let c = app.c();
    let qty = |n: Option<i64>| {
        n.map(|n| app.lang.quantity(n, m.offer.unit))
            .unwrap_or_default()
    };
    let what = match e.action.as_str() {
        "propose" => fill(c.desk.h_propose, &[&qty(e.quantity)]),
        "propose_more" => fill(c.desk.h_propose_more, &[&qty(e.quantity)]),
        "handed_over" => match (e.quantity, e.quantity_before) {
            (Some(n), Some(b)) if n < b => format!(
                "{} {}",
                status_label("handed_over", c),
                // «1 з 2 пар»: after «з», the genitive.
                fill(
                    c.desk.h_part,
                    &[&n, &app.lang.quantity_in(b, m.offer.unit, Case::Genitive)]
                )
            ),
            _ => format!("{} {}", status_label("handed_over", c), qty(e.quantity)),
        },
        other => status_label(other, c),
    };
    let reason = e
        .reason
        .as_deref()
        .map(|r| format!(" — {}", inert(r)))
        .unwrap_or_default();
    format!(
        "  {} {} · {what}{reason}",
        app.local_time(e.at),
        inert(&e.operator)
    )
}

/// The Matches detail: refs, item, quantity, status and age; the donor's name, phone and place;
/// the need; the history (its newest lines that fit).
pub fn detail(app: &App, m: &MatchView, rows: usize) -> Vec<String> {
    let c = app.c();
    let d = c.desk;
    let opt = |o: &Option<String>| o.as_deref().map(inert).unwrap_or_else(|| "—".into());
    let now = app.clock.now();
    let mut lines = vec![
        format!(
            "{} · {} · {} · {}",
            m.matched.short_ref(),
            status_label(m.matched.status.as_str(), c),
            app.lang.quantity(m.matched.quantity, m.offer.unit),
            age(d, m.matched.created_at, now)
        ),
        format!(
            "{} {} · {} · {}: {}",
            c.offer,
            m.offer.short_ref(),
            inert(&m.offer.item),
            c.col_place,
            opt(&m.offer.location.text),
        ),
        format!(
            "{}: {} · {} {}",
            d.donor,
            opt(&m.offer.donor_name),
            d.phone,
            m.offer
                .donor_phone
                .as_ref()
                .map(|p| p.to_string())
                .unwrap_or_else(|| "—".into()),
        ),
        format!(
            "{} {} · {} · {} · {}",
            c.need,
            need_ref(&m.need),
            inert(&m.need.item),
            inert(&m.need.organisation),
            opt(&m.need.location.text)
        ),
    ];
    if waiting(&m.matched, now) {
        lines.push(fill(d.waiting_flag, &[&age(d, m.matched.created_at, now)]));
    }
    lines.push(format!("{}:", d.history));
    let room = rows.saturating_sub(lines.len());
    match &app.desk.history {
        Some((id, _, Ok(events))) if *id == m.matched.id && events.is_empty() => {
            if let Some(last) = lines.last_mut() {
                last.push_str(" —");
            }
        }
        Some((id, _, Ok(events))) if *id == m.matched.id => {
            let skip = events.len().saturating_sub(room);
            lines.extend(events.iter().skip(skip).map(|e| history_line(app, m, e)));
        }
        Some((id, _, Err(f))) if *id == m.matched.id => lines.push(format!("  {}", f.text(c))),
        _ => lines.push(format!("  {}", c.loading)),
    }
    lines
}

/// The scope on the filter line: organisation, status, waiting.
pub fn scope_spans(app: &App, list: &ListState) -> Vec<Span<'static>> {
    let c = app.c();
    let d = c.desk;
    let mut parts = Vec::new();
    if let Some((_, name)) = &list.desk.org {
        parts.push(fill(d.scope_org, &[&inert(name)]));
    }
    if let Some(s) = list.desk.status {
        parts.push(fill(d.scope_status, &[&status_label(s.as_str(), c)]));
    }
    if list.desk.waiting {
        parts.push(d.scope_waiting.to_string());
    }
    if parts.is_empty() {
        return Vec::new();
    }
    vec![Span::styled(
        format!("[{}] ", parts.join(" · ")),
        theme::key(),
    )]
}

/// A desk prompt over the Matches tab.
pub fn render_prompt(app: &App, p: &Prompt, frame: &mut Frame, body: Rect) {
    let d = app.c().desk;
    let r = crate::domain::Ref::new(crate::domain::RefKind::Match, p.id);
    let (title, prompt) = match p.kind {
        PromptKind::Decline => (fill(d.decline_title, &[&r]), d.decline_prompt.to_string()),
        PromptKind::Cancel => (fill(d.cancel_title, &[&r]), d.cancel_prompt.to_string()),
        PromptKind::HandOver => (
            fill(d.handover_title, &[&r]),
            fill(d.handover_prompt, &[&app.lang.quantity(p.proposed, p.unit)]),
        ),
    };
    let w = 64.min(body.width);
    let h = 8.min(body.height);
    let area = Rect::new(
        body.x + (body.width - w) / 2,
        body.y + (body.height - h) / 2,
        w,
        h,
    );
    // The input's tail that fits (a long reason scrolls left).
    let room = (w as usize).saturating_sub(6);
    let text: String = p.input.text.chars().collect();
    let before: usize = p.input.cursor;
    let skip = before.saturating_sub(room);
    let shown: String = text.chars().skip(skip).take(room + 1).collect();
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(format!("{prompt}\n\n> {}", inert(&shown)))
            .wrap(Wrap { trim: false })
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme::border_focus())
                    .title(Span::styled(cut(&title, w as usize - 2), theme::title())),
            ),
        area,
    );
    // The prompt wraps to at most 3 lines at this width; the input sits below it.
    let prompt_lines = textwrap_lines(&prompt, (w as usize).saturating_sub(2));
    let y = area.y + 1 + prompt_lines as u16 + 1;
    if y < area.y + area.height - 1 {
        frame.set_cursor_position(Position::new(area.x + 3 + (before - skip) as u16, y));
    }
}

/// How many lines `text` takes when word-wrapped at `width` (as the Paragraph wraps it).
fn textwrap_lines(text: &str, width: usize) -> usize {
    let mut lines = 1;
    let mut col = 0;
    for word in text.split(' ') {
        let n = word.chars().count();
        if col > 0 && col + 1 + n > width {
            lines += 1;
            col = n;
        } else if col == 0 {
            col = n;
        } else {
            col += 1 + n;
        }
    }
    lines
}
