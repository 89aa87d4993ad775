// The wasm engine, initialised on first use after every wake of the background.
import init, { analyse, compare, StoryIndex } from './pkg/storydiff.js';
import { api } from './browser.js';

let ready = null;

/** Resolves once the wasm module is instantiated; cheap after the first call. */
export function engine() {
  ready ??= init({ module_or_path: api.runtime.getURL('pkg/storydiff_bg.wasm') })
    .then(() => ({ analyse, compare, StoryIndex }))
    .catch((error) => { ready = null; throw error; });
  return ready;
}
