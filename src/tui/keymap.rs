//! The keymap as data: which key does what where, and the words that explain it. The footer
//! hints and the F1 help are generated from this table, never written twice.

use super::action::Action;
use super::app::Tab;
use super::desk::DeskKey;
use crate::config::KeyOverride;
use crate::i18n::ConsoleStrings;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies. Dialogs come first, then the focused part, then global keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    Global,
    /// The call form (text fields take the other keys).
    Form,
    /// The suggested needs after an offer is saved.
    Candidates,
    /// A table (Offers, Needs, Matches, Organisations).
    List,
    /// Typing a list filter.
    Filter,
    /// A question or input box.
    Dialog,
    /// The F1 help overlay.
    Help,
    /// The quantities of the offers a text is split into (Call tab).
    Split,
    /// The Matches tab: the liaison's keys, before the list's.
    Desk,
    /// The Dashboard (F7): its pages.
    Dashboard,
    /// The Needs tab's own keys (add, edit, close, review), before the list's.
    Needs,
    /// The Organisations tab's own keys (the directory search), before the list's.
    Orgs,
    /// The need form (text fields take the other keys).
    NeedForm,
}

impl Ctx {
    pub const ORDER: [Ctx; 13] = [
        Ctx::Global,
        Ctx::Form,
        Ctx::Candidates,
        Ctx::List,
        Ctx::Filter,
        Ctx::Dialog,
        Ctx::Help,
        Ctx::Split,
        Ctx::Desk,
        Ctx::Dashboard,
        Ctx::Needs,
        Ctx::Orgs,
        Ctx::NeedForm,
    ];
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub ctx: Ctx,
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub action: Action,
    /// The help text for this key.
    pub help: fn(&ConsoleStrings) -> &'static str,
    /// Shown in the footer (the keys worth remembering), not only in F1.
    pub footer: bool,
}

fn b(
    ctx: Ctx,
    code: KeyCode,
    mods: KeyModifiers,
    action: Action,
    help: fn(&ConsoleStrings) -> &'static str,
    footer: bool,
) -> Binding {
    Binding {
        ctx,
        code,
        mods,
        action,
        help,
        footer,
    }
}

