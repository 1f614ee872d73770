//! The multilingual item catalogue: a category tree and the words people use for each category
//! in Ukrainian, Russian and English (and, through transliteration, in Latin letters).
//!
//! Data lives in `data/catalogue/categories.csv` and `data/catalogue/synonyms.csv` (see
//! `data/README.md`) and is compiled into the binary; [`Catalogue::builtin`] parses it once.
//!
//! ## How free text is classified
//!
//! Every synonym is folded ([`fold`]) and split into words. Each word also gets a *loose Latin
//! key* ([`loose_key`]): the official transliteration ([`latin`]) with the spellings people use
//! interchangeably made one (`kh`→`h`, `y`/`j`→`i`, `ts`→`c`, `g`→`h`, doubled letters single…),
//! so «одеяло», «odeyalo», «odeialo» and «odejalo» share the key `odeialo`. An index maps each key
//! to its words, each 4-letter key prefix to the words starting with it (for inflected forms), and
//! each one-letter deletion of a key to its words (for typos).
//!
//! A text word meets a catalogue word when it is the same folded word (score 1), has the same
//! loose key (0.95), shares a stem — a common prefix of at least 4 letters leaving at most 4
//! letters of ending on either side (0.7–0.9, more for a longer shared part) — or is within edit
//! distance 1 (words of 4–7 letters, score 0.75) or 2 (8 letters and more, 0.6). Words of fewer than
//! 4 letters must match exactly. A catalogue word written in Latin letters only meets Latin text,
//! so «таблетки» does not land on the English «tablet».
//!
//! A synonym matches when all its content words (stop words such as «для», «от», «for» are left
//! out) meet distinct words of the text. Categories are ranked by how many text words their
//! matching synonyms cover, then by the longest matching synonym (so «інвалідна коляска» beats the
//! bare «коляска»), then by match quality, then by depth in the tree, then by first position.

use crate::catalogue::fold::{fold, has_cyrillic, latin, words};
use crate::domain::Unit;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;

/// One category of the tree. `id` is a dotted path, e.g. `clothing.children.winter`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: String,
    pub parent: Option<String>,
    pub name_uk: String,
    pub name_en: String,
    pub unit: Unit,
}

/// How free text was classified.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// The category id.
    pub category: String,
    /// 0..1: how sure (1 = a whole synonym phrase matched exactly).
    pub score: f32,
    /// The catalogue term that matched, as written in the data.
    pub term: String,
}

/// How two categories stand to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Relation {
    Same,
    /// The first is a sub-category of the second (a winter jacket offered to "children's clothing").
    Narrower,
    /// The first is broader than the second ("clothes" offered to "winter jackets").
    Broader,
    /// Listed as related in `relations.csv` (infant formula and baby food; firewood and coal).
    Related,
    Unrelated,
}

/// One item a text names: its category, the catalogue term that matched and where in the text
/// it was said (byte offsets into the text as given).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ItemHit {
    pub category: String,
    /// The catalogue term that matched, as written in the data.
    pub term: String,
    /// The words of the text that named it, as typed.
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// 0..1: how sure.
    pub score: f32,
}

#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {field}: {reason}")]
pub struct CatalogueError {
    pub file: String,
    pub line: usize,
    pub field: String,
    pub reason: String,
}

/// Languages a synonym may be written in.
pub const LANGS: &[&str] = &["uk", "ru", "en"];

/// Words that never count as item words on their own (prepositions and conjunctions).
const STOPWORDS: &[&str] = &[
    "для", "з", "із", "зі", "в", "у", "на", "і", "й", "та", "а", "до", "від", "по", "без", "с",
    "со", "и", "из", "от", "к", "во", "for", "the", "a", "an", "of", "and", "with", "to", "in",
    "on",
];

/// Texts longer than this many words are classified on their first `MAX_TEXT_WORDS` words.
const MAX_TEXT_WORDS: usize = 64;

const SCORE_SAME_KEY: f32 = 0.95;
const SCORE_TYPO1: f32 = 0.75;
const SCORE_TYPO2: f32 = 0.6;

/// True for prepositions and conjunctions that do not name an item.
pub fn is_stopword(folded_word: &str) -> bool {
    STOPWORDS.contains(&folded_word)
}

/// The loose Latin key of one folded word: official transliteration, then the spellings people
/// mix up made one (`shch`→`sch`, `kh`→`h`, `ts`/`tz`→`c`, `ck`→`k`, `ph`→`f`, `y`/`j`→`i`,
/// `w`→`v`, `x`→`ks`, `q`→`k`, `g`→`h`, apostrophes dropped, doubled letters single).
pub fn loose_key(folded_word: &str) -> String {
    let lat: Vec<char> = latin(folded_word).chars().collect();
    let mut out = String::with_capacity(lat.len());
    let mut last: Option<char> = None;
    let mut push = |c: char, out: &mut String| {
        if c.is_alphabetic() && last == Some(c) {
            return;
        }
        out.push(c);
        last = Some(c);
    };
    let mut i = 0;
    while i < lat.len() {
        let c = lat[i];
        let next = lat.get(i + 1).copied();
        let (rep, adv): (&str, usize) = match (c, next) {
            ('s', Some('h')) if lat.get(i + 2) == Some(&'c') && lat.get(i + 3) == Some(&'h') => {
                ("sch", 4)
            }
            ('k', Some('h')) => ("h", 2),
            ('t', Some('s')) | ('t', Some('z')) => ("c", 2),
            ('c', Some('k')) => ("k", 2),
            ('p', Some('h')) => ("f", 2),
            ('y', _) | ('j', _) => ("i", 1),
            ('w', _) => ("v", 1),
            ('x', _) => ("ks", 1),
            ('q', _) => ("k", 1),
            ('g', _) => ("h", 1),
            ('\'', _) => ("", 1),
            _ => {
                push(c, &mut out);
                i += 1;
                continue;
            }
        };
        for r in rep.chars() {
            push(r, &mut out);
        }
        i += adv;
    }
    out
}

/// The loose key of a whole folded phrase: [`loose_key`] of each word, joined by spaces.
pub fn loose_phrase(folded: &str) -> String {
    words(folded).map(loose_key).collect::<Vec<_>>().join(" ")
}

