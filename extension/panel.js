// The side panel (Chrome), sidebar (Firefox), or a tab with ?tab=<id>:
// the summary and what matters most, the legend, every finding by kind, the
// versions of this story, side by side, the facts, the store.
// All text from pages and the store is set with textContent.
import { api } from './browser.js';
import { formatBytes } from './bytes.js';
import { send } from './messages.js';
import { chosenFile, importData, offerSettings, progressLine, readJsonFile, saveExport } from './store-file.js';
import { isFragment, KINDS, LABEL, ranked, summaryLine, topFindings } from './summary.js';

const REASONS = {
  matched: 'same story',
  linked: 'linked by you',
  revision: 'earlier revision',
  unlinked: 'unlinked by you',
  similar: 'similar',
  'same-text': 'same text as one compared',
};
// The words a reader knows for the core's fact types.
const FACT_WORDS = {
  number: 'number', date: 'date', name: 'name', quote: 'quote', claim: 'how sure',
  published: 'published', byline: 'byline', title: 'title',
};
// A finding's own text shorter than this many words is shown inside its sentence.
const CONTEXT_WORDS = 4;
// Longest fact-table cell shown whole (a long quote is cut, all of it in the cell's title).
const CELL_CHARS = 140;

const $ = (id) => document.getElementById(id);
const fixedTabId = Number(new URLSearchParams(location.search).get('tab')) || null;
let tabId = fixedTabId;
let state = null;    // the background's panel:state answer
let overlay = null;  // the tab's overlay:state answer, or null when it has none
let heldStatus = null; // {message, tabId}: the confirmation of the reader's last action, which re-renders keep

// --- small DOM helpers ---------------------------------------------------------------
function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'text') element.textContent = value;
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key in element && typeof value !== 'string') element[key] = value;
    else element.setAttribute(key, value === true ? '' : value);
  }
  element.append(...children.flat().filter((child) => child != null));
  return element;
}

/**
 * The status line. `hold`: the outcome of the reader's action ("Added."),
 * kept through the re-renders the background's updates cause, until the
 * reader does something else (`action`: a new action's progress) or the panel
 * shows another tab; never for a set time, which a slow reader or a screen
 * reader may not get through. An error always shows.
 */
function setStatus(message, { error = false, hold = false, action = false } = {}) {
  const held = heldStatus && heldStatus.tabId === tabId;
  if (!hold && !action && !error && held) return;
  heldStatus = hold ? { message, tabId } : null;
  $('status').textContent = message;
  $('status').classList.toggle('error', error);
}

