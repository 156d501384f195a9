import { holdingEventLoop } from '../../../app/engines/llm/llama-local.js';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatMLChatWrapper, LlamaChatSession, getLlama, readGgufFileInfo, resolveChatWrapper } from 'node-llama-cpp';
import type { Llama, LlamaContext, LlamaModel } from 'node-llama-cpp';
import { writeRandomLlamaGguf } from '../../../app/models/gguf-writer.js';

const T = { timeout: 60_000 };

/** Waits for `work` or `ms`, whichever comes first; the ref'd timer holds the event loop meanwhile. */
async function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); });
  try { await Promise.race([work.then(() => undefined, () => undefined), gaveUp]); } finally { clearTimeout(timer); }
}
const dir = mkdtempSync(join(tmpdir(), 'heed-gguf-'));
const modelPath = join(dir, 'random.gguf');
const written = writeRandomLlamaGguf(modelPath, { seed: 1 });
after(() => rmSync(dir, { recursive: true, force: true }));

test('is deterministic for a seed, small, and reports its own size and sha256', T, () => {
  const onDisk = readFileSync(modelPath);
  assert.equal(written.bytes, onDisk.length);
  assert.equal(written.sha256, createHash('sha256').update(onDisk).digest('hex'));
  assert.ok(written.bytes < 2_000_000, `${written.bytes} bytes`);
  assert.equal(onDisk.subarray(0, 4).toString('latin1'), 'GGUF');
  assert.equal(onDisk.readUInt32LE(4), 3);
  assert.equal(writeRandomLlamaGguf(join(dir, 'same.gguf'), { seed: 1 }).sha256, written.sha256);
  assert.notEqual(writeRandomLlamaGguf(join(dir, 'other.gguf'), { seed: 2 }).sha256, written.sha256);
  assert.throws(() => writeRandomLlamaGguf(join(dir, 'tiny.gguf'), { nVocab: 100 }), RangeError);
});

test('readGgufFileInfo reads back the metadata and tensor infos', T, async () => {
  const info = await readGgufFileInfo(modelPath, { readTensorInfo: true });
  assert.equal(info.version, 3);
  const md = info.metadata;
  assert.equal(md.general.architecture, 'llama');
  assert.equal(md.general.name, 'heed-random-llama');
  const llama = (md as unknown as { llama: { block_count: number; embedding_length: number; context_length: number } }).llama;
  assert.deepEqual([llama.block_count, llama.embedding_length, llama.context_length], [2, 64, 2048]);
  assert.equal(md.tokenizer.ggml.model, 'llama');
  assert.equal(md.tokenizer.ggml.tokens.length, 800);
  assert.match(md.tokenizer.chat_template ?? '', /<\|im_start\|>/);
  const tensors = info.fullTensorInfo ?? [];
  assert.equal(tensors.length, 3 + 9 * 2);
  const embd = tensors.find((t) => t.name === 'token_embd.weight');
  assert.deepEqual(embd?.dimensions.map(Number), [64, 800]);
  assert.ok(tensors.every((t) => t.ggmlType === 0 && Number(t.offset) % 32 === 0));
  assert.ok(tensors.some((t) => t.name === 'blk.1.ffn_down.weight'));

  const plain = writeRandomLlamaGguf(join(dir, 'plain.gguf'), { chatTemplate: null, nVocab: 400 });
  const plainInfo = await readGgufFileInfo(plain.path);
  assert.equal(plainInfo.metadata.tokenizer.chat_template, undefined);
  assert.equal(plainInfo.metadata.tokenizer.ggml.tokens.length, 400);
});

describe('node-llama-cpp loads the random model', () => {
  let llama: Llama;
  let model: LlamaModel;
  let context: LlamaContext;
  before(() => holdingEventLoop((async () => {
    llama = await getLlama({ gpu: false });
    model = await llama.loadModel({ modelPath });
    // One thread: the model is tiny, and llama.cpp's spinning worker threads on a busy 2-core box
    // made each token take ~1 s with the default (4 threads) versus < 1 ms with one.
    context = await model.createContext({ contextSize: 512, threads: 1 });
  })()), T);
  after(async () => {
    await context?.dispose();
    await model?.dispose();
    // node-llama-cpp 3.x: after two failed loadModel calls (the truncated and the bad-magic copy
    // below), llama.dispose() never settles. Reproduced 15/15 in a plain script; either failure
    // alone is fine. Awaiting it let the event loop drain with the hook pending ("Promise
    // resolution is still pending but the event loop has already resolved"), and holding the loop
    // turned that into a 60 s hang. Heed itself never disposes its shared Llama and refuses a bad
    // magic before llama.cpp sees the file (checkGgufFile), so only this test meets it: the
    // dispose is bounded, with a timer that keeps the loop alive until it settles or gives up.
    if (llama) await settledWithin(llama.dispose(), 3000);
  }, T);

  test('tokenizes and detokenizes a round trip (words, punctuation, byte fallback)', T, () => {
    const text = 'hello world, the store is open. Ünïcode ok?';
    const tokens = model.tokenize(text);
    assert.equal(model.detokenize(tokens), text);
    assert.equal(model.tokenize('hello').length, 1, 'a whole word is one piece');
    assert.equal(model.tokens.bos, 1);
    assert.equal(model.tokens.eos, 2);
  });

  test('evaluates tokens with confidences in (0, 1]', T, async () => {
    const sequence = context.getSequence();
    try {
      const confidences: number[] = [];
      for await (const out of sequence.evaluateWithMetadata(model.tokenize('hello', true), { confidence: true }, { temperature: 0 })) {
        confidences.push(out.confidence);
        if (confidences.length >= 10) break;
      }
      assert.equal(confidences.length, 10);
      for (const c of confidences) assert.ok(typeof c === 'number' && c > 0 && c <= 1, String(c));
    } finally {
      sequence.dispose();
    }
  });

  test('resolves the ChatML wrapper from the template and a chat session answers', T, async () => {
    assert.ok(resolveChatWrapper(model) instanceof ChatMLChatWrapper);
    const sequence = context.getSequence();
    try {
      const session = new LlamaChatSession({ contextSequence: sequence });
      assert.ok(session.chatWrapper instanceof ChatMLChatWrapper);
      const answer = await session.prompt('hi', { maxTokens: 8 });
      assert.equal(typeof answer, 'string');
      session.dispose();
    } finally {
      sequence.dispose();
    }
  });

  test('a truncated or corrupt copy makes loadModel reject, not crash', T, async () => {
    const bytes = readFileSync(modelPath);
    const truncated = join(dir, 'truncated.gguf');
    writeFileSync(truncated, bytes.subarray(0, bytes.length >> 1));
    await assert.rejects(llama.loadModel({ modelPath: truncated }));
    const cutInMetadata = join(dir, 'cut-metadata.gguf');
    writeFileSync(cutInMetadata, bytes.subarray(0, 5000));
    await assert.rejects(llama.loadModel({ modelPath: cutInMetadata }));
    const badMagic = join(dir, 'bad-magic.gguf');
    writeFileSync(badMagic, Buffer.concat([Buffer.from('XXXX'), bytes.subarray(4)]));
    await assert.rejects(llama.loadModel({ modelPath: badMagic }), /magic/i);
  });
});
