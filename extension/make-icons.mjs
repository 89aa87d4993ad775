// Draws the toolbar icons (16/32/48/128 px) as PNGs with node's zlib only:
// a rounded tile with three "lines of text", one of them marked, as a diff is.
// Run once by hand (`node extension/make-icons.mjs`); the PNGs are committed.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { crc32 } from './crc32.mjs';

const SIZES = [16, 32, 48, 128];
const TILE = [37, 99, 235];       // blue
const LINE = [255, 255, 255];
const MARK = [250, 204, 21];      // the "difference"


function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
    for (let x = 0; x < size; x++) row.set(pixel(x + 0.5, y + 0.5, size), 1 + x * 4);
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Coverage (0..1) of a rounded rectangle at (x, y), for soft edges. */
function inRoundedRect(x, y, left, top, right, bottom, radius) {
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  const distance = Math.hypot(x - cx, y - cy);
  return Math.min(1, Math.max(0, radius + 0.5 - distance));
}

function iconPixel(x, y, size) {
  const u = x / size, v = y / size; // 0..1 across the icon
  const tile = inRoundedRect(u, v, 0.03, 0.03, 0.97, 0.97, 0.2) ;
  const alpha = Math.min(1, Math.max(0, (tile - 0.5) * size + 0.5) * 2);
  if (alpha <= 0) return [0, 0, 0, 0];
  // Three bars; the middle one is the marked difference.
  const bars = [[0.26, 0.2, 0.8], [0.46, 0.2, 0.62], [0.66, 0.2, 0.74]];
  const thickness = Math.max(0.1, 1.6 / size);
  for (const [index, [top, left, right]] of bars.entries()) {
    if (v >= top && v < top + thickness && u >= left && u < right) {
      return [...(index === 1 ? MARK : LINE), Math.round(alpha * 255)];
    }
  }
  return [...TILE, Math.round(alpha * 255)];
}

for (const size of SIZES) {
  const file = new URL(`icons/icon-${size}.png`, import.meta.url);
  writeFileSync(file, png(size, iconPixel));
}
console.log(`icons: ${SIZES.join(', ')} px`);
