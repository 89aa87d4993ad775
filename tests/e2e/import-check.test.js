// Unit tests (Node only) of extension/import-check.js: an import file is
// untrusted input, checked field by field before anything is stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkImport, checkSettings, checkVersion, httpUrl } from '../../extension/import-check.js';

const NOW = '2026-01-02T03:04:05.000Z';
const good = (fields = {}) => ({
  id: 'v1', url: 'https://news.example/a', key: 'https://news.example/a', site: 'News', title: 'A title',
  byline: null, published: '2026-01-01', captured: '2026-01-01T10:00:00.000Z', text: 'Some article text.',
  hash: 'a'.repeat(64), revision: 1, manual: false, ...fields,
});
const file = (versions, extra = {}) => ({ format: 'storydiff-store', versions, links: [], ...extra });

test('a version without captured is repaired, not kept broken (import-missing-captured)', () => {
  const { captured, ...rest } = good();
  assert.ok(captured);
  const checked = checkVersion(rest, NOW);
  assert.equal(checked.version.captured, NOW);
  assert.equal(checked.repaired, true);
  const done = checkImport(file([rest]), NOW);
  assert.equal(done.versions.length, 1);
  assert.equal(done.repaired, 1);
});

test('a title that is not a string is dropped (import-title-number)', () => {
  const checked = checkVersion(good({ title: 5 }), NOW);
  assert.equal(checked.version.title, null);
  assert.equal(checked.repaired, true);
  for (const field of ['site', 'byline', 'published']) {
    assert.equal(checkVersion(good({ [field]: { evil: true } }), NOW).version[field], null, field);
  }
});

test('lines set aside as layout come through, and a malformed list is dropped (import-set-aside)', () => {
  const lines = [{ before: 2, text: 'A Headline Between Paragraphs' }];
  assert.deepEqual(checkVersion(good({ set_aside: lines }), NOW).version.set_aside, lines);
  assert.deepEqual(checkVersion(good(), NOW).version.set_aside, [], 'an older export has none');
  for (const bad of ['text', [{ before: -1, text: 'x' }], [{ before: 1, text: 5 }], [null],
    Array.from({ length: 65 }, () => ({ before: 0, text: 'x' }))]) {
    const checked = checkVersion(good({ set_aside: bad }), NOW);
    assert.deepEqual(checked.version.set_aside, [], JSON.stringify(bad).slice(0, 40));
    assert.equal(checked.repaired, true);
  }
});

test('a javascript: url is rejected, only http(s) is accepted (import-javascript-url)', () => {
  for (const url of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'chrome://settings', '', 42]) {
    assert.ok(checkVersion(good({ url }), NOW).rejected, `${url} accepted`);
    assert.ok(checkVersion(good({ key: url }), NOW).rejected, `key ${url} accepted`);
  }
  assert.equal(httpUrl('http://x.example/p?q=1'), 'http://x.example/p?q=1');
  const done = checkImport(file([good(), good({ id: 'v2', url: 'javascript:alert(1)' })]), NOW);
  assert.deepEqual([done.versions.length, done.rejected], [1, 1]);
});

test('versions without id or text, duplicates and non-objects are rejected and counted (import-malformed-version)', () => {
  const done = checkImport(file([good(), good(), null, 'x', [], good({ id: 'v3', text: 7 }), good({ id: '' }), good({ id: 'v4', revision: -2 })]), NOW);
  assert.equal(done.versions.length, 2);
  assert.equal(done.rejected, 6);
  assert.equal(done.versions[1].revision, 1);
  assert.equal(done.repaired, 1);
});

test('links must name an imported version and a known state (import-malformed-link)', () => {
  const done = checkImport(file([good()], {
    links: [
      { key: 'https://news.example/b', version: 'v1', state: 'linked' },
      { key: 'https://news.example/b', version: 'nope', state: 'linked' },
      { key: 'javascript:x', version: 'v1', state: 'linked' },
      { key: 'https://news.example/b', version: 'v1', state: 'owned' },
    ],
  }), NOW);
  assert.deepEqual(done.links, [{ id: 'https://news.example/b|v1', key: 'https://news.example/b', version: 'v1', state: 'linked' }]);
  assert.equal(done.linksRejected, 3);
});

test('settings in the file are checked and returned apart, never applied (import-settings-silent)', () => {
  const done = checkImport(file([], { settings: { paused: 'yes', captureMode: 'listed', sites: ['a.example', 5], offSites: [{}, 'b.example'], evil: 1 } }), NOW);
  assert.deepEqual(done.settings, { captureMode: 'listed', sites: ['a.example'], offSites: ['b.example'] });
  assert.equal(checkSettings({ paused: 1 }), null);
});

test('a file that is not an export is refused whole (import-not-an-export)', () => {
  for (const data of [null, 5, {}, { format: 'other', versions: [] }, { format: 'storydiff-store', versions: {} }]) {
    assert.throws(() => checkImport(data, NOW), /not a storydiff export/);
  }
});

test('a self-reloading page whose counter changes is nearly the same text (self-reloading-revisions)', async () => {
  const { nearlySame } = await import('../../extension/near-same.js');
  const body = 'The minister said on Tuesday that the talks would continue next week in Geneva. '.repeat(20);
  assert.ok(nearlySame(`${body} Loaded 3 times.`, `${body} Loaded 4 times.`));
  assert.ok(!nearlySame(body, `${body} The talks collapsed after the delegation walked out on Wednesday night.`));
  assert.ok(!nearlySame('short text here', 'short text there'));
  assert.ok(!nearlySame(`${body} Loaded 3 times by 5 readers at noon.`, `${body} Loaded 4 times by 6 readers at one.`), 'three words changed');
});
