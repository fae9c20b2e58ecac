//! The extractor: configured by a builder, then frozen and shared.

use crate::context::{self, Context};
use crate::error::{Error, ErrorKind};
use crate::fact::{DateSource, Fact};
use crate::normalize::Normalized;
use crate::scan::scan_quantities;
use crate::segment::{self, Article, Sentence};
use crate::units::{UnitEntry, UnitLexicon};

/// Configures an [`Extractor`].
#[derive(Clone, Debug, Default)]
pub struct ExtractorBuilder {
    units: Vec<(String, UnitEntry)>,
    unit_tsv: Vec<String>,
    user_words: Vec<String>,
    reference_year: Option<i32>,
    reference_date: Option<String>,
    place: Option<String>,
}

impl ExtractorBuilder {
    /// Adds a written unit: `unit("桶", "桶", Kind::Count)`.
    pub fn unit(mut self, written: &str, canonical: &str, kind: crate::Kind) -> Self {
        let entry = UnitEntry { unit: canonical.to_string().into(), kind, arabic_only: false, duration: kind == crate::Kind::Duration };
        self.units.push((written.to_string(), entry));
        self
    }

    /// Adds units from text in the format of the embedded `units.tsv`
    /// (`written<TAB>unit<TAB>kind[<TAB>flags]`).
    pub fn units_tsv(mut self, tsv: &str) -> Self {
        self.unit_tsv.push(tsv.to_string());
        self
    }

    /// Adds words of the field (one per line, optionally followed by a
    /// frequency and POS tag as in jieba's format) that subjects may be.
    pub fn user_dict(mut self, dict: &str) -> Self {
        self.user_words.extend(dict.lines().filter_map(|l| l.split_whitespace().next()).map(str::to_string));
        self
    }

    /// The year that 今年/去年 refer to, unless a document says otherwise
    /// per call ([`Extractor::extract_with`]).
    pub fn reference_year(mut self, year: i32) -> Self {
        self.reference_year = Some(year);
        self
    }

    /// The reference date as text: `2019`, `2019-06`, `2019-06-21` or
    /// `20190621`. Only its year is used (for 今年, 去年); a date that does
    /// not read as one makes [`build`](Self::build) fail.
    pub fn reference_date(mut self, date: &str) -> Self {
        self.reference_date = Some(date.to_string());
        self
    }

    /// The place the documents are about, when their text does not say.
    pub fn default_place(mut self, place: &str) -> Self {
        self.place = Some(place.to_string());
        self
    }

    /// Freezes the configuration.
    pub fn build(self) -> Result<Extractor, Error> {
        let mut units = UnitLexicon::builtin().clone();
        for tsv in &self.unit_tsv {
            let extra = UnitLexicon::parse(tsv).map_err(|(line, m)| Error::new(ErrorKind::UnitLexicon(m)).at_line(line))?;
            units.merge(&extra);
        }
        for (w, e) in self.units {
            if w.is_empty() {
                return Err(Error::new(ErrorKind::UnitLexicon("empty written unit".into())));
            }
            units.insert(&w, e);
        }
        let reference_year = match &self.reference_date {
            Some(d) => Some(context::year_of_date(d).ok_or_else(|| Error::new(ErrorKind::ReferenceDate(format!("{d:?} is not a date"))))?),
            None => self.reference_year,
        };
        if let Some(y) = reference_year {
            if !(1900..=2200).contains(&y) {
                return Err(Error::new(ErrorKind::ReferenceDate(format!("year {y} out of range"))));
            }
        }
        let context = Context::new(&self.user_words);
        Ok(Extractor { units, context, reference_year, place: self.place })
    }
}

