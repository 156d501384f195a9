/** "Spicy Chicken-Sandwich!" → "spicy chicken sandwich" (apostrophes kept, as in cmudict). */
export function spokenForm(text: string): string {
  return text.toLowerCase().replace(/[’‘]/g, "'").replace(/&/g, ' and ').replace(/[^a-z0-9' ]+/g, ' ').trim().split(/\s+/).join(' ');
}
