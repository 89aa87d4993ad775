// The title a page added to a story by hand is stored under. The engine reads
// a title for articles it recognises; on a page it did not (which is why the
// reader adds it by hand) its guess can be a menu's "Home" or a list's
// "Index". The page's own headline, og:title or the document's <title>, is
// what the reader saw in the tab: that is kept, less the site's name the
// <title> usually carries ("Ferry changes | Port Ellery Council").
// Node-testable (no browser API).

// Longest title kept: a title is one line in the panel.
const MAX_TITLE_CHARS = 300;
// What sites put between a headline and their own name.
const SEPARATORS = '|\\-–—·•:»';

const squash = (text) => (typeof text === 'string' ? text.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_CHARS) : '');
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `title` without `site` at its end or start ("Headline | Site", "Site –
 * Headline"), compared without case; the title as it is when it names no
 * such site, or when nothing but the site would be left.
 */
export function withoutSite(title, sites) {
  const text = squash(title);
  for (const site of sites.map(squash).filter(Boolean)) {
    const name = escapeRegExp(site);
    const suffix = new RegExp(`\\s*[${SEPARATORS}]\\s*${name}\\s*$`, 'iu');
    const prefix = new RegExp(`^\\s*${name}\\s*[${SEPARATORS}]\\s*`, 'iu');
    const cleaned = text.replace(suffix, '').replace(prefix, '').trim();
    if (cleaned && cleaned !== text) return cleaned;
  }
  return text;
}

/**
 * The title of a page added by hand: its og:title, else its <title> less the
 * site's name (the engine's, og:site_name, or the host), else the engine's.
 * `page`: {ogTitle, title, siteName} as the content script read them;
 * `article`: the engine's {title, site}; `host`: the page's host name.
 */
export function manualTitle(page, article, host) {
  const sites = [article?.site, page?.siteName, host, host?.replace(/^www\./, '')];
  const og = withoutSite(page?.ogTitle, sites);
  if (og) return og;
  const documentTitle = withoutSite(page?.title, sites);
  if (documentTitle) return documentTitle;
  return squash(article?.title) || null;
}
