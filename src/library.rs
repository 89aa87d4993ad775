//! Stage 6, the library: which stored versions an article is compared with,
//! and why. The one owner of that decision for the extension.
//!
//! In: stored versions (analysed once, when first added, and kept while they
//! are in use), their story profiles (made once and persisted by the caller
//! in the library's own compact form, [`Library::add_profile`]), the reader's
//! links, and the postings of a term index the caller keeps (the extension
//! keeps them in IndexedDB, the native side in [`MemoryPostings`]). Out: for
//! an article, typed [`Candidate`]s (same story, an earlier revision of its
//! URL, linked or unlinked by the reader, a copy of a text already compared,
//! a near miss to offer) and, by id, the [`Report`] against the ones
//! compared, with "same story" decided here once ([`crate::report::build_decided`]).
//!
//! A lookup goes in steps so that its postings can live outside wasm memory
//! and be read only where the lookup needs them:
//! 1. [`Library::query_postings`]: the posting keys of the article's terms;
//! 2. [`Library::walk_plan`]: given how many indexed versions hold each key,
//!    which lists to read (the rarest, within a budget);
//! 3. [`Library::rough`]: given those lists, the versions worth scoring;
//! 4. [`Library::matches`]: with their profiles added, the similarities and
//!    the same-story decision ([`story::decide`]);
//! 5. [`Library::candidates`]: the rules (limits, revisions, links, copies).
//!
//! [`Library::lookup`] runs 1–4 against any [`Postings`].

pub mod codec;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::hashing::{TermMap, TermSet};
use crate::model::{Article, StoredArticle};
use crate::report::Report;
use crate::story::{self, Match, PROFILE_VERSION, Profile};

/// The version of the library's persisted form (the profile's contents and
/// the codec's layout): a store holding another is rebuilt once.
pub fn format() -> String {
    format!("profile-{PROFILE_VERSION}.codec-{CODEC_VERSION}.postings-{POSTINGS_VERSION}")
}
const CODEC_VERSION: u32 = 1;
/// How term hashes map to posting keys ([`posting_key`]).
const POSTINGS_VERSION: u32 = 1;

/// The index is asked for more matches than are compared: copies of one text
/// (wire copy on many sites, a page stored twice) collapse into one.
pub const FIND_LIMIT: usize = 60;
/// Versions of other URLs compared at most.
pub const COMPARE_LIMIT: usize = 20;
/// Earlier revisions of the same URL compared at most (the newest ones).
pub const REVISION_LIMIT: usize = 5;
/// Versions the matcher found alike but not the same story are offered
/// (not compared) when at least this similar: about half the matcher's
/// same-story threshold ([`story::SAME_STORY_THRESHOLD`]).
pub const CANDIDATE_SIMILARITY: f64 = 0.07;

/// Analysed articles kept (the current article and those it is compared
/// with, for the next comparison): enough for one report's versions.
const KEPT_ARTICLES: usize = 64;
/// Profiles kept in memory; the rest are read again from the caller's store.
const KEPT_PROFILES: usize = 4096;

/// What the library knows of a stored version besides its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub id: String,
    /// The URL that names the article across visits (its revisions share it).
    pub key: String,
    /// 1 for the first capture of a key, then 2, 3, ...
    pub revision: u32,
    /// A hash of the text: two versions with one hash are copies.
    #[serde(default)]
    pub hash: String,
}

/// A stored version with its text, as the extension keeps it.
#[derive(Debug, Clone, Deserialize)]
pub struct Version {
    #[serde(flatten)]
    pub meta: Meta,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub byline: Option<String>,
    #[serde(default)]
    pub site: Option<String>,
    pub text: String,
    /// Lines the page set aside as layout ([`crate::Article::set_aside`]).
    #[serde(default)]
    pub set_aside: Vec<crate::extract::SetAside>,
}

/// What [`Library::add`] gives back to persist: the profile in the library's
/// form and the posting keys of its terms.
#[derive(Debug, Clone, Serialize)]
pub struct Persisted {
    pub format: String,
    #[serde(with = "serde_bytes_as_seq")]
    pub profile: Vec<u8>,
    pub postings: Vec<u32>,
}

