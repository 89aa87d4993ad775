// Sizes as a reader reads them: KB, MB, GB, TB, never more than three digits
// before the point ("1000.0 MB" is "1.0 GB", "1023 KB" is "1.0 MB"). Used by
// the options page and the panel; Node-testable.

const UNITS = ['KB', 'MB', 'GB', 'TB'];

/** `bytes` in the smallest unit (of 1024) where its shown value stays under 1000; "unknown" for null. */
export function formatBytes(bytes) {
  if (bytes == null || !Number.isFinite(bytes)) return 'unknown';
  let value = Math.max(0, bytes) / 1024;
  for (const [n, unit] of UNITS.entries()) {
    // KB whole; a decimal where a tenth still says something (under 10 GB, say).
    const digits = unit === 'KB' ? 0 : value < 10 || unit === 'MB' ? 1 : 0;
    const shown = value.toFixed(digits);
    // Judged on the value as shown: 999.96 MB shows as "1000.0", so it is GB.
    if (Number(shown) < 1000 || n === UNITS.length - 1) return `${shown} ${unit}`;
    value /= 1024;
  }
  return 'unknown';
}
