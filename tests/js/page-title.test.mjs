// page-title.js: a page added to a story by hand is stored under the title
// the reader saw (og:title, else <title> less the site's name), never the
// engine's guess ("Home", "Index") at a page it took for no article.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manualTitle, withoutSite } from '../../extension/page-title.js';

test('the site name comes off either end of a <title>, whatever the separator', () => {
  const sites = ['Port Ellery Council'];
  assert.equal(withoutSite('Ferry timetable changes from 3 March | Port Ellery Council', sites), 'Ferry timetable changes from 3 March');
  assert.equal(withoutSite('Ferry timetable changes – port ellery council', sites), 'Ferry timetable changes');
  assert.equal(withoutSite('Port Ellery Council: Ferry timetable changes', sites), 'Ferry timetable changes');
  assert.equal(withoutSite('Ferry timetable changes', sites), 'Ferry timetable changes');
  // Not a name it carries: left as it is; nor is a title that is the site's name alone emptied.
  assert.equal(withoutSite('Council - Ferry changes', sites), 'Council - Ferry changes');
  assert.equal(withoutSite('Port Ellery Council', sites), 'Port Ellery Council');
  assert.equal(withoutSite('Bins | example.org', ['example.org']), 'Bins', 'a host with dots is matched as written, not as a pattern');
  assert.equal(withoutSite('Bins | exampleXorg', ['example.org']), 'Bins | exampleXorg');
});

test('a page added by hand: og:title, else the <title> less the site, else the engine\'s title', () => {
  const engine = { title: 'Home', site: null };
  assert.equal(manualTitle({ ogTitle: 'Later ferries approved', title: 'x | Port Gazette' }, engine, 'portgazette.example'), 'Later ferries approved');
  assert.equal(manualTitle({ ogTitle: null, title: 'Ferry notice | Port Ellery Council', siteName: 'Port Ellery Council' }, engine, 'ellery.example'), 'Ferry notice');
  assert.equal(manualTitle({ title: 'Ferry notice — Ellery News' }, { title: 'Home', site: 'Ellery News' }, 'ellery.example'), 'Ferry notice', 'the engine\'s site name is taken off too');
  assert.equal(manualTitle({ title: 'Ferry notice · www.ellery.example' }, engine, 'www.ellery.example'), 'Ferry notice');
  assert.equal(manualTitle({ title: '  \n ' }, engine, 'ellery.example'), 'Home', 'with no title of its own the engine\'s stays');
  assert.equal(manualTitle({}, { title: null }, 'ellery.example'), null);
  assert.equal(manualTitle({ title: `A ${'very '.repeat(200)}long title` }, engine, 'x.example').length, 300);
});
