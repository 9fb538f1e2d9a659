import { grown } from "../../base/typed-array-growth.js";
import { FNV_OFFSET, FNV_PRIME } from "../../base/hashing.js";

/**
 * Word tokens of one text in canonical form, written into reusable typed buffers.
 *
 * Canonical form is what both the lexicon and the linear model see, so that common
 * obfuscations land on the same features as the plain word:
 * - lower case (one native `toLowerCase` per text);
 * - apostrophes dropped ("you're" → "youre");
 * - symbols used as letters inside a word mapped to the letter ("b!tch", "@ss", "a$$",
 *   "sh|t") — flag `LEET`;
 * - masking symbols inside a word kept as the wildcard `*` ("f*ck", "sh#t", "f%%k") — flag
 *   `MASKED`;
 * - runs of three or more of the same letter cut to two ("fuuuuck" → "fuuck") — flag
 *   `REPEATED` (the lexicon also tries the run cut to one);
 * - digits kept; the lexicon tries the digit-as-letter reading ("sh1t", "a55") itself.
 * Symbols at the edges of a word are punctuation, not letters ("idiot!!!", "c++", "c#").
 */

export const TOKEN_LEET = 1;
export const TOKEN_MASKED = 2;
export const TOKEN_REPEATED = 4;
export const TOKEN_HAS_DIGIT = 8;
/** A word spelled out over single letters ("f u c k"), joined by the toxicity rules. */
export const TOKEN_SPACED = 16;

/** The wildcard a masking symbol becomes. */
export const MASK_CHAR = 42; // "*"

const APOSTROPHE = 39;
const RIGHT_QUOTE = 0x2019;
const LEFT_DOUBLE_QUOTE = 0x201c;
const RIGHT_DOUBLE_QUOTE = 0x201d;

/** Letters for our purposes: a–z after lower-casing, and non-ASCII letters. */
function isLetter(c: number): boolean {
  if (c >= 97 && c <= 122) return true;
  if (c < 0xc0) return false;
  if (c === 0xd7 || c === 0xf7) return false;
  // General punctuation, symbols, arrows, box drawing, CJK punctuation, BOM: separators.
  if (c >= 0x2000 && c <= 0x2bff) return false;
  if (c >= 0x3000 && c <= 0x303f) return false;
  return c !== 0xfeff;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Symbols read as a letter inside a word, and the letter. 0 = not one. */
function leetSymbol(c: number): number {
  switch (c) {
    case 64: return 97; // @ → a
    case 36: return 115; // $ → s
    case 33: return 105; // ! → i
    case 124: return 105; // | → i
    case 43: return 116; // + → t
    default: return 0;
  }
}

/** Symbols that mask a letter inside a word. */
function isMaskSymbol(c: number): boolean {
  return c === 42 || c === 35 || c === 37 || c === 95; // * # % _
}

function isWordPart(c: number): boolean {
  return isLetter(c) || isDigit(c) || leetSymbol(c) !== 0 || isMaskSymbol(c) || c === APOSTROPHE || c === RIGHT_QUOTE;
}

/** Character classes, tabulated for every UTF-16 code unit: the tokenizer asks for each char. */
const WORD_PART = 1;
const LETTER = 2;
const DIGIT = 4;
/** Masking symbol (becomes MASK_CHAR), leet symbol (becomes its letter) or apostrophe (dropped). */
const SPECIAL = 8;
/** May start a token after edge trimming: letter, digit, "@" or "$". */
const EDGE_START = 16;
/** May end a token after edge trimming: letter, digit, a masking symbol or "$". */
const EDGE_END = 32;
const CHAR_CLASS = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) {
  const letter = isLetter(c);
  const digit = isDigit(c);
  CHAR_CLASS[c] =
    (isWordPart(c) ? WORD_PART : 0) |
    (letter ? LETTER : 0) |
    (digit ? DIGIT : 0) |
    (isMaskSymbol(c) || leetSymbol(c) !== 0 || c === APOSTROPHE || c === RIGHT_QUOTE ? SPECIAL : 0) |
    (letter || digit || c === 64 || c === 36 ? EDGE_START : 0) |
    (letter || digit || isMaskSymbol(c) || c === 36 ? EDGE_END : 0);
}

/** Reusable token buffers; grow on demand, never shrink. */
export class TokenBuffer {
  /** Canonical chars of all tokens, back to back. */
  chars = new Uint16Array(1024);
  start = new Int32Array(128);
  end = new Int32Array(128);
  flags = new Uint8Array(128);
  /** FNV-1a hash of each token's canonical chars (unsigned 32-bit). */
  hash = new Uint32Array(128);
  /** 1 when the token is separated from the previous one by a single space or dot only. */
  tightBefore = new Uint8Array(128);
  /** 1 when the token lies inside a closed pair of double quotation marks on its line. */
  quoted = new Uint8Array(128);
  count = 0;