/// Finds quantitative facts in text. Built once, shared freely
/// (`Send + Sync`), it holds no per-call state.
///
/// ```
/// let ex = zhfacts::Extractor::builder().reference_year(2019).build().unwrap();
/// let facts = ex.extract("目前全县还有 102个贫困村、7514户贫困户，累计投入资金 40764.57万元。");
/// assert_eq!(facts.len(), 3);
/// assert_eq!(facts[1].quantity, "7514户");
/// assert_eq!(facts[2].value.to_string(), "407645700");
/// assert_eq!(facts[2].unit, "元");
/// ```
#[derive(Debug)]
pub struct Extractor {
    units: UnitLexicon,
    context: Context,
    reference_year: Option<i32>,
    place: Option<String>,
}

/// What a caller knows about one document.
#[derive(Clone, Debug, Default)]
pub struct DocumentInfo<'a> {
    /// The document's name or path: its date may be read from it.
    pub name: Option<&'a str>,
    /// The year the document reports on, if known.
    pub reference_year: Option<i32>,
    /// The place it is about, if known.
    pub place: Option<&'a str>,
}

/// A document read: its articles, sentences and facts.
#[derive(Clone, Debug)]
pub struct Document<'t> {
    /// Articles of the page, in order.
    pub articles: Vec<Article>,
    /// Sentences, in order.
    pub sentences: Vec<Sentence>,
    /// The facts, in text order.
    pub facts: Vec<Fact<'t>>,
    /// The year used for 今年/去年.
    pub reference_year: Option<i32>,
    /// Where `reference_year` came from.
    pub date_source: DateSource,
}

impl Extractor {
    /// A builder with the embedded lexicons.
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::default()
    }

    /// An extractor with default settings.
    pub fn new() -> Extractor {
        Extractor::builder().build().expect("default configuration is valid")
    }

    /// The facts of `text`.
    pub fn extract<'t>(&self, text: &'t str) -> Vec<Fact<'t>> {
        self.read(text, &DocumentInfo::default(), false).facts
    }

    /// Reads `text` with what is known about it.
    pub fn extract_with<'t>(&self, text: &'t str, info: &DocumentInfo<'_>) -> Document<'t> {
        self.read(text, info, true)
    }

    /// Reads `text`; the articles and sentences of the result are filled
    /// only with `structure` (offsets into the original cost a pass).
    fn read<'t>(&self, text: &'t str, info: &DocumentInfo<'_>, structure: bool) -> Document<'t> {
        let norm = Normalized::new(text);
        let mut quantities = scan_quantities(norm.text(), &self.units);
        let segments = segment::segment(&norm);
        let (reference_year, date_source) = match info.reference_year.or(self.reference_year) {
            Some(y) => (Some(y), DateSource::Given),
            None => match info.name.and_then(context::year_from_name) {
                Some(y) => (Some(y), DateSource::FileName),
                None => match context::year_from_text(norm.text()) {
                    Some(y) => (Some(y), DateSource::Text),
                    None => (None, DateSource::Unknown),
                },
            },
        };
        let places = context::Places::new(norm.text(), &segments, info.place.or(self.place.as_deref()));
        let mut reader = context::Reader::new(&norm, &segments, &places, reference_year);
        let mut offsets = CharOffsets::new(text);
        let mut anchor = 0;
        // The facts are collected from the quantities (a fact is some 300
        // bytes: collecting writes each in its place in the vector, where
        // pushing built it aside and copied it), then filled by the
        // context stage in text order.
        let mut facts: Vec<Fact<'t>> = quantities
            .iter_mut()
            .map(|q| {
                let (bs, be) = norm.orig_range_onward(&mut anchor, q.start, q.end);
                Fact {
                    start: offsets.char_at(bs),
                    end: offsets.char_at(be),
                    byte_start: bs,
                    byte_end: be,
                    quantity: &text[bs..be],
                    value: q.number.value,
                    value_max: q.number.value_max,
                    // The fact owns the unit from here on (the context stage reads the fact's).
                    unit: std::mem::take(&mut q.unit),
                    kind: q.kind,
                    approx: q.approx,
                    approx_marker: q.marker,
                    subject: None,
                    modality: None,
                    year: None,
                    since: None,
                    place: None,
                    place_code: None,
                    per: Vec::new(),
                    core: q.core,
                    article: None,
                    sentence: None,
                }
            })
            .collect();
        let sources: Vec<_> = facts
            .iter_mut()
            .enumerate()
            .map(|(k, fact)| {
                let prev = k.checked_sub(1).map(|j| &quantities[j]);
                self.context.attach(&mut reader, &quantities[k], fact, prev)
            })
            .collect();
        drop(reader);
        context::share_subjects(norm.text(), &quantities, &mut facts, &sources);
        if !structure {
            return Document { articles: Vec::new(), sentences: Vec::new(), facts, reference_year, date_source };
        }
        let segment::Segments { articles, sentences, .. } = segments;
        let mut offsets = CharOffsets::new(text);
        let articles = articles.into_iter().map(|a| a.with_original(&norm, &mut offsets)).collect();
        let mut offsets = CharOffsets::new(text);
        let sentences = sentences.into_iter().map(|s| s.with_original(&norm, &mut offsets)).collect();
        Document { articles, sentences, facts, reference_year, date_source }
    }
}

