// The panel: Chrome side panel, Firefox sidebar, or a tab (panel.html?tab=<id>).
import { api } from './browser.js';
import { request } from './messages.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const fixedTab = params.has('tab') ? Number(params.get('tab')) : null;

const KINDS = [
  ['differs', 'Says it differently'],
  ['unique', 'Only in this version'],
  ['missing', 'Missing here'],
  ['metadata', 'Headline, byline, date'],
  ['variant', 'Minor variants'],
];

let tabId = fixedTab;
let entry = null;
let highlightsOn = true;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role') node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

const setStatus = (text) => { $('status').textContent = text; };
const date = (v) => (v ? String(v).slice(0, 10) : '');
const when = (ms) => (ms ? new Date(ms).toLocaleString() : '');

async function currentTab() {
  if (fixedTab != null) return fixedTab;
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

function diffNodes(diff, fallback) {
  const span = el('span');
  if (!Array.isArray(diff) || !diff.length) {
    span.textContent = fallback ?? '';
    return span;
  }
  for (const part of diff) {
    span.append(el(part.op === 'insert' ? 'ins' : part.op === 'delete' ? 'del' : 'span', { text: part.text }));
  }
  return span;
}

function versionName(id) {
  const v = entry?.candidates?.find((c) => c.id === id) ?? entry?.report?.versions?.find((c) => c.id === id);
  if (!v) return id;
  return [v.site || v.title || id, date(v.published)].filter(Boolean).join(', ');
}

// --- sections -------------------------------------------------------------------------
function renderCurrent() {
  const c = entry?.current;
  $('current').textContent = c ? `${c.title || '(untitled)'} — ${c.site || ''} ${date(c.published)}`.trim() : '';
}

function renderVersions() {
  const list = $('versions-list');
  list.replaceChildren();
  const candidates = entry?.candidates ?? [];
  const excluded = new Set(entry?.excluded ?? []);
  if (!candidates.length) list.append(el('li', { class: 'empty', text: 'No other versions of this story are stored yet.' }));
  for (const v of candidates) {
    const id = `inc-${v.id}`;
    const box = el('input', { type: 'checkbox', id, checked: !excluded.has(v.id), 'aria-label': `Include ${v.site || v.title} in the comparison` });
    box.addEventListener('change', () => refresh());
    const sim = v.similarity != null ? `${Math.round(v.similarity * 100)}% similar` : v.manual ? 'linked by you' : 'earlier revision';
    const label = el('label', { htmlFor: id },
      el('div', { class: 'title', text: v.title || '(untitled)' }),
      el('div', { class: 'sub', text: [v.site, date(v.published) || `captured ${when(v.captured)}`, sim].filter(Boolean).join(' · ') }));
    const unlink = el('button', { type: 'button', text: 'Unlink', 'aria-label': `Not the same story: ${v.site || v.title}` });
    unlink.addEventListener('click', () => act('version:unlink', { a: entry.current.id, b: v.id, tab: tabId }, 'Unlinked.'));
    list.append(el('li', { class: 'version-item', 'data-testid': 'version-item', 'data-version-id': v.id }, box, label, unlink));
  }
}

async function renderAddSelect() {
  const select = $('add-select');
  select.replaceChildren();
  if (!entry?.current) {
    select.disabled = true;
    $('add-to-story').disabled = true;
    return;
  }
  const taken = new Set([entry.current.id, ...(entry.candidates ?? []).map((c) => c.id)]);
  let all = [];
  try { all = await request(api, { type: 'version:list' }); } catch { /* leave empty */ }
  const others = all.filter((v) => !taken.has(v.id)).sort((a, b) => b.captured - a.captured);
  for (const v of others) {
    select.append(el('option', { value: v.id, text: `${v.site || ''} — ${v.title || '(untitled)'} (${date(v.published) || when(v.captured)})` }));
  }
  select.disabled = !others.length;
  $('add-to-story').disabled = !others.length;
  if (!others.length) select.append(el('option', { value: '', text: 'No other stored articles' }));
}

function order(report, f) {
  if (f.here_span) return f.here_span.start;
  const s = report.current.sentences?.find((x) => x.index === f.after);
  if (s) return s.span.end;
  return f.kind === 'metadata' ? -1 : Number.MAX_SAFE_INTEGER;
}

function renderFindings() {
  const box = $('findings-list');
  box.replaceChildren();
  const report = entry?.report;
  if (!report) {
    box.append(el('p', { class: 'empty', text: 'No differences to show.' }));
    return;
  }
  const indexed = report.findings.map((f, index) => ({ f, index }));
  for (const [kind, title] of KINDS) {
    const group = indexed.filter((x) => x.f.kind === kind).sort((a, b) => order(report, a.f) - order(report, b.f));
    if (!group.length) continue;
    const ul = el('ul', { 'aria-label': title });
    for (const { f, index } of group) {
      const here = f.here ?? '';
      const there = f.there ?? f.wordings?.[0]?.text ?? '';
      const button = el('button', { type: 'button', class: 'finding-item', 'data-testid': 'finding-item', 'data-kind': f.kind, 'data-index': String(index) });
      if (kind === 'missing') {
        button.append(el('span', { text: there }));
        button.append(el('span', { class: 'there', text: `in ${(f.versions ?? [f.version]).map(versionName).join('; ')}` }));
      } else {
        button.append(el('span', { text: here || '(empty)' }));
        const w = f.wordings?.[0];
        if (w) button.append(el('span', { class: 'there' }, diffNodes(w.diff, w.text), el('span', { text: ` — ${versionName(w.version)}` })));
        else if (kind === 'metadata' && there) button.append(el('span', { class: 'there', text: `${there} — ${versionName(f.version)}` }));
        else if (kind === 'unique') button.append(el('span', { class: 'there', text: `not in ${(f.versions ?? []).map(versionName).join('; ') || 'the others'}` }));
      }
      for (const fact of f.facts ?? []) {
        button.append(el('span', { class: 'there', text: `${fact.type}: ${fact.here ?? '—'} here, ${fact.there ?? '—'} there` }));
      }
      button.addEventListener('click', async () => {
        try {
          const ok = await request(api, { type: 'overlay:scrollTo', tab: tabId, index });
          if (!ok) setStatus('That passage could not be found on the page.');
        } catch (e) { setStatus(`Could not reach the page: ${e.message}`); }
      });
      ul.append(el('li', {}, button));
    }
    box.append(el('h3', { text: `${title} (${group.length})` }), ul);
  }
}

function renderFacts() {
  const box = $('fact-table');
  box.replaceChildren();
  const report = entry?.report;
  const rows = report?.fact_table ?? [];
  if (!rows.length) {
    box.append(el('p', { class: 'empty', text: 'No facts to compare.' }));
    return;
  }
  const columns = [report.current.id, ...report.versions.map((v) => v.id)];
  const head = el('tr', {}, el('th', { scope: 'col', text: 'Fact' }),
    ...columns.map((id, i) => el('th', { scope: 'col', text: i === 0 ? 'This article' : versionName(id) })));
  const body = el('tbody');
  for (const row of rows) {
    const values = columns.map((id) => (row.values ?? []).filter((v) => v.version === id).map((v) => v.text).join('; '));
    const distinct = new Set(values.filter(Boolean));
    body.append(el('tr', {}, el('th', { scope: 'row', text: row.label ? `${row.label} (${row.type})` : row.type }),
      ...values.map((t) => el('td', { text: t || '—', class: distinct.size > 1 ? 'differ' : '' }))));
  }
  box.append(el('table', {}, el('thead', {}, head), body));
}

function renderSideBySide() {
  const select = $('sbs-select');
  const box = $('side-by-side');
  const alignments = entry?.report?.alignments ?? [];
  const previous = select.value;
  select.replaceChildren(...alignments.map((a) => el('option', { value: a.version, text: versionName(a.version) })));
  if (alignments.some((a) => a.version === previous)) select.value = previous;
  select.disabled = !alignments.length;
  box.replaceChildren();
  const chosen = alignments.find((a) => a.version === select.value) ?? alignments[0];
  if (!chosen) {
    box.append(el('p', { class: 'empty', text: 'Nothing to show side by side.' }));
    return;
  }
  const body = el('tbody');
  for (const row of chosen.rows ?? []) {
    const there = row.diff?.length ? diffNodes(row.diff) : el('span', { text: row.there ?? '' });
    body.append(el('tr', {}, el('td', { text: row.here ?? '' }), el('td', {}, there)));
  }
  box.append(el('table', {},
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'This article' }), el('th', { scope: 'col', text: versionName(chosen.version) }))),
    body));
}

