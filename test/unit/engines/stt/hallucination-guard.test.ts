/** guardTranscript: each rejection rule, the cleaning of accepted text, and real kiosk sentences passing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_GUARD_CONFIG, guardTranscript, type GuardInput, type GuardVerdict } from '../../../../app/engines/stt/hallucination-guard.js';

const T = { timeout: 10_000 };

/** Speech of `speechMs` in a clip 600 ms longer, with a good log-prob unless given. */
const input = (text: string, speechMs: number, extra: Partial<GuardInput> = {}): GuardInput => ({ text, audioMs: speechMs + 600, speechMs, avgLogProb: -0.2, ...extra });
const reason = (v: GuardVerdict): string => (v.ok ? `ok: ${v.text}` : v.reason);

test('the defaults are the documented thresholds', T, () => {
  assert.equal(DEFAULT_GUARD_CONFIG.minSpeechMs, 200);
  assert.equal(DEFAULT_GUARD_CONFIG.maxWordsPerSecond, 6);
  assert.equal(DEFAULT_GUARD_CONFIG.maxRepeat, 3);
  assert.equal(DEFAULT_GUARD_CONFIG.minAvgLogProb, -1);
  assert.ok(Object.isFrozen(DEFAULT_GUARD_CONFIG));
});

test('normal drive-thru, clinic and store sentences pass unchanged', T, () => {
  const ok: Array<[string, number]> = [
    ['Can I get a cheeseburger and a large Coke, please?', 2600],
    ['I\'d like two number one combos with no pickles.', 2400],
    ['Hi, I have an appointment with Dr. Okafor at 3:30.', 2500],
    ['What time do you close on Saturday?', 1700],
    ['Where can I find the cordless drills?', 1600],
    ['Yes.', 300],
    ['No, that\'s all.', 700],
    ['Large.', 250],
    ['Thank you.', 700],
    ['Okay, bye!', 800],
    ['No no no, the spicy one.', 1500],
  ];
  for (const [text, ms] of ok) assert.deepEqual(guardTranscript(input(text, ms)), { ok: true, text }, text);
});

test('no_speech: VAD speech under minSpeechMs, whatever the text', T, () => {
  assert.equal(reason(guardTranscript(input('Can I get a cheeseburger?', 150))), 'no_speech');
  assert.equal(reason(guardTranscript(input('', 0))), 'no_speech');
  assert.equal(reason(guardTranscript({ text: 'yes', audioMs: 120, speechMs: 900 })), 'no_speech', 'speech cannot exceed the audio');
  assert.equal(reason(guardTranscript(input('yes', Number.NaN))), 'no_speech');
  assert.equal(reason(guardTranscript(input('Yes.', 150), { minSpeechMs: 100 })), 'ok: Yes.');
});

test('empty: blank or punctuation-only text', T, () => {
  assert.equal(reason(guardTranscript(input('', 800))), 'empty');
  assert.equal(reason(guardTranscript(input('   ', 800))), 'empty');
  assert.equal(reason(guardTranscript(input('...', 800))), 'empty');
  assert.equal(reason(guardTranscript(input(' - ', 800))), 'empty');
});

test('phantom: the classic subtitle phrases anywhere in the text', T, () => {
  for (const text of ['Thanks for watching!', 'Thank you for watching.', 'Please subscribe to my channel.', 'Subtitles by the Amara.org community',
    'Transcribed by ESO, translated by —', 'www.mooji.org', 'Visit https://example.com', "Don't forget to subscribe!",
    'I want a cheeseburger. Thank you for watching!', 'SUBTITLES BY STEVE']) {
    assert.equal(reason(guardTranscript(input(text, 3000))), 'phantom', text);
  }
  assert.equal(reason(guardTranscript(input('Bring me a zorbleflux', 1500), { extraPhantomPhrases: ['zorbleflux'] })), 'phantom');
});

test('phantom: only non-speech tags, music notes or special tokens', T, () => {
  for (const text of ['[BLANK_AUDIO]', '(music)', '[Music]', '♪', '♪ la la la ♪', '(upbeat music) ♪', '*laughs*', '<|nospeech|>', '[ Silence ]', '(speaking in foreign language)']) {
    assert.equal(reason(guardTranscript(input(text, 1200))), 'phantom', text);
  }
});

test('accepted text has tags and punctuation-only edge tokens stripped', T, () => {
  assert.deepEqual(guardTranscript(input('[BLANK_AUDIO] Can I get fries?', 1500)), { ok: true, text: 'Can I get fries?' });
  assert.deepEqual(guardTranscript(input('(coughs) A large coffee (laughs) please.', 1800)), { ok: true, text: 'A large coffee please.' });
  assert.deepEqual(guardTranscript(input('- Two apple pies. -', 1400)), { ok: true, text: 'Two apple pies.' });
  assert.deepEqual(guardTranscript(input('♪ ♪ One lemonade', 1000)), { ok: true, text: 'One lemonade' });
  assert.deepEqual(guardTranscript(input('... okay, one lemonade ...', 1200)), { ok: true, text: 'okay, one lemonade' });
});

