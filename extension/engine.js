// The wasm engine, initialised on first use after every wake of the background,
// and instantiated again after a trap (see restart.js).
import init, { analyse, compare, StoryIndex, Library, libraryFormat } from './pkg/storydiff.js';
import { api } from './browser.js';
import { restartable } from './restart.js';

const wasmUrl = () => api.runtime.getURL('pkg/storydiff_bg.wasm');

async function load(generation) {
  if (generation === 0) {
    const exports = await init({ module_or_path: wasmUrl() });
    return { analyse, compare, StoryIndex, Library, libraryFormat, memoryBytes: () => exports.memory.buffer.byteLength };
  }
  // wasm-bindgen's glue keeps one instance per module: a fresh copy of the
  // module (another URL) gets a fresh instance and memory.
  try {
    const fresh = await import(`./pkg/storydiff.js?instance=${generation}`);
    const exports = await fresh.default({ module_or_path: wasmUrl() });
    return {
      analyse: fresh.analyse, compare: fresh.compare, StoryIndex: fresh.StoryIndex, Library: fresh.Library,
      libraryFormat: fresh.libraryFormat, memoryBytes: () => exports.memory.buffer.byteLength,
    };
  } catch (error) {
    // Chrome's service worker refuses import(): starting it again is the
    // one way to a fresh instance there.
    console.warn('storydiff: restarting the background after an engine trap', error);
    api.runtime.reload();
    throw error;
  }
}

const wasm = restartable(load);

/** Resolves once the wasm module is instantiated; cheap after the first call. */
export function engine() {
  return wasm.get();
}

/** Calls `listener` when a trap drops the engine (objects made by it are gone). */
export const onEngineRestart = (listener) => wasm.onRestart(listener);
