// The wasm build on the inputs of benches/compare.rs: one article of about
// 800 words (seed 002 with seed 004's first paragraphs) against 1, 10 and 50
// stored versions, and a lookup among 10,000 synthetic stored articles.
// Run after ./build.sh:  node benches/wasm.mjs
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { initSync, analyse, compare, StoryIndex } from '../pkg/storydiff.js';

const root = new URL('..', import.meta.url);
initSync({ module: readFileSync(new URL('pkg/storydiff_bg.wasm', root)) });
const seed = (name) => readFileSync(new URL(`tests/fixtures/seeds/${name}`, root), 'utf8');
const SEEDS = ['000_cb3417d9ea0fa06a.txt', '001_26a6235fd37e7cc5.txt', '002_ec224b497d2decf6.txt',
  '003_21b689914c6dfc28.txt', '004_294208864dd86ac8.txt'].map(seed);

const stored = (id, text) => {
  const a = analyse(text, 'text', id);
  return { id, title: a.title, published: a.published, byline: a.byline, site: a.site, text: a.text };
};

/** Median milliseconds of `fn` over `runs` runs, after `warm` warm-up runs. */
function time(fn, runs = 30, warm = 5) {
  for (let i = 0; i < warm; i++) fn();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const tail = SEEDS[4].split('\n').slice(0, 2).join('\n');
const current = stored('current', `${SEEDS[2]}\n\n${tail}`);
const results = {};
results['analyse 800 words'] = time(() => analyse(`${SEEDS[2]}\n\n${SEEDS[4]}`, 'text', 'a'));
for (const n of [1, 10, 50]) {
  const versions = Array.from({ length: n }, (_, i) => stored(`v${i}`, SEEDS[[0, 1, 3, 4][i % 4]]));
  results[`compare/${n}`] = time(() => compare(current, versions), n === 50 ? 10 : 30);
}

// 10,000 synthetic articles, as in benches/compare.rs.
let state = 0x9e3779b97f4a7c15n;
const next = () => {
  state ^= (state << 13n) & 0xffffffffffffffffn;
  state ^= state >> 7n;
  state ^= (state << 17n) & 0xffffffffffffffffn;
  return Number(state % 1000003n);
};
const index = new StoryIndex();
let query = null;
for (let i = 0; i < 10000; i++) {
  let text = '';
  for (let s = 0; s < 15; s++) {
    for (let w = 0; w < 20; w++) {
      const r = next() % 141;
      text += (w === 0 ? 'Start' : `w${(((r * r) + (next() % 7)) % 20000).toString(16)}q`) + ' ';
    }
    text += `Name${next() % 5000} said ${s}.` + (s % 4 === 3 ? '\n' : ' ');
  }
  const article = { id: `a${i}`, text };
  index.add(article);
  if (i === 4321) query = article;
}
results['lookup among 10000 (with profiling the query)'] = time(() => index.find(query, 20));

for (const [name, ms] of Object.entries(results)) console.log(`${name.padEnd(48)} ${ms.toFixed(3)} ms`);