/// The default keymap.
pub fn default_keymap() -> Vec<Binding> {
    use Ctx::*;
    use KeyCode as K;
    let none = KeyModifiers::NONE;
    let ctrl = KeyModifiers::CONTROL;
    let shift = KeyModifiers::SHIFT;
    let mut map = vec![
        // Dialogs
        b(Dialog, K::Char('y'), none, Action::Yes, |c| c.k_yes, true),
        b(Dialog, K::Char('n'), none, Action::No, |c| c.k_no, true),
        b(
            Dialog,
            K::Enter,
            none,
            Action::Submit,
            |c| c.k_confirm,
            true,
        ),
        b(
            Dialog,
            K::Char('1'),
            none,
            Action::Choose(1),
            |c| c.outcome_nothing,
            false,
        ),
        b(
            Dialog,
            K::Char('2'),
            none,
            Action::Choose(2),
            |c| c.outcome_callback,
            false,
        ),
        b(
            Dialog,
            K::Char('3'),
            none,
            Action::Choose(3),
            |c| c.outcome_wrong,
            false,
        ),
        b(Dialog, K::Up, none, Action::Up, |c| c.k_scroll, false),
        b(Dialog, K::Down, none, Action::Down, |c| c.k_scroll, false),
        b(Dialog, K::Esc, none, Action::Cancel, |c| c.k_cancel, true),
        // The help overlay
        b(Help, K::Up, none, Action::Up, |c| c.k_scroll, true),
        b(Help, K::Down, none, Action::Down, |c| c.k_scroll, false),
        b(Help, K::Esc, none, Action::Cancel, |c| c.k_close, true),
        b(Help, K::F(1), none, Action::Cancel, |c| c.k_close, false),
        b(Help, K::Enter, none, Action::Cancel, |c| c.k_close, false),
        // The call form
        b(
            Form,
            K::Enter,
            none,
            Action::Submit,
            |c| c.k_enter_form,
            false,
        ),
        b(
            Form,
            K::Tab,
            none,
            Action::NextField,
            |c| c.k_next_field,
            false,
        ),
        b(
            Form,
            K::BackTab,
            shift,
            Action::PrevField,
            |c| c.k_prev_field,
            false,
        ),
        b(Form, K::Up, none, Action::Up, |c| c.k_form_up, false),
        b(Form, K::Down, none, Action::Down, |c| c.k_form_down, false),
        b(Form, K::Left, none, Action::Left, |c| c.k_left, false),
        b(Form, K::Right, none, Action::Right, |c| c.k_right, false),
        b(Form, K::Home, none, Action::Home, |c| c.k_line_start, false),
        b(Form, K::End, none, Action::End, |c| c.k_line_end, false),
        b(
            Form,
            K::Backspace,
            none,
            Action::Backspace,
            |c| c.k_backspace,
            false,
        ),
        b(Form, K::Delete, none, Action::Delete, |c| c.k_delete, false),
        b(Form, K::Char('s'), ctrl, Action::Save, |c| c.k_save, true),
        b(
            Form,
            K::Char('n'),
            ctrl,
            Action::NextCall,
            |c| c.k_next_call,
            true,
        ),
        b(
            Form,
            K::Char('b'),
            ctrl,
            Action::TakeCallback,
            |c| c.k_callback,
            true,
        ),
        b(
            Form,
            K::Esc,
            none,
            Action::Cancel,
            |c| c.k_hide_suggestions,
            false,
        ),
        b(
            Form,
            K::Char('d'),
            ctrl,
            Action::SplitItems,
            |c| c.k_split,
            // Named on the Call tab when the text names several items (and in F1).
            false,
        ),
        // The items of one text, each its own offer
        b(Split, K::Up, none, Action::Up, |c| c.k_up, false),
        b(Split, K::Down, none, Action::Down, |c| c.k_down, false),
        b(
            Split,
            K::Backspace,
            none,
            Action::Backspace,
            |c| c.k_backspace,
            false,
        ),
        b(
            Split,
            K::Enter,
            none,
            Action::Submit,
            |c| c.k_save_all,
            true,
        ),
        b(Split, K::Esc, none, Action::Cancel, |c| c.k_cancel, true),
        // Suggested needs
        b(
            Candidates,
            K::Left,
            none,
            Action::Left,
            |c| c.k_other_offer,
            false,
        ),
        b(
            Candidates,
            K::Right,
            none,
            Action::Right,
            |c| c.k_other_offer,
            false,
        ),
        b(Candidates, K::Up, none, Action::Up, |c| c.k_choose, true),
        b(
            Candidates,
            K::Down,
            none,
            Action::Down,
            |c| c.k_choose,
            false,
        ),
        b(
            Candidates,
            K::Char('k'),
            none,
            Action::Up,
            |c| c.k_up,
            false,
        ),
        b(
            Candidates,
            K::Char('j'),
            none,
            Action::Down,
            |c| c.k_down,
            false,
        ),
        b(
            Candidates,
            K::Enter,
            none,
            Action::Submit,
            |c| c.k_propose,
            true,
        ),
        b(
            Candidates,
            K::Char('e'),
            none,
            Action::EditQuantity,
            |c| c.k_edit_qty,
            true,
        ),
        b(
            Candidates,
            K::Char('n'),
            ctrl,
            Action::NextCall,
            |c| c.k_next_call,
            true,
        ),
        b(
            Candidates,
            K::BackTab,
            shift,
            Action::PrevField,
            |c| c.k_back_to_form,
            false,
        ),
        // Lists
        b(List, K::Up, none, Action::Up, |c| c.k_up, false),
        b(List, K::Down, none, Action::Down, |c| c.k_down, false),
        b(List, K::Char('k'), none, Action::Up, |c| c.k_up, false),
        b(List, K::Char('j'), none, Action::Down, |c| c.k_down, false),
        b(
            List,
            K::PageUp,
            none,
            Action::PageUp,
            |c| c.k_page_up,
            false,
        ),
        b(
            List,
            K::PageDown,
            none,
            Action::PageDown,
            |c| c.k_page_down,
            false,
        ),
        b(List, K::Home, none, Action::Home, |c| c.k_first, false),
        b(List, K::End, none, Action::End, |c| c.k_last, false),
        b(
            List,
            K::Char('/'),
            none,
            Action::Filter,
            |c| c.k_filter,
            true,
        ),
        b(List, K::Char('s'), none, Action::Sort, |c| c.k_sort, true),
        b(
            List,
            K::Esc,
            none,
            Action::Cancel,
            |c| c.k_clear_filter,
            false,
        ),
        // The liaison's desk (Matches tab)
        b(
            Desk,
            K::Char('c'),
            none,
            Action::Desk(DeskKey::Confirm),
            |c| c.desk.k_confirm,
            true,
        ),
        b(
            Desk,
            K::Char('d'),
            none,
            Action::Desk(DeskKey::Decline),
            |c| c.desk.k_decline,
            true,
        ),
        b(
            Desk,
            K::Char('h'),
            none,
            Action::Desk(DeskKey::HandOver),
            |c| c.desk.k_handover,
            true,
        ),
        b(
            Desk,
            K::Char('x'),
            none,
            Action::Desk(DeskKey::Cancel),
            |c| c.desk.k_cancel,
            true,
        ),
        b(
            Desk,
            K::Char('f'),
            none,
            Action::Desk(DeskKey::Waiting),
            |c| c.desk.k_waiting,
            true,
        ),
        b(
            Desk,
            K::Char('t'),
            none,
            Action::Desk(DeskKey::Status),
            |c| c.desk.k_status,
            true,
        ),
        b(
            Desk,
            K::Char('o'),
            none,
            Action::Desk(DeskKey::Org),
            |c| c.desk.k_org,
            true,
        ),
        // Typing a filter
        b(
            Filter,
            K::Enter,
            none,
            Action::Submit,
            |c| c.k_filter_done,
            true,
        ),
        b(
            Filter,
            K::Esc,
            none,
            Action::Cancel,
            |c| c.k_clear_filter,
            true,
        ),
        b(
            Filter,
            K::Backspace,
            none,
            Action::Backspace,
            |c| c.k_backspace,
            false,
        ),
        b(Filter, K::Left, none, Action::Left, |c| c.k_left, false),
        b(Filter, K::Right, none, Action::Right, |c| c.k_right, false),
        b(Filter, K::Up, none, Action::Up, |c| c.k_up, false),
        b(Filter, K::Down, none, Action::Down, |c| c.k_down, false),
        // The Call tab's queues and the correction of an offer (issue 11)
        b(
            Form,
            K::Char('r'),
            ctrl,
            Action::Rematch,
            |c| c.shift.k_rematch,
            false,
        ),
        b(
            Form,
            K::Char('e'),
            ctrl,
            Action::EditOffer,
            |c| c.shift.k_edit_offer,
            false,
        ),
        b(
            Form,
            K::Char('w'),
            ctrl,
            Action::WithdrawOffer,
            |c| c.shift.k_withdraw_offer,
            false,
        ),
        b(
            Candidates,
            K::Char('e'),
            ctrl,
            Action::EditOffer,
            |c| c.shift.k_edit_offer,
            true,
        ),
        b(
            Candidates,
            K::Char('w'),
            ctrl,
            Action::WithdrawOffer,
            |c| c.shift.k_withdraw_offer,
            false,
        ),
        b(
            Candidates,
            K::Char('r'),
            ctrl,
            Action::Rematch,
            |c| c.shift.k_rematch,
            false,
        ),
        b(
            List,
            K::Char('e'),
            none,
            Action::EditOffer,
            |c| c.shift.k_edit_offer,
            false,
        ),
        b(
            List,
            K::Char('w'),
            none,
            Action::WithdrawOffer,
            |c| c.shift.k_withdraw_offer,
            false,
        ),
        b(
            Dialog,
            K::Char('4'),
            none,
            Action::Choose(4),
            |c| c.shift.k_release_callback,
            false,
        ),
        b(
            Dashboard,
            K::Right,
            none,
            Action::Right,
            |c| c.shift.k_page_next,
            true,
        ),
        b(
            Dashboard,
            K::Left,
            none,
            Action::Left,
            |c| c.shift.k_page_prev,
            false,
        ),
        b(
            Dashboard,
            K::PageDown,
            none,
            Action::PageDown,
            |c| c.shift.k_page_next,
            false,
        ),
        b(
            Dashboard,
            K::PageUp,
            none,
            Action::PageUp,
            |c| c.shift.k_page_prev,
            false,
        ),
        b(
            Dashboard,
            K::Down,
            none,
            Action::Down,
            |c| c.k_scroll,
            false,
        ),
        b(Dashboard, K::Up, none, Action::Up, |c| c.k_scroll, false),
        // Everywhere
        b(Global, K::F(1), none, Action::Help, |c| c.k_help, true),
        b(
            Global,
            K::F(2),
            none,
            Action::GoTab(Tab::Call),
            |c| c.tab_call,
            false,
        ),
        b(
            Global,
            K::F(3),
            none,
            Action::GoTab(Tab::Offers),
            |c| c.tab_offers,
            false,
        ),
        b(
            Global,
            K::F(4),
            none,
            Action::GoTab(Tab::Needs),
            |c| c.tab_needs,
            false,
        ),
        b(
            Global,
            K::F(5),
            none,
            Action::GoTab(Tab::Matches),
            |c| c.tab_matches,
            false,
        ),
        b(
            Global,
            K::F(6),
            none,
            Action::GoTab(Tab::Orgs),
            |c| c.tab_orgs,
            false,
        ),
        b(
            Global,
            K::F(7),
            none,
            Action::GoTab(Tab::Dashboard),
            |c| c.tab_dashboard,
            false,
        ),
        b(Global, K::F(10), none, Action::Quit, |c| c.k_quit, true),
        b(
            Global,
            K::Char('q'),
            ctrl,
            Action::Quit,
            |c| c.k_quit,
            false,
        ),
        b(
            Global,
            K::Char('?'),
            none,
            Action::Help,
            |c| c.k_help,
            false,
        ),
        b(
            Global,
            K::Char('c'),
            ctrl,
            Action::Interrupt,
            |c| c.k_interrupt,
            false,
        ),
        b(Global, K::Esc, none, Action::Cancel, |c| c.k_cancel, false),
    ];
    map.extend(registry_keys());
    map
}

