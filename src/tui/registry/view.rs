//! The registry screens: the Needs list with the open offers that fit the selected need, the
//! need form and the questions over it, and the Organisations directory.

use super::{F_CONDITION, F_URGENCY, NeedDialog, NeedForm};
use crate::catalogue::fold::inert;
use crate::i18n::fill;
use crate::tui::app::{App, Tab, typed_unit};
use crate::tui::theme;
use crate::tui::views::cut;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Rows of the fitting-offers box under the Needs list.
const FITTING_ROWS: u16 = 6;

fn boxed(title: String) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme::title()))
}

/// The Needs tab: the list (its filter, table and detail), then the offers that fit.
pub fn render_needs(app: &App, frame: &mut Frame, area: Rect) {
    let r = app.lang.registry();
    let stale = app.list(Tab::Needs).is_some_and(|l| l.stale);
    let [head, list_area, fit_area] = Layout::vertical([
        Constraint::Length(u16::from(stale)),
        Constraint::Min(12),
        Constraint::Length(FITTING_ROWS),
    ])
    .areas(area);
    if stale {
        frame.render_widget(
            Paragraph::new(Span::styled(
                cut(r.stale_title, head.width as usize),
                theme::urgent(),
            )),
            head,
        );
    }
    crate::tui::lists::view::render(app, frame, list_area, Tab::Needs);
    let reg = &app.registry;
    let width = fit_area.width.saturating_sub(2) as usize;
    let lines: Vec<Line> = if let Some(e) = &reg.fitting_error {
        vec![Line::styled(cut(&e.text(app.c()), width), theme::error())]
    } else if reg.fitting_for.is_none() {
        Vec::new()
    } else if reg.fitting_loading {
        vec![Line::styled(app.c().loading, theme::dim())]
    } else if reg.fitting.is_empty() {
        vec![Line::styled(r.fitting_none, theme::dim())]
    } else {
        reg.fitting
            .iter()
            .take(FITTING_ROWS as usize - 2)
            .map(|c| Line::raw(cut(&offer_line(app, c), width)))
            .collect()
    };
    frame.render_widget(
        Paragraph::new(lines).block(boxed(r.fitting.into())),
        fit_area,
    );
}

fn offer_line(app: &App, c: &crate::matching::Candidate<crate::domain::Offer>) -> String {
    let o = &c.record;
    let reasons: Vec<String> = c.reasons.iter().take(2).map(|x| x.text(app.lang)).collect();
    format!(
        "{} {} {} · {} · {}",
        o.short_ref(),
        inert(&o.item),
        app.lang.quantity(o.tally.open(), o.unit),
        o.location
            .text
            .as_deref()
            .map(inert)
            .unwrap_or_else(|| "—".into()),
        reasons.join("; ")
    )
}

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

/// The form or a question over the Needs tab.
pub fn render_modal(app: &App, frame: &mut Frame, body: Rect) {
    if app.tab != Tab::Needs {
        return;
    }
    if let Some(form) = &app.registry.form {
        render_form(app, form, frame, body);
    } else if let Some(d) = &app.registry.dialog {
        render_dialog(app, d, frame, body);
    }
}

