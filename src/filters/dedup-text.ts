/**
 * The text exact dedup compares: instruction and response, lower-cased, with
 * punctuation and symbols removed and every run of whitespace made one space, so that
 * "Hello, world!" and "hello   world" count as the same row. Instruction and response
 * are kept apart by a separator no normalised text contains.
 */
const PUNCTUATION = /[\p{P}\p{S}]+/gu;
const WHITESPACE = /\s+/gu;

/** Normalise one text for duplicate detection. */
export function normaliseForDedup(text: string): string {
  return text.toLowerCase().replace(PUNCTUATION, " ").replace(WHITESPACE, " ").trim();
}

/** The normalised key of an instruction/response pair. */
export function dedupKey(instruction: string, response: string): string {
  return normaliseForDedup(instruction) + "\u0000" + normaliseForDedup(response);
}

/** The words of a normalised text (shingling for near dedup). */
export function dedupWords(instruction: string, response: string): string[] {
  const text = normaliseForDedup(instruction + " " + response);
  return text ? text.split(" ") : [];
}
