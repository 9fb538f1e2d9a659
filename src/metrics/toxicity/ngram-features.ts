import { grown } from "../../base/typed-array-growth.js";
import { FNV_OFFSET, FNV_PRIME, fmix32 } from "../../base/hashing.js";
import { INNOCENT_PAIR, type EvidenceScratch } from "./toxicity-evidence.js";
import { WordClass } from "./lexicon.js";
import type { TokenBuffer } from "./text-tokens.js";
import type { ToxicityWordCache } from "./word-cache.js";

/** 1 + ln(count) for small counts (the common case), computed once. */
const SUBLINEAR = Float64Array.from({ length: 256 }, (_, c) => (c === 0 ? 0 : 1 + Math.log(c)));

/** The sub-linear term weight 1 + ln(count). */
export function sublinear(count: number): number {
  return count < 256 ? SUBLINEAR[count]! : 1 + Math.log(count);
}

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
/** Marks a word read inside a negator's scope ("don't *hate*"): its own feature, not the word's. */
const SALT_NEGATED = 0x5bd1e995;

/** Words whose meaning a negator flips: in a negator's scope they become a negated feature. */
const NEGATABLE =
  WordClass.HATE | WordClass.VIOLENT | WordClass.DIE | WordClass.NEGATIVE_ATTRIBUTE | WordClass.DEHUMANISING |
  WordClass.POSITIVE | WordClass.LIKE_VERB | WordClass.VIOLENT_PARTICIPLE;
const SPACE = 32;

/**
 * The buckets φ of one unit (a word with its character n-grams, or a word alone), written
 * into a reusable buffer.
 */
export class UnitBuckets {
  buckets = new Int32Array(256);
  size = 0;
  private readonly mask: number;

  constructor(readonly hashing: NgramHashing) {
    this.mask = (1 << hashing.bits) - 1;
  }

  clear(): void {
    this.size = 0;
  }

  /** The bucket of the word whose hash is `hash`. */
  addWord(hash: number): void {
    this.reserve(this.size + 1);
    this.buckets[this.size++] = fmix32(hash ^ SALT_WORD) & this.mask;
  }

  /** The character n-gram buckets of src[a, b), with boundary spaces. */
  addChars(src: Uint16Array, a: number, b: number): void {
    const { charMin, charMax } = this.hashing;
    this.reserve(this.size + (b - a + 2) * Math.max(1, charMax - charMin + 1));
    const out = this.buckets;
    const mask = this.mask;
    let at = this.size;
    // Positions a-1 and b are virtual boundary spaces.
    for (let i = a - 1; i < b; i++) {
      let h = FNV_OFFSET;
      const last = Math.min(b, i + charMax - 1);
      for (let j = i; j <= last; j++) {
        const c = j < a || j >= b ? SPACE : src[j]!;
        h = Math.imul(h ^ c, FNV_PRIME);
        if (j - i + 1 >= charMin) out[at++] = fmix32(h ^ SALT_CHAR) & mask;
      }
    }
    this.size = at;
  }

  /** Σ weights[b] over the buckets. */
  weightSum(weights: Int8Array): number {
    let sum = 0;
    for (let k = 0; k < this.size; k++) sum += weights[this.buckets[k]!]!;
    return sum;
  }

  private reserve(n: number): void {
    if (n > this.buckets.length) this.buckets = grown(this.buckets, Math.max(n, this.buckets.length * 2));
  }
}

/**
 * The hashed feature vector of one text, for the linear model:
 *
 *   x = Σ_units (1 + ln count(unit)) · φ(unit)  +  Σ_bigrams (1 + ln count(bigram)) · e(bigram)
 *
 * where a unit is a word and φ(unit) holds the word's own bucket and the buckets of its
 * character n-grams (with boundary spaces, lengths charMin..charMax), and x is divided by
 * √(Σ_units (1 + ln count)² · |φ(unit)| + Σ_bigrams (1 + ln count)² + normPrior).
 *
 * Why this shape: φ(word) depends on the word alone, so for plain words the model's share
 * Σ_{b∈φ} w_b and |φ| are computed once per distinct word (ToxicityWordCache). A text then
 * costs one table probe per token instead of ~15 n-gram hashes, with exactly the result the
 * uncached sum gives. (Character n-grams take their word's term weight; counting them
 * across words instead would tie every n-gram to the whole text and defeat the cache.)
 *
 * An innocent whitelisted word ("cockpit") has its own bucket only, no n-grams. Tokens
 * that are not plain words are rare and each occurrence is its own unit (count 1): a
 * de-obfuscated token ("f*ck", "sh1t") has the bucket of the word it hides, its own bucket
 * and the hidden word's n-grams; a word spelled out over single letters ("f u c k") has its
 * bucket and n-grams.
 *
 * Two modes, following the word cache: with weights (scoring) `dot`/`norm`; without
 * (training) `sparseVector`.
 */
