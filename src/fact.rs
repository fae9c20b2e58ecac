//! The typed records zhfacts produces.

use crate::value::Decimal;
use serde::Serialize;
use std::borrow::Cow;
use std::sync::Arc;

/// How a stated number relates to the true figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Approx {
    /// As stated.
    #[default]
    Exact,
    /// More than stated: 余, 多, 几, 超过, 逾.
    Over,
    /// Less than stated: 近, 不足, 不到.
    Under,
    /// Roughly: 约, 左右, 大约, 上下.
    About,
    /// Stated as a floor: 以上, 不低于, 至少, 不少于.
    AtLeast,
    /// Stated as a ceiling: 以内, 以下, 不超过.
    AtMost,
}

impl Approx {
    /// The name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Approx::Exact => "exact",
            Approx::Over => "over",
            Approx::Under => "under",
            Approx::About => "about",
            Approx::AtLeast => "at_least",
            Approx::AtMost => "at_most",
        }
    }
}

/// Coarse kind of what a quantity measures (ANNOTATION.md's kinds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Kind {
    Money,
    Area,
    People,
    Households,
    Count,
    Livestock,
    Percent,
    Weight,
    Length,
    Energy,
    Volume,
    Duration,
    Other,
}

impl Kind {
    /// Parses the name used in the unit lexicon and in JSON.
    pub fn from_name(s: &str) -> Option<Kind> {
        Some(match s {
            "money" => Kind::Money,
            "area" => Kind::Area,
            "people" => Kind::People,
            "households" => Kind::Households,
            "count" => Kind::Count,
            "livestock" => Kind::Livestock,
            "percent" => Kind::Percent,
            "weight" => Kind::Weight,
            "length" => Kind::Length,
            "energy" => Kind::Energy,
            "volume" => Kind::Volume,
            "duration" => Kind::Duration,
            "other" => Kind::Other,
            _ => return None,
        })
    }

    /// The name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Money => "money",
            Kind::Area => "area",
            Kind::People => "people",
            Kind::Households => "households",
            Kind::Count => "count",
            Kind::Livestock => "livestock",
            Kind::Percent => "percent",
            Kind::Weight => "weight",
            Kind::Length => "length",
            Kind::Energy => "energy",
            Kind::Volume => "volume",
            Kind::Duration => "duration",
            Kind::Other => "other",
        }
    }
}

/// Whether a figure is reported as achieved or set as a goal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// Achieved, current or past.
    Actual,
    /// Planned, required, promised, budgeted, a standard to apply.
    Target,
}

impl Modality {
    /// The name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Actual => "actual",
            Modality::Target => "target",
        }
    }
}

/// Where the document's reference date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// Given by the caller (API or `--date`).
    Given,
    /// Read from the file name.
    FileName,
    /// Inferred from the text itself.
    Text,
    /// Nothing to go on.
    Unknown,
}

/// One quantitative fact: a number with its unit, about something.
///
/// The JSON field names are those of the annotation guide. `quantity`
/// borrows the original text: `&text[byte_start..byte_end] == quantity`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fact<'t> {
    /// Start, in Unicode scalar values from the start of the original text.
    pub start: usize,
    /// End (exclusive), in Unicode scalar values.
    pub end: usize,
    /// Start, in bytes of the original text.
    pub byte_start: usize,
    /// End (exclusive), in bytes of the original text.
    pub byte_end: usize,
    /// The quantity exactly as written (OCR spaces and line breaks kept).
    pub quantity: &'t str,
    /// The value in the unit's base, magnitudes (万, 亿) applied.
    pub value: Decimal,
    /// Upper bound of a range, else `None`.
    pub value_max: Option<Decimal>,
    /// Canonical unit (`元`, `亩`, `人`, `个`, `%`, …); borrowed from the
    /// embedded lexicon when it is one of its units (no allocation a fact).
    pub unit: Cow<'static, str>,
    /// Coarse kind.
    pub kind: Kind,
    /// Approximation.
    pub approx: Approx,
    /// The word that set `approx` (`余`, `近`, `以上`, …), if any.
    pub approx_marker: Option<&'static str>,
    /// What is counted or measured.
    pub subject: Option<String>,
    /// Achieved or planned.
    pub modality: Option<Modality>,
    /// The year the figure refers to.
    pub year: Option<i32>,
    /// Start year of a cumulative figure.
    pub since: Option<i32>,
    /// The administrative unit the figure is about (borrowed from the
    /// embedded gazetteer when it holds it).
    pub place: Option<Cow<'static, str>>,
    /// Division code of `place` when the gazetteer knows it.
    pub place_code: Option<Cow<'static, str>>,
    /// Denominators of a per-unit figure (`每户` → `["户"]`); borrowed
    /// from the embedded word lists when they are among their words.
    pub per: Vec<Cow<'static, str>>,
    /// False for durations, ages, frequencies and vague 几/数 amounts.
    pub core: bool,
    /// Index of the article on the page.
    pub article: Option<usize>,
    /// The sentence, OCR whitespace removed (shared by the facts of one
    /// sentence).
    pub sentence: Option<Arc<str>>,
}