/// The registry's keys (issue 11): the Needs tab, the need form, the directory.
fn registry_keys() -> Vec<Binding> {
    use super::registry::RegKey;
    use crate::i18n::registry_of as r;
    use Ctx::*;
    use KeyCode as K;
    let none = KeyModifiers::NONE;
    let ctrl = KeyModifiers::CONTROL;
    let shift = KeyModifiers::SHIFT;
    let reg = Action::Registry;
    vec![
        b(
            Needs,
            K::Char('a'),
            none,
            reg(RegKey::Add),
            |c| r(c).k_add,
            true,
        ),
        b(
            Needs,
            K::Char('e'),
            none,
            reg(RegKey::Edit),
            |c| r(c).k_edit,
            true,
        ),
        b(
            Needs,
            K::Enter,
            none,
            reg(RegKey::Edit),
            |c| r(c).k_edit,
            false,
        ),
        b(
            Needs,
            K::Char('x'),
            none,
            reg(RegKey::Close),
            |c| r(c).k_close,
            true,
        ),
        b(
            Needs,
            K::Char('r'),
            none,
            reg(RegKey::Review),
            |c| r(c).k_review,
            true,
        ),
        b(
            Needs,
            K::Char('v'),
            none,
            reg(RegKey::Stale),
            |c| r(c).k_stale,
            true,
        ),
        b(
            Needs,
            K::Char('p'),
            none,
            reg(RegKey::Propose),
            |c| r(c).k_propose,
            true,
        ),
        b(
            Orgs,
            K::Char('/'),
            none,
            reg(RegKey::Search),
            |c| r(c).k_search,
            true,
        ),
        b(
            Orgs,
            K::Enter,
            none,
            reg(RegKey::Search),
            |c| r(c).k_search,
            false,
        ),
        b(Orgs, K::Up, none, Action::Up, |c| c.k_up, false),
        b(Orgs, K::Down, none, Action::Down, |c| c.k_down, false),
        b(
            NeedForm,
            K::Tab,
            none,
            Action::NextField,
            |c| r(c).k_field,
            false,
        ),
        b(
            NeedForm,
            K::BackTab,
            shift,
            Action::PrevField,
            |c| r(c).k_field,
            false,
        ),
        b(
            NeedForm,
            K::Enter,
            none,
            Action::Submit,
            |c| r(c).k_enter,
            true,
        ),
        b(
            NeedForm,
            K::Char('s'),
            ctrl,
            Action::Save,
            |c| c.k_save,
            true,
        ),
        b(NeedForm, K::Esc, none, Action::Cancel, |c| c.k_cancel, true),
        b(NeedForm, K::Up, none, Action::Up, |c| c.k_form_up, false),
        b(
            NeedForm,
            K::Down,
            none,
            Action::Down,
            |c| c.k_form_down,
            false,
        ),
        b(NeedForm, K::Left, none, Action::Left, |c| c.k_left, false),
        b(
            NeedForm,
            K::Right,
            none,
            Action::Right,
            |c| c.k_right,
            false,
        ),
        b(
            NeedForm,
            K::Home,
            none,
            Action::Home,
            |c| c.k_line_start,
            false,
        ),
        b(NeedForm, K::End, none, Action::End, |c| c.k_line_end, false),
        b(
            NeedForm,
            K::Backspace,
            none,
            Action::Backspace,
            |c| c.k_backspace,
            false,
        ),
        b(
            NeedForm,
            K::Delete,
            none,
            Action::Delete,
            |c| c.k_delete,
            false,
        ),
    ]
}