const shortDate = (iso) => (iso ? String(iso).slice(0, 10) : '');
const truncate = (text, length = 220) => (text && text.length > length ? `${text.slice(0, length - 1)}…` : text ?? '');
const plural = (count, one, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** "published 2023-10-18", or "read 2026-12-02" when the page gives no date: never one for the other. */
function dateLabel(version) {
  if (version?.published) return `published ${shortDate(version.published)}`;
  if (version?.captured) return `read ${shortDate(version.captured)}`;
  return '';
}

function versionLabel(version) {
  if (!version) return 'unknown version';
  const revision = version.revision > 1 ? `revision ${version.revision}` : null;
  return [outletOf(version), dateLabel(version), revision].filter(Boolean).join(' · ');
}

/** The name the page gives itself, with the host it really came from beside it. */
function outletOf(version) {
  const host = version.host ?? null;
  if (!version.site) return host ?? 'unknown outlet';
  return host && version.site.toLowerCase() !== host.toLowerCase() ? `${version.site} (${host})` : version.site;
}

function emptyState(title, text, ...actions) {
  return el('div', { class: 'empty', 'data-testid': 'empty-state' }, el('strong', { text: title }), el('span', { text }),
    actions.length ? el('div', { class: 'row' }, actions) : null);
}

async function run(action, busyMessage) {
  if (busyMessage) setStatus(busyMessage, { action: true });
  try {
    return await action();
  } catch (error) {
    setStatus(error.message, { error: true, hold: true });
    return undefined;
  }
}

// --- which tab ---------------------------------------------------------------------------
async function activeTabId() {
  if (fixedTabId) return fixedTabId;
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

async function refresh() {
  tabId = await activeTabId();
  const next = await run(() => send('panel:state', { tabId }));
  if (!next) return;
  state = next;
  render();
  refreshOverlayState();
  refreshUsage();
}

async function refreshOverlayState() {
  if (!state?.report) { overlay = null; renderToggle(); return; }
  try {
    overlay = await send('overlay:state', { tabId });
  } catch {
    overlay = null;
  }
  renderToggle();
}

// --- rendering ------------------------------------------------------------------------------
function render() {
  // Without an article only the "add this page" prompt and the store make sense.
  for (const section of document.querySelectorAll('.needs-article')) section.hidden = !state.report;
  renderArticle();
  renderSummary();
  renderTop();
  renderLegend();
  renderFindings();
  renderVersions();
  renderLinkPicker();
  renderSideBySide();
  renderFacts();
  renderToggle();
  const report = state.report;
  if (state.error) setStatus(state.error, { error: true });
  else if (state.tabId == null) setStatus('No tab to show.');
  else if (!report) setStatus('');
  else setStatus(comparedCount() ? `Compared with ${plural(comparedCount(), 'other version')}.` : 'No other versions of this story yet.');
}

/** How many other versions the report was compared with. */
function comparedCount() {
  return state.candidates.filter((candidate) => candidate.included).length;
}

/** Whether the page has anything to highlight: drawn now, or drawable once shown. */
function somethingToShow() {
  if (!state?.report || !overlay) return false;
  if (overlay.visible) return overlay.highlights.length + overlay.markers.length > 0;
  return state.report.findings.some((finding) => finding.kind !== 'metadata');
}

function renderToggle() {
  const button = $('toggle');
  const shown = Boolean(overlay?.visible);
  const can = somethingToShow();
  button.disabled = !can;
  button.setAttribute('aria-pressed', String(shown && can));
  button.textContent = !can ? 'No highlights here' : shown ? 'Hide highlights' : 'Show highlights';
}

function renderArticle() {
  const body = $('article-body');
  const version = state.version;
  if (!version) {
    body.replaceChildren(noArticleState());
    return;
  }
  const byline = version.byline ? ` · ${version.byline}` : '';
  body.replaceChildren(
    el('p', { class: 'article-title', text: version.title ?? '(untitled)' }),
    el('p', { class: 'muted', text: `${versionLabel(version)}${byline}` }),
    ...(state.settings?.paused ? [el('p', { class: 'muted', text: 'storydiff is paused: it reads no new pages until you resume it in Settings.' })] : []),
    ...(state.site ? [el('p', {},
      el('button', { type: 'button', class: 'quiet', 'data-testid': 'site-off', text: `Turn off on ${state.site}`, title: 'storydiff stops reading this site\'s pages; what it stored stays', onclick: () => setSiteOff(true, state.site) }))] : []),
  );
}

/** A button to the options page, where versions are deleted or exported. */
const openOptions = () => el('button', { type: 'button', text: 'Open storydiff\'s options', onclick: () => api.runtime.openOptionsPage() });

/** The panel for a tab without a stored article: paused, not a web page, or not read as an article. */
function noArticleState() {
  const add = el('button', { type: 'button', 'data-testid': 'add-to-story', text: 'Add this page to a story', onclick: addPage });
  if (state.tabId == null) return emptyState('No tab to show', 'Open a news article in this window.');
  if (state.error) return emptyState('storydiff could not keep this page', state.error, openOptions());
  if (state.offSite) {
    return emptyState(`storydiff is off on ${state.offSite}`,
      'You turned it off for this site: it does not read or compare its pages. What it stored before stays.',
      el('button', { type: 'button', 'data-testid': 'site-on', text: `Turn back on for ${state.offSite}`, onclick: () => setSiteOff(false, state.offSite) }));
  }
  if (state.settings?.paused) {
    return emptyState('storydiff is paused',
      'It reads no pages while paused, so it has not read this one. Resume to have it read articles as you open them, or add this page by hand.',
      el('button', { type: 'button', 'data-testid': 'resume', text: 'Resume reading', onclick: resume }), add);
  }
  return emptyState('No article found on this page',
    'storydiff reads news articles as you open them and found none here. If this page is an article, add it by hand.', add);
}

function renderSummary() {
  const line = $('summary');
  const report = state.report;
  line.hidden = !report;
  if (!report) return;
  // The names alone, to keep it one line; the versions list below gives each real host beside its name.
  const names = report.versions.map((version) => versionById(version.id)?.site ?? version.site ?? 'another version');
  line.textContent = summaryLine(report.findings, names);
}

function renderLegend() {
  $('legend').replaceChildren(...KINDS.map(({ kind, label, hint }) =>
    el('li', { class: `kind-${kind}` }, el('span', { class: 'dot', 'aria-hidden': 'true' }), el('strong', { text: label }), ' ', el('span', { class: 'muted', text: hint }))));
}

function versionById(id) {
  return state.candidates.find((candidate) => candidate.id === id)
    ?? state.report?.versions.find((version) => version.id === id);
}

function outletById(id) {
  const version = versionById(id);
  return version ? outletOf(version) : null;
}

/** What a finding says: the other versions' text for missing, this article's for the rest. */
const ownText = (finding) => (finding.kind === 'missing' ? finding.there : finding.here);

/**
 * A finding's own text: for a word or two (a "said" that another version has
 * as "suggested"), the whole sentence with that span marked, so it reads in context.
 */
function findingText(finding) {
  const main = ownText(finding);
  const words = String(main ?? '').trim().split(/\s+/).filter(Boolean).length;
  const span = finding.here_span;
  const sentence = state.report.current.sentences.find((candidate) => span && candidate.span.start <= span.start && candidate.span.end >= span.end);
  if (finding.kind === 'missing' || !span || !sentence || words >= CONTEXT_WORDS) return el('span', { class: 'here', text: truncate(main) });
  const text = state.report.current.text;
  const before = text.slice(sentence.span.start, span.start);
  const after = text.slice(span.end, sentence.span.end);
  return el('span', { class: 'here in-context' },
    truncate(before.length > 90 ? `…${before.slice(-90)}` : before, 100),
    el('strong', { text: text.slice(span.start, span.end) }),
    truncate(after, 100));
}

/** "how sure: “said” here, “suggested” in Digest D". */
function factsLine(finding, names = listOutlets(finding.versions)) {
  const where = names || 'another version';
  return (finding.facts ?? []).map((fact) =>
    `${FACT_WORDS[fact.type] ?? fact.type}: “${fact.here ?? '—'}” here, “${fact.there ?? '—'}” in ${where}`).join('; ');
}

function listOutlets(ids) {
  return [...new Set((ids ?? []).map((id) => outletById(id)).filter(Boolean))].join(', ');
}

function findingButton(finding, index, { testid = 'finding-item', compact = false } = {}) {
  const sites = compact ? [...new Set((finding.versions ?? []).map((id) => versionById(id)?.site).filter(Boolean))].join(', ') : listOutlets(finding.versions);
  const facts = factsLine(finding, sites);
  const there = !compact && finding.kind !== 'missing' && finding.there && finding.kind !== 'unique' && !finding.facts?.length
    ? `Elsewhere: ${truncate(finding.there, 160)}` : null;
  const count = finding.versions?.length ?? 0;
  const carried = finding.kind === 'unique' ? (sites ? `Not in: ${sites}` : null)
    : sites ? `${count > 1 ? `${count} versions: ` : 'In '}${sites}` : null;
  return el('li', { class: compact ? null : 'finding-row' },
    el('button', {
      type: 'button',
      class: `finding kind-${finding.kind}${compact ? ' compact' : ''}`,
      'data-testid': testid,
      'data-kind': finding.kind,
      'data-index': String(index),
      'data-weight': String(finding.weight ?? ''),
      onclick: () => showFinding(index),
    },
    // The kind first, for screen readers and for the top list, where kinds mix.
    el('span', { class: 'kind-name', text: `${LABEL[finding.kind] ?? finding.kind}${isFragment(finding) ? ' (part of a sentence)' : ''}${compact && carried ? ` · ${carried}` : ''}: ` }),
    findingText(finding),
    facts ? el('span', { class: 'facts', text: facts }) : null,
    there ? el('span', { class: 'there', text: there }) : null,
    carried && !compact ? el('span', { class: 'where', text: carried }) : null),
    // The top list stays a summary (its first screen must hold five); the lists by kind carry the action.
    compact ? null : el('button', {
      type: 'button',
      class: 'quiet dismiss',
      'data-testid': 'dismiss-finding',
      'data-index': String(index),
      text: 'Not useful',
      title: 'Hide this finding in this story (you can undo it)',
      'aria-label': `Not useful, hide: ${LABEL[finding.kind] ?? finding.kind}: ${truncate(ownText(finding), 80)}`,
      onclick: () => dismissFinding(finding, index),
    }));
}

/** A finding the reader dismissed, with the way back. */
function dismissedItem({ dismissal, finding }) {
  const text = ownText(finding);
  return el('li', { class: 'finding-row', 'data-testid': 'dismissed-item' },
    el('span', { class: `finding kind-${finding.kind} dismissed` },
      el('span', { class: 'kind-name', text: `${LABEL[finding.kind] ?? finding.kind}: ` }),
      el('span', { class: 'here', text: truncate(text, 160) })),
    el('button', {
      type: 'button', class: 'quiet', 'data-testid': 'restore-finding', text: 'Show again',
      'aria-label': `Show again: ${truncate(text, 80)}`,
      onclick: () => restoreFinding(dismissal),
    }));
}

function renderTop() {
  const list = $('top-findings');
  const report = state.report;
  $('top-section').hidden = !report?.findings.length;
  if (!report) { list.replaceChildren(); return; }
  list.replaceChildren(...topFindings(report.findings).map(({ finding, index }) => findingButton(finding, index, { testid: 'top-finding', compact: true })));
}

function renderFindings() {
  const container = $('findings');
  const report = state.report;
  if (!report) { container.replaceChildren(); return; }
  const dismissed = state.dismissed ?? [];
  const dismissedGroup = dismissed.length
    ? el('details', { class: 'group dismissed-group', 'data-testid': 'dismissed-group' },
      el('summary', {}, el('h3', { id: 'findings-dismissed' }, `Dismissed as not useful (${dismissed.length})`)),
      el('p', { class: 'muted', text: 'Hidden in this story, on the page and here. "Show again" brings one back.' }),
      el('ul', { 'aria-labelledby': 'findings-dismissed' }, dismissed.map(dismissedItem)))
    : null;
  if (!report.findings.length) {
    if (dismissedGroup) {
      container.replaceChildren(emptyState('Nothing left to show', 'You dismissed every finding of this story.'), dismissedGroup);
      return;
    }
    container.replaceChildren(emptyState(
      comparedCount() ? 'No differences found' : 'Nothing to compare with yet',
      comparedCount()
        ? 'The other versions tell this story the same way.'
        : 'Read another outlet\'s version of this story, or link one you have read below.',
    ));
    return;
  }
  // Kept open or folded as the reader left them across re-renders.
  const open = new Set([...container.querySelectorAll('details[open]')].map((details) => details.dataset.kind));
  const all = ranked(report.findings);
  const groups = KINDS.map(({ kind, label, hint }) => {
    const items = all.filter(({ finding }) => finding.kind === kind);
    if (!items.length) return null;
    const headingId = `findings-${kind}`;
    // Folded: the top findings lead; every finding is one click away, heaviest first.
    return el('details', { class: `group kind-${kind}`, open: open.has(kind), 'data-kind': kind, 'data-testid': 'finding-group' },
      el('summary', {}, el('h3', { id: headingId }, el('span', { class: 'dot', 'aria-hidden': 'true' }), `${label} (${items.length})`)),
      el('p', { class: 'muted', text: hint }),
      el('ul', { 'aria-labelledby': headingId }, items.map(({ finding, index }) => findingButton(finding, index))));
  });
  container.replaceChildren(...groups.filter(Boolean), dismissedGroup);
}

function versionItem(candidate) {
  const checkboxId = `include-${candidate.id}`;
  const similarity = candidate.similarity != null ? ` · ${Math.round(candidate.similarity * 100)}% alike` : '';
  // The label (title, outlet, date) names the checkbox: three versions from one site and day still read apart.
  return el('li', { 'data-testid': 'version-item', 'data-version-id': candidate.id, class: candidate.included ? '' : 'excluded' },
    el('input', {
      type: 'checkbox', id: checkboxId, checked: candidate.included,
      onchange: (event) => includeVersion(candidate.id, event.target.checked),
    }),
    el('label', { for: checkboxId },
      el('span', { class: 'visually-hidden', text: 'Compare with ' }),
      el('span', { class: 'v-title', text: candidate.title ?? '(untitled)' }),
      el('br'),
      el('span', { class: 'v-meta', text: `${versionLabel(candidate)}${similarity}` })),
    el('div', {},
      el('span', { class: 'badge', text: REASONS[candidate.reason] ?? candidate.reason }),
      el('div', { class: 'row' },
        candidate.url ? el('a', { href: candidate.url, target: '_blank', rel: 'noreferrer', text: 'Open', 'aria-label': `Open ${candidate.title ?? ''} (${versionLabel(candidate)})` }) : null,
        el('button', { type: 'button', class: 'quiet danger', 'data-testid': 'delete-version', text: 'Delete', 'aria-label': `Delete stored version ${candidate.title ?? ''} (${versionLabel(candidate)})`, onclick: () => deleteVersion(candidate) }))));
}

function renderVersions() {
  const list = $('versions');
  if (!state.version) { list.replaceChildren(); return; }
  if (!state.candidates.length) {
    list.replaceChildren(el('li', {}, emptyState('No other versions yet',
      'storydiff finds them among the articles you read. Read this story elsewhere, or link a stored version below.')));
    return;
  }
  list.replaceChildren(...state.candidates.map(versionItem));
}

async function renderLinkPicker() {
  const form = $('link-form');
  form.hidden = !state.version;
  if (!state.version) return;
  const all = (await run(() => send('versions:list'))) ?? [];
  const shown = new Set([state.version.id, ...state.candidates.map((candidate) => candidate.id)]);
  const options = all.filter((version) => !shown.has(version.id) && version.key !== state.version.key);
  const select = $('link-select');
  select.replaceChildren(
    el('option', { value: '', text: options.length ? 'Choose a stored version…' : 'No other stored versions' }),
    ...options.map((version) => el('option', { value: version.id, text: `${truncate(version.title ?? '(untitled)', 70)} — ${versionLabel(version)}` })));
  select.disabled = !options.length;
}

/** One side of a row from its word diff: left, what this article says (equal + delete); right, the other's (equal + insert). */
function diffSide(parts, side) {
  const skip = side === 'here' ? 'insert' : 'delete';
  return parts.filter((part) => part.op !== skip).map((part) => {
    if (part.op === 'equal') return document.createTextNode(part.text);
    return el(part.op === 'insert' ? 'ins' : 'del', { text: part.text });
  });
}

/** A side's plain text: the report's rows carry sentence numbers, the words are in the diff (or this article's sentences). */
function sideText(row, side) {
  const skip = side === 'here' ? 'insert' : 'delete';
  const fromDiff = (row.diff ?? []).filter((part) => part.op !== skip).map((part) => part.text).join('');
  if (fromDiff.trim()) return fromDiff;
  if (side === 'here') return state.report.current.sentences[row.here]?.text ?? '';
  return '';
}

function sideBySideRow(row) {
  if (row.here == null) {
    return el('tr', { class: 'only-there' }, el('td', { class: 'gap', text: 'not in this article' }), el('td', { text: sideText(row, 'there') }));
  }
  if (row.there == null) {
    return el('tr', { class: 'only-here' }, el('td', { text: sideText(row, 'here') }), el('td', { class: 'gap', text: 'not in that version' }));
  }
  const parts = row.diff?.length ? row.diff : null;
  return el('tr', {},
    el('td', {}, parts ? diffSide(parts, 'here') : sideText(row, 'here')),
    el('td', {}, parts ? diffSide(parts, 'there') : sideText(row, 'there')));
}

function renderSideBySide() {
  const container = $('side-by-side');
  const select = $('sbs-select');
  const alignments = state.report?.alignments ?? [];
  const previous = select.value;
  select.replaceChildren(...alignments.map((alignment) =>
    el('option', { value: alignment.version, text: versionLabel(versionById(alignment.version)) })));
  select.disabled = !alignments.length;
  if (alignments.some((alignment) => alignment.version === previous)) select.value = previous;
  const alignment = alignments.find((candidate) => candidate.version === select.value);
  if (!alignment) {
    container.replaceChildren(state.report ? emptyState('Nothing side by side yet', 'Once another version of this story is compared, pick it here to read both sentence by sentence.') : '');
    return;
  }
  const table = el('table', { class: 'sbs' },
    el('caption', { class: 'visually-hidden', text: `This article beside ${versionLabel(versionById(alignment.version))}` }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'This article' }), el('th', { scope: 'col', text: outletById(alignment.version) ?? 'Other version' }))),
    el('tbody', {}, alignment.rows.map(sideBySideRow)));
  container.replaceChildren(table);
}

