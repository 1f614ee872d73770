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