function render() {
  renderCurrent();
  renderVersions();
  renderFindings();
  renderFacts();
  renderSideBySide();
  renderAddSelect();
  const report = entry?.report;
  if (!entry?.current) setStatus('Nothing captured for this tab (not an article, or capture is off).');
  else if (!report) setStatus('No other version of this story stored yet.');
  else {
    const n = report.findings.filter((f) => f.kind !== 'variant').length;
    setStatus(`${report.versions.length} other version${report.versions.length === 1 ? '' : 's'}, ${n} difference${n === 1 ? '' : 's'}.`);
  }
}

// --- actions --------------------------------------------------------------------------
async function load() {
  tabId = await currentTab();
  if (tabId == null) {
    setStatus('No tab.');
    return;
  }
  try {
    entry = await request(api, { type: 'report:get', tab: tabId });
    render();
  } catch (e) {
    setStatus(`Error: ${e.message}`);
  }
  try {
    const state = await request(api, { type: 'overlay:state', tab: tabId });
    setToggle(state.visible);
  } catch { /* no content script in this tab */ }
}

async function refresh() {
  const exclude = [...document.querySelectorAll('#versions-list input[type=checkbox]')]
    .filter((b) => !b.checked).map((b) => b.closest('[data-version-id]').dataset.versionId);
  await act('report:refresh', { tab: tabId, exclude }, null);
}