// --- the fact table -------------------------------------------------------------------
const foldText = (text) => String(text ?? '').normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** The folded values the engine calls a conflict (differs) and those it calls a variant, from the findings' facts. */
function factVerdicts(findings) {
  const verdicts = { differs: new Set(), variant: new Set() };
  for (const finding of findings) {
    const set = verdicts[finding.kind];
    if (!set) continue;
    for (const fact of finding.facts ?? []) {
      if (fact.here) set.add(foldText(fact.here));
      if (fact.there) set.add(foldText(fact.there));
    }
  }
  return verdicts;
}

/**
 * One row per fact: each version's words, and whether the row is trivial (the
 * same wherever given), a variant (written otherwise, the engine says so) or
 * a conflict (a differs finding holds those words). Different quotes of one
 * speaker are neither: they are listed plain.
 */
function factRows(report, columns) {
  const verdicts = factVerdicts(report.findings);
  return report.fact_table.map((row) => {
    const cells = columns.map((id) => row.values.filter((value) => value.version === id).map((value) => value.text));
    const folded = new Set(cells.flat().map(foldText));
    const conflict = folded.size > 1 && cells.flat().some((text) => verdicts.differs.has(foldText(text)));
    const variant = !conflict && folded.size > 1 && cells.flat().some((text) => verdicts.variant.has(foldText(text)));
    return { row, cells, trivial: folded.size <= 1, conflict, variant };
  });
}

