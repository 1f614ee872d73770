//! Dialogs: help (generated from the keymap), questions, small inputs.

use crate::i18n::fill;
use crate::tui::app::App;
use crate::tui::keymap::{Ctx, key_label};
use crate::tui::overlay::Overlay;
use crate::tui::theme;
use crate::tui::views::cut;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn ctx_title(ctx: Ctx, c: &crate::i18n::ConsoleStrings) -> &'static str {
    match ctx {
        Ctx::Global => c.h_global,
        Ctx::Form => c.h_form,
        Ctx::Candidates => c.h_candidates,
        Ctx::List => c.h_list,
        Ctx::Filter => c.h_filter,
        Ctx::Dialog => c.h_dialog,
        Ctx::Help => c.h_help,
        Ctx::Split => c.split_title,
        Ctx::Desk => c.desk.h_desk,
        Ctx::Dashboard => c.shift.h_dashboard,
        Ctx::Needs => crate::i18n::registry_of(c).h_needs,
        Ctx::Orgs => crate::i18n::registry_of(c).h_orgs,
        Ctx::NeedForm => crate::i18n::registry_of(c).h_form,
    }
}

/// The help text: every binding of the keymap, grouped by where it works.
pub fn help_lines(app: &App) -> Vec<Line<'static>> {
    let c = app.c();
    let mut lines = Vec::new();
    for ctx in Ctx::ORDER {
        lines.push(Line::styled(ctx_title(ctx, c), theme::title()));
        let mut seen: Vec<(String, &str)> = Vec::new();
        for b in app.keymap.iter().filter(|b| b.ctx == ctx) {
            let key = key_label(b.code, b.mods);
            let help = (b.help)(c);
            // Keys with the same meaning share a line: "↑ / k".
            if let Some(e) = seen.iter_mut().find(|(_, h)| *h == help) {
                e.0 = format!("{} / {key}", e.0);
                continue;
            }
            seen.push((key, help));
        }
        for (key, help) in seen {
            lines.push(Line::from(vec![
                Span::styled(format!("  {key:<16}"), theme::key()),
                Span::raw(help.to_string()),
            ]));
        }
    }
    lines
}

pub fn render(app: &App, overlay: &Overlay, frame: &mut Frame, body: Rect) {
    let c = app.c();
    match overlay {
        Overlay::Help { scroll } => {
            let area = centered(body, body.width.saturating_sub(8).min(76), body.height);
            frame.render_widget(Clear, area);
            let lines = help_lines(app);
            let max = (lines.len() as u16).saturating_sub(area.height.saturating_sub(2));
            frame.render_widget(
                Paragraph::new(lines).scroll(((*scroll).min(max), 0)).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .border_style(theme::border_focus())
                        .title(Span::styled(c.help_title, theme::title())),
                ),
                area,
            );
        }
        Overlay::ConfirmQuit => question(frame, body, c.quit_title, c.quit_unsaved),
        Overlay::RestoreDraft(d, at) => {
            let text = format!(
                "{}\n\n{}",
                fill(c.draft_found, &[&app.local_time(*at)]),
                draft_summary(d)
            );
            question(frame, body, c.draft_title, &text)
        }
        Overlay::DiscardDraft(d, at) => {
            let text = fill(c.draft_discard, &[&app.local_time(*at), &draft_summary(d)]);
            boxed(frame, body, c.draft_title, &text, 10);
        }
        Overlay::Outcome => {
            let release = if app.call.taken.is_some() {
                format!("\n4  {}", c.shift.k_release_callback)
            } else {
                String::new()
            };
            let text = format!(
                "{}\n\n1  {}\n2  {}\n3  {}{release}\n\nEsc  {}",
                c.outcome_question,
                c.outcome_nothing,
                c.outcome_callback,
                c.outcome_wrong,
                c.k_cancel
            );
            boxed(frame, body, c.outcome_title, &text, 12);
        }
        Overlay::Desk(p) => crate::tui::desk::view::render_prompt(app, p, frame, body),
        Overlay::Callbacks { sel } => callbacks(app, *sel, frame, body),
        Overlay::Rematch { sel } => rematch(app, *sel, frame, body),
        Overlay::ConfirmWithdraw {
            reference, label, ..
        } => question(
            frame,
            body,
            c.shift.wd_title,
            &fill(c.shift.wd_question, &[reference, &cut(label, 40)]),
        ),
        Overlay::CallbackTime(input) | Overlay::EditQuantity(input) => {
            let (title, prompt) = if matches!(overlay, Overlay::EditQuantity(_)) {
                (c.qty_title, c.qty_prompt)
            } else {
                (c.callback_title, c.callback_prompt)
            };
            let area = boxed(
                frame,
                body,
                title,
                &format!("{prompt}\n\n> {}", input.text),
                7,
            );
            frame.set_cursor_position(Position::new(area.x + 3 + input.cursor as u16, area.y + 3));
        }
    }
}

