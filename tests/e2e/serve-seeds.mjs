// Serves the seed story as five article pages on localhost, for trying the
// extension by hand: `node tests/e2e/serve-seeds.mjs [port]`, then open the
// printed pages (000 last, to see it compared with the other four).
import { startStoryServer } from './lib/server.js';

const port = Number(process.argv[2] ?? 0);
const server = await startStoryServer(undefined, { port });
console.log(`storydiff seed story on ${server.origin} (Ctrl+C stops):`);
for (const page of [...server.pages.filter((p) => p.number !== '000'), ...server.pages.filter((p) => p.number === '000')]) {
  console.log(`  ${page.url}`);
}
process.on('SIGINT', async () => {
  await server.close();
  process.exit(0);
});