/** A cell; its outlet's name leads it in the narrow, one-column layout (panel.css), where the header row is not shown. */
function factCell(texts, row, outlet) {
  const name = el('span', { class: 'cell-outlet', text: `${outlet}: ` });
  if (!texts.length) return el('td', { class: 'none' }, name, el('span', { text: '—', 'aria-label': 'not given' }));
  const whole = texts.join('; ');
  const shown = truncate(whole, CELL_CHARS);
  const mark = row.conflict ? 'disagree' : row.variant ? 'variant' : '';
  return el('td', { class: mark, title: shown !== whole ? whole : null }, name, shown);
}

function factTable(rows, columns, caption) {
  // Outlets by the name they give, each with its real host in the title (the versions list shows both).
  const names = columns.map((id, n) => (n === 0 ? 'This article' : versionById(id)?.site ?? outletById(id) ?? 'Other'));
  const header = el('tr', {}, el('th', { scope: 'col', text: 'Fact' }),
    columns.map((id, n) => el('th', { scope: 'col', title: n === 0 ? null : outletById(id), text: names[n] })));
  const body = rows.map((row) => el('tr', { 'data-testid': 'fact-row', class: row.conflict ? 'conflict' : row.variant ? 'variant' : '' },
    el('th', { scope: 'row' },
      el('span', { text: row.row.label ?? row.row.type }),
      el('span', { class: 'fact-kind', text: ` ${FACT_WORDS[row.row.type] ?? row.row.type}${row.conflict ? ' · stated differently' : row.variant ? ' · worded differently' : ''}` })),
    row.cells.map((texts, n) => factCell(texts, row, names[n]))));
  // Every column at least --fact-col wide; past the panel's width the table scrolls sideways.
  return el('div', { class: 'scroll-x', tabindex: '0', role: 'region', 'aria-label': caption },
    el('table', { class: 'facts-table', style: `--fact-cols: ${columns.length + 1}` },
      el('caption', { class: 'visually-hidden', text: caption }),
      el('thead', {}, header), el('tbody', {}, body)));
}

