//! Offers, Needs, Matches and Organisations: a table of the loaded window with a detail pane.

use super::{Row, columns, orders};
use crate::catalogue::fold::inert;
use crate::i18n::fill;
use crate::tui::app::{App, DETAIL_ROWS, Tab, condition_label, status_label};
use crate::tui::call::need_ref;
use crate::tui::theme;
use crate::tui::views::cut;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row as TRow, Table};

pub fn render(app: &App, frame: &mut Frame, area: Rect, tab: Tab) {
    let Some(list) = app.list(tab) else { return };
    let c = app.c();
    let [filter_area, table_area, detail_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(crate::tui::app::detail_rows(tab) as u16),
    ])
    .areas(area);
    // The filter line.
    let mut spans = if list.filter.text.is_empty() && !list.editing {
        let key = |a: fn(&crate::tui::action::Action) -> bool| {
            crate::tui::keymap::label_of(&app.keymap, crate::tui::keymap::Ctx::List, a)
                .unwrap_or_default()
        };
        let hint = fill(
            c.filter_hint,
            &[
                &key(|a| matches!(a, crate::tui::action::Action::Filter)),
                &key(|a| matches!(a, crate::tui::action::Action::Sort)),
            ],
        );
        vec![Span::styled(hint, theme::dim())]
    } else {
        vec![
            Span::styled("/ ", theme::key()),
            Span::raw(inert(&list.filter.text)),
        ]
    };
    let mut scope_w = 0u16;
    if tab == Tab::Matches {
        // The desk's scope first; with a scope and no text, the hint gives way to it.
        let mut scope = crate::tui::desk::view::scope_spans(app, list);
        if !scope.is_empty() && list.filter.text.is_empty() && !list.editing {
            spans.clear();
        }
        scope_w = scope.iter().map(|s| s.width() as u16).sum();
        scope.append(&mut spans);
        spans = scope;
    }
    let position = match list.total {
        Some(0) => fill(c.row_of, &[&0, &0]),
        Some(t) => fill(c.row_of, &[&(list.sel + 1).min(t), &t]),
        None => fill(c.row_of_many, &[&(list.sel + 1)]),
    };
    let sort = if list.stale {
        // The "still needed?" list has its own order (registry).
        app.lang.registry().order_stale.to_string()
    } else {
        orders(tab)
            .get(list.order)
            .map(|f| f(c).to_string())
            .unwrap_or_default()
    };
    let right = format!("{sort}  {position} ");
    let [fl, fr] = Layout::horizontal([
        Constraint::Min(10),
        Constraint::Length(right.chars().count() as u16),
    ])
    .areas(filter_area);
    frame.render_widget(Paragraph::new(Line::from(spans)), fl);
    frame.render_widget(Paragraph::new(Span::styled(right, theme::dim())), fr);
    if list.editing && app.overlay.is_none() {
        frame.set_cursor_position(Position::new(
            fl.x + scope_w + 2 + list.filter.cursor as u16,
            fl.y,
        ));
    }
    // The table: the page of the window that holds the selection.
    let page = table_area.height.saturating_sub(3).max(1) as usize;
    let local = list.sel.saturating_sub(list.window_start);
    let top = (local / page) * page;
    let cols = columns(tab, c);
    let widths: Vec<Constraint> = cols.iter().map(|k| k.width).collect();
    // The width each column gets, so a cell that does not fit is cut with "…", never silently.
    let inner = Rect::new(0, 0, table_area.width.saturating_sub(2), 1);
    let cells_w: Vec<usize> = Layout::horizontal(widths.clone())
        .flex(ratatui::layout::Flex::Start)
        .spacing(1)
        .split(inner)
        .iter()
        .map(|r| r.width as usize)
        .collect();
    let fit = |cells: Vec<String>| -> Vec<Cell<'static>> {
        cells
            .into_iter()
            .enumerate()
            .map(|(i, t)| Cell::from(cut(&t, cells_w.get(i).copied().unwrap_or(0))))
            .collect()
    };
    let header =
        TRow::new(fit(cols.iter().map(|k| k.title.to_string()).collect())).style(theme::label());
    let rows: Vec<TRow> = list
        .rows
        .iter()
        .enumerate()
        .skip(top)
        .take(page)
        .map(|(i, r)| {
            let (cells, style) = match r {
                Row::Match(m) => (
                    crate::tui::desk::view::cells(app, m),
                    crate::tui::desk::view::row_style(app, m),
                ),
                r => (r.cells(app.lang, app.clock.today()), None),
            };
            let row = TRow::new(fit(cells));
            if i == local {
                row.style(theme::selected())
            } else if let Some(s) = style {
                row.style(s)
            } else if matches!(r, Row::Need(n) if n.is_stale(app.clock.now(), app.clock.today())) {
                // Not reviewed for 14 days or past its date: "still needed?" (registry).
                row.style(theme::urgent())
            } else {
                row
            }
        })
        .collect();
    let title = if let Some(e) = &list.error {
        e.text(c)
    } else if !list.loaded {
        c.loading.to_string()
    } else if list.rows.is_empty() {
        c.empty_list.to_string()
    } else {
        String::new()
    };
    let table = Table::new(rows, widths)
        .flex(ratatui::layout::Flex::Start)
        .header(header)
        .column_spacing(1)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(title, theme::dim())),
        );
    frame.render_widget(table, table_area);
    // The detail pane.
    let width = detail_area.width.saturating_sub(2) as usize;
    let inner_rows = (detail_area.height as usize).saturating_sub(2);
    let lines: Vec<Line> = list
        .selected()
        .map(|r| match r {
            Row::Match(m) => crate::tui::desk::view::detail(app, m, inner_rows),
            r => detail(app, r),
        })
        .unwrap_or_default()
        .into_iter()
        .map(|l| Line::raw(cut(&l, width)))
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(c.detail, theme::title())),
        ),
        detail_area,
    );
}

