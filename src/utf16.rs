//! Byte offsets to UTF-16 code units: JavaScript indexes strings in UTF-16,
//! Rust in bytes. Used by the wasm face; plain Rust so it is tested natively.

use crate::model::Span;

/// Converts byte offsets of one text to UTF-16 offsets.
pub struct Utf16Map {
    /// `(byte offset, utf16 offset)` at every char boundary where they differ
    /// by a new amount; lookups binary-search it.
    points: Vec<(usize, usize)>,
}

impl Utf16Map {
    pub fn new(text: &str) -> Self {
        let mut points = vec![(0, 0)];
        let mut units = 0;
        for (byte, c) in text.char_indices() {
            if c.len_utf8() != c.len_utf16() {
                points.push((byte + c.len_utf8(), units + c.len_utf16()));
            }
            units += c.len_utf16();
        }
        Utf16Map { points }
    }

    /// The UTF-16 offset of byte offset `byte` (a char boundary).
    pub fn at(&self, byte: usize) -> usize {
        let i = self.points.partition_point(|&(b, _)| b <= byte) - 1;
        let (b, u) = self.points[i];
        u + (byte - b)
    }

    pub fn span(&self, span: Span) -> Span {
        Span::new(self.at(span.start), self.at(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn em_dash_and_emoji_convert_to_utf16_units() {
        let text = "MOSCOW — Lavrov 🇷🇺 said “yes”. Done";
        let map = Utf16Map::new(text);
        let utf16: Vec<u16> = text.encode_utf16().collect();
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let expected = text[..byte].encode_utf16().count();
            assert_eq!(map.at(byte), expected, "byte {byte}");
        }
        let start = text.find("said").unwrap();
        let span = map.span(Span::new(start, start + 4));
        assert_eq!(String::from_utf16(&utf16[span.start..span.end]).unwrap(), "said");
    }
}
