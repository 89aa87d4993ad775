// The content script (a classic script: MV3 content scripts cannot be modules).
// 1. Decides cheaply whether this page may be an article; if so, sends the live
//    DOM to the background, which asks the engine and stores it.
// 2. Draws the findings over the page, inside ONE closed shadow root, so the
//    page's own scripts cannot read them: no marks in the page's DOM, no
//    attributes, no CSS Custom Highlights. Hiding removes the host element.
// Page content is untrusted: every piece of UI is built with createElement and
// textContent.
(() => {
  'use strict';

  const api = globalThis.browser ?? globalThis.chrome;
  // Where the overlay may draw and when to read the page: overlay-place.js and
  // settle.js, run just before this script.
  const place = globalThis.storydiffPlace;
  const settleLogic = globalThis.storydiffSettle;
  if (!api?.runtime?.id || !place || !settleLogic || globalThis.__storydiffContent) return;
  const { INLINE, boxRects, blockAround } = place;
  globalThis.__storydiffContent = true; // the isolated world's global, not the page's

  // --- messaging -----------------------------------------------------------
  async function send(type, payload = {}) {
    const answer = await api.runtime.sendMessage({ type, payload });
    if (!answer?.ok) throw new Error(answer?.error ?? `no answer to ${type}`);
    return answer.value;
  }

  // --- is this an article? (cheap checks; the engine decides for real) ------
  function jsonLdTypes() {
    const types = [];
    const visit = (node) => {
      if (Array.isArray(node)) { node.forEach(visit); return; }
      if (!node || typeof node !== 'object') return;
      const type = node['@type'];
      if (type) types.push(...(Array.isArray(type) ? type : [type]).map(String));
      if (node['@graph']) visit(node['@graph']);
    };
    for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
      try {
        visit(JSON.parse(script.textContent));
      } catch {
        // The page's JSON-LD is broken; other signals decide.
      }
    }
    return types;
  }

  // Readability's isProbablyReaderable, the test the engine applies too, so
  // the two agree: enough long visible text blocks outside likely furniture.
  const UNLIKELY = /-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote/i;
  const MAYBE = /and|article|body|column|content|main|shadow/i;
  const MIN_BLOCK_CHARS = 140;
  const MIN_SCORE = 20;

  function isVisible(node) {
    return (!node.style || node.style.display !== 'none')
      && !node.hasAttribute('hidden')
      && (!node.hasAttribute('aria-hidden') || node.getAttribute('aria-hidden') !== 'true'
        || (node.className?.includes?.('fallback-image') ?? false));
  }

  function probablyReaderable() {
    const nodes = new Set(document.querySelectorAll('p, pre, article'));
    // Text split by <br> inside a <div> counts as a block too.
    for (const br of document.querySelectorAll('div > br')) nodes.add(br.parentNode);
    let score = 0;
    for (const node of nodes) {
      if (!isVisible(node)) continue;
      const matched = `${node.className} ${node.id}`;
      if (UNLIKELY.test(matched) && !MAYBE.test(matched)) continue;
      if (node.matches('li p')) continue;
      const length = node.textContent.trim().length;
      if (length < MIN_BLOCK_CHARS) continue;
      score += Math.sqrt(length - MIN_BLOCK_CHARS);
      if (score > MIN_SCORE) return true;
    }
    return false;
  }

  function looksLikeArticle() {
    const ogType = document.querySelector('meta[property="og:type"]')?.content ?? '';
    if (/article/i.test(ogType)) return true;
    if (jsonLdTypes().some((type) => /(^|News|Blog|Reportage|Analysis)(Article|Posting)$/.test(type))) return true;
    return probablyReaderable();
  }

  function capturePage() {
    const meta = (property) => document.querySelector(`meta[property="${property}"]`)?.content ?? null;
    return {
      url: location.href,
      canonical: document.querySelector('link[rel="canonical"]')?.href ?? null,
      html: document.documentElement.outerHTML,
      // What the tab shows as the page's title: a page added by hand is stored under it.
      title: document.title,
      ogTitle: meta('og:title'),
      siteName: meta('og:site_name'),
    };
  }

  // Where the capture of this page stands, and when each step happened
  // (performance.now(): ms since the page's navigation began), for
  // overlay:state: a test or the panel can tell "not an article" from "not yet".
  const capture = { state: 'pending', reason: null, sent: null, answered: null, reported: null, drawn: null };

  async function captureOnce(reread) {
    if (!looksLikeArticle()) {
      Object.assign(capture, { state: 'skipped', reason: 'not an article' });
      return;
    }
    try {
      capture.sent = performance.now();
      const answer = await send('article:captured', { ...capturePage(), reread });
      capture.answered = performance.now();
      Object.assign(capture, { state: answer.stored ? 'stored' : 'skipped', reason: answer.reason ?? null });
      if (answer.stored) {
        visible = answer.highlights !== false;
        setReport(answer.report);
      }
    } catch (error) {
      Object.assign(capture, { state: 'failed', reason: String(error?.message ?? error) });
      console.debug('storydiff:', error.message);
    }
  }

  // One capture at a time: a re-read (settle.js) waits for the answer to the
  // read before it, and says it is one (the background may take its text as
  // the version this visit stored, filled in).
  let capturing = Promise.resolve();
  let reads = 0;
  function captureIfArticle() {
    const reread = reads > 0;
    reads += 1;
    capturing = capturing.then(() => captureOnce(reread));
    return capturing;
  }

  // --- the text index: visible text nodes, whitespace normalised -------------
  // Like Hypothesis' text-quote anchoring: one string of the page's visible
  // text, with every character mapped back to (text node, offset), so a quote
  // found in the string becomes a DOM Range even when it spans inline elements.
  const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'SELECT', 'OPTION', 'SVG', 'IFRAME', 'CANVAS']);
  const QUOTE_FOLD = new Map([
    ...'\u2018\u2019\u201a\u201b\u2032\u02bc'.split('').map((c) => [c, "'"]),
    ...'\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb'.split('').map((c) => [c, '"']),
    ...'\u2010\u2011\u2012\u2013\u2014\u2015\u2212'.split('').map((c) => [c, '-']),
  ]);
  const INVISIBLE = /^(?:\u00ad|\u200b|\u200c|\u200d|\u2060|\ufeff)$/;
  const SPACE = /\s/;

  /** The one-character fold applied to both page text and quotes; '' drops it. */
  function fold(char) {
    if (INVISIBLE.test(char)) return '';
    if (SPACE.test(char)) return ' ';
    return QUOTE_FOLD.get(char) ?? char;
  }

  function normalise(text) {
    let out = '';
    for (const char of text) {
      const folded = fold(char);
      if (folded === ' ' && (out === '' || out.endsWith(' '))) continue;
      out += folded;
    }
    return out.trim();
  }

  function buildTextIndex(root) {
    const visibleCache = new Map();
    const blockCache = new Map();
    const isVisible = (element) => {
      if (!visibleCache.has(element)) {
        visibleCache.set(element, !SKIPPED.has(element.tagName.toUpperCase()) && !element.closest('[hidden],[aria-hidden="true"] svg')
          && (element.checkVisibility ? element.checkVisibility({ visibilityProperty: true }) : element.offsetParent !== null || element === document.body));
      }
      return visibleCache.get(element);
    };
    const blockOf = (element) => {
      if (!blockCache.has(element)) {
        let block = element;
        while (block.parentElement && INLINE.test(getComputedStyle(block).display)) block = block.parentElement;
        blockCache.set(element, block);
      }
      return blockCache.get(element);
    };
    const nodes = [];
    const nodeOf = [];   // for each character of `text`: index into nodes
    const offsetOf = []; // ... and the offset inside that node
    let text = '';
    let lastBlock = null;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !node.data || !isVisible(parent)) continue;
      const block = blockOf(parent);
      if (block !== lastBlock && text && !text.endsWith(' ') && nodes.length) {
        // A block boundary reads as a space.
        text += ' ';
        nodeOf.push(nodes.length - 1);
        offsetOf.push(nodes.at(-1).data.length);
      }
      lastBlock = block;
      const nodeIndex = nodes.push(node) - 1;
      const data = node.data;
      for (let offset = 0; offset < data.length; offset++) {
        const folded = fold(data[offset]);
        if (!folded || (folded === ' ' && (text === '' || text.endsWith(' ')))) continue;
        text += folded;
        nodeOf.push(nodeIndex);
        offsetOf.push(offset);
      }
    }
    return { text, nodes, nodeOf, offsetOf, lower: text.toLowerCase() };
  }

  function rangeFor(index, start, end) {
    const range = document.createRange();
    range.setStart(index.nodes[index.nodeOf[start]], index.offsetOf[start]);
    const last = end - 1;
    range.setEnd(index.nodes[index.nodeOf[last]], index.offsetOf[last] + 1);
    return range;
  }

  function occurrences(haystack, needle, limit = 50) {
    const found = [];
    for (let at = haystack.indexOf(needle); at !== -1 && found.length < limit; at = haystack.indexOf(needle, at + 1)) {
      found.push(at);
    }
    return found;
  }

  /** Agreement of the page text around [start, end) with the quote's own context. */
  function contextScore(index, start, end, { prefix, suffix }) {
    let score = 0;
    const before = index.text.slice(Math.max(0, start - prefix.length - 1), start).trim();
    const after = index.text.slice(end, end + suffix.length + 1).trim();
    for (let n = Math.min(prefix.length, before.length); n > 0; n--) {
      if (before.endsWith(prefix.slice(-n))) { score += n; break; }
    }
    for (let n = Math.min(suffix.length, after.length); n > 0; n--) {
      if (after.startsWith(suffix.slice(0, n))) { score += n; break; }
    }
    return score;
  }

  /** Picks the best [start, end) by context and then by closeness to the position hint. */
  function best(index, spans, selector) {
    let winner = null;
    let winnerScore = -Infinity;
    for (const [start, end] of spans) {
      const distance = Math.abs(start / Math.max(1, index.text.length) - selector.hint);
      const score = contextScore(index, start, end, selector) * 2 - distance * 40 - Math.abs(end - start - selector.quote.length) * 0.5;
      if (score > winnerScore) { winner = [start, end]; winnerScore = score; }
    }
    return winner;
  }

  /** A few word runs from the start and from the end of a quote, for when it is not found whole. */
  function probes(quote) {
    const words = quote.split(' ');
    const size = Math.min(4, Math.max(1, Math.floor(words.length / 3)));
    const heads = [];
    const tails = [];
    for (let i = 0; i + size <= words.length && i < 3; i++) {
      // `before`: characters of the quote before this run.
      heads.push({ text: words.slice(i, i + size).join(' '), before: i ? words.slice(0, i).join(' ').length + 1 : 0 });
      const j = words.length - i;
      tails.push({ text: words.slice(j - size, j).join(' '), after: i ? words.slice(j).join(' ').length + 1 : 0 });
    }
    return { heads, tails };
  }

  /** Fuzzy: anchor a head run and a tail run separately; keep pairs of plausible length. */
  function fuzzySpans(index, selector) {
    const { heads, tails } = probes(selector.quote.toLowerCase());
    const maxLength = selector.quote.length * 1.5 + 40;
    for (const head of heads) {
      const spans = [];
      for (const headAt of occurrences(index.lower, head.text, 20)) {
        const start = Math.max(0, headAt - head.before);
        const window = index.lower.slice(headAt, start + maxLength);
        for (const tail of tails) {
          const tailAt = window.lastIndexOf(tail.text);
          if (tailAt === -1) continue;
          const end = Math.min(index.text.length, headAt + tailAt + tail.text.length + tail.after);
          if (end > start) { spans.push([start, end]); break; }
        }
      }
      if (spans.length) return spans;
    }
    return [];
  }

  /** The page span for a quote: exact first, then case-insensitive, then fuzzy. */
  function anchorQuote(index, selector) {
    const quote = selector.quote;
    if (!quote) return null;
    const length = quote.length;
    let spans = occurrences(index.text, quote).map((at) => [at, at + length]);
    if (!spans.length) spans = occurrences(index.lower, quote.toLowerCase()).map((at) => [at, at + length]);
    if (!spans.length && length > 12) spans = fuzzySpans(index, selector);
    const span = best(index, spans, selector);
    return span ? rangeFor(index, span[0], span[1]) : null;
  }

  /** What to look for: the quote with some context and where it stands in the article. */
  function selectorFor(text, start, end) {
    return {
      quote: normalise(text.slice(start, end)),
      prefix: normalise(text.slice(Math.max(0, start - 40), start)).slice(-32),
      suffix: normalise(text.slice(end, end + 40)).slice(0, 32),
      hint: text.length ? start / text.length : 0,
    };
  }

  // --- what is drawn -------------------------------------------------------------
  // The one vocabulary (extension/summary.js KINDS; a unit test keeps these the same).
  const KIND_LABEL = {
    missing: 'Missing here',
    differs: 'Stated differently',
    unique: 'Only in this article',
    metadata: 'Title, date or byline differ',
    variant: 'Worded differently',
  };

  let report = null;        // the trimmed report from the background
  let visible = true;       // the reader's toggle
  let anchored = [];        // [{finding, index, kind, range}] highlights
  let markers = [];         // [{kind: 'missing', findings: [...], indexes, range, atStart}]
  let ordered = [];         // both, in reading order: the elements are created in it, so Tab among them follows the text (after the page's own stops: README says why)
  let sign = null;          // {kind: 'sign', range (the first sentence), element}: the page's quiet sign that it was read and compared
  let host = null;          // the one element the page can see, only while shown
  let shadow = null;
  let layer = null;
  let card = null;
  let cardFor = null;       // the anchored item the card describes
  let cardSources = [];     // the outlets the open card quotes (for overlay:state)

  function anchorAll() {
    closeCard();
    layer?.replaceChildren();
    anchored = [];
    markers = [];
    ordered = [];
    sign = null;
    if (!report || !document.body) return;
    const index = buildTextIndex(document.body);
    const text = report.current.text;
    report.findings.forEach((finding, findingIndex) => {
      if (finding.kind === 'missing' || !finding.here) return;
      const span = finding.here_span;
      const start = span ? span.start : text.indexOf(finding.here);
      const end = span ? span.end : start + finding.here.length;
      const range = start >= 0
        ? anchorQuote(index, selectorFor(text, start, end))
        : anchorQuote(index, { quote: normalise(finding.here), prefix: '', suffix: '', hint: 0.5 });
      if (range) anchored.push({ finding, index: findingIndex, kind: finding.kind, range });
    });
    const groups = new Map();
    report.findings.forEach((finding, findingIndex) => {
      if (finding.kind !== 'missing') return;
      const key = finding.after ?? -1;
      if (!groups.has(key)) groups.set(key, { findings: [], indexes: [] });
      groups.get(key).findings.push(finding);
      groups.get(key).indexes.push(findingIndex);
    });
    for (const [after, group] of groups) {
      const sentence = report.current.sentences[after === -1 ? 0 : after];
      if (!sentence) continue;
      const range = anchorQuote(index, selectorFor(text, sentence.span.start, sentence.span.end));
      if (range) markers.push({ kind: 'missing', ...group, range, atStart: after === -1 });
    }
    ordered = [...anchored, ...markers].sort((a, b) => pointOf(a).compareBoundaryPoints(Range.START_TO_START, pointOf(b)));
    const first = report.current.sentences[0];
    const firstRange = first ? anchorQuote(index, selectorFor(text, first.span.start, first.span.end)) : null;
    sign = firstRange ? { kind: 'sign', range: firstRange } : null;
  }

  /** Where an item sits in reading order: a highlight's start, a marker's sentence end. */
  function pointOf(item) {
    const point = item.range.cloneRange();
    point.collapse(!item.findings || item.atStart);
    return point;
  }

  const CSS = `
    :host { all: initial !important; position: absolute !important; left: 0 !important; top: 0 !important;
      width: 0 !important; height: 0 !important; overflow: visible !important; z-index: 2147483646 !important;
      pointer-events: none !important; display: block !important; }
    * { box-sizing: border-box; }
    .hl { position: absolute; pointer-events: none; border-radius: 2px; outline: none;
      border-bottom: 2px solid var(--line); background: var(--tint); }
    .hl:focus-visible { outline: 2px solid var(--line); outline-offset: 1px; }
    .differs { --tint: rgba(245, 158, 11, 0.22); --line: rgba(217, 119, 6, 0.9); }
    .unique { --tint: rgba(59, 130, 246, 0.16); --line: rgba(37, 99, 235, 0.8); }
    .variant { --tint: rgba(148, 163, 184, 0.12); --line: rgba(100, 116, 139, 0.7); border-bottom-style: dotted; }
    .metadata { --tint: rgba(20, 184, 166, 0.16); --line: rgba(13, 148, 136, 0.85); }
    .missing { --tint: rgba(225, 29, 72, 0.9); --line: rgb(190, 18, 60); }
    .marker { position: absolute; pointer-events: none; min-width: 18px; height: 18px; margin: 0; padding: 0 4px;
      border-radius: 9px; border: 2px solid #fff; background: var(--tint); color: #fff; cursor: pointer;
      font: 700 11px/14px system-ui, sans-serif; text-align: center; box-shadow: 0 1px 3px rgba(0,0,0,.35); }
    .marker:focus-visible { outline: 2px solid #1d4ed8; outline-offset: 2px; }
    .marker::after { content: attr(data-sign); }
    .read-sign { position: absolute; pointer-events: none; height: 20px; margin: 0; padding: 0 7px; border-radius: 10px;
      border: 1px solid rgba(37, 99, 235, 0.45); background: #fff; color: #1e3a8a; cursor: pointer; white-space: nowrap;
      font: 600 11px/18px system-ui, sans-serif; box-shadow: 0 1px 2px rgba(0,0,0,.2); opacity: 0.85; }
    .read-sign:hover, .read-sign:focus-visible { opacity: 1; }
    .read-sign:focus-visible { outline: 2px solid #1d4ed8; outline-offset: 2px; }
    .read-sign::before { content: 'storydiff'; font-weight: 500; }
    .read-sign::after { content: attr(data-state); margin-left: 5px; padding: 0 5px; border-radius: 7px; background: #2563eb; color: #fff; }
    .covered { opacity: 0 !important; }
    .marker.gap { min-width: 0; padding: 0; border: 0; border-radius: 2px; font-size: 0; box-shadow: none; }
    .flash { animation: flash 0.5s ease-in-out 3; }
    @keyframes flash { 50% { background: rgba(250, 204, 21, 0.75); box-shadow: 0 0 0 4px rgba(250, 204, 21, 0.5); } }
    .card { position: absolute; pointer-events: auto; width: min(440px, calc(100vw - 24px)); height: min(320px, 60vh);
      border: 0; border-radius: 8px; box-shadow: 0 8px 24px rgba(0,0,0,.18); background: transparent; color-scheme: normal; }
    @media (prefers-color-scheme: dark) {
      .marker { border-color: #111827; }
      .read-sign { background: #111827; color: #bfdbfe; border-color: rgba(147, 197, 253, 0.5); }
    }
    @media (prefers-reduced-motion: reduce) { .flash { animation: none; outline: 3px solid rgba(250, 204, 21, 0.9); } }
  `;

  function el(tag, className, text) {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text != null) element.textContent = text;
    return element;
  }

  function ensureHost() {
    if (host) return;
    host = document.createElement('div');
    shadow = host.attachShadow({ mode: 'closed' });
    // A <style> inside the shadow root: constructable sheets are awkward across
    // Firefox's content-script compartment, and this text never leaves the root.
    shadow.append(el('style', null, CSS));
    layer = el('div');
    shadow.append(layer);
    shadow.addEventListener('keydown', onShadowKeydown);
    shadow.addEventListener('focusin', onShadowFocus);
    shadow.addEventListener('focusout', onShadowBlur);
  }

  function attachHost() {
    ensureHost();
    if (!host.isConnected) document.documentElement.append(host);
  }

  function detachHost() {
    closeCard();
    host?.remove();
  }

  /** The host's own offset, so boxes land right whatever the page does to <html>. */
  function origin() {
    const rect = host.getBoundingClientRect();
    return { x: rect.left, y: rect.top };
  }

  function describe(item) {
    const count = item.finding.versions?.length ?? 0;
    const others = count ? ` (${count} other version${count === 1 ? '' : 's'})` : '';
    return `${KIND_LABEL[item.kind] ?? item.kind}${others}: ${item.finding.here?.slice(0, 120) ?? ''}`;
  }

  function draw() {
    // The host is there on every article page storydiff read, with findings or
    // without: its presence tells the page nothing.
    if (!visible || !report) { detachHost(); return; }
    attachHost();
    capture.drawn ??= performance.now();
    const { x, y } = origin();
    for (const item of ordered) {
      if (item.findings) placeMarker(item, x, y);
      else placeBoxes(item, boxRects(item.range), x, y);
    }
    if (sign) placeSign(sign, x, y);
    if (card) {
      if (!card.isConnected) layer.append(card);
      positionCard();
    }
  }

  /** Creates the highlight's elements once and moves them afterwards, so focus survives scrolling. */
  function placeBoxes(item, rects, x, y) {
    item.boxes ??= [];
    while (item.boxes.length < rects.length) {
      const box = el('div', `hl ${item.kind}`);
      if (item.boxes.length === 0) {
        // One focusable stop per highlight, for keyboard readers.
        box.tabIndex = 0;
        box.setAttribute('role', 'button');
        box.setAttribute('aria-label', describe(item));
        // It opens a card (announced from within the card's frame): says so, and whether it is open.
        box.setAttribute('aria-haspopup', 'dialog');
        box.setAttribute('aria-expanded', 'false');
        box.addEventListener('focus', (event) => { if (event.isTrusted) openCard(item); });
      }
      item.boxes.push(box);
      layer.append(box);
    }
    // Keep the focusable first box even when the text is off-layout, just hidden.
    for (const box of item.boxes.splice(Math.max(1, rects.length))) box.remove();
    item.boxes.forEach((box, n) => {
      const rect = rects[n];
      box.hidden = !rect;
      if (!rect) return;
      // Under the page's own fixed or sticky header (or anything else drawn
      // over the text): the part under it clipped off, all of it hidden when
      // its middle is under it.
      const shown = place.visiblePart(rect, item.range.commonAncestorContainer, host);
      box.classList.toggle('covered', !shown);
      const at = shown ?? rect;
      box.style.left = `${at.left - x}px`;
      box.style.top = `${at.top - y}px`;
      box.style.width = `${at.width}px`;
      box.style.height = `${at.height}px`;
    });
  }

  function placeMarker(marker, x, y) {
    const rects = boxRects(marker.range);
    marker.element ??= createMarker(marker);
    const element = marker.element;
    if (!element.isConnected) layer.append(element);
    element.hidden = !rects.length;
    if (!rects.length) return;
    const rect = marker.atStart ? rects[0] : rects.at(-1);
    // Its own size first: a marker with a count ("10") is wider than one with a sign.
    element.classList.remove('gap');
    element.style.width = '';
    element.style.height = '';
    const places = place.markerPlaces(marker.range, rect, element.offsetWidth || 18, marker.atStart);
    const container = blockAround(marker.range.endContainer);
    // The first place the page's own furniture (a sidebar, a header) leaves
    // free; where there is none, it is not drawn (it stays in the Tab order).
    const free = places.find((candidate) => !place.placeCovered(candidate, container, host));
    const at = free ?? places[0] ?? { left: rect.right, top: rect.top };
    element.classList.toggle('covered', !free);
    // Between two words of a line: a thin bar in the space, its count in its label.
    element.classList.toggle('gap', Boolean(at.gap));
    if (at.gap) {
      element.style.width = `${at.width}px`;
      element.style.height = `${at.height}px`;
    }
    element.style.left = `${at.left - x}px`;
    element.style.top = `${at.top - y}px`;
  }

  /** What a marker stands for, read aloud: the kind, how many, and the first of them. */
  function markerLabel(marker) {
    const count = marker.findings.length;
    const first = marker.findings.map((finding) => finding.there).find(Boolean) ?? '';
    const more = count > 1 ? ` and ${count - 1} more` : '';
    return `${KIND_LABEL.missing}: ${count} statement${count === 1 ? '' : 's'} other versions make here: ${first.slice(0, 120)}${more}`;
  }

  function createMarker(marker) {
    const count = marker.findings.length;
    const button = el('button', 'marker missing');
    // Drawn by the style sheet, not as text: the page's window.find() reaches
    // text in the shadow root, and the count would tell it of findings.
    button.dataset.sign = count > 1 ? String(count) : '+';
    button.type = 'button';
    button.setAttribute('aria-label', markerLabel(marker));
    button.setAttribute('aria-haspopup', 'dialog');
    button.setAttribute('aria-expanded', 'false');
    // The marker lets the mouse through like the highlights (the page must not
    // find it by hit-testing); trusted pointer events are hit-tested below.
    button.addEventListener('focus', (event) => { if (event.isTrusted) openCard(marker); });
    button.addEventListener('click', (event) => { if (event.isTrusted) openCard(marker); });
    return button;
  }

  // --- the page's sign: read and compared ----------------------------------------------
  // A small tab at the article's top-right: storydiff read this article and
  // compared it (with the toolbar button's count, or a tick). Its card gives
  // the summary and the colours' legend. Drawn like the markers: in the closed
  // root, letting the mouse through, its words in attributes and the style
  // sheet only, so the page learns nothing from it.
  const SIGN_HEIGHT = 20;

  function createSign(item) {
    const button = el('button', 'read-sign');
    button.type = 'button';
    button.dataset.state = report.glance?.count || '✓';
    const summary = String(report.glance?.summary ?? '').replace(/([^.])$/, '$1.');
    button.setAttribute('aria-label', `storydiff read this article: ${summary} Opens the summary and the colours' legend.`);
    button.setAttribute('aria-haspopup', 'dialog');
    button.setAttribute('aria-expanded', 'false');
    button.addEventListener('focus', (event) => { if (event.isTrusted) openCard(item); });
    button.addEventListener('click', (event) => { if (event.isTrusted) openCard(item); });
    return button;
  }

  function placeSign(item, x, y) {
    item.element ??= createSign(item);
    const element = item.element;
    // First in the overlay, so first in its Tab order.
    if (!element.isConnected) layer.prepend(element);
    const width = element.offsetWidth || 80;
    const container = blockAround(item.range.startContainer);
    const taken = markers.filter((marker) => marker.element?.isConnected && !marker.element.classList.contains('covered'))
      .map((marker) => marker.element.getBoundingClientRect());
    const overlaps = (at, rect) => at.left < rect.right && rect.left < at.left + at.width && at.top < rect.bottom && rect.top < at.top + at.height;
    const places = place.signPlaces(item.range, width, SIGN_HEIGHT);
    const free = places.find((at) => !place.placeCovered(at, container, host) && !taken.some((rect) => overlaps(at, rect)));
    // Nowhere free: not drawn (still in the Tab order; the toolbar button says the same).
    element.hidden = !places.length;
    element.classList.toggle('covered', !free);
    const at = free ?? places[0];
    if (!at) return;
    element.style.left = `${at.left - x}px`;
    element.style.top = `${at.top - y}px`;
  }

  const signAt = (point) => (sign?.element?.isConnected && !sign.element.hidden && !sign.element.classList.contains('covered')
    && inside(sign.element.getBoundingClientRect(), point) ? sign : null);

  /** The sign's card: the summary line and the legend (card.js draws the legend from summary.js). */
  function signCardData() {
    return { kind: 'sign', label: 'storydiff read this article', summary: report.glance?.summary ?? '', legend: true, count: 0, focus: null, findings: [], order: [] };
  }

  // --- the card ----------------------------------------------------------------------
  function versionInfo(id) {
    return report.versions.find((version) => version.id === id) ?? { id };
  }

  /** The name the page gave itself, and beside it the host it really came from. */
  function outletOf(version) {
    const host = version.host ?? null;
    const named = version.site && host && version.site.toLowerCase() !== host.toLowerCase() ? `${version.site} (${host})` : null;
    return named ?? version.site ?? host ?? null;
  }

  function sourceLine(id) {
    const version = versionInfo(id);
    // A published date and the day the page was read are never mixed unlabelled.
    const date = version.published ? `published ${version.published.slice(0, 10)}`
      : version.captured ? `read ${version.captured.slice(0, 10)}` : '';
    const outlet = outletOf(version) ?? 'another version';
    const revision = version.revision > 1 ? ` (revision ${version.revision})` : '';
    return [outlet + revision, date].filter(Boolean).join(' · ');
  }

  /**
   * What a missing item's card says first: whether it is part of a sentence
   * (as the panel labels it), and how many outlets carry it (revisions of
   * one outlet count once), so "3 outlets" reads apart from "1" at a glance.
   */
  function missingMeta(finding) {
    if (finding.kind !== 'missing') return null;
    const outlets = new Set((finding.versions ?? []).map((id) => outletOf(versionInfo(id)) ?? id)).size;
    const carried = outlets ? `${outlets} outlet${outlets === 1 ? ' says' : 's say'} this` : null;
    return [finding.fragment ? 'Part of a sentence' : null, carried].filter(Boolean).join(' · ') || null;
  }

  // The card's text never enters the page's document, not even the closed
  // shadow root (the page's window.find and selection reach into that): it is
  // drawn by card.html, an extension page in an iframe, which reads it from
  // storage.session under a random name only this script and the frame know.
  function findingData(finding) {
    // A wording without text (an outlet line with nothing under it) says nothing: left out.
    const given = (finding.wordings ?? []).filter((wording) => String(wording.text ?? '').trim());
    const wordings = given.length
      ? given
      : (finding.there ? [{ version: finding.version, text: finding.there, diff: null }] : []);
    const notes = [];
    if (wordings.length > 5) notes.push(`and ${wordings.length - 5} more in the panel`);
    let lead = null;
    if (finding.kind === 'unique') {
      // In none of the versions compared; the wordings below (only those
      // related to its sentence: the background dropped the others) are the
      // nearest sentences of some of them: say of how many.
      const count = report.versions.length;
      const nearest = wordings.length === count ? ' Their nearest wording:'
        : wordings.length ? ` The nearest wording in ${wordings.length} of them:` : '';
      lead = `“${String(finding.here ?? '').slice(0, 80)}” is in none of the ${count} other version${count === 1 ? '' : 's'}.${nearest}`;
    }
    return {
      meta: missingMeta(finding),
      lead,
      weight: finding.weight ?? null,
      facts: (finding.facts ?? []).map((fact) => ({
        type: String(fact.type),
        here: [fact.here ?? '—', fact.here_source ? ` (${fact.here_source})` : ''].join(''),
        there: [fact.there ?? '—', fact.there_source ? ` (${fact.there_source})` : ''].join(''),
      })),
      // For missing sentences there is nothing here to diff against: plain text.
      wordings: wordings.slice(0, 5).map((wording) => ({
        source: sourceLine(wording.version),
        text: wording.text ?? '',
        diff: finding.kind === 'missing' ? null : (wording.diff ?? null),
      })),
      notes,
    };
  }

  /**
   * The card for a highlight or a marker: a marker's findings heaviest first
   * (the core's weight), and `focus`, the position of the finding the reader
   * asked for (from the panel), which the card scrolls to and marks.
   */
  function cardData(item, focusIndex = null) {
    if (item.kind === 'sign') return signCardData();
    const indexes = item.indexes ?? [item.index];
    const findings = (item.findings ?? [item.finding]).map((finding, n) => ({ finding, index: indexes[n] }))
      .sort((a, b) => (b.finding.weight ?? 0) - (a.finding.weight ?? 0) || a.index - b.index);
    const focus = findings.findIndex((entry) => entry.index === focusIndex);
    return {
      kind: item.kind,
      label: KIND_LABEL[item.kind] ?? item.kind,
      count: findings.length,
      focus: focus >= 0 ? focus : null,
      findings: findings.map((entry) => findingData(entry.finding)),
      order: findings.map((entry) => entry.index),
    };
  }

  let cardSeq = 0;
  let cardFocus = null;     // the finding index the open card marks, if any
  async function openCard(item, focusIndex = null) {
    if (!shadow || !layer) return;
    cancelClose();
    if (cardFor === item && card?.isConnected && (focusIndex == null || focusIndex === cardFocus)) return;
    closeCard();
    cardFor = item;
    cardFocus = focusIndex;
    const data = cardData(item, focusIndex);
    const name = crypto.randomUUID();
    const seq = ++cardSeq;
    try {
      await send('card:put', { name, card: data });
    } catch (error) {
      console.debug('storydiff:', error.message);
      return;
    }
    if (seq !== cardSeq || cardFor !== item) return;
    card = document.createElement('iframe');
    card.className = `card ${item.kind}`;
    card.title = data.label;
    card.src = api.runtime.getURL(`card.html#${name}`);
    cardSources = data.findings.flatMap((finding) => finding.wordings.map((wording) => wording.source));
    cardOrder = data.order;
    layer.append(card);
    setExpanded(item, true);
    positionCard();
  }

  let cardOrder = [];       // the open card's findings (report indexes) in the order it lists them

  /** aria-expanded on the highlight's focusable box or the marker, while its card is open. */
  function setExpanded(item, expanded) {
    (item?.element ?? item?.boxes?.[0])?.setAttribute('aria-expanded', String(expanded));
  }

  function anchorRectOf(item) {
    if (item.element) return item.element.getBoundingClientRect();
    const rects = boxRects(item.range);
    return rects.at(-1) ?? item.range.getBoundingClientRect();
  }

  function positionCard() {
    if (!card || !cardFor) return;
    const { x, y } = origin();
    const rect = anchorRectOf(cardFor);
    const width = card.offsetWidth;
    const height = card.offsetHeight;
    const left = Math.max(8, Math.min(rect.left, innerWidth - width - 8));
    const below = rect.bottom + 6;
    const top = below + height > innerHeight && rect.top - height - 6 > 0 ? rect.top - height - 6 : below;
    card.style.left = `${left - x}px`;
    card.style.top = `${top - y}px`;
  }

  let closeTimer = 0;
  function scheduleClose() {
    cancelClose();
    closeTimer = setTimeout(closeCard, 250);
  }
  function cancelClose() {
    clearTimeout(closeTimer);
  }
  function closeCard() {
    cancelClose();
    cardSeq += 1;
    card?.remove();
    setExpanded(cardFor, false);
    card = null;
    cardFor = null;
    cardFocus = null;
  }

  /** The highlight or marker a focusable overlay element stands for. */
  function itemOf(target) {
    return ordered.find((item) => item.element === target || item.boxes?.[0] === target) ?? null;
  }

  /**
   * Moves to the next (+1) or previous (-1) finding in reading order, from the
   * focused one or, with none focused, from the first below the top of the view;
   * scrolls it into view, focuses it and opens its card.
   */
  function step(by) {
    if (!ordered.length) return { shown: false };
    if (!visible) setVisible(true);
    const focused = itemOf(shadow?.activeElement ?? null);
    let at = focused ? ordered.indexOf(focused) + by : -1;
    if (!focused) {
      const below = ordered.findIndex((item) => (boxRects(item.range)[0]?.top ?? -1) >= 0);
      at = below === -1 ? (by > 0 ? 0 : ordered.length - 1) : (by > 0 ? below : below - 1);
    }
    const item = ordered[(at + ordered.length) % ordered.length];
    item.range.startContainer.parentElement?.scrollIntoView({ block: 'center', behavior: 'instant' });
    draw();
    (item.boxes?.[0] ?? item.element)?.focus({ preventScroll: true });
    return { shown: true, index: item.index ?? item.indexes?.[0] ?? null };
  }

  function onShadowKeydown(event) {
    if (!event.isTrusted) return;
    // N / P on a focused highlight or marker: the next or previous finding.
    if ((event.key === 'n' || event.key === 'p') && !event.ctrlKey && !event.metaKey && !event.altKey && itemOf(event.composedPath()[0])) {
      event.preventDefault();
      event.stopPropagation();
      step(event.key === 'n' ? 1 : -1);
      return;
    }
    if ((event.key === 'Enter' || event.key === ' ') && !card) {
      const item = itemOf(event.composedPath()[0]);
      if (item) { event.preventDefault(); openCard(item); return; }
    }
    // Esc also stops a card still on its way (its text being handed over): the reader said no.
    if (event.key === 'Escape' && (card || cardFor)) {
      event.stopPropagation();
      const item = cardFor;
      closeCard();
      (item?.element ?? item?.boxes?.[0])?.focus({ preventScroll: true });
    }
  }
  function onShadowFocus(event) {
    if (card?.contains(event.target)) cancelClose();
  }
  function onShadowBlur(event) {
    // Keep the card while focus moves into it; close when focus leaves the overlay.
    if (!event.relatedTarget) scheduleClose();
  }

  // Hover: the highlight boxes let the mouse through (links and selection
  // under them keep working), so the pointer is hit-tested here.
  let pointer = null;
  function onPointerMove(event) {
    // Only the reader's own mouse: a page's synthetic events must open nothing.
    if (!event.isTrusted || !host?.isConnected || (!anchored.length && !markers.length)) return;
    // The browser repeats a mousemove where the mouse rests (after a layout
    // change, a click): a card closed with Esc stays closed until it moves.
    if (pointer?.x === event.clientX && pointer?.y === event.clientY) return;
    pointer = { x: event.clientX, y: event.clientY };
    schedule('hover');
  }

  const inside = (rect, point) => point.x >= rect.left && point.x <= rect.right && point.y >= rect.top && point.y <= rect.bottom;

  function hoverCheck() {
    if (!pointer) return;
    if (card && inside(card.getBoundingClientRect(), pointer)) { cancelClose(); return; }
    // The sign opens its card on a click only; over it, its open card stays.
    if (signAt(pointer)) { if (cardFor === sign) cancelClose(); return; }
    const hit = itemAt(pointer);
    if (hit) openCard(hit);
    else if (cardFor) scheduleClose();
  }

  /**
   * The marker or highlight under a point. Overlapping highlights (a variant
   * inside a unique sentence): the innermost, smallest one, so each can be
   * reached by the mouse; the outer one from its words outside the inner.
   */
  function itemAt(point) {
    return markerAt(point) ?? smallest(anchored.filter((item) => boxRects(item.range).some((rect) => inside(rect, point))));
  }

  function smallest(items) {
    const area = (item) => boxRects(item.range).reduce((sum, rect) => sum + rect.width * rect.height, 0);
    return items.reduce((best, item) => (best && area(best) <= area(item) ? best : item), null);
  }

  function markerAt(point) {
    return markers.find((marker) => marker.element?.isConnected && !marker.element.hidden
      && inside(marker.element.getBoundingClientRect(), point));
  }

  // A click (a tap, where there is no hover) opens the card of what is under
  // it too; the click itself still reaches the page (a link under a highlight works).
  function onPointerClick(event) {
    if (!event.isTrusted || !host?.isConnected) return;
    const point = { x: event.clientX, y: event.clientY };
    const hit = signAt(point) ?? itemAt(point);
    if (hit) openCard(hit);
  }

  // --- keeping up with the page (rAF-throttled) ----------------------------------------
  const pending = new Set();
  let frame = 0;
  function schedule(what) {
    pending.add(what);
    frame ||= requestAnimationFrame(runScheduled);
  }
  function runScheduled() {
    frame = 0;
    const jobs = new Set(pending);
    pending.clear();
    if (jobs.has('anchor')) anchorAll();
    if (jobs.has('anchor') || jobs.has('draw')) draw();
    if (jobs.has('hover')) hoverCheck();
  }

  let reanchorTimer = 0;
  function onMutations(mutations) {
    if (!report) return;
    // Text changed or nodes went away: the ranges may be stale; find the quotes again, a little later.
    const textChanged = mutations.some((mutation) => mutation.type === 'characterData'
      || [...mutation.removedNodes].some((node) => anchored.some((item) => node.contains?.(item.range.startContainer))));
    if (textChanged) {
      clearTimeout(reanchorTimer);
      reanchorTimer = setTimeout(() => schedule('anchor'), 300);
    } else {
      schedule('draw');
    }
  }

  let watching = false;
  function watchPage() {
    if (watching) return;
    watching = true;
    addEventListener('scroll', () => schedule('draw'), { passive: true, capture: true });
    addEventListener('resize', () => schedule('draw'), { passive: true });
    addEventListener('mousemove', onPointerMove, { passive: true, capture: true });
    addEventListener('click', onPointerClick, { capture: true });
    addEventListener('keydown', (event) => { if (event.isTrusted && event.key === 'Escape' && (card || cardFor)) closeCard(); }, true);
    new ResizeObserver(() => schedule('draw')).observe(document.body);
    new MutationObserver(onMutations).observe(document.body, { childList: true, subtree: true, characterData: true });
  }

  function setReport(next) {
    report = next?.findings ? next : null;
    if (report?.findings.length) capture.reported ??= performance.now();
    closeCard();
    anchorAll();
    if (report) watchPage();
    draw();
    return { anchored: anchored.length, markers: markers.length, findings: report?.findings.length ?? 0 };
  }

  function setVisible(next) {
    visible = typeof next === 'boolean' ? next : !visible;
    draw();
    return { visible };
  }

  // --- answers to the background -------------------------------------------------------
  function rectOf(rects) {
    if (!rects.length) return null;
    const left = Math.min(...rects.map((r) => r.left));
    const top = Math.min(...rects.map((r) => r.top));
    const right = Math.max(...rects.map((r) => r.right));
    const bottom = Math.max(...rects.map((r) => r.bottom));
    return { x: left, y: top, width: right - left, height: bottom - top };
  }

  /** overlay:state: what is drawn, in viewport CSS pixels, without opening the closed root. */
  function overlayState() {
    const shown = Boolean(host?.isConnected);
    const placed = new Set([...anchored.map((item) => item.index), ...markers.flatMap((marker) => marker.indexes)]);
    return {
      visible: shown,
      capture: { ...capture },
      // The open card, if any: what it is about and the outlets it quotes.
      card: card?.isConnected && cardFor ? {
        kind: cardFor.kind,
        indexes: [...cardOrder],
        focus: cardFocus,
        sources: [...cardSources],
      } : null,
      // Findings of the report that belong in the text but could not be placed
      // there (metadata is about the page's header, shown in the panel).
      unanchored: (report?.findings ?? []).flatMap((finding, index) =>
        placed.has(index) || finding.kind === 'metadata' || (finding.kind !== 'missing' && !finding.here) ? [] : [index]),
      highlights: shown ? anchored.map((item) => ({
        kind: item.kind,
        index: item.index,
        text: normalise(item.range.toString()),
        rect: rectOf(boxRects(item.range)),
        // The parts really drawn: not those under the page's own furniture.
        label: item.boxes?.[0]?.getAttribute('aria-label') ?? null,
        expanded: item.boxes?.[0]?.getAttribute('aria-expanded') ?? null,
        drawn: rectOf((item.boxes ?? []).filter((box) => !box.hidden && !box.classList.contains('covered')).map((box) => box.getBoundingClientRect())),
      })) : [],
      markers: shown ? markers.filter((marker) => marker.element).map((marker) => ({
        kind: 'missing',
        indexes: marker.indexes,
        rect: rectOf([marker.element.getBoundingClientRect()]),
        drawn: !marker.element.hidden && !marker.element.classList.contains('covered'),
        label: marker.element.getAttribute('aria-label'),
        expanded: marker.element.getAttribute('aria-expanded'),
      })) : [],
      // The page's sign: where it is, whether it is drawn, what it says.
      sign: shown && sign?.element?.isConnected ? {
        rect: rectOf([sign.element.getBoundingClientRect()]),
        drawn: !sign.element.hidden && !sign.element.classList.contains('covered'),
        state: sign.element.dataset.state,
        label: sign.element.getAttribute('aria-label'),
        expanded: sign.element.getAttribute('aria-expanded'),
      } : null,
    };
  }

  /** Scrolls to finding N (of report.findings) and flashes it. */
  function flash(findingIndex) {
    if (!visible) setVisible(true);
    const item = anchored.find((candidate) => candidate.index === findingIndex)
      ?? markers.find((marker) => marker.indexes.includes(findingIndex));
    if (!item) return { shown: false };
    const element = item.range.startContainer.parentElement;
    element?.scrollIntoView({ block: 'center', behavior: 'instant' });
    draw();
    const targets = item.boxes ?? (item.element ? [item.element] : []);
    for (const target of targets) {
      target.classList.remove('flash');
      void target.offsetWidth; // restart the animation
      target.classList.add('flash');
    }
    (item.boxes?.[0] ?? item.element)?.focus({ preventScroll: true });
    // The card opens at the asked-for finding, even among a marker's many.
    openCard(item, findingIndex);
    return { shown: true };
  }

  const HANDLERS = {
    'page:capture': () => capturePage(),
    'overlay:report': ({ report: next }) => setReport(next),
    'overlay:set-visible': ({ visible: next }) => setVisible(next),
    'overlay:describe': () => overlayState(),
    'overlay:flash': ({ index }) => flash(Number(index)),
    'overlay:step': ({ by }) => step(by < 0 ? -1 : 1),
  };

  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    // Only the extension itself (background or panel) talks to this script.
    if (sender.id !== api.runtime.id || sender.tab) return false;
    const handler = HANDLERS[message?.type];
    if (!handler) return false;
    try {
      sendResponse({ ok: true, value: handler(message.payload ?? {}) ?? null });
    } catch (error) {
      sendResponse({ ok: false, error: String(error?.message ?? error) });
    }
    return false;
  });

  // Read the page once its text is there (settle.js: when its text has been
  // quiet a moment, at the latest a moment after `load`; again if it fills in later).
  const settle = settleLogic.createSettle({
    clock: { now: () => performance.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (id) => clearTimeout(id) },
    looksLikeArticle,
    textSize: () => document.body?.textContent.length ?? 0,
    read: () => { captureIfArticle(); },
  });
  const pageChanges = new MutationObserver(() => {
    if (!settle.changed()) pageChanges.disconnect();
  });
  pageChanges.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  settle.start({ loaded: document.readyState === 'complete' });
  if (document.readyState !== 'complete') addEventListener('load', () => settle.loaded(), { once: true });
  // Back/forward cache: the page comes back without a new load of this script,
  // but the background forgot the tab's findings when it navigated away.
  addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    reads = 0; // a new visit of the page
    settle.start({ loaded: true });
  });
})();
