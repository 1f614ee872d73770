//! `report`: the day's figures for the shift handover.

use super::{GlobalArgs, output};
use crate::store::import::parse_date;
use anyhow::{Result, anyhow};

pub fn run(global: &GlobalArgs, date: Option<String>, json: bool) -> Result<()> {
    let store = global.open_read()?;
    let date = match date {
        Some(d) => parse_date(&d).map_err(|e| anyhow!("--date: {e}"))?,
        None => store.clock().today(),
    };
    let r = store.day_report(date)?;
    if json {
        return output::json(&r);
    }
    let lang = global.lang();
    let t = |en, uk| lang.tr(en, uk);
    println!(
        "{} {} ({})",
        t("Shift report for", "Звіт за"),
        r.date,
        r.zone
    );
    let outcome = |o: &str| match o {
        "offer_logged" => t("offer logged", "пропозицію записано"),
        "nothing_to_offer" => t("nothing to offer", "нічого запропонувати"),
        "call_back" => t("call back", "передзвонити"),
        "wrong_number" => t("wrong number", "помилковий номер"),
        _ => "?",
    };
    let calls: i64 = r.calls.values().sum();
    println!(
        "{}: {}{}",
        t("Calls", "Дзвінки"),
        calls,
        if r.calls.is_empty() {
            String::new()
        } else {
            format!(
                " ({})",
                r.calls
                    .iter()
                    .map(|(k, v)| format!("{}: {v}", outcome(k)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );
    println!(
        "{}: {}",
        t("Offers logged", "Записано пропозицій"),
        r.offers_logged
    );
    println!(
        "{}: {} / {} / {}",
        t(
            "Matches proposed / confirmed / handed over",
            "Збіги запропоновано / підтверджено / передано"
        ),
        r.matches_proposed,
        r.matches_confirmed,
        r.matches_handed_over
    );
    println!(
        "{}: {}",
        t("Callbacks scheduled", "Заплановано передзвонів"),
        r.callbacks_scheduled
    );
    if !r.per_operator.is_empty() {
        println!("{}:", t("Per operator", "За операторами"));
        for (op, d) in &r.per_operator {
            println!(
                "  {:<16} {} {:>4}  {} {:>4}  {} {:>3}/{:>3}/{:>3}",
                output::inert(op),
                t("calls", "дзвінки"),
                d.calls.values().sum::<i64>(),
                t("offers", "пропозиції"),
                d.offers_logged,
                t("matches", "збіги"),
                d.matches_proposed,
                d.matches_confirmed,
                d.matches_handed_over
            );
        }
    }
    println!(
        "{}:",
        t(
            "Open needs by category (now)",
            "Відкриті потреби за категоріями (зараз)"
        )
    );
    let mut cats: Vec<_> = r.open_needs_by_category.iter().collect();
    cats.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (c, n) in cats {
        println!("  {c:<24} {n:>8}");
    }
    Ok(())
}
