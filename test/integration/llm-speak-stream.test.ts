/**
 * A real local model's streamed text spoken sentence by sentence by the real flite voice: the
 * first sentence is synthesized while the model is still generating. The model's words are
 * meaningless (stories260K or a random-weight GGUF): only order, structure and abort are checked.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { speakStream } from '../../app/core/pipeline/speak.js';
import { createLlamaEngine } from '../../app/engines/llm/llama-engine.js';
import { chatText, type ChatEvent, type LlmEngine } from '../../app/engines/llm/types.js';
import { FliteTts } from '../../app/engines/tts/flite.js';
import { writeRandomLlamaGguf } from '../../app/models/gguf-writer.js';
import { requireStoriesGguf } from '../helpers/llm-models.js';

const T = { timeout: 120_000 };
const dir = mkdtempSync(join(tmpdir(), 'heed-llm-speak-'));
let llm: LlmEngine;
const tts = new FliteTts();

before(async () => {
  const model = requireStoriesGguf() || writeRandomLlamaGguf(join(dir, 'random.gguf'), { seed: 5 }).path;
  llm = await createLlamaEngine({ modelPath: model, contextSize: 2048 });
}, T);
after(async () => { await llm.close(); await tts.close(); rmSync(dir, { recursive: true, force: true }); }, T);

test('model text → sentences → flite PCM, the first sentence spoken before the model is done', T, async () => {
  let doneAt = 0;
  let done: Extract<ChatEvent, { type: 'done' }> | null = null;
  const audioAt: number[] = [];
  const events = llm.chat({ messages: [{ role: 'user', content: 'Once upon a time' }], maxTokens: 200, temperature: 0 });
  const r = await speakStream(tts, chatText(events, (d) => { done = d; doneAt = performance.now(); }), {
    onAudio: (a, i, sentence) => {
      assert.ok(a.pcm.length > 0 && a.sampleRate > 0, `sentence ${i} has audio`);
      assert.ok(sentence.trim().length > 0);
      audioAt.push(performance.now());
    },
  });
  assert.ok(done !== null);
  assert.ok(r.sentences >= 1);
  if (r.sentences >= 2) assert.ok((audioAt[0] ?? Infinity) < doneAt, 'the first sentence was synthesized while the model was still writing');
});

test('an abort during speech stops both the voice and the model', T, async () => {
  const ac = new AbortController();
  let done: Extract<ChatEvent, { type: 'done' }> | null = null;
  const events = llm.chat({ messages: [{ role: 'user', content: 'Once upon a time there was' }], maxTokens: 300, temperature: 0.8, seed: 2 }, { signal: ac.signal });
  const r = await speakStream(tts, chatText(events, (d) => { done = d; }), { signal: ac.signal, onAudio: () => { ac.abort(); } });
  assert.ok(r.sentences <= 1);
  const d = done as Extract<ChatEvent, { type: 'done' }> | null;
  // The voice left the stream: the model either reported its abort or was stopped without a reader.
  assert.ok(d === null || d.finishReason === 'aborted' || d.finishReason === 'stop' || d.finishReason === 'length');
  // The model is free again at once: a stopped generation does not hold the sequence.
  let next: Extract<ChatEvent, { type: 'done' }> | null = null;
  for await (const e of llm.chat({ messages: [{ role: 'user', content: 'Hello' }], maxTokens: 4 })) if (e.type === 'done') next = e;
  assert.ok(next !== null);
});
