// Assembles the extensions: dist/chrome, dist/firefox, dist/storydiff-chrome.zip
// and dist/storydiff-firefox.xpi, from extension/ and pkg/. Node only, no deps.
import { readFileSync, writeFileSync, mkdirSync, rmSync, existsSync, statSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const dist = join(root, 'dist');

// Files of the extension proper, relative to extension/ (tools, build script and
// the manifest source stay out).
const FILES = [
  'browser.js', 'messages.js', 'store.js', 'background.js', 'content.js',
  'panel.html', 'panel.js', 'panel.css', 'options.html', 'options.js',
  'icons/icon-16.png', 'icons/icon-32.png', 'icons/icon-48.png', 'icons/icon-128.png',
];
const PKG = ['storydiff.js', 'storydiff_bg.wasm'];

/** Removes // and /* *\/ comments outside strings, and trailing commas. */
export function stripJsonc(src) {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j;
    } else if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 1;
    } else {
      out += c;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
function merge(base, extra) {
  const out = { ...base };
  for (const [k, v] of Object.entries(extra)) out[k] = isObject(v) && isObject(out[k]) ? merge(out[k], v) : v;
  return out;
}

export function manifestFor(source, browser, version) {
  const common = Object.fromEntries(Object.entries(source).filter(([k]) => !k.startsWith('$')));
  const manifest = merge(common, source[`$${browser}`] ?? {});
  manifest.version = version;
  return manifest;
}

// --- zip ------------------------------------------------------------------
const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** entries: [{name, data: Buffer}] → a zip archive (deflate), fixed timestamps. */
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  const dosTime = 0, dosDate = (2024 - 1980) << 9 | 1 << 5 | 1;
  for (const { name, data } of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, body);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

// --- build ----------------------------------------------------------------
function build() {
  const source = JSON.parse(stripJsonc(readFileSync(join(here, 'manifest.src.jsonc'), 'utf8')));
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version ?? '0.0.0';
  for (const name of PKG) {
    if (!existsSync(join(root, 'pkg', name))) throw new Error(`pkg/${name} is missing: build the wasm core first`);
  }
  mkdirSync(dist, { recursive: true });
  for (const browser of ['chrome', 'firefox']) {
    const out = join(dist, browser);
    rmSync(out, { recursive: true, force: true });
    const entries = [];
    const add = (name, data) => {
      mkdirSync(dirname(join(out, name)), { recursive: true });
      writeFileSync(join(out, name), data);
      entries.push({ name, data });
    };
    add('manifest.json', Buffer.from(JSON.stringify(manifestFor(source, browser, version), null, 2) + '\n'));
    for (const f of FILES) {
      if (!existsSync(join(here, f))) {
        console.warn(`build.mjs: extension/${f} missing, skipped`);
        continue;
      }
      add(f, readFileSync(join(here, f)));
    }
    for (const f of PKG) add(`pkg/${f}`, readFileSync(join(root, 'pkg', f)));
    const archive = join(dist, browser === 'chrome' ? 'storydiff-chrome.zip' : 'storydiff-firefox.xpi');
    writeFileSync(archive, zip(entries));
    console.log(`${archive} (${statSync(archive).size} bytes, ${entries.length} files)`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) build();
