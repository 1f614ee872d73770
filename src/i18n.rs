//! All user-facing text, one table per language. Every language fills every field, so a missing
//! translation is a compile error, not a blank on an operator's screen.

use serde::Serialize;

pub mod messages;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Uk,
    #[default]
    En,
}

impl Lang {
    /// Ukrainian for a `uk` locale (LC_ALL, LC_MESSAGES, LANG), English otherwise.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
            .filter(|v| v.starts_with("uk"))
            .map(|_| Lang::Uk)
            .unwrap_or(Lang::En)
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Uk => &UK,
            Lang::En => &EN,
        }
    }

    /// Text in this language for a message that has no field in `Strings` (the CLI's one-off
    /// messages): `lang.tr("no database at {0}", "немає бази даних {0}")`, with `fill` for the
    /// slots. Both texts sit side by side at the call, so a message cannot lose its translation.
    pub fn tr(self, en: &'static str, uk: &'static str) -> &'static str {
        match self {
            Lang::Uk => uk,
            Lang::En => en,
        }
    }

    /// A count with its noun in the right form: `lang.count(3, ["offer", "offers"],
    /// ["пропозиція", "пропозиції", "пропозицій"])` is "3 offers" / "3 пропозиції".
    pub fn count(self, n: i64, en: [&str; 2], uk: [&str; 3]) -> String {
        let word = match self {
            Lang::En => en[usize::from(n.unsigned_abs() != 1)],
            Lang::Uk => uk[uk_plural(n) as usize],
        };
        format!("{n} {word}")
    }

    /// A unit's label after the number `n`: its code in English; in Ukrainian its abbreviation,
    /// or the whole word in the form the number asks (1 пара, 2 пари, 5 пар; 2 місця).
    pub fn unit_after(self, unit: crate::domain::Unit, n: i64) -> &'static str {
        self.unit_in(unit, n, Case::Nominative)
    }

    /// A unit's label after the number `n` standing in `case`.
    ///
    /// English has no cases: the unit's code, in the singular after 1 («1 pair», «2 pairs»,
    /// «1 pcs» stays an abbreviation).
    ///
    /// Ukrainian, for the units written as whole words (пара, ліжко, місце, палета):
    /// - nominative, the count itself: 1, 21 «пара»; 2–4, 22–24 «пари»; 0, 5–20, 25–30 «пар»;
    /// - accusative, what is given («дати 1 пару»): as the nominative, but a feminine noun takes
    ///   its accusative after 1, 21… («пару», «палету»; «ліжко», «місце» stay);
    /// - genitive, after «з» («2 з 5 пар»): the numeral goes into the genitive too («з двох»,
    ///   «з п'яти», «з однієї») and the noun follows it: the genitive singular after 1, 21…
    ///   (not 11), the genitive plural after any other number («з 1 пари», «з 2 пар», «з 21 пари»).
    ///   For these four nouns the genitive singular is the very form 2–4 take («пари», «ліжка»,
    ///   «місця», «палети»: after 2–4 the noun stands in the nominative plural with the stress of
    ///   the genitive singular), and the genitive plural is the form 5+ take.
    ///
    /// Abbreviations (шт, кг, уп, л…) do not change.
    pub fn unit_in(self, unit: crate::domain::Unit, n: i64, case: Case) -> &'static str {
        if self == Lang::En {
            return match n.unsigned_abs() {
                1 => unit.label_en_one().unwrap_or(unit.code()),
                _ => unit.code(),
            };
        }
        let Some(forms) = unit.label_uk_forms() else {
            return unit.label_uk();
        };
        let form = uk_plural(n);
        match (case, form) {
            (Case::Accusative, UkPlural::One) => unit.label_uk_acc_one().unwrap_or(forms[0]),
            (Case::Genitive, UkPlural::One) => forms[UkPlural::Few as usize],
            (Case::Genitive, _) => forms[UkPlural::Many as usize],
            _ => forms[form as usize],
        }
    }

    /// A quantity with its unit: «2 місця», «5 пар», «12 шт»; "2 places" is "2 places".
    pub fn quantity(self, n: i64, unit: crate::domain::Unit) -> String {
        format!("{n} {}", self.unit_after(unit, n))
    }

    /// A quantity with its unit standing in `case`: `Case::Accusative` after «дати» («дати
    /// 1 пару»), `Case::Genitive` after «з» («бере 3 з 21 пари»). See [`Lang::unit_in`].
    pub fn quantity_in(self, n: i64, unit: crate::domain::Unit, case: Case) -> String {
        format!("{n} {}", self.unit_in(unit, n, case))
    }

    /// "part of whole" written with a slash and one unit after both: «3/5 пар», «0/2 пар»,
    /// «1/21 пари», «4/12 шт»; "3/5 pairs".
    ///
    /// The rule: «3/5 пар» is read «три з п'яти пар», not as the fraction three fifths (which
    /// would put the noun in the genitive singular whatever the numbers: «три п'ятих пари»). So
    /// the noun follows the last number, and in the genitive after «з»: «1/2 пар» («одна з двох
    /// пар»), «1/21 пари» («одна з двадцяти однієї пари»), «0/5 пар».
    pub fn fraction(self, part: i64, whole: i64, unit: crate::domain::Unit) -> String {
        format!("{part}/{}", self.quantity_in(whole, unit, Case::Genitive))
    }

    /// A status code (`open`, `partly_matched`, `handed_over`, …) as shown in this language.
    pub fn status(self, code: &str) -> &'static str {
        self.strings()
            .console
            .statuses
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, label)| *label)
            .or_else(|| {
                EN.console
                    .statuses
                    .iter()
                    .find(|(c, _)| *c == code)
                    .map(|(_, l)| *l)
            })
            .unwrap_or("?")
    }
}

/// The case a quantity stands in, for the Ukrainian unit words ([`Lang::unit_in`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// The count itself: «5 пар», «сюди 2 місця».
    Nominative,
    /// What is given or taken: «дати 1 пару».
    Accusative,
    /// After «з»: «3 з 21 пари», «3/5 пар».
    Genitive,
}

/// Ukrainian plural forms: `One` for 1, 21, 31…; `Few` for 2–4, 22–24…; `Many` for 0, 5–20,
/// 25–30… (11–14 are always `Many`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UkPlural {
    One = 0,
    Few = 1,
    Many = 2,
}

pub fn uk_plural(n: i64) -> UkPlural {
    let n = n.unsigned_abs();
    let (last, last_two) = (n % 10, n % 100);
    if last == 1 && last_two != 11 {
        UkPlural::One
    } else if (2..=4).contains(&last) && !(12..=14).contains(&last_two) {
        UkPlural::Few
    } else {
        UkPlural::Many
    }
}