/// The action a `[keys]` name in the configuration file stands for (the names are
/// `config::BINDABLE_ACTIONS`; a test checks that every one of them is here and has a key).
pub fn action_named(name: &str) -> Option<Action> {
    Some(match name {
        "quit" => Action::Quit,
        "help" => Action::Help,
        "cancel" => Action::Cancel,
        "save" => Action::Save,
        "next_call" => Action::NextCall,
        "take_callback" => Action::TakeCallback,
        "edit_quantity" => Action::EditQuantity,
        "filter" => Action::Filter,
        "sort" => Action::Sort,
        "next_field" => Action::NextField,
        "prev_field" => Action::PrevField,
        "submit" => Action::Submit,
        "yes" => Action::Yes,
        "no" => Action::No,
        "tab_call" => Action::GoTab(Tab::Call),
        "tab_offers" => Action::GoTab(Tab::Offers),
        "tab_needs" => Action::GoTab(Tab::Needs),
        "tab_matches" => Action::GoTab(Tab::Matches),
        "tab_orgs" => Action::GoTab(Tab::Orgs),
        "tab_dashboard" => Action::GoTab(Tab::Dashboard),
        _ => return None,
    })
}

/// Whether two actions are the same key's meaning (payloads compared where they choose).
pub fn same_action(a: &Action, b: &Action) -> bool {
    match (a, b) {
        (Action::GoTab(x), Action::GoTab(y)) => x == y,
        (Action::Choose(x), Action::Choose(y)) => x == y,
        (Action::Desk(x), Action::Desk(y)) => x == y,
        (Action::Registry(x), Action::Registry(y)) => x == y,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

fn same_key(b: &Binding, code: KeyCode, mods: KeyModifiers) -> bool {
    let norm = |c: KeyCode, m: KeyModifiers| match c {
        KeyCode::BackTab => KeyModifiers::SHIFT,
        KeyCode::Char(_) => m & (KeyModifiers::CONTROL | KeyModifiers::ALT),
        _ => m & !KeyModifiers::SHIFT,
    };
    b.code == code && norm(b.code, b.mods) == norm(code, mods)
}

/// `map` with the configuration's `[keys]` overrides applied. An override moves the action to
/// the new key in every context where the action has a key: the action's old keys there no
/// longer do it, and whatever else the new key did in that context gives way (so the footer and
/// F1, generated from the map, say what the keys really do). Names were checked when the file
/// was read; one that is not an action here is skipped with a warning in the log.
pub fn with_overrides(mut map: Vec<Binding>, overrides: &[KeyOverride]) -> Vec<Binding> {
    for o in overrides {
        let Some(action) = action_named(&o.action) else {
            tracing::warn!(action = %o.action, "[keys]: not a console action, skipped");
            continue;
        };
        let mut ctxs: Vec<Ctx> = Vec::new();
        for b in map.iter().filter(|b| same_action(&b.action, &action)) {
            if !ctxs.contains(&b.ctx) {
                ctxs.push(b.ctx);
            }
        }
        for ctx in ctxs {
            let at = map
                .iter()
                .position(|b| b.ctx == ctx && same_action(&b.action, &action))
                .expect("the context was found by this action");
            let first = map[at].clone();
            let footer = map
                .iter()
                .any(|b| b.ctx == ctx && same_action(&b.action, &action) && b.footer);
            let replacement = Binding {
                code: o.code,
                mods: o.mods,
                footer,
                ..first
            };
            map[at] = replacement;
            let mut i = 0;
            map.retain(|b| {
                let keep = i == at
                    || b.ctx != ctx
                    || !(same_action(&b.action, &action) || same_key(b, o.code, o.mods));
                i += 1;
                keep
            });
        }
    }
    map
}

/// `F2`, `Ctrl-S`, `Shift-Tab`, `Enter`, `/`.
pub fn key_label(code: KeyCode, mods: KeyModifiers) -> String {
    let base = match code {
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::Char(c) => c.to_uppercase().to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => return "Shift-Tab".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Backspace => "Bksp".into(),
        KeyCode::Delete => "Del".into(),
        other => format!("{other:?}"),
    };
    if mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
        let ctrl = if mods.contains(KeyModifiers::CONTROL) {
            "Ctrl-"
        } else {
            ""
        };
        let alt = if mods.contains(KeyModifiers::ALT) {
            "Alt-"
        } else {
            ""
        };
        format!("{ctrl}{alt}{base}")
    } else if let KeyCode::Char(c) = code {
        c.to_string()
    } else {
        base
    }
}

/// The Latin key in the same place on the Ukrainian (ЙЦУКЕН) layout, so letter keys work
/// whichever layout is active: `і` is `s`, `н` is `y`, `т` is `n`, `.` is `/`.
pub fn latin_twin(c: char) -> Option<char> {
    const UK: &str = "йцукенгшщзхїфівапролджєячсмитьбю.ЙЦУКЕНГШЩЗХЇФІВАПРОЛДЖЄЯЧСМИТЬБЮ,ыэъёЫЭЪЁ";
    const EN: &str = "qwertyuiop[]asdfghjkl;'zxcvbnm,./QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?s']`S\"}~";
    UK.chars()
        .position(|u| u == c)
        .and_then(|i| EN.chars().nth(i))
}

/// The action bound to this key in these contexts (searched in order). While the operator
/// types (`typing`), plain characters are text, not keys.
pub fn lookup(keymap: &[Binding], ctxs: &[Ctx], key: &KeyEvent, typing: bool) -> Option<Action> {
    let plain_char = matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    if typing && plain_char {
        return None;
    }
    if let Some(a) = lookup_exact(keymap, ctxs, key) {
        return Some(a);
    }
    // The same key on the other layout.
    if let KeyCode::Char(c) = key.code
        && let Some(latin) = latin_twin(c)
    {
        let mut k = *key;
        k.code = KeyCode::Char(latin);
        return lookup_exact(keymap, ctxs, &k);
    }
    None
}

fn lookup_exact(keymap: &[Binding], ctxs: &[Ctx], key: &KeyEvent) -> Option<Action> {
    // Shift is part of the character for letters; compare it only for non-character keys.
    let mods = match key.code {
        KeyCode::Char(_) => key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT),
        KeyCode::BackTab => KeyModifiers::SHIFT,
        _ => key.modifiers & !KeyModifiers::SHIFT,
    };
    for ctx in ctxs {
        for bnd in keymap.iter().filter(|b| b.ctx == *ctx) {
            let want = match bnd.code {
                KeyCode::BackTab => KeyModifiers::SHIFT,
                _ => bnd.mods,
            };
            if bnd.code == key.code && want == mods {
                return Some(bnd.action.clone());
            }
        }
    }
    None
}

