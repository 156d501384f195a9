#!/usr/bin/env node
// `npm test`: typecheck + build, lint, then every test file; ends with one line of counts.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2); // optional substrings to pick test files
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts }).status ?? 1;

const steps = [];
const step = (name, status) => { steps.push(`${name} ${status === 0 ? 'ok' : 'FAILED'}`); return status === 0; };

console.log('— typecheck + build (tsc)');
const typed = step('typecheck', run('npx', ['tsc', '-p', 'tsconfig.json']));
console.log('— lint (eslint)');
const linted = step('lint', run('npx', ['eslint', '.', '--max-warnings=0']));

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.js') && (only.length === 0 || only.some((o) => p.includes(o)))) files.push(p);
  }
};
walk(join(root, 'dist', 'test'));
files.sort();

const tap = join(mkdtempSync(join(tmpdir(), 'heed-test-')), 'report.tap');
console.log(`— tests (${files.length} files)`);
const testStatus = run(process.execPath, [
  '--test', '--test-timeout=600000',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${tap}`,
  ...files,
]);
const report = readFileSync(tap, 'utf8');
const count = (k) => Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(report)?.[1] ?? 0);
const [tests, pass, fail, skipped, todo, cancelled] = ['tests', 'pass', 'fail', 'skipped', 'todo', 'cancelled'].map(count);
step('tests', testStatus);
console.log(`\nheed test summary: ${steps.join(', ')} — ${tests} tests: ${pass} passed, ${fail} failed, ${cancelled} cancelled, ${skipped} skipped, ${todo} todo (${files.length} files)`);
process.exit(typed && linted && testStatus === 0 && fail === 0 && cancelled === 0 ? 0 : 1);