fn render_form(app: &App, form: &NeedForm, frame: &mut Frame, body: Rect) {
    let r = app.lang.registry();
    let s = app.strings();
    let area = centered(body, 76, 19);
    frame.render_widget(Clear, area);
    let title = match &form.editing {
        Some(n) => fill(r.form_edit, &[&crate::tui::call::need_ref(n)]),
        None => r.form_add.to_string(),
    };
    let inner = boxed(title).inner(area);
    frame.render_widget(
        boxed(match &form.editing {
            Some(n) => fill(r.form_edit, &[&n.short_ref()]),
            None => r.form_add.to_string(),
        }),
        area,
    );
    let label_w = 14usize;
    let value_w = (inner.width as usize).saturating_sub(label_w + 1);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor = None;
    for (i, label) in r.fields.iter().enumerate() {
        let focused = i == form.focus;
        let bad = form.error.as_ref().and_then(|e| e.0) == Some(i);
        let label_style = if bad {
            theme::error()
        } else if focused {
            theme::focus()
        } else {
            theme::label()
        };
        let value = match i {
            F_URGENCY => format!("‹ {} ›", s.urgency[form.urgency.rank() as usize]),
            F_CONDITION => format!(
                "‹ {} ›",
                match form.accepts {
                    crate::domain::Accepts::New => s.accepts_new_only,
                    crate::domain::Accepts::Any => r.accepts_any,
                }
            ),
            _ => inert(&form.inputs[i].text),
        };
        let mut spans = vec![
            Span::styled(format!("{:<label_w$} ", cut(label, label_w)), label_style),
            Span::raw(cut(&value, value_w)),
        ];
        if focused && NeedForm::is_choice(i) {
            spans.push(Span::styled(format!("  {}", r.choice_hint), theme::dim()));
        }
        if focused && !NeedForm::is_choice(i) {
            cursor = Some(Position::new(
                inner.x + label_w as u16 + 1 + form.inputs[i].cursor.min(value_w) as u16,
                inner.y + lines.len() as u16,
            ));
        }
        lines.push(Line::from(spans));
        if focused && !form.popup.is_empty() {
            for (k, (label, _)) in form.popup.iter().enumerate() {
                let style = if form.popup_sel == Some(k) {
                    theme::selected()
                } else {
                    theme::dim()
                };
                lines.push(Line::styled(
                    format!("{:label_w$}  {}", "", cut(label, value_w.saturating_sub(1))),
                    style,
                ));
            }
        }
    }
    lines.push(Line::raw(""));
    if form.saving {
        lines.push(Line::styled(r.saving, theme::dim()));
    } else if let Some((_, e)) = &form.error {
        lines.push(Line::styled(cut(e, inner.width as usize), theme::error()));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(p) = cursor
        && p.y < inner.y + inner.height
    {
        frame.set_cursor_position(p);
    }
}

fn render_dialog(app: &App, d: &NeedDialog, frame: &mut Frame, body: Rect) {
    let r = app.lang.registry();
    let c = app.c();
    let (title, lines, height): (String, Vec<Line>, u16) = match d {
        NeedDialog::Close(n) => (
            fill(r.close_title, &[&n.short_ref()]),
            vec![
                Line::raw(cut(&need_summary(app, n), 60)),
                Line::raw(""),
                Line::raw(r.close_fulfilled),
                Line::raw(r.close_not_needed),
            ],
            6,
        ),
        NeedDialog::Review(n) => (
            fill(r.review_title, &[&n.short_ref()]),
            vec![
                Line::raw(cut(&need_summary(app, n), 60)),
                Line::raw(""),
                Line::raw(r.review_still),
                Line::raw(r.close_fulfilled.replacen('1', "2", 1)),
                Line::raw(r.close_not_needed.replacen('2', "3", 1)),
            ],
            7,
        ),
        NeedDialog::HowMany(n, input) => (
            fill(r.review_title, &[&n.short_ref()]),
            vec![
                Line::raw(cut(&need_summary(app, n), 60)),
                Line::raw(r.review_how_many),
                Line::from(vec![
                    Span::styled("> ", theme::key()),
                    Span::raw(input.text.clone()),
                    Span::raw(format!(" {}", typed_unit(app.lang, n.unit, &input.text))),
                ]),
            ],
            5,
        ),
        NeedDialog::Propose(n, sel) => {
            let mut lines = vec![Line::raw(cut(&need_summary(app, n), 66))];
            for (i, cand) in app.registry.fitting.iter().enumerate() {
                let text = format!(
                    "{} → {}",
                    cut(&offer_line(app, cand), 54),
                    cand.allocate.max(1)
                );
                lines.push(if i == *sel {
                    Line::styled(text, theme::selected())
                } else {
                    Line::raw(text)
                });
            }
            let h = lines.len() as u16 + 2;
            (fill(r.propose_title, &[&n.short_ref()]), lines, h)
        }
    };
    let width = 70;
    let area = centered(body, width, height.min(body.height));
    frame.render_widget(Clear, area);
    let _ = c;
    frame.render_widget(Paragraph::new(lines).block(boxed(title)), area);
}

fn need_summary(app: &App, n: &crate::domain::Need) -> String {
    format!(
        "{} · {} · {} · {}",
        n.short_ref(),
        inert(&n.item),
        app.lang.fraction(n.tally.open(), n.tally.total, n.unit),
        inert(&n.organisation)
    )
}

/// The Organisations tab: the search line, the organisations it found, the selected one's
/// profile and open needs.
pub fn render_orgs(app: &App, frame: &mut Frame, area: Rect) {
    let r = app.lang.registry();
    let c = app.c();
    let reg = &app.registry;
    let [search_area, read_area, table_area, detail_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(8),
    ])
    .areas(area);
    // The search line.
    let line = if reg.search.text.is_empty() && !reg.searching {
        Line::styled(
            cut(&fill(r.search_hint, &[&"/"]), area.width as usize),
            theme::dim(),
        )
    } else {
        Line::from(vec![
            Span::styled("? ", theme::key()),
            Span::raw(inert(&reg.search.text)),
        ])
    };
    frame.render_widget(Paragraph::new(line), search_area);
    if reg.searching && app.overlay.is_none() {
        frame.set_cursor_position(Position::new(
            search_area.x + 2 + reg.search.cursor as u16,
            search_area.y,
        ));
    }
    // How the query was read.
    let read = reg
        .directory
        .as_ref()
        .map(|(q, _)| {
            let cat = crate::catalogue::Catalogue::builtin();
            let mut parts: Vec<String> = q
                .items
                .iter()
                .map(|(id, _)| category_name(cat, id, app.lang))
                .collect();
            if let Some(p) = &q.place {
                parts.push(p.text.as_deref().map(inert).unwrap_or_default());
            }
            if parts.is_empty() {
                String::new()
            } else {
                fill(r.read_as, &[&parts.join(" · ")])
            }
        })
        .unwrap_or_default();
    frame.render_widget(
        Paragraph::new(Span::styled(cut(&read, area.width as usize), theme::dim())),
        read_area,
    );
    // The organisations.
    let width = table_area.width.saturating_sub(2) as usize;
    let rows_h = table_area.height.saturating_sub(2) as usize;
    let hits: &[crate::store::directory::DirectoryHit] =
        reg.directory.as_ref().map_or(&[], |(_, h)| h.as_slice());
    let top = (reg.org_sel / rows_h.max(1)) * rows_h.max(1);
    let name_w = width.saturating_sub(9 + 10 + 22 + 3);
    let mut lines: Vec<Line> = vec![Line::styled(
        cut(
            &format!(
                "{:<7} {:<name_w$} {:<10} {:<22}",
                c.col_ref, c.col_name, r.col_near, r.col_open_needs
            ),
            width,
        ),
        theme::label(),
    )];
    for (i, h) in hits
        .iter()
        .enumerate()
        .skip(top)
        .take(rows_h.saturating_sub(1))
    {
        let near = h
            .locality
            .map(|l| r.near[l as usize].to_string())
            .unwrap_or_default();
        let open = if h.open_needs > 0 {
            format!(
                "{} · {}",
                h.open_needs,
                app.strings().urgency[h.urgency.rank() as usize]
            )
        } else {
            h.org
                .location
                .text
                .as_deref()
                .map(inert)
                .unwrap_or_default()
        };
        let text = format!(
            "{:<7} {:<name_w$} {:<10} {}",
            h.org.short_ref().to_string(),
            cut(&inert(&h.org.name), name_w),
            cut(&near, 10),
            open
        );
        let text = cut(&text, width);
        lines.push(if i == reg.org_sel {
            Line::styled(text, theme::selected())
        } else {
            Line::raw(text)
        });
    }
    let title = if let Some(e) = &reg.directory_error {
        e.text(c)
    } else if reg.directory_loading && reg.directory.is_none() {
        c.loading.to_string()
    } else if hits.is_empty() {
        r.nothing_found.to_string()
    } else {
        fill(c.row_of, &[&(reg.org_sel + 1), &hits.len()])
    };
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(title, theme::dim())),
        ),
        table_area,
    );
    // The selected organisation.
    let dw = detail_area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    if let Some(h) = hits.get(reg.org_sel) {
        let o = &h.org;
        let opt = |x: &Option<String>| x.as_deref().map(inert).unwrap_or_else(|| "—".into());
        lines.push(Line::raw(cut(
            &format!(
                "{} · {} · {} · {}",
                o.short_ref(),
                inert(&o.name),
                opt(&o.contact),
                opt(&o.phone)
            ),
            dw,
        )));
        lines.push(Line::raw(cut(
            &format!("{}: {}", c.col_place, opt(&o.location.text)),
            dw,
        )));
        if let Some((id, p, needs)) = &reg.detail
            && *id == o.id
        {
            let cat = crate::catalogue::Catalogue::builtin();
            let helps: Vec<String> = p
                .categories
                .iter()
                .map(|(k, n)| format!("{} {n}", category_name(cat, k, app.lang)))
                .collect();
            let helps = if helps.is_empty() {
                r.no_open_needs.to_string()
            } else {
                helps.join(", ")
            };
            lines.push(Line::raw(cut(
                &format!(
                    "{}: {} · {} {} · {} {}",
                    r.profile, helps, r.col_open_needs, p.open_needs, c.tab_matches, p.matches
                ),
                dw,
            )));
            for n in needs.iter().take(3) {
                lines.push(Line::raw(cut(
                    &format!(
                        "  {} {} {} · {}",
                        n.short_ref(),
                        inert(&n.item),
                        app.lang.fraction(n.tally.open(), n.tally.total, n.unit),
                        n.location.text.as_deref().map(inert).unwrap_or_default()
                    ),
                    dw,
                )));
            }
        } else if let Some(hw) = &o.helps_with {
            lines.push(Line::raw(cut(&format!("{}: {}", r.profile, inert(hw)), dw)));
        }
    }
    frame.render_widget(
        Paragraph::new(lines).block(boxed(c.detail.into())),
        detail_area,
    );
}

fn category_name(cat: &crate::catalogue::Catalogue, id: &str, lang: crate::i18n::Lang) -> String {
    cat.get(id)
        .map(|k| match lang {
            crate::i18n::Lang::Uk => k.name_uk.clone(),
            crate::i18n::Lang::En => k.name_en.clone(),
        })
        .unwrap_or_else(|| {
            if id.is_empty() {
                "—".into()
            } else {
                id.to_string()
            }
        })
}
