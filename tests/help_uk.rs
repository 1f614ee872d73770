//! `--help`, `aidline help …` and the man page in the chosen language (issue 9): Ukrainian under
//! `--lang uk`, AIDLINE_LANG=uk or `lang = "uk"` in the configuration, clap's English otherwise.

use aidline::cli::help_uk::CLAP_ENGLISH;
use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

/// `aidline ARGS…` with nothing of the machine's: no configuration files, no AIDLINE_* variables,
/// an English locale (so only what the test gives chooses the language).
fn aidline(home: &Path, args: &[&str]) -> Command {
    let mut c = Command::cargo_bin("aidline").expect("binary");
    c.env("AIDLINE_DATA_DIR", home.join("data"))
        .env("AIDLINE_SYSTEM_CONFIG", home.join("no-system-config.toml"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("HOME", home)
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("AIDLINE_CONFIG")
        .env_remove("AIDLINE_LANG")
        .env_remove("AIDLINE_DB")
        .env_remove("AIDLINE_USER")
        .env_remove("AIDLINE_OPERATOR")
        .env_remove("AIDLINE_TIMEZONE")
        .env_remove("SSH_ORIGINAL_COMMAND")
        .env("COLUMNS", "80")
        .args(args);
    c
}

fn stdout(c: &mut Command) -> String {
    let out = c.output().expect("runs");
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn assert_no_english(text: &str) {
    for e in CLAP_ENGLISH {
        assert!(!text.contains(e), "{e:?} in the Ukrainian help:\n{text}");
    }
}

#[test]
fn lang_uk_help_is_ukrainian() {
    let home = tempfile::tempdir().unwrap();
    let help = stdout(&mut aidline(home.path(), &["--lang", "uk", "--help"]));
    for phrase in [
        "Використання: aidline [ПАРАМЕТРИ] [КОМАНДА]",
        "Команди:",
        "Параметри:",
        "Записати пропозиції й переглянути їх",
        "Підібрати, запропонувати й вести зіставлення",
        "Файл бази даних",
        "[змінна середовища: AIDLINE_DB]",
        "[можливі значення: uk, en]",
        "Показати довідку (коротко — -h)",
        "Показати версію",
        "help         Показати цю довідку або довідку вказаних команд",
        "[інша назва: init]",
        "Змінні середовища:",
        "Файли (наступний переважає попередній",
        "Коди завершення:",
        "4  не знайдено",
        "  aidline --quiet check                   для cron: мовчить, доки все гаразд",
    ] {
        assert!(help.contains(phrase), "{phrase:?} in:\n{help}");
    }
    assert_no_english(&help);
    assert!(!help.contains("Exit codes:"), "{help}");
    // -h: the short help, pointing to the long one.
    let short = stdout(&mut aidline(home.path(), &["--lang", "uk", "-h"]));
    assert!(
        short.contains("Показати довідку (докладніше — --help)"),
        "{short}"
    );
    assert!(!short.contains("Коди завершення:"), "{short}");
    assert_no_english(&short);
}

#[test]
fn aidline_lang_in_the_environment_makes_a_command_s_help_ukrainian() {
    let home = tempfile::tempdir().unwrap();
    let help = stdout(aidline(home.path(), &["offer", "list", "--help"]).env("AIDLINE_LANG", "uk"));
    for phrase in [
        "Список пропозицій, найновіші вгорі (лише читання)",
        "Використання: aidline offer list [ПАРАМЕТРИ]",
        "Лише пропозиції з цим станом: open, partly_matched",
        "Не більше стількох пропозицій (від 1 до 1000000) [типово: 100]",
        "Приклади:",
        // The examples are typed: they stay as they are.
        "  aidline offer list --status open --limit 20",
        "  aidline offer list --json | jq '.[].item'",
    ] {
        assert!(help.contains(phrase), "{phrase:?} in:\n{help}");
    }
    assert_no_english(&help);
}

#[test]
fn lang_after_the_subcommand_and_in_the_configuration_count_too() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["offer", "list", "--lang", "uk", "--help"][..],
        &["offer", "list", "--help", "--lang=uk"][..],
        &["match", "--lang", "uk", "suggest", "--help"][..],
    ] {
        let help = stdout(&mut aidline(home.path(), args));
        assert!(help.contains("Використання: aidline"), "{args:?}:\n{help}");
        assert_no_english(&help);
    }
    // `lang = "uk"` in the user's configuration file, nothing else.
    std::fs::create_dir_all(home.path().join("config/aidline")).unwrap();
    std::fs::write(
        home.path().join("config/aidline/config.toml"),
        "lang = \"uk\"\n",
    )
    .unwrap();
    let help = stdout(&mut aidline(home.path(), &["need", "review", "--help"]));
    assert!(
        help.contains("Відповісти на «ще потрібно?»"),
        "from the configuration:\n{help}"
    );
    // The flag still wins over the configuration and the environment.
    let help = stdout(
        aidline(home.path(), &["--lang", "en", "need", "review", "--help"])
            .env("AIDLINE_LANG", "uk"),
    );
    assert!(help.contains("Usage: aidline need review"), "{help}");
    assert!(!help.contains("Використання"), "{help}");
}

#[test]
fn a_configuration_file_named_by_config_or_its_variable_chooses_the_help_language() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("shift.toml");
    std::fs::write(&file, "lang = \"uk\"\n").unwrap();
    let path = file.to_str().unwrap();
    for args in [
        &["--config", path, "offer", "list", "--help"][..],
        &["offer", "list", "--help", &format!("--config={path}")][..],
    ] {
        let help = stdout(&mut aidline(home.path(), args));
        assert!(help.contains("Використання: aidline"), "{args:?}:\n{help}");
    }
    let help =
        stdout(aidline(home.path(), &["offer", "list", "--help"]).env("AIDLINE_CONFIG", &file));
    assert!(
        help.contains("Використання: aidline"),
        "AIDLINE_CONFIG:\n{help}"
    );
    // Without it, the default (English here).
    let help = stdout(&mut aidline(home.path(), &["offer", "list", "--help"]));
    assert!(help.contains("Usage: aidline offer list"), "{help}");
}

