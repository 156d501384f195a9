// Per-pack accuracy for `npm run bench`: every distinct customer utterance of the pack's scenarios,
// spoken by voices that are not the agent's own with pink noise, recognized with the pack's
// compiled grammar by the real pocketsphinx engine.
//   utterance accuracy: the heard words mean the same as the said words (same intent, same slots)
//   slot accuracy:      of the slots in what was said (items, sizes, quantities, dates, times,
//                       phone numbers, names…), the share recovered with the same value
//   scenarios:          multi-turn scenarios that end with the right rows in the store, from speech
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function benchPacks({ root, voices, scenarios: runScenarios = true, log = (s) => process.stderr.write(s) }) {
  const d = (p) => join(root, 'dist', p);
  const { openDomainAgent } = await import(d('app/brain/open-agent.js'));
  const { matchWords } = await import(d('app/core/grammar/matcher.js'));
  const { transcriptWords } = await import(d('app/core/dialog/normalize-text.js'));
  const { PocketsphinxStt } = await import(d('app/engines/stt/pocketsphinx.js'));
  const { runScenario, utterancePcm16k } = await import(d('test/helpers/pack-scenarios.js'));
  const { PACKS } = await import(d('test/scenarios/packs.js'));

  const meaning = (grammar, words) => {
    const m = words.length > 0 ? matchWords(grammar, words) : null;
    if (!m) return { intent: null, slots: [] };
    const intent = m.spans.find((s) => s.tag.startsWith('intent=') && s.start === 0 && s.end === words.length)?.tag ?? null;
    const slots = m.spans.filter((s) => s.tag.includes('=') && !s.tag.startsWith('intent=') && !s.tag.startsWith('b:'))
      .map((s) => (s.tag.startsWith('slot=') ? `${s.tag}:${words.slice(s.start, s.end).join(' ')}` : s.tag));
    return { intent, slots };
  };

  const results = [];
  for (const pack of PACKS) {
    const dir = mkdtempSync(join(tmpdir(), 'heed-bench-pack-'));
    const domainDir = join(root, 'domains', pack.dir);
    const agent = openDomainAgent({ dbPath: join(dir, 'store.db'), domainDir, now: pack.now });
    const stt = new PocketsphinxStt();
    const said = [...new Set(pack.scenarios.flatMap((s) => s.steps.map((st) => st.say).filter((x) => x !== null)))];
    let sameMeaning = 0; let slotsRef = 0; let slotsOk = 0;
    try {
      const { grammar } = agent.packGrammar();
      const g = agent.grammar();
      await stt.setSearch({ kind: 'jsgf', name: g.name, text: g.jsgf, pronounceUnknown: true });
      log(`bench: ${pack.name}: ${said.length} utterances `);
      for (const [i, text] of said.entries()) {
        const voice = voices[i % voices.length];
        const pcm = await utterancePcm16k({ text, voice, snrDb: [35, 30, 25][i % 3], seed: 7000 + i });
        const heard = (await stt.recognize(pcm)).text;
        const want = meaning(grammar, transcriptWords(text));
        const got = meaning(grammar, transcriptWords(heard));
        const same = want.intent === got.intent && JSON.stringify([...want.slots].sort()) === JSON.stringify([...got.slots].sort());
        if (same) sameMeaning++;
        const pool = [...got.slots];
        for (const s of want.slots) {
          slotsRef++;
          const k = pool.indexOf(s);
          if (k >= 0) { slotsOk++; pool.splice(k, 1); }
        }
        log(same ? '.' : 'x');
      }
      log('\n');
      let scenariosOk = null;
      if (runScenarios) {
        scenariosOk = 0;
        log(`bench: ${pack.name}: ${pack.scenarios.length} scenarios from speech `);
        for (const [i, s] of pack.scenarios.entries()) {
          const r = await runScenario(s, { domainDir, now: pack.now, mode: 'audio', stt, voice: voices[i % voices.length], seed: 500 + i, draftTables: pack.draftTables });
          if (r.ok && r.forbidden.length === 0) scenariosOk++;
          log(r.ok ? '.' : 'x');
        }
        log('\n');
      }
      results.push({ pack: pack.name, utterances: said.length, sameMeaning, slotsRef, slotsOk, scenarios: pack.scenarios.length, scenariosOk });
    } finally {
      await stt.close();
      agent.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

export function packTable(results) {
  const pct = (a, b) => (b === 0 ? 'n/a' : `${a}/${b} (${((100 * a) / b).toFixed(0)}%)`);
  return [
    ['pack', 'utterance accuracy', 'slot accuracy', 'scenarios right from speech'],
    ...results.map((r) => [r.pack, pct(r.sameMeaning, r.utterances), pct(r.slotsOk, r.slotsRef), r.scenariosOk === null ? 'skipped' : pct(r.scenariosOk, r.scenarios)]),
  ];
}