/// `Vec<u8>` out as a plain sequence (a `Uint8Array`-friendly array in JS).
mod serde_bytes_as_seq {
    pub fn serialize<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(bytes)
    }
}

/// The reader's word on a version for an article's story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkState {
    Linked,
    Unlinked,
}

/// A link: the reader linked (or unlinked) `version` to the story of the
/// article whose key the caller asked about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub version: String,
    pub state: LinkState,
}

/// Why a version is listed for an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// An earlier revision of the same URL: compared.
    Revision,
    /// The same story, as the matcher decides: compared.
    Matched,
    /// Linked by the reader: compared whatever the matcher says.
    Linked,
    /// Unlinked by the reader: listed, not compared.
    Unlinked,
    /// The same story, but the same text as a version already compared (or
    /// as the article itself): listed, not compared.
    SameText,
    /// A near miss: alike, not judged the same story; offered, not compared.
    Similar,
}

/// One version listed for an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: String,
    pub reason: Reason,
    /// Whether it is compared.
    pub included: bool,
    /// How alike the two are, 0..1, when the matcher scored it.
    pub similarity: Option<f64>,
}

/// What the caller knows around an article, read for this lookup only:
/// the other revisions of its URL and the reader's links for its key.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Context {
    #[serde(default)]
    pub revisions: Vec<Meta>,
    #[serde(default)]
    pub links: Vec<Link>,
}

/// A term index: for a posting key, the ids of the indexed versions holding
/// it (only the latest revision of each URL is indexed).
pub trait Postings {
    /// How many versions are indexed.
    fn live(&self) -> usize;
    /// How many indexed versions hold `key`.
    fn count(&self, key: u32) -> usize;
    /// The ids of the indexed versions holding `key`.
    fn ids(&self, key: u32) -> Vec<String>;
    /// Whether `id` is indexed.
    fn indexed(&self, id: &str) -> bool;
}

/// The posting key of a term hash: 32 bits, so that JavaScript and IndexedDB
/// hold it as a plain number. Two terms may share a key; that only adds a
/// candidate, which the exact score then judges.
pub fn posting_key(hash: u64) -> u32 {
    (hash ^ (hash >> 32)) as u32
}

struct Known {
    meta: Meta,
    profile: Profile,
    used: u64,
}

/// The versions the library holds, analysed or profiled, and the rules.
#[derive(Default)]
pub struct Library {
    profiles: HashMap<String, Known>,
    articles: HashMap<String, (Article, u64)>,
    clock: u64,
}

impl Library {
    pub fn new() -> Self {
        Self::default()
    }

    /// Analyses a version (once: a version already analysed is kept) and
    /// returns its profile and postings to persist.
    pub fn add(&mut self, version: &Version) -> Result<Persisted, Error> {
        let stored = StoredArticle {
            id: version.meta.id.clone(),
            title: version.title.clone(),
            published: version.published.clone(),
            byline: version.byline.clone(),
            site: version.site.clone(),
            text: version.text.clone(),
            set_aside: version.set_aside.clone(),
        };
        let article = crate::from_stored(&stored)?;
        let profile =
            Profile::from_tokens(&article.tokens, article.title.as_deref()).published(version.published.as_deref());
        let persisted = persisted(&profile)?;
        let tick = self.tick();
        self.articles.insert(version.meta.id.clone(), (article, tick));
        self.profiles.insert(version.meta.id.clone(), Known { meta: version.meta.clone(), profile, used: tick });
        self.trim();
        Ok(persisted)
    }

