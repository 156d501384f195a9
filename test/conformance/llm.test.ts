import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FakeLlm } from '../../app/engines/llm/fake.js';
import { createLlamaEngine } from '../../app/engines/llm/llama-engine.js';
import { createLlamaLocal } from '../../app/engines/llm/llama-local.js';
import { writeRandomLlamaGguf } from '../../app/models/gguf-writer.js';
import { requireStoriesGguf, STORIES_SKIP } from '../helpers/llm-models.js';
import { ORDER_TOOLS, runLlmConformance } from './llm.conformance.js';
import { minimalArgs } from '../../app/engines/llm/fake.js';
import { apiKeyFrom } from '../../app/engines/llm/api-key.js';
import { createOpenAiClient } from '../../app/engines/llm/openai-client.js';
import type { LlmEngine } from '../../app/engines/llm/types.js';
import { startLlmServer } from '../../app/server/llm-server.js';

/** The escalation client talking to `heed serve-llm`'s server over real HTTP, streamed or not. */
async function overHttp(engine: LlmEngine, stream: boolean): Promise<LlmEngine> {
  const token = 'conformance-token';
  const server = await startLlmServer({ engine, modelId: 'served', token });
  const authed = createOpenAiClient({ baseUrl: server.url, model: 'served', apiKey: apiKeyFrom(token), stream, readTimeoutMs: 60_000, retries: 0 });
  return {
    name: `http:${authed.name}`,
    info: (o) => authed.info(o),
    chat: (req, o) => authed.chat(req, o),
    close: async () => { await authed.close(); await server.close({ graceMs: 1000 }); await engine.close(); },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'heed-llm-conf-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const randomGguf = writeRandomLlamaGguf(join(dir, 'random.gguf'), { seed: 11 }).path;

runLlmConformance('fake', async () => new FakeLlm((req, i) => {
  const tool = req.tools?.[i % (req.tools.length || 1)] ?? ORDER_TOOLS[0];
  if (req.toolChoice === 'required' && tool) return { toolCall: { name: tool.name, arguments: minimalArgs(tool) } };
  return { text: 'one two three four five six seven eight nine ten eleven twelve', delayMs: 2 };
}), { reportsCachedPrefix: true });

const stories = requireStoriesGguf();
if (stories) runLlmConformance('llama.cpp in process, stories260K', () => createLlamaLocal({ modelPath: stories, contextSize: 2048 }), { reportsCachedPrefix: true });
else test('LlmEngine conformance: llama.cpp on stories260K', { skip: STORIES_SKIP }, () => undefined);
runLlmConformance('llama.cpp worker, random-weight GGUF', () => createLlamaEngine({ modelPath: randomGguf, contextSize: 4096 }), { reportsCachedPrefix: true });

runLlmConformance('escalation client → serve-llm (stories260K or random GGUF), streamed', async () => overHttp(await createLlamaLocal({ modelPath: stories || randomGguf, contextSize: 4096 }), true), { reportsCachedPrefix: true });
runLlmConformance('escalation client → serve-llm (random GGUF in its worker), not streamed', async () => overHttp(await createLlamaEngine({ modelPath: randomGguf, contextSize: 4096 }), false), { reportsCachedPrefix: true });
