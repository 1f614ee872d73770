//! The place gazetteer: Ukraine's administrative units (KATOTTG codifier) with Russian, Latin and
//! former names, resolved from whatever a caller or operator types.
//!
//! Data: `data/places/katottg.csv` (the codifier) and `data/places/aliases.csv` (extra spellings),
//! compiled in and parsed once on first use. See `data/places/README.md` for the rules.
//!
//! Resolution looks a name up in two indexes, best first:
//! 1. the *exact* key: `latin(fold(text))`, so Ukrainian, Russian letters and the official Latin
//!    transliteration meet (an alias row adds its own exact key);
//! 2. the *skeleton* key ([`skeleton`]): a coarse phonetic form where і/и/ї/й/ы/е/є/э, kh/h/g,
//!    ts/c, doubled letters, soft signs and the Ukrainian `-ів` / Russian `-ов`/`-ев` meet.
//!
//! and, only when both miss and the name has at least six letters, a bounded scan of the distinct
//! skeletons for one that is one edit away (a typo).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use super::fold::{fold, latin, words};

const KATOTTG_CSV: &str = include_str!("../../data/places/katottg.csv");
const ALIASES_CSV: &str = include_str!("../../data/places/aliases.csv");

/// KATOTTG category of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    /// O: oblast or the Autonomous Republic of Crimea
    Oblast,
    /// K: city with special status (Kyiv, Sevastopol)
    SpecialCity,
    /// P: raion
    Raion,
    /// H: territorial community
    Hromada,
    /// M: city
    City,
    /// X: urban-type settlement
    Settlement,
    /// C: village
    Village,
    /// B: city district
    District,
}

impl PlaceKind {
    /// The kind for a KATOTTG category letter.
    pub fn from_category(category: &str) -> Option<PlaceKind> {
        Some(match category {
            "O" => PlaceKind::Oblast,
            "K" => PlaceKind::SpecialCity,
            "P" => PlaceKind::Raion,
            "H" => PlaceKind::Hromada,
            "M" => PlaceKind::City,
            "X" => PlaceKind::Settlement,
            "C" => PlaceKind::Village,
            "B" => PlaceKind::District,
            _ => return None,
        })
    }

    /// True for units people live in: special-status city, city, settlement, village.
    pub fn is_settlement(self) -> bool {
        matches!(
            self,
            PlaceKind::SpecialCity | PlaceKind::City | PlaceKind::Settlement | PlaceKind::Village
        )
    }

    /// Preference when a name fits several units: cities, then settlements and villages (one
    /// tier: a settlement does not beat a same-named village), then oblast, raion, hromada,
    /// district.
    fn tier(self) -> u8 {
        match self {
            PlaceKind::SpecialCity | PlaceKind::City => 0,
            PlaceKind::Settlement | PlaceKind::Village => 1,
            PlaceKind::Oblast => 2,
            PlaceKind::Raion => 3,
            PlaceKind::Hromada => 4,
            PlaceKind::District => 5,
        }
    }

    /// Order in suggestions: cities, settlements, villages, then the administrative units.
    fn suggest_rank(self) -> u8 {
        match self {
            PlaceKind::SpecialCity | PlaceKind::City => 0,
            PlaceKind::Settlement => 1,
            PlaceKind::Village => 2,
            PlaceKind::Oblast => 3,
            PlaceKind::Raion => 4,
            PlaceKind::Hromada => 5,
            PlaceKind::District => 6,
        }
    }
}

/// One administrative unit with its place in the hierarchy (codes of the enclosing units; for a
/// unit that is itself a hromada, `hromada` is its own code, and so on up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub code: String,
    pub name: String,
    pub kind: PlaceKind,
    /// The settlement (city, settlement or village) this unit is or lies in; a district's city.
    pub settlement: Option<String>,
    pub hromada: Option<String>,
    pub raion: Option<String>,
    pub oblast: Option<String>,
}

/// How near two units are, from their own code and the codes of their settlement, hromada,
/// raion and oblast (in that order): the one rule every layer uses.
pub fn locality_of(a: [Option<&str>; 5], b: [Option<&str>; 5]) -> Locality {
    let same = |i: usize| a[i].is_some() && a[i] == b[i];
    if same(0) || same(1) {
        Locality::Settlement
    } else if same(2) {
        Locality::Hromada
    } else if same(3) {
        Locality::Raion
    } else if same(4) {
        Locality::Oblast
    } else {
        Locality::Elsewhere
    }
}