impl Default for Extractor {
    fn default() -> Self {
        Extractor::new()
    }
}

/// Converts ascending byte offsets into character offsets in one pass.
pub(crate) struct CharOffsets<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharOffsets<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        CharOffsets { text, byte: 0, chars: 0 }
    }

    /// Character offset of byte offset `b` (restarts if `b` goes backwards).
    pub(crate) fn char_at(&mut self, b: usize) -> usize {
        if b < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        // `b` is a character boundary: counting lead bytes a word at a time
        // gives the characters of the gap.
        self.chars += crate::swar::char_count(&self.text.as_bytes()[self.byte..b]);
        self.byte = b;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn extractor_is_shareable() {
        assert_send_sync::<Extractor>();
    }

    #[test]
    fn offsets_slice_the_original() {
        let text = "全县 还有\n\n19040 名贫困人口，参 保 率96.8%。";
        for f in Extractor::new().extract(text) {
            assert_eq!(&text[f.byte_start..f.byte_end], f.quantity);
            let by_chars: String = text.chars().skip(f.start).take(f.end - f.start).collect();
            assert_eq!(by_chars, f.quantity);
        }
    }

    #[test]
    fn reference_dates() {
        let ex = Extractor::builder().reference_date("2021-06-30").build().unwrap();
        let doc = ex.extract_with("今年新建大棚 40座。", &DocumentInfo::default());
        assert_eq!(doc.facts[0].year, Some(2021));
        assert_eq!(doc.date_source, DateSource::Given);
        assert!(Extractor::builder().reference_date("20210630").build().is_ok());
        assert!(Extractor::builder().reference_date("June 2021").build().is_err());
        assert!(Extractor::builder().reference_date("21-06-30").build().is_err());
        assert!(Extractor::builder().reference_date("2021年6月30日").build().is_ok());
    }

    #[test]
    fn lexicon_and_gazetteer_strings_are_lent() {
        use std::borrow::Cow;
        let facts = Extractor::new().extract("兴县今年新发展中药材 11万亩。");
        let f = &facts[0];
        assert!(matches!(f.unit, Cow::Borrowed("亩")), "{:?}", f.unit);
        assert!(matches!(f.place, Some(Cow::Borrowed("兴县"))), "{:?}", f.place);
        assert!(matches!(f.place_code, Some(Cow::Borrowed("141123"))), "{:?}", f.place_code);
    }

    #[test]
    fn runtime_units() {
        let ex = Extractor::builder().unit("桶", "桶", crate::Kind::Other).build().unwrap();
        let facts = ex.extract("储备原油 300桶");
        assert_eq!(facts[0].unit, "桶");
        let err = Extractor::builder().units_tsv("# units\n桶\t桶\tbarrels").build().unwrap_err();
        assert_eq!(err.line(), Some(2));
        assert!(err.to_string().contains("barrels"), "{err}");
    }
}
