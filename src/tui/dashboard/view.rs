//! The Dashboard's three pages. At 80x24 each fits the body (21 rows); a page that is longer
//! (many operators, long lists) scrolls with ↑↓.
//!
//! 1. the shift: today and 7 days by outcome, offers, matches; open needs by category (a bar
//!    chart of the catalogue's top categories); offers per day over 14 days (a sparkline);
//!    the counts of what needs someone.
//! 2. operators: the same figures per operator, today and 7 days.
//! 3. needs attention: the most urgent open needs, stale needs, matches waiting on
//!    organisations, callbacks scheduled with their times.

use super::PAGES;
use crate::catalogue::Catalogue;
use crate::catalogue::fold::inert;
use crate::domain::Need;
use crate::i18n::{ConsoleStrings, Lang, fill};
use crate::store::{DayReport, OperatorDay, ShiftFigures};
use crate::tui::app::App;
use crate::tui::theme;
use crate::tui::views::cut;
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph, Sparkline};
use std::collections::BTreeMap;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let c = app.c();
    let page = app.dashboard.page.min(PAGES - 1);
    let title = fill(
        c.shift.ds_title,
        &[&(page + 1), &PAGES, &c.shift.ds_pages[page]],
    );
    let block = Block::default()
        .borders(Borders::TOP)
        .title(Span::styled(title, theme::title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(d) = app.dashboard.data.as_ref() else {
        frame.render_widget(Paragraph::new(Line::styled(c.loading, theme::dim())), inner);
        return;
    };
    let f = &d.figures;
    match page {
        // A tall terminal shows what needs attention under the shift's figures.
        0 if inner.height >= 34 => {
            let [top, bottom] =
                Layout::vertical([Constraint::Length(19), Constraint::Min(0)]).areas(inner);
            shift_page(app, f, d.calls_today, frame, top);
            attention_page(app, f, frame, bottom);
        }
        0 => shift_page(app, f, d.calls_today, frame, inner),
        1 => operators_page(app, f, frame, inner),
        _ => attention_page(app, f, frame, inner),
    }
}

fn calls_total(r: &DayReport) -> i64 {
    r.calls.values().sum()
}

fn outcome_label(o: &str, c: &ConsoleStrings) -> &'static str {
    match o {
        "offer_logged" => c.outcome_logged,
        "nothing_to_offer" => c.outcome_nothing,
        "call_back" => c.outcome_callback,
        _ => c.outcome_wrong,
    }
}

/// A table row: the label, then right-aligned figures in columns of `col` characters.
fn row(label: &str, label_w: usize, figures: &[String], col: usize) -> Line<'static> {
    let mut spans = vec![Span::styled(
        format!("{:<label_w$}", cut(label, label_w)),
        theme::label(),
    )];
    for v in figures {
        spans.push(Span::raw(format!("{:>col$}", cut(v, col))));
    }
    Line::from(spans)
}

