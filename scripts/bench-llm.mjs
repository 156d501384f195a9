#!/usr/bin/env node
// The local LLM for `npm run bench` (or alone: node scripts/bench-llm.mjs). For each model at hand
// (../shared/models/stories260K.gguf, a random-weight GGUF generated on the spot, and every installed
// standard-profile LLM of the manifest) it prints, as markdown tables, p50/p95 over N runs of:
//   decode speed        tokens/s of text generation in the worker engine (what the kiosk runs)
//   tool-call TTFT      time to first token of a required tool call, cold (the KV prefix does not
//                       match) vs warm (same system prompt + tools, only the user turn prefilled)
//   abort latency       abort() after the third text event → the `done` event
//   tool-call validity  tool calls that validate against their tool's schema
//   serve-llm           requests/s, completion tokens/s and latency at 1, 2 and 4 streamed clients,
//                       server concurrency 1 (queued) and = clients, over the in-process engine
// then the process's peak RSS and the elapsed time. Only numbers: the models' words are never shown.
//   node scripts/bench-llm.mjs [--runs 10] [--requests 8] [--budget-s 20]
// Each measurement stops early (after at least 3 runs) once it has used --budget-s seconds.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ORDER_TOOLS } from '../dist/test/helpers/llm-tools.js';
import { percentile, printTable } from './bench-format.mjs';

const SYSTEM_A = 'You are the voice of a drive-thru kiosk. Be brief.';
const SYSTEM_B = 'Burger counter assistant: answer customers in one short, friendly sentence.';
const UTTERANCES = [
  'two burgers please', 'do you have vegan options', 'table for four tomorrow', 'uh large fries and a cola',
  'what time do you close', 'book me for friday, my number is 555 0100', 'one chicken sandwich', 'a small cola and medium fries',
  'is there parking', 'three burgers no onions', 'can I book for six people on saturday', 'where is the restroom',
];
const utterance = (i) => {
  const u = UTTERANCES[i % UTTERANCES.length];
  const round = Math.floor(i / UTTERANCES.length);
  return round === 0 ? u : `${u} (${round + 1})`;
};