function renderFacts() {
  const container = $('fact-table');
  const report = state.report;
  if (!report?.fact_table?.length) {
    container.replaceChildren(report ? emptyState('No facts to line up', 'Numbers, dates, names and quotes the versions give appear here once there is another version.') : '');
    return;
  }
  const columns = [report.current.id, ...report.versions.map((version) => version.id)];
  const rows = factRows(report, columns);
  // Conflicts first, then variants, then the rest; rows the same everywhere folded away.
  const telling = rows.filter((row) => !row.trivial).sort((a, b) => Number(b.conflict) - Number(a.conflict) || Number(b.variant) - Number(a.variant));
  const trivial = rows.filter((row) => row.trivial);
  container.replaceChildren(
    telling.length ? factTable(telling, columns, 'Facts the versions give differently') : el('p', { class: 'muted', text: 'Every fact is given the same way wherever it is given.' }),
    trivial.length ? el('details', { class: 'same-facts' },
      el('summary', { text: `${plural(trivial.length, 'fact')} the same wherever given` }),
      factTable(trivial, columns, 'Facts the same wherever given')) : null);
}

async function refreshUsage() {
  const usage = await run(() => send('store:usage'));
  if (!usage) return;
  $('usage').textContent = `${usage.versions} stored version${usage.versions === 1 ? '' : 's'}, about ${formatBytes(usage.bytes)}.`;
}