/// Optimal-string-alignment edit distance (insert, delete, substitute, swap neighbours), or
/// `None` when it exceeds `limit`.
fn osa_within(a: &[u8], b: &[u8], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let n = b.len();
    let mut prev2: Vec<usize> = vec![0; n + 1];
    let mut prev: Vec<usize> = (0..=n).collect();
    let mut cur: Vec<usize> = vec![0; n + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=n {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[n];
    (d <= limit).then_some(d)
}

/// The key's prefix of `n` characters (the whole key when shorter).
fn key_prefix(key: &str, n: usize) -> &str {
    match key.char_indices().nth(n) {
        Some((i, _)) => &key[..i],
        None => key,
    }
}

/// A fast non-cryptographic hash (FxHash) of a byte string, for the word indexes. Collisions
/// only add candidates, which are always verified against the word itself.
fn fx_hash(parts: &[&[u8]]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = 0;
    for part in parts {
        for &b in *part {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    h
}

/// [`fx_hash`] as a `Hasher`, for the catalogue's own maps (SipHash's DoS resistance is not
/// needed for compiled-in keys, and it costs a quarter of the load time).
#[derive(Debug, Default, Clone, Copy)]
struct FxBuild;

struct FxHasher(u64);

impl BuildHasher for FxBuild {
    type Hasher = FxHasher;
    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, FxBuild>;

/// Hashes of each string made by deleting one character of `key`.
fn deletion_hashes(key: &str) -> Vec<u64> {
    let bytes = key.as_bytes();
    let idx: Vec<usize> = key.char_indices().map(|(i, _)| i).collect();
    let mut out = Vec::with_capacity(idx.len());
    for (k, &i) in idx.iter().enumerate() {
        let end = idx.get(k + 1).copied().unwrap_or(bytes.len());
        let h = fx_hash(&[&bytes[..i], &bytes[end..]]);
        if !out.contains(&h) {
            out.push(h);
        }
    }
    out
}

/// A multimap from a 64-bit hash to word ids, as one sorted vector (cheap to build, no
/// allocation per key).
#[derive(Debug, Default)]
struct HashIndex {
    entries: Vec<(u64, u32)>,
}

impl HashIndex {
    fn push(&mut self, hash: u64, word: u32) {
        self.entries.push((hash, word));
    }

    fn finish(&mut self) {
        self.entries.sort_unstable();
        self.entries.dedup();
    }

    fn get(&self, hash: u64) -> impl Iterator<Item = u32> + '_ {
        let start = self.entries.partition_point(|e| e.0 < hash);
        self.entries[start..]
            .iter()
            .take_while(move |e| e.0 == hash)
            .map(|e| e.1)
    }
}

/// One distinct folded word of the synonyms.
#[derive(Debug)]
struct Word {
    folded: String,
    key: String,
    /// Length of the folded word in characters.
    len: usize,
    /// Written in Latin letters only: meets only Latin text.
    latin_only: bool,
    /// The terms that hold this word.
    terms: Vec<u32>,
}

/// One synonym row.
#[derive(Debug)]
struct Term {
    cat: u32,
    lang: &'static str,
    text: String,
    folded: String,
    /// Content words (stop words left out), as word ids.
    words: Vec<u32>,
}

#[derive(Debug, Default)]
pub struct Catalogue {
    categories: Vec<Category>,
    by_id: FxMap<String, usize>,
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    depth: Vec<usize>,
    terms: Vec<Term>,
    words: Vec<Word>,
    word_by_folded: FxMap<String, u32>,
    /// Loose key → words.
    by_key: HashIndex,
    /// First 4 letters of the loose key → words (stems).
    by_prefix: HashIndex,
    /// Loose key with one letter deleted → words (typos).
    by_deletion: HashIndex,
    /// The autocompletion index, built on the first `suggest()` so that loading for
    /// classification alone does not pay for it.
    suggest_index: OnceLock<SuggestIndex>,
    /// Related category pairs (both directions), by category index.
    related: Vec<Vec<usize>>,
}

/// Sorted lists of (folded term suffix starting at a word boundary, term id, is the whole term),
/// and the same with loose keys, for prefix search.
#[derive(Debug, Default)]
struct SuggestIndex {
    folded: Vec<(String, u32, bool)>,
    loose: Vec<(String, u32, bool)>,
}

/// A text word's match of one catalogue word.
#[derive(Debug, Clone, Copy)]
struct WordHit {
    word: u32,
    score: f32,
}

/// One text word prepared for matching.
struct TextWord<'a> {
    folded: &'a str,
    key: String,
    len: usize,
    cyrillic: bool,
    /// A word that is not an item on its own (a verb of giving, a numeral, a greeting, «шт»,
    /// «б/у», a word for people or for who or when something is for): it meets catalogue words
    /// exactly or by stem, never as a typo, and a term needs some other word to be found.
    weak: bool,
}

/// One word of the text as typed: its folded form and its byte span in the text.
#[derive(Debug, Clone)]
pub struct Token {
    pub folded: String,
    pub start: usize,
    pub end: usize,
    /// Which part of the text the word is in: parts are split by `,` `;` `:` `(` `)` `.`.
    pub part: usize,
}

/// Split text into words with their byte spans (the same words [`fold`] gives).
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let is_word =
        |c: char| c.is_alphanumeric() || matches!(c, '\'' | '’' | 'ʼ' | '`' | '‘' | 'ʹ' | '+');
    let mut part = 0usize;
    let push = |a: usize, b: usize, part: usize, out: &mut Vec<Token>| {
        for w in words(&fold(&text[a..b])) {
            out.push(Token {
                folded: w.to_string(),
                start: a,
                end: b,
                part,
            });
        }
    };
    for (i, c) in text.char_indices() {
        if is_word(c) {
            start.get_or_insert(i);
        } else {
            if let Some(a) = start.take() {
                push(a, i, part, &mut out);
            }
            if matches!(c, ',' | ';' | ':' | '(' | ')' | '.' | '\n') {
                part += 1;
            }
        }
    }
    if let Some(a) = start {
        push(a, text.len(), part, &mut out);
    }
    out
}

/// Folded word stems that never name an item on their own: verbs of giving and having,
/// greetings, numerals, counters, conditions, words for people and for who or when a thing is
/// for (those are attributes, read by `matching::attributes`).
const WEAK_PREFIXES: &[&str] = &[
    // verbs: give, have, can, want, bring, offer
    "віддам",
    "віддаю",
    "віддат",
    "віддамо",
    "отдам",
    "отдаю",
    "отдат",
    "отдади",
    "маю",
    "має",
    "маємо",
    "мати",
    "имею",
    "есть",
    "можу",
    "можем",
    "може",
    "могу",
    "можно",
    "хочу",
    "хоче",
    "хотів",
    "хотіл",
    "хотел",
    "пропону",
    "предлага",
    "передам",
    "передат",
    "передаю",
    "привез",
    "завез",
    "принес",
    "принест",
    "допомож",
    "помож",
    "помог",
    "будь",
    "ласка",
    "пожалуйста",
    "please",
    "give",
    "have",
    "offer",
    "donat",
    // greetings and politeness
    "привіт",
    "вітаю",
    "добри",
    "добрий",
    "доброго",
    "добрый",
    "доброе",
    "здравств",
    "здраст",
    "дякую",
    "спасиб",
    "hello",
    "hi",
    "день",
    "дня",
    "вечір",
    "вечер",
    "ранок",
    "утро",
    // numerals and counters
    "один",
    "одна",
    "одне",
    "одну",
    "одно",
    "два",
    "дві",
    "двох",
    "двоє",
    "двое",
    "двух",
    "три",
    "трьох",
    "троє",
    "трое",
    "трех",
    "чотир",
    "четыр",
    "четвер",
    "пять",
    "п'ять",
    "шість",
    "шесть",
    "сім",
    "семь",
    "десят",
    "пара",
    "пари",
    "пару",
    "парою",
    "шт",
    "штук",
    "штуки",
    "шту",
    "ящик",
    "уп",
    "упак",
    "кг",
    "кіло",
    "кило",
    "літр",
    "литр",
    "пачк",
    "мішк",
    "мешк",
    // conditions
    "бу",
    "бв",
    "нов",
    "нові",
    "нове",
    "новий",
    "новые",
    "новая",
    "new",
    "used",
    "чисте",
    "чисті",
    "чистые",
    "хорош",
    "стан",
    "стані",
    "состоян",
    "ціл",
    "цел",
    // people and who it is for
    "люди",
    "людей",
    "людям",
    "человек",
    "people",
    "person",
    "сім'",
    "сем'",
    "семь",
    "семья",
    "семьи",
    "родин",
    "family",
    "мам",
    "тат",
    "пап",
    "бабус",
    "дідус",
    "дедуш",
    "бабуш",
    "ребен",
    "ребён",
    "дитин",
    "дитя",
    "дити",
    "діт",
    "дет",
    "немовл",
    "младен",
    "новонар",
    "малюк",
    "малыш",
    "чоловік",
    "чоловіч",
    "мужч",
    "мужск",
    "жінк",
    "жіноч",
    "женщ",
    "женск",
    "хлопч",
    "хлопц",
    "мальчик",
    "дівч",
    "девоч",
    "доросл",
    "взросл",
    "пенсіон",
    "пенсион",
    "пожил",
    "літні",
    "літнім",
    "men",
    "women",
    "boy",
    "girl",
    "kid",
    "child",
    "adult",
    "elderly",
    "infant",
    "newborn",
    // seasons and sizes
    "зимов",
    "зимн",
    "літн",
    "летн",
    "демісез",
    "демисез",
    "розмір",
    "размер",
    "рост",
    "ріст",
    "зріст",
    "року",
    "років",
    "рок",
    "лет",
    "год",
    "міс",
    "мес",
    "year",
    "size",
    // containers and counters said after a number
    "бутылок",
    "бутылки",
    "бутылка",
    "пляшок",
    "пляшки",
    "пляшка",
    "банок",
    "банки",
    "банка",
    "банку",
    "тюбиків",
    "тюбиков",
    "тюбики",
    "мішками",
    "мешками",
    "мішків",
    "мешков",
    "коробок",
    "коробки",
    "ящиків",
    "ящиков",
    "тонну",
    "тонни",
    "тонн",
    "тонна",
    // common words one typo away from an item («вільна» / «вилка»)
    "вільн",
    "свобод",
    "гарн",
    "робоч",
    "рабоч",
    "старий",
    "стара",
    "старі",
    "можна",
    "жити",
    "безкоштовн",
    "бесплатн",
    "треба",
    "нужн",
    "потрібн",
    "самовивіз",
    "забрат",
    "забрать",
    "доставк",
    "прийня",
    "прийму",
    "приймем",
    "приймаю",
    "принять",
    "приму",
    "візьм",
    "возьм",
    "взяти",
    "взять",
    "машина",
    "машину",
    "машиною",
    "автомобіл",
    "авто",
    "постій",
    "після",
    "после",
    "залишил",
    "осталс",
    "залишився",
    // pronouns and small words
    "вас",
    "вам",
    "нас",
    "нам",
    "ми",
    "мы",
    "я",
    "все",
    "всё",
    "усе",
    "це",
    "это",
    "ще",
    "еще",
    "ещё",
    "теж",
    "тоже",
    "дуже",
    "очень",
    "так",
    "там",
    "тут",
    "є",
    "ось",
    "вот",
];

/// Weak words that are still item words when written exactly as a catalogue term (so «дитячий
/// одяг» is clothing, but «дитини» alone names nothing).
fn is_weak(folded: &str) -> bool {
    if folded.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    WEAK_PREFIXES.iter().any(|p| {
        if p.chars().count() <= 3 {
            folded == *p
        } else {
            folded.starts_with(p)
        }
    })
}

fn err(file: &str, line: usize, field: &str, reason: impl Into<String>) -> CatalogueError {
    CatalogueError {
        file: file.to_string(),
        line,
        field: field.to_string(),
        reason: reason.into(),
    }
}

fn csv_err(file: &str, e: csv::Error) -> CatalogueError {
    let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
    err(file, line, "row", e.to_string())
}

/// Read a CSV text with the given header, calling `row(line, record)` for each record.
fn for_each_row(
    file: &str,
    text: &str,
    header: &[&str],
    mut row: impl FnMut(usize, &csv::StringRecord) -> Result<(), CatalogueError>,
) -> Result<(), CatalogueError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let got = rdr.headers().map_err(|e| csv_err(file, e))?.clone();
    if got.iter().map(str::trim).ne(header.iter().copied()) {
        let got: Vec<&str> = got.iter().map(str::trim).collect();
        return Err(err(
            file,
            1,
            "header",
            format!("expected `{}`, found `{}`", header.join(","), got.join(",")),
        ));
    }
    let mut rec = csv::StringRecord::new();
    while rdr.read_record(&mut rec).map_err(|e| csv_err(file, e))? {
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        row(line, &rec)?;
    }
    Ok(())
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('.').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

impl Catalogue {
    /// The catalogue compiled from `data/catalogue/`.
    pub fn builtin() -> &'static Catalogue {
        static CAT: OnceLock<Catalogue> = OnceLock::new();
        CAT.get_or_init(|| {
            Catalogue::from_csv(
                include_str!("../../data/catalogue/categories.csv"),
                include_str!("../../data/catalogue/synonyms.csv"),
            )
            .and_then(|c| c.with_relations(include_str!("../../data/catalogue/relations.csv")))
            // The data is compiled in and checked by the tests, so a bad row is a build defect.
            .unwrap_or_else(|e| panic!("built-in catalogue data is invalid: {e}"))
        })
    }

    /// Parse a catalogue from the text of `categories.csv` and `synonyms.csv`. Errors name the
    /// file, the line, the field and the reason.
    pub fn from_csv(categories: &str, synonyms: &str) -> Result<Catalogue, CatalogueError> {
        const CF: &str = "categories.csv";
        const SF: &str = "synonyms.csv";
        let mut cat = Catalogue::default();

        for_each_row(
            CF,
            categories,
            &["id", "parent", "name_uk", "name_en", "unit"],
            |line, f| {
                let line = &line;
                let (id, parent, name_uk, name_en, unit) = (
                    f[0].trim(),
                    f[1].trim(),
                    f[2].trim(),
                    f[3].trim(),
                    f[4].trim(),
                );
                if !valid_id(id) {
                    return Err(err(
                        CF,
                        *line,
                        "id",
                        format!("`{id}` is not a dotted path of [a-z0-9_] segments"),
                    ));
                }
                if cat.by_id.contains_key(id) {
                    return Err(err(CF, *line, "id", format!("duplicate id `{id}`")));
                }
                let expected_parent = id.rsplit_once('.').map(|(p, _)| p);
                match (expected_parent, parent.is_empty()) {
                    (None, true) => {}
                    (None, false) => {
                        return Err(err(
                            CF,
                            *line,
                            "parent",
                            format!("root `{id}` must have an empty parent, found `{parent}`"),
                        ));
                    }
                    (Some(p), _) if p != parent => {
                        return Err(err(
                            CF,
                            *line,
                            "parent",
                            format!("`{id}` must have parent `{p}`, found `{parent}`"),
                        ));
                    }
                    (Some(p), _) => {
                        if !cat.by_id.contains_key(p) {
                            return Err(err(
                                CF,
                                *line,
                                "parent",
                                format!("unknown parent `{p}` (list a parent before its children)"),
                            ));
                        }
                    }
                }
                if name_uk.is_empty() {
                    return Err(err(CF, *line, "name_uk", "empty"));
                }
                if name_en.is_empty() {
                    return Err(err(CF, *line, "name_en", "empty"));
                }
                let Some(unit) = Unit::ALL.iter().copied().find(|u| u.code() == unit) else {
                    let codes: Vec<&str> = Unit::ALL.iter().map(|u| u.code()).collect();
                    return Err(err(
                        CF,
                        *line,
                        "unit",
                        format!("unknown unit `{unit}` (one of {})", codes.join(", ")),
                    ));
                };
                let idx = cat.categories.len();
                let parent_idx = expected_parent.map(|p| cat.by_id[p]);
                cat.by_id.insert(id.to_string(), idx);
                cat.parent.push(parent_idx);
                cat.children.push(Vec::new());
                cat.depth
                    .push(parent_idx.map(|p| cat.depth[p] + 1).unwrap_or(0));
                if let Some(p) = parent_idx {
                    cat.children[p].push(idx);
                }
                cat.categories.push(Category {
                    id: id.to_string(),
                    parent: (!parent.is_empty()).then(|| parent.to_string()),
                    name_uk: name_uk.to_string(),
                    name_en: name_en.to_string(),
                    unit,
                });
                Ok(())
            },
        )?;

        // folded term → (category, line)
        let mut seen: FxMap<String, (usize, usize)> = FxMap::default();
        for_each_row(SF, synonyms, &["category", "lang", "term"], |line, f| {
            let line = &line;
            let (cid, lang, text) = (f[0].trim(), f[1].trim(), f[2].trim());
            let Some(&ci) = cat.by_id.get(cid) else {
                return Err(err(
                    SF,
                    *line,
                    "category",
                    format!("unknown category `{cid}`"),
                ));
            };
            let Some(lang) = LANGS.iter().copied().find(|l| *l == lang) else {
                return Err(err(
                    SF,
                    *line,
                    "lang",
                    format!("unknown language `{lang}` (one of uk, ru, en)"),
                ));
            };
            let folded = fold(text);
            if folded.is_empty() {
                return Err(err(SF, *line, "term", "empty"));
            }
            if let Some(&(other, other_line)) = seen.get(&folded) {
                let reason = if other == ci {
                    format!("duplicate term `{text}` (line {other_line})")
                } else {
                    format!(
                        "`{text}` is already a term of `{}` (line {other_line}); a term may name \
                         one category only",
                        cat.categories[other].id
                    )
                };
                return Err(err(SF, *line, "term", reason));
            }
            seen.insert(folded.clone(), (ci, *line));
            let tid = cat.terms.len() as u32;
            let mut wids = Vec::new();
            for w in words(&folded).filter(|w| !is_stopword(w)) {
                let wid = cat.intern_word(w);
                if !wids.contains(&wid) {
                    wids.push(wid);
                    cat.words[wid as usize].terms.push(tid);
                }
            }
            if wids.is_empty() {
                return Err(err(
                    SF,
                    *line,
                    "term",
                    format!("`{text}` has only stop words"),
                ));
            }
            cat.terms.push(Term {
                cat: ci as u32,
                lang,
                text: text.to_string(),
                folded,
                words: wids,
            });
            Ok(())
        })?;
        cat.by_key.finish();
        cat.by_prefix.finish();
        cat.by_deletion.finish();
        Ok(cat)
    }

    /// Add the related pairs of `relations.csv` (header `a,b,note`): each pair is related both
    /// ways. A pair already in one line of the tree (same, narrower, broader) is an error.
    pub fn with_relations(mut self, relations: &str) -> Result<Catalogue, CatalogueError> {
        const RF: &str = "relations.csv";
        self.related = vec![Vec::new(); self.categories.len()];
        let mut pairs = Vec::new();
        for_each_row(RF, relations, &["a", "b", "note"], |line, f| {
            let mut ids = [0usize; 2];
            for (k, field) in ["a", "b"].iter().enumerate() {
                let id = f[k].trim();
                let Some(&i) = self.by_id.get(id) else {
                    return Err(err(RF, line, field, format!("unknown category `{id}`")));
                };
                ids[k] = i;
            }
            let (a, b) = (ids[0], ids[1]);
            if a == b || self.is_ancestor(a, b) || self.is_ancestor(b, a) {
                return Err(err(
                    RF,
                    line,
                    "b",
                    "the two categories are already one line of the tree",
                ));
            }
            pairs.push((a, b));
            Ok(())
        })?;
        for (a, b) in pairs {
            if !self.related[a].contains(&b) {
                self.related[a].push(b);
                self.related[b].push(a);
            }
        }
        Ok(self)
    }

    /// Categories listed as related to `id` (not its own line of the tree).
    pub fn related(&self, id: &str) -> Vec<String> {
        let Some(&i) = self.by_id.get(id) else {
            return Vec::new();
        };
        self.related
            .get(i)
            .map(|r| r.iter().map(|&j| self.categories[j].id.clone()).collect())
            .unwrap_or_default()
    }

    /// Depth of a category in the tree (a root is 0).
    pub fn depth_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).map(|&i| self.depth[i])
    }

    fn intern_word(&mut self, folded: &str) -> u32 {
        if let Some(&id) = self.word_by_folded.get(folded) {
            return id;
        }
        let id = self.words.len() as u32;
        let key = loose_key(folded);
        let len = folded.chars().count();
        self.by_key.push(fx_hash(&[key.as_bytes()]), id);
        if len >= 4 {
            let prefix = key_prefix(&key, 4);
            if prefix.chars().count() == 4 {
                self.by_prefix.push(fx_hash(&[prefix.as_bytes()]), id);
            }
            for d in deletion_hashes(&key) {
                self.by_deletion.push(d, id);
            }
        }
        self.words.push(Word {
            folded: folded.to_string(),
            key,
            len,
            latin_only: !has_cyrillic(folded),
            terms: Vec::new(),
        });
        self.word_by_folded.insert(folded.to_string(), id);
        id
    }

    fn build_suggest(&self) -> SuggestIndex {
        let mut f = Vec::new();
        let mut l = Vec::new();
        for (tid, t) in self.terms.iter().enumerate() {
            let tid = tid as u32;
            let ws: Vec<&str> = words(&t.folded).collect();
            let keys: Vec<String> = ws
                .iter()
                .map(|w| match self.word_by_folded.get(*w) {
                    Some(&id) => self.words[id as usize].key.clone(),
                    None => loose_key(w),
                })
                .collect();
            for i in 0..ws.len() {
                if i > 0 && is_stopword(ws[i]) {
                    continue;
                }
                l.push((keys[i..].join(" "), tid, i == 0));
                f.push((ws[i..].join(" "), tid, i == 0));
            }
        }
        f.sort_unstable();
        l.sort_unstable();
        SuggestIndex {
            folded: f,
            loose: l,
        }
    }

    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    pub fn get(&self, id: &str) -> Option<&Category> {
        self.by_id.get(id).map(|&i| &self.categories[i])
    }

    /// Number of synonym rows.
    pub fn synonym_count(&self) -> usize {
        self.terms.len()
    }

    /// The synonyms of a category as `(lang, term)`, in data order.
    pub fn terms_of(&self, id: &str) -> Vec<(&str, &str)> {
        let Some(&ci) = self.by_id.get(id) else {
            return Vec::new();
        };
        self.terms
            .iter()
            .filter(|t| t.cat as usize == ci)
            .map(|t| (t.lang, t.text.as_str()))
            .collect()
    }

    /// The parent of a category, if any.
    pub fn parent_of(&self, id: &str) -> Option<&Category> {
        let &i = self.by_id.get(id)?;
        self.parent[i].map(|p| &self.categories[p])
    }

    /// How well text word `t` meets catalogue word `w`, if at all.
    fn word_score(t: &TextWord<'_>, w: &Word) -> Option<f32> {
        if w.latin_only && t.cyrillic {
            return None;
        }
        if t.folded == w.folded {
            return Some(1.0);
        }
        if t.key == w.key {
            return Some(SCORE_SAME_KEY);
        }
        if t.len < 4 || w.len < 4 {
            return None;
        }
        let (a, b) = (t.key.as_bytes(), w.key.as_bytes());
        let mut best: Option<f32> = None;
        let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        if p >= 4 && a.len() - p <= 4 && b.len() - p <= 4 {
            let longest = a.len().max(b.len()) as f32;
            best = Some(0.7 + 0.2 * p as f32 / longest);
        }
        let limit = if t.len >= 8 { 2 } else { 1 };
        // A typo of a short word is too often another word: five letters at least.
        if let Some(d) = osa_within(a, b, limit).filter(|_| t.len >= 5 && w.len >= 5 && !t.weak) {
            let s = if d <= 1 { SCORE_TYPO1 } else { SCORE_TYPO2 };
            best = Some(best.map_or(s, |b| b.max(s)));
        }
        best
    }

    /// All catalogue words that text word `t` meets, with their scores.
    fn word_hits(&self, t: &TextWord<'_>) -> Vec<WordHit> {
        let mut cands: Vec<u32> = Vec::new();
        let key_hash = fx_hash(&[t.key.as_bytes()]);
        cands.extend(self.by_key.get(key_hash));
        if let Some(&w) = self.word_by_folded.get(t.folded) {
            cands.push(w);
        }
        if t.len >= 4 {
            let prefix = key_prefix(&t.key, 4);
            cands.extend(self.by_prefix.get(fx_hash(&[prefix.as_bytes()])));
            // t is a catalogue word with one letter left out
            cands.extend(self.by_deletion.get(key_hash));
            for d in deletion_hashes(&t.key) {
                // t has one letter too many, or one letter changed / swapped
                cands.extend(self.by_key.get(d));
                cands.extend(self.by_deletion.get(d));
            }
        }
        cands.sort_unstable();
        cands.dedup();
        cands
            .into_iter()
            .filter_map(|wid| {
                Self::word_score(t, &self.words[wid as usize])
                    .map(|score| WordHit { word: wid, score })
            })
            .collect()
    }

    /// Every synonym that matches the text words, as (term id, quality, text-word mask, first
    /// word). A match must hold a word that is not weak (see [`WEAK_PREFIXES`]), and a one-word
    /// term met only fuzzily by a word of five letters or fewer does not count: a single fuzzy hit
    /// on a short word never names an item.
    fn term_matches(&self, toks: &[Token]) -> Vec<(u32, f32, u64, usize)> {
        let text: Vec<TextWord<'_>> = toks
            .iter()
            .take(MAX_TEXT_WORDS)
            .map(|t| TextWord {
                folded: t.folded.as_str(),
                key: loose_key(&t.folded),
                len: t.folded.chars().count(),
                cyrillic: has_cyrillic(&t.folded),
                weak: is_weak(&t.folded),
            })
            .collect();
        // Which part of the text (between list separators) each word is in.
        let part: Vec<usize> = toks.iter().take(text.len()).map(|t| t.part).collect();
        let hits: Vec<Vec<WordHit>> = text
            .iter()
            .map(|t| {
                if is_stopword(t.folded) {
                    Vec::new()
                } else {
                    self.word_hits(t)
                }
            })
            .collect();
        let mut touched: Vec<u32> = hits
            .iter()
            .flatten()
            .flat_map(|h| self.words[h.word as usize].terms.iter().copied())
            .collect();
        touched.sort_unstable();
        touched.dedup();

        let mut out = Vec::new();
        'terms: for tid in touched {
            let term = &self.terms[tid as usize];
            let mut used: u64 = 0;
            let mut total = 0.0f32;
            let mut first = usize::MAX;
            let mut anchored = false;
            let mut short_fuzzy = false;
            for &wid in &term.words {
                let mut best: Option<(usize, f32)> = None;
                for (j, hs) in hits.iter().enumerate() {
                    if used & (1 << j) != 0 {
                        continue;
                    }
                    if let Some(h) = hs.iter().find(|h| h.word == wid)
                        && best.is_none_or(|(_, s)| h.score > s)
                    {
                        best = Some((j, h.score));
                    }
                }
                let Some((j, s)) = best else {
                    continue 'terms;
                };
                used |= 1 << j;
                total += s;
                first = first.min(j);
                anchored |= !text[j].weak;
                short_fuzzy |= s < SCORE_SAME_KEY && text[j].len <= 5;
            }
            if term.words.len() > 1 {
                let parts: Vec<usize> = (0..text.len())
                    .filter(|j| used & (1 << j) != 0)
                    .map(|j| part[j])
                    .collect();
                if parts.windows(2).any(|w| w[0] != w[1]) {
                    continue;
                }
            }
            // Weak words alone make a term only when the data says so in several words met
            // at least by stem («прийняти родини»), or in one word met exactly.
            let n = term.words.len() as f32;
            let weak_ok = if term.words.len() == 1 {
                total >= SCORE_SAME_KEY
            } else {
                total >= 0.8 * n
            };
            if !(anchored || weak_ok) {
                continue;
            }
            if term.words.len() == 1 && short_fuzzy {
                continue;
            }
            if !anchored && term.words.len() == 1 && text.len() > 1 && total < 1.0 {
                // An exact weak word («дитячі», «нові») alone in a longer text is a qualifier.
                continue;
            }
            out.push((tid, total / term.words.len() as f32, used, first));
        }
        out
    }

    /// Best category for free text in Ukrainian, Russian, English or Latin transliteration.
    pub fn classify(&self, text: &str) -> Option<Classification> {
        let toks = tokens(text);
        struct Agg {
            cat: u32,
            mask: u64,
            best_len: usize,
            best_q: f32,
            best_term: u32,
            first: usize,
        }
        let mut aggs: Vec<Agg> = Vec::new();
        for (tid, q, mask, first) in self.term_matches(&toks) {
            let term = &self.terms[tid as usize];
            let len = term.words.len();
            let agg = match aggs.iter_mut().position(|a| a.cat == term.cat) {
                Some(i) => &mut aggs[i],
                None => {
                    aggs.push(Agg {
                        cat: term.cat,
                        mask: 0,
                        best_len: 0,
                        best_q: 0.0,
                        best_term: tid,
                        first: usize::MAX,
                    });
                    aggs.last_mut().expect("just pushed")
                }
            };
            agg.mask |= mask;
            agg.first = agg.first.min(first);
            if (len, q) > (agg.best_len, agg.best_q) {
                agg.best_len = len;
                agg.best_q = q;
                agg.best_term = tid;
            }
        }
        let best = aggs.into_iter().max_by(|a, b| {
            let ka = (a.mask.count_ones(), a.best_len);
            let kb = (b.mask.count_ones(), b.best_len);
            ka.cmp(&kb)
                .then(a.best_q.total_cmp(&b.best_q))
                .then(self.depth[a.cat as usize].cmp(&self.depth[b.cat as usize]))
                .then(b.first.cmp(&a.first))
                .then(b.cat.cmp(&a.cat))
        })?;
        let term = &self.terms[best.best_term as usize];
        Some(Classification {
            category: self.categories[best.cat as usize].id.clone(),
            score: best.best_q,
            term: term.text.clone(),
        })
    }

    /// Every item a text names, in the order they are said, each with its span. Terms are taken
    /// greedily, widest first (most words, then longest term, then best quality, then deepest
    /// category), each over words no earlier term took, all of a term's words within one part
    /// of the text (parts are split by `,` `;` `:` `(` `)` `.`). Spans are byte offsets. A heading that
    /// only groups what follows («Гігієна: мило, шампунь», «Теплі речі (шапки, шарфи)») is left
    /// out when every item after it is one of its kinds.
    pub fn classify_items(&self, text: &str) -> Vec<ItemHit> {
        let toks = tokens(text);
        let mut ms = self.term_matches(&toks);
        ms.sort_by(|a, b| {
            let (ta, tb) = (&self.terms[a.0 as usize], &self.terms[b.0 as usize]);
            b.2.count_ones()
                .cmp(&a.2.count_ones())
                .then(tb.words.len().cmp(&ta.words.len()))
                .then(b.1.total_cmp(&a.1))
                .then(self.depth[tb.cat as usize].cmp(&self.depth[ta.cat as usize]))
                .then(a.3.cmp(&b.3))
                .then(a.0.cmp(&b.0))
        });
        let mut taken: u64 = 0;
        let mut picked: Vec<(u32, f32, u64, usize)> = Vec::new();
        for m in ms {
            if m.2 & taken != 0 {
                continue;
            }
            taken |= m.2;
            picked.push(m);
        }
        picked.sort_by_key(|p| p.3);
        let hit = |p: &(u32, f32, u64, usize)| {
            let bits: Vec<usize> = (0..64).filter(|b| p.2 & (1u64 << b) != 0).collect();
            let first = bits.first().copied().unwrap_or(0);
            let last = bits.last().copied().unwrap_or(0);
            let (start, end) = (toks[first].start, toks[last].end);
            let term = &self.terms[p.0 as usize];
            ItemHit {
                category: self.categories[term.cat as usize].id.clone(),
                term: term.text.clone(),
                text: text[start..end].to_string(),
                start,
                end,
                score: p.1,
            }
        };
        let mut items: Vec<ItemHit> = picked.iter().map(hit).collect();
        // Headings: an item said before «:» or «(» followed by a list of at least two items,
        // all of them its kinds.
        if let Some(cut) = text.find([':', '(']) {
            let after: Vec<&ItemHit> = items.iter().filter(|i| i.start > cut).collect();
            if after.len() >= 2 {
                let drop: Vec<String> = items
                    .iter()
                    .filter(|h| h.end <= cut)
                    .filter(|h| {
                        after.iter().all(|a| {
                            matches!(
                                self.relation(&a.category, &h.category),
                                Relation::Narrower | Relation::Same
                            )
                        })
                    })
                    .map(|h| h.category.clone())
                    .collect();
                items.retain(|i| !(i.end <= cut && drop.contains(&i.category)));
            }
        }
        items
    }

    /// Catalogue entries for a prefix as the operator types (for autocompletion), best first.
    /// The prefix may start any term or any word of a term, in either script; at most one entry
    /// per category. When fewer than `limit` prefixes match, the fuzzy [`classify`] result is
    /// added, so a typo still offers something.
    ///
    /// [`classify`]: Catalogue::classify
    pub fn suggest(&self, text: &str, limit: usize) -> Vec<Classification> {
        let q = fold(text);
        if q.is_empty() || limit == 0 {
            return Vec::new();
        }
        let ql = loose_phrase(&q);
        // category → (score, term id)
        let mut best: FxMap<u32, (f32, u32)> = FxMap::default();
        let mut scan = |list: &[(String, u32, bool)], query: &str, factor: f32| {
            if query.is_empty() {
                return;
            }
            let start = list.partition_point(|(k, _, _)| k.as_str() < query);
            for (k, tid, whole) in list[start..].iter() {
                if !k.starts_with(query) {
                    break;
                }
                let ratio = query.chars().count() as f32 / k.chars().count().max(1) as f32;
                let score = factor
                    * if *whole {
                        0.5 + 0.5 * ratio
                    } else {
                        0.4 + 0.4 * ratio
                    };
                let term = &self.terms[*tid as usize];
                let e = best.entry(term.cat).or_insert((score, *tid));
                let shorter = term.text.len() < self.terms[e.1 as usize].text.len();
                if score > e.0 || (score == e.0 && shorter) {
                    *e = (score, *tid);
                }
            }
        };
        let index = self.suggest_index.get_or_init(|| self.build_suggest());
        scan(&index.folded, &q, 1.0);
        scan(&index.loose, &ql, SCORE_SAME_KEY);
        let mut out: Vec<(f32, u32, u32)> = best.into_iter().map(|(c, (s, t))| (s, t, c)).collect();
        out.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(
                    self.terms[a.1 as usize]
                        .text
                        .len()
                        .cmp(&self.terms[b.1 as usize].text.len()),
                )
                .then(a.2.cmp(&b.2))
        });
        let mut res: Vec<Classification> = out
            .into_iter()
            .take(limit)
            .map(|(score, tid, cat)| Classification {
                category: self.categories[cat as usize].id.clone(),
                score,
                term: self.terms[tid as usize].text.clone(),
            })
            .collect();
        if res.len() < limit
            && let Some(c) = self.classify(text)
            && !res.iter().any(|r| r.category == c.category)
        {
            res.push(c);
        }
        res
    }

    fn is_ancestor(&self, anc: usize, mut of: usize) -> bool {
        while let Some(p) = self.parent[of] {
            if p == anc {
                return true;
            }
            of = p;
        }
        false
    }

    /// The category of an item (given, else classified from its text) and its unit (given,
    /// else the category's default, else pieces).
    pub fn category_and_unit(
        &self,
        item: &str,
        category: Option<&str>,
        unit: Option<crate::domain::Unit>,
    ) -> (Option<String>, crate::domain::Unit) {
        let category = category
            .map(str::to_string)
            .or_else(|| self.classify(item).map(|c| c.category));
        let unit = unit.unwrap_or_else(|| {
            category
                .as_deref()
                .and_then(|c| self.get(c))
                .map(|c| c.unit)
                .unwrap_or(crate::domain::Unit::Pcs)
        });
        (category, unit)
    }

    /// How category `a` stands to category `b`. Unknown ids are unrelated to everything but
    /// themselves.
    pub fn relation(&self, a: &str, b: &str) -> Relation {
        if a == b {
            return Relation::Same;
        }
        let (Some(&ia), Some(&ib)) = (self.by_id.get(a), self.by_id.get(b)) else {
            return Relation::Unrelated;
        };
        if self.is_ancestor(ib, ia) {
            Relation::Narrower
        } else if self.is_ancestor(ia, ib) {
            Relation::Broader
        } else if self.related.get(ia).is_some_and(|r| r.contains(&ib)) {
            Relation::Related
        } else {
            Relation::Unrelated
        }
    }

    /// The categories whose needs an item of category `id` may serve: itself, its ancestors
    /// (nearest first) and its descendants (depth first, in data order). An unknown id gives just
    /// itself.
    pub fn family(&self, id: &str) -> Vec<String> {
        let Some(&i) = self.by_id.get(id) else {
            return vec![id.to_string()];
        };
        let mut out = vec![self.categories[i].id.clone()];
        let mut p = self.parent[i];
        while let Some(pi) = p {
            out.push(self.categories[pi].id.clone());
            p = self.parent[pi];
        }
        let mut stack: Vec<usize> = self.children[i].iter().rev().copied().collect();
        while let Some(c) = stack.pop() {
            out.push(self.categories[c].id.clone());
            stack.extend(self.children[c].iter().rev());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(text: &str) -> Option<String> {
        Catalogue::builtin().classify(text).map(|c| c.category)
    }

    #[test]
    fn builtin_data_loads_cleanly() {
        let c = Catalogue::from_csv(
            include_str!("../../data/catalogue/categories.csv"),
            include_str!("../../data/catalogue/synonyms.csv"),
        )
        .expect("builtin data must load");
        assert!(c.categories().len() >= 60, "{}", c.categories().len());
        assert!(c.synonym_count() >= 800, "{}", c.synonym_count());
        // every category has at least one synonym in each language
        for k in c.categories() {
            for lang in LANGS {
                assert!(
                    c.terms_of(&k.id).iter().any(|(l, _)| l == lang),
                    "{} has no {lang} synonym",
                    k.id
                );
            }
            if let Some(p) = &k.parent {
                assert!(c.get(p).is_some(), "unknown parent {p}");
            }
        }
    }

    #[test]
    fn loose_keys_meet_across_spellings() {
        let k = |s: &str| loose_key(&fold(s));
        assert_eq!(k("одеяло"), k("odeyalo"));
        assert_eq!(k("одеяло"), k("odeialo"));
        assert_eq!(k("одеяло"), k("odejalo"));
        assert_eq!(k("холодильник"), k("holodilnik"));
        assert_eq!(k("ковдра"), k("KOVDRA"));
        assert_eq!(k("детский"), k("detskij"));
        assert_ne!(k("ковдра"), k("подушка"));
    }

    #[test]
    fn osa_distance_bounds() {
        assert_eq!(osa_within(b"blanket", b"blankte", 1), Some(1));
        assert_eq!(osa_within(b"kovdra", b"kovdar", 1), Some(1));
        assert_eq!(osa_within(b"kovdra", b"podushka", 2), None);
        assert_eq!(osa_within(b"abcdefgh", b"abxdefyh", 2), Some(2));
    }

    #[test]
    fn errors_name_file_line_field() {
        let cats = "id,parent,name_uk,name_en,unit\nclothing,,Одяг,Clothing,pcs\n";
        let e = Catalogue::from_csv(cats, "category,lang,term\nfurniture,uk,стіл\n").unwrap_err();
        assert_eq!(
            (e.file.as_str(), e.line, e.field.as_str()),
            ("synonyms.csv", 2, "category")
        );
        assert!(
            e.to_string().starts_with("synonyms.csv:2: category:"),
            "{e}"
        );

        let bad_unit = "id,parent,name_uk,name_en,unit\nclothing,,Одяг,Clothing,tons\n";
        let e = Catalogue::from_csv(bad_unit, "category,lang,term\n").unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (2, "unit"));

        let orphan = "id,parent,name_uk,name_en,unit\nclothing.kids,clothing,Д,K,pcs\n";
        let e = Catalogue::from_csv(orphan, "category,lang,term\n").unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (2, "parent"));

        let dup = "id,parent,name_uk,name_en,unit\na,,А,A,pcs\na,,А,A,pcs\n";
        let e = Catalogue::from_csv(dup, "category,lang,term\n").unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (3, "id"));

        let two = "id,parent,name_uk,name_en,unit\na,,А,A,pcs\nb,,Б,B,pcs\n";
        let e =
            Catalogue::from_csv(two, "category,lang,term\na,uk,ковдра\nb,ru,Ковдра\n").unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (3, "term"));
        let e = Catalogue::from_csv(two, "category,lang,term\na,de,Decke\n").unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (2, "lang"));
        let e = Catalogue::from_csv(two, "category,lang,term\na,uk,для\n").unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (2, "term"));
        let e = Catalogue::from_csv("id,parent\n", "").unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (1, "header"));
    }

    #[test]
    fn classify_basics() {
        assert_eq!(cat("ковдра").as_deref(), Some("bedding.blankets"));
        assert_eq!(cat("КОВДРА").as_deref(), Some("bedding.blankets"));
        assert_eq!(cat("kovdra").as_deref(), Some("bedding.blankets"));
        assert_eq!(cat("ковдрами").as_deref(), Some("bedding.blankets"));
        assert_eq!(cat("ковдар").as_deref(), Some("bedding.blankets"));
        assert_eq!(cat("привіт"), None);
        assert_eq!(cat("asdf"), None);
        assert_eq!(cat(""), None);
        assert_eq!(cat("б/у"), None);
    }

    #[test]
    fn scores_are_graded() {
        let c = Catalogue::builtin();
        let exact = c.classify("ковдра").unwrap();
        assert_eq!(exact.score, 1.0);
        assert_eq!(exact.term, "ковдра");
        let stem = c.classify("ковдрочками").unwrap();
        assert!(stem.score < 1.0 && stem.score > 0.5, "{stem:?}");
        let typo = c.classify("blankte").unwrap();
        assert!(typo.score < stem.score, "{typo:?} vs {stem:?}");
    }

    #[test]
    fn qualified_phrase_beats_bare_word() {
        assert_eq!(cat("коляска").as_deref(), Some("baby.strollers"));
        assert_eq!(
            cat("інвалідна коляска").as_deref(),
            Some("medical_aids.wheelchairs")
        );
        assert_eq!(cat("памперси").as_deref(), Some("baby.nappies"));
        assert_eq!(
            cat("памперси для дорослих").as_deref(),
            Some("hygiene.incontinence")
        );
    }

    #[test]
    fn relation_and_family() {
        let c = Catalogue::builtin();
        assert_eq!(
            c.relation("clothing.children.winter", "clothing"),
            Relation::Narrower
        );
        assert_eq!(
            c.relation("clothing", "clothing.children.winter"),
            Relation::Broader
        );
        assert_eq!(c.relation("clothing", "clothing"), Relation::Same);
        assert_eq!(c.relation("clothing", "furniture"), Relation::Unrelated);
        assert_eq!(
            c.relation("clothing.children", "clothing.adults"),
            Relation::Unrelated
        );
        let f = c.family("clothing.children");
        assert_eq!(f[0], "clothing.children");
        assert_eq!(f[1], "clothing");
        assert!(f.contains(&"clothing.children.winter".to_string()));
        assert!(!f.contains(&"clothing.adults".to_string()));
    }
}
