// When the content script reads the page (extension/settle.js), on a fake
// clock: early when the text is there, at the latest a moment after `load`,
// again when the page fills in later. Run: node --test tests/js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = readFileSync(path.join(here, '../../extension/settle.js'), 'utf8');

/** settle.js's exports, as the content script's isolated world sees them. */
function settleModule() {
  const context = vm.createContext({});
  vm.runInContext(source, context);
  return context.storydiffSettle;
}

const { createSettle, QUIET_MS, LATEST_AFTER_LOAD_MS, REREAD_WINDOW_MS, MAX_REREADS } = settleModule();

/** A clock whose time moves only when the test says so. */
function fakeClock() {
  let now = 0;
  let nextId = 1;
  const timers = new Map();
  return {
    now: () => now,
    setTimeout(fn, ms) { const id = nextId++; timers.set(id, { at: now + ms, fn }); return id; },
    clearTimeout(id) { timers.delete(id); },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
    },
  };
}

/** A page: its text size and whether it looks like an article, and the reads made (at what time). */
function page({ size = 5000, article = true } = {}) {
  const clock = fakeClock();
  const state = { size, article, reads: [] };
  const settle = createSettle({
    clock,
    looksLikeArticle: () => state.article,
    textSize: () => state.size,
    read: () => state.reads.push(clock.now()),
  });
  return { clock, state, settle };
}

test('a page whose text came with its HTML is read once it is quiet, before load', () => {
  const { clock, state, settle } = page();
  settle.start({ loaded: false });
  clock.advance(QUIET_MS - 1);
  assert.deepEqual(state.reads, []);
  clock.advance(1);
  assert.deepEqual(state.reads, [QUIET_MS], 'read at the end of the quiet moment, though images are still loading');
  settle.loaded();
  clock.advance(LATEST_AFTER_LOAD_MS + REREAD_WINDOW_MS);
  assert.equal(state.reads.length, 1, 'the text did not change: read once');
});

test('changes keep pushing the read back until the page is quiet', () => {
  const { clock, state, settle } = page();
  settle.start({ loaded: false });
  for (let i = 0; i < 5; i++) {
    clock.advance(QUIET_MS - 10);
    settle.changed();
  }
  assert.deepEqual(state.reads, []);
  clock.advance(QUIET_MS);
  assert.equal(state.reads.length, 1);
});

test('a page that never stops changing is read a moment after load, as before', () => {
  const { clock, state, settle } = page();
  settle.start({ loaded: false });
  clock.advance(100);
  settle.loaded();
  for (let t = 0; t < LATEST_AFTER_LOAD_MS; t += 50) {
    settle.changed();
    clock.advance(50);
  }
  assert.deepEqual(state.reads, [100 + LATEST_AFTER_LOAD_MS]);
});

test('a page that does not look like an article yet waits; at the latest moment it is read (and judged) anyway', () => {
  const { clock, state, settle } = page({ article: false });
  settle.start({ loaded: true });
  clock.advance(QUIET_MS);
  assert.deepEqual(state.reads, [], 'no early read of a page that is not an article yet');
  clock.advance(LATEST_AFTER_LOAD_MS - QUIET_MS);
  assert.deepEqual(state.reads, [LATEST_AFTER_LOAD_MS]);
});

test('an article a script puts in after load is read once it is there', () => {
  const { clock, state, settle } = page({ size: 300, article: false });
  settle.start({ loaded: true });
  clock.advance(2000); // read at the latest moment: not an article (the content script skips it)
  assert.equal(state.reads.length, 1);
  Object.assign(state, { size: 9000, article: true });
  assert.equal(settle.changed(), true);
  clock.advance(QUIET_MS);
  assert.deepEqual(state.reads, [LATEST_AFTER_LOAD_MS, 2000 + QUIET_MS]);
});

test('a page read early that then fills in is read again; small changes are not', () => {
  const { clock, state, settle } = page({ size: 4000 });
  settle.start({ loaded: false });
  clock.advance(QUIET_MS);
  assert.equal(state.reads.length, 1);
  state.size = 4100; // an ad's caption: under REREAD_CHANGE
  settle.changed();
  clock.advance(QUIET_MS);
  assert.equal(state.reads.length, 1);
  state.size = 8000; // the rest of the article
  settle.changed();
  clock.advance(QUIET_MS);
  assert.equal(state.reads.length, 2);
});

test('re-reads are bounded, and changes after the window are not watched', () => {
  const { clock, state, settle } = page({ size: 1000 });
  settle.start({ loaded: true });
  clock.advance(QUIET_MS);
  for (let i = 0; i < MAX_REREADS + 3; i++) {
    state.size *= 2;
    settle.changed();
    clock.advance(QUIET_MS);
  }
  assert.equal(state.reads.length, 1 + MAX_REREADS);
  assert.equal(settle.changed(), false, 'nothing left to read: stop watching');

  const late = page({ size: 1000 });
  late.settle.start({ loaded: true });
  late.clock.advance(REREAD_WINDOW_MS + 1);
  late.state.size = 5000;
  assert.equal(late.settle.changed(), false, 'past the window: stop watching');
  late.clock.advance(QUIET_MS);
  assert.equal(late.state.reads.length, 1);
});

test('start again (a page back from the back/forward cache) reads it again', () => {
  const { clock, state, settle } = page();
  settle.start({ loaded: true });
  clock.advance(LATEST_AFTER_LOAD_MS);
  settle.start({ loaded: true });
  clock.advance(QUIET_MS);
  assert.deepEqual(state.reads, [QUIET_MS, LATEST_AFTER_LOAD_MS + QUIET_MS]);
});
