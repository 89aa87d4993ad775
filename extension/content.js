// storydiff content script (classic script, no imports). Sends the page to the
// background, then draws the findings it gets back as highlights inside one
// closed shadow root. Nothing the page can read carries finding text.
(() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  if (!api?.runtime?.id || globalThis.__storydiffContent) return;
  globalThis.__storydiffContent = true;

  const KIND_LABEL = {
    unique: 'Only in this version',
    differs: 'Other versions say this differently',
    variant: 'Minor wording variant',
    missing: 'Other versions have text missing here',
  };

  // --- capture -------------------------------------------------------------------
  function looksLikeNonArticle() {
    if (!/html/i.test(document.contentType || 'text/html')) return true;
    const body = document.body;
    if (!body) return true;
    return (body.textContent || '').replace(/\s+/g, ' ').length < 300;
  }

  let sent = false;
  function capture() {
    if (sent || looksLikeNonArticle()) return;
    sent = true;
    const canonical = document.querySelector('link[rel~="canonical" i]')?.href ?? '';
    api.runtime
      .sendMessage({ type: 'page:captured', url: location.href, canonical, html: document.documentElement.outerHTML })
      .catch(() => { sent = false; });
  }
  if (document.readyState === 'complete') capture();
  else window.addEventListener('load', () => capture(), { once: true });

  // --- text map of the live DOM -------------------------------------------------
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'SELECT', 'OPTION', 'SVG', 'IFRAME', 'CANVAS']);
  const INLINE = new Set([
    'A', 'ABBR', 'B', 'BDI', 'BDO', 'CITE', 'CODE', 'DATA', 'DFN', 'EM', 'FONT', 'I', 'KBD', 'LABEL', 'MARK', 'Q',
    'S', 'SAMP', 'SMALL', 'SPAN', 'STRONG', 'SUB', 'SUP', 'TIME', 'U', 'VAR', 'INS', 'DEL', 'WBR',
  ]);
  const FOLD = { '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u2013': '-', '\u2014': '-', '\u2212': '-', '\u00ad': '' };
  const fold = (c) => {
    const f = FOLD[c];
    if (f !== undefined) return f;
    const l = c.toLowerCase();
    return l.length === 1 ? l : c;
  };
  const isSpace = (c) => /\s|\u00a0|\u200b/.test(c);

  /** Normalises a needle the same way the haystack is built. */
  function normalise(s) {
    let out = '';
    let space = true;
    for (const c of s) {
      if (isSpace(c)) {
        if (!space) out += ' ';
        space = true;
      } else {
        const f = fold(c);
        if (f) { out += f; space = false; }
      }
    }
    return out.trim();
  }

  function buildMap() {
    const nodes = [];
    const nodeOf = [];
    const offOf = [];
    let text = '';
    let space = true;
    let lastBlock = null;
    const visible = new WeakMap();
    const isVisible = (el) => {
      if (!el) return false;
      let v = visible.get(el);
      if (v === undefined) {
        v = el.checkVisibility ? el.checkVisibility({ visibilityProperty: true }) : el.getClientRects().length > 0;
        visible.set(el, v);
      }
      return v;
    };
    const blockOf = (el) => {
      while (el && INLINE.has(el.tagName)) el = el.parentElement;
      return el;
    };
    const root = document.body;
    if (!root) return { text, nodes, nodeOf, offOf };
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode(n) {
        if (n.nodeType === 1) {
          if (SKIP.has(n.tagName.toUpperCase()) || n === host) return NodeFilter.FILTER_REJECT;
          return NodeFilter.FILTER_SKIP;
        }
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const data = n.data;
      if (!data || !isVisible(n.parentElement)) continue;
      const block = blockOf(n.parentElement);
      if (block !== lastBlock && !space) {
        text += ' ';
        nodeOf.push(-1);
        offOf.push(0);
        space = true;
      }
      lastBlock = block;
      const idx = nodes.push(n) - 1;
      for (let i = 0; i < data.length; i++) {
        const c = data[i];
        if (isSpace(c)) {
          if (space) continue;
          text += ' ';
          space = true;
        } else {
          const f = fold(c);
          if (!f) continue;
          text += f;
          space = false;
        }
        nodeOf.push(idx);
        offOf.push(i);
      }
    }
    return { text, nodes, nodeOf, offOf };
  }

  function rangeFor(map, start, end) {
    while (start < end && map.nodeOf[start] < 0) start++;
    while (end > start && map.nodeOf[end - 1] < 0) end--;
    if (end <= start) return null;
    const range = document.createRange();
    range.setStart(map.nodes[map.nodeOf[start]], map.offOf[start]);
    const last = map.nodes[map.nodeOf[end - 1]];
    range.setEnd(last, Math.min(map.offOf[end - 1] + 1, last.data.length));
    return range;
  }

  const commonLen = (a, b, fromEnd) => {
    let n = 0;
    const la = a.length, lb = b.length;
    while (n < la && n < lb && (fromEnd ? a[la - 1 - n] === b[lb - 1 - n] : a[n] === b[n])) n++;
    return n;
  };

  /**
   * Finds `quote` in the page text; prefers the occurrence whose surroundings match
   * prefix/suffix (from the extracted text) and that lies nearest the expected place.
   */
  function locate(map, quote, prefix, suffix, expected) {
    const needle = normalise(quote);
    if (!needle) return null;
    const pre = normalise(prefix), suf = normalise(suffix);
    const hay = map.text;
    const pick = (positions, len) => {
      let best = null;
      for (const p of positions) {
        const ctx = commonLen(hay.slice(Math.max(0, p - pre.length - 1), p).trimEnd(), pre, true) +
          commonLen(hay.slice(p + len, p + len + suf.length + 1).trimStart(), suf, false);
        const score = ctx * 4 - Math.abs(p / Math.max(1, hay.length) - expected) * 100;
        if (!best || score > best.score) best = { p, score };
      }
      return best && { start: best.p, end: best.p + len };
    };
    const all = (s) => {
      const out = [];
      for (let i = hay.indexOf(s); i >= 0 && out.length < 200; i = hay.indexOf(s, i + 1)) out.push(i);
      return out;
    };
    const exact = pick(all(needle), needle.length);
    if (exact) return exact;
    // Fallback for long quotes: anchor the head and the tail separately.
    if (needle.length < 40) return null;
    const head = needle.slice(0, 30), tail = needle.slice(-30);
    const h = pick(all(head), head.length);
    if (!h) return null;
    const t = hay.indexOf(tail, h.start + head.length - 30);
    if (t >= 0 && t - h.start < needle.length * 1.6) return { start: h.start, end: t + tail.length };
    return h;
  }

  // --- overlay -------------------------------------------------------------------
  const CSS = `
    :host { all: initial; }
    .layer { position: absolute; top: 0; left: 0; width: 0; height: 0; pointer-events: none; }
    .hl { position: absolute; border-radius: 2px; pointer-events: none; outline: none; }
    .hl.unique { background: rgba(80, 170, 110, 0.22); box-shadow: inset 0 -2px 0 rgba(60, 140, 90, 0.7); }
    .hl.differs { background: rgba(235, 170, 60, 0.22); box-shadow: inset 0 -2px 0 rgba(200, 130, 30, 0.75); }
    .hl.variant { background: rgba(120, 140, 220, 0.08); box-shadow: inset 0 -1px 0 rgba(110, 130, 210, 0.45); }
    .hl:focus-visible, .hl.active { box-shadow: 0 0 0 2px rgba(47, 93, 138, 0.8); }
    .hl.flash, .marker.flash { animation: flash 1.2s ease-out 2; }
    @keyframes flash { 0%, 100% { filter: none; } 50% { filter: saturate(4) brightness(0.8); background: rgba(255, 200, 0, 0.6); } }
    .marker { position: absolute; width: 10px; height: 10px; margin: -3px 0 0 1px; border-radius: 50%;
      background: rgba(200, 80, 90, 0.85); border: 2px solid #fff; box-shadow: 0 0 0 1px rgba(200, 80, 90, 0.6);
      pointer-events: none; outline: none; }
    .marker:focus-visible, .marker.active { box-shadow: 0 0 0 3px rgba(47, 93, 138, 0.8); }
    .card { position: absolute; max-width: min(440px, 90vw); box-sizing: border-box; padding: 10px 12px;
      background: #fff; color: #1c1c1c; border: 1px solid #c9ced6; border-radius: 6px;
      box-shadow: 0 4px 18px rgba(0, 0, 0, 0.18); font: 13px/1.45 system-ui, sans-serif; pointer-events: auto;
      z-index: 1; }
    .card h2 { font-size: 12px; margin: 0 0 6px; text-transform: uppercase; letter-spacing: .04em; color: #555; }
    .card .w { margin: 6px 0; }
    .card .src { font-size: 11px; color: #666; }
    .card ins { background: rgba(80, 170, 110, 0.25); text-decoration: none; }
    .card del { background: rgba(220, 90, 90, 0.2); text-decoration: line-through; }
    .card ul { margin: 6px 0 0; padding-left: 18px; }
    @media (prefers-color-scheme: dark) {
      .card { background: #22252a; color: #e8e8e8; border-color: #444a52; }
      .card h2, .card .src { color: #aab; }
    }
  `;

  let host = null;
  let shadow = null;
  let layer = null;
  let card = null;
  let visible = true;
  let report = null;
  let items = []; // {index, finding, kind, range, marker: bool, els: []}

  function ensureHost() {
    if (host) return;
    host = document.createElement('storydiff-overlay');
    for (const [k, v] of Object.entries({ position: 'absolute', top: '0', left: '0', width: '0', height: '0', 'z-index': '2147483646', display: 'block', overflow: 'visible', margin: '0', padding: '0', border: '0' })) {
      host.style.setProperty(k, v, 'important');
    }
    shadow = host.attachShadow({ mode: 'closed' });
    let styled = false;
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      shadow.adoptedStyleSheets = [sheet];
      styled = shadow.adoptedStyleSheets.length === 1;
    } catch { /* Firefox content-script compartments */ }
    if (!styled) {
      const style = document.createElement('style');
      style.textContent = CSS;
      shadow.append(style);
    }
    layer = document.createElement('div');
    layer.className = 'layer';
    shadow.append(layer);
  }

  function attach() {
    if (host && visible && !host.isConnected) document.documentElement.append(host);
  }

  function surroundings(text, span) {
    return {
      prefix: text.slice(Math.max(0, span.start - 40), span.start),
      suffix: text.slice(span.end, span.end + 40),
    };
  }

  function anchorAll() {
    items = [];
    if (!report) return;
    const map = buildMap();
    const text = report.current?.text ?? '';
    const sentences = report.current?.sentences ?? [];
    report.findings.forEach((finding, index) => {
      if (['unique', 'differs', 'variant'].includes(finding.kind) && finding.here) {
        const span = finding.here_span ?? { start: 0, end: 0 };
        const { prefix, suffix } = finding.here_span ? surroundings(text, span) : { prefix: '', suffix: '' };
        const at = locate(map, finding.here, prefix, suffix, text.length ? span.start / text.length : 0.5);
        const range = at && rangeFor(map, at.start, at.end);
        if (range) items.push({ index, finding, kind: finding.kind, range, marker: false, els: [] });
      } else if (finding.kind === 'missing') {
        const after = Number.isInteger(finding.after) ? finding.after : null;
        const s = after == null ? sentences[0] : sentences.find((x) => x.index === after) ?? sentences[after];
        if (!s) return;
        const { prefix, suffix } = surroundings(text, s.span);
        const at = locate(map, s.text, prefix, suffix, text.length ? s.span.start / text.length : 0.5);
        const range = at && rangeFor(map, at.start, at.end);
        if (range) {
          if (after == null) range.collapse(true);
          else range.collapse(false);
          items.push({ index, finding, kind: 'missing', range, marker: true, els: [], sentence: s.text });
        }
      }
    });
  }

  function label(item) {
    const f = item.finding;
    const n = (f.versions ?? []).length;
    if (item.marker) return `${KIND_LABEL.missing}: ${f.there ?? ''}`;
    return `${KIND_LABEL[item.kind] ?? item.kind}${n ? ` (${n} other version${n === 1 ? '' : 's'})` : ''}: ${f.here}`;
  }

  function draw() {
    if (!host || !visible) return;
    const sx = window.scrollX, sy = window.scrollY;
    const stale = items.some((it) => !it.range.startContainer.isConnected || !it.range.endContainer.isConnected);
    if (stale) anchorAll();
    const keep = new Set();
    for (const item of items) {
      if (item.marker) {
        const rects = item.range.getClientRects();
        const r = rects.length ? rects[rects.length - 1] : item.range.getBoundingClientRect();
        let el = item.els[0];
        if (!el) {
          el = document.createElement('div');
          el.className = 'marker missing';
          el.tabIndex = 0;
          el.setAttribute('role', 'note');
          el.setAttribute('aria-label', label(item));
          bindCard(el, item);
          layer.append(el);
          item.els = [el];
        }
        el.style.left = `${r.right + sx}px`;
        el.style.top = `${r.top + sy}px`;
        keep.add(el);
        continue;
      }
      const rects = [...item.range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
      while (item.els.length > rects.length) item.els.pop().remove();
      rects.forEach((r, i) => {
        let el = item.els[i];
        if (!el) {
          el = document.createElement('div');
          el.className = `hl ${item.kind}`;
          if (i === 0) {
            el.tabIndex = 0;
            el.setAttribute('role', 'note');
            el.setAttribute('aria-label', label(item));
            bindCard(el, item);
          }
          layer.append(el);
          item.els[i] = el;
        }
        Object.assign(el.style, {
          left: `${r.left + sx}px`, top: `${r.top + sy}px`, width: `${r.width}px`, height: `${r.height}px`,
        });
        keep.add(el);
      });
    }
    for (const el of [...layer.children]) if (!keep.has(el) && el !== card) el.remove();
  }

  let frame = 0;
  function schedule() {
    if (frame || !report) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      draw();
      if (card && cardItem) placeCard(cardItem);
    });
  }

  // --- card ------------------------------------------------------------------------
  let cardItem = null;

  function versionMeta(id) {
    const v = (report?.versions ?? []).find((x) => x.id === id);
    if (!v) return id;
    const date = v.published ? String(v.published).slice(0, 10) : '';
    return [v.site || v.title || id, date].filter(Boolean).join(' · ');
  }

  function diffNode(diff, fallback) {
    const p = document.createElement('div');
    if (!Array.isArray(diff) || !diff.length) {
      p.textContent = fallback ?? '';
      return p;
    }
    for (const part of diff) {
      const el = part.op === 'insert' ? document.createElement('ins')
        : part.op === 'delete' ? document.createElement('del') : document.createElement('span');
      el.textContent = part.text;
      p.append(el);
    }
    return p;
  }

  function buildCard(item) {
    const f = item.finding;
    const c = document.createElement('div');
    c.className = 'card';
    c.setAttribute('role', 'dialog');
    c.setAttribute('aria-label', KIND_LABEL[item.kind] ?? item.kind);
    const h = document.createElement('h2');
    h.textContent = KIND_LABEL[item.kind] ?? item.kind;
    c.append(h);
    const wordings = Array.isArray(f.wordings) ? f.wordings : [];
    if (item.kind === 'unique' && !wordings.length) {
      const p = document.createElement('div');
      const names = (f.versions ?? []).map(versionMeta);
      p.textContent = names.length ? `Not in: ${names.join('; ')}` : 'No other version has this.';
      c.append(p);
    }
    if (item.kind === 'missing' && !wordings.length && f.there) {
      const w = document.createElement('div');
      w.className = 'w';
      w.append(diffNode(null, f.there));
      const src = document.createElement('div');
      src.className = 'src';
      src.textContent = (f.versions ?? [f.version]).filter(Boolean).map(versionMeta).join('; ');
      w.append(src);
      c.append(w);
    }
    for (const w of wordings.slice(0, 6)) {
      const box = document.createElement('div');
      box.className = 'w';
      box.append(diffNode(w.diff, w.text));
      const src = document.createElement('div');
      src.className = 'src';
      src.textContent = versionMeta(w.version);
      box.append(src);
      c.append(box);
    }
    const facts = Array.isArray(f.facts) ? f.facts : [];
    if (facts.length) {
      const ul = document.createElement('ul');
      for (const fact of facts) {
        const li = document.createElement('li');
        li.textContent = `${fact.type}: ${fact.here ?? '—'} here, ${fact.there ?? '—'} there`;
        ul.append(li);
      }
      c.append(ul);
    }
    return c;
  }

  function placeCard(item) {
    const anchor = item.els[0];
    if (!anchor || !card) return;
    const top = parseFloat(anchor.style.top) + (parseFloat(anchor.style.height) || 10) + 6;
    const left = Math.max(window.scrollX + 4, Math.min(parseFloat(anchor.style.left), window.scrollX + window.innerWidth - 450));
    card.style.top = `${top}px`;
    card.style.left = `${left}px`;
  }

  function openCard(item) {
    if (cardItem === item) return;
    closeCard();
    cardItem = item;
    card = buildCard(item);
    layer.append(card);
    for (const el of item.els) el.classList.add('active');
    placeCard(item);
  }

  function closeCard() {
    if (cardItem) for (const el of cardItem.els) el.classList.remove('active');
    card?.remove();
    card = null;
    cardItem = null;
  }

  function bindCard(el, item) {
    el.addEventListener('focus', () => openCard(item));
    el.addEventListener('blur', () => { if (cardItem === item) closeCard(); });
  }

  // Hover: the boxes let pointer events through (the page stays clickable), so hit-test.
  function hit(x, y) {
    for (const item of items) {
      for (const el of item.els) {
        const l = parseFloat(el.style.left) - window.scrollX, t = parseFloat(el.style.top) - window.scrollY;
        const w = item.marker ? 12 : parseFloat(el.style.width), h = item.marker ? 12 : parseFloat(el.style.height);
        if (x >= l - 2 && x <= l + w + 2 && y >= t - 2 && y <= t + h + 2) return item;
      }
    }
    return null;
  }
  let hoverFrame = 0;
  document.addEventListener('mousemove', (e) => {
    if (!report || !visible || hoverFrame) return;
    const { clientX, clientY } = e;
    const overCard = card && e.composedPath().includes(card);
    hoverFrame = requestAnimationFrame(() => {
      hoverFrame = 0;
      if (overCard) return;
      const item = hit(clientX, clientY);
      if (item) openCard(item);
      else if (cardItem && document.activeElement !== host) closeCard();
    });
  }, { passive: true });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && card) closeCard();
  });

  // --- show / hide -------------------------------------------------------------------
  let observer = null;
  function show(next) {
    report = next;
    ensureHost();
    closeCard();
    layer.replaceChildren();
    anchorAll();
    attach();
    draw();
    if (!observer) {
      observer = new MutationObserver(schedule);
      if (document.body) observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      window.addEventListener('scroll', schedule, { passive: true, capture: true });
      window.addEventListener('resize', schedule, { passive: true });
    }
  }

  function clear() {
    report = null;
    items = [];
    closeCard();
    layer?.replaceChildren();
    host?.remove();
  }

  function setVisible(v) {
    visible = v;
    if (!host) return visible;
    if (visible) {
      attach();
      draw();
    } else {
      closeCard();
      host.remove();
    }
    return visible;
  }

  const plainRect = (r) => ({ x: r.x, y: r.y, width: r.width, height: r.height });

  function state() {
    const on = visible && !!host?.isConnected;
    if (!on) return { visible: false, highlights: [], markers: [] };
    const highlights = [];
    const markers = [];
    for (const item of items) {
      if (item.marker) {
        const rects = item.range.getClientRects();
        const r = rects.length ? rects[rects.length - 1] : item.range.getBoundingClientRect();
        markers.push({ kind: 'missing', index: item.index, rect: plainRect({ x: r.right, y: r.top, width: 10, height: 10 }) });
      } else {
        highlights.push({ kind: item.kind, index: item.index, text: item.finding.here, rect: plainRect(item.range.getBoundingClientRect()) });
      }
    }
    return { visible: true, highlights, markers };
  }

  function scrollTo(index) {
    const item = items.find((it) => it.index === Number(index));
    if (!item) return false;
    if (!visible) setVisible(true);
    const el = item.range.startContainer.parentElement;
    el?.scrollIntoView({ block: 'center', behavior: 'instant' });
    draw();
    for (const b of item.els) {
      b.classList.remove('flash');
      void b.offsetWidth;
      b.classList.add('flash');
      setTimeout(() => b.classList.remove('flash'), 2600);
    }
    item.els[0]?.focus({ preventScroll: true });
    return true;
  }

  // --- messages from the background --------------------------------------------
  api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    if (sender.id !== api.runtime.id || sender.tab) return false;
    try {
      switch (msg?.type) {
        case 'findings:show':
          show(msg.report);
          sendResponse({ ok: true, value: true });
          break;
        case 'findings:clear':
          clear();
          sendResponse({ ok: true, value: true });
          break;
        case 'overlay:state':
          sendResponse({ ok: true, value: state() });
          break;
        case 'overlay:toggle':
          sendResponse({ ok: true, value: { visible: setVisible(typeof msg.visible === 'boolean' ? msg.visible : !visible) } });
          break;
        case 'overlay:scrollTo':
          sendResponse({ ok: true, value: scrollTo(msg.index) });
          break;
        default:
          return false;
      }
    } catch (e) {
      sendResponse({ ok: false, error: String(e?.message ?? e) });
    }
    return false;
  });
})();
