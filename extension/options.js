// Settings: what to read, pause, storage used, export/import, clear all.
import { formatBytes } from './bytes.js';
import { send } from './messages.js';
import { chosenFile, importData, offerSettings, progressLine, readJsonFile, saveExport } from './store-file.js';

const $ = (id) => document.getElementById(id);
const form = $('settings');

function setStatus(message, error = false) {
  $('status').textContent = message;
  $('status').classList.toggle('error', error);
}

async function attempt(action) {
  try {
    return await action();
  } catch (error) {
    setStatus(error.message, true);
    return undefined;
  }
}

async function load() {
  const settings = await attempt(() => send('settings:get'));
  if (settings) {
    for (const radio of form.elements.captureMode) radio.checked = radio.value === settings.captureMode;
    $('sites').value = settings.sites.join('\n');
    $('off-sites').value = (settings.offSites ?? []).join('\n');
    $('paused').checked = settings.paused;
    $('highlights').checked = settings.highlights;
  }
  const usage = await attempt(() => send('store:usage'));
  // A refused write since the last page kept: the reader learns it here too.
  if (usage?.problem) setStatus(usage.problem, true);
  if (usage) {
    const quota = usage.quota ? ` (it lets storydiff use up to ${formatBytes(usage.quota)})` : '';
    $('usage').textContent = `${usage.versions} stored versions (${formatBytes(usage.bytes)} of text); the browser counts ${formatBytes(usage.usage)} in all${quota}.`;
    $('bound').textContent = `storydiff keeps at most ${usage.maxVersions} versions: past that, the oldest ones read are deleted first to make room. `
      + 'A page that reloads itself adds no revision unless its text really changed, and at most 5 earlier revisions of a page are compared.';
  }
}

async function save(event) {
  event.preventDefault();
  const settings = {
    captureMode: form.elements.captureMode.value || 'all',
    sites: $('sites').value.split(/\s+/).filter(Boolean),
    offSites: $('off-sites').value.split(/\s+/).filter(Boolean),
    paused: $('paused').checked,
    highlights: $('highlights').checked,
  };
  if (await attempt(() => send('settings:set', { settings }))) {
    setStatus('Saved.');
    load();
  }
}

async function exportStore() {
  const line = progressLine('Exporting');
  setStatus('Exporting…');
  const saved = await attempt(() => saveExport(send, (done, total) => setStatus(line(done, total))));
  if (saved) setStatus(saved);
}

async function importStore(event) {
  const file = chosenFile(event);
  if (!file) return;
  const line = progressLine('Importing');
  setStatus('Importing…');
  const done = await attempt(async () => importData(await readJsonFile(file), send, (stored, total) => setStatus(line(stored, total))));
  if (done) {
    setStatus(await offerSettings(done, send));
    load();
  }
}

async function clearAll() {
  if (!confirm('Delete every stored version, link and cached comparison? Export first if you may want them back.')) return;
  if (await attempt(() => send('store:clear'))) {
    setStatus('Everything was deleted.');
    load();
  }
}

form.addEventListener('submit', save);
$('export').addEventListener('click', exportStore);
$('import-file').addEventListener('change', importStore);
$('clear').addEventListener('click', clearAll);
load();