/// A kept entry in one line: what was typed, as inert text.
fn draft_summary(d: &crate::tui::call::DraftData) -> String {
    let what = [
        d.phone.as_str(),
        d.name.as_str(),
        d.item.as_str(),
        d.quantity.as_str(),
    ]
    .iter()
    .filter(|s| !s.trim().is_empty())
    .map(|s| crate::catalogue::fold::inert(s))
    .collect::<Vec<_>>()
    .join(" · ");
    cut(&what, 56)
}

fn question(frame: &mut Frame, body: Rect, title: &str, text: &str) {
    boxed(frame, body, title, &format!("{text}\n\n[y] / [n]"), 9);
}

fn boxed(frame: &mut Frame, body: Rect, title: &str, text: &str, h: u16) -> Rect {
    let area = centered(body, 60, h);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(text.to_string())
            .wrap(Wrap { trim: false })
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme::border_focus())
                    .title(Span::styled(title.to_string(), theme::title())),
            ),
        area,
    );
    area
}

/// A list in a box over the screen: the chosen row in reverse video, kept in view.
fn list_box(
    frame: &mut Frame,
    body: Rect,
    title: &str,
    rows: Vec<(String, bool)>,
    sel: Option<usize>,
    hint: &str,
) {
    let area = centered(body, body.width.saturating_sub(4).min(76), body.height);
    frame.render_widget(Clear, area);
    let width = area.width.saturating_sub(2) as usize;
    let room = (area.height as usize).saturating_sub(3).max(1);
    let top = sel.map_or(0, |s| (s + 1).saturating_sub(room));
    let mut lines: Vec<Line> = rows
        .into_iter()
        .enumerate()
        .skip(top)
        .take(room)
        .map(|(i, (text, heading))| {
            let style = if Some(i) == sel {
                theme::selected()
            } else if heading {
                theme::title()
            } else {
                ratatui::style::Style::default()
            };
            Line::styled(cut(&text, width), style)
        })
        .collect();
    lines.push(Line::styled(cut(hint, width), theme::dim()));
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme::border_focus())
                .title(Span::styled(title.to_string(), theme::title())),
        ),
        area,
    );
}

fn callbacks(app: &App, sel: usize, frame: &mut Frame, body: Rect) {
    let c = app.c();
    let line = |cb: &crate::store::Callback| {
        format!(
            "{:>11} {} {}",
            cb.call
                .callback_at
                .map(|t| app.local_time(t))
                .unwrap_or_default(),
            crate::catalogue::fold::inert(cb.call.phone.as_deref().unwrap_or("—")),
            crate::tui::call::callback_label(cb)
        )
    };
    let mut rows: Vec<(String, bool)> = app
        .call
        .callbacks
        .iter()
        .map(|cb| (line(cb), false))
        .collect();
    let chosen = (!rows.is_empty()).then_some(sel.min(rows.len().saturating_sub(1)));
    if rows.is_empty() {
        rows.push((c.shift.cb_none.to_string(), false));
    }
    rows.insert(0, (c.shift.cb_due.to_string(), true));
    if !app.call.scheduled.is_empty() {
        rows.push((String::new(), false));
        rows.push((c.shift.cb_scheduled.to_string(), true));
        rows.extend(app.call.scheduled.iter().map(|cb| (line(cb), false)));
    }
    list_box(
        frame,
        body,
        c.shift.cb_title,
        rows,
        chosen.map(|s| s + 1),
        c.shift.cb_hint,
    );
}

fn rematch(app: &App, sel: usize, frame: &mut Frame, body: Rect) {
    let c = app.c();
    let mut rows: Vec<(String, bool)> = app
        .call
        .rematch
        .iter()
        .map(|r| {
            let o = &r.offer;
            let why = r
                .reason
                .as_deref()
                .map(crate::catalogue::fold::inert)
                .unwrap_or_else(|| c.shift.rm_no_reason.to_string());
            (
                format!(
                    "{} {} {} · {} {}",
                    o.short_ref(),
                    crate::catalogue::fold::inert(&o.item),
                    app.lang.quantity(o.tally.open(), o.unit),
                    crate::domain::Ref::new(crate::domain::RefKind::Match, r.match_id),
                    why
                ),
                false,
            )
        })
        .collect();
    let chosen = (!rows.is_empty()).then_some(sel.min(rows.len().saturating_sub(1)));
    if rows.is_empty() {
        rows.push((c.shift.rm_none.to_string(), false));
    }
    list_box(frame, body, c.shift.rm_title, rows, chosen, c.shift.rm_hint);
}
