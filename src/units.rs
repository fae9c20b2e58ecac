//! The unit lexicon, embedded from `data/units.tsv` and extendable at run
//! time through [`crate::ExtractorBuilder::unit`].

use crate::fact::Kind;
use once_cell::sync::Lazy;
use std::borrow::Cow;

/// How one written unit reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitEntry {
    /// Canonical unit (`名` → `人`); the built-in lexicon lends its own.
    pub unit: Cow<'static, str>,
    /// Kind of quantity.
    pub kind: Kind,
    /// Only valid after Arabic digits (`十分` is "very", `3分` a score).
    pub arabic_only: bool,
    /// A duration, age or frequency: kept but not core.
    pub duration: bool,
}

/// Written unit forms, matched longest first.
#[derive(Clone)]
pub struct UnitLexicon {
    /// The written forms grouped by first character (sorted), each group
    /// longest first: a lookup compares a few forms with the text, with
    /// no hashing and no decoding past the first character.
    by_first: Vec<(char, Vec<(String, UnitEntry)>)>,
    /// The group of a first character by its low bits, without the binary
    /// search (a dozen dependent steps over `by_first`).
    slots: Box<[Slot; SLOTS]>,
}

/// The forms only: the index is derived from them.
impl std::fmt::Debug for UnitLexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UnitLexicon").field("by_first", &self.by_first).finish()
    }
}

/// Slots of the first-character index: a few times the number of groups,
/// so that few characters share one.
const SLOTS: usize = 1024;

/// What a slot of the first-character index holds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Slot {
    Empty,
    /// The one group whose first character falls here.
    Group(u16),
    /// Several: the binary search decides.
    Shared,
}

const BUILTIN_TSV: &str = include_str!("data/units.tsv");

static BUILTIN: Lazy<UnitLexicon> = Lazy::new(|| UnitLexicon::parse_with(BUILTIN_TSV, Cow::Borrowed).expect("embedded units.tsv is valid"));

