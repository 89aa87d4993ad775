// Settings: capture mode, site list, pause, storage used, clear all.
import { api } from './browser.js';
import { request } from './messages.js';

const $ = (id) => document.getElementById(id);
const form = $('settings');

async function load() {
  const s = await request(api, { type: 'settings:get' });
  for (const r of form.elements.capture) r.checked = r.value === s.capture;
  $('sites').value = s.sites.join('\n');
  $('paused').checked = s.paused;
  const u = await request(api, { type: 'store:usage' });
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  $('usage').textContent = `${u.versions} stored versions, ${kb(u.bytes)} of text${u.estimate != null ? ` (${kb(u.estimate)} on disk)` : ''}.`;
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    await request(api, {
      type: 'settings:set',
      settings: {
        capture: form.elements.capture.value || 'all',
        sites: $('sites').value.split(/\s+/).filter(Boolean),
        paused: $('paused').checked,
      },
    });
    $('status').textContent = 'Saved.';
    await load();
  } catch (err) { $('status').textContent = `Error: ${err.message}`; }
});

$('clear').addEventListener('click', async () => {
  if (!confirm('Delete every stored article, link and report?')) return;
  try {
    await request(api, { type: 'store:clear' });
    $('status').textContent = 'Everything deleted.';
    await load();
  } catch (err) { $('status').textContent = `Error: ${err.message}`; }
});

load().catch((err) => { $('status').textContent = `Error: ${err.message}`; });
