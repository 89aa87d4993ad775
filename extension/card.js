// The overlay's card, in an iframe of the page (card.html#<name>). Its text
// comes from storage.session, put there by the background for the content
// script that made the frame, never from the page; all of it set as text.
import { api } from './browser.js';
import { send } from './messages.js';
import { KINDS } from './summary.js';

function el(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text != null) element.textContent = String(text);
  return element;
}

/** Share of the words the two wordings have in common, by characters. */
function sameShare(parts) {
  const total = parts.reduce((sum, part) => sum + String(part.text).length, 0);
  const equal = parts.filter((part) => part.op === 'equal').reduce((sum, part) => sum + String(part.text).trim().length, 0);
  return total ? equal / total : 0;
}

function diffView(parts, fallback) {
  const paragraph = el('div');
  // A diff of two wholly different sentences is noise: show the other wording as it is.
  if (!Array.isArray(parts) || !parts.length || sameShare(parts) < 0.3) { paragraph.textContent = fallback ?? ''; return paragraph; }
  for (const part of parts) {
    if (part.op === 'insert') paragraph.append(el('ins', null, part.text));
    else if (part.op === 'delete') paragraph.append(el('del', null, part.text));
    else paragraph.append(document.createTextNode(String(part.text)));
  }
  return paragraph;
}

function factsTable(facts) {
  const table = el('table');
  const head = el('tr');
  for (const title of ['', 'Here', 'There']) head.append(el('th', null, title));
  table.append(head);
  for (const fact of facts) {
    const row = el('tr');
    row.append(el('th', null, fact.type), el('td', null, fact.here), el('td', null, fact.there));
    table.append(row);
  }
  return table;
}

// How much of the card is read out as it opens: the rest is a Tab or a look away.
const ANNOUNCE_CHARS = 400;

const sentence = (text) => {
  const trimmed = String(text ?? '').trim();
  return !trimmed || /[.:!?…”"]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

/**
 * What a screen reader says as the card opens: its kind, then the finding the
 * reader asked for (or the first): how many outlets say it, its lead, and the
 * first other wording, and how many more the card holds.
 */
function announcement(card, label) {
  const findings = card.findings ?? [];
  const first = findings[card.focus ?? 0] ?? findings[0];
  const wording = first?.wordings?.[0];
  const more = findings.length > 1 ? `${findings.length - 1} more in this card.` : null;
  const text = [sentence(label), sentence(first?.meta), sentence(first?.lead), wording ? sentence(`${wording.source}: ${wording.text}`) : null, more, 'Escape closes it.']
    .filter(Boolean).join(' ');
  return text.length > ANNOUNCE_CHARS ? `${text.slice(0, ANNOUNCE_CHARS - 1)}…` : text;
}

/** The page's sign's card: what was compared, in one line, and the colours' legend, as in the panel. */
function renderSign(card) {
  document.body.className = 'sign';
  document.body.setAttribute('aria-label', card.label);
  const title = el('h2');
  title.append(el('span', 'dot'), document.createTextNode(card.label));
  const legend = el('ul', 'legend');
  for (const { kind, label, colour, hint } of KINDS) {
    const item = el('li', kind);
    item.append(el('span', 'dot'), el('strong', null, label), document.createTextNode(` (${colour}): ${hint}`));
    legend.append(item);
  }
  document.body.append(title, el('p', 'summary', card.summary), el('h3', null, 'What the colours mean'), legend,
    el('div', 'note', 'Esc closes · the toolbar button or Alt+Shift+S opens the panel: every finding, the versions, side by side'));
  document.body.dataset.rendered = 'true';
  document.getElementById('announce').textContent = `${sentence(card.label)} ${sentence(card.summary)} The colours: ${KINDS.map(({ label, colour }) => `${label}, ${colour}`).join('; ')}. Escape closes it.`;
  reportView(null);
}

function render(card) {
  if (card.kind === 'sign') { renderSign(card); return; }
  const findings = card.findings ?? [];
  const label = `${card.label ?? 'Finding'}${findings.length > 1 ? ` (${findings.length})` : ''}`;
  document.body.className = String(card.kind ?? '');
  document.body.setAttribute('aria-label', label);
  const title = el('h2');
  title.append(el('span', 'dot'), document.createTextNode(label));
  document.body.append(title);
  let focused = null;
  findings.forEach((finding, n) => {
    const body = el('div', 'finding');
    // The finding the reader picked in the panel: marked, and scrolled to below.
    if (n === card.focus && findings.length > 1) { body.classList.add('current'); body.setAttribute('aria-current', 'true'); focused = body; }
    if (finding.meta) body.append(el('div', 'meta', finding.meta));
    if (finding.lead) body.append(el('div', 'lead', finding.lead));
    if (finding.facts?.length) body.append(factsTable(finding.facts));
    for (const wording of finding.wordings ?? []) {
      const block = el('div', 'wording');
      block.append(el('div', 'source', wording.source), diffView(wording.diff, wording.text));
      body.append(block);
    }
    for (const note of finding.notes ?? []) body.append(el('div', 'note', note));
    document.body.append(body);
  });
  document.body.append(el('div', 'note', 'Esc closes · the storydiff panel has everything side by side'));
  if (focused) {
    // Only the card's own scroller moves: scrollIntoView would scroll the page around the frame too.
    const title = document.body.querySelector('h2');
    const top = Math.max(0, focused.offsetTop - (title?.offsetHeight ?? 0) - 12);
    // The body scrolls (overflow: auto), or the viewport when the browser hands the body's overflow to it.
    document.body.scrollTop = top;
    if (document.scrollingElement) document.scrollingElement.scrollTop = top;
  }
  document.body.dataset.rendered = 'true';
  document.getElementById('announce').textContent = announcement(card, label);
  reportView(focused);
}

/**
 * What the card shows of the finding the reader asked for (extension-only
 * storage, out of the page's reach): the panel's tests read it, since an
 * extension frame inside a web page is out of the automation's reach in Firefox.
 */
function reportView(focused) {
  const rect = focused?.getBoundingClientRect();
  const view = focused ? {
    marked: focused.textContent.slice(0, 300),
    inView: rect.top < innerHeight && rect.bottom > 0,
  } : { marked: null, inView: false };
  // What each finding of the card shows, as drawn: its lead, and each outlet
  // line with the words under it.
  const live = document.getElementById('announce');
  view.announced = { text: live.textContent, live: live.getAttribute('aria-live'), role: live.getAttribute('role') };
  view.summary = document.querySelector('.summary')?.textContent ?? null;
  view.legend = [...document.querySelectorAll('.legend strong')].map((name) => name.textContent);
  view.findings = [...document.querySelectorAll('.finding')].slice(0, 20).map((finding) => ({
    meta: finding.querySelector('.meta')?.textContent ?? null,
    lead: finding.querySelector('.lead')?.textContent ?? null,
    wordings: [...finding.querySelectorAll('.wording')].map((block) => ({
      source: block.querySelector('.source')?.textContent ?? '',
      text: (block.lastChild?.textContent ?? '').slice(0, 300),
    })),
  }));
  const told = api.storage?.session ? api.storage.session.set({ cardView: view }) : send('card:seen', { view });
  told.catch(() => {});
}

/** The card kept for this frame's name, dropped once read: straight from storage.session, or through the background. */
async function takeCard(name) {
  if (!api.storage?.session) return send('card:take', { name });
  const slot = `card:${name}`;
  const stored = await api.storage.session.get(slot);
  await api.storage.session.remove(slot);
  return stored[slot] ?? null;
}

takeCard(location.hash.slice(1)).then((card) => { if (card) render(card); }).catch(() => {});
