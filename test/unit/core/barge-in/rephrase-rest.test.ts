import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rephraseRest } from '../../../../app/core/barge-in/rephrase-rest.js';

const T = { timeout: 5_000 };

test('the rest is said after the bridge, word for word', T, () => {
  assert.equal(rephraseRest('One burger. Your to', 'Your total is $12.50.', 'Where was I?'), 'Where was I? Your total is $12.50.');
  assert.equal(rephraseRest('Call us at', ' Call us at 555 0100.  ', 'Where was I?'), 'Where was I? Call us at 555 0100.');
});

test('a bridge without end punctuation becomes its own sentence', T, () => {
  assert.equal(rephraseRest('Sure.', 'Anything else?', 'Sorry about that'), 'Sorry about that. Anything else?');
});

test('no bridge when nothing was heard yet, or none is configured; nothing when nothing is left', T, () => {
  assert.equal(rephraseRest('', 'Your total is $12.50.', 'Where was I?'), 'Your total is $12.50.');
  assert.equal(rephraseRest('One burger.', 'Your total is $12.50.', '  '), 'Your total is $12.50.');
  assert.equal(rephraseRest('One burger.', '   ', 'Where was I?'), '');
});
