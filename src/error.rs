//! Errors a caller can act on: each names what was wrong with the input.

use std::fmt;

/// Why an input could not be read or compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Nothing left after extraction: an empty file, or a page with no article.
    Empty,
    /// The input looks like binary data, not text or HTML.
    Binary,
    /// The input is larger than [`crate::MAX_INPUT_BYTES`].
    TooLarge { bytes: usize, limit: usize },
    /// Too long to compare: more sentences in all than
    /// [`crate::MAX_COMPARE_SENTENCES`].
    TooLong { sentences: usize, limit: usize },
    /// The input is not valid UTF-8 and could not be decoded.
    Encoding,
    /// Anything else, said in words.
    Other(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Empty => write!(f, "no article text found"),
            Error::Binary => write!(f, "binary data, not text or HTML"),
            Error::TooLarge { bytes, limit } => {
                write!(f, "too large ({bytes} bytes; the limit is {limit})")
            }
            Error::TooLong { sentences, limit } => {
                write!(f, "too long to compare ({sentences} sentences; the limit is {limit})")
            }
            Error::Encoding => write!(f, "not valid UTF-8 text"),
            Error::Other(reason) => write!(f, "{reason}"),
        }
    }
}

impl std::error::Error for Error {}
