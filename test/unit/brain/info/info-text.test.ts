import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressForVoice, clock, dayPhrase, isPlural, listWords, phoneForVoice } from '../../../../app/brain/info/info-text.js';

test('clock times as written on a screen', () => {
  assert.deepEqual(['07:00', '12:00', '12:30', '21:00', '00:15'].map(clock), ['7:00 AM', '12:00 PM', '12:30 PM', '9:00 PM', '12:15 AM']);
});

test('days relative to today', () => {
  const today = '2026-12-01';
  assert.equal(dayPhrase('2026-12-01', 'Tuesday', today, null), 'today');
  assert.equal(dayPhrase('2026-12-02', 'Wednesday', today, null), 'tomorrow');
  assert.equal(dayPhrase('2026-12-06', 'Sunday', today, null), 'on Sunday');
  assert.equal(dayPhrase('2026-12-08', 'Tuesday', today, null), 'on Tuesday, December 8');
  assert.equal(dayPhrase('2026-12-25', 'Friday', today, 'Christmas Day'), 'on Christmas Day');
});

test('lists, plurals, phone numbers and addresses for the voice', () => {
  assert.equal(listWords(['a']), 'a');
  assert.equal(listWords(['a', 'b', 'c'], 'or'), 'a, b or c');
  assert.deepEqual(['Paint Rollers', 'Safety Glasses', 'Level', 'Pliers Set', 'Ice Melt'].map(isPlural), [true, true, false, false, false]);
  assert.equal(phoneForVoice('(555) 201-4410'), 'five five five, two zero one, four four one zero');
  assert.equal(addressForVoice('4580 East Market Road'), '45 80 East Market Road');
  assert.equal(addressForVoice('120 Main Street'), '1 20 Main Street');
  assert.equal(addressForVoice('105 Elm Street'), '1 oh 5 Elm Street');
  assert.equal(addressForVoice('2500 Oak Avenue'), '25 hundred Oak Avenue');
  assert.equal(addressForVoice('77 Westgate Plaza'), '77 Westgate Plaza');
});
