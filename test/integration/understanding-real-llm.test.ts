/**
 * The understanding chain with real engines: the local stage is node-llama-cpp in its worker
 * (createLlamaEngine) on stories260K or on a random-weight GGUF, and the escalation stage is the
 * real escalation client talking over HTTP to startLlmServer over another llama worker. The models
 * mean nothing, so only structure is asserted: understand() ends within the turn budget, the stage
 * that understood is one of the chain's (or none, and then nothing was written), and the log got one
 * decision record per turn naming the stages in order with outcomes from the StepOutcome set.
 * Durations (and the local stage's prompt and KV-cached tokens) are reported with t.diagnostic.
 *
 * Context: the drive-thru tool prompt is ~7.6k tokens with these tiny vocabularies (512 / 800
 * tokens), so both engines get 8192 tokens of context; at the default 4096 the local stage would
 * only ever answer LLM_CONTEXT_FULL.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { UnderstandingChain, type ChainStep, type StageName, type StepOutcome } from '../../app/brain/llm/understanding-chain.js';
import { openDomainAgent, type PackAgent } from '../../app/brain/open-agent.js';
import { createLogger } from '../../app/core/logger.js';
import { repoRoot } from '../../app/core/paths.js';
import type { TurnResult } from '../../app/core/turn.js';
import { apiKeyFrom } from '../../app/engines/llm/api-key.js';
import { createCircuitBreaker } from '../../app/engines/llm/circuit-breaker.js';
import { createLlamaEngine } from '../../app/engines/llm/llama-engine.js';
import { createOpenAiClient } from '../../app/engines/llm/openai-client.js';
import { collectChat, type ChatEvent, type ChatUsage, type LlmEngine } from '../../app/engines/llm/types.js';
import { writeRandomLlamaGguf } from '../../app/models/gguf-writer.js';
import { startLlmServer } from '../../app/server/llm-server.js';
import { requireStoriesGguf, STORIES_SKIP } from '../helpers/llm-models.js';
import { orderTablesSnapshot } from '../helpers/store-reader.js';

const DRIVE_THRU = join(repoRoot(), 'domains', 'drive-thru');
const UNPARSABLE = 'gimme the usual thingy';
/** Prefill of the tool list on a 2-core machine takes seconds: a wide budget. */
const BUDGET_MS = 20_000;
/** Grammar, SQLite, worker messages and a loaded machine on top of the budget. */
const SLACK_MS = 5_000;
const CONTEXT = 8192;
const HUB_TOKEN = 'hub-token-real-llm-5c1e';
const STAGES: readonly StageName[] = ['local', 'escalation'];
const STEP_OUTCOMES: readonly StepOutcome[] = ['accepted', 'low_confidence', 'not_sure', 'unparsable', 'intent_mismatch', 'error', 'timeout'];