// --- actions ----------------------------------------------------------------------------------
async function showFinding(index) {
  await run(async () => {
    const answer = await send('overlay:show-finding', { tabId, index });
    setStatus(answer.shown ? 'Shown on the page.' : 'This finding could not be placed on the page.', { hold: true });
    refreshOverlayState();
  });
}

async function includeVersion(versionId, include) {
  const next = await run(() => send('version:include', { tabId, versionId, include }), include ? 'Linking…' : 'Unlinking…');
  if (next) { state = next; render(); }
}

/** Deletes at once, with an undo (the version is held here, in the panel, until it is let go). */
async function deleteVersion(candidate) {
  const done = await run(() => send('version:delete', { id: candidate.id }), 'Deleting…');
  if (!done) return;
  setStatus('', { action: true });
  const { undo } = done;
  offerUndo(`Deleted the version from ${versionLabel(candidate)}.`, undo && (async () => {
    const restored = await run(() => send('version:restore', undo), 'Putting it back…');
    if (restored) setStatus(`Put back the version from ${versionLabel(candidate)}.`, { hold: true });
    await refresh();
  }));
  refresh();
}

/** "Not useful": hidden in this story at once, with an undo. */
async function dismissFinding(finding, index) {
  const done = await run(() => send('finding:dismiss', { tabId, index }), 'Hiding it…');
  if (!done) return;
  state = done.state;
  setStatus('', { action: true });
  render();
  refreshOverlayState();
  const text = truncate(ownText(finding), 60);
  offerUndo(`Hidden in this story: “${text}”.`, () => restoreFinding(done.dismissal));
}

