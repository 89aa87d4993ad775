//! Stage 2, extract the article.
//!
//! In: repaired plain text, or an HTML page. Out: [`Extracted`], the metadata
//! (title, ISO date, byline, site) and the body as paragraphs, with header
//! lines, datelines and boilerplate (related headlines, "More:/Recommend"
//! blocks) removed.

mod html;

pub use html::normalize_date;

/// Metadata and body paragraphs of one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    pub title: Option<String>,
    pub published: Option<String>,
    pub byline: Option<String>,
    pub site: Option<String>,
    pub description: Option<String>,
    /// Whether the input looks like an article at all (HTML pages: not a home
    /// page, a search result or an app).
    pub readerable: bool,
    pub paragraphs: Vec<Paragraph>,
}

/// One body paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub text: String,
    /// Byte offset of `text` in the repaired input, when the paragraph is a
    /// verbatim slice of it (plain text); `None` for HTML.
    pub origin: Option<usize>,
}

/// Extracts an article from repaired plain text.
pub fn extract_text(text: &str) -> Extracted {
    // Placeholder: every blank-line-separated block is a paragraph.
    let mut paragraphs = Vec::new();
    let mut offset = 0;
    for block in text.split("\n\n") {
        let trimmed = block.trim();
        if !trimmed.is_empty() {
            let lead = block.len() - block.trim_start().len();
            paragraphs.push(Paragraph {
                text: trimmed.to_string(),
                origin: Some(offset + lead),
            });
        }
        offset += block.len() + 2;
    }
    Extracted {
        readerable: true,
        paragraphs,
        ..Default::default()
    }
}

/// Extracts an article from an HTML page.
pub fn extract_html(html: &str) -> Extracted {
    html::extract(html)
}
