/**
 * `heed doctor`'s speech checks for the sherpa-onnx engines (the standard profile, or any config
 * naming whisper / moonshine / zipformer / piper): the runtime loads, each model's files are
 * installed with the manifest's size and sha256, and they pass the same pre-flight the engines run
 * (so a model that would crash the runtime is reported here, not at the kiosk). Ends with the one
 * command that installs everything missing.
 */
import type { HeedConfig } from '../core/config.js';
import { HeedError } from '../core/errors.js';
import { loadSherpa } from '../engines/sherpa/addon.js';
import { findSttFiles, findVitsFiles, type SherpaSttKind } from '../engines/sherpa/model-files.js';
import { preflightMoonshine, preflightVits, preflightWhisper, preflightZipformer } from '../engines/sherpa/preflight.js';
import { describeProblem, entriesNamed, loadManifest, verifyModel } from '../models/manifest.js';

export interface DoctorCheck { name: string; ok: boolean; detail: string; fix?: string | undefined; required: boolean }

const SHERPA_STT: ReadonlySet<string> = new Set<SherpaSttKind>(['whisper', 'moonshine', 'zipformer']);

export async function speechChecks(cfg: HeedConfig): Promise<DoctorCheck[]> {
  const sttKind = SHERPA_STT.has(cfg.stt.engine) ? (cfg.stt.engine as SherpaSttKind) : null;
  const piper = cfg.tts.engine === 'piper';
  if (!sttKind && !piper) {
    return [{ name: 'speech engines', ok: true, detail: `${cfg.stt.engine} + ${cfg.tts.engine} (${cfg.profile} profile; checked above)`, required: false }];
  }
  const out: DoctorCheck[] = [];
  try {
    loadSherpa('stt');
    out.push({ name: 'sherpa-onnx runtime', ok: true, detail: 'sherpa-onnx-node loads', required: true });
  } catch (err) {
    out.push({ name: 'sherpa-onnx runtime', ok: false, detail: HeedError.from(err, 'stt').message, fix: 'npm ci', required: true });
    return out;
  }
  const missing: string[] = [];
  if (sttKind && cfg.stt.model) {
    const kind = sttKind;
    const model = cfg.stt.model;
    out.push(await modelCheck(`stt ${kind} ${model}`, model, missing, () => {
      const files = findSttFiles(kind, model);
      if (files.kind === 'whisper') preflightWhisper(files, cfg.stt.language);
      else if (files.kind === 'moonshine') preflightMoonshine(files);
      else preflightZipformer(files);
    }));
  }
  if (piper && cfg.tts.model) {
    const model = cfg.tts.model;
    out.push(await modelCheck(`tts piper ${model}`, model, missing, () => { preflightVits(findVitsFiles(model)); }));
  }
  if (missing.length > 0) {
    out.push({
      name: `${cfg.profile} profile speech models`, ok: false, detail: `${missing.join(', ')} not installed`,
      fix: `heed models pull ${missing.join(' ')}   (offline: heed models import <bundle.tar>)`, required: true,
    });
  }
  return out;
}

/** A model's manifest files (when it is a manifest name) and its pre-flight. Missing manifest models are collected for the one pull command. */
async function modelCheck(name: string, model: string, missing: string[], preflight: () => void): Promise<DoctorCheck> {
  const entries = entriesNamed(loadManifest(), model);
  const fix = entries[0]?.fix;
  if (entries.length > 0) {
    const bad = (await Promise.all(entries.map((e) => verifyModel(e)))).filter((s) => !s.ok);
    if (bad.length > 0) {
      if (bad.some((s) => s.problem === 'missing')) missing.push(model);
      return { name, ok: false, detail: bad.map((s) => describeProblem(s)).join('; '), fix, required: true };
    }
  }
  try {
    preflight();
    return { name, ok: true, detail: entries.length > 0 ? `${entries.length} files, sha256 and structure ok` : 'structure ok', required: true };
  } catch (err) {
    const e = HeedError.from(err, 'models');
    return { name, ok: false, detail: e.message, fix: e.hint ?? fix ?? 'check the model directory', required: true };
  }
}
