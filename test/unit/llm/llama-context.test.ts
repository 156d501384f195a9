/**
 * The context window over a long session: old turns are dropped (system prompt kept, the kept part
 * starting at a user turn) so the prompt plus the answer fit; a single message too large for the
 * window is a clear LLM_CONTEXT_FULL, not a crash. Runs the real engine on a random-weight GGUF.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { HeedError } from '../../../app/core/errors.js';
import { fitHistory } from '../../../app/engines/llm/llama-prompt.js';
import { createLlamaLocal } from '../../../app/engines/llm/llama-local.js';
import { collectChat, type ChatMessage, type LlmEngine } from '../../../app/engines/llm/types.js';
import { writeRandomLlamaGguf } from '../../../app/models/gguf-writer.js';

const T = { timeout: 120_000 };
const CONTEXT = 512;
const dir = mkdtempSync(join(tmpdir(), 'heed-llm-ctx-'));
let engine: LlmEngine;
before(async () => { engine = await createLlamaLocal({ modelPath: writeRandomLlamaGguf(join(dir, 'r.gguf'), { seed: 3 }).path, contextSize: CONTEXT }); }, T);
after(async () => { await engine.close(); rmSync(dir, { recursive: true, force: true }); }, T);

function longSession(turns: number): ChatMessage[] {
  const m: ChatMessage[] = [{ role: 'system', content: 'You are a kiosk.' }];
  for (let i = 0; i < turns; i++) {
    m.push({ role: 'user', content: `turn ${i}: can i get a burger and fries` });
    m.push({ role: 'assistant', content: `turn ${i}: sure, anything else` });
  }
  m.push({ role: 'user', content: 'that is all' });
  return m;
}

test('fitHistory keeps system messages and the newest turns, starting at a user turn', () => {
  const msgs = longSession(10);
  const words = (ms: readonly ChatMessage[]): number => ms.reduce((n, m) => n + m.content.split(' ').length, 0);
  const kept = fitHistory(msgs, words, 40);
  assert.ok(kept);
  assert.equal(kept[0]?.role, 'system');
  assert.equal(kept[1]?.role, 'user');
  assert.equal(kept.at(-1)?.content, 'that is all');
  assert.ok(words(kept) <= 40);
  assert.ok(kept.length < msgs.length);
  assert.equal(fitHistory(msgs, words, 2), null, 'not even the last message fits');
  assert.deepEqual(fitHistory(msgs, words, 10_000), msgs);
});

test('a session longer than the context still gets an answer that fits the window', T, async () => {
  const r = await collectChat(engine.chat({ messages: longSession(40), maxTokens: 32 }));
  assert.ok(['stop', 'length'].includes(r.finishReason));
  assert.ok(r.usage.promptTokens + 32 <= CONTEXT, `${r.usage.promptTokens} prompt tokens`);
});

test('one message larger than the window is LLM_CONTEXT_FULL, and the engine carries on', T, async () => {
  await assert.rejects(collectChat(engine.chat({ messages: [{ role: 'user', content: 'burger '.repeat(2000) }], maxTokens: 32 })), (e: unknown) => e instanceof HeedError && e.code === 'LLM_CONTEXT_FULL');
  const r = await collectChat(engine.chat({ messages: [{ role: 'user', content: 'hello' }], maxTokens: 4 }));
  assert.ok(r.usage.completionTokens <= 4);
});
