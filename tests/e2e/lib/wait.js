// Bounded polling: wait for a condition instead of sleeping.

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `probe` until it returns a truthy value, and returns that value.
 * Throws after `timeout` ms with `message` (what the reader would not see)
 * and the last value or error the probe gave, so a failure says what was seen.
 */
export async function waitFor(probe, { timeout = 20_000, interval = 200, message = 'condition not met' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (last) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await pause(interval);
  }
  const seen = lastError ? `last error: ${lastError.message}` : `last value: ${describe(last)}`;
  throw new Error(`${message} (waited ${timeout / 1000} s; ${seen})`);
}

function describe(value) {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

/** Retries `start` (launching a browser only) up to `attempts` times. */
export async function retryLaunch(start, { attempts = 3, label = 'launch' } = {}) {
  let lastError;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      return await start();
    } catch (error) {
      lastError = error;
      console.error(`# ${label} failed (attempt ${attempt}/${attempts}): ${error.message}`);
    }
  }
  throw lastError;
}
