/** Speech heard while the agent talks: barge-in, backchannel, noise or undecided, and how early it is decided. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyOverlap, DEFAULT_OVERLAP_CONFIG, OverlapTracker, overlapUnits, type OverlapClass, type OverlapInput,
} from '../../../../app/core/barge-in/backchannel.js';

const OPTS = { timeout: 10_000 };
const heard = (partialText: string, speechMs: number, extra: Partial<OverlapInput> = {}): OverlapInput => ({ partialText, speechMs, vadProbMean: 0.9, ...extra });

describe('backchannels do not stop the agent', () => {
  test('each acknowledgement is a backchannel, short or long, during or after', OPTS, () => {
    for (const text of ['mhm', 'uh huh', 'uh-huh', 'yeah', 'yep', 'okay', 'ok', 'right', 'sure', 'hmm', 'mm hmm', 'i see', 'got it', 'all right', 'Okay.', 'yeah yeah', 'oh okay', 'uh yeah', 'um']) {
      for (const speechMs of [150, 400, 900]) {
        assert.equal(classifyOverlap(heard(text, speechMs)), 'backchannel', `${text} @${speechMs}`);
        assert.equal(classifyOverlap(heard(text, speechMs, { ended: true })), 'backchannel', `${text} @${speechMs} ended`);
      }
    }
  });

  test('a backchannel that goes on too long is the recognizer lagging behind a real interruption', OPTS, () => {
    assert.equal(classifyOverlap(heard('yeah', 1400)), 'backchannel');
    assert.equal(classifyOverlap(heard('yeah', 1600)), 'barge_in');
    assert.equal(classifyOverlap(heard('yeah', 1600, { ended: true })), 'backchannel', 'it ended: it was only "yeah"');
    assert.equal(classifyOverlap(heard('yeah', 1600, { echoLikely: true })), 'backchannel', 'a long echo is not a barge-in');
  });
});

describe('noise does not stop the agent', () => {
  test('a cough or short burst with no words is noise once it ends', OPTS, () => {
    assert.equal(classifyOverlap(heard('', 180, { ended: true })), 'noise');
    assert.equal(classifyOverlap(heard('', 450, { ended: true })), 'noise');
    assert.equal(classifyOverlap(heard('', 900, { ended: true, vadProbMean: 0.95 })), 'noise', 'laughter: long, but no words');
  });

  test('weak VAD or a likely echo with no words is noise as soon as it can be told', OPTS, () => {
    assert.equal(classifyOverlap(heard('', 300, { vadProbMean: 0.3 })), 'noise');
    assert.equal(classifyOverlap(heard('', 300, { echoLikely: true })), 'noise');
    assert.equal(classifyOverlap(heard('', 2000, { echoLikely: true })), 'noise');
  });

  test('words on a weak VAD that end early were misheard noise', OPTS, () => {
    assert.equal(classifyOverlap(heard('coke', 200, { vadProbMean: 0.3 })), 'undecided');
    assert.equal(classifyOverlap(heard('coke', 300, { vadProbMean: 0.3, ended: true })), 'noise');
    assert.equal(classifyOverlap(heard('coke', 700, { vadProbMean: 0.3 })), 'barge_in', 'sustained, it is speech after all');
  });
});

describe('interruptions stop the agent', () => {
  test('interrupting words decide at once, however short', OPTS, () => {
    for (const text of ['no wait', 'actually', 'stop', 'hold on', 'hang on', 'wait', 'no', 'cancel', 'excuse me', 'sorry', 'never mind', 'Stop!']) {
      assert.equal(classifyOverlap(heard(text, 120)), 'barge_in', text);
    }
  });

  test('a request with content words decides at once', OPTS, () => {
    for (const text of ['can i get a coke', 'cheeseburger', 'make it large', 'i want to book tuesday', 'what time do you close']) {
      assert.equal(classifyOverlap(heard(text, 200)), 'barge_in', text);
    }
  });

  test('function words alone wait for sustained speech (> ~600 ms)', OPTS, () => {
    assert.equal(classifyOverlap(heard('so i', 300)), 'undecided');
    assert.equal(classifyOverlap(heard('so i', 599)), 'undecided');
    assert.equal(classifyOverlap(heard('so i', 600)), 'barge_in');
    assert.equal(classifyOverlap(heard('yeah so', 300)), 'undecided', 'a backchannel and then more');
    assert.equal(classifyOverlap(heard('yeah so', 700)), 'barge_in');
    assert.equal(classifyOverlap(heard('so', 300, { ended: true })), 'noise', 'a false start that stopped');
    assert.equal(classifyOverlap(heard('yeah so', 300, { ended: true })), 'backchannel');
  });

  test('long strong speech the recognizer gives no words for interrupts', OPTS, () => {
    assert.equal(classifyOverlap(heard('', 800)), 'undecided');
    assert.equal(classifyOverlap(heard('', 1200)), 'barge_in');
    assert.equal(classifyOverlap(heard('', 1200, { vadProbMean: 0.4 })), 'noise');
  });

  test('with a likely echo, content words need sustained speech; interrupting words need only a little', OPTS, () => {
    assert.equal(classifyOverlap(heard('cheeseburger', 300, { echoLikely: true })), 'undecided');
    assert.equal(classifyOverlap(heard('cheeseburger', 700, { echoLikely: true })), 'barge_in');
    assert.equal(classifyOverlap(heard('cheeseburger', 300, { echoLikely: true, ended: true })), 'noise');
    assert.equal(classifyOverlap(heard('stop', 100, { echoLikely: true })), 'undecided');
    assert.equal(classifyOverlap(heard('stop', 300, { echoLikely: true })), 'barge_in');
  });
});

describe('undecided while too short to tell', () => {
  test('no words under ~250 ms', OPTS, () => {
    for (const ms of [0, 50, 120, 249]) assert.equal(classifyOverlap(heard('', ms)), 'undecided', `${ms} ms`);
    assert.equal(classifyOverlap(heard('', 250)), 'undecided', 'strong wordless speech keeps waiting for words');
    assert.equal(classifyOverlap(heard('   ', 100)), 'undecided', 'blank text is no words');
  });
});

describe('edge cases', () => {
  const table: Array<[string, OverlapInput, OverlapClass]> = [
    ['"yeah no actually"', heard('yeah no actually', 500), 'barge_in'],
    ['"yeah no" at 200 ms', heard('yeah no', 200), 'barge_in'],
    ['"okay"', heard('okay', 300), 'backchannel'],
    ['"yeah add": a backchannel and one word the recognizer ran on to', heard('yeah add', 640), 'backchannel'],
    ['"yeah coke" that goes on', heard('yeah coke', 950), 'barge_in'],
    ['"okay cancel that"', heard('okay cancel that', 700), 'barge_in'],
    ['"okay cancel" early', heard('okay cancel', 250), 'barge_in'],
    ['"uh huh" then "uh huh right"', heard('uh huh right', 600), 'backchannel'],
    ['"mhm" with an echo', heard('mhm', 300, { echoLikely: true }), 'backchannel'],
    ['"thank you"', heard('thank you', 400), 'backchannel'],
    ['"oh no"', heard('oh no', 300), 'barge_in'],
    ['"i see"', heard('i see', 300), 'backchannel'],
    ['"i"', heard('i', 200), 'undecided'],
    ['"great and a coke"', heard('great and a coke', 500), 'barge_in'],
    ['"hold" on its own', heard('hold', 150), 'barge_in'],
    ['120 ms burst', heard('', 120), 'undecided'],
    ['120 ms burst, ended', heard('', 120, { ended: true }), 'noise'],
    ['NaN VAD probability is weak', heard('', 400, { vadProbMean: Number.NaN }), 'noise'],
    ['negative speechMs is 0', heard('', -5), 'undecided'],
  ];
  for (const [name, input, want] of table) {
    test(name, OPTS, () => assert.equal(classifyOverlap(input), want));
  }

  test('the same input always gives the same class', OPTS, () => {
    for (const [, input, want] of table) for (let i = 0; i < 3; i++) assert.equal(classifyOverlap({ ...input }), want);
  });
});

describe('units', () => {
  test('phrases first: interruptions, then backchannels, then words', OPTS, () => {
    assert.deepEqual(overlapUnits(['hold', 'on']), ['interrupt']);
    assert.deepEqual(overlapUnits(['uh', 'huh']), ['backchannel']);
    assert.deepEqual(overlapUnits(['i', 'see']), ['backchannel']);
    assert.deepEqual(overlapUnits(['i', 'want', 'a', 'coke']), ['function', 'content', 'function', 'content']);
    assert.deepEqual(overlapUnits(['okay', 'cancel', 'that']), ['backchannel', 'interrupt', 'function']);
    assert.deepEqual(overlapUnits([]), []);
  });
});

describe('config', () => {
  test('thresholds are configurable', OPTS, () => {
    const strict = { ...DEFAULT_OVERLAP_CONFIG, minDecideMs: 100, sustainedMs: 300, wordlessBargeInMs: 500, maxBackchannelMs: 800, minVadProb: 0.7 };
    assert.equal(classifyOverlap(heard('', 150, { ended: false }), strict), 'undecided');
    assert.equal(classifyOverlap(heard('', 150, { vadProbMean: 0.6 }), strict), 'noise');
    assert.equal(classifyOverlap(heard('', 500), strict), 'barge_in');
    assert.equal(classifyOverlap(heard('so', 300), strict), 'barge_in');
    assert.equal(classifyOverlap(heard('mhm', 800), strict), 'barge_in');
    assert.deepEqual({ ...DEFAULT_OVERLAP_CONFIG }, { minDecideMs: 250, sustainedMs: 600, maxBackchannelMs: 1500, wordlessBargeInMs: 1200, minVadProb: 0.5 });
  });
});

describe('decision latency (OverlapTracker)', () => {
  test('a content word in the partial decides at the first update that has it, and the barge-in is latched', OPTS, () => {
    const t = new OverlapTracker();
    assert.deepEqual(t.update(heard('', 60)), { cls: 'undecided', final: false, decidedAtMs: null });
    assert.deepEqual(t.update(heard('', 140)), { cls: 'undecided', final: false, decidedAtMs: null });
    assert.deepEqual(t.update(heard('large', 180)), { cls: 'barge_in', final: true, decidedAtMs: 180 });
    assert.deepEqual(t.update(heard('large fries', 260)), { cls: 'barge_in', final: true, decidedAtMs: 180 }, 'latched');
    assert.deepEqual(t.update(heard('', 300, { ended: true })), { cls: 'barge_in', final: true, decidedAtMs: 180 });
    assert.equal(t.decision.decidedAtMs, 180);
  });

  test('"okay" is a backchannel until "cancel that" comes', OPTS, () => {
    const t = new OverlapTracker();
    assert.equal(t.update(heard('okay', 200)).cls, 'backchannel');
    assert.equal(t.update(heard('okay', 350)).final, false, 'a backchannel can still turn into a barge-in');
    assert.deepEqual(t.update(heard('okay cancel', 520)), { cls: 'barge_in', final: true, decidedAtMs: 520 });
    assert.equal(t.update(heard('okay cancel that', 700)).decidedAtMs, 520);
  });

  test('a 120 ms burst is undecided, then noise when the speech ends without words', OPTS, () => {
    const t = new OverlapTracker();
    assert.deepEqual(t.update(heard('', 60)), { cls: 'undecided', final: false, decidedAtMs: null });
    assert.deepEqual(t.update(heard('', 120)), { cls: 'undecided', final: false, decidedAtMs: null });
    assert.deepEqual(t.update(heard('', 120, { ended: true })), { cls: 'noise', final: true, decidedAtMs: 120 });
    assert.equal(t.update(heard('stop', 400)).cls, 'noise', 'final: that overlap is over');
    t.reset();
    assert.equal(t.update(heard('stop', 150)).cls, 'barge_in', 'the next overlap starts fresh');
  });

  test('a backchannel is final when it ends', OPTS, () => {
    const t = new OverlapTracker();
    assert.equal(t.update(heard('mhm', 250)).cls, 'backchannel');
    assert.deepEqual(t.update(heard('mhm', 330, { ended: true })), { cls: 'backchannel', final: true, decidedAtMs: 330 });
  });

  test('sustained function words decide at the threshold, not before', OPTS, () => {
    const t = new OverlapTracker();
    const at = [100, 200, 300, 400, 500, 600, 700].map((ms) => t.update(heard('so i', ms)));
    assert.deepEqual(at.map((d) => d.cls), ['undecided', 'undecided', 'undecided', 'undecided', 'undecided', 'barge_in', 'barge_in']);
    assert.equal(t.decision.decidedAtMs, 600);
  });
});
