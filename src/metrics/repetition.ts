import { fmix32, fnvStep, FNV_OFFSET, mix32 } from "../base/hashing.js";
import { isWordCode, lowerCode } from "../base/char-classes.js";
import { grown } from "../base/typed-array-growth.js";
import type { ScoreColumn } from "../core/score-column.js";
import type { Scorer } from "../core/scorer.js";
import { defineScorer, onOffSwitch, switchIsOn } from "../core/scorer-entry.js";
import type { TextView } from "../core/text-view.js";

/**
 * Repetition signals of the response, after the repetition rules of Gopher (Rae et al. 2021,
 * "Scaling Language Models", appendix A): degenerate loops and copy-pasted blocks are a
 * common defect of generated SFT data. Every value is a fraction in 0..1, 0 for an empty text.
 *
 * - `dup_line`: of the non-blank lines, the fraction that repeat an earlier line (lines
 *   compared exactly after trimming surrounding whitespace).
 * - `top_<n>gram` (n = 2, 3, 4): the word characters covered by the occurrences of the most
 *   frequent word n-gram, over all word characters; 0 unless that n-gram occurs at least
 *   twice. Where occurrences do not overlap this is count × characters of the n-gram; where
 *   they do ("the the the"), a character is counted once, so the value never passes 1. Ties
 *   between equally frequent n-grams go to the one that occurs first (as Python's
 *   Counter.most_common does).
 * - `dup_<n>gram` (n = 5 … 10): the word characters inside every occurrence (the first one
 *   included) of word n-grams that occur more than once, each character counted once, over
 *   all word characters.
 *
 * Words: the text split on whitespace; at each word's edges, characters that are neither
 * letters, digits nor marks (punctuation, symbols, quotes, bullets) are stripped, so
 * "(Hello," and "hello" are the same word; a token with nothing left ("-", "…") is no word.
 * Inner punctuation stays ("don't", "e.g"); words are lower-cased. Word characters are
 * counted in code points, without the spaces between words.
 *
 * Speed: one pass turns the text into two 32-bit hash lanes per word (FNV-1a, and a
 * multiply-rotate lane), and a prefix sum of word lengths; no string is built. An n-gram's
 * hash is its (n-1)-gram's hash at the same position mixed with the next word, both lanes,
 * so each size costs one pass over the words. N-grams are compared by the two lanes together,
 * a 64-bit key: two different n-grams of one text share it with probability about
 * positions² / 2^65 (about 3·10^-10 for a 100,000-word text), far below any threshold's
 * resolution. Lines are compared by hash, then character by character, so they are exact.
 * When no n-gram of a size repeats, no longer one can, and the remaining sizes are 0 without work.
 */
export interface RepetitionScores {
  dup_line_fraction: number;
  top_2gram_char_fraction: number;
  top_3gram_char_fraction: number;
  top_4gram_char_fraction: number;
  dup_5gram_char_fraction: number;
  dup_6gram_char_fraction: number;
  dup_7gram_char_fraction: number;
  dup_8gram_char_fraction: number;
  dup_9gram_char_fraction: number;
  dup_10gram_char_fraction: number;
}

/** The signals in column order (columns are `response_<signal>`). */
export const REPETITION_SIGNALS = [
  "dup_line_fraction",
  "top_2gram_char_fraction",
  "top_3gram_char_fraction",
  "top_4gram_char_fraction",
  "dup_5gram_char_fraction",
  "dup_6gram_char_fraction",
  "dup_7gram_char_fraction",
  "dup_8gram_char_fraction",
  "dup_9gram_char_fraction",
  "dup_10gram_char_fraction",
] as const satisfies ReadonlyArray<keyof RepetitionScores>;

/** N-gram sizes whose most frequent n-gram is measured (signals 1..3), then those whose duplicates are (signals 4..9). */
const TOP_SIZES_END = 4;
const LARGEST_SIZE = 10;

/** Whitespace as the lengths scorer's word count sees it. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029;
}

/** Stripped at word edges: not a letter, digit or mark, and not half of a surrogate pair (emoji stay words). */
function isEdgeCode(c: number): boolean {
  return !isWordCode(c) && (c < 0xd800 || c > 0xdfff);
}

