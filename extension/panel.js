// The side panel (Chrome), sidebar (Firefox), or a tab with ?tab=<id>:
// the versions of this story, the findings, side by side, the facts, the store.
// All text from pages and the store is set with textContent.
import { api } from './browser.js';
import { send } from './messages.js';
import { chosenFile, offerSettings, saveExport } from './store-file.js';

const KINDS = [
  { kind: 'differs', label: 'Stated differently', hint: 'Other versions give different facts here.' },
  { kind: 'missing', label: 'Missing here', hint: 'Other versions say this; this article does not.' },
  { kind: 'unique', label: 'Only in this article', hint: 'No other version says this.' },
  { kind: 'metadata', label: 'Title, date or byline', hint: 'The versions disagree on these details.' },
  { kind: 'variant', label: 'Worded differently', hint: 'Same content, other words.' },
];
const REASONS = {
  matched: 'same story',
  linked: 'linked by you',
  revision: 'earlier revision',
  unlinked: 'unlinked by you',
  similar: 'similar',
  'same-text': 'same text as one compared',
};

const $ = (id) => document.getElementById(id);
const fixedTabId = Number(new URLSearchParams(location.search).get('tab')) || null;
let tabId = fixedTabId;
let state = null;    // the background's panel:state answer
let highlightsShown = true;

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

function setStatus(message, { error = false } = {}) {
  $('status').textContent = message;
  $('status').classList.toggle('error', error);
}

const shortDate = (iso) => (iso ? String(iso).slice(0, 10) : '');
const truncate = (text, length = 220) => (text && text.length > length ? `${text.slice(0, length - 1)}…` : text ?? '');

function versionLabel(version) {
  if (!version) return 'unknown version';
  const revision = version.revision > 1 ? ` · revision ${version.revision}` : '';
  return `${outletOf(version)} · ${shortDate(version.published ?? version.captured)}${revision}`;
}

/** The name the page gives itself, with the host it really came from beside it. */
function outletOf(version) {
  const host = version.host ?? null;
  if (!version.site) return host ?? 'unknown outlet';
  return host && version.site.toLowerCase() !== host.toLowerCase() ? `${version.site} (${host})` : version.site;
}

function emptyState(title, text, ...actions) {
  return el('div', { class: 'empty' }, el('strong', { text: title }), el('span', { text }), actions.length ? el('div', { class: 'row' }, actions) : null);
}

