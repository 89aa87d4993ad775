// Unit tests (Node only) of extension/store-file.js: a store larger than one
// message (Chrome refuses messages over 64 MiB) is exported page by page and
// imported part by part (export-over-64mib, import-in-one-message).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportBlob, importData, importParts } from '../../extension/store-file.js';

const MIB = 1024 * 1024;
const version = (id, chars) => ({ id, url: `https://n.example/${id}`, key: `https://n.example/${id}`, text: 'x'.repeat(chars) });
const partChars = (part) => part.versions.reduce((sum, v) => sum + v.text.length, 0);

test('an import is cut into parts far under the message limit, each with its own links (import-in-one-message)', () => {
  const versions = Array.from({ length: 30 }, (_, n) => version(`v${n}`, 3 * MIB));
  const links = [
    { key: 'https://n.example/x', version: 'v0', state: 'linked' },
    { key: 'https://n.example/x', version: 'v29', state: 'unlinked' },
    { key: 'https://n.example/x', version: 'nowhere', state: 'linked' },
  ];
  const parts = importParts({ format: 'storydiff-store', versions, links });
  assert.ok(parts.length >= 10, `90 MiB of text in ${parts.length} parts`);
  for (const part of parts) assert.ok(partChars(part) <= 8 * MIB, `a part of ${partChars(part)} characters`);
  assert.deepEqual(parts.flatMap((p) => p.versions.map((v) => v.id)), versions.map((v) => v.id), 'the parts lose or reorder versions');
  assert.deepEqual(parts[0].links.map((l) => l.version), ['v0']);
  assert.deepEqual(parts.at(-1).links.map((l) => l.version), ['v29', 'nowhere'], 'a link is not with its version, or an orphan not last');
});

test('one version longer than a part goes alone, and an empty file is one empty part', () => {
  const parts = importParts({ versions: [version('a', 10), version('huge', 9 * MIB), version('b', 10)] });
  assert.deepEqual(parts.map((p) => p.versions.map((v) => v.id)), [['a'], ['huge'], ['b']]);
  assert.deepEqual(importParts({ versions: [] }), [{ versions: [], links: [] }]);
  assert.deepEqual(importParts(null), [{ versions: [], links: [] }]);
});

test('importData sends every part, settings only with the last, and sums the answers', async () => {
  const sent = [];
  const send = async (type, payload) => {
    sent.push({ type, payload });
    return { versions: payload.data.versions.length, links: payload.data.links.length, rejected: 1, repaired: 0, linksRejected: 0, settings: payload.data.settings ?? null };
  };
  const data = { format: 'storydiff-store', formatVersion: 1, settings: { paused: true }, links: [], versions: Array.from({ length: 5 }, (_, n) => version(`v${n}`, 3 * MIB)) };
  const seen = [];
  const done = await importData(data, send, (n, total) => seen.push([n, total]));
  assert.ok(sent.length >= 2);
  assert.ok(sent.every((m) => m.type === 'store:import' && m.payload.data.format === 'storydiff-store'));
  assert.deepEqual(sent.map((m) => m.payload.more), [...sent.slice(1).map(() => true), false]);
  assert.deepEqual(sent.map((m) => m.payload.data.settings ?? null), [...sent.slice(1).map(() => null), { paused: true }]);
  assert.equal(done.versions, 5);
  assert.equal(done.rejected, sent.length);
  assert.deepEqual(done.settings, { paused: true });
  assert.deepEqual(seen.at(-1), [5, 5]);
  await assert.rejects(importData([1, 2], send), /not a storydiff export/);
});

test('exportBlob reads every page and writes one valid file (export-over-64mib)', async () => {
  const stored = Array.from({ length: 7 }, (_, n) => version(`v${n}`, 10));
  const pages = [[0, 3], [3, 6], [6, 7]];
  const asked = [];
  const send = async (type, payload) => {
    assert.equal(type, 'store:export');
    asked.push(payload.after ?? null);
    const at = pages.findIndex(([from]) => (from === 0 ? payload.after === undefined : stored[from - 1].id === payload.after));
    const [from, to] = pages[at];
    const page = { versions: stored.slice(from, to), next: to < stored.length ? stored[to - 1].id : null, total: stored.length };
    return at === 0 ? { format: 'storydiff-store', formatVersion: 1, exported: 'now', settings: { paused: false }, links: [{ version: 'v1' }], ...page } : page;
  };
  const { blob, count } = await exportBlob(send);
  assert.equal(count, 7);
  assert.deepEqual(asked, [null, 'v2', 'v5']);
  const file = JSON.parse(await blob.text());
  assert.deepEqual(file, { format: 'storydiff-store', formatVersion: 1, exported: 'now', settings: { paused: false }, links: [{ version: 'v1' }], versions: stored });
});