    /// The profile of a version made from its text without analysing its
    /// facts (a tenth of [`Library::add`]'s work: for indexing an import or
    /// a migrated store), held, and returned to persist. The same profile
    /// as [`Library::add`] makes.
    pub fn add_indexed(&mut self, version: &Version) -> Result<Persisted, Error> {
        if version.text.len() > crate::MAX_INPUT_BYTES {
            return Err(Error::TooLarge { bytes: version.text.len(), limit: crate::MAX_INPUT_BYTES });
        }
        let tokens: Vec<Vec<crate::text::Token>> = version
            .text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .flat_map(|paragraph| {
                crate::sentences::split(paragraph).into_iter().map(move |span| {
                    crate::text::tokenize(span.of(paragraph))
                        .into_iter()
                        .filter(|t| t.class != crate::text::TokenClass::Punct)
                        .collect()
                })
            })
            .collect();
        if tokens.is_empty() {
            return Err(Error::Empty);
        }
        let profile = Profile::from_tokens(&tokens, version.title.as_deref()).published(version.published.as_deref());
        let persisted = persisted(&profile)?;
        let used = self.tick();
        self.profiles.insert(version.meta.id.clone(), Known { meta: version.meta.clone(), profile, used });
        self.trim();
        Ok(persisted)
    }

    /// Adds a profile persisted earlier (by [`Library::add`], in [`format`]).
    pub fn add_profile(&mut self, meta: Meta, bytes: &[u8]) -> Result<(), Error> {
        let profile: Profile = codec::from_bytes(bytes).map_err(|e| Error::Other(e.to_string()))?;
        let used = self.tick();
        self.profiles.insert(meta.id.clone(), Known { meta, profile, used });
        self.trim();
        Ok(())
    }

    /// Forgets a version (deleted from the store).
    pub fn remove(&mut self, id: &str) -> bool {
        let had = self.profiles.remove(id).is_some();
        self.articles.remove(id).is_some() || had
    }

    /// Whether the version's analysed text is held (else [`Library::add`] it
    /// before comparing with it).
    pub fn has_article(&self, id: &str) -> bool {
        self.articles.contains_key(id)
    }

    /// Whether the version's profile is held (else [`Library::add_profile`]).
    pub fn has_profile(&self, id: &str) -> bool {
        self.profiles.contains_key(id)
    }

    /// How many profiles and analysed articles are held.
    pub fn held(&self) -> (usize, usize) {
        (self.profiles.len(), self.articles.len())
    }

