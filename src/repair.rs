//! Stage 1, read and repair.
//!
//! In: the raw input text. Out: [`Repaired`], the text after Unicode NFC,
//! whitespace clean-up and mojibake repair (the full kind, `â€™` for `’`, and
//! the lossy kind where the bytes after `â` were lost), with a map from every
//! byte of the repaired text back to the byte it came from in the input.

/// Repaired text and the way back to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    pub text: String,
    /// `origin[i]` is the input byte offset that repaired byte `i` came from;
    /// one extra entry maps `text.len()` to the input's length.
    origin: Vec<u32>,
}

impl Repaired {
    /// The byte offset in the original input of repaired byte `offset`.
    pub fn origin_of(&self, offset: usize) -> usize {
        self.origin.get(offset).copied().or_else(|| self.origin.last().copied()).unwrap_or(0) as usize
    }
}

/// Repairs `input` (see the module docs).
pub fn repair(input: &str) -> Repaired {
    // Placeholder: identity. The real repair replaces this.
    let origin = (0..=input.len() as u32).collect();
    Repaired { text: input.to_string(), origin }
}
