/**
 * Character classes as Python's `re` module sees them, because textstat's rules are
 * Python regexes: `\w` is a Unicode letter or number or "_", `\s` is `str.isspace()`.
 * JavaScript's `\s` and `\w` differ (e.g. U+001C–U+001F and U+0085 are Python whitespace,
 * U+FEFF is not; JS `\w` is ASCII only), so the classes are tabulated here once.
 */

/** Anything not listed below: punctuation, symbols, emoji, combining marks. */
export const OTHER = 0;
/** Python `\w`: letters (L*), numbers (N*), underscore. */
export const WORD = 1;
/** Python `str.isspace()`. */
export const SPACE = 2;
/** `.`, `!` or `?`: the sentence terminators of textstat's sentence regex. */
export const TERMINATOR = 3;
/** U+0027, kept inside English contractions by textstat's punctuation removal. */
export const APOSTROPHE = 4;

export type CharClass = typeof OTHER | typeof WORD | typeof SPACE | typeof TERMINATOR | typeof APOSTROPHE;

const UNKNOWN = 255;
const pythonWord = /^[\p{L}\p{N}_]$/u;

/** Class of every BMP code unit, filled lazily above ASCII (most texts never leave it). */
const bmpClass = new Uint8Array(65536).fill(UNKNOWN);

function classify(codePoint: number): CharClass {
  if (isPythonSpace(codePoint)) return SPACE;
  if (codePoint === 0x2e || codePoint === 0x21 || codePoint === 0x3f) return TERMINATOR;
  if (codePoint === 0x27) return APOSTROPHE;
  return pythonWord.test(String.fromCodePoint(codePoint)) ? WORD : OTHER;
}

function isPythonSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    (c >= 0x1c && c <= 0x20) ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

for (let c = 0; c < 128; c++) bmpClass[c] = classify(c);

/** Class of a BMP code unit (surrogates come back as OTHER: use classOfCodePoint). */
export function classOfUnit(unit: number): CharClass {
  const known = bmpClass[unit]!;
  if (known !== UNKNOWN) return known as CharClass;
  const computed = unit >= 0xd800 && unit <= 0xdfff ? OTHER : classify(unit);
  bmpClass[unit] = computed;
  return computed;
}

/** Class of any code point (astral letters such as U+1D400 are Python word characters). */
export function classOfCodePoint(codePoint: number): CharClass {
  return codePoint < 0x10000 ? classOfUnit(codePoint) : classify(codePoint);
}