    /// The posting keys of a profile's terms (what the caller indexes).
    pub fn postings_of(profile: &Profile) -> Vec<u32> {
        let mut keys: Vec<u32> = profile.weighted_terms().map(|(h, _)| posting_key(h)).collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// Step 1: the posting keys of `id`'s terms, each once.
    pub fn query_postings(&self, id: &str) -> Result<Vec<u32>, Error> {
        Ok(Self::postings_of(&self.known(id)?.profile))
    }

    /// Step 2: which of `keys` (from step 1) to read, given `counts[i]`, how
    /// many indexed versions hold `keys[i]`, and `live`, how many are indexed:
    /// the rarest first, the common ones only while within budget. When the
    /// article is indexed itself (`own_indexed`), every count holds it once:
    /// a term only it uses tells nothing about the others.
    pub fn walk_plan(keys: &[u32], counts: &[usize], live: usize, own_indexed: bool) -> Vec<u32> {
        let own = usize::from(own_indexed);
        let mut terms: Vec<(usize, u32)> =
            keys.iter().zip(counts).map(|(&k, &df)| (df.saturating_sub(own), k)).filter(|&(df, _)| df > 0).collect();
        terms.sort_unstable();
        let walked = story::terms_to_walk(terms.iter().map(|&(df, _)| df), live);
        terms.into_iter().take(walked).map(|(_, key)| key).collect()
    }

    /// Step 3: the versions worth scoring exactly, best first, from the
    /// lists read (`lists[i]`: the ids holding `plan[i]`): each scores the
    /// weight × rarity of the query's terms it holds.
    pub fn rough(&self, id: &str, plan: &[u32], lists: &[Vec<String>], live: usize) -> Result<Vec<String>, Error> {
        let query = &self.known(id)?.profile;
        let mut weight_of: TermMap<u32, f32> = TermMap::default();
        for (hash, weight) in query.weighted_terms() {
            *weight_of.entry(posting_key(hash)).or_default() += weight;
        }
        let live = live.max(1) as f32;
        let mut scores: HashMap<&str, f32> = HashMap::new();
        for (key, list) in plan.iter().zip(lists) {
            let idf = (live / list.len().max(1) as f32).ln() + 1.0;
            let weight = weight_of.get(key).copied().unwrap_or(0.0);
            let mut seen: TermSet<u64> = TermSet::default();
            for other in list.iter().filter(|other| other.as_str() != id) {
                // A list holding an id twice (a caller's bug) counts it once.
                if seen.insert(hash_id(other)) {
                    *scores.entry(other.as_str()).or_default() += weight * idf;
                }
            }
        }
        Ok(story::above_floor(scores.into_iter().collect())
            .into_iter()
            .take(story::EXACT_CANDIDATES)
            .map(str::to_string)
            .collect())
    }

    /// Step 4: how alike `id` is to each of `others` whose profile is held,
    /// and whether each is the same story ([`story::decide`], once, here),
    /// best first, at most [`FIND_LIMIT`].
    pub fn matches(&mut self, id: &str, others: &[String]) -> Result<Vec<Match>, Error> {
        let tick = self.tick();
        for other in others {
            if let Some(known) = self.profiles.get_mut(other) {
                known.used = tick;
            }
        }
        let query = &self.known(id)?.profile;
        let held: Vec<(&String, &Profile)> = others
            .iter()
            .filter(|other| other.as_str() != id)
            .filter_map(|other| self.profiles.get(other).map(|k| (other, &k.profile)))
            .collect();
        let profiles: Vec<&Profile> = held.iter().map(|(_, p)| *p).collect();
        let mut found: Vec<Match> = held
            .iter()
            .zip(story::decide(query, &profiles))
            .map(|((other, _), (similarity, same_story))| Match { id: (*other).clone(), similarity, same_story })
            .collect();
        found.sort_by(|a, b| b.similarity.total_cmp(&a.similarity).then_with(|| a.id.cmp(&b.id)));
        found.truncate(FIND_LIMIT);
        Ok(found)
    }

    /// Steps 1–4 against `postings`, for the native side and tests (every
    /// profile the lookup scores must be held).
    pub fn lookup(&mut self, id: &str, postings: &impl Postings) -> Result<Vec<Match>, Error> {
        let keys = self.query_postings(id)?;
        let counts: Vec<usize> = keys.iter().map(|&k| postings.count(k)).collect();
        let plan = Self::walk_plan(&keys, &counts, postings.live(), postings.indexed(id));
        let lists: Vec<Vec<String>> = plan.iter().map(|&k| postings.ids(k)).collect();
        let rough = self.rough(id, &plan, &lists, postings.live())?;
        self.matches(id, &rough)
    }

    /// Step 5: every version listed for `id`, with why and whether compared:
    /// the newest [`REVISION_LIMIT`] earlier revisions of its URL (always
    /// compared); the matches of other URLs judged the same story, one per
    /// URL and one per text, at most [`COMPARE_LIMIT`], unless the reader
    /// unlinked them; the ones the reader linked (compared whatever the
    /// matcher says); and near misses and unlinked ones (listed, not compared).
    pub fn candidates(&self, id: &str, context: &Context, matches: &[Match]) -> Result<Vec<Candidate>, Error> {
        let current = &self.known(id)?.meta;
        let links: HashMap<&str, LinkState> = context.links.iter().map(|l| (l.version.as_str(), l.state)).collect();
        let mut listed: Vec<Candidate> = Vec::new();
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut add = |candidate: Candidate, listed: &mut Vec<Candidate>| {
            if candidate.id != current.id && seen.insert(candidate.id.clone()) {
                listed.push(candidate);
            }
        };
        // Earlier revisions of this URL: the newest few (each kept revision
        // differs from the one before).
        let mut earlier: Vec<&Meta> =
            context.revisions.iter().filter(|v| v.key == current.key && v.revision < current.revision).collect();
        earlier.sort_by_key(|v| std::cmp::Reverse(v.revision));
        for version in earlier.into_iter().take(REVISION_LIMIT) {
            let similarity = self.similarity(id, &version.id);
            add(
                Candidate { id: version.id.clone(), reason: Reason::Revision, included: true, similarity },
                &mut listed,
            );
        }
        // A text already compared (or the current one itself) adds nothing:
        // only the first version with each text is compared; the copies are
        // listed for the reader to link if they want.
        let mut texts_compared: std::collections::HashSet<&str> = std::collections::HashSet::new();
        if !current.hash.is_empty() {
            texts_compared.insert(&current.hash);
        }
        let mut keys_compared: std::collections::HashSet<&str> = std::collections::HashSet::new();
        let mut compared = 0;
        for found in matches {
            let Some(version) = self.profiles.get(&found.id).map(|k| &k.meta) else { continue };
            if version.key == current.key {
                continue;
            }
            let state = links.get(found.id.as_str()).copied();
            let same_text = !version.hash.is_empty() && texts_compared.contains(version.hash.as_str());
            let wanted = state == Some(LinkState::Linked)
                || (found.same_story && state != Some(LinkState::Unlinked) && !same_text && compared < COMPARE_LIMIT);
            // One revision per other article is enough: its best match.
            if wanted && keys_compared.contains(version.key.as_str()) {
                continue;
            }
            if !wanted && found.similarity < CANDIDATE_SIMILARITY && state != Some(LinkState::Unlinked) {
                continue;
            }
            if wanted {
                keys_compared.insert(&version.key);
                if !version.hash.is_empty() {
                    texts_compared.insert(&version.hash);
                }
                compared += 1;
            }
            let reason = match state {
                Some(LinkState::Linked) => Reason::Linked,
                Some(LinkState::Unlinked) => Reason::Unlinked,
                None if found.same_story && same_text => Reason::SameText,
                None if found.same_story => Reason::Matched,
                None => Reason::Similar,
            };
            let candidate =
                Candidate { id: found.id.clone(), reason, included: wanted, similarity: Some(found.similarity) };
            add(candidate, &mut listed);
        }
        for link in &context.links {
            let reason = if link.state == LinkState::Linked { Reason::Linked } else { Reason::Unlinked };
            let included = link.state == LinkState::Linked;
            let similarity = self.similarity(id, &link.version);
            add(Candidate { id: link.version.clone(), reason, included, similarity }, &mut listed);
        }
        Ok(listed)
    }

    /// The included candidates' ids whose analysed text is not held: what
    /// the caller must [`Library::add`] before [`Library::compare`].
    /// The ones held are marked as just used, so that adding the missing
    /// ones does not push them out.
    pub fn missing_articles(&mut self, id: &str, candidates: &[Candidate]) -> Vec<String> {
        let tick = self.tick();
        for wanted in std::iter::once(id).chain(candidates.iter().filter(|c| c.included).map(|c| c.id.as_str())) {
            if let Some(entry) = self.articles.get_mut(wanted) {
                entry.1 = tick;
            }
        }
        std::iter::once(id)
            .chain(candidates.iter().filter(|c| c.included).map(|c| c.id.as_str()))
            .filter(|id| !self.articles.contains_key(*id))
            .map(str::to_string)
            .collect()
    }

    /// Compares `id` with the included `candidates` (as [`Library::candidates`]
    /// answered: the decision is not made again). Every one must be held
    /// ([`Library::missing_articles`]).
    pub fn compare(&mut self, id: &str, candidates: &[Candidate]) -> Result<Report, Error> {
        let missing = self.missing_articles(id, candidates);
        if !missing.is_empty() {
            return Err(Error::Other(format!("not analysed yet: {}", missing.join(", "))));
        }
        let tick = self.tick();
        let included: Vec<&Candidate> = candidates.iter().filter(|c| c.included && c.id != id).collect();
        for candidate in std::iter::once(id).chain(included.iter().map(|c| c.id.as_str())) {
            if let Some(entry) = self.articles.get_mut(candidate) {
                entry.1 = tick;
            }
        }
        let current = &self.articles[id].0;
        let versions: Vec<&Article> = included.iter().map(|c| &self.articles[&c.id].0).collect();
        let sentences = current.sentences.len() + versions.iter().map(|v| v.sentences.len()).sum::<usize>();
        if sentences > crate::MAX_COMPARE_SENTENCES {
            return Err(Error::TooLong { sentences, limit: crate::MAX_COMPARE_SENTENCES });
        }
        let decisions: Vec<(f64, bool)> = included.iter().map(|c| (c.similarity.unwrap_or(0.0), true)).collect();
        Ok(crate::report::build_decided(current, &versions, &decisions))
    }

    /// The analysed article held under `id` (for the wasm face's spans).
    pub fn article(&self, id: &str) -> Option<&Article> {
        self.articles.get(id).map(|(a, _)| a)
    }

    fn similarity(&self, a: &str, b: &str) -> Option<f64> {
        let (a, b) = (self.profiles.get(a)?, self.profiles.get(b)?);
        Some(story::profile_similarity(&a.profile, &b.profile))
    }

    fn known(&self, id: &str) -> Result<&Known, Error> {
        self.profiles.get(id).ok_or_else(|| Error::Other(format!("version {id} is not in the library")))
    }

    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    /// Keeps memory bounded: past the caps, the least recently used go
    /// (down to three quarters, so that trimming is rare).
    fn trim(&mut self) {
        if self.articles.len() > KEPT_ARTICLES {
            let keep = KEPT_ARTICLES * 3 / 4;
            let mut ages: Vec<u64> = self.articles.values().map(|(_, used)| *used).collect();
            ages.sort_unstable();
            let cut = ages[ages.len() - keep];
            self.articles.retain(|_, (_, used)| *used >= cut);
        }
        if self.profiles.len() > KEPT_PROFILES {
            let keep = KEPT_PROFILES * 3 / 4;
            let mut ages: Vec<u64> = self.profiles.values().map(|k| k.used).collect();
            ages.sort_unstable();
            let cut = ages[ages.len() - keep];
            // A profile whose article is held stays with it.
            let articles = &self.articles;
            self.profiles.retain(|id, k| k.used >= cut || articles.contains_key(id));
        }
    }
}

fn persisted(profile: &Profile) -> Result<Persisted, Error> {
    let bytes = codec::to_bytes(profile).map_err(|e| Error::Other(e.to_string()))?;
    Ok(Persisted { format: format(), profile: bytes, postings: Library::postings_of(profile) })
}

fn hash_id(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

/// A term index in memory ([`Postings`]) for the native side and tests:
/// what the extension keeps in IndexedDB.
#[derive(Debug, Default, Clone)]
pub struct MemoryPostings {
    lists: HashMap<u32, Vec<String>>,
    indexed: HashMap<String, Vec<u32>>,
}

impl MemoryPostings {
    pub fn new() -> Self {
        Self::default()
    }

    /// Indexes `id` under `keys`, replacing what it was indexed under.
    pub fn insert(&mut self, id: &str, keys: &[u32]) {
        self.remove(id);
        for &key in keys {
            self.lists.entry(key).or_default().push(id.to_string());
        }
        self.indexed.insert(id.to_string(), keys.to_vec());
    }

    /// Takes `id` out of the index.
    pub fn remove(&mut self, id: &str) {
        for key in self.indexed.remove(id).unwrap_or_default() {
            if let Some(list) = self.lists.get_mut(&key) {
                list.retain(|other| other != id);
            }
        }
    }
}

impl Postings for MemoryPostings {
    fn live(&self) -> usize {
        self.indexed.len()
    }
    fn count(&self, key: u32) -> usize {
        self.lists.get(&key).map_or(0, Vec::len)
    }
    fn ids(&self, key: u32) -> Vec<String> {
        self.lists.get(&key).cloned().unwrap_or_default()
    }
    fn indexed(&self, id: &str) -> bool {
        self.indexed.contains_key(id)
    }
}

#[cfg(test)]
mod tests;