fn detail(app: &App, row: &Row) -> Vec<String> {
    let c = app.c();
    let s = app.strings();
    let lang = app.lang;
    let today = app.clock.today();
    let opt = |o: &Option<String>| o.as_deref().map(inert).unwrap_or_else(|| "—".into());
    match row {
        Row::Offer(o) => vec![
            format!(
                "{} · {} · {} · {}",
                o.short_ref(),
                inert(&o.item),
                lang.quantity(o.tally.total, o.unit),
                condition_label(o.condition, s)
            ),
            format!(
                "{}: {} · {}: {}",
                c.col_donor,
                opt(&o.donor_name),
                c.col_place,
                opt(&o.location.text)
            ),
            fill(
                c.tally_line,
                &[
                    &o.tally.open(),
                    &o.tally.proposed,
                    &o.tally.confirmed,
                    &o.tally.delivered,
                ],
            ),
            format!(
                "{}: {} · {}: {}",
                c.col_status,
                status_label(o.status(today).as_str(), c),
                c.f_notes,
                opt(&o.notes)
            ),
            format!("{} {}", c.created, app.local_time(o.created_at)),
        ],
        Row::Need(n) => vec![
            format!(
                "{} · {} · {}",
                need_ref(n),
                inert(&n.item),
                inert(&n.organisation)
            ),
            format!(
                "{}: {} · {}: {}{}",
                c.col_place,
                opt(&n.location.text),
                c.col_urgency,
                s.urgency[n.urgency.rank() as usize],
                if n.accepts == crate::domain::Accepts::New {
                    format!(" · {}", s.accepts_new_only)
                } else {
                    String::new()
                }
            ),
            fill(
                c.tally_line,
                &[
                    &n.tally.open(),
                    &n.tally.proposed,
                    &n.tally.confirmed,
                    &n.tally.delivered,
                ],
            ),
            format!(
                "{}: {} · {}: {}",
                c.col_status,
                status_label(n.status(today).as_str(), c),
                c.f_notes,
                opt(&n.notes)
            ),
            format!(
                "{} {}{}{}",
                c.created,
                app.local_time(n.created_at),
                n.needed_by
                    .map(|d| format!(" · {} {d}", c.needed_by))
                    .unwrap_or_default(),
                if n.is_stale(app.clock.now(), today) {
                    format!(" · {}", app.lang.registry().stale_mark)
                } else {
                    String::new()
                }
            ),
        ],
        Row::Org(o) => vec![
            format!("{} · {} · {}", o.short_ref(), inert(&o.name), o.kind),
            format!("{}: {}", c.col_contact, opt(&o.contact)),
            format!("{}: {}", c.f_phone, opt(&o.phone)),
            format!("{}: {}", c.col_place, opt(&o.location.text)),
            format!("{}: {}", c.helps_with, opt(&o.helps_with)),
        ],
        Row::Match(m) => crate::tui::desk::view::detail(app, m, DETAIL_ROWS - 2),
    }
}