export class ToxicityFeatures {
  readonly mask: number;
  private text = 0;
  /** Cached words of the current text, in first-occurrence order. */
  private units = new Int32Array(256);
  private unitCount = 0;
  /** Uncached units of the current text (count 1 each): weight sums, sizes, bucket lists. */
  private extraSums = new Int32Array(16);
  private extraSizes = new Int32Array(16);
  private extraStart = new Int32Array(17);
  private extraPool = new Int32Array(256);
  private extraCount = 0;
  /** Word bigrams of the current text: bucket → count, and the touched buckets. */
  private readonly pairCounts: Uint16Array;
  private pairTouched = new Int32Array(256);
  private pairCount = 0;
  private readonly unit: UnitBuckets;

  /**
   * @param weights the linear model's int8 weights, one per bucket (scoring mode), or
   *   undefined for training mode.
   */
  constructor(
    readonly hashing: NgramHashing,
    private readonly weights?: Int8Array,
  ) {
    this.mask = (1 << hashing.bits) - 1;
    this.pairCounts = new Uint16Array(1 << hashing.bits);
    this.unit = new UnitBuckets(hashing);
    if (weights !== undefined && weights.length !== 1 << hashing.bits) throw new Error(`toxicity weights: expected ${1 << hashing.bits}, got ${weights.length}`);
  }

  /**
   * Collect the units and bigrams of one text whose evidence has been collected
   * (`scratch`: resolutions, innocent marks, word ids from `words`).
   */
  analyse(tokens: TokenBuffer, scratch: EvidenceScratch, words: ToxicityWordCache): void {
    const n = tokens.count;
    if (++this.text === 0x3fffffff) {
      words.lastText.fill(0);
      this.text = 1;
    }
    this.clearText();
    if (this.units.length < n) this.units = new Int32Array(Math.max(n, this.units.length * 2));
    if (this.pairTouched.length < n) this.pairTouched = new Int32Array(Math.max(n, this.pairTouched.length * 2));
    const text = this.text;
    const ids = scratch.wordId;
    const lastText = words.lastText;
    const countInText = words.countInText;
    const units = this.units;
    const pairCounts = this.pairCounts;
    const pairTouched = this.pairTouched;
    const mask = this.mask;
    let unitCount = 0;
    let pairCount = 0;
    let prev = 0;
    const classes = scratch.classes;
    const negScope = scratch.negScope;
    for (let t = 0; t < n; t++) {
      const resolved = scratch.resolved[t]!;
      const cls = classes[t]!;
      // Identity terms take part in no bigram either ("gay men" says nothing toxic).
      const identity = (cls & WordClass.GROUP) !== 0 && (cls & WordClass.SLUR) === 0;
      const negated = negScope[t] === 1 && (cls & NEGATABLE) !== 0;
      const word = identity ? 0 : negated ? (resolved || tokens.hash[t]!) ^ SALT_NEGATED : resolved || tokens.hash[t]!;
      if (t > 0 && word !== 0 && prev !== 0) {
        const b = fmix32(Math.imul(prev, 0x9e3779b1) ^ word ^ SALT_PAIR) & mask;
        const c = pairCounts[b]!;
        if (c === 0) pairTouched[pairCount++] = b;
        if (c < 0xffff) pairCounts[b] = c + 1;
      }
      prev = word;
      const innocent = scratch.innocent[t]!;
      // Part of an innocent name ("Moby Dick"): the pair above stands for it, the word does not.
      if (innocent === INNOCENT_PAIR || identity) continue;
      if (negated) {
        this.unit.clear();
        this.unit.addWord(word);
        this.addExtra();
        continue;
      }
      const id = ids[t]!;
      if (id >= 0) {
        if (lastText[id] !== text) {
          lastText[id] = text;
          countInText[id] = 1;
          units[unitCount++] = id;
        } else countInText[id]! += 1;
        continue;
      }
      const unit = this.unit;
      unit.clear();
      unit.addWord(word);
      if (resolved !== 0) unit.addWord(tokens.hash[t]!);
      if (innocent === 0) {
        const entry = resolved !== 0 ? scratch.resolvedEntry[t] : undefined;
        if (entry !== undefined) unit.addChars(entry.codes, 0, entry.codes.length);
        else unit.addChars(tokens.chars, tokens.start[t]!, tokens.end[t]!);
      }
      this.addExtra();
    }
    this.unitCount = unitCount;
    this.pairCount = pairCount;
    for (const e of scratch.spanWords) {
      this.unit.clear();
      this.unit.addWord(e.hash);
      this.unit.addChars(e.codes, 0, e.codes.length);
      this.addExtra();
    }
  }

