/**
 * The 'rephrase' policy for a reply cut off by an interruption that held no words (a cough, a
 * shout the recognizer could not place): the rest is said again with a spoken bridge in front,
 * "Where was I? Your total is $12.50.", instead of jumping back in mid-thought ('resume') or going
 * quiet ('drop').
 *
 * Deliberately no model in the loop: the rest carries prices, phone numbers and order lines that
 * must come out exactly as the agent first said them, so only the bridge is new. `remainder` is the
 * turn machine's: the unheard rest from the start of the sentence that was cut.
 */
export function rephraseRest(spokenText: string, remainder: string, bridge: string): string {
  const rest = remainder.trim();
  if (rest.length === 0) return '';
  const lead = bridge.trim();
  // Nothing was heard yet: there is nothing to come back to, the reply simply starts again.
  if (lead.length === 0 || spokenText.trim().length === 0) return rest;
  return `${/[.!?]$/u.test(lead) ? lead : `${lead}.`} ${rest}`;
}