/// The label of the first key bound to an action in a context (for what the screen says).
pub fn label_of(keymap: &[Binding], ctx: Ctx, is: impl Fn(&Action) -> bool) -> Option<String> {
    keymap
        .iter()
        .find(|b| b.ctx == ctx && is(&b.action))
        .map(|b| key_label(b.code, b.mods))
}

/// What each context's update acts on (beside the keymap, so a test can check that every one
/// of them has a key, and so is shown in F1).
pub fn handled(ctx: Ctx) -> Vec<Action> {
    use Action::*;
    match ctx {
        Ctx::Global => {
            let mut v = vec![Help, Quit, Interrupt];
            v.extend(Tab::ALL.into_iter().map(GoTab));
            v
        }
        Ctx::Form => vec![
            NextField,
            PrevField,
            Submit,
            Up,
            Down,
            Left,
            Right,
            Home,
            End,
            Backspace,
            Delete,
            Save,
            NextCall,
            TakeCallback,
            SplitItems,
            Cancel,
            Rematch,
            EditOffer,
            WithdrawOffer,
        ],
        Ctx::Candidates => vec![
            Up,
            Down,
            Left,
            Right,
            Submit,
            EditQuantity,
            NextCall,
            PrevField,
            Cancel,
            Rematch,
            EditOffer,
            WithdrawOffer,
        ],
        Ctx::Split => vec![Up, Down, Backspace, Submit, Cancel],
        Ctx::List => vec![
            Up,
            Down,
            PageUp,
            PageDown,
            Home,
            End,
            Filter,
            Sort,
            Cancel,
            EditOffer,
            WithdrawOffer,
        ],
        Ctx::Dashboard => vec![Left, Right, PageUp, PageDown, Up, Down],
        Ctx::Filter => vec![Submit, Cancel, Backspace, Left, Right],
        Ctx::Dialog => vec![
            Yes,
            No,
            Submit,
            Cancel,
            Choose(1),
            Choose(2),
            Choose(3),
            Choose(4),
            Up,
            Down,
        ],
        Ctx::Help => vec![Up, Down, Cancel],
        Ctx::Desk => super::desk::handled(),
        Ctx::Needs => {
            use super::registry::RegKey;
            [
                RegKey::Add,
                RegKey::Edit,
                RegKey::Close,
                RegKey::Review,
                RegKey::Stale,
                RegKey::Propose,
            ]
            .into_iter()
            .map(Registry)
            .collect()
        }
        Ctx::Orgs => vec![Registry(super::registry::RegKey::Search), Up, Down],
        Ctx::NeedForm => vec![
            NextField, PrevField, Submit, Save, Cancel, Up, Down, Left, Right, Home, End,
            Backspace, Delete,
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &Action, b: &Action) -> bool {
        same_action(a, b)
    }

    #[test]
    fn every_action_handled_in_a_context_has_a_key_there() {
        let map = default_keymap();
        for ctx in Ctx::ORDER {
            for action in handled(ctx) {
                let bound = map
                    .iter()
                    .any(|b| (b.ctx == ctx || b.ctx == Ctx::Global) && same(&b.action, &action));
                assert!(
                    bound,
                    "{action:?} is handled in {ctx:?} but has no key (so F1 does not show it)"
                );
            }
        }
    }

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn the_ukrainian_layout_is_an_alias_of_the_latin_one() {
        let map = default_keymap();
        // і is where s is: sort; . is where / is: filter; т and н answer a dialog.
        assert!(matches!(
            lookup(&map, &[Ctx::List], &key('і'), false),
            Some(Action::Sort)
        ));
        assert!(matches!(
            lookup(&map, &[Ctx::List], &key('.'), false),
            Some(Action::Filter)
        ));
        assert!(matches!(
            lookup(&map, &[Ctx::List], &key('о'), false),
            Some(Action::Down)
        ));
        assert!(matches!(
            lookup(&map, &[Ctx::Dialog], &key('н'), false),
            Some(Action::Yes)
        ));
        assert!(matches!(
            lookup(&map, &[Ctx::Dialog], &key('т'), false),
            Some(Action::No)
        ));
        assert!(matches!(
            lookup(&map, &[Ctx::Candidates], &key('у'), false),
            Some(Action::EditQuantity)
        ));
        // Ctrl-D (Ctrl-В on the Ukrainian layout) splits the items of the form.
        let ctrl_d = KeyEvent::new(KeyCode::Char('в'), KeyModifiers::CONTROL);
        assert!(matches!(
            lookup(&map, &[Ctx::Form], &ctrl_d, true),
            Some(Action::SplitItems)
        ));
        // Typing keeps every letter.
        assert!(lookup(&map, &[Ctx::Form, Ctx::Global], &key('і'), true).is_none());
        assert!(lookup(&map, &[Ctx::Form, Ctx::Global], &key('?'), true).is_none());
        let ctrl_s = KeyEvent::new(KeyCode::Char('і'), KeyModifiers::CONTROL);
        assert!(matches!(
            lookup(&map, &[Ctx::Form], &ctrl_s, true),
            Some(Action::Save)
        ));
        let ctrl_q = KeyEvent::new(KeyCode::Char('й'), KeyModifiers::CONTROL);
        assert!(matches!(
            lookup(&map, &[Ctx::Global], &ctrl_q, false),
            Some(Action::Quit)
        ));
        assert!(matches!(
            lookup(&map, &[Ctx::List, Ctx::Global], &key('?'), false),
            Some(Action::Help)
        ));
        assert!(matches!(
            lookup(&map, &[Ctx::List, Ctx::Global], &key(','), false),
            Some(Action::Help)
        ));
    }

    #[test]
    fn both_layouts_have_the_same_number_of_keys() {
        assert_eq!(latin_twin('ї'), Some(']'));
        assert_eq!(latin_twin('ж'), Some(';'));
        assert_eq!(latin_twin('Б'), Some('<'));
        assert_eq!(latin_twin('a'), None);
    }

    fn over(action: &str, key: &str) -> KeyOverride {
        let (code, mods) = crate::config::parse_key(key).unwrap();
        KeyOverride {
            action: action.into(),
            code,
            mods,
            text: key.into(),
        }
    }

    #[test]
    fn every_configurable_name_is_an_action_with_a_key() {
        let map = default_keymap();
        for name in crate::config::BINDABLE_ACTIONS {
            let action = action_named(name).unwrap_or_else(|| {
                panic!("[keys] accepts '{name}' but the console has no such action")
            });
            assert!(
                map.iter().any(|b| same_action(&b.action, &action)),
                "'{name}' has no key in the default keymap, so an override would do nothing"
            );
        }
        assert!(action_named("launch").is_none());
    }

    fn console(keys: &[KeyOverride]) -> crate::tui::App {
        use crate::domain::{Clock, FixedClock};
        use chrono::TimeZone;
        use std::sync::Arc;
        let now = chrono::Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
        let clock: Arc<dyn Clock> = Arc::new(FixedClock(now));
        let store = crate::store::Store::open_in_memory("t")
            .unwrap()
            .with_clock(clock.clone());
        let mut app = crate::tui::App::new(
            store,
            crate::i18n::Lang::Uk,
            clock,
            chrono::FixedOffset::east_opt(2 * 3600).unwrap(),
        );
        app.keymap = with_overrides(default_keymap(), keys);
        app
    }

    fn help_text(app: &crate::tui::App) -> String {
        crate::tui::overlay::view::help_lines(app)
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn an_override_moves_the_action_and_the_screen_says_so() {
        let c = &crate::i18n::UK.console;
        let ctrl = |ch| KeyEvent::new(KeyCode::Char(ch), KeyModifiers::CONTROL);
        // Before: Ctrl-S saves, and the footer and F1 say so.
        let app = console(&[]);
        assert!(matches!(
            lookup(&app.keymap, &app.contexts(), &ctrl('s'), true),
            Some(Action::Save)
        ));
        let hints = crate::tui::views::hints(&app);
        assert!(hints.contains(&("Ctrl-S".to_string(), c.k_save.to_string())));
        // After `save = "ctrl+w"`, `help = "f12"`, `next_call = "alt+n"`.
        let app = console(&[
            over("save", "ctrl+w"),
            over("help", "F12"),
            over("next_call", "alt+n"),
        ]);
        let ctxs = app.contexts();
        assert!(matches!(
            lookup(&app.keymap, &ctxs, &ctrl('w'), true),
            Some(Action::Save)
        ));
        // The Ukrainian layout's twin of the new key works too (ц is where w is).
        assert!(matches!(
            lookup(&app.keymap, &ctxs, &ctrl('ц'), true),
            Some(Action::Save)
        ));
        // The old keys no longer do it.
        assert!(lookup(&app.keymap, &ctxs, &ctrl('s'), true).is_none());
        assert!(lookup(&app.keymap, &ctxs, &ctrl('n'), true).is_none());
        let f = |n| KeyEvent::new(KeyCode::F(n), KeyModifiers::NONE);
        assert!(lookup(&app.keymap, &ctxs, &f(1), true).is_none());
        assert!(matches!(
            lookup(&app.keymap, &ctxs, &f(12), true),
            Some(Action::Help)
        ));
        let question = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE);
        assert!(lookup(&app.keymap, &[Ctx::List, Ctx::Global], &question, false).is_none());
        let alt_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::ALT);
        assert!(matches!(
            lookup(&app.keymap, &[Ctx::Candidates], &alt_n, true),
            Some(Action::NextCall)
        ));
        // The footer shows the new keys and not the old ones.
        let hints = crate::tui::views::hints(&app);
        assert!(
            hints.contains(&("Ctrl-W".to_string(), c.k_save.to_string())),
            "{hints:?}"
        );
        assert!(
            hints.contains(&("F12".to_string(), c.k_help.to_string())),
            "{hints:?}"
        );
        assert!(
            !hints.iter().any(|(k, _)| k == "Ctrl-S" || k == "F1"),
            "{hints:?}"
        );
        // F1 help (the overlay, whichever key opens it) lists them.
        let help = help_text(&app);
        let line = |key: &str, what: &str| {
            help.lines()
                .any(|l| l.trim_start().starts_with(key) && l.ends_with(what))
        };
        assert!(line("Ctrl-W", c.k_save), "{help}");
        assert!(line("F12", c.k_help), "{help}");
        assert!(line("Alt-N", c.k_next_call), "{help}");
        assert!(!line("Ctrl-S", c.k_save), "{help}");
        // Every action still has exactly one binding per context it had.
        for ctx in Ctx::ORDER {
            let save_keys = app
                .keymap
                .iter()
                .filter(|b| b.ctx == ctx && matches!(b.action, Action::Save))
                .count();
            assert!(save_keys <= 1);
        }
    }

    #[test]
    fn an_override_onto_a_taken_key_takes_it_there() {
        // `save = "ctrl+n"`: in the form Ctrl-N now saves (next call has no key in the form,
        // and F1 does not claim it has); on the suggestions Ctrl-N still takes the next call.
        let app = console(&[over("save", "ctrl+n")]);
        let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
        assert!(matches!(
            lookup(&app.keymap, &[Ctx::Form, Ctx::Global], &ctrl_n, true),
            Some(Action::Save)
        ));
        assert!(matches!(
            lookup(&app.keymap, &[Ctx::Candidates, Ctx::Global], &ctrl_n, true),
            Some(Action::NextCall)
        ));
        assert!(
            !app.keymap
                .iter()
                .any(|b| b.ctx == Ctx::Form && matches!(b.action, Action::NextCall))
        );
    }
}
