/**
 * Intents every domain understands the same way, with built-in phrases a pack may extend under
 * phrases.json "universal". yes / no / cancel are acted on by the brain (they mean different
 * things mid-order and mid-booking); the rest are handled by the agent.
 */
import { z } from 'zod';
import { optionalPhraseList } from './phrase-schemas.js';

export const UNIVERSAL_INTENTS = ['yes', 'no', 'cancel', 'start_over', 'repeat', 'help', 'handoff'] as const;
export type UniversalName = (typeof UNIVERSAL_INTENTS)[number];

export function isUniversal(name: string): name is UniversalName {
  return (UNIVERSAL_INTENTS as readonly string[]).includes(name);
}

/** phrases.json "universal": extra phrases per intent (added to the built-in ones). */
export const universalPhrasesSchema = z.object({
  yes: optionalPhraseList, no: optionalPhraseList, cancel: optionalPhraseList, startOver: optionalPhraseList,
  repeat: optionalPhraseList, help: optionalPhraseList, handoff: optionalPhraseList,
}).strict().default({});

export type UniversalPhrases = z.infer<typeof universalPhrasesSchema>;

export const BUILTIN_UNIVERSAL_PHRASES: Readonly<Record<keyof UniversalPhrases, readonly string[]>> = {
  yes: ['yes', 'yeah', 'yep', 'sure', 'okay', 'yes please', 'yeah please', "that's right", "that's correct", 'correct',
    "yes that's right", "yes that's correct", 'go ahead', 'sounds good', 'yes it is'],
  no: ['no', 'nope', 'no thanks', 'no thank you', 'not yet', 'no wait', 'wait', "no that's wrong", "that's wrong", 'not really', "no it isn't"],
  cancel: ['cancel', 'cancel that', 'cancel it', 'forget it', 'never mind', 'forget about it'],
  startOver: ['start over', "let's start over", 'start again', 'begin again', 'from the beginning'],
  repeat: ['repeat', 'repeat that', 'say that again', 'can you repeat that', 'could you repeat that', 'what did you say', 'come again',
    'pardon', 'sorry what', "i didn't catch that", 'one more time', 'say again'],
  help: ['help', 'help me', 'what can i say', 'what can you do', 'i need help', 'how does this work'],
  handoff: ['talk to a person', 'talk to someone', 'speak to a person', 'speak to someone', 'i want to talk to a person',
    'can i talk to a person', 'can i talk to someone', 'can i speak to someone', 'get me a person', 'get me someone',
    'i need a person', 'talk to a human', 'speak to a human', 'a real person', 'speak to a manager', 'get the manager',
    'talk to staff', 'get a staff member'],
};

/** Maps a universal intent name to its phrases key. */
export const UNIVERSAL_PHRASE_KEY: Readonly<Record<UniversalName, keyof UniversalPhrases>> = {
  yes: 'yes', no: 'no', cancel: 'cancel', start_over: 'startOver', repeat: 'repeat', help: 'help', handoff: 'handoff',
};