  reserveChars(n: number): void {
    if (n <= this.chars.length) return;
    this.chars = grown(this.chars, Math.max(n, this.chars.length * 2));
  }

  private growTokens(): void {
    const n = this.start.length * 2;
    this.start = grown(this.start, n);
    this.end = grown(this.end, n);
    this.flags = grown(this.flags, n);
    this.hash = grown(this.hash, n);
    this.tightBefore = grown(this.tightBefore, n);
    this.quoted = grown(this.quoted, n);
  }

  pushToken(start: number, end: number, flags: number, hash: number, tight: number): void {
    if (this.count === this.start.length) this.growTokens();
    const i = this.count++;
    this.start[i] = start;
    this.end[i] = end;
    this.flags[i] = flags;
    this.hash[i] = hash;
    this.tightBefore[i] = tight;
    this.quoted[i] = 0;
  }

  /** Token i as a string (tests, explanations; not on the scoring path). */
  tokenText(i: number): string {
    return String.fromCharCode(...this.chars.subarray(this.start[i]!, this.end[i]!));
  }
}


/** Split `text` into canonical tokens in `buf` (previous contents are discarded). */
export function tokenize(text: string, buf: TokenBuffer): void {
  const s = text.toLowerCase();
  const n = s.length;
  buf.count = 0;
  buf.reserveChars(n + 1);
  const out = buf.chars;
  const cls = CHAR_CLASS;
  let w = 0;
  let i = 0;
  // Separator run before the next token: 1 when it was exactly one space or one dot.
  let sepLen = 0;
  let sepTight = 1;
  // The first token after an opening quotation mark still open (-1: none open).
  let quoteFrom = -1;
  while (i < n) {
    const c = s.charCodeAt(i);
    if ((cls[c]! & WORD_PART) === 0) {
      sepLen++;
      if (!(c === 32 || c === 46 || c === 45)) sepTight = 0;
      // Straight quotes toggle; curly ones open or close. A quotation still open at a line
      // break or at the end is no quotation: its tokens stay unmarked.
      if (c === 34 || c === LEFT_DOUBLE_QUOTE || c === RIGHT_DOUBLE_QUOTE) {
        if (quoteFrom >= 0 && c !== LEFT_DOUBLE_QUOTE) {
          buf.quoted.fill(1, quoteFrom, buf.count);
          quoteFrom = -1;
        } else if (c !== RIGHT_DOUBLE_QUOTE) quoteFrom = buf.count;
      } else if (c === 10) quoteFrom = -1;
      i++;
      continue;
    }
    // A raw run of word parts [i, j).
    let j = i + 1;
    let any = cls[c]!;
    while (j < n) {
      const k = cls[s.charCodeAt(j)]!;
      if ((k & WORD_PART) === 0) break;
      any |= k;
      j++;
    }
    // Digit-only runs and bare symbols carry no toxicity signal: skipped, but they still
    // break a spaced-out word.
    if ((any & LETTER) === 0) {
      sepLen = 2;
      sepTight = 0;
      i = j;
      continue;
    }
    // Trim edge symbols: only letters, digits or a leading/trailing mask count at the edges.
    let a = i;
    let b = j;
    while (a < b && (cls[s.charCodeAt(a)]! & EDGE_START) === 0) a++;
    while (b > a && (cls[s.charCodeAt(b - 1)]! & EDGE_END) === 0) b--;
    // Letters are never trimmed, so the token still has one.
    const tight = sepLen <= 1 && sepTight === 1 ? 1 : 0;
    {
      const start = w;
      let flags = 0;
      let h = FNV_OFFSET;
      for (let k = a; k < b; k++) {
        let ch = s.charCodeAt(k);
        const kind = cls[ch]!;
        if ((kind & (SPECIAL | DIGIT)) !== 0) {
          if (ch === APOSTROPHE || ch === RIGHT_QUOTE) continue;
          if ((kind & DIGIT) !== 0) flags |= TOKEN_HAS_DIGIT;
          else if (isMaskSymbol(ch)) {
            ch = MASK_CHAR;
            flags |= TOKEN_MASKED;
          } else {
            ch = leetSymbol(ch);
            flags |= TOKEN_LEET;
          }
        }
        if (w - start >= 2 && out[w - 1] === ch && out[w - 2] === ch && ch !== MASK_CHAR) {
          flags |= TOKEN_REPEATED;
          continue;
        }
        out[w++] = ch;
        h = Math.imul(h ^ ch, FNV_PRIME);
      }
      if (w > start) buf.pushToken(start, w, flags, h >>> 0, tight);
    }
    sepLen = 0;
    sepTight = 1;
    i = j;
  }
}