async function restoreFinding(dismissal) {
  const next = await run(() => send('finding:restore', { tabId, dismissal }), 'Showing it again…');
  if (!next) return;
  state = next;
  clearUndo();
  setStatus('Shown again.', { hold: true });
  render();
  refreshOverlayState();
}

// --- undo ---------------------------------------------------------------------------------------
/**
 * The undo bar under the status line: what was just done and a button that
 * undoes it. It stays until the reader undoes, dismisses it, or does another
 * undoable thing; `undo` null says it cannot be undone.
 */
function offerUndo(message, undo) {
  const bar = $('undo');
  const close = el('button', { type: 'button', class: 'quiet', text: 'Close', 'aria-label': 'Close this message', onclick: clearUndo });
  const button = undo ? el('button', {
    type: 'button', 'data-testid': 'undo-button', text: 'Undo',
    onclick: async () => { clearUndo(); await undo(); },
  }) : null;
  bar.replaceChildren(el('span', { text: message }), button, close);
  bar.hidden = false;
  (button ?? close).focus();
}

function clearUndo() {
  $('undo').replaceChildren();
  $('undo').hidden = true;
}

async function addPage() {
  const next = await run(() => send('story:add-page', { tabId }), 'Reading the page…');
  if (next) {
    state = next;
    setStatus('Added. Link it to other versions below if storydiff did not find them.', { hold: true });
    render();
    refreshOverlayState();
  }
}

