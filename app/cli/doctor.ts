/** `heed doctor [--domain <dir>]`: every system library, the native addon, each model's sha256, the domain pack, the audio device. */
import { execFile } from 'node:child_process';
import { probeAudio, hasCommand } from '../audio/devices.js';
import { audioBackends } from '../audio/io/backends.js';
import type { AudioDevice } from '../audio/io/types.js';
import { HeedError } from '../core/errors.js';
import { describeProblem, loadManifest, verifyModel } from '../models/manifest.js';
import { loadNative } from '../engines/native.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDomainAgent } from '../brain/open-agent.js';
import { parseArgs } from './args.js';
import { effectiveUnderstanding, type HeedConfig } from '../core/config.js';
import { speechChecks } from './doctor-speech.js';
import { resolveLlmModel } from '../brain/llm/build-chain.js';
import { loadApiKey } from '../engines/llm/api-key.js';
import { createOpenAiClient } from '../engines/llm/openai-client.js';
import { COMMON_OPTIONS, loadConfig } from './options.js';

interface Check { name: string; ok: boolean; detail: string; fix?: string | undefined; required: boolean }

function ldconfig(): Promise<string> {
  return new Promise((resolve) => execFile('/sbin/ldconfig', ['-p'], (err, out) => resolve(err ? '' : out)));
}

export async function runDoctor(argv: string[]): Promise<number> {
  if (argv.includes('--audio-only')) {
    const a = await probeAudio();
    console.log(`${a.available ? 'ok ' : 'no '} audio: ${a.detail}`);
    return a.available ? 0 : 1;
  }
  const checks: Check[] = [];
  const major = Number(process.versions.node.split('.')[0]);
  checks.push({ name: 'node', ok: major >= 20, detail: process.version, fix: 'install Node.js 20 or newer', required: true });

  const manifest = loadManifest();
  const libs = await ldconfig();
  for (const l of manifest.libraries) {
    const ok = libs.includes(l.file);
    checks.push({ name: `library ${l.name}`, ok, detail: ok ? l.file : `${l.file} not found by the dynamic linker`, fix: l.fix, required: true });
  }
  try {
    const n = loadNative();
    checks.push({ name: 'native addon', ok: true, detail: `loaded; voices ${n.listVoices().map((v) => v.id).join(', ')}`, required: true });
  } catch (err) {
    checks.push({ name: 'native addon', ok: false, detail: HeedError.from(err, 'native').message, fix: 'bash scripts/setup.sh (or npm run build:native)', required: true });
  }
  for (const m of manifest.models.filter((x) => x.profile === 'embedded')) {
    const s = await verifyModel(m);
    checks.push({ name: `model ${m.name}`, ok: s.ok, detail: s.ok ? `sha256 ${m.sha256.slice(0, 12)}… ok` : describeProblem(s), fix: m.fix, required: true });
  }
  for (const tool of ['sox', 'flite', 'espeak-ng', 'text2wave', 'pulseaudio', 'parec', 'pacat']) {
    const ok = await hasCommand(tool);
    checks.push({ name: `tool ${tool}`, ok, detail: ok ? 'present' : 'missing (needed by tests, fixtures or live audio)', fix: 'bash scripts/setup.sh', required: false });
  }
  let cfg: HeedConfig | null = null;
  let cfgError: unknown = null;
  try {
    cfg = loadConfig(parseArgs(argv.filter((a) => a !== '--audio-only'), { options: [...COMMON_OPTIONS] }));
  } catch (err) {
    cfgError = err;
  }
  if (cfg) {
    checks.push(...(await speechChecks(cfg)));
    checks.push(domainCheck(cfg));
    checks.push(...(await understandingChecks(cfg)));
  } else {
    checks.push({ name: 'config', ok: false, detail: HeedError.from(cfgError, 'config').message, fix: 'fix the config file (see README, Configuration)', required: true });
  }
  const audio = await probeAudio();
  checks.push({ name: 'audio device', ok: audio.available, detail: audio.detail, fix: 'connect a sound card or start PulseAudio; without one use `heed chat` or `heed respond`', required: false });
  checks.push(...(await audioBackendChecks()));

  let failed = 0;
  for (const c of checks) {
    const mark = c.ok ? 'ok  ' : c.required ? 'FAIL' : 'warn';
    if (!c.ok && c.required) failed++;
    console.log(`${mark} ${c.name.padEnd(42)} ${c.detail}${!c.ok && c.fix ? `\n       fix: ${c.fix}` : ''}`);
  }
  console.log(failed === 0 ? 'heed doctor: ready' : `heed doctor: ${failed} required check(s) failed`);
  return failed === 0 ? 0 : 1;
}

