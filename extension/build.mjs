// Assembles the extension for both browsers from one source, with node only:
//   extension/manifest.src.jsonc  -> dist/chrome/manifest.json, dist/firefox/manifest.json
//   extension/* (code, pages, icons) and pkg/ (the wasm engine) -> both folders
//   dist/storydiff-chrome.zip, dist/storydiff-firefox.xpi
// Quick when nothing changed: it compares modification times and exits early.
import { deflateRawSync } from 'node:zlib';
import {
  copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from './crc32.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const DIST = join(ROOT, 'dist');
const BROWSERS = ['chrome', 'firefox'];
const PACKAGES = { chrome: 'storydiff-chrome.zip', firefox: 'storydiff-firefox.xpi' };
// Build tooling that stays out of the packages.
const NOT_SHIPPED = new Set(['manifest.src.jsonc', 'build.mjs', 'make-icons.mjs', 'crc32.mjs']);
const ENGINE_FILES = ['storydiff.js', 'storydiff_bg.wasm'];

/** [absolute source, path inside the package] for every shipped file. */
function shippedFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!NOT_SHIPPED.has(relative(HERE, path))) files.push([path, relative(HERE, path)]);
    }
  };
  walk(HERE);
  for (const name of ENGINE_FILES) {
    const path = join(ROOT, 'pkg', name);
    if (!existsSync(path)) throw new Error(`pkg/${name} is missing: run ./build.sh (it builds pkg/ first)`);
    files.push([path, `pkg/${name}`]);
  }
  return files.sort((a, b) => a[1].localeCompare(b[1]));
}

function upToDate(inputs) {
  const outputs = BROWSERS.map((browser) => join(DIST, PACKAGES[browser]));
  if (!outputs.every(existsSync)) return false;
  const oldestOutput = Math.min(...outputs.map((path) => statSync(path).mtimeMs));
  const newestInput = Math.max(...inputs.map((path) => statSync(path).mtimeMs));
  return newestInput < oldestOutput;
}

/** JSON with // and /* *\/ comments, which may not appear inside strings here. */
function parseJsonc(text) {
  const withoutComments = text.replace(/"(?:[^"\\]|\\.)*"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
    (match) => (match.startsWith('"') ? match : ''));
  return JSON.parse(withoutComments);
}

/** The shared keys plus this browser's own; arrays (permissions) are concatenated. */
function manifestFor(source, browser) {
  const manifest = Object.fromEntries(Object.entries(structuredClone(source))
    .filter(([key]) => !BROWSERS.includes(key)));
  for (const [key, value] of Object.entries(source[browser] ?? {})) {
    manifest[key] = Array.isArray(value) && Array.isArray(manifest[key])
      ? [...manifest[key], ...value]
      : value;
  }
  return manifest;
}

// --- a small zip writer (deflate + CRC32), enough for extension packages ---
// A fixed timestamp (1 Jan 2024) so the same input gives the same package.
const DOS_TIME = 0;
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;

function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

function build() {
  const manifestSource = join(HERE, 'manifest.src.jsonc');
  const files = shippedFiles();
  const force = process.argv.includes('--force');
  if (!force && upToDate([manifestSource, fileURLToPath(import.meta.url), ...files.map(([path]) => path)])) {
    console.log('extension: dist/ is up to date');
    return;
  }
  const source = parseJsonc(readFileSync(manifestSource, 'utf8'));
  for (const browser of BROWSERS) {
    const out = join(DIST, browser);
    rmSync(out, { recursive: true, force: true });
    const entries = [];
    const manifest = Buffer.from(`${JSON.stringify(manifestFor(source, browser), null, 2)}\n`);
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'manifest.json'), manifest);
    entries.push({ name: 'manifest.json', data: manifest });
    for (const [path, name] of files) {
      mkdirSync(dirname(join(out, name)), { recursive: true });
      copyFileSync(path, join(out, name));
      entries.push({ name, data: readFileSync(path) });
    }
    writeFileSync(join(DIST, PACKAGES[browser]), zip(entries));
    console.log(`extension: dist/${browser}/ and dist/${PACKAGES[browser]} (${entries.length} files)`);
  }
}

build();
