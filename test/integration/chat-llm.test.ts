/**
 * `heed chat` with both LLM stages configured, end to end through the CLI: the local stage on a
 * random-weight GGUF, escalation to a `heed serve-llm` child process (its bearer token in a 0600
 * file, the same token in HEED_ESCALATION_API_KEY for the chat). Words the grammar knows never reach
 * a model; words it cannot parse go through the chain and come back as a well-formed turn. The
 * models are meaningless, so the second turn's stage is only checked to be one of the chain's.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { test } from 'node:test';
import { repoRoot } from '../../app/core/paths.js';
import type { OrderView } from '../../app/core/turn.js';
import { writeRandomLlamaGguf } from '../../app/models/gguf-writer.js';
import { heed } from '../helpers/cli.js';
import { orderInDb } from '../helpers/store-reader.js';

const TOKEN = 'serve-llm-chat-test-3f9a0c';
const SESSION = 'chat-llm';
const CLI_MS = 120_000;

interface ChatLine {
  text: string;
  intent: string;
  toolCalls: Array<{ name: string }>;
  reply: string;
  order: OrderView | null;
  handoff: boolean;
  understoodBy?: string;
}

interface ServeLlm {
  child: ChildProcessByStdio<null, Readable, Readable>;
  url: string;
  model: string;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then the exit code (null and the signal when it was killed). */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `heed serve-llm` as a child process; resolves once it prints the address it listens on. */
function startServeLlm(args: string[]): Promise<ServeLlm> {
  const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'heed.js'), 'serve-llm', ...args], { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  let started = false;
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      if (started) return;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`heed serve-llm ${why}\nstdout: ${out}\nstderr: ${err}`));
    };
    const timer = setTimeout(() => fail('printed no address within 60 s'), 60_000);
    child.on('error', (e) => fail(`did not start: ${e.message}`));
    void exited.then(({ code, signal }) => fail(`exited early (${String(code ?? signal)})`));
    child.stdout.on('data', () => {
      const m = /listening on (http:\/\/\S+) \(model (.+)\)/.exec(out);
      if (started || !m?.[1] || !m[2]) return;
      started = true;
      clearTimeout(timer);
      resolve({
        child, url: m[1], model: m[2], stdout: () => out, stderr: () => err,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
          try {
            return await exited;
          } finally {
            clearTimeout(kill);
          }
        },
      });
    });
  });
}

