// bytes.js: storage sizes with at most three digits before the point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes } from '../../extension/bytes.js';

const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;

test('each unit up to 999.9, then the next (1000-1023.9 MB is GB)', () => {
  assert.equal(formatBytes(0), '0 KB');
  assert.equal(formatBytes(512), '1 KB');
  assert.equal(formatBytes(999 * KB), '999 KB');
  assert.equal(formatBytes(1000 * KB), '1.0 MB', '1000 KB has four digits');
  assert.equal(formatBytes(1023 * KB), '1.0 MB');
  assert.equal(formatBytes(5.25 * MB), '5.3 MB');
  assert.equal(formatBytes(999.9 * MB), '999.9 MB');
  assert.equal(formatBytes(999.96 * MB), '1.0 GB', 'rounds to 1000.0 MB: shown as GB');
  assert.equal(formatBytes(1000 * MB), '1.0 GB');
  assert.equal(formatBytes(1023.9 * MB), '1.0 GB');
  assert.equal(formatBytes(75.5 * GB), '76 GB');
  assert.equal(formatBytes(999 * GB), '999 GB');
  assert.equal(formatBytes(1000 * GB), '1.0 TB');
  assert.equal(formatBytes(null), 'unknown');
});

test('never more than three digits before the point, over every size', () => {
  for (let bytes = 1; bytes < 4 * 1024 * GB; bytes = Math.ceil(bytes * 1.013)) {
    const shown = formatBytes(bytes);
    assert.match(shown, /^\d{1,3}(\.\d)? (KB|MB|GB|TB)$/, `${bytes} bytes read ${shown}`);
  }
});
