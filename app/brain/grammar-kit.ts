/**
 * Compiles a pack's recognition grammar: the brain's intents from its phrases and data, the
 * universal intents, and the built-in sub-grammars they reference. Every word is checked against
 * the recognizer's dictionary; words of the store's own data may be missing from it (they get
 * letter-to-sound pronunciations), authored phrases may not. The same AST feeds the JSGF text,
 * the matcher and the domain n-gram LM.
 */
import { biasPhrasesFromGrammar } from '../core/grammar/bias-phrases.js';
import { alt, grammarWords, makeGrammar, optional, phrases as phraseAlt, ref, seq, tag, word, type Grammar, type GrammarNode, type GrammarRule } from '../core/grammar/ast.js';
import { builtinRules, type BuiltinKind } from '../core/grammar/builtins.js';
import type { PronunciationDictionary } from '../core/grammar/dictionary.js';
import { compileDomainLm } from '../core/grammar/domain-lm.js';
import { spokenForm } from '../core/grammar/spoken-form.js';
import { writeJsgf } from '../core/grammar/jsgf-writer.js';
import { HeedError } from '../core/errors.js';
import type { Lexicon } from '../core/text/lexicon.js';
import type { CompiledGrammar } from '../core/turn.js';
import type { DomainBrain, GrammarKit } from './brain.js';
import { BUILTIN_UNIVERSAL_PHRASES, UNIVERSAL_INTENTS, UNIVERSAL_PHRASE_KEY, type UniversalPhrases } from './universal.js';

export interface PackGrammar {
  grammar: Grammar;
  compiled: CompiledGrammar;
  /** The grammar's words, for tolerant parsing of free text. */
  vocabulary: ReadonlySet<string>;
}

export interface CompileOptions<I> {
  name: string;
  brain: DomainBrain<I>;
  brainPhrases: unknown;
  universal: UniversalPhrases;
  dict: PronunciationDictionary;
  lexicon: Lexicon;
  /** Also build the domain n-gram LM (costs a few hundred ms; the recognizer needs it, understanding does not). */
  withLm?: boolean;
}

function oov(w: string, where: string, dictPath: string): HeedError {
  return new HeedError('GRAMMAR_INVALID', 'domain', `The word "${w}" in ${where} is not in the pronunciation dictionary ${dictPath}`, {
    hint: 'Respell it, use a spoken alias made of dictionary words, or give it a pronunciation in lexicon.json "pronounce".',
  });
}

