#!/usr/bin/env node
// Writes a small random-weight llama GGUF (structurally valid; its words mean nothing) for tests
// that need a loadable model without downloading one.
//   node scripts/write-random-gguf.mjs <out.gguf> [--seed N]     (build first: npm run build)
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const lib = join(root, 'dist', 'app', 'models', 'gguf-writer.js');
const usage = 'usage: node scripts/write-random-gguf.mjs <out.gguf> [--seed N]';

const argv = process.argv.slice(2);
const seedAt = argv.indexOf('--seed');
const seedText = seedAt >= 0 ? argv[seedAt + 1] : '1';
const rest = argv.filter((_, i) => seedAt < 0 || (i !== seedAt && i !== seedAt + 1));
const seed = Number(seedText);
if (rest.length !== 1 || rest[0]?.startsWith('--') || !Number.isInteger(seed)) {
  console.error(usage);
  process.exit(2);
}
if (!existsSync(lib)) {
  console.error('write-random-gguf: build first (npm run build)');
  process.exit(1);
}

const { writeRandomLlamaGguf } = await import(lib);
const { path, bytes, sha256 } = writeRandomLlamaGguf(rest[0], { seed });
console.log(`path   ${path}`);
console.log(`bytes  ${bytes}`);
console.log(`sha256 ${sha256}`);
