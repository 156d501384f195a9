/**
 * The behaviour every LlmEngine must show, run against the fake, the local llama.cpp engine (in
 * process and in its worker, on stories260K and a generated random-weight GGUF) and the
 * OpenAI-compatible client talking to `heed serve-llm`. Model output is meaningless here: these
 * tests assert structure, streaming, validation, cancellation and prefix reuse — never content.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkJsonSchema } from '../../app/engines/llm/json-schema-check.js';
import { collectChat, type ChatEvent, type ChatRequest, type LlmEngine } from '../../app/engines/llm/types.js';
import { ORDER_TOOLS } from '../helpers/llm-tools.js';

const T = { timeout: 120_000 };

export { ORDER_TOOLS };

const SYSTEM = { role: 'system' as const, content: 'You are the voice of a drive-thru kiosk. Be brief.' };

export interface LlmConformanceOptions {
  /** The engine reports prompt tokens served from a reused KV prefix. */
  reportsCachedPrefix: boolean;
  /** Tool calls in one run (each with a different seed / user text). */
  toolRuns?: number;
}

export function runLlmConformance(name: string, factory: () => Promise<LlmEngine>, opts: LlmConformanceOptions): void {
  describe(`LlmEngine conformance: ${name}`, () => {
    let engine: LlmEngine;
    before(async () => { engine = await factory(); }, T);
    after(async () => { await engine.close(); }, T);

    test('names its model and context size', T, async () => {
      const info = await engine.info();
      assert.match(info.id, /\S/);
      assert.ok(Number.isInteger(info.contextSize) && info.contextSize >= 0);
    });

    test('streams text and ends with exactly one done event', T, async () => {
      const events: ChatEvent[] = [];
      for await (const e of engine.chat({ messages: [SYSTEM, { role: 'user', content: 'Hello, what is good today?' }], maxTokens: 24 })) events.push(e);
      const done = events.filter((e) => e.type === 'done');
      assert.equal(done.length, 1);
      assert.equal(events.at(-1)?.type, 'done');
      const last = events.at(-1);
      assert.ok(last?.type === 'done');
      assert.ok(['stop', 'length'].includes(last.finishReason), last.finishReason);
      assert.ok(last.usage.promptTokens > 0);
      assert.ok(last.usage.completionTokens >= 0 && last.usage.completionTokens <= 24);
      assert.ok(last.confidence === null || (last.confidence >= 0 && last.confidence <= 1));
      assert.ok(last.timings.totalMs >= 0);
      for (const e of events) if (e.type === 'text') assert.equal(typeof e.delta, 'string');
      assert.ok(!events.some((e) => e.type === 'tool_call'), 'no tools were offered');
    });

    test('a required tool call always parses and validates against the tool schema', T, async () => {
      const runs = opts.toolRuns ?? 6;
      const utterances = ['two burgers please', 'do you have vegan options', 'table for four tomorrow', 'uh large fries and a cola', 'what time do you close', 'book me for friday, my number is 555 0100'];
      for (let i = 0; i < runs; i++) {
        const req: ChatRequest = {
          messages: [SYSTEM, { role: 'user', content: utterances[i % utterances.length] ?? '' }],
          tools: ORDER_TOOLS, toolChoice: 'required', maxTokens: 400, temperature: i === 0 ? 0 : 0.9, seed: 1000 + i,
        };
        const r = await collectChat(engine.chat(req));
        assert.equal(r.finishReason, 'tool_calls', `run ${i}: ${r.finishReason}`);
        assert.equal(r.toolCalls.length, 1);
        const call = r.toolCalls[0];
        assert.ok(call);
        const tool = ORDER_TOOLS.find((t) => t.name === call.name);
        assert.ok(tool, `run ${i}: unknown tool ${call.name}`);
        assert.equal(checkJsonSchema(tool.parameters, call.arguments), null, `run ${i}: ${JSON.stringify(call.arguments)}`);
        assert.match(call.id, /\S/);
      }
    });

    test("with tool choice 'auto' the answer is either text or one valid tool call", T, async () => {
      for (let i = 0; i < 3; i++) {
        const r = await collectChat(engine.chat({ messages: [SYSTEM, { role: 'user', content: 'can I get a burger' }], tools: ORDER_TOOLS, maxTokens: 400, temperature: 0.8, seed: 7 + i }));
        if (r.toolCalls.length > 0) {
          assert.equal(r.finishReason, 'tool_calls');
          const call = r.toolCalls[0];
          const tool = ORDER_TOOLS.find((t) => t.name === call?.name);
          assert.ok(call && tool);
          assert.equal(checkJsonSchema(tool.parameters, call.arguments), null);
        } else {
          assert.ok(['stop', 'length'].includes(r.finishReason));
        }
      }
    });

    test('an abort mid-stream ends the stream with done "aborted", promptly', T, async () => {
      const ac = new AbortController();
      let abortedAt = 0;
      let last: ChatEvent | undefined;
      let texts = 0;
      for await (const e of engine.chat({ messages: [SYSTEM, { role: 'user', content: 'Tell me a long story about a dragon.' }], maxTokens: 400, temperature: 0.7, seed: 3 }, { signal: ac.signal })) {
        last = e;
        if (e.type === 'text' && ++texts === 3) { abortedAt = performance.now(); ac.abort(); }
      }
      assert.ok(last?.type === 'done');
      if (texts >= 3) {
        assert.equal(last.finishReason, 'aborted');
        // A generous bound for a shared machine; the bench reports the real latency.
        assert.ok(performance.now() - abortedAt < 1000, `stopped after ${performance.now() - abortedAt} ms`);
      } else {
        assert.ok(['stop', 'length'].includes(last.finishReason), 'the model finished before three text events');
      }
    });

    test('an already-aborted signal yields only done "aborted"', T, async () => {
      const events: ChatEvent[] = [];
      for await (const e of engine.chat({ messages: [SYSTEM, { role: 'user', content: 'hi' }] }, { signal: AbortSignal.abort() })) events.push(e);
      assert.equal(events.length, 1);
      assert.ok(events[0]?.type === 'done' && events[0].finishReason === 'aborted');
    });

    test('a follow-up turn reuses the KV prefix of the conversation', T, async () => {
      const first = [SYSTEM, { role: 'user' as const, content: 'I want a burger' }];
      const a = await collectChat(engine.chat({ messages: first, tools: ORDER_TOOLS, toolChoice: 'required', maxTokens: 400 }));
      const b = await collectChat(engine.chat({ messages: [...first, { role: 'assistant', content: 'Sure.' }, { role: 'user', content: 'and fries' }], tools: ORDER_TOOLS, toolChoice: 'required', maxTokens: 400 }));
      assert.ok(b.usage.promptTokens > a.usage.promptTokens);
      if (opts.reportsCachedPrefix) {
        assert.ok(b.usage.cachedPromptTokens > 0, 'nothing reused');
        assert.ok(b.usage.cachedPromptTokens < b.usage.promptTokens);
      } else {
        assert.equal(b.usage.cachedPromptTokens, 0);
      }
    });

    test('a consumer may stop reading early and the engine stays usable', T, async () => {
      for await (const e of engine.chat({ messages: [SYSTEM, { role: 'user', content: 'count to fifty' }], maxTokens: 100 })) {
        if (e.type === 'text') break;
      }
      const r = await collectChat(engine.chat({ messages: [SYSTEM, { role: 'user', content: 'hello' }], maxTokens: 8 }));
      assert.ok(['stop', 'length'].includes(r.finishReason));
    });
  });
}
