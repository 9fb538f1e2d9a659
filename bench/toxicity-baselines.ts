import { cuss } from "cuss";

/**
 * Word-list baselines the embedded classifier is compared against. "Plain cuss lookup":
 * lower-case the text, split on anything that is not a letter or apostrophe, and score
 * the text by its highest cuss sureness (0..2, -1 when no word is listed), ties broken by
 * how many listed words it has.
 */
export function cussLookupScore(text: string): number {
  let best = -1;
  let hits = 0;
  for (const word of text.toLowerCase().split(/[^a-z']+/)) {
    if (word === "") continue;
    if (!Object.hasOwn(cuss, word)) continue;
    const s = (cuss as Record<string, number>)[word]!;
    hits++;
    if (s > best) best = s;
  }
  return best + Math.min(hits, 999) / 1000;
}
