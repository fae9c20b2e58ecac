//! The one error type of the library.

use std::fmt;

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A unit lexicon (`units.tsv` format) could not be parsed.
    UnitLexicon(String),
    /// A user dictionary could not be parsed.
    UserDict(String),
    /// A reference date was not a valid date.
    ReferenceDate(String),
}

/// An error of zhfacts: a kind and, where there is one, the position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    line: Option<usize>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Error {
        Error { kind, line: None }
    }

    pub(crate) fn at_line(mut self, line: usize) -> Error {
        self.line = Some(line);
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The 1-based line of the input that caused it, if known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::UnitLexicon(m) => write!(f, "invalid unit lexicon: {m}")?,
            ErrorKind::UserDict(m) => write!(f, "invalid user dictionary: {m}")?,
            ErrorKind::ReferenceDate(m) => write!(f, "invalid reference date: {m}")?,
        }
        if let Some(l) = self.line {
            write!(f, " (line {l})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