test('everyday phrases Whisper invents are phantoms only on short speech or a low log-prob', T, () => {
  for (const text of ['Thank you.', 'Thanks!', 'Bye.', 'Okay.', 'you', 'So.', 'Thank you very much.']) {
    assert.equal(reason(guardTranscript(input(text, 300))), 'phantom', `${text} on 300 ms`);
    assert.equal(reason(guardTranscript(input(text, 900, { avgLogProb: -0.8 }))), 'phantom', `${text} at -0.8`);
    assert.equal(reason(guardTranscript(input(text, 900))), `ok: ${text}`, `${text} clearly said`);
    assert.equal(reason(guardTranscript(input(text, 900, { avgLogProb: undefined }))), `ok: ${text}`, `${text} without a log-prob`);
  }
  // The same short speech with other words is fine: the rule is about these phrases.
  assert.equal(reason(guardTranscript(input('Yes.', 300))), 'ok: Yes.');
  assert.equal(reason(guardTranscript(input('Thank you.', 300), { softPhantomMinSpeechMs: 250 })), 'ok: Thank you.');
});

test('low_confidence: avg log-prob under minAvgLogProb, only when given', T, () => {
  assert.equal(reason(guardTranscript(input('Can I get a cheeseburger?', 1500, { avgLogProb: -1.4 }))), 'low_confidence');
  assert.equal(reason(guardTranscript(input('Can I get a cheeseburger?', 1500, { avgLogProb: -0.9 }))), 'ok: Can I get a cheeseburger?');
  assert.equal(reason(guardTranscript(input('Can I get a cheeseburger?', 1500, { avgLogProb: undefined }))), 'ok: Can I get a cheeseburger?');
  assert.equal(reason(guardTranscript(input('Can I get a cheeseburger?', 1500, { avgLogProb: -0.9 }), { minAvgLogProb: -0.5 })), 'low_confidence');
});

test('too_long: more words than the speech time allows, with slack for short clips', T, () => {
  // 500 ms: 6 × 0.5 + 2 = 5 words.
  assert.equal(reason(guardTranscript(input('I want a large coffee', 500))), 'ok: I want a large coffee');
  assert.equal(reason(guardTranscript(input('I want a large coffee please', 500))), 'too_long');
  // A long sentence over one second of speech, as Whisper writes over a noise burst.
  assert.equal(reason(guardTranscript(input('And so my fellow Americans, ask not what your country can do for you', 1000, { audioMs: 30000 }))), 'too_long');
  // Tokens, when given: 12 / s + 4.
  assert.equal(reason(guardTranscript(input('Cheeseburger', 1000, { tokenCount: 16 }))), 'ok: Cheeseburger');
  assert.equal(reason(guardTranscript(input('Cheeseburger', 1000, { tokenCount: 17 }))), 'too_long');
  assert.equal(reason(guardTranscript(input('I want a large coffee please', 500), { maxWordsPerSecond: 8 })), 'ok: I want a large coffee please');
});

test('repetition: a loop that is most of the transcript is rejected', T, () => {
  for (const text of ['the the the the the the', 'I want I want I want I want I want', 'Thank you. Thank you. Thank you. Thank you.',
    'one cheeseburger one cheeseburger one cheeseburger one cheeseburger', 'no no no no']) {
    assert.equal(reason(guardTranscript(input(text, 6000))), 'repetition', text);
  }
});

test('repetition: a short loop inside a good transcript is trimmed to one occurrence', T, () => {
  assert.deepEqual(guardTranscript(input('Can I get a large large large large coffee with milk please', 3500)), { ok: true, text: 'Can I get a large coffee with milk please' });
  assert.deepEqual(guardTranscript(input('the spicy chicken, the spicy chicken, the spicy chicken, the spicy chicken, please', 4000)),
    { ok: false, reason: 'repetition' }, 'nine of thirteen words dropped: more than half');
  assert.deepEqual(guardTranscript(input('I would like a sandwich the spicy chicken, the spicy chicken, the spicy chicken, the spicy chicken, with fries and a coke and an apple pie please', 7000)),
    { ok: true, text: 'I would like a sandwich the spicy chicken, with fries and a coke and an apple pie please' });
  // Up to maxRepeat copies are speech.
  assert.deepEqual(guardTranscript(input('No, no, no, the large one', 1500)), { ok: true, text: 'No, no, no, the large one' });
  assert.equal(reason(guardTranscript(input('yes yes yes yes yes yes', 3000), { maxRepeat: 6 })), 'ok: yes yes yes yes yes yes');
});

test('a trimmed loop is judged on what is left for too_long', T, () => {
  // Nine words over one second would be too long (6 + 2); the six left after trimming are not.
  assert.deepEqual(guardTranscript(input('I want a medium coffee coffee coffee coffee please', 1000)), { ok: true, text: 'I want a medium coffee please' });
  // Over half a second (3 + 2) even the six are too many.
  assert.deepEqual(guardTranscript(input('I want a medium coffee coffee coffee coffee please', 500)), { ok: false, reason: 'too_long' });
});