async function act(type, payload, done) {
  try {
    const value = await request(api, { type, ...payload });
    if (value && typeof value === 'object' && 'tab' in value) entry = value;
    else entry = await request(api, { type: 'report:get', tab: tabId });
    render();
    if (done) setStatus(`${$('status').textContent} ${done}`);
  } catch (e) {
    setStatus(`Error: ${e.message}`);
  }
}

function setToggle(on) {
  highlightsOn = on;
  const b = $('toggle-highlights');
  b.textContent = on ? 'Hide highlights' : 'Show highlights';
  b.setAttribute('aria-pressed', String(on));
}

$('toggle-highlights').addEventListener('click', async () => {
  try {
    const { visible } = await request(api, { type: 'overlay:toggle', tab: tabId, visible: !highlightsOn });
    setToggle(visible);
  } catch (e) { setStatus(`Could not reach the page: ${e.message}`); }
});

$('export-store').addEventListener('click', async () => {
  try {
    const json = await request(api, { type: 'store:export' });
    const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    const a = el('a', { href: url, download: `storydiff-${new Date().toISOString().slice(0, 10)}.json` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    setStatus('Store exported.');
  } catch (e) { setStatus(`Export failed: ${e.message}`); }
});

$('import-store').addEventListener('change', async (event) => {
  const file = event.target.files?.[0];
  if (!file) return;
  try {
    const { versions, links } = await request(api, { type: 'store:import', json: await file.text() });
    event.target.value = '';
    await load();
    setStatus(`Imported ${versions} versions and ${links} links.`);
  } catch (e) { setStatus(`Import failed: ${e.message}`); }
});

$('add-to-story').addEventListener('click', () => {
  const id = $('add-select').value;
  if (id && entry?.current) act('version:link', { a: entry.current.id, b: id, tab: tabId }, 'Added.');
});

$('sbs-select').addEventListener('change', renderSideBySide);

api.runtime.onMessage.addListener((msg, sender) => {
  if (sender.id === api.runtime.id && msg?.type === 'report:updated' && msg.tab === tabId) load();
  return false;
});

if (fixedTab == null) {
  api.tabs.onActivated.addListener(() => load());
  api.tabs.onUpdated.addListener((id, info) => { if (id === tabId && info.status === 'complete') load(); });
}

load();
