#!/usr/bin/env node
// Entry point for `npx heed`: runs the compiled CLI (npm run build makes dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const main = join(root, 'dist', 'app', 'cli', 'main.js');
if (!existsSync(main)) {
  console.error('heed: not built yet — run `bash scripts/setup.sh` (or `npm run build`) in ' + root);
  process.exit(1);
}
const { main: run } = await import(main);
process.exitCode = await run(process.argv.slice(2));
