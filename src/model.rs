//! The data that flows between the pipeline's stages.
//!
//! Every span is a pair of **byte offsets into [`Article::text`]** (the repaired,
//! extracted body). Nothing here knows about UTF-16: `src/wasm.rs` converts
//! spans once, at the border with JavaScript.

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into an article's body text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// The text this span covers in `text`.
    pub fn of<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
    /// The same span moved `by` bytes to the right.
    pub fn shift(&self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }
}

/// One article, extracted and analysed: the unit the comparison works on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Article {
    /// Caller's name for it (a file name, a stored version's key).
    pub id: String,
    pub title: Option<String>,
    /// ISO 8601: `YYYY-MM-DD`, or a full timestamp when the source gives one.
    pub published: Option<String>,
    pub byline: Option<String>,
    /// Outlet or source named by the page (`Reuters`, `The Associated Press`).
    pub site: Option<String>,
    /// A standfirst or description kept out of the body.
    pub description: Option<String>,
    /// The body as compared: repaired, paragraphs separated by a blank line.
    pub text: String,
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Sentence>,
    /// Lines of the page set aside as layout (a headline standing alone
    /// between paragraphs, a furniture line), with the index of the
    /// paragraph each stood before: not compared, but said by the article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set_aside: Vec<crate::extract::SetAside>,
    /// Each sentence's word and number tokens, cut once when the article is
    /// read ([`crate::text::article_tokens`]) and reused by every comparison.
    #[serde(skip)]
    pub tokens: Vec<Vec<crate::text::Token>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub index: usize,
    pub span: Span,
    /// Index into [`Article::paragraphs`].
    pub paragraph: usize,
    pub facts: Vec<Fact>,
}

/// What kind of thing a [`Fact`] states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// A count or quantity: "more than 1,000 containers", "several hundred", "two-day".
    Number,
    /// "$820 million"
    Money,
    /// "12%", "12 percent"
    Percent,
    /// "Sept. 7", "September 13", "on Wednesday", "last month", "2023-10-18".
    Date,
    /// A person's name.
    Person,
    /// An organization: "the Foreign Ministry", "Royal United Services Institute".
    Organization,
    /// A place: "Pyongyang", "Najin, North Korea".
    Place,
    /// A proper name whose kind is not known.
    Name,
    /// Quoted words, with their speaker when the sentence names one.
    Quote,
    /// "according to X", "X said": who the sentence attributes its claim to.
    Attribution,
}

/// One fact stated in a sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub kind: FactKind,
    /// Where it stands in the article body.
    pub span: Span,
    /// The words as written.
    pub text: String,
    /// A normalized value for comparing: `1000` for "1,000", `2023-09-07` or
    /// `--09-07` for "Sept. 7", a transliteration key for names
    /// ([`crate::facts::name_key`]), the folded quoted words for quotes.
    pub value: String,
    /// "more than", "about", "at least", "several" ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// What is counted: "containers", "day", "USD".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// For quotes and attributions: who says it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

/// An article as the extension stores it: metadata and the extracted body
/// (paragraphs separated by a blank line). [`crate::from_stored`] turns it
/// back into an [`Article`] without extracting again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct StoredArticle {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub byline: Option<String>,
    #[serde(default)]
    pub site: Option<String>,
    pub text: String,
    /// [`Article::set_aside`], kept with the text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set_aside: Vec<crate::extract::SetAside>,
}