#[test]
fn aidline_help_subcommand_is_ukrainian() {
    let home = tempfile::tempdir().unwrap();
    let help = stdout(&mut aidline(
        home.path(),
        &["--lang", "uk", "help", "match", "propose"],
    ));
    assert!(
        help.contains("Запропонувати пропозицію для потреби, зарезервувавши кількість"),
        "{help}"
    );
    assert_no_english(&help);
    let help = stdout(&mut aidline(home.path(), &["--lang", "uk", "help", "help"]));
    assert!(
        help.contains("Використання: aidline help [КОМАНДА]"),
        "{help}"
    );
    assert_no_english(&help);
}

#[test]
fn english_help_is_clap_s_own() {
    let home = tempfile::tempdir().unwrap();
    let help = stdout(&mut aidline(home.path(), &["--lang", "en", "--help"]));
    for phrase in [
        "Usage: aidline [OPTIONS] [COMMAND]",
        "Commands:",
        "Options:",
        "Log and list offers",
        "[env: AIDLINE_DB=]",
        "[possible values: uk, en]",
        "Print help (see a summary with '-h')",
        "Exit codes:",
    ] {
        assert!(help.contains(phrase), "{phrase:?} in:\n{help}");
    }
    for uk in ["Використання", "Параметри", "Команди", "Коди завершення"]
    {
        assert!(!help.contains(uk), "{uk:?} in:\n{help}");
    }
    // Without any language given, a C locale means English.
    let list = stdout(&mut aidline(home.path(), &["offer", "list", "--help"]));
    assert!(list.contains("List offers, newest first"), "{list}");
    assert!(list.contains("[default: 100]"), "{list}");
}

#[test]
fn usage_errors_still_exit_2_in_ukrainian() {
    let home = tempfile::tempdir().unwrap();
    aidline(
        home.path(),
        &["--lang", "uk", "offer", "list", "--limt", "3"],
    )
    .assert()
    .code(2)
    .stdout("")
    .stderr(predicate::str::starts_with(
        "помилка: невідомий параметр '--limt'",
    ));
    aidline(home.path(), &["offer", "lst", "--lang", "uk"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("помилка: "));
    aidline(
        home.path(),
        &["--lang", "en", "offer", "list", "--limit", "0"],
    )
    .assert()
    .code(2)
    .stderr(predicate::str::contains("error:"));
    // A command without its subcommand shows the help, in Ukrainian, and exits 2 as clap does.
    aidline(home.path(), &["--lang", "uk", "offer"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Використання: aidline offer"));
}

#[test]
fn over_ssh_the_typed_command_s_help_is_ukrainian_too() {
    let home = tempfile::tempdir().unwrap();
    let help = stdout(
        aidline(home.path(), &["--user", "petro"])
            .env("SSH_ORIGINAL_COMMAND", "--lang uk match confirm --help"),
    );
    assert!(
        help.contains("Організація підтверджує запропоноване зіставлення"),
        "{help}"
    );
    assert_no_english(&help);
}

#[test]
fn the_man_page_speaks_the_chosen_language() {
    let home = tempfile::tempdir().unwrap();
    let page = stdout(&mut aidline(home.path(), &["--lang", "uk", "man"]));
    for phrase in [
        ".SH НАЗВА",
        ".SH СИНТАКСИС",
        ".SH ОПИС",
        ".SH ПАРАМЕТРИ",
        ".SH КОМАНДИ",
        "Записати пропозиції й переглянути їх",
        "Коди завершення:",
    ] {
        assert!(page.contains(phrase), "{phrase:?} in the page");
    }
    for english in [
        ".SH NAME",
        ".SH OPTIONS",
        "Default value",
        "May also be specified",
    ] {
        assert!(!page.contains(english), "{english:?} in the Ukrainian page");
    }
    let dir = home.path().join("man1");
    std::fs::create_dir_all(&dir).unwrap();
    aidline(
        home.path(),
        &["--lang", "uk", "man", "--dir", dir.to_str().unwrap()],
    )
    .assert()
    .success();
    let list =
        std::fs::read_to_string(dir.join("aidline-offer-list.1")).expect("a page per command");
    assert!(list.contains("Список пропозицій"), "{list}");
    assert!(list.contains("[типово: 100]"), "{list}");
    assert!(list.contains(".SH ПАРАМЕТРИ"), "{list}");
    // English keeps clap_mangen's page.
    let page = stdout(&mut aidline(home.path(), &["--lang", "en", "man"]));
    assert!(page.contains(".SH NAME"), "the English page");
    assert!(page.contains("Log and list offers"), "the English page");
    assert!(!page.contains("ПАРАМЕТРИ"), "the English page");
}
