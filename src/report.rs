//! Stage 7, report.
//!
//! In: the current article, the stored versions and their alignments. Out:
//! a [`Report`]: what this article leaves out (`missing`), states differently
//! (`differs`), alone says (`unique`), writes another way (`variant`), and
//! where its title, date or byline disagree (`metadata`). Serialized, this is
//! the JSON the command line prints and the extension reads; its shape is
//! described in `../shared/seeds/README.md` (fields beyond that are ours).

use serde::{Deserialize, Serialize};

use crate::model::Span;

/// The whole comparison of one article with the versions of its story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Report {
    pub current: CurrentArticle,
    pub versions: Vec<VersionSummary>,
    pub findings: Vec<Finding>,
    /// Side by side: for each version judged the same story, its sentences
    /// paired with the current article's.
    pub alignments: Vec<Alignment>,
    /// Facts across versions: who says what.
    pub fact_table: Vec<FactRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CurrentArticle {
    pub id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub byline: Option<String>,
    pub site: Option<String>,
    /// The body as compared, repaired.
    pub text: String,
    pub sentences: Vec<SentenceRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceRef {
    pub index: usize,
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct VersionSummary {
    pub id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub byline: Option<String>,
    pub site: Option<String>,
    pub same_story: bool,
    /// 0..1, how alike the two articles are.
    pub similarity: f64,
    pub sentences: Vec<SentenceRef>,
}

/// The kinds of finding, in the order a reader meets them in the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingKind {
    Missing,
    Differs,
    Unique,
    Variant,
    Metadata,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// The first (representative) version that carries it; `None` for `unique`.
    pub version: Option<String>,
    /// Every version that carries it.
    pub versions: Vec<String>,
    /// Text in the current article: a sentence or a span; `None` for `missing`.
    pub here: Option<String>,
    /// Where `here` stands in `current.text`.
    pub here_span: Option<Span>,
    /// Index of the current sentence this finding is on.
    pub sentence: Option<usize>,
    /// Text in the other version (the representative one).
    pub there: Option<String>,
    /// For `missing`: the current sentence after which it would fit
    /// (`None`: before the first sentence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<usize>,
    /// The conflicting (or equivalent) facts, typed.
    pub facts: Vec<FactPair>,
    /// Each version's own wording of `there`, with a word-level diff against `here`.
    pub wordings: Vec<Wording>,
    /// How much it matters to a reader, 0..1: carried by several versions,
    /// holding a number, a date, a name or a quote, a whole statement rather
    /// than a word (see [`weigh`]). The panel puts the heaviest first.
    #[serde(default)]
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactPair {
    #[serde(rename = "type")]
    pub kind: FactType,
    pub here: Option<String>,
    pub there: Option<String>,
    /// Who the current article attributes its side to, when it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub here_source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub there_source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Wording {
    pub version: String,
    pub text: String,
    /// The sentence of that version it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<usize>,
    pub diff: Vec<DiffPart>,
}

/// What a finding's facts are, serialized as today's lowercase strings:
/// `number`, `date`, `name`, `place`, `quote`, `claim`; for metadata
/// `published`, `title`, `byline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FactType {
    Number,
    Date,
    Name,
    Place,
    Quote,
    /// How firmly or by whom a thing is claimed ("believes" / "might be").
    Claim,
    Published,
    Title,
    Byline,
}

impl FactType {
    pub fn as_str(self) -> &'static str {
        match self {
            FactType::Number => "number",
            FactType::Date => "date",
            FactType::Name => "name",
            FactType::Place => "place",
            FactType::Quote => "quote",
            FactType::Claim => "claim",
            FactType::Published => "published",
            FactType::Title => "title",
            FactType::Byline => "byline",
        }
    }
}

impl std::fmt::Display for FactType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `fact.kind == "number"` reads as the JSON does.
impl PartialEq<&str> for FactType {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// One run of a word-level diff, from the current article's side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffPart {
    pub op: Op,
    pub text: String,
}

/// A diff run's operation, serialized `equal`, `insert`, `delete`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Equal,
    /// Only in the other version.
    Insert,
    /// Only here.
    Delete,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Equal => "equal",
            Op::Insert => "insert",
            Op::Delete => "delete",
        }
    }
}

impl PartialEq<&str> for Op {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Side by side with one version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alignment {
    pub version: String,
    pub rows: Vec<AlignedRow>,
}

/// A row of the side-by-side view: a sentence here, its counterpart there,
/// or either alone (unique here, missing here).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignedRow {
    pub here: Option<usize>,
    pub there: Option<usize>,
    pub similarity: f64,
    pub diff: Vec<DiffPart>,
}

/// One fact across versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactRow {
    /// `number`, `name`, `quote`.
    #[serde(rename = "type")]
    pub kind: FactType,
    /// What the fact is about: a unit ("containers"), a name, a speaker.
    pub label: String,
    /// Version id (the current article's id too) to the words it uses.
    pub values: Vec<FactCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactCell {
    pub version: String,
    pub text: String,
}

mod compare;
mod differs;
mod findings;
mod metadata;
mod missing;
mod quotes;
mod rows;
mod table;
mod unique;
mod variants;
mod weight;

pub use findings::{build, build_decided, build_linked};
pub use table::MAX_ROW_CELLS;
pub use weight::weigh;