/** The second lane's mix of an n-gram hash with the next word's (independent of mix32's constants). */
function mixLaneB(a: number, b: number): number {
  return fmix32((Math.imul((a + 0x632be5ab) | 0, 0x1b873593) ^ b) | 0) | 0;
}

function tableSize(entries: number): number {
  let size = 16;
  while (size < entries * 2) size *= 2;
  return size;
}

/**
 * Measures texts with reusable buffers (one per scorer, or per thread): after the first long
 * text, measuring allocates nothing.
 */
export class RepetitionCounter {
  private words = 0;
  private laneA = new Int32Array(256);
  private laneB = new Int32Array(256);
  /** Word characters before word i (length words + 1). */
  private prefix = new Float64Array(257);
  private gramA = new Int32Array(256);
  private gramB = new Int32Array(256);
  private slotOf = new Int32Array(256);
  private keyA = new Int32Array(512);
  private keyB = new Int32Array(512);
  private count = new Int32Array(512);
  private first = new Int32Array(512);

  /** Write the signals of `text` into out[offset … offset + 9], in REPETITION_SIGNALS order. */
  measure(text: string, out: Float64Array, offset = 0): void {
    out.fill(0, offset, offset + REPETITION_SIGNALS.length);
    if (text.length === 0) return;
    out[offset] = this.duplicateLineFraction(text);
    const words = this.tokenize(text);
    if (words < 2) return;
    const total = this.prefix[words]!;
    this.gramA.set(this.laneA.subarray(0, words));
    this.gramB.set(this.laneB.subarray(0, words));
    for (let n = 2; n <= LARGEST_SIZE; n++) {
      const positions = words - n + 1;
      if (positions < 2) return;
      const repeats = this.countGrams(n, positions);
      if (!repeats) return; // no n-gram repeats, so no longer one does: the rest stay 0
      const covered = n <= TOP_SIZES_END ? this.topGramCoverage(n, positions) : this.duplicateCoverage(n, positions);
      out[offset + n - 1] = covered / total;
    }
  }

  /** The signals of one text as a record (library use, tests). */
  scores(text: string): RepetitionScores {
    const out = new Float64Array(REPETITION_SIGNALS.length);
    this.measure(text, out);
    return Object.fromEntries(REPETITION_SIGNALS.map((s, i) => [s, out[i]!])) as unknown as RepetitionScores;
  }