/// The text of one language.
#[derive(Debug)]
pub struct Strings {
    // Values
    pub urgency: [&'static str; 4],
    pub condition_new: &'static str,
    pub condition_good: &'static str,
    pub condition_used: &'static str,
    pub accepts_new_only: &'static str,
    // CLI
    pub saved_offer: &'static str,
    pub new_donor: &'static str,
    pub known_donor: &'static str,
    pub donor: &'static str,
    pub offers: &'static str,
    pub matches: &'static str,
    pub none: &'static str,
    pub forgotten: &'static str,
    pub imported: &'static str,
    pub dry_run_nothing_written: &'static str,
    pub backup_done: &'static str,
    pub check_ok: &'static str,
    pub check_failed: &'static str,
    pub demo_done: &'static str,
    pub proposed: &'static str,
    pub no_candidates: &'static str,
    pub unclassified: &'static str,
    // Match reasons
    pub r_same_category: &'static str,
    pub r_narrower: &'static str,
    pub r_broader: &'static str,
    pub r_text_similar: &'static str,
    pub r_same_settlement: &'static str,
    pub r_same_hromada: &'static str,
    pub r_same_raion: &'static str,
    pub r_same_oblast: &'static str,
    pub r_elsewhere: &'static str,
    pub r_no_location: &'static str,
    pub r_urgency: &'static str,
    pub r_takes_all: &'static str,
    pub r_takes_part: &'static str,
    pub r_split: &'static str,
    pub r_waiting_days: &'static str,
    pub r_accepts_new: &'static str,
    /// The console.
    pub console: ConsoleStrings,
}

/// The console's text (the TUI), one field per message; `{0}` slots as in `fill`.
#[derive(Debug)]
pub struct ConsoleStrings {
    /// The language of this table (the store's messages are rendered in it at the edge).
    pub lang: Lang,
    /// The Matches tab as the liaison's desk.
    pub desk: &'static DeskStrings,
    pub tab_call: &'static str,
    pub tab_offers: &'static str,
    pub tab_needs: &'static str,
    pub tab_matches: &'static str,
    pub tab_orgs: &'static str,
    pub tab_dashboard: &'static str,
    pub f_phone: &'static str,
    pub f_name: &'static str,
    pub f_item: &'static str,
    pub f_quantity: &'static str,
    pub f_unit: &'static str,
    pub f_condition: &'static str,
    pub f_location: &'static str,
    pub f_notes: &'static str,
    pub unit_auto: &'static str,
    pub not_in_catalogue: &'static str,
    pub place_unknown: &'static str,
    pub call_title: &'static str,
    pub caller_title: &'static str,
    pub items_title: &'static str,
    pub places_title: &'static str,
    pub popup_hint: &'static str,
    pub known_donor: &'static str,
    pub new_donor: &'static str,
    pub earlier_offers: &'static str,
    pub open_matches: &'static str,
    pub callbacks_due: &'static str,
    pub no_callbacks: &'static str,
    pub best_needs: &'static str,
    pub needs_for_offer: &'static str,
    pub searching: &'static str,
    pub type_item: &'static str,
    pub open_qty: &'static str,
    pub suggest_qty: &'static str,
    pub phone_invalid: &'static str,
    pub item_missing: &'static str,
    pub quantity_invalid: &'static str,
    pub callback_invalid: &'static str,
    pub offer_saved: &'static str,
    pub offer_locked: &'static str,
    pub save_first: &'static str,
    pub proposed_to: &'static str,
    pub call_logged: &'static str,
    pub finish_call_first: &'static str,
    pub draft_failed: &'static str,
    pub draft_restored: &'static str,
    pub draft_title: &'static str,
    pub draft_found: &'static str,
    pub draft_discard: &'static str,
    pub quit_title: &'static str,
    pub quit_unsaved: &'static str,
    pub outcome_title: &'static str,
    pub outcome_question: &'static str,
    pub outcome_logged: &'static str,
    pub outcome_nothing: &'static str,
    pub outcome_callback: &'static str,
    pub outcome_wrong: &'static str,
    pub callback_title: &'static str,
    pub callback_prompt: &'static str,
    pub qty_title: &'static str,
    pub qty_prompt: &'static str,
    pub help_title: &'static str,
    pub h_global: &'static str,
    pub h_form: &'static str,
    pub h_candidates: &'static str,
    pub h_list: &'static str,
    pub h_filter: &'static str,
    pub h_dialog: &'static str,
    pub h_help: &'static str,
    pub k_close: &'static str,
    pub k_yes: &'static str,
    pub k_no: &'static str,
    pub k_confirm: &'static str,
    pub k_cancel: &'static str,
    pub k_scroll: &'static str,
    pub k_enter_form: &'static str,
    pub k_next_field: &'static str,
    pub k_prev_field: &'static str,
    pub k_form_up: &'static str,
    pub k_form_down: &'static str,
    pub k_left: &'static str,
    pub k_right: &'static str,
    pub k_line_start: &'static str,
    pub k_line_end: &'static str,
    pub k_backspace: &'static str,
    pub k_delete: &'static str,
    pub k_save: &'static str,
    pub k_next_call: &'static str,
    pub k_callback: &'static str,
    pub k_hide_suggestions: &'static str,
    pub k_choose: &'static str,
    pub k_up: &'static str,
    pub k_down: &'static str,
    pub k_propose: &'static str,
    pub k_edit_qty: &'static str,
    pub k_back_to_form: &'static str,
    pub k_split: &'static str,
    pub k_other_offer: &'static str,
    pub items_read: &'static str,
    pub item_not_recognised: &'static str,
    pub split_title: &'static str,
    pub split_hint: &'static str,
    pub split_one_item: &'static str,
    pub offers_saved: &'static str,
    pub offer_of: &'static str,
    pub place_not_found_note: &'static str,
    pub place_ambiguous_note: &'static str,
    pub ranked_without_place: &'static str,
    pub place_several: &'static str,
    pub k_save_all: &'static str,
    pub k_page_up: &'static str,
    pub k_page_down: &'static str,
    pub k_first: &'static str,
    pub k_last: &'static str,
    pub k_filter: &'static str,
    pub k_sort: &'static str,
    pub k_clear_filter: &'static str,
    pub k_filter_done: &'static str,
    pub k_help: &'static str,
    pub k_quit: &'static str,
    pub k_interrupt: &'static str,
    pub k_tabs: &'static str,
    pub operator: &'static str,
    /// The single seat (a database without users) in the status bar.
    pub local_user: &'static str,
    /// The roles' names in the status line: operator, lead, liaison, admin.
    pub role_names: [&'static str; 4],
    /// A tab key for a tab the person's roles do not show.
    pub tab_not_for_role: &'static str,
    pub too_small: &'static str,
    pub filter_hint: &'static str,
    pub row_of: &'static str,
    pub row_of_many: &'static str,
    pub sort_db: &'static str,
    pub sort_urgent: &'static str,
    pub sort_by: &'static str,
    pub empty_list: &'static str,
    pub sort_name: &'static str,
    pub col_partner_ref: &'static str,
    pub e_busy: &'static str,
    pub e_disk: &'static str,
    pub e_not_found: &'static str,
    pub e_invalid: &'static str,
    pub e_other: &'static str,
    pub paste_cut: &'static str,
    pub saving: &'static str,
    pub detail: &'static str,
    pub col_ref: &'static str,
    pub col_donor: &'static str,
    pub col_item: &'static str,
    pub col_quantity: &'static str,
    pub col_place: &'static str,
    pub col_status: &'static str,
    pub col_org: &'static str,
    pub col_urgency: &'static str,
    pub col_open: &'static str,
    pub col_name: &'static str,
    pub col_kind: &'static str,
    pub col_contact: &'static str,
    pub col_need: &'static str,
    pub tally_line: &'static str,
    pub created: &'static str,
    pub needed_by: &'static str,
    pub helps_with: &'static str,
    pub offer: &'static str,
    pub need: &'static str,
    pub loading: &'static str,
    pub d_registry: &'static str,
    pub d_orgs: &'static str,
    pub d_needs: &'static str,
    pub d_of_open: &'static str,
    pub d_fulfilled: &'static str,
    pub d_donors: &'static str,
    pub d_offers: &'static str,
    pub d_matches: &'static str,
    pub d_calls: &'static str,
    pub d_calls_today: &'static str,
    pub d_recent: &'static str,
    /// Status codes of needs, offers and matches, as shown.
    pub statuses: &'static [(&'static str, &'static str)],
    /// The Call tab's queues, the correction of an offer, the Dashboard (issue 11).
    pub shift: ShiftStrings,
}

pub static EN: Strings = Strings {
    urgency: ["critical", "high", "normal", "low"],
    condition_new: "new",
    condition_good: "good",
    condition_used: "used",
    accepts_new_only: "new only",
    saved_offer: "Saved offer",
    new_donor: "new donor",
    known_donor: "known donor",
    donor: "Donor",
    offers: "Offers",
    matches: "Matches",
    none: "none",
    forgotten: "Forgotten: name, phone and address erased for donor",
    imported: "Imported",
    dry_run_nothing_written: "dry run: nothing was written",
    backup_done: "Backup written to",
    check_ok: "Database OK",
    check_failed: "Database has problems",
    demo_done: "Demo data generated",
    proposed: "Proposed match",
    no_candidates: "No open need fits this offer.",
    unclassified: "item not in the catalogue: compared by text",
    r_same_category: "same item: {0}",
    r_narrower: "fits the broader need: {0}",
    r_broader: "broader item than asked: {0}",
    r_text_similar: "similar text",
    r_same_settlement: "same town",
    r_same_hromada: "same hromada",
    r_same_raion: "same raion",
    r_same_oblast: "same oblast",
    r_elsewhere: "another oblast",
    r_no_location: "no location given",
    r_urgency: "urgency: {0}",
    r_takes_all: "takes all {0}",
    r_takes_part: "takes {0} of {1}",
    r_split: "the offer is split: {0} here",
    r_waiting_days: "waiting {0} days",
    r_accepts_new: "accepts new only",
    console: ConsoleStrings {
        lang: Lang::En,
        desk: &DESK_EN,
        tab_call: "Call",
        tab_offers: "Offers",
        tab_needs: "Needs",
        tab_matches: "Matches",
        tab_orgs: "Organisations",
        tab_dashboard: "Dashboard",
        f_phone: "Phone",
        f_name: "Name",
        f_item: "Item",
        f_quantity: "Quantity",
        f_unit: "Unit",
        f_condition: "Condition",
        f_location: "Location",
        f_notes: "Notes",
        unit_auto: "(from item)",
        not_in_catalogue: "not in catalogue",
        place_unknown: "place not found",
        call_title: "Call · since {0}",
        caller_title: "Caller",
        items_title: "Catalogue",
        places_title: "Places",
        popup_hint: "↓ choose, Enter take, Esc hide",
        known_donor: "Known donor",
        new_donor: "New donor (number not known)",
        earlier_offers: "Earlier offers: {0}",
        open_matches: "Open matches: {0}",
        callbacks_due: "Callbacks due: {0} · Ctrl-B",
        no_callbacks: "No callbacks due.",
        best_needs: "Best needs for this offer",
        needs_for_offer: "Needs for {0} ({1} open)",
        searching: " · searching…",
        type_item: "Type an item to see matching needs.",
        open_qty: "open {0}",
        suggest_qty: "give {0}",
        phone_invalid: "Phone: not a valid number (e.g. 095 167 90 26)",
        item_missing: "Item: say what is offered",
        quantity_invalid: "Quantity: a positive whole number",
        callback_invalid: "Time: 14:30, +30 (minutes) or +2h",
        offer_saved: "Saved offer {0}. ↑↓ choose a need, Enter proposes.",
        offer_locked: "The offer is saved: Ctrl-N starts the next call.",
        save_first: "Save the offer first (Ctrl-S).",
        proposed_to: "Proposed {0}: {1} to {2} ({3})",
        call_logged: "Call logged. Next call.",
        finish_call_first: "Finish this call first (Ctrl-S or Ctrl-N).",
        draft_failed: "Could not keep the draft: {0}",
        draft_restored: "The kept entry is back.",
        draft_title: "Unsaved entry",
        draft_found: "An entry from {0} was not saved. Restore it?",
        draft_discard: "Discard the entry from {0} for good? It cannot be brought back.\n\n{1}\n\nEnter discard · Esc back",
        quit_title: "Quit",
        quit_unsaved: "The entry is not saved. It is kept as a draft and offered back next time. Quit?",
        outcome_title: "End of call",
        outcome_question: "How did the call end?",
        outcome_logged: "offer logged",
        outcome_nothing: "nothing to offer",
        outcome_callback: "call back later",
        outcome_wrong: "wrong number",
        callback_title: "Call back",
        callback_prompt: "When? 14:30, +30 (minutes) or +2h",
        qty_title: "Quantity",
        qty_prompt: "How many to propose?",
        help_title: "Keys (F1 / Esc close, ↑↓ scroll)",
        h_global: "Everywhere",
        h_form: "Call form",
        h_candidates: "Suggested needs",
        h_list: "Lists",
        h_filter: "Filter",
        h_dialog: "Dialogs",
        h_help: "Help",
        k_close: "close",
        k_yes: "yes",
        k_no: "no",
        k_confirm: "confirm",
        k_cancel: "cancel",
        k_scroll: "scroll",
        k_enter_form: "look up / next field / take suggestion",
        k_next_field: "next field",
        k_prev_field: "previous field",
        k_form_up: "previous field or suggestion",
        k_form_down: "next field or suggestion",
        k_left: "cursor left / previous choice",
        k_right: "cursor right / next choice",
        k_line_start: "start of field",
        k_line_end: "end of field",
        k_backspace: "delete back",
        k_delete: "delete",
        k_save: "save offer",
        k_next_call: "next call",
        k_callback: "callbacks: choose one to take",
        k_hide_suggestions: "hide suggestions",
        k_choose: "choose",
        k_up: "up",
        k_down: "down",
        k_propose: "propose",
        k_edit_qty: "edit quantity",
        k_back_to_form: "back to the form",
        k_split: "split into separate offers",
        k_other_offer: "the other offers of this call",
        items_read: "{0} items read; {1} splits them:",
        item_not_recognised: "item not recognised",
        split_title: "Separate offers: quantity of each",
        split_hint: "↑↓ item, digits quantity, Enter save all, Esc cancel",
        split_one_item: "The text names one item: Ctrl-S saves it.",
        offers_saved: "Saved {0} offers: {1}. ←→ switch offer, ↑↓ choose a need.",
        offer_of: "offer {0} of {1}",
        place_not_found_note: "Place «{0}» not found",
        place_ambiguous_note: "«{0}» is {1} places: pick one in Location",
        ranked_without_place: "needs ranked without locality",
        place_several: "several places",
        k_save_all: "save each as an offer",
        k_page_up: "page up",
        k_page_down: "page down",
        k_first: "first",
        k_last: "last",
        k_filter: "filter",
        k_sort: "sort",
        k_clear_filter: "clear filter",
        k_filter_done: "done",
        k_help: "help",
        k_quit: "quit",
        k_interrupt: "keep draft and quit",
        k_tabs: "tabs",
        operator: "operator",
        local_user: "all rights",
        role_names: ["operator", "lead", "liaison", "admin"],
        tab_not_for_role: "This tab is not for your role.",
        too_small: "Terminal too small: {0}, need at least {1}. Enlarge the window.",
        filter_hint: "press {0} to filter, {1} to change the order",
        row_of: "{0} of {1}",
        row_of_many: "{0} of … (counting)",
        sort_db: "newest first",
        sort_urgent: "most urgent first",
        sort_by: "sorted by {0} (page)",
        empty_list: "nothing here",
        sort_name: "by name",
        col_partner_ref: "Partner ref",
        e_busy: "The database is busy (another console is writing); try again in a moment",
        e_disk: "The database cannot be written (disk full or read-only); nothing was changed",
        e_not_found: "{0} is not there any more",
        e_invalid: "Not accepted: {0}",
        e_other: "The database answered with an error; see the log",
        paste_cut: "Pasted text cut: this field takes {0} characters",
        saving: "saving…",
        detail: "Details",
        col_ref: "Ref",
        col_donor: "Donor",
        col_item: "Item",
        col_quantity: "Qty",
        col_place: "Place",
        col_status: "Status",
        col_org: "Organisation",
        col_urgency: "Urgency",
        col_open: "Open/total",
        col_name: "Name",
        col_kind: "Kind",
        col_contact: "Contact",
        col_need: "Need",
        tally_line: "open {0} · proposed {1} · confirmed {2} · delivered {3}",
        created: "created",
        needed_by: "needed by",
        helps_with: "Helps with",
        offer: "offer",
        need: "need",
        loading: "loading…",
        d_registry: "Registry",
        d_orgs: "Organisations",
        d_needs: "Needs",
        d_of_open: "{0} ({1} open)",
        d_fulfilled: "Needs fulfilled",
        d_donors: "Donors",
        d_offers: "Offers",
        d_matches: "Matches",
        d_calls: "Calls",
        d_calls_today: "My calls today: {0}",
        d_recent: "Recent calls",
        statuses: &[
            ("open", "open"),
            ("partly_matched", "partly matched"),
            ("matched", "matched"),
            ("delivered", "delivered"),
            ("withdrawn", "withdrawn"),
            ("expired", "expired"),
            ("fulfilled", "fulfilled"),
            ("closed", "closed"),
            ("proposed", "proposed"),
            ("confirmed", "confirmed"),
            ("handed_over", "handed over"),
            ("declined", "declined"),
            ("cancelled", "cancelled"),
        ],
        shift: SHIFT_EN,
    },
};

pub static UK: Strings = Strings {
    urgency: ["критична", "висока", "звичайна", "низька"],
    condition_new: "нове",
    condition_good: "добре",
    condition_used: "вживане",
    accepts_new_only: "лише нове",
    saved_offer: "Пропозицію збережено",
    new_donor: "новий донор",
    known_donor: "відомий донор",
    donor: "Донор",
    offers: "Пропозиції",
    matches: "Зіставлення",
    none: "немає",
    forgotten: "Забуто: ім'я, телефон і адресу стерто для донора",
    imported: "Імпортовано",
    dry_run_nothing_written: "пробний запуск: нічого не записано",
    backup_done: "Резервну копію записано до",
    check_ok: "База даних у порядку",
    check_failed: "База даних має проблеми",
    demo_done: "Демо-дані створено",
    proposed: "Запропоновано зіставлення",
    no_candidates: "Жодна відкрита потреба не підходить.",
    unclassified: "предмета немає в каталозі: порівняно за текстом",
    r_same_category: "той самий предмет: {0}",
    r_narrower: "підходить до ширшої потреби: {0}",
    r_broader: "ширший предмет, ніж просять: {0}",
    r_text_similar: "схожий текст",
    r_same_settlement: "те саме місто",
    r_same_hromada: "та сама громада",
    r_same_raion: "той самий район",
    r_same_oblast: "та сама область",
    r_elsewhere: "інша область",
    r_no_location: "місце не вказано",
    r_urgency: "терміновість: {0}",
    r_takes_all: "бере всі {0}",
    r_takes_part: "бере {0} з {1}",
    r_split: "пропозицію розділено: сюди {0}",
    r_waiting_days: "чекає {0} дн.",
    r_accepts_new: "приймає лише нове",
    console: ConsoleStrings {
        lang: Lang::Uk,
        desk: &DESK_UK,
        tab_call: "Дзвінок",
        tab_offers: "Пропозиції",
        tab_needs: "Потреби",
        tab_matches: "Зіставлення",
        tab_orgs: "Організації",
        tab_dashboard: "Огляд",
        f_phone: "Телефон",
        f_name: "Ім'я",
        f_item: "Предмет",
        f_quantity: "Кількість",
        f_unit: "Одиниця",
        f_condition: "Стан",
        f_location: "Місце",
        f_notes: "Примітки",
        unit_auto: "(за предметом)",
        not_in_catalogue: "немає в каталозі",
        place_unknown: "місце не знайдено",
        call_title: "Дзвінок · з {0}",
        caller_title: "Абонент",
        items_title: "Каталог",
        places_title: "Місця",
        popup_hint: "↓ вибрати, Enter взяти, Esc сховати",
        known_donor: "Відомий донор",
        new_donor: "Новий донор (номер невідомий)",
        earlier_offers: "Попередні пропозиції: {0}",
        open_matches: "Відкриті зіставлення: {0}",
        callbacks_due: "Передзвонити: {0} · Ctrl-B",
        no_callbacks: "Немає передзвонів на зараз.",
        best_needs: "Найкращі потреби для пропозиції",
        needs_for_offer: "Потреби для {0} (вільно {1})",
        searching: " · пошук…",
        type_item: "Введіть предмет, щоб побачити потреби.",
        open_qty: "відкрито {0}",
        suggest_qty: "дати {0}",
        phone_invalid: "Телефон: неправильний номер (напр. 095 167 90 26)",
        item_missing: "Предмет: вкажіть, що пропонують",
        quantity_invalid: "Кількість: ціле додатне число",
        callback_invalid: "Час: 14:30, +30 (хвилин) або +2г",
        offer_saved: "Пропозицію {0} збережено. ↑↓ виберіть потребу, Enter — запропонувати.",
        offer_locked: "Пропозицію збережено: Ctrl-N — наступний дзвінок.",
        save_first: "Спершу збережіть пропозицію (Ctrl-S).",
        proposed_to: "Запропоновано {0}: {1} для {2} ({3})",
        call_logged: "Дзвінок записано. Наступний.",
        finish_call_first: "Спершу завершіть цей дзвінок (Ctrl-S або Ctrl-N).",
        draft_failed: "Не вдалося зберегти чернетку: {0}",
        draft_restored: "Збережений запис відновлено.",
        draft_title: "Незбережений запис",
        draft_found: "Запис від {0} не було збережено. Відновити?",
        draft_discard: "Відкинути запис від {0} назавжди? Його не можна буде повернути.\n\n{1}\n\nEnter відкинути · Esc назад",
        quit_title: "Вихід",
        quit_unsaved: "Запис не збережено. Його буде збережено як чернетку і запропоновано наступного разу. Вийти?",
        outcome_title: "Кінець дзвінка",
        outcome_question: "Чим закінчився дзвінок?",
        outcome_logged: "пропозицію записано",
        outcome_nothing: "нічого не пропонує",
        outcome_callback: "передзвонити пізніше",
        outcome_wrong: "помилковий номер",
        callback_title: "Передзвонити",
        callback_prompt: "Коли? 14:30, +30 (хвилин) або +2г",
        qty_title: "Кількість",
        qty_prompt: "Скільки запропонувати?",
        help_title: "Клавіші (F1 / Esc закрити, ↑↓ гортати)",
        h_global: "Усюди",
        h_form: "Форма дзвінка",
        h_candidates: "Запропоновані потреби",
        h_list: "Списки",
        h_filter: "Фільтр",
        h_dialog: "Діалоги",
        h_help: "Довідка",
        k_close: "закрити",
        k_yes: "так",
        k_no: "ні",
        k_confirm: "підтвердити",
        k_cancel: "скасувати",
        k_scroll: "гортати",
        k_enter_form: "пошук / наступне поле / взяти підказку",
        k_next_field: "наступне поле",
        k_prev_field: "попереднє поле",
        k_form_up: "попереднє поле чи підказка",
        k_form_down: "наступне поле чи підказка",
        k_left: "курсор ліворуч / попередній варіант",
        k_right: "курсор праворуч / наступний варіант",
        k_line_start: "початок поля",
        k_line_end: "кінець поля",
        k_backspace: "стерти назад",
        k_delete: "видалити",
        k_save: "зберегти",
        k_next_call: "наступний дзвінок",
        k_callback: "передзвони: вибрати й взяти",
        k_hide_suggestions: "сховати підказки",
        k_choose: "вибрати",
        k_up: "вгору",
        k_down: "вниз",
        k_propose: "запропонувати",
        k_edit_qty: "змінити кількість",
        k_back_to_form: "назад до форми",
        k_split: "розділити на окремі пропозиції",
        k_other_offer: "інші пропозиції цього дзвінка",
        items_read: "Речей: {0}; {1} — кожну окремо:",
        item_not_recognised: "річ не розпізнано",
        split_title: "Окремі пропозиції: кількість кожної",
        split_hint: "↑↓ річ, цифри кількість, Enter зберегти всі, Esc скасувати",
        split_one_item: "У тексті одна річ: Ctrl-S зберігає її.",
        offers_saved: "Збережено {0} пропозиції: {1}. ←→ інша пропозиція, ↑↓ потреба.",
        offer_of: "пропозиція {0} з {1}",
        place_not_found_note: "Місце «{0}» не знайдено",
        place_ambiguous_note: "«{0}» — {1} місць: виберіть у полі Місце",
        ranked_without_place: "потреби підібрано без урахування місця",
        place_several: "кілька місць",
        k_save_all: "зберегти кожну окремо",
        k_page_up: "сторінка вгору",
        k_page_down: "сторінка вниз",
        k_first: "перший",
        k_last: "останній",
        k_filter: "фільтр",
        k_sort: "сортувати",
        k_clear_filter: "скинути фільтр",
        k_filter_done: "готово",
        k_help: "довідка",
        k_quit: "вихід",
        k_interrupt: "зберегти чернетку й вийти",
        k_tabs: "вкладки",
        operator: "оператор",
        local_user: "усі права",
        role_names: ["оператор", "старший зміни", "координатор", "адміністратор"],
        tab_not_for_role: "Ця вкладка не для вашої ролі.",
        too_small: "Термінал замалий: {0}, потрібно щонайменше {1}. Збільште вікно.",
        filter_hint: "{0} — фільтр, {1} — порядок",
        row_of: "{0} з {1}",
        row_of_many: "{0} з … (рахую)",
        sort_db: "спершу нові",
        sort_urgent: "спершу термінові",
        sort_by: "за: {0} (сторінка)",
        empty_list: "порожньо",
        sort_name: "за назвою",
        col_partner_ref: "Код партнера",
        e_busy: "База зайнята (пише інша консоль); спробуйте ще раз за мить",
        e_disk: "Не вдається записати в базу (диск повний або лише для читання); нічого не змінено",
        e_not_found: "{0} більше немає",
        e_invalid: "Не прийнято: {0}",
        e_other: "База відповіла помилкою; подробиці в журналі",
        paste_cut: "Вставлений текст обрізано: у цьому полі до {0} символів",
        saving: "зберігаю…",
        detail: "Подробиці",
        col_ref: "Код",
        col_donor: "Донор",
        col_item: "Предмет",
        col_quantity: "К-сть",
        col_place: "Місце",
        col_status: "Статус",
        col_org: "Організація",
        col_urgency: "Терміновість",
        col_open: "Відкр./всього",
        col_name: "Назва",
        col_kind: "Тип",
        col_contact: "Контакт",
        col_need: "Потреба",
        tally_line: "відкрито {0} · запропоновано {1} · підтверджено {2} · передано {3}",
        created: "створено",
        needed_by: "потрібно до",
        helps_with: "Допомагає з",
        offer: "пропозиція",
        need: "потреба",
        loading: "завантаження…",
        d_registry: "Реєстр",
        d_orgs: "Організації",
        d_needs: "Потреби",
        d_of_open: "{0} (відкрито {1})",
        d_fulfilled: "Потреби виконано",
        d_donors: "Донори",
        d_offers: "Пропозиції",
        d_matches: "Зіставлення",
        d_calls: "Дзвінки",
        d_calls_today: "Мої дзвінки сьогодні: {0}",
        d_recent: "Останні дзвінки",
        statuses: &[
            ("open", "відкрита"),
            ("partly_matched", "частково"),
            ("matched", "зіставлена"),
            ("delivered", "передана"),
            ("withdrawn", "відкликана"),
            ("expired", "прострочена"),
            ("fulfilled", "виконана"),
            ("closed", "закрита"),
            ("proposed", "запропоновано"),
            ("confirmed", "підтверджено"),
            ("handed_over", "передано"),
            ("declined", "відхилено"),
            ("cancelled", "скасовано"),
        ],
        shift: SHIFT_UK,
    },
};

/// The Matches tab as the NGO liaison's desk (issue 11): its columns, keys, prompts and messages.
#[derive(Debug)]
pub struct DeskStrings {
    pub col_age: &'static str,
    /// An age: minutes, hours, days.
    pub age_min: &'static str,
    pub age_hours: &'static str,
    pub age_days: &'static str,
    pub h_desk: &'static str,
    pub k_confirm: &'static str,
    pub k_decline: &'static str,
    pub k_handover: &'static str,
    pub k_cancel: &'static str,
    pub k_waiting: &'static str,
    pub k_status: &'static str,
    pub k_org: &'static str,
    pub scope_org: &'static str,
    pub scope_status: &'static str,
    pub scope_waiting: &'static str,
    pub waiting_flag: &'static str,
    pub donor: &'static str,
    pub phone: &'static str,
    pub history: &'static str,
    pub h_propose: &'static str,
    pub h_propose_more: &'static str,
    /// A handover of less than proposed: «2 of 3 kg».
    pub h_part: &'static str,
    pub decline_title: &'static str,
    pub decline_prompt: &'static str,
    pub cancel_title: &'static str,
    pub cancel_prompt: &'static str,
    pub handover_title: &'static str,
    pub handover_prompt: &'static str,
    pub reason_empty: &'static str,
    pub received_invalid: &'static str,
    pub done_confirmed: &'static str,
    pub done_declined: &'static str,
    pub done_cancelled: &'static str,
    pub done_handed: &'static str,
    pub done_handed_part: &'static str,
    pub no_selection: &'static str,
    pub org_unknown: &'static str,
    pub org_similar: &'static str,
    pub org_several: &'static str,
    pub org_with_command: &'static str,
}

pub static DESK_EN: DeskStrings = DeskStrings {
    col_age: "Age",
    age_min: "{0} min",
    age_hours: "{0} h",
    age_days: "{0} d",
    h_desk: "Matches: the liaison's desk",
    k_confirm: "confirm",
    k_decline: "decline (asks why)",
    k_handover: "handover (asks how many arrived)",
    k_cancel: "cancel (asks why)",
    k_waiting: "waiting 3+ days: only those / all",
    k_status: "status filter: the next one",
    k_org: "organisation: only this row's / all",
    scope_org: "org: {0}",
    scope_status: "status: {0}",
    scope_waiting: "waiting 3+ days",
    waiting_flag: "! waiting {0} unconfirmed: call the organisation",
    donor: "Donor",
    phone: "phone",
    history: "History",
    h_propose: "proposed {0}",
    h_propose_more: "more proposed, now {0}",
    h_part: "{0} of {1}",
    decline_title: "Decline {0}",
    decline_prompt: "Why does the organisation decline? The offer goes back to be matched again.",
    cancel_title: "Cancel {0}",
    cancel_prompt: "Why is the match cancelled? The offer goes back to be matched again.",
    handover_title: "Handed over {0}",
    handover_prompt: "How many arrived? Proposed: {0}. Less frees the rest.",
    reason_empty: "Reason: say why (the re-match queue shows it)",
    received_invalid: "Received: a whole number from 1 to {0}",
    done_confirmed: "{0} confirmed",
    done_declined: "{0} declined: offer {1} waits to be matched again",
    done_cancelled: "{0} cancelled: offer {1} waits to be matched again",
    done_handed: "{0} handed over: {1}",
    done_handed_part: "{0} handed over: {1} of {2}; the rest is free again",
    no_selection: "No match selected",
    org_unknown: "no organisation is called «{0}»",
    org_similar: "no organisation is called «{0}»; did you mean «{1}»?",
    org_several: "«{0}» is in the names of several organisations ({1}): say which",
    org_with_command: "--org opens the console on the Matches tab; it takes no command",
};

pub static DESK_UK: DeskStrings = DeskStrings {
    col_age: "Вік",
    age_min: "{0} хв",
    age_hours: "{0} год",
    age_days: "{0} дн",
    h_desk: "Зіставлення: стіл координатора",
    k_confirm: "підтвердити",
    k_decline: "відхилити (з причиною)",
    k_handover: "передано (скільки)",
    k_cancel: "скасувати (з причиною)",
    k_waiting: "чекають 3+ дні: лише вони / усі",
    k_status: "статус: наступний фільтр",
    k_org: "організація: лише цього рядка / усі",
    scope_org: "орг.: {0}",
    scope_status: "статус: {0}",
    scope_waiting: "чекають 3+ дні",
    waiting_flag: "! {0} без підтвердження: зателефонуйте організації",
    donor: "Донор",
    phone: "тел.",
    history: "Історія",
    h_propose: "запропоновано {0}",
    h_propose_more: "додано, разом {0}",
    h_part: "{0} з {1}",
    decline_title: "Відхилити {0}",
    decline_prompt: "Чому організація відмовляється? Пропозицію буде зіставлено знову.",
    cancel_title: "Скасувати {0}",
    cancel_prompt: "Чому зіставлення скасовано? Пропозицію буде зіставлено знову.",
    handover_title: "Передано {0}",
    handover_prompt: "Скільки отримали? Запропоновано: {0}. Менше — решта звільниться.",
    reason_empty: "Причина: напишіть чому (її видно в черзі на повторне зіставлення)",
    received_invalid: "Отримано: ціле число від 1 до {0}",
    done_confirmed: "{0} підтверджено",
    done_declined: "{0} відхилено: {1} чекає нового зіставлення",
    done_cancelled: "{0} скасовано: {1} чекає нового зіставлення",
    done_handed: "{0} передано: {1}",
    done_handed_part: "{0} передано: {1} з {2}; решта знову вільна",
    no_selection: "Зіставлення не вибрано",
    org_unknown: "немає організації «{0}»",
    org_similar: "немає організації «{0}»; можливо, «{1}»?",
    org_several: "«{0}» є в назвах кількох організацій ({1}): уточніть, котрої",
    org_with_command: "--org відкриває консоль на вкладці «Зіставлення»; команди з ним не буває",
};

/// The console's strings for the callbacks, the re-match queue, the correction and withdrawal
/// of an offer and the Dashboard (issue 11), both languages side by side.
#[derive(Debug)]
pub struct ShiftStrings {
    pub k_rematch: &'static str,
    pub k_edit_offer: &'static str,
    pub k_withdraw_offer: &'static str,
    pub k_release_callback: &'static str,
    pub k_page_next: &'static str,
    pub k_page_prev: &'static str,
    pub h_dashboard: &'static str,
    pub cb_title: &'static str,
    pub cb_due: &'static str,
    pub cb_scheduled: &'static str,
    pub cb_none: &'static str,
    pub cb_hint: &'static str,
    pub cb_taken: &'static str,
    pub cb_taken_elsewhere: &'static str,
    pub cb_released: &'static str,
    pub cb_later: &'static str,
    pub cb_working: &'static str,
    pub rm_title: &'static str,
    pub rm_count: &'static str,
    pub rm_hint: &'static str,
    pub rm_none: &'static str,
    pub rm_picked: &'static str,
    pub rm_no_reason: &'static str,
    pub ed_title: &'static str,
    pub ed_hint: &'static str,
    pub ed_saved: &'static str,
    pub ed_donor_fixed: &'static str,
    pub ed_withdrawn: &'static str,
    pub wd_title: &'static str,
    pub wd_question: &'static str,
    pub wd_done: &'static str,
    pub ds_title: &'static str,
    pub ds_pages: [&'static str; 3],
    pub ds_today: &'static str,
    pub ds_week: &'static str,
    pub ds_calls: &'static str,
    pub ds_offers: &'static str,
    pub ds_proposed: &'static str,
    pub ds_confirmed: &'static str,
    pub ds_handed: &'static str,
    pub ds_operator: &'static str,
    pub ds_op_columns: &'static str,
    pub ds_by_category: &'static str,
    pub ds_spark: &'static str,
    pub ds_spark_figures: &'static str,
    pub ds_urgent: &'static str,
    pub ds_stale: &'static str,
    pub ds_waiting: &'static str,
    pub ds_callbacks: &'static str,
    pub ds_none: &'static str,
    pub ds_needed_by: &'static str,
}

pub const SHIFT_EN: ShiftStrings = ShiftStrings {
    k_rematch: "to re-match",
    k_edit_offer: "correct the offer",
    k_withdraw_offer: "withdraw the offer",
    k_release_callback: "give the callback back",
    k_page_next: "next page",
    k_page_prev: "previous page",
    h_dashboard: "Dashboard",
    cb_title: "Callbacks",
    cb_due: "Due now",
    cb_scheduled: "Later",
    cb_none: "No callbacks due.",
    cb_hint: "↑↓ choose · Enter take · Esc close",
    cb_taken: "Callback taken: {0}",
    cb_taken_elsewhere: "Another operator took this callback first.",
    cb_released: "Callback given back: it is offered again.",
    cb_later: "Later: {0}",
    cb_working: "Callback in progress",
    rm_title: "To re-match",
    rm_count: "To re-match: {0} · Ctrl-R",
    rm_hint: "↑↓ choose · Enter show its needs · Esc close",
    rm_none: "No offers to re-match.",
    rm_picked: "{0} ({1}): Enter proposes",
    rm_no_reason: "no reason given",
    ed_title: "Correcting {0}",
    ed_hint: "Correcting {0}: Ctrl-S saves the change",
    ed_saved: "{0} corrected",
    ed_donor_fixed: "The donor's phone and name are not changed here.",
    ed_withdrawn: "{0} is withdrawn: nothing to correct.",
    wd_title: "Withdraw the offer",
    wd_question: "Withdraw {0} ({1})? Its proposed and confirmed matches are cancelled.",
    wd_done: "{0} withdrawn; matches cancelled: {1}",
    ds_title: "Dashboard {0}/{1}: {2} · ←→",
    ds_pages: ["the shift", "operators", "needs attention"],
    ds_today: "Today",
    ds_week: "7 days",
    ds_calls: "Calls",
    ds_offers: "Offers logged",
    ds_proposed: "Matches proposed",
    ds_confirmed: "  confirmed",
    ds_handed: "  handed over",
    ds_operator: "Operator",
    ds_op_columns: "call offr prop conf hand",
    ds_by_category: "Open needs by category",
    ds_spark: "Offers a day, 14 days",
    ds_spark_figures: "today {0} · max {1}",
    ds_urgent: "Most urgent open needs",
    ds_stale: "Still needed? {0} (past needed-by, or not reviewed 14 days)",
    ds_waiting: "Matches waiting on organisations: {0} (over 3 days: {1})",
    ds_callbacks: "Callbacks scheduled: {0}",
    ds_none: "none",
    ds_needed_by: "by {0}",
};

pub const SHIFT_UK: ShiftStrings = ShiftStrings {
    k_rematch: "перезіставити",
    k_edit_offer: "виправити пропозицію",
    k_withdraw_offer: "відкликати пропозицію",
    k_release_callback: "повернути передзвін у чергу",
    k_page_next: "наступна сторінка",
    k_page_prev: "попередня сторінка",
    h_dashboard: "Огляд",
    cb_title: "Передзвони",
    cb_due: "Зараз",
    cb_scheduled: "Пізніше",
    cb_none: "Немає передзвонів на зараз.",
    cb_hint: "↑↓ вибрати · Enter взяти · Esc закрити",
    cb_taken: "Передзвін взято: {0}",
    cb_taken_elsewhere: "Цей передзвін уже взяв інший оператор.",
    cb_released: "Передзвін повернуто: його запропонують знову.",
    cb_later: "Пізніше: {0}",
    cb_working: "Передзвін у роботі",
    rm_title: "Перезіставити",
    rm_count: "Перезіставити: {0} · Ctrl-R",
    rm_hint: "↑↓ вибрати · Enter показати потреби · Esc закрити",
    rm_none: "Немає пропозицій для перезіставлення.",
    rm_picked: "{0} ({1}): Enter пропонує",
    rm_no_reason: "причину не вказано",
    ed_title: "Виправлення {0}",
    ed_hint: "Виправлення {0}: Ctrl-S зберігає зміни",
    ed_saved: "{0} виправлено",
    ed_donor_fixed: "Телефон і ім'я донора тут не змінюються.",
    ed_withdrawn: "{0} відкликано: нема чого виправляти.",
    wd_title: "Відкликати пропозицію",
    wd_question: "Відкликати {0} ({1})? Її запропоновані й підтверджені зіставлення скасуються.",
    wd_done: "{0} відкликано; скасовано зіставлень: {1}",
    ds_title: "Огляд {0}/{1}: {2} · ←→",
    ds_pages: ["зміна", "оператори", "потребує уваги"],
    ds_today: "Сьогодні",
    ds_week: "7 днів",
    ds_calls: "Дзвінки",
    ds_offers: "Пропозицій записано",
    ds_proposed: "Запропоновано",
    ds_confirmed: "  підтверджено",
    ds_handed: "  передано",
    ds_operator: "Оператор",
    ds_op_columns: "дзв проп зап підт пер",
    ds_by_category: "Відкриті потреби за категоріями",
    ds_spark: "Пропозицій за день, 14 днів",
    ds_spark_figures: "сьогодні {0} · макс. {1}",
    ds_urgent: "Найтерміновіші відкриті потреби",
    ds_stale: "Ще потрібні? {0} (минув термін або 14 днів без перевірки)",
    ds_waiting: "Зіставлення чекають на організації: {0} (понад 3 дні: {1})",
    ds_callbacks: "Заплановано передзвонів: {0}",
    ds_none: "немає",
    ds_needed_by: "до {0}",
};

/// Fill `{0}`, `{1}`, … in a template.
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = template.to_string();
    for (i, a) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), &a.to_string());
    }
    out
}

