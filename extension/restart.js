// Keeps the wasm engine usable after a trap. A wasm RuntimeError (out of
// memory, `unreachable`) leaves the instance broken: every later call traps
// too. The wrapper drops the instance when a call throws one, tells its
// listeners (the story index belongs to the dead instance), and the next
// `get()` instantiates the module again.

/**
 * `load(generation)` resolves to the engine's exports (`analyse`, `compare`,
 * `StoryIndex`, ...); generation 0 first, then 1, 2, ... after each trap.
 */
export function restartable(load, isTrap = (error) => error instanceof WebAssembly.RuntimeError) {
  let ready = null;
  let generation = 0;
  const listeners = [];

  const guard = (born, call) => {
    try {
      return call();
    } catch (error) {
      if (isTrap(error) && born === generation) {
        generation += 1;
        ready = null;
        for (const listener of listeners) listener(error);
      }
      throw error;
    }
  };

  const wrap = (exports, born) => {
    const wrapped = {};
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value !== 'function') wrapped[name] = value;
      else if (/^[A-Z]/.test(name)) wrapped[name] = wrapClass(value, born);
      else wrapped[name] = (...args) => guard(born, () => value(...args));
    }
    return wrapped;
  };

  // Objects of the engine's classes: each method call guarded too.
  const wrapClass = (Class, born) => function Guarded(...args) {
    const object = guard(born, () => new Class(...args));
    return new Proxy(object, {
      get(target, property) {
        const value = guard(born, () => Reflect.get(target, property, target));
        return typeof value === 'function' ? (...callArgs) => guard(born, () => value.apply(target, callArgs)) : value;
      },
    });
  };

  return {
    /** The engine, instantiated on first use and again after a trap. */
    get() {
      const born = generation;
      ready ??= Promise.resolve()
        .then(() => load(born))
        .then((exports) => wrap(exports, born))
        .catch((error) => { if (born === generation) ready = null; throw error; });
      return ready;
    },
    /** Calls `listener(error)` whenever a trap drops the instance. */
    onRestart(listener) {
      listeners.push(listener);
    },
    get generation() {
      return generation;
    },
  };
}
