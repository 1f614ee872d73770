//! The Dashboard: counts, the operator's calls today, the callback queue, recent calls.

use crate::catalogue::fold::inert;
use crate::i18n::fill;
use crate::tui::app::{App, status_label};
use crate::tui::theme;
use crate::tui::views::cut;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let c = app.c();
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let mut lines = Vec::new();
    match app.dashboard.data.as_ref().map(|d| &d.stats) {
        Some(st) => {
            let mut rows: Vec<(String, String)> = vec![
                (c.d_orgs.to_string(), st.organisations.to_string()),
                (
                    c.d_needs.to_string(),
                    fill(c.d_of_open, &[&st.needs, &st.needs_open]),
                ),
                (c.d_fulfilled.to_string(), st.needs_fulfilled.to_string()),
                (c.d_donors.to_string(), st.donors.to_string()),
                (
                    c.d_offers.to_string(),
                    fill(c.d_of_open, &[&st.offers, &st.offers_open]),
                ),
                (c.d_matches.to_string(), st.matches.to_string()),
            ];
            for (k, v) in [
                ("proposed", st.matches_proposed),
                ("confirmed", st.matches_confirmed),
                ("handed_over", st.matches_handed_over),
                ("declined", st.matches_declined),
                ("cancelled", st.matches_cancelled),
            ] {
                rows.push((format!("  {}", status_label(k, c)), v.to_string()));
            }
            // The label column is as wide as the longest label (at most 24), so the figures fit
            // at 80 columns; a figure still too long is cut with "…", never silently.
            let inner = left.width.saturating_sub(2) as usize;
            let label_w = rows
                .iter()
                .map(|(l, _)| l.chars().count() + 1)
                .max()
                .unwrap_or(0)
                .min(24);
            for (label, v) in rows {
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("{:<label_w$}", crate::tui::views::cut(&label, label_w)),
                        theme::label(),
                    ),
                    Span::raw(crate::tui::views::cut(&v, inner.saturating_sub(label_w))),
                ]));
            }
        }
        None => lines.push(Line::styled(c.loading, theme::dim())),
    }
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(c.d_registry, theme::title())),
        ),
        left,
    );
    let width = right.width.saturating_sub(2) as usize;
    let mut lines = vec![
        Line::raw(fill(
            c.d_calls_today,
            &[&app
                .dashboard
                .data
                .as_ref()
                .map(|d| d.calls_today)
                .unwrap_or(0)],
        )),
        Line::raw(fill(c.callbacks_due, &[&app.call.callbacks.len()])),
        Line::raw(""),
        Line::styled(c.d_recent, theme::title()),
    ];
    for call in app.dashboard.data.iter().flat_map(|d| &d.recent_calls) {
        lines.push(Line::raw(cut(
            &format!(
                "{} {} {} {}",
                app.local_time(call.ended_at),
                inert(&call.operator),
                outcome_label(call.outcome.as_str(), c),
                call.donor_name.as_deref().map(inert).unwrap_or_default()
            ),
            width,
        )));
    }
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(c.d_calls, theme::title())),
        ),
        right,
    );
}

fn outcome_label(o: &str, c: &crate::i18n::ConsoleStrings) -> &'static str {
    match o {
        "offer_logged" => c.outcome_logged,
        "nothing_to_offer" => c.outcome_nothing,
        "call_back" => c.outcome_callback,
        _ => c.outcome_wrong,
    }
}