const fmt = (x, digits = 1, unit = '') => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${x.toFixed(digits)}${unit}`);
const ms = (x) => fmt(x, 1, ' ms');

function parseOptions(argv) {
  const opt = (name, dflt) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? Number(argv[i + 1]) : dflt; };
  const positive = (name, v) => {
    if (!Number.isFinite(v) || v <= 0) throw new Error(`bench-llm: --${name} must be a positive number`);
    return v;
  };
  return {
    runs: Math.floor(positive('runs', opt('runs', 10))),
    requests: Math.floor(positive('requests', opt('requests', 8))),
    budgetMs: positive('budget-s', opt('budget-s', 20)) * 1000,
  };
}

/** Runs `fn(i)` up to `runs` times; past `budgetMs` it stops once at least `min` runs are done. */
async function repeat(runs, budgetMs, fn, min = 3) {
  const t0 = performance.now();
  let done = 0;
  for (let i = 0; i < runs; i++) {
    if (i >= Math.min(min, runs) && performance.now() - t0 > budgetMs) break;
    await fn(i);
    done++;
  }
  return done;
}

/** Collects a chat's events without keeping its text: tool calls, the done event, or the error. */
async function runChat(engine, req, opts = {}) {
  const calls = [];
  let done = null;
  try {
    for await (const e of engine.chat(req, opts)) {
      if (e.type === 'tool_call') calls.push(e.call);
      else if (e.type === 'done') done = e;
    }
    return { calls, done, error: null };
  } catch (err) {
    return { calls, done, error: err };
  }
}

const errCode = (err) => (err && typeof err === 'object' && 'code' in err ? String(err.code) : (err?.name ?? 'Error'));

export async function benchLlm({ root = new URL('..', import.meta.url).pathname, argv = [], out = console.log, log = (s) => process.stderr.write(s) } = {}) {
  const started = performance.now();
  const { runs, requests, budgetMs } = parseOptions(argv);
  const d = (p) => join(root, 'dist', p);
  if (!existsSync(d('app/engines/llm/llama-engine.js'))) throw new Error('bench-llm: build first (npm run build)');
  const { createLlamaEngine } = await import(d('app/engines/llm/llama-engine.js'));
  const { createLlamaLocal } = await import(d('app/engines/llm/llama-local.js'));
  const { startLlmServer } = await import(d('app/server/llm-server.js'));
  const { createOpenAiClient } = await import(d('app/engines/llm/openai-client.js'));
  const { writeRandomLlamaGguf } = await import(d('app/models/gguf-writer.js'));
  const { loadManifest, resolveLocation } = await import(d('app/models/manifest.js'));
  const { checkJsonSchema } = await import(d('app/engines/llm/json-schema-check.js'));

  out(`\nLocal LLM bench — up to ${runs} runs per measurement (at least 3, ${budgetMs / 1000} s budget each), ${requests} requests per serve-llm client; threads: engine default\n`);

  const models = [];
  const stories = join(root, '..', 'shared', 'models', 'stories260K.gguf');
  if (existsSync(stories)) models.push({ label: 'stories260K (shared, TinyStories 260K params)', path: stories, note: null });
  else out(`stories260K: not found at ${stories}; skipped`);
  const tmp = mkdtempSync(join(tmpdir(), 'heed-bench-llm-'));
  try {
    const random = join(tmp, 'random-llama.gguf');
    writeRandomLlamaGguf(random, { seed: 1 });
    models.push({ label: 'random-weight GGUF (generated, 64-dim, 2 layers)', path: random, note: 'random weights: these numbers measure plumbing, not a useful model' });
  } catch (err) {
    out(`random GGUF: cannot generate: ${err.message}`);
  }
  try {
    const missing = [];
    for (const m of loadManifest().models) {
      if (m.profile !== 'standard' || m.stage !== 'llm') continue;
      const path = resolveLocation(m.location);
      if (existsSync(path)) models.push({ label: m.name, path, note: null });
      else missing.push(m.name);
    }
    if (missing.length > 0) out(`not installed: ${missing.join(', ')} (heed models pull <name>)`);
  } catch (err) {
    out(`manifest: ${err.message}`);
  }
  out('');

  const results = [];
  try {
    for (const m of models) {
      log(`bench-llm: ${m.label}…\n`);
      try {
        const r = await benchModel(m);
        results.push({ model: m.label, ...r });
      } catch (err) {
        out(`${m.label}: failed: ${errCode(err)}: ${err.message}\n`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const rssMb = process.resourceUsage().maxRSS / 1024;
  const elapsedS = (performance.now() - started) / 1000;
  printTable([
    ['measure', 'value'],
    ['models benchmarked', `${results.length}/${models.length}`],
    ['peak RSS of this process (main + LLM worker; under npm run bench, earlier sections too)', `${rssMb.toFixed(0)} MB`],
    ['elapsed', `${elapsedS.toFixed(1)} s`],
  ], out);
  return { ran: results.length, results, rssMb, elapsedS };

  async function benchModel(m) {
    out(`### ${m.label}${m.note ? ` — ${m.note}` : ''}\n`);
    const worker = await benchWorker(m);
    const serve = await benchServe(m);
    return { worker, serve };
  }

  async function benchWorker(m) {
    const t0 = performance.now();
    const engine = await createLlamaEngine({ modelPath: m.path });
    const loadMs = performance.now() - t0;
    const info = await engine.info();
    try {
      // 1. Decode speed. One warm-up run first (grammar-free, the prompt then stays cached).
      const decodeReq = { messages: [{ role: 'system', content: SYSTEM_A }, { role: 'user', content: 'Tell me a story about a dragon.' }], maxTokens: 64, temperature: 0 };
      await runChat(engine, decodeReq);
      const tps = [];
      const decodeTokens = [];
      const decodeErrors = [];
      const decodeRuns = await repeat(runs, budgetMs, async () => {
        const r = await runChat(engine, decodeReq);
        if (r.error || !r.done) { decodeErrors.push(errCode(r.error)); return; }
        const { completionTokens } = r.done.usage;
        const { firstTokenMs, totalMs } = r.done.timings;
        decodeTokens.push(completionTokens);
        if (firstTokenMs !== null && totalMs > firstTokenMs && completionTokens > 1) tps.push(completionTokens / ((totalMs - firstTokenMs) / 1000));
      });

      // 2 + 4. Tool-call time to first token, cold then warm, and the validity of every call.
      let valid = 0;
      let toolRuns = 0;
      const toolErrors = new Map();
      const toolRun = async (system, user) => {
        const r = await runChat(engine, { messages: [{ role: 'system', content: system }, { role: 'user', content: user }], tools: ORDER_TOOLS, toolChoice: 'required', maxTokens: 400, temperature: 0 });
        return r;
      };
      const score = (r) => {
        toolRuns++;
        const call = r.calls[0];
        const tool = call ? ORDER_TOOLS.find((t) => t.name === call.name) : undefined;
        const ok = !r.error && r.done?.finishReason === 'tool_calls' && r.calls.length === 1 && tool && checkJsonSchema(tool.parameters, call.arguments) === null;
        if (ok) valid++;
        else {
          const why = r.error ? errCode(r.error) : `finish ${r.done?.finishReason ?? '?'}`;
          toolErrors.set(why, (toolErrors.get(why) ?? 0) + 1);
        }
      };
      const sample = () => ({ ttft: [], total: [], prompt: [], cached: [] });
      const record = (s, r) => {
        if (!r.done || r.done.timings.firstTokenMs === null) return;
        s.ttft.push(r.done.timings.firstTokenMs);
        s.total.push(r.done.timings.totalMs);
        s.prompt.push(r.done.usage.promptTokens);
        s.cached.push(r.done.usage.cachedPromptTokens);
      };
      // Cold: the system prompt alternates (B first: the decode runs left A in the cache), so
      // only the chat template's first tokens can match what the sequence holds.
      const cold = sample();
      const coldRuns = await repeat(runs, budgetMs, async (i) => {
        const r = await toolRun(i % 2 === 0 ? SYSTEM_B : SYSTEM_A, utterance(i));
        score(r);
        record(cold, r);
      });
      // Warm: one priming call, then the same system prompt + tools with a new user turn each run.
      await toolRun(SYSTEM_A, 'hello there');
      const warm = sample();
      const warmRuns = await repeat(runs, budgetMs, async (i) => {
        const r = await toolRun(SYSTEM_A, utterance(i + 1));
        score(r);
        record(warm, r);
      });

      // 3. Abort latency: abort() after the third text event → done.
      const abortMs = [];
      let finishedEarly = 0;
      const abortOutcomes = new Map();
      const abortRuns = await repeat(runs, budgetMs, async (i) => {
        const ac = new globalThis.AbortController();
        let texts = 0;
        let abortedAt = null;
        let doneAt = null;
        let finish = null;
        try {
          const req = { messages: [{ role: 'system', content: SYSTEM_A }, { role: 'user', content: 'Tell me a long story about a dragon.' }], maxTokens: Math.min(400, info.contextSize - 64), temperature: 0.7, seed: 3 + i };
          for await (const e of engine.chat(req, { signal: ac.signal })) {
            if (e.type === 'text' && ++texts === 3) { abortedAt = performance.now(); ac.abort(); }
            if (e.type === 'done') { doneAt = performance.now(); finish = e.finishReason; }
          }
        } catch (err) {
          finish = errCode(err);
        }
        abortOutcomes.set(finish, (abortOutcomes.get(finish) ?? 0) + 1);
        if (abortedAt === null) finishedEarly++;
        else if (doneAt !== null) abortMs.push(doneAt - abortedAt);
      });

      const p = (xs, q) => percentile(xs, q);
      const coldP50 = p(cold.ttft, 50);
      const warmP50 = p(warm.ttft, 50);
      const errNote = (m) => [...m].map(([k, v]) => `${v}× ${k}`).join(', ');
      const table = [
        ['measure (worker engine, as the kiosk runs it)', 'runs', 'p50', 'p95', 'notes'],
        ...(m.note ? [['⚠ random weights', '', '', '', 'numbers measure plumbing, not a useful model']] : []),
        ['model load + worker start', 1, ms(loadMs), '', `context ${info.contextSize} tokens`],
        ['decode speed (maxTokens 64, temperature 0)', decodeRuns, fmt(p(tps, 50), 1, ' tok/s'), fmt(p(tps, 5), 1, ' tok/s'),
          `p95 = the slow end (5th percentile of speed); completion tokens p50 ${fmt(p(decodeTokens, 50), 0)}${decodeErrors.length ? `; errors: ${decodeErrors.join(', ')}` : ''}`],
        ['tool call, time to first token, cold', coldRuns, ms(coldP50), ms(p(cold.ttft, 95)),
          `prompt ${fmt(p(cold.prompt, 50), 0)} tok, cached ${fmt(p(cold.cached, 50), 0)} tok (p50)`],
        ['tool call, time to first token, warm', warmRuns, ms(warmP50), ms(p(warm.ttft, 95)),
          `prompt ${fmt(p(warm.prompt, 50), 0)} tok, cached ${fmt(p(warm.cached, 50), 0)} tok (p50)`],
        ['  prefix-reuse saving (cold p50 / warm p50)', '', coldP50 && warmP50 ? `${(coldP50 / warmP50).toFixed(2)}×` : '–', '', ''],
        ['tool call, whole call, cold', cold.total.length, ms(p(cold.total, 50)), ms(p(cold.total, 95)), ''],
        ['tool call, whole call, warm', warm.total.length, ms(p(warm.total, 50)), ms(p(warm.total, 95)), ''],
        ['tool-call validity (schema-checked)', toolRuns, `${valid}/${toolRuns}`, '', `${toolRuns ? ((100 * valid) / toolRuns).toFixed(0) : '–'}%${toolErrors.size ? `; failed: ${errNote(toolErrors)}` : ''}`],
        ['abort() after 3rd text event → done', abortRuns, ms(p(abortMs, 50)), ms(p(abortMs, 95)),
          `outcomes: ${errNote(abortOutcomes)}${finishedEarly ? ` (${finishedEarly} finished before 3 text events)` : ''}`],
      ];
      out('Worker engine (first token is measured inside the engine; prefill included):\n');
      printTable(table, out);
      return {
        loadMs, contextSize: info.contextSize, decode: { runs: decodeRuns, tps, tokens: decodeTokens },
        cold, warm, toolRuns, valid, abortMs, finishedEarly,
      };
    } finally {
      await engine.close();
    }
  }

  async function benchServe(m) {
    const engine = await createLlamaLocal({ modelPath: m.path, sequences: 4 });
    const rows = [];
    const results = [];
    try {
      const modelId = 'bench';
      let n = 0;
      const request = () => ({ messages: [{ role: 'system', content: SYSTEM_A }, { role: 'user', content: utterance(n++) }], maxTokens: 32, temperature: 0 });
      // One warm-up call straight on the engine.
      await runChat(engine, request());
      for (const clients of [1, 2, 4]) {
        for (const concurrency of clients === 1 ? [1] : [1, clients]) {
          const server = await startLlmServer({ engine, modelId, concurrency, maxQueue: 64 });
          const conns = Array.from({ length: clients }, () => createOpenAiClient({ baseUrl: server.url, model: modelId, apiKey: null, stream: true, readTimeoutMs: 120_000, retries: 0 }));
          const latency = [];
          let tokens = 0;
          let okCount = 0;
          const errors = new Map();
          const t0 = performance.now();
          try {
            await Promise.all(conns.map(async (client) => {
              for (let i = 0; i < requests; i++) {
                // Past the budget, each client stops after two requests.
                if (i >= 2 && performance.now() - t0 > budgetMs) break;
                const s = performance.now();
                const r = await runChat(client, request());
                if (r.error || !r.done || r.done.finishReason === 'aborted') {
                  const why = r.error ? errCode(r.error) : r.done?.finishReason ?? 'no done';
                  errors.set(why, (errors.get(why) ?? 0) + 1);
                  continue;
                }
                latency.push(performance.now() - s);
                tokens += r.done.usage.completionTokens;
                okCount++;
              }
            }));
          } finally {
            const wallS = (performance.now() - t0) / 1000;
            for (const c of conns) await c.close();
            await server.close({ graceMs: 1000 });
            const res = { clients, concurrency, ok: okCount, wallS, rps: okCount / wallS, tps: tokens / wallS, p50: percentile(latency, 50), p95: percentile(latency, 95), errors: Object.fromEntries(errors) };
            results.push(res);
            rows.push([clients, concurrency === 1 && clients > 1 ? '1 (queued)' : concurrency, `${okCount}${errors.size ? ` (+${[...errors.values()].reduce((a, b) => a + b, 0)} failed: ${[...errors.keys()].join(', ')})` : ''}`,
              fmt(res.rps, 2), fmt(res.tps, 1), ms(res.p50), ms(res.p95)]);
          }
        }
      }
    } finally {
      await engine.close();
    }
    out(`serve-llm (in-process engine, 4 sequences; streamed, maxTokens 32; each client sends up to ${requests} requests in a row)${m.note ? ` — ${m.note}` : ''}:\n`);
    printTable([['clients', 'server concurrency', 'requests', 'requests/s', 'completion tok/s', 'latency p50', 'latency p95'], ...rows], out);
    return results;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { ran } = await benchLlm({ argv: process.argv.slice(2) });
    if (ran === 0) {
      console.error('bench-llm: no model could be benchmarked');
      process.exitCode = 1;
    }
  } catch (err) {
    console.error(err.message);
    process.exitCode = 1;
  }
}
