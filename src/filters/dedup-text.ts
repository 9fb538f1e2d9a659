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

/**
 * Feed normaliseForDedup(text) to `sink` without building it: an all-ASCII text in one pass
 * over its characters (the regular expressions cost about 7 µs a text, on the main thread
 * of a run); a text with any other character through normaliseForDedup, whose regular
 * expressions decide its classes and case.
 */
export function feedNormalised(text: string, sink: CodeUnitSink): void {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      const normal = normaliseForDedup(text);
      for (let j = 0; j < normal.length; j++) sink.push(normal.charCodeAt(j));
      return;
    }
  }
  let started = false;
  let space = false;
  for (let i = 0; i < n; i++) {
    const f = ASCII_FOLD[text.charCodeAt(i)]!;
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
