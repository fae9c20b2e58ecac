//! # zhfacts
//!
//! Typed, checkable quantitative facts from Chinese county and city news
//! reports: every quantity with its exact value, unit and kind, what it
//! counts, whether it is achieved or planned, its year, place and per-unit
//! denominator, and exact offsets into the original text.
//!
//! The pipeline, one module a stage: [`normalize`] (OCR noise, widths, an
//! offset map) → [`segment`] (articles, sentences, clauses) → [`numbers`] and
//! the quantity scanner (number grammar + [`units`] lexicon) → context
//! (subject, modality, time, place, per) → [`Fact`]s.
//!
//! ```
//! use zhfacts::{Extractor, Kind, Modality};
//!
//! let extractor = Extractor::builder().reference_year(2019).build()?;
//! let text = "目前全县还有 102个贫困村、7514户贫\n困户，今年计划新发展中药材 11万亩。";
//! let facts = extractor.extract(text);
//! assert_eq!(facts.len(), 3);
//! let herbs = &facts[2];
//! assert_eq!(herbs.quantity, "11万亩");
//! assert_eq!(herbs.value.to_string(), "110000");
//! assert_eq!(herbs.kind, Kind::Area);
//! assert_eq!(herbs.modality, Some(Modality::Target));
//! assert_eq!(herbs.year, Some(2019));
//! assert_eq!(&text[herbs.byte_start..herbs.byte_end], "11万亩");
//! # Ok::<(), zhfacts::Error>(())
//! ```

mod context;
mod error;
mod extractor;
mod fact;
mod lexicon;
pub mod gazetteer;
pub mod normalize;
pub mod numbers;
mod scan;
mod swar;
pub mod segment;
pub mod units;
mod value;

pub use context::year_of_date;
pub use error::{Error, ErrorKind};
pub use extractor::{Document, DocumentInfo, Extractor, ExtractorBuilder};
pub use fact::{Approx, DateSource, Fact, Kind, Modality};
pub use segment::{Article, Sentence};
pub use value::Decimal;

/// The README's examples, compiled and run as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