async function run(action, busyMessage) {
  if (busyMessage) setStatus(busyMessage);
  try {
    return await action();
  } catch (error) {
    setStatus(error.message, { error: true });
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
  if (!state?.report) return;
  try {
    const overlay = await send('overlay:state', { tabId });
    highlightsShown = overlay.visible;
  } catch {
    highlightsShown = false;
  }
  renderToggle();
}

// --- rendering ------------------------------------------------------------------------------
function render() {
  // Without an article only the "add this page" prompt and the store make sense.
  for (const section of document.querySelectorAll('.needs-article')) section.hidden = !state.report;
  renderArticle();
  renderFindings();
  renderVersions();
  renderLinkPicker();
  renderSideBySide();
  renderFacts();
  renderToggle();
  const report = state.report;
  if (!report) setStatus(state.tabId == null ? 'No tab to show.' : 'No article on this page yet.');
  else {
    const counted = report.findings.filter((finding) => finding.kind !== 'variant').length;
    const others = comparedCount();
    setStatus(others
      ? `${counted} finding${counted === 1 ? '' : 's'} against ${others} other version${others === 1 ? '' : 's'}.`
      : 'No other versions of this story yet.');
  }
}

/** How many other versions the report was compared with. */
function comparedCount() {
  return state.candidates.filter((candidate) => candidate.included).length;
}

function renderToggle() {
  const button = $('toggle');
  button.disabled = !state?.report;
  button.setAttribute('aria-pressed', String(highlightsShown));
  button.textContent = highlightsShown ? 'Hide highlights' : 'Show highlights';
}

function renderArticle() {
  const body = $('article-body');
  const version = state.version;
  if (!version) {
    body.replaceChildren(emptyState(
      'storydiff has not read this page',
      'It reads news articles as you open them. If this page is an article it missed, add it by hand; then link it to other versions below.',
      el('button', { type: 'button', text: 'Add this page to a story', onclick: addPage }),
    ));
    return;
  }
  body.replaceChildren(
    el('p', { class: 'article-title', text: version.title ?? '(untitled)' }),
    el('p', { class: 'muted', text: `${versionLabel(version)}${version.byline ? ` · ${version.byline}` : ''}` }),
  );
}

/** Where a finding stands in the article, for ordering. */
function positionOf(finding, report) {
  if (finding.here_span) return finding.here_span.start;
  if (finding.kind === 'missing') {
    const sentence = report.current.sentences[finding.after ?? -1];
    return sentence ? sentence.span.end + 0.5 : -1;
  }
  return Number.MAX_SAFE_INTEGER;
}

function versionById(id) {
  return state.candidates.find((candidate) => candidate.id === id)
    ?? state.report?.versions.find((version) => version.id === id);
}

function outletById(id) {
  const version = versionById(id);
  return version ? outletOf(version) : null;
}

function findingButton(finding, index) {
  const sites = [...new Set((finding.versions ?? []).map((id) => outletById(id)).filter(Boolean))];
  const main = finding.kind === 'missing' ? finding.there : finding.here;
  const facts = (finding.facts ?? []).map((fact) => `${fact.type}: ${fact.here ?? '—'} ≠ ${fact.there ?? '—'}`).join('; ');
  const there = finding.kind !== 'missing' && finding.there && finding.kind !== 'unique' ? `Elsewhere: ${truncate(finding.there, 160)}` : null;
  return el('li', {},
    el('button', {
      type: 'button',
      class: `finding kind-${finding.kind}`,
      'data-testid': 'finding-item',
      'data-kind': finding.kind,
      'data-index': String(index),
      onclick: () => showFinding(index),
    },
    el('span', { class: 'here', text: truncate(main) }),
    facts ? el('span', { class: 'facts', text: facts }) : null,
    there ? el('span', { class: 'there', text: there }) : null,
    sites.length ? el('span', { class: 'where', text: `${finding.kind === 'unique' ? 'Not in' : 'In'}: ${sites.join(', ')}` }) : null));
}

function renderFindings() {
  const container = $('findings');
  const report = state.report;
  if (!report) { container.replaceChildren(); return; }
  if (!report.findings.length) {
    container.replaceChildren(emptyState(
      comparedCount() ? 'No differences found' : 'Nothing to compare with yet',
      comparedCount()
        ? 'The other versions tell this story the same way.'
        : 'Read another outlet\'s version of this story, or link one you have read below.',
    ));
    return;
  }
  const indexed = report.findings.map((finding, index) => ({ finding, index }));
  const groups = KINDS.map(({ kind, label, hint }) => {
    const items = indexed.filter(({ finding }) => finding.kind === kind)
      .sort((a, b) => positionOf(a.finding, report) - positionOf(b.finding, report));
    if (!items.length) return null;
    const headingId = `findings-${kind}`;
    // A group the reader can fold away; open by default so every finding is one click from the page.
    return el('details', { class: `group kind-${kind}`, open: true },
      el('summary', {}, el('h3', { id: headingId }, el('span', { class: 'dot', 'aria-hidden': 'true' }), `${label} (${items.length})`)),
      el('p', { class: 'muted', text: hint }),
      el('ul', { 'aria-labelledby': headingId }, items.map(({ finding, index }) => findingButton(finding, index))));
  });
  container.replaceChildren(...groups.filter(Boolean));
}

function versionItem(candidate) {
  const checkboxId = `include-${candidate.id}`;
  const similarity = candidate.similarity != null ? ` · ${Math.round(candidate.similarity * 100)}% alike` : '';
  return el('li', { 'data-testid': 'version-item', 'data-version-id': candidate.id, class: candidate.included ? '' : 'excluded' },
    el('input', {
      type: 'checkbox', id: checkboxId, checked: candidate.included,
      'aria-label': `Compare with ${versionLabel(candidate)}`,
      onchange: (event) => includeVersion(candidate.id, event.target.checked),
    }),
    el('label', { for: checkboxId },
      el('span', { class: 'v-title', text: candidate.title ?? '(untitled)' }),
      el('br'),
      el('span', { class: 'v-meta', text: `${versionLabel(candidate)}${similarity}` })),
    el('div', {},
      el('span', { class: 'badge', text: REASONS[candidate.reason] ?? candidate.reason }),
      el('div', { class: 'row' },
        candidate.url ? el('a', { href: candidate.url, target: '_blank', rel: 'noreferrer', text: 'Open', 'aria-label': `Open ${versionLabel(candidate)}` }) : null,
        el('button', { type: 'button', class: 'quiet danger', text: 'Delete', 'aria-label': `Delete stored version ${versionLabel(candidate)}`, onclick: () => deleteVersion(candidate) }))));
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

function diffSide(parts, side) {
  // Left: what this article says (equal + delete); right: the other (equal + insert).
  const skip = side === 'here' ? 'insert' : 'delete';
  return parts.filter((part) => part.op !== skip).map((part) => {
    if (part.op === 'equal') return document.createTextNode(part.text);
    return el(part.op === 'insert' ? 'ins' : 'del', { text: part.text });
  });
}

function sideBySideRow(row) {
  if (row.here == null) {
    return el('tr', { class: 'only-there' }, el('td', { class: 'gap', text: 'not in this article' }), el('td', { text: row.there }));
  }
  if (row.there == null) {
    return el('tr', { class: 'only-here' }, el('td', { text: row.here }), el('td', { class: 'gap', text: 'not in that version' }));
  }
  const parts = row.diff?.length ? row.diff : null;
  return el('tr', {},
    el('td', {}, parts ? diffSide(parts, 'here') : row.here),
    el('td', {}, parts ? diffSide(parts, 'there') : row.there));
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

function renderFacts() {
  const container = $('fact-table');
  const report = state.report;
  const rows = report?.fact_table ?? [];
  if (!rows.length) {
    container.replaceChildren(report ? emptyState('No facts to line up', 'Numbers, dates, names and quotes the versions give appear here once there is another version.') : '');
    return;
  }
  const columns = [report.current.id, ...report.versions.map((version) => version.id)];
  const header = el('tr', {}, el('th', { scope: 'col', text: 'Fact' }),
    columns.map((id, n) => el('th', { scope: 'col', text: n === 0 ? 'This article' : outletById(id) ?? 'Other' })));
  const body = rows.map((row) => {
    const values = columns.map((id) => row.values.filter((value) => value.version === id).map((value) => value.text).join('; '));
    const distinct = new Set(values.filter(Boolean));
    return el('tr', {}, el('th', { scope: 'row', text: row.label ?? row.type }),
      values.map((value) => el('td', { class: distinct.size > 1 && value ? 'disagree' : '', text: value || '—' })));
  });
  container.replaceChildren(el('div', { class: 'scroll-x' },
    el('table', { class: 'facts-table' }, el('thead', {}, header), el('tbody', {}, body))));
}

async function refreshUsage() {
  const usage = await run(() => send('store:usage'));
  if (!usage) return;
  const kb = Math.round(usage.bytes / 1024);
  $('usage').textContent = `${usage.versions} stored version${usage.versions === 1 ? '' : 's'}, about ${kb} KB.`;
}

// --- actions ----------------------------------------------------------------------------------
async function showFinding(index) {
  await run(async () => {
    const answer = await send('overlay:show-finding', { tabId, index });
    setStatus(answer.shown ? 'Shown on the page.' : 'This finding could not be placed on the page.');
    highlightsShown = true;
    renderToggle();
  });
}

async function includeVersion(versionId, include) {
  const next = await run(() => send('version:include', { tabId, versionId, include }), include ? 'Linking…' : 'Unlinking…');
  if (next) { state = next; render(); }
}

async function deleteVersion(candidate) {
  if (!confirm(`Delete the stored version from ${versionLabel(candidate)}? This cannot be undone.`)) return;
  const done = await run(() => send('version:delete', { id: candidate.id }), 'Deleting…');
  if (done) refresh();
}

async function addPage() {
  const next = await run(() => send('story:add-page', { tabId }), 'Reading the page…');
  if (next) { state = next; render(); setStatus('Added. Link it to other versions below if the matcher did not.'); }
}

async function toggleHighlights() {
  const answer = await run(() => send('overlay:toggle', { tabId, visible: !highlightsShown }));
  if (answer) { highlightsShown = answer.visible; renderToggle(); }
}

async function linkChosen(event) {
  event.preventDefault();
  const id = $('link-select').value;
  if (id) await includeVersion(id, true);
}

async function exportStore() {
  const data = await run(() => send('store:export'), 'Exporting…');
  if (data) setStatus(saveExport(data));
}

async function importStore(event) {
  const file = chosenFile(event);
  if (!file) return;
  const done = await run(async () => send('store:import', { data: JSON.parse(await file.text()) }), 'Importing…');
  if (done) {
    await refresh();
    setStatus(await offerSettings(done, send));
  }
}

// --- wiring -------------------------------------------------------------------------------------
$('toggle').addEventListener('click', toggleHighlights);
$('open-options').addEventListener('click', () => api.runtime.openOptionsPage());
$('add-to-story').addEventListener('click', addPage);
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
