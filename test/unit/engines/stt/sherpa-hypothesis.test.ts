/** What the sherpa-onnx recognizers share: written → spoken words, speech energy, the search's vocabulary, the hypothesis. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeSpeechMs, biasVocabulary, hypothesisFrom, meanLogProb, writtenToSpoken } from '../../../../app/engines/stt/sherpa-hypothesis.js';

const T = { timeout: 10_000 };

test('written text becomes the spoken words the dialog parses', T, () => {
  assert.equal(writtenToSpoken('Can I get 2 cheeseburgers, please?'), 'can i get two cheeseburgers please');
  assert.equal(writtenToSpoken('My number is (555) 123-4567.'), 'my number is five five five one two three four five six seven');
  assert.equal(writtenToSpoken('555-0123-4567'), 'five five five zero one two three four five six seven');
  assert.equal(writtenToSpoken('That was $5.49 total'), 'that was five dollars forty nine total');
  assert.equal(writtenToSpoken('$1'), 'one dollar');
  assert.equal(writtenToSpoken("I'd like a large Coke."), "i'd like a large coke");
  assert.equal(writtenToSpoken(''), '');
});

test('speech energy: silence and faint noise count nothing, a voiced tone counts its length', T, () => {
  assert.equal(activeSpeechMs(new Int16Array(16000)), 0);
  const faint = Int16Array.from({ length: 16000 }, (_, i) => ((i * 7919) % 200) - 100);
  assert.equal(activeSpeechMs(faint), 0);
  const tone = Int16Array.from({ length: 16000 }, (_, i) => Math.round(3000 * Math.sin(i / 8)));
  assert.ok(Math.abs(activeSpeechMs(tone) - 1000) <= 32, `${activeSpeechMs(tone)} ms`);
});

test("a search's vocabulary: the JSGF words and its bias phrases; keyphrases; none for an n-gram LM", T, () => {
  const v = biasVocabulary({
    kind: 'jsgf', name: 'g', biasPhrases: ['large cheeseburger', 'zorbleburger'],
    text: "#JSGF V1.0;\ngrammar g;\npublic <order> = [i'd like] (<item> | yes) {yes};\n<item> = large cheeseburger | zorbleburger;\n",
  });
  assert.deepEqual(v.phrases, ['large cheeseburger', 'zorbleburger']);
  for (const w of ["i'd", 'like', 'large', 'cheeseburger', 'zorbleburger', 'yes']) assert.ok(v.words.has(w), w);
  for (const w of ['jsgf', 'grammar', 'public', 'order', 'item', 'g']) assert.ok(!v.words.has(w), w);
  const k = biasVocabulary({ kind: 'keyphrase', name: 'k', phrases: [{ phrase: 'Large Fries', threshold: 1e-20 }] });
  assert.deepEqual(k.phrases, ['large fries']);
  assert.equal(biasVocabulary({ kind: 'ngram', name: 'lm', path: '/x.lm' }).phrases.length, 0);
});

test('a hypothesis: spoken words, timings spread over the audio, confidence from log-probabilities where given', T, () => {
  const h = hypothesisFrom({ text: 'Two fries.', ys_probs: [-0.1, -0.3] }, 1000, {});
  assert.equal(h.text, 'two fries');
  assert.deepEqual(h.words.map((w) => [w.word, w.startMs, w.endMs]), [['two', 0, 500], ['fries', 500, 1000]]);
  assert.ok(Math.abs(h.confidence - Math.exp(-0.2)) < 1e-9);
  assert.equal(h.final, true);
  assert.equal(hypothesisFrom({ text: 'yes' }, 400, {}).confidence, 0.8);
  const rejected = hypothesisFrom({ text: '' }, 400, { rejected: 'phantom' });
  assert.equal(rejected.rejected, 'phantom');
  assert.equal(rejected.confidence, 0);
  assert.deepEqual(rejected.words, []);
  assert.equal(meanLogProb({ ys_log_probs: [-1, -3] }), -2);
  assert.equal(meanLogProb({ ys_log_probs: [] }), undefined);
});
