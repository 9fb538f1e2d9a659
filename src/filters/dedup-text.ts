/**
 * The text exact dedup compares: instruction and response, lower-cased, with
 * punctuation and symbols removed and every run of whitespace made one space, so that
 * "Hello, world!" and "hello   world" count as the same row. Instruction and response
 * are kept apart by a separator no normalised text contains.
 */
const PUNCTUATION = /[\p{P}\p{S}]+/gu;
const WHITESPACE = /\s+/gu;

/** ASCII_FOLD's mark of a character that separates words. */
const SEPARATOR = 0xffff;

/**
 * What an ASCII character becomes: SEPARATOR for whitespace and for every printable ASCII
 * character that is neither a letter nor a digit (all 32 are Unicode punctuation or
 * symbols), else its lower-case code (letters, digits, and the controls, which neither
 * class holds).
 */
const ASCII_FOLD = Uint16Array.from({ length: 128 }, (_, c) => {
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return SEPARATOR;
  if (c >= 0x41 && c <= 0x5a) return c + 0x20;
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) return c;
  return c > 0x20 && c < 0x7f ? SEPARATOR : c;
});

/** Something that takes the UTF-16 code units of a normalised text one at a time. */
export interface CodeUnitSink {
  push(code: number): void;
}

/** Normalise one text for duplicate detection. */
export function normaliseForDedup(text: string): string {
  return text.toLowerCase().replace(PUNCTUATION, " ").replace(WHITESPACE, " ").trim();
}

/** A code point that separates words: punctuation, a symbol or whitespace (what normaliseForDedup's expressions replace). */
const SEPARATOR_CHAR = /^[\p{P}\p{S}\s]$/u;

/**
 * Feed normaliseForDedup(text) to `sink` without building it, in one pass over the
 * lower-cased text (the regular expressions cost about 7 µs a text on the main thread of a
 * run): ASCII characters through a table, any other code point through one test of its
 * class. Replacing runs of punctuation and symbols by a space, then runs of whitespace by one
 * space, then trimming, is the same as splitting at every code point of those classes and
 * joining the words with single spaces, which is what this does.
 */
export function feedNormalised(text: string, sink: CodeUnitSink): void {
  // Lower-casing depends on context (a final sigma), so the whole text is lower-cased first.
  const lower = text.toLowerCase();
  const n = lower.length;
  let started = false;
  let space = false;
  for (let i = 0; i < n; i++) {
    const c = lower.charCodeAt(i);
    if (c < 0x80) {
      const f = ASCII_FOLD[c]!;
      if (f === SEPARATOR) {
        space = started;
        continue;
      }
      if (space) {
        sink.push(0x20);
        space = false;
      }
      sink.push(f);
      started = true;
      continue;
    }
    const cp = lower.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    if (SEPARATOR_CHAR.test(lower.slice(i, i + units))) {
      space = started;
      i += units - 1;
      continue;
    }
    if (space) {
      sink.push(0x20);
      space = false;
    }
    for (let k = 0; k < units; k++) sink.push(lower.charCodeAt(i + k));
    started = true;
    i += units - 1;
  }
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