const dir = mkdtempSync(join(tmpdir(), 'heed-real-llm-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const randomLocal = writeRandomLlamaGguf(join(dir, 'local.gguf'), { seed: 5 }).path;
// The hub serves the same weights in its own worker: its tool call (~120 tokens) fits the escalation stage's 128.
const randomHub = randomLocal;

interface Decision {
  steps: ChainStep[];
  accepted: StageName | null;
}

/** The real engine, passed through; the `done` usage of each call is kept for the report. */
function observed(engine: LlmEngine): LlmEngine & { usages: ChatUsage[] } {
  const usages: ChatUsage[] = [];
  return {
    name: engine.name,
    usages,
    info: (o) => engine.info(o),
    close: () => engine.close(),
    async *chat(req, o): AsyncGenerator<ChatEvent> {
      for await (const e of engine.chat(req, o)) {
        if (e.type === 'done') usages.push(e.usage);
        yield e;
      }
    },
  };
}

/** Waits until the engine's one sequence is free again (a call still prefilling holds it), so closing it is safe. */
async function idle(engine: LlmEngine): Promise<void> {
  await collectChat(engine.chat({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 1 })).catch(() => undefined);
}

interface Rig {
  agent: PackAgent;
  local: LlmEngine & { usages: ChatUsage[] };
  decisions(): Decision[];
  snapshot(): string;
}

/**
 * The drive-thru agent with the local stage on `localModel` and escalation to a real llm-server over
 * a random-weight llama worker. Everything is closed in order: agent, client, server, then each
 * engine once it is idle.
 */
async function withRealChain(localModel: string, localMaxTokens: number, fn: (rig: Rig) => Promise<void>): Promise<void> {
  const dbPath = join(mkdtempSync(join(dir, 'db-')), 'store.db');
  const lines: string[] = [];
  const log = createLogger('info', { write: (s: string) => { lines.push(s); } });
  const opened: LlmEngine[] = [];
  let server: Awaited<ReturnType<typeof startLlmServer>> | undefined;
  let client: ReturnType<typeof createOpenAiClient> | undefined;
  let agent: PackAgent | undefined;
  try {
    const hubEngine = await createLlamaEngine({ modelPath: randomHub, contextSize: CONTEXT });
    opened.push(hubEngine);
    server = await startLlmServer({ engine: hubEngine, modelId: 'hub-random', token: HUB_TOKEN });
    client = createOpenAiClient({
      baseUrl: server.url, model: 'hub-random', apiKey: apiKeyFrom(HUB_TOKEN),
      connectTimeoutMs: 1000, readTimeoutMs: 10_000, retries: 1,
      breaker: createCircuitBreaker({ failureThreshold: 3, coolDownMs: 30_000 }),
    });
    const local = observed(await createLlamaEngine({ modelPath: localModel, contextSize: CONTEXT }));
    opened.push(local);
    agent = openDomainAgent({
      dbPath, domainDir: DRIVE_THRU, log,
      understanding: new UnderstandingChain([
        { name: 'local', engine: local, minConfidence: 0.6, maxTokens: localMaxTokens },
        { name: 'escalation', engine: client, minConfidence: 0.5, maxTokens: 128 },
      ], { turnBudgetMs: BUDGET_MS }),
    });
    await fn({
      agent, local,
      decisions: () => lines.flatMap((l) => l.split('\n')).filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Partial<Decision>)
        .filter((r): r is Decision => Array.isArray(r.steps)),
      snapshot: () => orderTablesSnapshot(dbPath),
    });
  } finally {
    agent?.close();
    await client?.close();
    await server?.close({ graceMs: 0 });
    for (const e of opened) {
      await idle(e);
      await e.close();
    }
  }
}

/** One turn: timed, checked for structure, reported. */
async function structuredTurn(t: TestContext, rig: Rig, label: string): Promise<{ r: TurnResult; ms: number; d: Decision }> {
  const before = rig.snapshot();
  const decisionsBefore = rig.decisions().length;
  const usagesBefore = rig.local.usages.length;
  const t0 = performance.now();
  const r = await rig.agent.understand('s', UNPARSABLE);
  const ms = performance.now() - t0;
  const fresh = rig.decisions().slice(decisionsBefore);
  const usage = rig.local.usages.slice(usagesBefore)[0];
  t.diagnostic(`${label}: ${Math.round(ms)} ms, understood by ${r.understoodBy ?? '?'}; steps ${JSON.stringify(fresh[0]?.steps.map((s) => `${s.stage}:${s.outcome}:${s.detail} ${s.ms} ms`))}`
    + (usage ? `; local prompt ${usage.promptTokens} tokens (${usage.cachedPromptTokens} from the KV cache), ${usage.completionTokens} generated` : ''));

  assert.ok(ms < BUDGET_MS + SLACK_MS, `${label}: understand() took ${Math.round(ms)} ms with a ${BUDGET_MS} ms turn budget`);
  assert.ok(r.understoodBy === 'local' || r.understoodBy === 'escalation' || r.understoodBy === 'none', `understoodBy ${String(r.understoodBy)}`);
  if (r.understoodBy === 'none') {
    assert.equal(r.toolCalls.length, 0);
    assert.ok(r.intent === 'not_understood' || r.intent === 'off_topic', `intent ${r.intent}`);
    assert.equal(rig.snapshot(), before, 'nothing was written');
  }

  assert.equal(fresh.length, 1, 'one decision record for the turn');
  const d = fresh[0];
  assert.ok(d !== undefined);
  assert.equal(d.accepted, r.understoodBy === 'none' ? null : r.understoodBy);
  // The steps name the stages in chain order, each once, with a known outcome; the chain stops
  // early only on an accepted reading or a spent budget.
  const names = d.steps.map((s) => s.stage);
  assert.ok(names.length >= 1, 'at least the local stage ran');
  assert.deepEqual(names, STAGES.slice(0, names.length), `steps in chain order: ${names.join(', ')}`);
  for (const s of d.steps) {
    assert.ok(STEP_OUTCOMES.includes(s.outcome), `outcome ${s.outcome}`);
    assert.equal(typeof s.detail, 'string');
    assert.ok(Number.isInteger(s.ms) && s.ms >= 0);
    assert.ok(s.confidence === null || (s.confidence >= 0 && s.confidence <= 1));
  }
  const last = d.steps.at(-1);
  if (names.length < STAGES.length) assert.ok(last?.outcome === 'accepted' || last?.outcome === 'timeout', `the chain stopped after ${last?.stage}:${last?.outcome}`);
  assert.equal(d.steps.filter((s) => s.outcome === 'accepted').length, r.understoodBy === 'none' ? 0 : 1);
  if (r.understoodBy !== 'none') assert.deepEqual([last?.stage, last?.outcome], [r.understoodBy, 'accepted']);
  // The decision record never holds the customer's words.
  assert.ok(!JSON.stringify(d).includes('thingy'));
  return { r, ms, d };
}

test('random-weight GGUF as the local stage, escalation to serve-llm over a second llama worker: two turns within the budget, each logged', { timeout: 300_000 }, async (t) => {
  // 256 tokens lets the random model finish its grammar-constrained tool call (~140 tokens), so the
  // chain judges a real reading (confidence, grammar) instead of a cut-off one.
  await withRealChain(randomLocal, 256, async (rig) => {
    const first = await structuredTurn(t, rig, 'random GGUF, turn 1');
    const second = await structuredTurn(t, rig, 'random GGUF, turn 2 (same session)');
    t.diagnostic(`random GGUF: turn 1 ${Math.round(first.ms)} ms, turn 2 ${Math.round(second.ms)} ms`);
  });
});

const stories = requireStoriesGguf();
test('stories260K as the local stage, escalation to serve-llm over a random-weight llama worker: two turns within the budget, each logged',
  { timeout: 420_000, ...(stories ? {} : { skip: STORIES_SKIP }) }, async (t) => {
    await withRealChain(stories, 96, async (rig) => {
      const first = await structuredTurn(t, rig, 'stories260K, turn 1');
      const second = await structuredTurn(t, rig, 'stories260K, turn 2 (same session)');
      t.diagnostic(`stories260K: turn 1 ${Math.round(first.ms)} ms, turn 2 ${Math.round(second.ms)} ms`);
    });
  });

test('closing the local engine while it is prefilling a prompt ends its worker cleanly (the process survives)', { timeout: 120_000 }, async (t) => {
  // In a child process: a native abort there must not take this test runner down with it. (A file,
  // not --eval: the llm worker inherits the process's execArgv.)
  const url = (p: string): string => new URL(p, import.meta.url).href;
  const script = join(mkdtempSync(join(dir, 'child-')), 'close-mid-prefill.mjs');
  writeFileSync(script, `
    const { createLlamaEngine } = await import(${JSON.stringify(url('../../app/engines/llm/llama-engine.js'))});
    const { collectChat } = await import(${JSON.stringify(url('../../app/engines/llm/types.js'))});
    const engine = await createLlamaEngine({ modelPath: process.argv[2], contextSize: ${CONTEXT} });
    const words = Array.from({ length: 4500 }, (_, i) => ['the', 'cat', 'sat', 'on', 'a', 'mat', 'and', 'looked', 'at', 'sun'][i % 10]).join(' ');
    const chat = collectChat(engine.chat({ messages: [{ role: 'user', content: words }], maxTokens: 8 })).then((r) => r.finishReason, (e) => e.code);
    await new Promise((r) => setTimeout(r, 400));
    await engine.close();
    console.log('closed; the call ended with ' + await chat);
  `);
  const child = spawn(process.execPath, [script, randomLocal], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the child did not exit within 90 s\n${stderr}`)), 90_000);
      child.on('error', reject);
      child.on('close', (c, s) => { clearTimeout(timer); resolve([c, s]); });
    });
    t.diagnostic(`child: exit ${String(code)} ${String(signal)}; stdout ${JSON.stringify(stdout.trim())}; stderr ${JSON.stringify(stderr.trim().slice(0, 300))}`);
    assert.equal(signal, null);
    assert.equal(code, 0, `the process ended with ${String(code)}: ${stderr.trim().slice(0, 300)}`);
    assert.match(stdout, /^closed; the call ended with /m);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});
