// The first-run page (opened once, on install): what storydiff does, that it
// keeps everything local, the colours in the one vocabulary, pause and settings.
import { api } from './browser.js';
import { send } from './messages.js';
import { KINDS } from './summary.js';

const $ = (id) => document.getElementById(id);

function item({ kind, label, colour, hint }) {
  const li = document.createElement('li');
  li.className = `kind-${kind}`;
  const dot = document.createElement('span');
  dot.className = 'dot';
  dot.setAttribute('aria-hidden', 'true');
  const name = document.createElement('strong');
  name.textContent = `${label} (${colour})`;
  const text = document.createElement('span');
  text.className = 'muted';
  text.textContent = hint;
  li.append(dot, name, ' ', text);
  return li;
}

$('legend').replaceChildren(...KINDS.map(item));
$('open-options').addEventListener('click', () => api.runtime.openOptionsPage());
$('pause').addEventListener('click', async () => {
  try {
    await send('settings:set', { settings: { paused: true } });
    $('status').textContent = 'Paused: storydiff reads no new pages until you resume it in the settings.';
  } catch (error) {
    $('status').textContent = error.message;
  }
});
