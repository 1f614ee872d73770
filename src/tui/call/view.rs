//! The Call tab: the form, what the lookup found (or the callback queue), and the best needs.

use crate::catalogue::fold::inert;
use crate::domain::Condition;
use crate::i18n::{Case, fill};
use crate::tui::app::{App, Field, condition_label, typed_unit, unit_label};
use crate::tui::call::{Lookup, need_ref};
use crate::tui::theme;
use crate::tui::views::cut;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

const LABEL: usize = 11;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let left_w = if area.width >= 110 { 52 } else { 40 };
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Min(20)]).areas(area);
    let [form_area, info_area] = Layout::vertical([
        Constraint::Length(Field::ALL.len() as u16 + 2),
        Constraint::Min(3),
    ])
    .areas(left);
    render_form(app, frame, form_area);
    render_info(app, frame, info_area);
    render_candidates(app, frame, right);
}

fn render_form(app: &App, frame: &mut Frame, area: Rect) {
    let c = app.c();
    let s = app.strings();
    let form = &app.call.form;
    let focused = app.overlay.is_none() && !app.call.on_matches;
    let title = match (app.call.editing, &app.call.saved) {
        (Some(_), Some(o)) => fill(c.shift.ed_title, &[&o.short_ref()]),
        _ => fill(c.call_title, &[&app.local_time(app.call.started_at)]),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme::title()))
        .border_style(if focused {
            theme::border_focus()
        } else {
            Style::default()
        });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let value_w = width.saturating_sub(LABEL);
    let mut lines = Vec::new();
    for (row, f) in Field::ALL.into_iter().enumerate() {
        let is_focus = form.focus == f && focused;
        let label_style = if is_focus {
            theme::focus()
        } else {
            theme::label()
        };
        let label = format!("{:<w$}", cut(f.label(c), LABEL - 1), w = LABEL);
        let value: Vec<Span> = match f {
            Field::Unit => {
                // The chooser agrees with the quantity above it («‹ пари ›» under 2).
                let u = form
                    .quantity()
                    .map_or(unit_label(form.unit, app.lang), |q| {
                        app.lang.unit_after(form.unit, q)
                    });
                let auto = if form.unit_touched { "" } else { c.unit_auto };
                vec![Span::raw(format!("‹ {u} › {auto}"))]
            }
            Field::Condition => Condition::ALL
                .iter()
                .flat_map(|cond| {
                    let text = condition_label(*cond, s);
                    let style = if *cond == form.condition {
                        theme::selected()
                    } else {
                        theme::dim()
                    };
                    [Span::styled(format!(" {text} "), style), Span::raw(" ")]
                })
                .collect(),
            _ => {
                let input = form.input(f).expect("text field");
                let (shown, cursor_col) = scrolled(&input.text, input.cursor, value_w);
                if is_focus && app.overlay.is_none() {
                    frame.set_cursor_position(Position::new(
                        inner.x + (LABEL + cursor_col) as u16,
                        inner.y + row as u16,
                    ));
                }
                let mut v = vec![Span::raw(shown)];
                if f == Field::Item && !input.is_empty() {
                    let cat = form.resolved_category();
                    let hint = cat
                        .and_then(|id| crate::catalogue::Catalogue::builtin().get(&id).cloned())
                        .map(|k| match app.lang {
                            crate::i18n::Lang::Uk => k.name_uk,
                            crate::i18n::Lang::En => k.name_en,
                        })
                        .unwrap_or_else(|| {
                            if app.call.items.is_empty() {
                                c.item_not_recognised.to_string()
                            } else {
                                c.not_in_catalogue.to_string()
                            }
                        });
                    let used = input.text.chars().count() + 1;
                    if used + 4 < value_w {
                        v.push(Span::styled(
                            format!(" {}", cut(&hint, value_w - used - 1)),
                            theme::dim(),
                        ));
                    }
                }
                if f == Field::Location && !input.is_empty() && !form.location().is_known() {
                    let used = input.text.chars().count() + 1;
                    let hint = match app.call.place_note {
                        Some(crate::tui::call::PlaceNote::Ambiguous(..)) => c.place_several,
                        _ => c.place_unknown,
                    };
                    if used + 4 < value_w {
                        v.push(Span::styled(
                            format!(" {}", cut(hint, value_w - used - 1)),
                            theme::dim(),
                        ));
                    }
                }
                v
            }
        };
        let mut spans = vec![Span::styled(label, label_style)];
        spans.extend(value);
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A text in at most `max` lines of `width` characters, broken between words (the last cut).
fn wrap(text: &str, width: usize, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let need = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && need > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    if out.len() > max {
        let rest = out.split_off(max - 1).join(" ");
        out.push(rest);
    }
    out.into_iter().map(|l| cut(&l, width)).collect()
}

/// The visible part of a text and the cursor column in it.
fn scrolled(text: &str, cursor: usize, width: usize) -> (String, usize) {
    let text = inert(text);
    let width = width.max(2);
    let skip = (cursor + 1).saturating_sub(width);
    let shown: String = text.chars().skip(skip).take(width).collect();
    (shown, cursor - skip)
}

fn render_info(app: &App, frame: &mut Frame, area: Rect) {
    let c = app.c();
    let call = &app.call;
    let mut lines: Vec<Line> = Vec::new();
    let width = area.width.saturating_sub(2) as usize;
    let title;
    if let Some(split) = &call.split {
        title = c.split_title;
        for (i, (o, q)) in split.offers.iter().zip(&split.quantities).enumerate() {
            let sel = i == split.sel;
            let unit = typed_unit(
                app.lang,
                o.unit.unwrap_or(crate::domain::Unit::Pcs),
                &q.text,
            );
            let head = format!("{} {:>5} {unit} ", if sel { "›" } else { " " }, q.text);
            if sel && app.overlay.is_none() {
                frame.set_cursor_position(Position::new(area.x + 1 + 2 + 5, area.y + 1 + i as u16));
            }
            let rest = width.saturating_sub(head.chars().count());
            lines.push(Line::from(vec![
                Span::styled(
                    head,
                    if sel {
                        theme::selected()
                    } else {
                        Style::default()
                    },
                ),
                Span::raw(cut(&inert(&o.item), rest)),
            ]));
        }
        lines.push(Line::styled(cut(c.split_hint, width), theme::dim()));
    } else if !call.popup.is_empty() && !call.on_matches {
        title = if call.form.focus == Field::Location {
            c.places_title
        } else {
            c.items_title
        };
        // A long list (an ambiguous place may be a hundred villages) scrolls with the choice.
        let rows = (area.height as usize).saturating_sub(3).max(1);
        let top = call.popup_sel.map_or(0, |s| (s + 1).saturating_sub(rows));
        for (i, sug) in call.popup.iter().enumerate().skip(top).take(rows) {
            let style = if call.popup_sel == Some(i) {
                theme::selected()
            } else {
                Style::default()
            };
            lines.push(Line::styled(cut(&sug.label, width), style));
        }
        lines.push(Line::styled(cut(c.popup_hint, width), theme::dim()));
    } else {
        title = c.caller_title;
        match &call.lookup {
            Lookup::Known(v) => {
                let name = v.donor.name.as_deref().map(inert).unwrap_or_default();
                lines.push(Line::from(vec![
                    Span::styled(c.known_donor.to_string(), theme::info()),
                    Span::raw(format!(" {} {}", v.donor.short_ref(), cut(&name, width))),
                ]));
                lines.push(Line::raw(fill(c.earlier_offers, &[&v.offers.len()])));
                for o in v.offers.iter().take(3) {
                    lines.push(Line::styled(
                        cut(
                            &format!(
                                "  {} {} {}",
                                o.short_ref(),
                                inert(&o.item),
                                app.lang.quantity(o.tally.total, o.unit)
                            ),
                            width,
                        ),
                        theme::dim(),
                    ));
                }
                let open = v.matches.iter().filter(|m| !m.status.is_final()).count();
                lines.push(Line::raw(fill(c.open_matches, &[&open])));
            }
            Lookup::New => lines.push(Line::styled(c.new_donor.to_string(), theme::info())),
            Lookup::Invalid => {
                lines.push(Line::styled(c.phone_invalid.to_string(), theme::error()))
            }
            Lookup::NotYet => {}
        }
        for p in &call.proposed {
            lines.push(Line::styled(cut(&format!("✓ {p}"), width), theme::info()));
        }
        if call.taken.is_some() {
            lines.push(Line::styled(cut(c.shift.cb_working, width), theme::info()));
        }
        if !call.callbacks.is_empty() {
            lines.push(Line::styled(
                cut(&fill(c.callbacks_due, &[&call.callbacks.len()]), width),
                theme::title(),
            ));
            // The newest first call's context: who, what, the notes (Ctrl-B lists them all).
            for cb in call.callbacks.iter().take(3) {
                let at = cb
                    .call
                    .callback_at
                    .map(|t| app.local_time(t))
                    .unwrap_or_default();
                lines.push(Line::raw(cut(
                    &format!("  {at} {}", super::callback_label(cb)),
                    width,
                )));
            }
        } else if matches!(call.lookup, Lookup::NotYet) {
            lines.push(Line::styled(c.no_callbacks.to_string(), theme::dim()));
        }
        if matches!(call.lookup, Lookup::NotYet) {
            if let Some(next) = call.scheduled.first() {
                let at = next
                    .call
                    .callback_at
                    .map(|t| app.local_time(t))
                    .unwrap_or_default();
                lines.push(Line::styled(
                    cut(
                        &fill(
                            c.shift.cb_later,
                            &[&format!("{} ({at})", call.scheduled.len())],
                        ),
                        width,
                    ),
                    theme::dim(),
                ));
            }
            if !call.rematch.is_empty() {
                lines.push(Line::styled(
                    cut(&fill(c.shift.rm_count, &[&call.rematch.len()]), width),
                    theme::title(),
                ));
            }
        }
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme::title()));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn render_candidates(app: &App, frame: &mut Frame, area: Rect) {
    let c = app.c();
    let s = app.strings();
    let call = &app.call;
    let focused = call.on_matches && app.overlay.is_none();
    let mut title = match &call.saved {
        Some(o) => fill(
            c.needs_for_offer,
            &[&o.short_ref(), &app.lang.quantity(o.tally.open(), o.unit)],
        ),
        None => c.best_needs.to_string(),
    };
    if call.searching {
        title.push_str(c.searching);
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme::title()))
        .border_style(if focused {
            theme::border_focus()
        } else {
            Style::default()
        });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    // What was read: the place that did not resolve, the items the text names.
    let note = match &call.place_note {
        Some(super::PlaceNote::NotFound(t)) => Some(fill(c.place_not_found_note, &[&inert(t)])),
        Some(super::PlaceNote::Ambiguous(t, cands)) => {
            Some(fill(c.place_ambiguous_note, &[&inert(t), &cands.len()]))
        }
        None => None,
    };
    if let Some(note) = note {
        // One line where it fits, else the place and the ranking each on its own.
        let one = format!("{note}; {}", c.ranked_without_place);
        if one.chars().count() <= width {
            lines.push(Line::styled(one, theme::info()));
        } else {
            for l in wrap(&note, width, 2)
                .into_iter()
                .chain(wrap(c.ranked_without_place, width, 2))
            {
                lines.push(Line::styled(l, theme::info()));
            }
        }
    }
    if call.saved.is_none() && !call.form.item.is_empty() && call.form.category.is_none() {
        if call.items.is_empty() {
            lines.push(Line::styled(
                cut(c.item_not_recognised, width),
                theme::error(),
            ));
        } else if call.items.len() > 1 {
            let key =
                crate::tui::keymap::label_of(&app.keymap, crate::tui::keymap::Ctx::Form, |a| {
                    matches!(a, crate::tui::action::Action::SplitItems)
                })
                .unwrap_or_default();
            let head = fill(c.items_read, &[&call.items.len(), &key]);
            lines.push(Line::styled(cut(&head, width), theme::info()));
            for (_, words) in &call.items {
                lines.push(Line::styled(
                    cut(&format!("  «{}»", inert(words)), width),
                    theme::info(),
                ));
            }
        }
    }
    if call.saved.is_some() && call.offers.len() > 1 {
        let i = call
            .offers
            .iter()
            .position(|o| Some(o.id) == call.saved.as_ref().map(|s| s.id))
            .unwrap_or(0);
        let o = &call.offers[i];
        let text = format!(
            "{} «{}» — ←→",
            fill(c.offer_of, &[&(i + 1), &call.offers.len()]),
            inert(&o.item)
        );
        lines.push(Line::styled(cut(&text, width), theme::info()));
    }
    let header = lines.len();
    if call.candidates.is_empty() {
        let text = if call.form.item.is_empty() && call.saved.is_none() {
            c.type_item
        } else if call.searching {
            ""
        } else {
            s.no_candidates
        };
        lines.push(Line::styled(text.to_string(), theme::dim()));
    }
    // Narrow: four lines per need so nothing is cut; wide: three.
    let narrow = width < 60;
    let per = if narrow { 4usize } else { 3 };
    let visible = (inner.height.saturating_sub(header as u16) as usize / per).max(1);
    let top = if call.cand_sel >= visible {
        call.cand_sel + 1 - visible
    } else {
        0
    };
    for (i, cand) in call.candidates.iter().enumerate().skip(top).take(visible) {
        let n = &cand.record;
        let sel = i == call.cand_sel;
        let marker = if sel { "›" } else { " " };
        let base = if sel && focused {
            theme::selected()
        } else {
            Style::default()
        };
        let urg = s.urgency[n.urgency.rank() as usize];
        let urg_style = if n.urgency.rank() == 0 && !(sel && focused) {
            theme::urgent()
        } else {
            base
        };
        let head = format!("{marker}{} ", need_ref(n));
        let org = format!(" · {}", inert(&n.organisation));
        let rest = width.saturating_sub(head.chars().count() + urg.chars().count());
        lines.push(Line::from(vec![
            Span::styled(head, base),
            Span::styled(urg.to_string(), urg_style),
            Span::styled(cut(&org, rest), base),
        ]));
        let what = format!(
            "  {} · {}",
            inert(&n.item),
            inert(n.location.text.as_deref().unwrap_or("—")),
        );
        // What is still open at the need, in its unit; what the split gives it, in the offer's
        // unit (the unit a match is counted in), and only when it gives something: a need below
        // the ones that took the whole offer gets no «дати 0».
        let open = fill(c.open_qty, &[&app.lang.quantity(n.tally.open(), n.unit)]);
        let qty = if cand.allocate > 0 {
            let unit = call.saved.as_ref().map_or(n.unit, |o| o.unit);
            let give = app.lang.quantity_in(cand.allocate, unit, Case::Accusative);
            format!("{open} → {}", fill(c.suggest_qty, &[&give]))
        } else {
            open
        };
        if narrow {
            lines.push(Line::styled(cut(&what, width), base));
            lines.push(Line::styled(cut(&format!("  {qty}"), width), base));
        } else {
            lines.push(Line::styled(cut(&format!("{what} · {qty}"), width), base));
        }
        let reasons: Vec<String> = cand.reasons.iter().map(|r| r.text(app.lang)).collect();
        lines.push(Line::styled(
            cut(&format!("  {}", reasons.join("; ")), width),
            if sel && focused { base } else { theme::dim() },
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