impl Place {
    /// Own code, then settlement, hromada, raion and oblast codes (for [`locality_of`]).
    pub fn hierarchy(&self) -> [Option<&str>; 5] {
        [
            Some(self.code.as_str()),
            self.settlement.as_deref(),
            self.hromada.as_deref(),
            self.raion.as_deref(),
            self.oblast.as_deref(),
        ]
    }
}

/// How near two places are, nearest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Locality {
    Settlement,
    Hromada,
    Raion,
    Oblast,
    Elsewhere,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlaceError {
    #[error("location: no place called '{0}'")]
    NotFound(String),
    /// The text names several places; the candidates are shown as `display()` strings.
    #[error("location: '{text}' is ambiguous: {}", candidates.join("; "))]
    Ambiguous {
        text: String,
        candidates: Vec<String>,
    },
}

/// A small multiply-rotate hasher (FxHash's scheme): the index keys are short strings of our own
/// data, so SipHash's flood resistance buys nothing and costs a good part of the load time.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Fx = BuildHasherDefault<FxHasher>;
type Index = HashMap<String, Vec<u32>, Fx>;

/// How many candidates an `Ambiguous` error lists at most.
pub const MAX_CANDIDATES: usize = 5;

/// What a type word next to a name («м.», «обл.», «р-н», «смт», «village»…) says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    City,
    Settlement,
    Village,
    Oblast,
    Raion,
    Hromada,
}

impl Hint {
    fn of(word: &str) -> Option<Hint> {
        Some(match word {
            "м" | "місто" | "міста" | "г" | "город" | "city" | "town" | "misto" | "gorod" => {
                Hint::City
            }
            "смт" | "пгт" | "селище" | "поселок" | "посёлок" | "пос" | "сел" | "smt"
            | "selyshche" | "settlement" => Hint::Settlement,
            "с" | "село" | "village" | "selo" => Hint::Village,
            "область" | "обл" | "oblast" | "obl" | "region" | "province" => Hint::Oblast,
            "район" | "р" | "р н" | "рн" | "raion" | "rayon" | "district" => Hint::Raion,
            "громада" | "тг" | "отг" | "hromada" | "community" => Hint::Hromada,
            _ => return None,
        })
    }

    fn admits(self, kind: PlaceKind) -> bool {
        match self {
            Hint::City => matches!(kind, PlaceKind::City | PlaceKind::SpecialCity),
            Hint::Settlement => kind == PlaceKind::Settlement,
            Hint::Village => kind == PlaceKind::Village,
            Hint::Oblast => kind == PlaceKind::Oblast,
            Hint::Raion => matches!(kind, PlaceKind::Raion | PlaceKind::District),
            Hint::Hromada => kind == PlaceKind::Hromada,
        }
    }

    /// Whether the hint is about a settlement, so it may be relaxed: people call a settlement a
    /// city or a village a settlement; they do not mix an oblast up with a raion.
    fn is_loose(self) -> bool {
        matches!(self, Hint::City | Hint::Settlement | Hint::Village)
    }

    fn is_area(self) -> bool {
        matches!(self, Hint::Oblast | Hint::Raion | Hint::Hromada)
    }
}

/// Folded words of one part of the text with the type words at either end taken off.
#[derive(Debug, Clone, Default)]
struct Part {
    words: Vec<String>,
    lead: Option<Hint>,
    trail: Option<Hint>,
}

impl Part {
    fn parse(text: &str) -> Part {
        let folded = fold(text);
        let mut ws: Vec<String> = words(&folded).map(str::to_string).collect();
        // «р-н» folds to «р н»
        let mut i = 0;
        while i + 1 < ws.len() {
            if ws[i] == "р" && ws[i + 1] == "н" {
                ws[i] = "р н".to_string();
                ws.remove(i + 1);
            }
            i += 1;
        }
        let mut part = Part::default();
        while ws.len() > 1 {
            match Hint::of(&ws[0]) {
                Some(h) => {
                    part.lead.get_or_insert(h);
                    ws.remove(0);
                }
                None => break,
            }
        }
        while ws.len() > 1 {
            match Hint::of(ws.last().map(String::as_str).unwrap_or("")) {
                Some(h) => {
                    part.trail.get_or_insert(h);
                    ws.pop();
                }
                None => break,
            }
        }
        part.words = ws;
        part
    }

    fn hint(&self) -> Option<Hint> {
        self.lead.or(self.trail)
    }

    fn text(&self) -> String {
        self.words.join(" ")
    }
}

/// The coarse cross-script key of a name (see the module doc). Takes any text: it is folded and
/// transliterated first.
pub fn skeleton(text: &str) -> String {
    skeleton_of_latin(&latin(&fold(text)), true)
}