  /** Σ w·x of the analysed text in weight units (times the model's scale), before normalising. */
  dot(words: ToxicityWordCache): number {
    const w = this.weights;
    if (w === undefined) throw new Error("ToxicityFeatures built without weights (training mode)");
    const sums = words.featureSum;
    const counts = words.countInText;
    let dot = 0;
    for (let k = 0; k < this.unitCount; k++) {
      const e = this.units[k]!;
      dot += sublinear(counts[e]!) * sums[e]!;
    }
    for (let k = 0; k < this.extraCount; k++) dot += this.extraSums[k]!;
    for (let k = 0; k < this.pairCount; k++) {
      const b = this.pairTouched[k]!;
      dot += sublinear(this.pairCounts[b]!) * w[b]!;
    }
    return dot;
  }

  /** The normaliser √(Σ g² |φ| + Σ g² + normPrior) of the analysed text. */
  norm(words: ToxicityWordCache): number {
    const sizes = words.featureSize;
    const counts = words.countInText;
    let sq = this.hashing.normPrior;
    for (let k = 0; k < this.unitCount; k++) {
      const e = this.units[k]!;
      const g = sublinear(counts[e]!);
      sq += g * g * sizes[e]!;
    }
    for (let k = 0; k < this.extraCount; k++) sq += this.extraSizes[k]!;
    for (let k = 0; k < this.pairCount; k++) {
      const g = sublinear(this.pairCounts[this.pairTouched[k]!]!);
      sq += g * g;
    }
    return sq > 0 ? Math.sqrt(sq) : 1;
  }

  /** The normalised feature vector of the analysed text as bucket → value (training mode). */
  sparseVector(words: ToxicityWordCache): Map<number, number> {
    if (this.weights !== undefined) throw new Error("sparseVector needs a training-mode ToxicityFeatures (no weights)");
    const x = new Map<number, number>();
    const add = (b: number, v: number): void => void x.set(b, (x.get(b) ?? 0) + v);
    for (let k = 0; k < this.unitCount; k++) {
      const e = this.units[k]!;
      const g = sublinear(words.countInText[e]!);
      for (const b of words.bucketsOf(e)) add(b, g);
    }
    for (let k = 0; k < this.extraCount; k++) for (let i = this.extraStart[k]!; i < this.extraStart[k + 1]!; i++) add(this.extraPool[i]!, 1);
    for (let k = 0; k < this.pairCount; k++) add(this.pairTouched[k]!, sublinear(this.pairCounts[this.pairTouched[k]!]!));
    const norm = this.norm(words);
    for (const [b, v] of x) x.set(b, v / norm);
    return x;
  }

  private clearText(): void {
    for (let k = 0; k < this.pairCount; k++) this.pairCounts[this.pairTouched[k]!] = 0;
    this.pairCount = 0;
    this.unitCount = 0;
    this.extraCount = 0;
  }

  /** Record the unit now in `this.unit` as an uncached unit of this text. */
  private addExtra(): void {
    const k = this.extraCount++;
    if (k + 1 >= this.extraSums.length) {
      this.extraSums = grown(this.extraSums, this.extraSums.length * 2);
      this.extraSizes = grown(this.extraSizes, this.extraSizes.length * 2);
      this.extraStart = grown(this.extraStart, this.extraStart.length * 2);
    }
    const unit = this.unit;
    this.extraSizes[k] = unit.size;
    if (this.weights !== undefined) {
      this.extraSums[k] = unit.weightSum(this.weights);
      return;
    }
    const start = k === 0 ? 0 : this.extraStart[k]!;
    if (start + unit.size > this.extraPool.length) {
      this.extraPool = grown(this.extraPool, Math.max(this.extraPool.length * 2, start + unit.size));
    }
    this.extraPool.set(unit.buckets.subarray(0, unit.size), start);
    this.extraStart[k] = start;
    this.extraStart[k + 1] = start + unit.size;
  }
}
