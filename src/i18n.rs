//! All user-facing text, one table per language. Every language fills every field, so a missing
//! translation is a compile error, not a blank on an operator's screen.

use serde::Serialize;

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
        k_callback: "callback: take the next one due",
        k_hide_suggestions: "hide suggestions",
        k_choose: "choose",
        k_up: "up",
        k_down: "down",
        k_propose: "propose",
        k_edit_qty: "edit quantity",
        k_back_to_form: "back to the form",
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
        no_callbacks: "Немає запланованих передзвонів.",
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
        k_callback: "передзвін: взяти наступний",
        k_hide_suggestions: "сховати підказки",
        k_choose: "вибрати",
        k_up: "вгору",
        k_down: "вниз",
        k_propose: "запропонувати",
        k_edit_qty: "змінити кількість",
        k_back_to_form: "назад до форми",
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
    },
};

/// Fill `{0}`, `{1}`, … in a template.
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = template.to_string();
    for (i, a) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), &a.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
