// Dismissed findings (extension/dismissals.js): a dismissal hides its finding
// in its story, comes back with another outlet's wording added, and never
// reaches into another story. Run: node --test tests/js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dismissalOf, dismisses, isDismissal, normalise, textsOf, withoutDismissed } from '../../extension/dismissals.js';

const missing = (there, wordings) => ({ kind: 'missing', here: null, there, versions: wordings.map((w) => w.version), wordings });
const unique = (here) => ({ kind: 'unique', here, there: null, versions: [], wordings: [] });
const report = (current, others, findings) => ({ current: { id: current }, versions: others.map((id) => ({ id })), findings });

const denial = missing('The Kremlin denied the report.', [{ version: 'b', text: 'The Kremlin denied the report.' }]);
const fox = unique('Mr. Fox wrote.');

test('a text is compared without case, spacing or outer punctuation', () => {
  assert.equal(normalise('  “The Kremlin  denied\nit.” '), 'the kremlin denied it');
  assert.equal(normalise(null), '');
});

test('a missing finding is known by each version\'s wording; the others by the text here', () => {
  assert.deepEqual(textsOf(denial), ['the kremlin denied the report']);
  assert.deepEqual(textsOf(fox), ['mr. fox wrote']);
  assert.deepEqual(textsOf({ kind: 'unique', here: ' … ' }), []);
});

test('a dismissed finding leaves the report and is listed beside it with its dismissal', () => {
  const shown = report('a', ['b'], [denial, fox]);
  const dismissal = dismissalOf(fox, shown, { id: 'd1', at: 1 });
  assert.deepEqual(dismissal, { id: 'd1', kind: 'unique', texts: ['mr. fox wrote'], story: ['a', 'b'], at: 1 });
  assert.ok(isDismissal(dismissal));
  const { report: left, dismissed } = withoutDismissed(shown, [dismissal]);
  assert.deepEqual(left.findings, [denial]);
  assert.deepEqual(dismissed, [{ dismissal: 'd1', finding: fox }]);
  // The report it was given is not changed.
  assert.equal(shown.findings.length, 2);
});

test('the same fact, with another outlet\'s wording added, stays dismissed', () => {
  const dismissal = dismissalOf(denial, report('a', ['b'], [denial]), { id: 'd1', at: 1 });
  const grown = missing('The Kremlin denied the report.', [
    { version: 'b', text: 'The Kremlin denied the report.' },
    { version: 'c', text: 'Moscow called the report false.' },
  ]);
  // Read later with a third outlet compared too: the story shares b.
  const { report: left, dismissed } = withoutDismissed(report('a2', ['b', 'c'], [grown]), [dismissal]);
  assert.equal(left.findings.length, 0);
  assert.equal(dismissed.length, 1);
});

test('a dismissal reaches no other story and no other kind', () => {
  const dismissal = dismissalOf(fox, report('a', ['b'], [fox]), { id: 'd1', at: 1 });
  const elsewhere = report('x', ['y'], [fox]);
  assert.equal(withoutDismissed(elsewhere, [dismissal]).report.findings.length, 1);
  assert.equal(dismisses(dismissal, { ...fox, kind: 'differs' }), false);
  assert.equal(dismisses(dismissal, unique('Ms. Fox wrote.')), false);
});

test('a finding with nothing to know it by is not dismissed, and bad records are refused', () => {
  assert.equal(dismissalOf(unique(''), report('a', ['b'], []), { id: 'd', at: 1 }), null);
  assert.equal(dismissalOf(fox, { findings: [] }, { id: 'd', at: 1 }), null);
  assert.equal(isDismissal({ id: 'd', kind: 'unique', texts: [], story: ['a'], at: 1 }), false);
  assert.equal(isDismissal({ id: 'd', kind: 'unique', texts: ['x'], story: [5], at: 1 }), false);
});