/** The pino records on a stream (JSON lines), others skipped. */
function records(text: string): Array<Record<string, unknown>> {
  return text.split('\n').filter((l) => l.startsWith('{')).flatMap((l) => {
    try {
      return [JSON.parse(l) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

test('heed chat --json with a local GGUF and escalation to heed serve-llm: the grammar turn, then a chain turn; both processes exit 0', { timeout: 240_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'heed-chat-llm-'));
  let hub: ServeLlm | undefined;
  try {
    const model = writeRandomLlamaGguf(join(dir, 'random.gguf'), { seed: 5 }).path;
    const tokenFile = join(dir, 'hub.token');
    writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    chmodSync(tokenFile, 0o600);
    assert.equal(statSync(tokenFile).mode & 0o777, 0o600);

    // The drive-thru tool prompt is ~7.6k tokens with the random GGUF's 800-token vocabulary: both
    // ends get 8192 tokens of context (at 4096 the models would only answer "context full").
    const t0 = performance.now();
    hub = await startServeLlm(['--model', model, '--port', '0', '--token-file', tokenFile, '--context-size', '8192']);
    t.diagnostic(`serve-llm up in ${Math.round(performance.now() - t0)} ms at ${hub.url} (model ${hub.model})`);
    assert.match(hub.url, /^http:\/\/127\.0\.0\.1:\d+$/);

    const configFile = join(dir, 'heed.json');
    writeFileSync(configFile, JSON.stringify({
      logLevel: 'info',
      understanding: {
        // 256 tokens: the random model finishes its constrained tool call (~140 tokens) instead of being cut off.
        local: { model, contextSize: 8192, maxTokens: 256 },
        escalation: { baseUrl: hub.url, model: hub.model, connectTimeoutMs: 1000, readTimeoutMs: 10_000 },
        turnBudgetMs: 20_000,
      },
    }, null, 2));
    const db = join(dir, 'chat.db');

    const r = await heed(['chat', '--json', '--config', configFile, '--db', db, '--domain', 'domains/drive-thru', '--session', SESSION], {
      input: 'can i get a cheeseburger\ngimme the usual thingy\n', timeoutMs: CLI_MS, env: { HEED_ESCALATION_API_KEY: TOKEN },
    });
    t.diagnostic(`heed chat: exit ${String(r.code)} after ${Math.round(r.ms)} ms (two models loaded, two turns)`);
    assert.equal(r.code, 0, r.stderr);

    const lines = r.stdout.split('\n').filter((l) => l.trim() !== '');
    assert.equal(lines.length, 2, `two JSON lines on stdout:\n${r.stdout}`);
    const [first, second] = lines.map((l) => JSON.parse(l) as ChatLine);
    assert.ok(first !== undefined && second !== undefined);

    assert.equal(first.text, 'can i get a cheeseburger');
    assert.equal(first.understoodBy, 'grammar');
    assert.equal(first.intent, 'add_item');
    assert.deepEqual(first.order?.lines.map((l) => [l.item, l.quantity]), [['Cheeseburger', 1]]);

    assert.equal(second.text, 'gimme the usual thingy');
    assert.ok(second.understoodBy === 'local' || second.understoodBy === 'escalation' || second.understoodBy === 'none', `understoodBy ${String(second.understoodBy)}`);
    if (second.understoodBy === 'none') {
      assert.ok(second.intent === 'not_understood' || second.intent === 'off_topic', `intent ${second.intent}`);
      assert.equal(second.toolCalls.length, 0);
      assert.deepEqual(second.order, first.order, 'the order is as the grammar turn left it');
      assert.deepEqual(orderInDb(db, SESSION), first.order, 'and so is the store');
    }

    // logLevel info: the chat logged one decision (the grammar turn asked no model), its steps
    // naming the local stage first; never the customer's words, never the key.
    const decisions = records(r.stderr).filter((x) => Array.isArray(x['steps']));
    assert.equal(decisions.length, 1, `one decision record:\n${r.stderr.slice(0, 2000)}`);
    const steps = (decisions[0]?.['steps'] ?? []) as Array<{ stage: string; outcome: string; detail: string; ms: number }>;
    t.diagnostic(`decision: ${JSON.stringify(steps)}`);
    assert.equal(steps[0]?.stage, 'local');
    assert.deepEqual(steps.map((s) => s.stage), ['local', 'escalation'].slice(0, steps.length));
    assert.ok(!r.stderr.includes('thingy'), 'the customer\'s words are not logged');
    assert.ok(!r.stderr.includes(TOKEN) && !r.stdout.includes(TOKEN), 'the key is not printed');
    if (steps.some((s) => s.stage === 'escalation')) {
      assert.ok(records(hub.stderr()).some((x) => typeof x['msg'] === 'string' && x['msg'].startsWith('chat completion')), 'serve-llm saw the escalated turn');
    }

    const h = hub;
    hub = undefined;
    const stopped = await h.stop();
    t.diagnostic(`serve-llm: ${h.stderr().split('\n').filter((l) => l.startsWith('heed serve-llm:')).join(' | ')}`);
    assert.deepEqual(stopped, { code: 0, signal: null }, `serve-llm exits 0 on SIGTERM:\n${h.stderr().slice(-1000)}`);
    assert.ok(!h.stdout().includes(TOKEN) && !h.stderr().includes(TOKEN), 'serve-llm never prints its token');
  } finally {
    if (hub) {
      const s = await hub.stop();
      t.diagnostic(`serve-llm stopped in cleanup: ${JSON.stringify(s)}; stderr tail ${hub.stderr().slice(-500)}`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