  /** Non-blank lines that repeat an earlier line, over non-blank lines. */
  private duplicateLineFraction(text: string): number {
    let lines = 1;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines++;
    const size = tableSize(lines);
    this.ensureTable(size);
    const mask = size - 1;
    const { keyA, count, first, slotOf } = this;
    count.fill(0, 0, size);
    // A slot keeps its line's hash, start (first) and end (slotOf, indexed by slot here).
    let nonBlank = 0;
    let duplicates = 0;
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      const next = end + 1;
      while (start < end && isSpace(text.charCodeAt(start))) start++;
      while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
      if (end > start) {
        nonBlank++;
        let h = FNV_OFFSET;
        for (let i = start; i < end; i++) h = fnvStep(h, text.charCodeAt(i));
        h = fmix32(h) | 0;
        let s = h & mask;
        for (;;) {
          if (count[s] === 0) {
            keyA[s] = h;
            count[s] = 1;
            first[s] = start;
            slotOf[s] = end;
            break;
          }
          if (keyA[s] === h && sameRange(text, first[s]!, slotOf[s]!, start, end)) {
            duplicates++;
            break;
          }
          s = (s + 1) & mask;
        }
      }
      start = next;
    }
    return nonBlank === 0 ? 0 : duplicates / nonBlank;
  }

  /** Split into words: two hash lanes and a character prefix sum per word. Returns the word count. */
  private tokenize(text: string): number {
    let words = 0;
    const len = text.length;
    let i = 0;
    this.prefix[0] = 0;
    while (i < len) {
      if (isSpace(text.charCodeAt(i))) {
        i++;
        continue;
      }
      let start = i;
      while (i < len && !isSpace(text.charCodeAt(i))) i++;
      let end = i;
      while (start < end && isEdgeCode(text.charCodeAt(start))) start++;
      while (end > start && isEdgeCode(text.charCodeAt(end - 1))) end--;
      if (start === end) continue;
      let a = FNV_OFFSET;
      let b = 0x2545f491;
      let chars = 0;
      for (let k = start; k < end; k++) {
        const code = lowerCode(text.charCodeAt(k));
        a = fnvStep(a, code);
        b = Math.imul(b ^ code, 0x5bd1e995);
        b ^= b >>> 15;
        // A low surrogate ends a pair already counted: lengths are in code points.
        if ((code & 0xfc00) !== 0xdc00) chars++;
      }
      if (words === this.laneA.length) this.growWords(words * 2);
      this.laneA[words] = fmix32(a) | 0;
      this.laneB[words] = fmix32(b ^ (end - start)) | 0;
      this.prefix[words + 1] = this.prefix[words]! + chars;
      words++;
    }
    this.words = words;
    return words;
  }

  /**
   * Extend the hashes at positions [0, positions) from (n-1)-grams to n-grams and count them
   * in the table; slotOf[i] is position i's slot. Returns whether any n-gram occurs twice.
   */
  private countGrams(n: number, positions: number): boolean {
    const size = tableSize(positions);
    this.ensureTable(size);
    const mask = size - 1;
    const { gramA, gramB, laneA, laneB, keyA, keyB, count, first, slotOf } = this;
    count.fill(0, 0, size);
    let repeats = false;
    for (let i = 0; i < positions; i++) {
      const a = mix32(gramA[i]!, laneA[i + n - 1]!) | 0;
      const b = mixLaneB(gramB[i]!, laneB[i + n - 1]!);
      gramA[i] = a;
      gramB[i] = b;
      let s = b & mask;
      for (;;) {
        const c = count[s]!;
        if (c === 0) {
          keyA[s] = a;
          keyB[s] = b;
          count[s] = 1;
          first[s] = i;
          break;
        }
        if (keyA[s] === a && keyB[s] === b) {
          count[s] = c + 1;
          repeats = true;
          break;
        }
        s = (s + 1) & mask;
      }
      slotOf[i] = s;
    }
    return repeats;
  }

  /** Characters covered by the occurrences of the most frequent n-gram (which occurs twice or more). */
  private topGramCoverage(n: number, positions: number): number {
    const { count, first, slotOf } = this;
    let best = -1;
    let bestCount = 1;
    for (let i = 0; i < positions; i++) {
      const s = slotOf[i]!;
      // Visiting first occurrences in text order, a strictly larger count wins: ties go to the earliest.
      if (first[s] === i && count[s]! > bestCount) {
        best = s;
        bestCount = count[s]!;
      }
    }
    if (best < 0) return 0;
    let covered = 0;
    let until = 0;
    for (let i = 0; i < positions; i++) {
      if (slotOf[i] !== best) continue;
      covered += this.span(i, n, until);
      until = i + n;
    }
    return covered;
  }

  /** Characters covered by every occurrence of every n-gram that occurs twice or more. */
  private duplicateCoverage(n: number, positions: number): number {
    const { count, slotOf } = this;
    let covered = 0;
    let until = 0;
    for (let i = 0; i < positions; i++) {
      if (count[slotOf[i]!]! < 2) continue;
      covered += this.span(i, n, until);
      until = i + n;
    }
    return covered;
  }

  /** Characters of words [i, i + n) not already counted (words before `until` are). */
  private span(i: number, n: number, until: number): number {
    const from = i > until ? i : until;
    return this.prefix[i + n]! - this.prefix[from]!;
  }

  private growWords(length: number): void {
    this.laneA = grown(this.laneA, length);
    this.laneB = grown(this.laneB, length);
    this.prefix = grown(this.prefix, length + 1);
    this.gramA = new Int32Array(length);
    this.gramB = new Int32Array(length);
    this.slotOf = grown(this.slotOf, Math.max(length, this.slotOf.length));
  }

  private ensureTable(size: number): void {
    if (this.count.length >= size) {
      if (this.slotOf.length < size) this.slotOf = grown(this.slotOf, size);
      return;
    }
    this.keyA = new Int32Array(size);
    this.keyB = new Int32Array(size);
    this.count = new Int32Array(size);
    this.first = new Int32Array(size);
    if (this.slotOf.length < size) this.slotOf = grown(this.slotOf, size);
  }
}