fn shift_page(app: &App, f: &ShiftFigures, mine: i64, frame: &mut Frame, area: Rect) {
    let c = app.c();
    let s = &c.shift;
    let [left, right] =
        Layout::horizontal([Constraint::Length(40), Constraint::Min(30)]).areas(area);
    // Today and 7 days, side by side.
    let (t, w) = (&f.today, &f.week);
    let width = left.width.saturating_sub(2) as usize;
    let col = 8usize;
    let label_w = width.saturating_sub(2 * col);
    let mut lines = vec![row(
        "",
        label_w,
        &[s.ds_today.to_string(), s.ds_week.to_string()],
        col,
    )];
    lines.push(row(
        s.ds_calls,
        label_w,
        &[calls_total(t).to_string(), calls_total(w).to_string()],
        col,
    ));
    for o in [
        "offer_logged",
        "nothing_to_offer",
        "call_back",
        "wrong_number",
    ] {
        let n = |r: &DayReport| r.calls.get(o).copied().unwrap_or(0).to_string();
        lines.push(row(
            &format!("  {}", outcome_label(o, c)),
            label_w,
            &[n(t), n(w)],
            col,
        ));
    }
    for (label, a, b) in [
        (s.ds_offers, t.offers_logged, w.offers_logged),
        (s.ds_proposed, t.matches_proposed, w.matches_proposed),
        (s.ds_confirmed, t.matches_confirmed, w.matches_confirmed),
        (s.ds_handed, t.matches_handed_over, w.matches_handed_over),
    ] {
        lines.push(row(label, label_w, &[a.to_string(), b.to_string()], col));
    }
    lines.push(Line::raw(cut(&fill(c.d_calls_today, &[&mine]), width)));
    let [table, attention] = Layout::vertical([
        Constraint::Length(lines.len() as u16 + 2),
        Constraint::Min(0),
    ])
    .areas(left);
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL)),
        table,
    );
    let attention_lines: Vec<Line> = [
        fill(s.ds_stale, &[&f.stale_count]),
        fill(s.ds_waiting, &[&f.waiting, &f.waiting_long]),
        fill(s.ds_callbacks, &[&f.callbacks.len()]),
    ]
    .into_iter()
    .map(Line::raw)
    .collect();
    frame.render_widget(
        Paragraph::new(attention_lines)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .scroll((app.dashboard.scroll, 0)),
        attention.inner(ratatui::layout::Margin::new(1, 0)),
    );
    // Open needs by category; offers per day.
    let [chart, spark] = Layout::vertical([Constraint::Min(5), Constraint::Length(4)]).areas(right);
    category_chart(app, f, frame, chart);
    let values: Vec<u64> = f
        .offers_per_day
        .iter()
        .map(|(_, n)| (*n).max(0) as u64)
        .collect();
    let most = values.iter().copied().max().unwrap_or(0);
    let today = values.last().copied().unwrap_or(0);
    frame.render_widget(
        Sparkline::default()
            .data(&values)
            .style(theme::info())
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(Span::styled(
                        cut(s.ds_spark, spark.width.saturating_sub(2) as usize),
                        theme::title(),
                    ))
                    .title_bottom(Span::styled(
                        fill(s.ds_spark_figures, &[&today, &most]),
                        theme::dim(),
                    )),
            ),
        spark,
    );
}

/// The open needs by category, summed to the catalogue's top categories, largest first: a
/// horizontal bar chart (its label, its bar, its figure), as many as fit.
fn category_chart(app: &App, f: &ShiftFigures, frame: &mut Frame, area: Rect) {
    let c = app.c();
    let cat = Catalogue::builtin();
    let mut top: BTreeMap<String, u64> = BTreeMap::new();
    for (code, n) in &f.today.open_needs_by_category {
        let root = code.split('.').next().unwrap_or(code);
        let name = match cat.get(root) {
            Some(k) => match app.lang {
                Lang::Uk => k.name_uk.clone(),
                Lang::En => k.name_en.clone(),
            },
            None => "?".to_string(),
        };
        *top.entry(name).or_default() += (*n).max(0) as u64;
    }
    let mut bars: Vec<(String, u64)> = top.into_iter().collect();
    bars.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let room = area.height.saturating_sub(2) as usize;
    bars.truncate(room);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(c.shift.ds_by_category, theme::title()));
    if bars.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(c.shift.ds_none, theme::dim())).block(block),
            area,
        );
        return;
    }
    let label_w = (area.width as usize / 3).clamp(6, 16);
    let data: Vec<Bar> = bars
        .iter()
        .map(|(name, n)| {
            Bar::default()
                .label(Line::raw(cut(name, label_w)))
                .value(*n)
                .text_value(n.to_string())
        })
        .collect();
    frame.render_widget(
        BarChart::default()
            .block(block)
            .direction(Direction::Horizontal)
            .bar_width(1)
            .bar_gap(0)
            .bar_style(theme::info())
            .value_style(theme::selected())
            .data(BarGroup::default().bars(&data)),
        area,
    );
}