/// Skeleton of already folded and transliterated text; `ends` applies the word-final rules
/// (left off for prefixes while someone is still typing).
fn skeleton_of_latin(lat: &str, ends: bool) -> String {
    let mut out = String::with_capacity(lat.len());
    for (n, word) in words(lat).enumerate() {
        if n > 0 {
            out.push(' ');
        }
        skeleton_word(word, ends, &mut out);
    }
    out
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'o' | 'u' | 'i')
}

fn skeleton_word(word: &str, ends: bool, out: &mut String) {
    let mut w: &str = word;
    let mut tail = "";
    if ends {
        // Russian neuter and feminine adjective endings meet the Ukrainian ones.
        for (from, to) in [
            ("oye", "e"),
            ("oie", "e"),
            ("oje", "e"),
            ("oe", "e"),
            ("aya", "a"),
            ("aia", "a"),
            ("aja", "a"),
        ] {
            if w.len() > from.len() + 2 && w.ends_with(from) {
                w = &w[..w.len() - from.len()];
                tail = to;
                break;
            }
        }
    }
    let src: Vec<char> = w.chars().chain(tail.chars()).collect();
    let mut v: Vec<char> = Vec::with_capacity(src.len());
    let mut i = 0;
    let at = |i: usize, pat: &[char]| src[i..].starts_with(pat);
    while i < src.len() {
        let (ch, used) = if at(i, &['s', 'h', 'c', 'h']) || at(i, &['s', 'z', 'c', 'z']) {
            ('щ', 4)
        } else if at(i, &['s', 'c', 'h']) {
            ('щ', 3)
        } else if at(i, &['z', 'h']) {
            ('ж', 2)
        } else if at(i, &['k', 'h']) {
            ('h', 2)
        } else if at(i, &['c', 'h']) || at(i, &['c', 'z']) {
            ('ч', 2)
        } else if at(i, &['s', 'h']) || at(i, &['s', 'z']) {
            ('ш', 2)
        } else if at(i, &['t', 's']) || at(i, &['t', 'z']) {
            ('c', 2)
        } else {
            let c = match src[i] {
                'g' => 'h',
                'w' => 'v',
                'ż' => 'ж',
                'y' | 'j' | 'e' | 'ы' => 'i',
                'q' => 'k',
                '\'' => {
                    i += 1;
                    continue;
                }
                c => c,
            };
            if c == 'x' {
                v.push('k');
                ('s', 1)
            } else {
                (c, 1)
            }
        };
        v.push(ch);
        i += used;
    }
    v.dedup();
    if v.first() == Some(&'o') {
        v[0] = 'a';
    }
    if v.starts_with(&['m', 'i', 'k']) {
        v[0] = 'n';
    }
    // Ukrainian -ів- (closed syllable) meets Russian -ов-/-ев-.
    let len = v.len();
    for k in 1..len {
        if v[k] == 'v' && v[k - 1] == 'i' && k >= 2 {
            let closed = k + 1 == len || !is_vowel(v[k + 1]);
            if closed && (k + 1 < len || ends) {
                v[k - 1] = 'o';
            }
        }
    }
    if ends && v.len() > 3 && v.ends_with(&['i', 'a']) {
        v.remove(v.len() - 2);
    }
    v.dedup();
    out.extend(v);
}

/// True when `a` and `b` differ by at most one insertion, deletion, substitution or swap of
/// neighbours.
fn within_one_edit(a: &[char], b: &[char]) -> bool {
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[pre..], &b[pre..]);
    let suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (
        &a[..a.len() - suf.min(a.len())],
        &b[..b.len() - suf.min(b.len())],
    );
    match (a.len(), b.len()) {
        (0, 0) | (1, 0) | (0, 1) | (1, 1) => true,
        (2, 2) => a[0] == b[1] && a[1] == b[0],
        _ => false,
    }
}

#[derive(Debug, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_code: HashMap<String, u32, Fx>,
    /// `latin(fold(name))` of names and aliases → places.
    exact: Index,
    /// [`skeleton`] of names and aliases → places: derived from `exact` on first use, so a
    /// process that only meets exact spellings never pays for it.
    skel: OnceLock<Index>,
    /// Every spelling (exact and prefix-skeleton keys), sorted, for `suggest`; built on first use.
    spellings: OnceLock<Vec<(String, u32)>>,
    /// Skeletons as chars, for the typo scan; built on first use.
    skel_chars: OnceLock<Vec<(Vec<char>, String)>>,
    aliases: usize,
}

