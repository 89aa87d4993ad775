/* global WebAssembly */
// The engine wrapper of extension/restart.js: after a wasm trap the next
// call gets a fresh instance (issue 12 item 3). Run: node --test tests/js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { restartable } from '../../extension/restart.js';

/** An engine whose instance traps for good once `compare` traps, like wasm. */
function fakeEngine(instances) {
  return async (generation) => {
    const instance = { broken: false, generation };
    instances.push(instance);
    const check = () => { if (instance.broken) throw new WebAssembly.RuntimeError('unreachable'); };
    return {
      analyse: (text) => { check(); if (typeof text !== 'string') throw new Error('input must be a string'); return { text, generation }; },
      compare: (huge) => { check(); if (huge) { instance.broken = true; throw new WebAssembly.RuntimeError('unreachable'); } return 'report'; },
      StoryIndex: class { constructor() { check(); this.items = []; } add(x) { check(); this.items.push(x); } get size() { check(); return this.items.length; } },
    };
  };
}

test('a trap drops the instance and the next call gets a fresh one', async () => {
  const instances = [];
  const engine = restartable(fakeEngine(instances));
  const restarts = [];
  engine.onRestart((error) => restarts.push(error.message));
  const first = await engine.get();
  assert.equal(first.compare(false), 'report');
  assert.throws(() => first.compare(true), WebAssembly.RuntimeError);
  assert.deepEqual(restarts, ['unreachable']);
  // The old instance stays broken; a new get() instantiates again.
  assert.throws(() => first.analyse('x'), WebAssembly.RuntimeError);
  const second = await engine.get();
  assert.deepEqual(second.analyse('x'), { text: 'x', generation: 1 });
  assert.equal(instances.length, 2);
  // A later trap of the dead instance does not restart the live one again.
  assert.throws(() => first.compare(false), WebAssembly.RuntimeError);
  assert.equal(engine.generation, 1);
  assert.equal((await engine.get()), second);
});

test('an ordinary error is passed on and keeps the instance', async () => {
  const instances = [];
  const engine = restartable(fakeEngine(instances));
  const api = await engine.get();
  assert.throws(() => api.analyse(123), /must be a string/);
  assert.equal(await engine.get(), api);
  assert.equal(instances.length, 1);
});

test('objects of the engine classes are guarded too', async () => {
  const instances = [];
  const engine = restartable(fakeEngine(instances));
  const api = await engine.get();
  const index = new api.StoryIndex();
  index.add('a');
  assert.equal(index.size, 1);
  instances[0].broken = true;
  assert.throws(() => index.add('b'), WebAssembly.RuntimeError);
  assert.equal(engine.generation, 1);
  const fresh = await engine.get();
  assert.equal(new fresh.StoryIndex().size, 0);
});