/** The domain pack: loads, checks and compiles it against a scratch copy of its data (the real store is not touched). */
function domainCheck(cfg: HeedConfig): Check {
  const dir = mkdtempSync(join(tmpdir(), 'heed-doctor-'));
  const name = `domain pack ${cfg.domainDir}`;
  try {
    const agent = openDomainAgent({ dbPath: join(dir, 'check.db'), domainDir: cfg.domainDir, dictPath: cfg.stt.dict });
    try {
      const g = agent.grammar();
      const unknown = g.unknownWords.length > 0 ? `; pronounced by rule: ${g.unknownWords.join(', ')}` : '';
      return { name, ok: true, detail: `${agent.files.pack.policy} brain, ${agent.files.pack.tools.length} tools, ${g.words.length} grammar words${unknown}`, required: true };
    } finally { agent.close(); }
  } catch (err) {
    return { name, ok: false, detail: HeedError.from(err, 'domain').message, fix: 'see docs/DOMAINS.md', required: true };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The understanding chain's LLM stages, when configured: the local model file (present, sha256 of
 * a manifest entry) and the escalation endpoint (API key readable, /v1/models answering). Neither
 * is required: without them Heed understands with the grammar alone and asks again or hands over.
 */
async function understandingChecks(cfg: HeedConfig): Promise<Check[]> {
  const u = effectiveUnderstanding(cfg);
  const out: Check[] = [];
  if (!u.local) {
    out.push({ name: 'local LLM', ok: true, detail: 'not configured: the grammar alone understands (embedded profile)', required: false });
  } else {
    try {
      const path = resolveLlmModel(u.local.model);
      const entry = loadManifest().models.find((m) => m.name === u.local?.model && m.stage === 'llm');
      const s = entry ? await verifyModel(entry) : null;
      out.push(s && !s.ok
        ? { name: `local LLM ${u.local.model}`, ok: false, detail: describeProblem(s), fix: entry?.fix, required: false }
        : { name: `local LLM ${u.local.model}`, ok: true, detail: `${path}${entry ? ', sha256 ok' : ''}`, required: false });
    } catch (err) {
      const e = HeedError.from(err, 'llm');
      out.push({ name: `local LLM ${u.local.model}`, ok: false, detail: e.message, fix: e.hint ?? 'heed models pull <name>', required: false });
    }
  }
  if (u.escalation && u.allowEscalation) {
    const e = u.escalation;
    try {
      const key = loadApiKey({ env: e.apiKeyEnv, ...(e.apiKeyFile ? { file: e.apiKeyFile } : {}) });
      const client = createOpenAiClient({ baseUrl: e.baseUrl, model: e.model, apiKey: key, connectTimeoutMs: e.connectTimeoutMs, readTimeoutMs: e.readTimeoutMs, retries: 0 });
      try {
        const up = await client.health(AbortSignal.timeout(3000));
        out.push({ name: `escalation ${new URL(e.baseUrl).host}`, ok: up, detail: up ? `reachable, model ${e.model}${key ? ', API key set' : ', no API key'}` : 'not reachable: turns fall back to a clarifying question or staff', fix: 'check the hub (heed serve-llm) or the network', required: false });
      } finally { await client.close(); }
    } catch (err) {
      out.push({ name: 'escalation', ok: false, detail: HeedError.from(err, 'escalation').message, fix: 'fix understanding.escalation in the config', required: false });
    }
  }
  return out;
}

/**
 * Each live audio backend (`live.audioBackend`): whether it works here and its devices by the names
 * `live.inputDevice` / `live.outputDevice` take. Never required: `heed chat` needs no audio.
 */
async function audioBackendChecks(): Promise<Check[]> {
  const out: Check[] = [];
  for (const b of audioBackends()) {
    const name = `audio backend ${b.name}`;
    try {
      if (!(await b.isAvailable())) {
        out.push({ name, ok: false, detail: 'not available here', fix: b.name === 'pulse' ? 'start PulseAudio (pulseaudio-utils provides pactl, parec, pacat)' : 'check the ALSA devices (aplay -l)', required: false });
        continue;
      }
      const devices = await b.listDevices();
      const tags = (d: AudioDevice): string => {
        const t = [d.isMonitor ? 'monitor of an output' : '', d.isDefault ? 'default' : ''].filter(Boolean).join(', ');
        return t ? ` (${t})` : '';
      };
      const list = (dir: 'input' | 'output'): string => devices.filter((d) => d.direction === dir).map((d) => `"${d.name}"${tags(d)}`).join(', ') || 'none';
      out.push({ name, ok: true, detail: `inputs ${list('input')}; outputs ${list('output')}`, required: false });
    } catch (err) {
      out.push({ name, ok: false, detail: HeedError.from(err, 'audio').message, required: false });
    }
  }
  return out;
}