fn push_key(map: &mut Index, key: String, idx: u32) {
    if key.is_empty() {
        return;
    }
    let v = map.entry(key).or_default();
    if !v.contains(&idx) {
        v.push(idx);
    }
}

impl Gazetteer {
    /// The codifier compiled from `data/places/`.
    pub fn builtin() -> &'static Gazetteer {
        static GAZ: OnceLock<Gazetteer> = OnceLock::new();
        GAZ.get_or_init(|| {
            Gazetteer::parse(KATOTTG_CSV, ALIASES_CSV).expect("data/places is well-formed")
        })
    }

    /// Build a gazetteer from the codifier CSV (`code,parent_code,category,name`) and the alias
    /// CSV (`code,alias,kind`).
    pub fn parse(katottg: &str, aliases: &str) -> Result<Gazetteer, String> {
        let mut g = Gazetteer::default();
        let rows = katottg.len() / 60 + 16;
        g.places.reserve(rows);
        g.by_code.reserve(rows);
        g.exact.reserve(rows + 1024);
        let mut parents: Vec<Option<&str>> = Vec::new();
        for (n, line) in katottg.lines().enumerate().skip(1) {
            let line = line.trim_end_matches('\r');
            if line.is_empty() {
                continue;
            }
            let mut f = line.splitn(4, ',');
            let (Some(code), Some(parent), Some(cat), Some(name)) =
                (f.next(), f.next(), f.next(), f.next())
            else {
                return Err(format!("katottg line {}: expected 4 fields", n + 1));
            };
            let kind = PlaceKind::from_category(cat)
                .ok_or_else(|| format!("katottg line {}: unknown category '{cat}'", n + 1))?;
            let idx = g.places.len() as u32;
            if g.by_code.insert(code.to_string(), idx).is_some() {
                return Err(format!("katottg line {}: duplicate code {code}", n + 1));
            }
            parents.push((!parent.is_empty()).then_some(parent));
            g.places.push(Place {
                code: code.to_string(),
                name: name.to_string(),
                kind,
                settlement: None,
                hromada: None,
                raion: None,
                oblast: None,
            });
        }
        // Walk the parents to fill the hierarchy.
        let parent_idx: Vec<Option<u32>> = parents
            .iter()
            .map(|p| p.and_then(|c| g.by_code.get(c).copied()))
            .collect();
        for (i, p) in parents.iter().enumerate() {
            if p.is_some() && parent_idx[i].is_none() {
                return Err(format!("unit {} has an unknown parent", g.places[i].code));
            }
        }
        for i in 0..g.places.len() {
            let (mut s, mut h, mut r, mut o) = (None, None, None, None);
            let mut cur = Some(i as u32);
            let mut depth = 0;
            while let Some(c) = cur {
                let p = &g.places[c as usize];
                match p.kind {
                    PlaceKind::SpecialCity => {
                        s.get_or_insert(c);
                        o.get_or_insert(c);
                    }
                    PlaceKind::City | PlaceKind::Settlement | PlaceKind::Village => {
                        s.get_or_insert(c);
                    }
                    PlaceKind::Hromada => {
                        h.get_or_insert(c);
                    }
                    PlaceKind::Raion => {
                        r.get_or_insert(c);
                    }
                    PlaceKind::Oblast => {
                        o.get_or_insert(c);
                    }
                    PlaceKind::District => {}
                }
                cur = parent_idx[c as usize];
                depth += 1;
                if depth > 8 {
                    return Err(format!("unit {} is in a parent loop", g.places[i].code));
                }
            }
            let code = |x: Option<u32>| x.map(|x| g.places[x as usize].code.clone());
            let (s, h, r, o) = (code(s), code(h), code(r), code(o));
            let p = &mut g.places[i];
            (p.settlement, p.hromada, p.raion, p.oblast) = (s, h, r, o);
        }
        // Keys of the official names.
        for i in 0..g.places.len() {
            let lat = latin(&fold(&g.places[i].name));
            push_key(&mut g.exact, lat, i as u32);
        }
        // Aliases.
        for (n, line) in aliases.lines().enumerate().skip(1) {
            let line = line.trim_end_matches('\r');
            if line.is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split(',').collect();
            let [code, alias, kind] = f[..] else {
                return Err(format!("aliases line {}: expected 3 fields", n + 1));
            };
            if !matches!(kind, "ru" | "en" | "former") {
                return Err(format!("aliases line {}: unknown kind '{kind}'", n + 1));
            }
            let idx = *g
                .by_code
                .get(code)
                .ok_or_else(|| format!("aliases line {}: unknown code {code}", n + 1))?;
            let part = Part::parse(alias);
            let lat = latin(&part.text());
            push_key(&mut g.exact, lat, idx);
            g.aliases += 1;
        }
        Ok(g)
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// The skeleton index, built from the exact keys on first use.
    fn skel(&self) -> &Index {
        self.skel.get_or_init(|| {
            let mut skel = Index::default();
            skel.reserve(self.exact.len());
            for (lat, ids) in &self.exact {
                for &i in ids {
                    push_key(&mut skel, skeleton_of_latin(lat, true), i);
                }
            }
            skel
        })
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// How many alias rows were loaded.
    pub fn alias_count(&self) -> usize {
        self.aliases
    }

    pub fn get(&self, code: &str) -> Option<&Place> {
        self.by_code.get(code).map(|&i| &self.places[i as usize])
    }

    /// All units, in codifier order.
    pub fn places(&self) -> impl Iterator<Item = &Place> {
        self.places.iter()
    }

    fn at(&self, idx: u32) -> &Place {
        &self.places[idx as usize]
    }

    fn parent_of(&self, place: &Place, code: &Option<String>) -> Option<&Place> {
        code.as_deref()
            .filter(|c| *c != place.code)
            .and_then(|c| self.get(c))
    }

    /// Resolve what someone typed (Ukrainian, Russian, Latin, former names, a KATOTTG code,
    /// optionally qualified: «Олександрівка, Кіровоградська»).
    pub fn resolve(&self, text: &str) -> Result<&Place, PlaceError> {
        let not_found = || PlaceError::NotFound(text.trim().to_string());
        let trimmed = text.trim();
        if trimmed.len() > 2
            && trimmed
                .get(..2)
                .is_some_and(|p| p.eq_ignore_ascii_case("ua"))
        {
            let code = trimmed.to_ascii_uppercase();
            if code[2..].chars().all(|c| c.is_ascii_digit()) {
                return self.get(&code).ok_or_else(not_found);
            }
        }
        let found = self.found(trimmed);
        self.pick(found, trimmed).ok_or_else(not_found)?
    }

    /// Every place the text may mean, best kind first: one for a clear name, several for an
    /// ambiguous one (for the operator to pick from), none for an unknown one.
    pub fn candidates(&self, text: &str) -> Vec<&Place> {
        match self.resolve(text) {
            Ok(p) => vec![p],
            Err(PlaceError::NotFound(_)) => Vec::new(),
            Err(PlaceError::Ambiguous { .. }) => {
                let mut found = self.found(text.trim());
                let Some(best) = found.iter().map(|&i| self.at(i).kind.tier()).min() else {
                    return Vec::new();
                };
                found.retain(|&i| self.at(i).kind.tier() == best);
                found.sort_unstable();
                found.dedup();
                found.into_iter().map(|i| self.at(i)).collect()
            }
        }
    }

    /// The raw candidates for a typed name (see `resolve`).
    fn found(&self, trimmed: &str) -> Vec<u32> {
        let parts: Vec<Part> = trimmed
            .split([',', ';', '(', ')', '/'])
            .map(Part::parse)
            .filter(|p| !p.words.is_empty())
            .collect();
        if parts.is_empty() {
            return Vec::new();
        }
        if parts.len() > 1 {
            // The name is the first part that is not an oblast/raion/hromada («…обл.»); the
            // others qualify it, in either order.
            let main = parts
                .iter()
                .position(|p| !p.hint().is_some_and(Hint::is_area))
                .unwrap_or(parts.len() - 1);
            // If that fails, another part may be the name («Шевченківський р-н, Київ»).
            let order = std::iter::once(main).chain((0..parts.len()).filter(|&i| i != main));
            let mut found = Vec::new();
            for m in order {
                let quals: Vec<Part> = parts
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != m)
                    .map(|(_, p)| p.clone())
                    .collect();
                found = self.find(&parts[m].words, parts[m].hint(), &quals);
                if !found.is_empty() {
                    break;
                }
            }
            found
        } else {
            let p = &parts[0];
            let mut found = self.find(&p.words, p.hint(), &[]);
            // «Miropillia Sumy», «Олександрівка Кіровоградська обл.»: a name, then a qualifier.
            if found.is_empty() && p.words.len() > 1 {
                for k in (1..p.words.len()).rev() {
                    let qual = Part {
                        words: p.words[k..].to_vec(),
                        lead: None,
                        trail: p.trail,
                    };
                    found = self.find(&p.words[..k], p.lead, &[qual]);
                    if !found.is_empty() {
                        break;
                    }
                }
            }
            found
        }
    }

    /// Candidates for a name at the best tier that has any after the hint and qualifiers.
    fn find(&self, name: &[String], hint: Option<Hint>, quals: &[Part]) -> Vec<u32> {
        let lat = latin(&name.join(" "));
        if lat.is_empty() {
            return Vec::new();
        }
        let qual_sets: Vec<HashSet<u32>> = quals.iter().map(|q| self.qualifier(q)).collect();
        if qual_sets.iter().any(HashSet::is_empty) {
            return Vec::new();
        }
        let sk = skeleton_of_latin(&lat, true);
        let letters = lat.chars().filter(|c| c.is_alphabetic()).count();
        // A name that exists as typed is not taken for a typo of another, even when the
        // qualifiers rule it out («Харків, Львівська обл.» is not Жарків).
        let mut known = false;
        for tier in 0..3 {
            let raw: Vec<u32> = match tier {
                0 => self.exact.get(&lat).cloned().unwrap_or_default(),
                1 => self.skel().get(&sk).cloned().unwrap_or_default(),
                _ if letters >= 6 && !known => self.typo_candidates(&sk),
                _ => Vec::new(),
            };
            if raw.is_empty() {
                continue;
            }
            known = true;
            let mut c: Vec<u32> = raw
                .into_iter()
                .filter(|&i| qual_sets.iter().all(|q| self.within(i, q)))
                .collect();
            if let Some(h) = hint {
                let strict: Vec<u32> = c
                    .iter()
                    .copied()
                    .filter(|&i| h.admits(self.at(i).kind))
                    .collect();
                c = if strict.is_empty() && h.is_loose() {
                    c.into_iter()
                        .filter(|&i| self.at(i).kind.is_settlement())
                        .collect()
                } else {
                    strict
                };
            }
            if !c.is_empty() {
                return c;
            }
        }
        Vec::new()
    }

    /// The units a qualifier («Кіровоградська обл.», «Sumy», «Кропивницький р-н») may mean.
    fn qualifier(&self, q: &Part) -> HashSet<u32> {
        let lat = latin(&q.text());
        let sk = skeleton_of_latin(&lat, true);
        let hint = q.hint();
        let ok = |i: &u32| {
            let k = self.at(*i).kind;
            k != PlaceKind::Village
                && k != PlaceKind::Settlement
                && k != PlaceKind::District
                && hint.is_none_or(|h| h.admits(k))
        };
        for keys in [self.exact.get(&lat), self.skel().get(&sk)] {
            let set: HashSet<u32> = keys.into_iter().flatten().copied().filter(ok).collect();
            if !set.is_empty() {
                return set;
            }
        }
        HashSet::new()
    }

    /// Whether place `i` lies in one of the qualifier units (or, for a city named as a
    /// qualifier, in the same oblast).
    fn within(&self, i: u32, quals: &HashSet<u32>) -> bool {
        let p = self.at(i);
        quals.iter().any(|&q| {
            let qp = self.at(q);
            if q == i {
                return false;
            }
            [&p.hromada, &p.raion, &p.oblast, &p.settlement]
                .iter()
                .any(|c| c.as_deref() == Some(qp.code.as_str()))
                || (qp.kind == PlaceKind::City && qp.oblast.is_some() && qp.oblast == p.oblast)
        })
    }

    fn typo_candidates(&self, sk: &str) -> Vec<u32> {
        let all = self.skel_chars.get_or_init(|| {
            self.skel()
                .keys()
                .map(|k| (k.chars().collect(), k.clone()))
                .collect()
        });
        let q: Vec<char> = sk.chars().collect();
        let mut out = Vec::new();
        for (chars, key) in all {
            if within_one_edit(&q, chars) {
                for &i in &self.skel()[key] {
                    if !out.contains(&i) {
                        out.push(i);
                    }
                }
            }
        }
        out
    }

    /// One place by preference tier, or Ambiguous, or None when there are no candidates.
    fn pick(&self, mut found: Vec<u32>, text: &str) -> Option<Result<&Place, PlaceError>> {
        let best = found.iter().map(|&i| self.at(i).kind.tier()).min()?;
        found.retain(|&i| self.at(i).kind.tier() == best);
        found.sort_unstable();
        found.dedup();
        if found.len() > 1 {
            // Two cities of one name: the one its raion is named after (Миколаїв of the
            // Миколаївський р-н, the oblast centre, against the town in Львівська обл.) is the
            // one a registry means by the bare name. Two small towns stay ambiguous (Городок).
            let centres: Vec<u32> = found
                .iter()
                .copied()
                .filter(|&i| self.names_its_raion(self.at(i)))
                .collect();
            if centres.len() == 1 {
                found = centres;
            }
        }
        if found.len() == 1 {
            return Some(Ok(self.at(found[0])));
        }
        let mut shown: Vec<String> = found.iter().map(|&i| self.display(self.at(i))).collect();
        shown.sort();
        shown.dedup();
        shown.truncate(MAX_CANDIDATES);
        Some(Err(PlaceError::Ambiguous {
            text: text.to_string(),
            candidates: shown,
        }))
    }

    /// Is this city the one its raion is named after (its raion centre: Миколаїв,
    /// Миколаївський р-н)?
    fn names_its_raion(&self, place: &Place) -> bool {
        matches!(place.kind, PlaceKind::City | PlaceKind::SpecialCity)
            && self
                .parent_of(place, &place.raion)
                .is_some_and(|r| fold(&r.name).starts_with(&fold(&place.name)))
    }

    /// Places for a prefix as the operator types, best first.
    pub fn suggest(&self, text: &str, limit: usize) -> Vec<&Place> {
        if limit == 0 {
            return Vec::new();
        }
        let folded = fold(text);
        let mut ws: Vec<&str> = words(&folded).collect();
        while ws.len() > 1 && Hint::of(ws[0]).is_some() {
            ws.remove(0);
        }
        let lat = latin(&ws.join(" "));
        if lat.is_empty() {
            return Vec::new();
        }
        let sk = skeleton_of_latin(&lat, false);
        let all = self.spellings.get_or_init(|| self.build_spellings());
        let mut hits: HashMap<u32, bool> = HashMap::new();
        for (key, exact_prefix) in [(&lat, true), (&sk, false)] {
            let start = all.partition_point(|(k, _)| k.as_str() < key.as_str());
            for (k, i) in all[start..]
                .iter()
                .take_while(|(k, _)| k.starts_with(key.as_str()))
            {
                let whole = k == key;
                let e = hits.entry(*i).or_insert(false);
                *e |= whole && exact_prefix;
            }
        }
        let mut v: Vec<(u32, bool)> = hits.into_iter().collect();
        v.sort_by_cached_key(|&(i, whole)| {
            let p = self.at(i);
            (
                !whole,
                p.kind.suggest_rank(),
                // Of two cities of one name, the one `resolve` takes for the bare name first.
                whole && !self.names_its_raion(p),
                p.name.chars().count(),
                p.name.clone(),
                i,
            )
        });
        v.into_iter().take(limit).map(|(i, _)| self.at(i)).collect()
    }

    fn build_spellings(&self) -> Vec<(String, u32)> {
        let mut v: Vec<(String, u32)> = Vec::with_capacity(self.exact.len() * 3);
        for (k, ids) in &self.exact {
            let sk = skeleton_of_latin(k, false);
            for &i in ids {
                v.push((k.clone(), i));
                v.push((sk.clone(), i));
            }
        }
        v.sort_unstable();
        v.dedup();
        v
    }

    fn oblast_label(&self, place: &Place) -> Option<String> {
        let o = self.parent_of(place, &place.oblast)?;
        Some(match o.kind {
            PlaceKind::SpecialCity => format!("м. {}", o.name),
            _ if o.code.starts_with("UA01") => "АР Крим".to_string(),
            _ => format!("{} обл.", o.name),
        })
    }

    /// «Харків, Харківська обл.»: name with enough context to tell it apart.
    pub fn display(&self, place: &Place) -> String {
        let raion = self
            .parent_of(place, &place.raion)
            .map(|r| format!("{} р-н", r.name));
        let hromada = self
            .parent_of(place, &place.hromada)
            .map(|h| format!("{} громада", h.name));
        let oblast = self.oblast_label(place);
        let mut parts: Vec<String> = Vec::new();
        match place.kind {
            PlaceKind::Oblast => {
                return if place.code.starts_with("UA01") {
                    place.name.clone()
                } else {
                    format!("{} обл.", place.name)
                };
            }
            PlaceKind::SpecialCity => return place.name.clone(),
            PlaceKind::Raion => parts.push(format!("{} р-н", place.name)),
            PlaceKind::Hromada => {
                parts.push(format!("{} громада", place.name));
                parts.extend(raion);
            }
            PlaceKind::District => {
                parts.push(format!("{} р-н", place.name));
                if let Some(city) = self.parent_of(place, &place.settlement) {
                    parts.push(format!("м. {}", city.name));
                    if city.kind == PlaceKind::SpecialCity {
                        return parts.join(" ");
                    }
                }
                let s = parts.join(" ");
                return match oblast {
                    Some(o) => format!("{s}, {o}"),
                    None => s,
                };
            }
            PlaceKind::City | PlaceKind::Settlement | PlaceKind::Village => {
                parts.push(place.name.clone());
                let city = place.kind == PlaceKind::City;
                let twins = self.twins(place, city);
                if !city || twins.iter().any(|t| t.oblast == place.oblast) {
                    if twins
                        .iter()
                        .any(|t| t.raion == place.raion && t.oblast == place.oblast)
                    {
                        parts.extend(hromada);
                    }
                    parts.extend(raion);
                }
            }
        }
        parts.extend(oblast);
        parts.join(", ")
    }

    /// Other settlements with the same official name (cities only, or all but cities).
    fn twins(&self, place: &Place, city: bool) -> Vec<&Place> {
        let key = latin(&fold(&place.name));
        self.exact
            .get(&key)
            .into_iter()
            .flatten()
            .map(|&i| self.at(i))
            .filter(|p| p.code != place.code && p.name == place.name)
            .filter(|p| p.kind.is_settlement() && (p.kind == PlaceKind::City) == city)
            .collect()
    }

    /// How near `a` is to `b`.
    pub fn locality(&self, a: &Place, b: &Place) -> Locality {
        locality_of(a.hierarchy(), b.hierarchy())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> &'static Gazetteer {
        Gazetteer::builtin()
    }

    fn code(text: &str) -> String {
        match g().resolve(text) {
            Ok(p) => p.code.clone(),
            Err(e) => panic!("{text}: {e}"),
        }
    }

    #[test]
    fn loads_every_unit_and_alias() {
        assert_eq!(g().len(), 31_744);
        assert!(g().alias_count() >= 200);
    }

    #[test]
    fn skeleton_meets_across_scripts() {
        assert_eq!(skeleton("Харків"), skeleton("Харьков"));
        assert_eq!(skeleton("Харків"), skeleton("Kharkov"));
        assert_eq!(skeleton("Львів"), skeleton("Львов"));
        assert_eq!(skeleton("Чернігів"), skeleton("Чернигов"));
        assert_eq!(skeleton("Київ"), skeleton("Киев"));
        assert_eq!(skeleton("Олександрівка"), skeleton("Александровка"));
        assert_eq!(skeleton("Приморське"), skeleton("Приморское"));
        assert_eq!(skeleton("Харківська"), skeleton("Харьковская"));
        assert_ne!(skeleton("Харків"), skeleton("Херсон"));
    }

    #[test]
    fn one_edit() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(within_one_edit(&c("poltava"), &c("poltawa")));
        assert!(within_one_edit(&c("poltava"), &c("potlava")));
        assert!(within_one_edit(&c("poltava"), &c("poltva")));
        assert!(within_one_edit(&c("poltava"), &c("poltavaa")));
        assert!(!within_one_edit(&c("poltava"), &c("pltwa")));
    }

    #[test]
    fn hierarchy_is_filled() {
        let kharkiv = g().get("UA63120270010096107").unwrap();
        assert_eq!(kharkiv.settlement.as_deref(), Some("UA63120270010096107"));
        assert_eq!(kharkiv.hromada.as_deref(), Some("UA63120270000028556"));
        assert_eq!(kharkiv.raion.as_deref(), Some("UA63120000000091135"));
        assert_eq!(kharkiv.oblast.as_deref(), Some("UA63000000000041885"));
        let kyiv_district = g().get("UA80000000000126643").unwrap();
        assert_eq!(
            kyiv_district.settlement.as_deref(),
            Some("UA80000000000093317")
        );
        assert_eq!(kyiv_district.oblast.as_deref(), Some("UA80000000000093317"));
        let hromada = g().get("UA63120270000028556").unwrap();
        assert_eq!(hromada.hromada.as_deref(), Some("UA63120270000028556"));
        assert_eq!(hromada.settlement, None);
    }

    #[test]
    fn type_words_are_hints() {
        let p = Part::parse("м. Харків");
        assert_eq!(p.words, vec!["харків"]);
        assert_eq!(p.lead, Some(Hint::City));
        let p = Part::parse("Кропивницький р-н");
        assert_eq!(p.words, vec!["кропивницький"]);
        assert_eq!(p.trail, Some(Hint::Raion));
    }

    #[test]
    fn city_beats_same_named_oblast_alias() {
        assert_eq!(code("Kharkiv"), "UA63120270010096107");
        assert_eq!(code("Kharkiv oblast"), "UA63000000000041885");
    }
}
