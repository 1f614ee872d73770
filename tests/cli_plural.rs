//! Quantities in the CLI's tables under `--lang uk`: a unit written as a word takes the form
//! its number asks («1 пара», «2 пари», «21 пару» given, «з 2 пар»), abbreviations stay.

mod common;

use common::Scratch;

/// Needs as a partner's spreadsheet gives them: units as people write them («пар», «ліжок»,
/// «місць», «пара»), Ukrainian item words that are not the units themselves.
const NEEDS_CSV: &str = "ref,organisation,item,quantity,unit,urgency,location,condition,needed_by,notes\n\
S-1,Прихисток «Дім»,шкарпетки вовняні,2,пар,critical,Київ,any,,\n\
S-2,Лікарня №3,функціональні медичні,21,ліжок,high,Київ,any,,\n\
S-3,БФ Світло,гуртожиток для переселенців,22,місць,normal,Київ,any,,\n\
S-4,Червоний Хрест,рукавиці робочі,1,пара,normal,Київ,any,,\n\
S-5,БФ Світло,ковдри теплі,12,шт,normal,Київ,any,,\n";

fn stdout(s: &Scratch, args: &[&str]) -> String {
    let out = s.cmd(args).output().expect("run");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The one line of `text` that names `what`, split into words.
fn words_of<'a>(text: &'a str, what: &str) -> Vec<&'a str> {
    text.lines()
        .find(|l| l.contains(what))
        .unwrap_or_else(|| panic!("no line with {what}:\n{text}"))
        .split_whitespace()
        .collect()
}

#[test]
fn tables_in_ukrainian_give_each_unit_its_numbers_form() {
    let s = Scratch::new();
    let f = s.write("needs.csv", NEEDS_CSV);
    stdout(&s, &["import", "needs", f.to_str().unwrap()]);

    // need list: «open/total unit», the unit after the total in the genitive («з 2 пар»).
    let needs = stdout(&s, &["--lang", "uk", "need", "list"]);
    let row = |what| words_of(&needs, what).join(" ");
    assert!(row("шкарпетки").contains("2/2 пар "), "{needs}");
    assert!(row("функціональні").contains("21/21 ліжка "), "{needs}");
    assert!(row("гуртожиток").contains("22/22 місць "), "{needs}");
    assert!(row("рукавиці").contains("1/1 пари "), "{needs}");
    assert!(row("ковдри").contains("12/12 шт "), "{needs}");
    // English keeps the code.
    let en = stdout(&s, &["need", "list"]);
    assert!(
        words_of(&en, "шкарпетки").join(" ").contains("2/2 pairs "),
        "{en}"
    );

    // offer add and offer list: the count's own form.
    let added = stdout(
        &s,
        &[
            "--lang",
            "uk",
            "offer",
            "add",
            "--phone",
            "067 123 45 67",
            "--name",
            "Оксана",
            "--item",
            "шкарпетки теплі",
            "--quantity",
            "1",
            "--unit",
            "пари",
            "--location",
            "Київ",
        ],
    );
    assert!(added.contains("× 1 пара "), "{added}");
    let offers = stdout(&s, &["--lang", "uk", "offer", "list"]);
    assert_eq!(
        words_of(&offers, "шкарпетки")[2..4],
        ["1", "пара"],
        "{offers}"
    );
    let en = stdout(&s, &["offer", "list"]);
    assert_eq!(words_of(&en, "шкарпетки")[2..4], ["1", "pair"], "{en}");

    // match suggest: the reasons read «бере всі 1 пару».
    let suggest = stdout(&s, &["--lang", "uk", "match", "suggest", "--offer", "O-1"]);
    assert!(suggest.contains("бере всі 1 пару"), "{suggest}");
    assert!(!suggest.contains("1 пара;"), "{suggest}");

    // Proposed, the donor's card shows the match in the offer's unit and form.
    stdout(&s, &["match", "propose", "--offer", "O-1", "--need", "S-1"]);
    let donor = stdout(&s, &["--lang", "uk", "donor", "show", "067 123 45 67"]);
    let m = words_of(&donor, "M-1");
    assert_eq!(m[3..5], ["1", "пара"], "{donor}");
    let shown = stdout(&s, &["--lang", "uk", "match", "show", "M-1"]);
    assert!(
        shown.lines().next().unwrap().ends_with("· 1 пара"),
        "{shown}"
    );
    // Two more pairs from another donor: «2 пари».
    stdout(
        &s,
        &[
            "offer",
            "add",
            "--phone",
            "050 765 43 21",
            "--item",
            "шкарпетки",
            "--quantity",
            "2",
            "--unit",
            "pairs",
            "--location",
            "Київ",
        ],
    );
    let offers = stdout(&s, &["--lang", "uk", "offer", "list"]);
    assert!(offers.lines().any(|l| l.contains(" 2 пари ")), "{offers}");
}
