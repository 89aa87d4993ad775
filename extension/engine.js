// The wasm engine, initialised on first use after every wake of the background;
// after a trap the background restarts (see restart.js and load below).
import init, { analyse, compare, StoryIndex, Library, libraryFormat } from './pkg/storydiff.js';
import { api } from './browser.js';
import { restartable } from './restart.js';

const wasmUrl = () => api.runtime.getURL('pkg/storydiff_bg.wasm');

async function load(generation) {
  if (generation === 0) {
    const exports = await init({ module_or_path: wasmUrl() });
    return { analyse, compare, StoryIndex, Library, libraryFormat, memoryBytes: () => exports.memory.buffer.byteLength };
  }
  // wasm-bindgen's glue keeps one instance per loaded module and cannot be
  // reset, and a fresh copy of the module would need a dynamic import()
  // (refused in Chrome's service worker, flagged by Firefox's review).
  // Starting the background again is the one clean way to a fresh
  // instance; everything it needs is in IndexedDB.
  console.warn('storydiff: restarting the background after an engine trap');
  api.runtime.reload();
  throw new Error('the engine trapped; the background is restarting');
}

const wasm = restartable(load);

/** Resolves once the wasm module is instantiated; cheap after the first call. */
export function engine() {
  return wasm.get();
}

/** Calls `listener` when a trap drops the engine (objects made by it are gone). */
export const onEngineRestart = (listener) => wasm.onRestart(listener);
