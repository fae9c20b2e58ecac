//! The unit lexicon, embedded from `data/units.tsv` and extendable at run
//! time through [`crate::ExtractorBuilder::unit`].

use crate::fact::Kind;
use once_cell::sync::Lazy;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: unit keys are a few bytes and not adversarial.
pub(crate) struct FastHasher(u64);

impl Default for FastHasher {
    fn default() -> Self {
        FastHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// How one written unit reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitEntry {
    /// Canonical unit (`名` → `人`).
    pub unit: String,
    /// Kind of quantity.
    pub kind: Kind,
    /// Only valid after Arabic digits (`十分` is "very", `3分` a score).
    pub arabic_only: bool,
    /// A duration, age or frequency: kept but not core.
    pub duration: bool,
}

/// Written unit forms, matched longest first.
#[derive(Clone, Debug)]
pub struct UnitLexicon {
    entries: HashMap<String, UnitEntry, BuildHasherDefault<FastHasher>>,
    /// Sorted first characters of the written forms, each with a bit mask
    /// of the lengths (in characters, bit `n - 1` for `n`) of the forms it
    /// begins: a lookup tries only lengths that exist.
    first_chars: Vec<(char, u16)>,
    max_chars: usize,
}

const BUILTIN_TSV: &str = include_str!("data/units.tsv");

static BUILTIN: Lazy<UnitLexicon> = Lazy::new(|| UnitLexicon::parse(BUILTIN_TSV).expect("embedded units.tsv is valid"));

impl UnitLexicon {
    /// The embedded lexicon.
    pub fn builtin() -> &'static UnitLexicon {
        &BUILTIN
    }

    /// Parses a lexicon in the `units.tsv` format; an error carries the
    /// 1-based line and what is wrong with it.
    pub fn parse(tsv: &str) -> Result<UnitLexicon, (usize, String)> {
        let mut lex = UnitLexicon { entries: HashMap::default(), first_chars: Vec::new(), max_chars: 0 };
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
            lex.insert(
                cols[0],
                UnitEntry {
                    unit: cols[1].to_string(),
                    kind,
                    arabic_only: flags.contains("arabic"),
                    duration: flags.contains("duration"),
                },
            );
        }
        Ok(lex)
    }

    /// Adds or replaces a written form.
    pub fn insert(&mut self, written: &str, entry: UnitEntry) {
        let chars = written.chars().count();
        if let Some(c) = written.chars().next() {
            // Forms longer than the mask are looked up on the general path.
            let bit = if chars <= 16 { 1 << (chars - 1) } else { 0 };
            match self.first_chars.binary_search_by_key(&c, |&(f, _)| f) {
                Ok(i) => self.first_chars[i].1 |= bit,
                Err(i) => self.first_chars.insert(i, (c, bit)),
            }
        }
        self.max_chars = self.max_chars.max(chars);
        self.entries.insert(written.to_string(), entry);
    }

    /// True if some unit begins with `c`.
    pub fn starts_unit(&self, c: char) -> bool {
        self.lengths_from(c).is_some()
    }

    /// The length mask of the forms beginning with `c`.
    fn lengths_from(&self, c: char) -> Option<u16> {
        self.first_chars.binary_search_by_key(&c, |&(f, _)| f).ok().map(|i| self.first_chars[i].1)
    }

    /// The longest unit written at byte `pos` of `text`: `(end, entry)`.
    pub fn longest_at(&self, text: &str, pos: usize) -> Option<(usize, &UnitEntry)> {
        let tail = &text[pos..];
        let first = tail.chars().next()?;
        let lengths = self.lengths_from(first)?;
        // End offsets of the first 1..=max_chars characters, longest first.
        let mut ends = [0usize; 16];
        let mut n = 0;
        let max = self.max_chars.min(ends.len());
        for (i, c) in tail.char_indices() {
            if n == max {
                break;
            }
            ends[n] = i + c.len_utf8();
            n += 1;
        }
        if self.max_chars > ends.len() && n == max {
            // Very long runtime units: the general path.
            let mut all: Vec<usize> = tail.char_indices().skip(1).map(|(i, _)| i).take(self.max_chars).collect();
            if all.len() < self.max_chars {
                all.push(tail.len());
            }
            return all.iter().rev().find_map(|&e| self.entries.get(&tail[..e]).map(|u| (pos + e, u)));
        }
        (0..n).rev().filter(|&k| lengths & (1 << k) != 0).find_map(|k| self.entries.get(&tail[..ends[k]]).map(|u| (pos + ends[k], u)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_form_wins() {
        let lex = UnitLexicon::builtin();
        let (end, u) = lex.longest_at("万人次", "万".len()).unwrap();
        assert_eq!((end, u.unit.as_str(), u.kind), ("万人次".len(), "人次", Kind::People));
        assert_eq!(lex.longest_at("口人受益", 0).unwrap().1.unit, "人");
        assert_eq!(lex.longest_at("个百分点", 0).unwrap().1.unit, "百分点");
        assert_eq!(lex.longest_at("个月", 0).unwrap().1.kind, Kind::Duration);
    }

    #[test]
    fn unknown_is_none() {
        assert!(UnitLexicon::builtin().longest_at("师部", 0).is_none());
    }

    #[test]
    fn bad_kind_is_an_error() {
        assert!(UnitLexicon::parse("桶\t桶\tbarrels\n").is_err());
    }
}

impl UnitLexicon {
    /// Adds every entry of `other`, replacing same written forms.
    pub fn merge(&mut self, other: &UnitLexicon) {
        for (w, e) in &other.entries {
            self.insert(w, e.clone());
        }
    }
}