export function compilePackGrammar<I>(o: CompileOptions<I>): PackGrammar {
  const unknown = new Set<string>();
  const lexWords = new Set(Object.keys(o.lexicon.pronounce).map((w) => w.toLowerCase()));
  const known = (w: string): boolean => o.dict.has(w) || lexWords.has(w);
  const rules = new Map<string, GrammarRule>();
  const addRule = (r: GrammarRule): void => {
    if (!rules.has(r.name)) rules.set(r.name, r);
  };

  const kit: GrammarKit = {
    spoken: (text, where, data = false) => {
      const s = spokenForm(text);
      if (s.length === 0) throw new HeedError('GRAMMAR_INVALID', 'domain', `${where} has no speakable words`);
      for (const w of s.split(' ')) {
        if (known(w)) continue;
        if (data && /^[a-z]{2,}$/.test(w)) unknown.add(w);
        else throw oov(w, where, o.dict.path);
      }
      return s;
    },
    known,
    phrases: (texts, where) => {
      if (texts.length === 0) throw new HeedError('GRAMMAR_INVALID', 'domain', `${where} is empty`);
      return phraseAlt(texts.map((t) => kit.spoken(t, `phrase "${t}" (${where})`)));
    },
    names: (entries) => alt(...entries.map((e) => tag(phraseAlt(e.forms.map((f) => kit.spoken(f, e.where, true))), e.tag))),
    rule: (name, node) => {
      if (!/^[a-z][a-z0-9_]*$/.test(name) || name.startsWith('builtin_') || name === 'utterance') {
        throw new HeedError('GRAMMAR_INVALID', 'domain', `Bad rule name <${name}>`);
      }
      rules.set(name, { name, isPublic: false, node });
      return ref(name);
    },
    builtin: (kind: BuiltinKind) => {
      for (const r of builtinRules(kind)) addRule(r);
      return ref(`builtin_${kind}`);
    },
    slot: (name, node) => tag(node, `slot=${name}`),
    templates: (texts, where, slots) => {
      const slotOf = (tok: string, t: string): GrammarNode | null => {
        const m = /^\{(\w+)\}$/.exec(tok);
        if (!m) return null;
        const node = slots[m[1] as string];
        if (!node) throw new HeedError('GRAMMAR_INVALID', 'domain', `Unknown slot ${tok} in template "${t}" (${where}); known: ${Object.keys(slots).map((x) => `{${x}}`).join(' ') || 'none'}`);
        return node;
      };
      const build = (toks: readonly string[], t: string): GrammarNode[] => toks.map((tok) => slotOf(tok, t) ?? word(kit.spoken(tok, `template "${t}" (${where})`)));
      // The recognizer copies a rule for every reference, so templates sharing their last slot and
      // what follows it are factored: (prefix | prefix | …) {slot} suffix. Same language, one copy.
      const plain: GrammarNode[] = [];
      const groups = new Map<string, { slot: GrammarNode; suffix: GrammarNode[]; prefixes: GrammarNode[][] }>();
      for (const t of texts) {
        const toks = t.trim().split(/\s+/);
        let last = -1;
        toks.forEach((tok, i) => { if (slotOf(tok, t)) last = i; });
        if (last < 0) { plain.push(seq(...build(toks, t))); continue; }
        const key = toks.slice(last).join(' ');
        const g = groups.get(key) ?? { slot: slotOf(toks[last] as string, t) as GrammarNode, suffix: build(toks.slice(last + 1), t), prefixes: [] };
        g.prefixes.push(build(toks.slice(0, last), t));
        groups.set(key, g);
      }
      const factored = [...groups.values()].map((g) => {
        const nonEmpty = g.prefixes.filter((p) => p.length > 0).map((p) => seq(...p));
        const head = nonEmpty.length === 0 ? [] : [nonEmpty.length < g.prefixes.length ? optional(alt(...nonEmpty)) : alt(...nonEmpty)];
        return seq(...head, g.slot, ...g.suffix);
      });
      return alt(...plain, ...factored);
    },
  };

  const intents: Array<[string, GrammarNode]> = [];
  const names = new Set<string>();
  for (const [name, node] of o.brain.grammar(kit, o.brainPhrases)) {
    if ((UNIVERSAL_INTENTS as readonly string[]).includes(name)) throw new HeedError('GRAMMAR_INVALID', 'domain', `The brain's intent "${name}" clashes with a universal intent`);
    names.add(name);
    intents.push([name, node]);
  }
  for (const u of UNIVERSAL_INTENTS) {
    const key = UNIVERSAL_PHRASE_KEY[u];
    const texts = [...BUILTIN_UNIVERSAL_PHRASES[key], ...o.universal[key]];
    intents.push([u, kit.rule(`universal_${u}`, kit.phrases(texts, `universal ${key}`))]);
  }
  const all = [{ name: 'utterance', isPublic: true, node: alt(...intents.map(([n, node]) => tag(node, `intent=${n}`))) }, ...rules.values()];
  const grammar = makeGrammar(o.name, 'utterance', all);
  const words = grammarWords(grammar);
  for (const w of words) if (!known(w) && !unknown.has(w)) throw oov(w, 'the grammar', o.dict.path);
  const compiled: CompiledGrammar = { name: o.name, jsgf: writeJsgf(grammar), words, unknownWords: [...unknown].sort(), biasPhrases: biasPhrasesFromGrammar(grammar) };
  if (o.withLm) compiled.lmArpa = compileDomainLm(grammar, o.brain.lmSentences?.() ?? []);
  return { grammar, compiled, vocabulary: new Set(words) };
}