/** Off on the page's site (its highlights go at once), or back on: the undo, which reads the page again. */
async function setSiteOff(off, site) {
  const next = await run(() => send('site:off', { tabId, off }), off ? 'Turning off…' : 'Reading the page again…');
  if (!next) return;
  state = next;
  setStatus(off ? `Off on ${site}: its pages are not read. "Turn back on" undoes it.` : `On again for ${site}.`, { hold: true });
  render();
  refreshOverlayState();
}

async function resume() {
  const settings = await run(() => send('settings:set', { settings: { paused: false } }));
  if (settings) { setStatus('Resumed: storydiff reads articles as you open them. Reload this page to have it read.', { hold: true }); refresh(); }
}

/** Shows or hides the highlights, and remembers the choice for the pages read next. */
async function toggleHighlights() {
  // No `visible`: the page toggles what it really shows, whatever this panel last heard.
  const answer = await run(() => send('overlay:toggle', { tabId }));
  if (!answer) return;
  // At once, before anything else is awaited: a second click must see this state.
  overlay = { ...(overlay ?? { highlights: [], markers: [] }), visible: answer.visible };
  renderToggle();
  await run(() => send('settings:set', { settings: { highlights: answer.visible } }));
  refreshOverlayState();
}

async function linkChosen(event) {
  event.preventDefault();
  const id = $('link-select').value;
  if (id) await includeVersion(id, true);
}

async function exportStore() {
  const line = progressLine('Exporting');
  const saved = await run(() => saveExport(send, (done, total) => setStatus(line(done, total), { action: true })), 'Exporting…');
  if (saved) setStatus(saved, { hold: true });
}

async function importStore(event) {
  const file = chosenFile(event);
  if (!file) return;
  const line = progressLine('Importing');
  const done = await run(async () => importData(await readJsonFile(file), send, (stored, total) => setStatus(line(stored, total), { action: true })), 'Importing…');
  if (done) {
    await refresh();
    setStatus(await offerSettings(done, send), { hold: true });
  }
}

// --- wiring -------------------------------------------------------------------------------------
$('toggle').addEventListener('click', toggleHighlights);
$('open-options').addEventListener('click', () => api.runtime.openOptionsPage());
$('export').addEventListener('click', exportStore);
$('import-file').addEventListener('change', importStore);
$('link-form').addEventListener('submit', linkChosen);
$('sbs-select').addEventListener('change', renderSideBySide);

api.runtime.onMessage.addListener((message, sender) => {
  if (sender.id !== api.runtime.id) return false;
  if (message?.type === 'report:updated' && message.payload?.tabId === tabId) refresh();
  return false;
});
if (!fixedTabId) {
  api.tabs.onActivated.addListener(() => refresh());
  api.tabs.onUpdated.addListener((updatedTabId, change) => {
    if (updatedTabId === tabId && change.status === 'complete') setTimeout(refresh, 800);
  });
}
refresh();