fn operators_page(app: &App, f: &ShiftFigures, frame: &mut Frame, area: Rect) {
    let s = &app.c().shift;
    let mut ops: Vec<&String> = f
        .week
        .per_operator
        .keys()
        .chain(f.today.per_operator.keys())
        .collect();
    ops.sort();
    ops.dedup();
    let figures = |d: Option<&OperatorDay>| -> Vec<String> {
        let d = d.cloned().unwrap_or_default();
        vec![
            d.calls.values().sum::<i64>().to_string(),
            d.offers_logged.to_string(),
            d.matches_proposed.to_string(),
            d.matches_confirmed.to_string(),
            d.matches_handed_over.to_string(),
        ]
    };
    let width = area.width as usize;
    // Name, then today's five figures, then the week's: 5 columns of 5 each side.
    let col = 5usize;
    let name_w = width.saturating_sub(10 * col + 3).clamp(8, 24);
    let heads: Vec<String> = s.ds_op_columns.split(' ').map(str::to_string).collect();
    let head = |title: &str| {
        let mut spans = vec![Span::styled(
            format!("{:<name_w$}", cut(title, name_w)),
            theme::title(),
        )];
        for part in [s.ds_today, s.ds_week] {
            spans.push(Span::styled(
                format!(" {:<w$}", cut(part, 5 * col), w = 5 * col),
                theme::title(),
            ));
        }
        Line::from(spans)
    };
    let mut lines = vec![head(s.ds_operator)];
    let mut sub = vec![Span::raw(" ".repeat(name_w))];
    for _ in 0..2 {
        sub.push(Span::raw(" "));
        for h in &heads {
            sub.push(Span::styled(
                format!("{:>col$}", cut(h, col - 1)),
                theme::dim(),
            ));
        }
    }
    lines.push(Line::from(sub));
    if ops.is_empty() {
        lines.push(Line::styled(s.ds_none, theme::dim()));
    }
    for op in ops {
        let mut spans = vec![Span::styled(
            format!("{:<name_w$}", cut(&inert(op), name_w)),
            theme::label(),
        )];
        for d in [f.today.per_operator.get(op), f.week.per_operator.get(op)] {
            spans.push(Span::raw(" "));
            for v in figures(d) {
                spans.push(Span::raw(format!("{:>col$}", cut(&v, col))));
            }
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(
        Paragraph::new(lines).scroll((app.dashboard.scroll, 0)),
        area,
    );
}

fn need_line(app: &App, n: &Need, width: usize) -> Line<'static> {
    let s = app.strings();
    let by = n
        .needed_by
        .map(|d| {
            format!(
                " · {}",
                fill(app.c().shift.ds_needed_by, &[&d.format("%d.%m")])
            )
        })
        .unwrap_or_default();
    let text = format!(
        "  {} {} · {} {}{by} · {}",
        n.short_ref(),
        s.urgency[n.urgency.rank() as usize],
        inert(&n.item),
        app.lang.quantity(n.tally.open(), n.unit),
        inert(&n.organisation)
    );
    Line::raw(cut(&text, width))
}

fn attention_page(app: &App, f: &ShiftFigures, frame: &mut Frame, area: Rect) {
    let s = &app.c().shift;
    let width = area.width as usize;
    let heading = |t: String| Line::styled(cut(&t, width), theme::title());
    let mut lines = vec![heading(s.ds_urgent.to_string())];
    if f.urgent.is_empty() {
        lines.push(Line::styled(format!("  {}", s.ds_none), theme::dim()));
    }
    lines.extend(f.urgent.iter().take(5).map(|n| need_line(app, n, width)));
    lines.push(heading(fill(s.ds_stale, &[&f.stale_count])));
    lines.extend(f.stale.iter().take(5).map(|n| need_line(app, n, width)));
    lines.push(heading(fill(s.ds_waiting, &[&f.waiting, &f.waiting_long])));
    lines.push(heading(fill(s.ds_callbacks, &[&f.callbacks.len()])));
    for cb in &f.callbacks {
        let at = cb
            .call
            .callback_at
            .map(|t| app.local_time(t))
            .unwrap_or_default();
        lines.push(Line::raw(cut(
            &format!(
                "  {at:>11} {} · {}",
                inert(&cb.call.operator),
                crate::tui::call::callback_label(cb)
            ),
            width,
        )));
    }
    frame.render_widget(
        Paragraph::new(lines).scroll((app.dashboard.scroll, 0)),
        area,
    );
}