impl UnitLexicon {
    /// The embedded lexicon.
    pub fn builtin() -> &'static UnitLexicon {
        &BUILTIN
    }

    /// Parses a lexicon in the `units.tsv` format; an error carries the
    /// 1-based line and what is wrong with it.
    pub fn parse(tsv: &str) -> Result<UnitLexicon, (usize, String)> {
        UnitLexicon::parse_with(tsv, |u| Cow::Owned(u.to_string()))
    }

    /// [`parse`](Self::parse), with `unit` making the canonical units
    /// (lent by the embedded table, copied from any other).
    fn parse_with<'t>(tsv: &'t str, unit: impl Fn(&'t str) -> Cow<'static, str>) -> Result<UnitLexicon, (usize, String)> {
        let mut lex = UnitLexicon { by_first: Vec::new(), slots: Box::new([Slot::Empty; SLOTS]) };
        for (n, line) in tsv.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 3 {
                return Err((n + 1, "expected written, unit, kind".to_string()));
            }
            let kind = Kind::from_name(cols[2]).ok_or_else(|| (n + 1, format!("unknown kind {:?}", cols[2])))?;
            let flags = cols.get(3).copied().unwrap_or("");
            lex.add(
                cols[0],
                UnitEntry {
                    unit: unit(cols[1]),
                    kind,
                    arabic_only: flags.contains("arabic"),
                    duration: flags.contains("duration"),
                },
            );
        }
        lex.index_first_chars();
        Ok(lex)
    }

    /// Adds or replaces a written form.
    pub fn insert(&mut self, written: &str, entry: UnitEntry) {
        if self.add(written, entry) {
            self.index_first_chars();
        }
    }

    /// [`insert`](Self::insert) without updating the first-character
    /// index; `true` when a new group moved the others (the index is then
    /// stale, and rebuilt once by the caller).
    fn add(&mut self, written: &str, entry: UnitEntry) -> bool {
        // An empty form is never found at any position: nothing to keep.
        let Some(c) = written.chars().next() else { return false };
        let (group, new) = match self.by_first.binary_search_by_key(&c, |&(f, _)| f) {
            Ok(i) => (&mut self.by_first[i].1, false),
            Err(i) => {
                self.by_first.insert(i, (c, Vec::new()));
                (&mut self.by_first[i].1, true)
            }
        };
        match group.iter().position(|(w, _)| w == written) {
            Some(k) => group[k].1 = entry,
            // Longest first in bytes: of two forms found at one position
            // one begins the other, so it is also longest in characters.
            None => {
                let k = group.partition_point(|(w, _)| w.len() >= written.len());
                group.insert(k, (written.to_string(), entry));
            }
        }
        new
    }

    /// True if some unit begins with `c`.
    pub fn starts_unit(&self, c: char) -> bool {
        self.group(c).is_some()
    }

    /// Rebuilds `slots` after a new group moved the others.
    fn index_first_chars(&mut self) {
        self.slots.fill(Slot::Empty);
        for (i, &(c, _)) in self.by_first.iter().enumerate() {
            let slot = &mut self.slots[c as usize % SLOTS];
            *slot = match (*slot, u16::try_from(i)) {
                (Slot::Empty, Ok(i)) => Slot::Group(i),
                _ => Slot::Shared,
            };
        }
    }

    /// The forms beginning with `c`, longest first.
    fn group(&self, c: char) -> Option<&[(String, UnitEntry)]> {
        let i = match self.slots[c as usize % SLOTS] {
            Slot::Empty => return None,
            Slot::Group(i) => usize::from(i),
            Slot::Shared => return self.group_searched(c),
        };
        let (first, group) = &self.by_first[i];
        (*first == c).then_some(group.as_slice())
    }

    /// [`group`](Self::group) by binary search.
    fn group_searched(&self, c: char) -> Option<&[(String, UnitEntry)]> {
        self.by_first.binary_search_by_key(&c, |&(f, _)| f).ok().map(|i| self.by_first[i].1.as_slice())
    }

    /// The longest unit written at byte `pos` of `text`: `(end, entry)`.
    pub fn longest_at(&self, text: &str, pos: usize) -> Option<(usize, &UnitEntry)> {
        let tail = &text[pos..];
        let first = tail.chars().next()?;
        // The forms of a group begin with `first`: one of a single
        // character is found without comparing it.
        let single = first.len_utf8();
        let group = self.group(first)?;
        group.iter().find(|(w, _)| w.len() == single || crate::lexicon::starts_with_word(tail, w)).map(|(w, u)| (pos + w.len(), u))
    }

    /// Adds every entry of `other`, replacing same written forms.
    pub fn merge(&mut self, other: &UnitLexicon) {
        let mut moved = false;
        for (w, e) in other.by_first.iter().flat_map(|(_, group)| group) {
            moved |= self.add(w, e.clone());
        }
        if moved {
            self.index_first_chars();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_form_wins() {
        let lex = UnitLexicon::builtin();
        let (end, u) = lex.longest_at("万人次", "万".len()).unwrap();
        assert_eq!((end, &*u.unit, u.kind), ("万人次".len(), "人次", Kind::People));
        assert_eq!(lex.longest_at("口人受益", 0).unwrap().1.unit, "人");
        assert_eq!(lex.longest_at("个百分点", 0).unwrap().1.unit, "百分点");
        assert_eq!(lex.longest_at("个月", 0).unwrap().1.kind, Kind::Duration);
    }

    #[test]
    fn unknown_is_none() {
        assert!(UnitLexicon::builtin().longest_at("师部", 0).is_none());
    }

    #[test]
    fn inserted_forms_replace_and_nest() {
        let mut lex = UnitLexicon::parse("米\t米\tother\n平方米\t平方米\tarea\n").unwrap();
        let e = |u: &str| UnitEntry { unit: u.to_string().into(), kind: Kind::Other, arabic_only: false, duration: false };
        lex.insert("平方km", e("平方公里"));
        lex.insert("平方", e("平方"));
        lex.insert("米", e("m"));
        lex.insert("", e("nothing"));
        let at = |s: &str| lex.longest_at(s, 0).map(|(end, u)| (end, u.unit.to_string()));
        assert_eq!(at("平方km内"), Some(("平方km".len(), "平方公里".to_string())));
        assert_eq!(at("平方米内"), Some(("平方米".len(), "平方米".to_string())));
        assert_eq!(at("平方千米"), Some(("平方".len(), "平方".to_string())));
        assert_eq!(at("米"), Some(("米".len(), "m".to_string())));
        assert_eq!(at("内"), None);
        let mut merged = UnitLexicon::builtin().clone();
        merged.merge(&lex);
        assert_eq!(merged.longest_at("米", 0).unwrap().1.unit, "m");
        assert_eq!(merged.longest_at("平方公里", 0).unwrap().1.unit, "平方公里");
    }

    #[test]
    fn indexed_groups_agree_with_the_search() {
        let mut lex = UnitLexicon::builtin().clone();
        let e = UnitEntry { unit: "x".into(), kind: Kind::Other, arabic_only: false, duration: false };
        // Characters 1024 apart share a slot, with each other and with the built-in units.
        for c in ['个', char::from_u32('个' as u32 + 1024).unwrap(), char::from_u32('个' as u32 + 2048).unwrap(), 'Q', '\u{1F600}'] {
            lex.insert(&format!("{c}单位"), e.clone());
        }
        for l in [UnitLexicon::builtin(), &lex] {
            for c in (0..0x20000).filter_map(char::from_u32) {
                assert_eq!(l.group(c), l.group_searched(c), "{c}");
            }
        }
    }

    #[test]
    fn bad_kind_is_an_error() {
        assert!(UnitLexicon::parse("桶\t桶\tbarrels\n").is_err());
    }
}
