import { fmix32 } from "./hashing.js";

/** 1 + ln(count) for small counts (the common case), computed once. */
const SUBLINEAR = Float64Array.from({ length: 256 }, (_, c) => (c === 0 ? 0 : 1 + Math.log(c)));

/** The sub-linear term weight 1 + ln(count). */
export function sublinear(count: number): number {
  return count < 256 ? SUBLINEAR[count]! : 1 + Math.log(count);
}
import { INNOCENT_PAIR, type EvidenceScratch } from "./toxicity-evidence.js";
import type { TokenBuffer } from "./text-tokens.js";

/** Feature hashing settings; stored with the weights so training and scoring agree. */
export interface NgramHashing {
  /** log2 of the number of buckets. */
  bits: number;
  /** Shortest and longest character n-gram (inside a word with boundary spaces). */
  charMin: number;
  charMax: number;
  /**
   * Added to the squared norm before normalising: a short text's few features are not
   * blown up to unit length, so a two-word instruction is not judged as confidently as a
   * paragraph (short comments in the training data are unusually often toxic).
   */
  normPrior: number;
}

export const DEFAULT_HASHING: NgramHashing = { bits: 18, charMin: 3, charMax: 5, normPrior: 100 };

const SALT_WORD = 0x2545f491;
const SALT_PAIR = 0x68e31da4;
const SALT_CHAR = 0x1b873593;
const FNV_PRIME = 0x01000193;
const FNV_OFFSET = 0x811c9dc5;
const SPACE = 32;

/**
 * The sparse feature vector of one text: bucket → count, with the list of touched buckets
 * so clearing costs what was touched, not the table size. Reused across texts.
 */
export class SparseFeatures {
  /** Counts saturate at 65,535 (a 16-bit table is half the cache footprint of a 32-bit one). */
  readonly counts: Uint16Array;
  touched: Int32Array = new Int32Array(1024);
  size = 0;
  readonly mask: number;

  constructor(readonly hashing: NgramHashing) {
    this.counts = new Uint16Array(1 << hashing.bits);
    this.mask = (1 << hashing.bits) - 1;
  }

  clear(): void {
    for (let k = 0; k < this.size; k++) this.counts[this.touched[k]!] = 0;
    this.size = 0;
  }

  add(hash: number): void {
    const b = fmix32(hash) & this.mask;
    if (this.counts[b] === 0) {
      if (this.size === this.touched.length) {
        const next = new Int32Array(this.touched.length * 2);
        next.set(this.touched);
        this.touched = next;
      }
      this.touched[this.size++] = b;
    }
    if (this.counts[b]! < 0xffff) this.counts[b]! += 1;
  }

  /**
   * Features carry the sub-linear term weight 1 + ln(count), divided by this L2 norm, so a
   * long text is not toxic just for being long.
   */
  normalisedNorm(): number {
    let sq = 0;
    for (let k = 0; k < this.size; k++) {
      const v = sublinear(this.counts[this.touched[k]!]!);
      sq += v * v;
    }
    sq += this.hashing.normPrior;
    return sq > 0 ? Math.sqrt(sq) : 1;
  }
}

/**
 * Hash a text's features into `out`: word unigrams, word bigrams and character n-grams of
 * each word (with boundary spaces, lengths charMin..charMax). Words resolved through
 * de-obfuscation add the resolved word too ("f*ck" also counts as "fuck"); innocent words
 * (the Scunthorpe whitelist) add their word feature only.
 */
export function hashNgramFeatures(tokens: TokenBuffer, scratch: EvidenceScratch, out: SparseFeatures): void {
  out.clear();
  // Worst case every hash is a new bucket: size the touched list once, then add inline
  // (this loop is most of the classifier's time).
  const perChar = Math.max(1, out.hashing.charMax - out.hashing.charMin + 1);
  let need = tokens.count * 3 + 8;
  for (let t = 0; t < tokens.count; t++) need += (Math.max(tokens.end[t]! - tokens.start[t]!, scratch.resolvedEntry[t]?.codes.length ?? 0) + 2) * perChar;
  for (const e of scratch.spanWords) need += 1 + (e.codes.length + 2) * perChar;
  if (out.touched.length < need) out.touched = new Int32Array(Math.max(need, out.touched.length * 2));
  const counts = out.counts;
  const touched = out.touched;
  const mask = out.mask;
  let size = 0;
  const add = (hash: number): void => {
    let h = hash;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    const b = h & mask;
    const c = counts[b]!;
    if (c === 0) touched[size++] = b;
    if (c < 0xffff) counts[b] = c + 1;
  };
  const chars = tokens.chars;
  const { charMin, charMax } = out.hashing;
  /** Character n-grams of src[a, b); positions a-1 and b are virtual boundary spaces. */
  const charNgrams = (src: Uint16Array, a: number, b: number): void => {
    for (let i = a - 1; i < b; i++) {
      let h = FNV_OFFSET;
      const last = Math.min(b, i + charMax - 1);
      for (let j = i; j <= last; j++) {
        const c = j < a || j >= b ? SPACE : src[j]!;
        h = Math.imul(h ^ c, FNV_PRIME);
        if (j - i + 1 >= charMin) add(h ^ SALT_CHAR);
      }
    }
  };
  let prev = 0;
  for (let t = 0; t < tokens.count; t++) {
    const word = scratch.resolved[t] || tokens.hash[t]!;
    if (t > 0) add(Math.imul(prev, 0x9e3779b1) ^ word ^ SALT_PAIR);
    prev = word;
    const innocent = scratch.innocent[t]!;
    // Part of an innocent name ("Moby Dick"): the pair above stands for it, the word does not.
    if (innocent === INNOCENT_PAIR) continue;
    add(word ^ SALT_WORD);
    if (scratch.resolved[t] !== 0) add(tokens.hash[t]! ^ SALT_WORD);
    if (innocent !== 0) continue;
    // A de-obfuscated token ("f*ck", "sh1t") contributes the n-grams of the word it hides.
    const entry = scratch.resolvedEntry[t];
    if (entry !== undefined) charNgrams(entry.codes, 0, entry.codes.length);
    else charNgrams(chars, tokens.start[t]!, tokens.end[t]!);
  }
  for (const e of scratch.spanWords) {
    add(e.hash ^ SALT_WORD);
    charNgrams(e.codes, 0, e.codes.length);
  }
  out.size = size;
}