/** Whether text[a0, a1) and text[b0, b1) hold the same code units. */
function sameRange(text: string, a0: number, a1: number, b0: number, b1: number): boolean {
  if (a1 - a0 !== b1 - b0) return false;
  for (let i = 0; i < a1 - a0; i++) if (text.charCodeAt(a0 + i) !== text.charCodeAt(b0 + i)) return false;
  return true;
}

/** The repetition signals of one text (see RepetitionCounter). */
export function repetitionOf(text: string): RepetitionScores {
  return new RepetitionCounter().scores(text);
}

/**
 * Adds `response_<signal>` for the ten signals of REPETITION_SIGNALS (float64, 0..1). The
 * view's response of a conversation is its assistant turns joined with blank lines, which
 * gives the same lines (blank ones are skipped) and words as joining them with "\n".
 */
export class RepetitionScorer implements Scorer {
  readonly name = "repetition";
  readonly columns = REPETITION_SIGNALS.map((s) => `response_${s}`);
  private readonly counter = new RepetitionCounter();
  private readonly row = new Float64Array(REPETITION_SIGNALS.length);

  score(view: TextView): ScoreColumn[] {
    const rows = view.length;
    const values = REPETITION_SIGNALS.map(() => new Float64Array(rows));
    for (let r = 0; r < rows; r++) {
      this.counter.measure(view.response[r] ?? "", this.row);
      for (let s = 0; s < values.length; s++) values[s]![r] = this.row[s]!;
    }
    return this.columns.map((name, s) => ({ name, kind: "float64", values: values[s]! }));
  }
}

const SIGNAL_DESCRIPTIONS: Record<(typeof REPETITION_SIGNALS)[number], string> = {
  dup_line_fraction: "Fraction of the response's non-blank lines that repeat an earlier line (0..1).",
  top_2gram_char_fraction: "Fraction of the response's word characters covered by its most frequent word 2-gram, when it repeats (0..1).",
  top_3gram_char_fraction: "Fraction of the response's word characters covered by its most frequent word 3-gram, when it repeats (0..1).",
  top_4gram_char_fraction: "Fraction of the response's word characters covered by its most frequent word 4-gram, when it repeats (0..1).",
  dup_5gram_char_fraction: "Fraction of the response's word characters inside word 5-grams that occur more than once (0..1).",
  dup_6gram_char_fraction: "Fraction of the response's word characters inside word 6-grams that occur more than once (0..1).",
  dup_7gram_char_fraction: "Fraction of the response's word characters inside word 7-grams that occur more than once (0..1).",
  dup_8gram_char_fraction: "Fraction of the response's word characters inside word 8-grams that occur more than once (0..1).",
  dup_9gram_char_fraction: "Fraction of the response's word characters inside word 9-grams that occur more than once (0..1).",
  dup_10gram_char_fraction: "Fraction of the response's word characters inside word 10-grams that occur more than once (0..1).",
};

/** Registry entry: `--repetition on|off` (default on). */
export const repetitionEntry = defineScorer({
  name: "repetition",
  options: [
    onOffSwitch("repetition", "repetition signals of the response (Gopher rules: duplicate lines, top n-grams, duplicated n-grams)"),
  ],
  columns: REPETITION_SIGNALS.map((s) => ({ name: `response_${s}`, description: SIGNAL_DESCRIPTIONS[s] })),
  loadsModels: () => false,
  create: (settings) => (switchIsOn(settings.repetition) ? new RepetitionScorer() : undefined),
});