/// The registry screens (issue 11): the Needs tab's form, review and reverse match, and the
/// Organisations tab's directory. One block, both languages side by side in two tables.
pub struct RegistryStrings {
    pub k_add: &'static str,
    pub k_edit: &'static str,
    pub k_close: &'static str,
    pub k_stale: &'static str,
    pub k_review: &'static str,
    pub k_propose: &'static str,
    pub k_search: &'static str,
    pub k_choose: &'static str,
    pub k_field: &'static str,
    pub form_add: &'static str,
    pub form_edit: &'static str,
    /// Field labels, in the form's order.
    pub fields: [&'static str; 9],
    pub choice_hint: &'static str,
    pub saving: &'static str,
    pub saved: &'static str,
    pub reviewed: &'static str,
    pub closed: &'static str,
    pub proposed: &'static str,
    pub close_title: &'static str,
    pub close_fulfilled: &'static str,
    pub close_not_needed: &'static str,
    pub review_title: &'static str,
    pub review_still: &'static str,
    pub review_how_many: &'static str,
    pub stale_mark: &'static str,
    pub stale_title: &'static str,
    pub fitting: &'static str,
    pub fitting_none: &'static str,
    pub propose_title: &'static str,
    pub search_hint: &'static str,
    pub read_as: &'static str,
    pub nothing_found: &'static str,
    pub col_near: &'static str,
    pub col_open_needs: &'static str,
    pub near: [&'static str; 5],
    pub profile: &'static str,
    pub no_open_needs: &'static str,
    pub select_need: &'static str,
    pub h_needs: &'static str,
    pub h_orgs: &'static str,
    pub h_form: &'static str,
    pub accepts_any: &'static str,
    pub k_enter: &'static str,
    pub order_stale: &'static str,
}

pub static REGISTRY_EN: RegistryStrings = RegistryStrings {
    k_add: "add a need",
    k_edit: "edit the need",
    k_close: "close the need",
    k_stale: "stale: the still needed? list",
    k_review: "review: still needed?",
    k_propose: "propose an offer",
    k_search: "who can help with…",
    k_choose: "choose",
    k_field: "next / previous field",
    form_add: "New need",
    form_edit: "Edit {0}",
    fields: [
        "Organisation",
        "Item",
        "Quantity",
        "Unit",
        "Urgency",
        "Location",
        "Condition",
        "Needed by",
        "Notes",
    ],
    choice_hint: "←/→ choose",
    saving: "Saving…",
    saved: "Saved {0}",
    reviewed: "{0}: still needed, {1} open",
    closed: "{0} closed",
    proposed: "Proposed {0}",
    close_title: "Close {0}: why?",
    close_fulfilled: "1 fulfilled elsewhere",
    close_not_needed: "2 no longer needed",
    review_title: "{0}: still needed?",
    review_still: "1 still needed (how many?)",
    review_how_many: "How many are still needed? (Enter)",
    stale_mark: "still needed?",
    stale_title: "Still needed? (not reviewed for 14 days or past the date)",
    fitting: "Open offers that fit",
    fitting_none: "No open offer fits this need",
    propose_title: "Propose to {0}",
    search_hint: "{0} who can help with what, where: «ковдри Бровари», «blankets Kharkiv»",
    read_as: "Read as: {0}",
    nothing_found: "Nobody found",
    col_near: "Near",
    col_open_needs: "Open needs",
    near: ["there", "hromada", "raion", "oblast", "elsewhere"],
    profile: "Helps with",
    no_open_needs: "no open needs",
    select_need: "Select a need",
    h_needs: "Needs tab",
    h_orgs: "Organisations tab",
    h_form: "Need form",
    accepts_any: "any condition",
    k_enter: "next field (save on the last; picks a suggestion)",
    order_stale: "longest unseen first",
};

pub static REGISTRY_UK: RegistryStrings = RegistryStrings {
    k_add: "додати потребу",
    k_edit: "змінити потребу",
    k_close: "закрити потребу",
    k_stale: "застарілі: список «ще потрібно?»",
    k_review: "перевірка: ще потрібно?",
    k_propose: "запропонувати пропозицію",
    k_search: "хто може допомогти з…",
    k_choose: "вибрати",
    k_field: "наступне / попереднє поле",
    form_add: "Нова потреба",
    form_edit: "Змінити {0}",
    fields: [
        "Організація",
        "Що",
        "Кількість",
        "Одиниця",
        "Терміновість",
        "Місце",
        "Стан",
        "Потрібно до",
        "Примітка",
    ],
    choice_hint: "←/→ вибір",
    saving: "Зберігаю…",
    saved: "Збережено {0}",
    reviewed: "{0}: ще потрібно, відкрито {1}",
    closed: "{0} закрито",
    proposed: "Запропоновано {0}",
    close_title: "Закрити {0}: чому?",
    close_fulfilled: "1 отримали деінде",
    close_not_needed: "2 більше не потрібно",
    review_title: "{0}: ще потрібно?",
    review_still: "1 ще потрібно (скільки?)",
    review_how_many: "Скільки ще потрібно? (Enter)",
    stale_mark: "ще потрібно?",
    stale_title: "Ще потрібно? (не перевіряли 14 днів або минув строк)",
    fitting: "Відкриті пропозиції, що підходять",
    fitting_none: "Жодна відкрита пропозиція не підходить",
    propose_title: "Запропонувати для {0}",
    search_hint: "{0} хто допоможе з чим і де: «ковдри Бровари», «одеяла Киев»",
    read_as: "Прочитано: {0}",
    nothing_found: "Нікого не знайдено",
    col_near: "Де",
    col_open_needs: "Потреб",
    near: ["там", "громада", "район", "область", "деінде"],
    profile: "Допомагає з",
    no_open_needs: "відкритих потреб немає",
    select_need: "Виберіть потребу",
    h_needs: "Вкладка «Потреби»",
    h_orgs: "Вкладка «Організації»",
    h_form: "Форма потреби",
    accepts_any: "будь-який стан",
    k_enter: "далі (на останньому полі — зберегти; вибирає підказку)",
    order_stale: "найдовше без перевірки",
};

impl Lang {
    pub fn registry(self) -> &'static RegistryStrings {
        match self {
            Lang::Uk => &REGISTRY_UK,
            Lang::En => &REGISTRY_EN,
        }
    }
}

/// The registry strings in the language of a console table (for the keymap's help texts).
pub fn registry_of(c: &ConsoleStrings) -> &'static RegistryStrings {
    if std::ptr::eq(c, &UK.console) {
        &REGISTRY_UK
    } else {
        &REGISTRY_EN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A unit after a number: the whole words take the number's form, abbreviations do not.
    #[test]
    fn a_quantity_reads_with_its_units_form() {
        use crate::domain::Unit;
        let uk = |n, u| Lang::Uk.quantity(n, u);
        assert_eq!(uk(1, Unit::Pairs), "1 пара");
        assert_eq!(uk(3, Unit::Pairs), "3 пари");
        assert_eq!(uk(5, Unit::Pairs), "5 пар");
        assert_eq!(uk(2, Unit::Places), "2 місця");
        assert_eq!(uk(21, Unit::Places), "21 місце");
        assert_eq!(uk(12, Unit::Beds), "12 ліжок");
        assert_eq!(uk(22, Unit::Beds), "22 ліжка");
        assert_eq!(uk(2, Unit::Pcs), "2 шт");
        assert_eq!(Lang::En.quantity(2, Unit::Places), "2 places");
        // The reasons say it so too («дати 2 місця», not «2 місць»).
        let r = crate::matching::Reason::Split(2, Unit::Places).text(Lang::Uk);
        assert!(r.contains("2 місця"), "{r}");
    }

    /// Every count the brief names, for a feminine word (пара), two neuter ones (ліжко, місце)
    /// and an abbreviation (шт), in the three cases the console uses.
    #[test]
    fn unit_forms_for_real_counts_in_each_case() {
        use crate::domain::Unit;
        let ns = [1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111];
        let row = |u: Unit, case: Case| -> Vec<String> {
            ns.iter()
                .map(|n| Lang::Uk.quantity_in(*n, u, case))
                .collect()
        };
        let want = |forms: [&str; 12]| -> Vec<String> {
            ns.iter()
                .zip(forms)
                .map(|(n, f)| format!("{n} {f}"))
                .collect()
        };
        use Case::*;
        #[rustfmt::skip]
        let cases = [
            (Unit::Pairs, Nominative, ["пара", "пари", "пари", "пар", "пар", "пар", "пар", "пара", "пари", "пар", "пара", "пар"]),
            (Unit::Pairs, Accusative, ["пару", "пари", "пари", "пар", "пар", "пар", "пар", "пару", "пари", "пар", "пару", "пар"]),
            (Unit::Pairs, Genitive, ["пари", "пар", "пар", "пар", "пар", "пар", "пар", "пари", "пар", "пар", "пари", "пар"]),
            (Unit::Places, Nominative, ["місце", "місця", "місця", "місць", "місць", "місць", "місць", "місце", "місця", "місць", "місце", "місць"]),
            (Unit::Places, Accusative, ["місце", "місця", "місця", "місць", "місць", "місць", "місць", "місце", "місця", "місць", "місце", "місць"]),
            (Unit::Places, Genitive, ["місця", "місць", "місць", "місць", "місць", "місць", "місць", "місця", "місць", "місць", "місця", "місць"]),
            (Unit::Beds, Nominative, ["ліжко", "ліжка", "ліжка", "ліжок", "ліжок", "ліжок", "ліжок", "ліжко", "ліжка", "ліжок", "ліжко", "ліжок"]),
            (Unit::Beds, Genitive, ["ліжка", "ліжок", "ліжок", "ліжок", "ліжок", "ліжок", "ліжок", "ліжка", "ліжок", "ліжок", "ліжка", "ліжок"]),
            (Unit::Pcs, Nominative, ["шт"; 12]),
            (Unit::Pcs, Accusative, ["шт"; 12]),
            (Unit::Pcs, Genitive, ["шт"; 12]),
        ];
        for (unit, case, forms) in cases {
            assert_eq!(row(unit, case), want(forms), "{unit:?} {case:?}");
        }
        // English: the code, singular after 1 only (not 21), whatever the case.
        assert_eq!(Lang::En.quantity_in(1, Unit::Pairs, Genitive), "1 pair");
        assert_eq!(Lang::En.quantity(2, Unit::Pairs), "2 pairs");
        assert_eq!(Lang::En.quantity_in(21, Unit::Beds, Accusative), "21 beds");
        assert_eq!(Lang::En.quantity(1, Unit::Beds), "1 bed");
        assert_eq!(Lang::En.quantity(1, Unit::Pcs), "1 pcs");
        assert_eq!(Lang::En.fraction(0, 1, Unit::Places), "0/1 place");
    }

    /// «open/total unit»: the unit follows the total, in the genitive after «з».
    #[test]
    fn a_fraction_takes_the_form_of_its_last_number() {
        use crate::domain::Unit;
        assert_eq!(Lang::Uk.fraction(0, 5, Unit::Pairs), "0/5 пар");
        assert_eq!(Lang::Uk.fraction(3, 5, Unit::Pairs), "3/5 пар");
        assert_eq!(Lang::Uk.fraction(1, 2, Unit::Pairs), "1/2 пар");
        assert_eq!(Lang::Uk.fraction(1, 21, Unit::Pairs), "1/21 пари");
        assert_eq!(Lang::Uk.fraction(21, 21, Unit::Places), "21/21 місця");
        assert_eq!(Lang::Uk.fraction(2, 22, Unit::Beds), "2/22 ліжок");
        assert_eq!(Lang::Uk.fraction(1, 111, Unit::Beds), "1/111 ліжок");
        assert_eq!(Lang::Uk.fraction(4, 12, Unit::Pcs), "4/12 шт");
        assert_eq!(Lang::En.fraction(3, 5, Unit::Pairs), "3/5 pairs");
    }

    /// The reasons put each quantity in its slot's case.
    #[test]
    fn reasons_read_their_quantities_in_case() {
        use crate::domain::Unit;
        use crate::matching::Reason;
        let uk = |r: Reason| r.text(Lang::Uk);
        assert_eq!(uk(Reason::TakesAll(21, Unit::Pairs)), "бере всі 21 пару");
        assert_eq!(uk(Reason::TakesAll(2, Unit::Beds)), "бере всі 2 ліжка");
        assert_eq!(
            uk(Reason::TakesPart(3, 21, Unit::Pairs)),
            "бере 3 з 21 пари"
        );
        assert_eq!(
            uk(Reason::TakesPart(3, 4, Unit::Places)),
            "бере 3 з 4 місць"
        );
        assert_eq!(uk(Reason::TakesPart(3, 10, Unit::Pcs)), "бере 3 з 10 шт");
        assert_eq!(
            Reason::TakesPart(3, 10, Unit::Pcs).text(Lang::En),
            "takes 3 of 10 pcs"
        );
    }

    #[test]
    fn ukrainian_plurals() {
        let forms = ["пропозиція", "пропозиції", "пропозицій"];
        let c = |n| Lang::Uk.count(n, ["offer", "offers"], forms);
        assert_eq!(c(1), "1 пропозиція");
        assert_eq!(c(2), "2 пропозиції");
        assert_eq!(c(4), "4 пропозиції");
        assert_eq!(c(5), "5 пропозицій");
        assert_eq!(c(11), "11 пропозицій");
        assert_eq!(c(12), "12 пропозицій");
        assert_eq!(c(14), "14 пропозицій");
        assert_eq!(c(21), "21 пропозиція");
        assert_eq!(c(22), "22 пропозиції");
        assert_eq!(c(111), "111 пропозицій");
        assert_eq!(c(0), "0 пропозицій");
        assert_eq!(Lang::En.count(1, ["offer", "offers"], forms), "1 offer");
        assert_eq!(Lang::En.count(0, ["offer", "offers"], forms), "0 offers");
    }

    #[test]
    fn statuses_in_both_languages() {
        assert_eq!(Lang::Uk.status("handed_over"), "передано");
        assert_ne!(Lang::En.status("partly_matched"), "?");
    }

    #[test]
    fn fill_replaces_numbered_slots() {
        assert_eq!(fill(EN.r_takes_part, &[&3, &"10 pcs"]), "takes 3 of 10 pcs");
    }

    #[test]
    fn every_template_in_both_languages_has_the_same_slots() {
        let pairs = [
            (EN.r_same_category, UK.r_same_category),
            (EN.r_takes_part, UK.r_takes_part),
            (EN.r_split, UK.r_split),
            (EN.r_waiting_days, UK.r_waiting_days),
            (EN.r_urgency, UK.r_urgency),
        ];
        for (en, uk) in pairs {
            for slot in ["{0}", "{1}"] {
                assert_eq!(en.contains(slot), uk.contains(slot), "{en} / {uk}");
            }
        }
    }
}
