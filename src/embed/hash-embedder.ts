import { grown } from "../base/typed-array-growth.js";
import type { Embedder, EmbeddingMatrix } from "./embedder.js";
import { isWordCode, lowerCode } from "../base/char-classes.js";
import { FNV_PRIME, fmix32 } from "../base/hashing.js";
import { WORD_HASH_SEED, WordTable, wordHashOf } from "../base/word-table.js";

/**
 * The embedded default embedder: hashed n-gram features, no model, no download.
 *
 * Features of a text (lower-cased; a word is a run of letters and digits):
 * - word unigrams (weight 1; very common function words 0.15, so they do not dominate),
 * - word bigrams (weight 0.6; skipped when both words are function words),
 * - character n-grams of length 3..5 inside each word padded with boundary marks, the way
 *   fastText does it (weight 0.25 each): they make inflections and typos land close.
 * Every feature is hashed to a bucket of a `dim`-wide vector with a sign taken from another
 * bit of the same hash (signed hashing: collisions cancel out on average instead of piling
 * up). A distinct word adds its unit — its unigram plus its character n-grams — times
 * 1 + ln tf (sub-linear term frequency of the word); a distinct bigram adds its feature times
 * 1 + ln tf of the bigram. The vector is L2-normalised. Cosine similarity is then a weighted
 * n-gram overlap: near-duplicates and paraphrases sharing content words sit close, unrelated
 * texts near 0.
 *
 * Why per-word units: a word's unit depends on the word alone, so it is computed once per
 * distinct word and cached (hashing the ~13 n-grams of every token was three quarters of
 * the embedder's time); a text then costs one table probe per token plus one multiply-add
 * per cached feature of each distinct word.
 *
 * Deterministic (integer hashing only; no Map iteration order; float64 accumulation in a
 * fixed order; cached values are exact, so the cache's state never changes a vector) and
 * allocation-free per word: a text is scanned once by char code.
 */
export interface HashEmbedderOptions {
  /** Vector width (default 256). */
  dim?: number;
  /** Shortest and longest character n-gram (default 3 and 5); 0 turns character n-grams off. */
  minCharNgram?: number;
  maxCharNgram?: number;
  /** Weights of the feature kinds (defaults 1, 0.6, 0.25). */
  wordWeight?: number;
  bigramWeight?: number;
  charWeight?: number;
}

// Frequent English function words: they carry little topic, so their unigrams weigh less and
// their char n-grams are skipped.
const FUNCTION_WORDS =
  "a an the and or but if then else of to in on at by for with from into onto over under about as is are was were be been being " +
  "am do does did done have has had having i me my mine we us our you your he him his she her it its they them their this that " +
  "these those there here what which who whom whose when where why how all any some no not nor so too very can could should " +
  "would will shall may might must just than also only own same such each both few more most other up down out off again once";

const SEED_WORD = 0x2545f491;
const SEED_BIGRAM = 0x1b873593;
const SEED_CHAR = 0x5bd1e995;
/** Boundary mark around a word for its character n-grams (a code no word character has). */
const BOUNDARY = 0x0003;
/** Character n-grams are taken from at most this many leading characters of a word. */
const MAX_WORD_FOR_NGRAMS = 64;
/**
 * Distinct words whose units are cached; past it the cache starts over (values are exact
 * either way: only speed depends on it). About 80 bytes a word.
 */
const WORD_CACHE_LIMIT = 1 << 17;
/** A cached feature packs its bucket (bits 0..16), sign (bit 17) and kind (bits 18..19). */
const PACK_SIGN = 1 << 17;
const PACK_KIND_SHIFT = 18;

/** Feature kinds: the index of each kind's weight in HashEmbedder's weight table. */
const KIND_WORD = 0;
const KIND_FUNCTION_WORD = 1;
const KIND_BIGRAM = 2;
const KIND_CHAR = 3;

/** 1 + ln(tf) for small term frequencies, tabulated (the same doubles Math.log gives). */
const SUBLINEAR_TF = Float64Array.from({ length: 256 }, (_, tf) => (tf === 0 ? 0 : 1 + Math.log(tf)));

/** Slot layout of the feature table (stride 4, one cache line per probe): */
const S_STAMP = 0; // generation that owns the slot
const S_KEY = 1; // feature hash
const S_COUNT = 2; // term frequency
const S_KIND = 3; // feature kind (weight index)

/**
 * The function words' hashes, as an open-addressing set of int32 (0 marks an empty slot,
 * and no function word hashes to 0). A word is a function word when its hash is in the set;
 * a Set<number> would box most 32-bit hashes as heap numbers on every lookup.
 */
class HashSet32 {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(hashes: readonly number[]) {
    let size = 16;
    while (size < hashes.length * 4) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (const h of hashes) {
      if (h === 0) throw new Error("hash 0 cannot be stored");
      if (this.has(h)) continue;
      let slot = fmix32(h) & this.mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = h;
    }
  }

  has(h: number): boolean {
    let slot = fmix32(h) & this.mask;
    for (;;) {
      const v = this.slots[slot]!;
      if (v === h) return true;
      if (v === 0) return false;
      slot = (slot + 1) & this.mask;
    }
  }
}

export class HashEmbedder implements Embedder {
  readonly name: string;
  readonly dim: number;
  private readonly minN: number;
  private readonly maxN: number;
  private readonly wChar: number;
  private readonly wBigram: number;
  /** Weight of each feature kind, by KIND_*. */
  private readonly kindWeight: Float64Array;
  /** Raw FNV hashes of the function words, for a lookup without building strings. */
  private readonly functionWords: HashSet32;

  // Feature count table, reused across texts: a slot is live when its stamp is the
  // current generation, so starting a text costs nothing.
  private slots = new Int32Array(4 * 1024);
  private mask = 1023;
  private live = new Int32Array(512);
  private liveCount = 0;
  private generation = 0;
  private readonly word = new Uint16Array(MAX_WORD_FOR_NGRAMS + 2);
  private readonly acc: Float64Array;

  // The per-word unit cache: word → its packed features pool[start, start + size).
  private readonly words = new WordTable(4096);
  private unitStart = new Int32Array(4096);
  private unitSize = new Int32Array(4096);
  private pool = new Int32Array(1 << 15);
  private poolUsed = 0;
  /** Per text: the text a word was last seen in, and its count there. */
  private lastText = new Int32Array(4096);
  private countInText = new Int32Array(4096);
  /** Distinct cached words of the current text, in first-occurrence order. */
  private textWords = new Int32Array(256);
  private textWordCount = 0;
  /** Units of the current text's uncached words (longer than MAX_WORD_FOR_NGRAMS): packed features. */
  private extra = new Int32Array(256);
  private extraUsed = 0;
  private text = 0;

  constructor(opts: HashEmbedderOptions = {}) {
    this.dim = opts.dim ?? 256;
    if (!Number.isInteger(this.dim) || this.dim < 2 || this.dim > 65536) throw new Error(`hash embedder dim must be an integer in 2..65536, got ${opts.dim}`);
    this.minN = opts.minCharNgram ?? 3;
    this.maxN = opts.maxCharNgram ?? 5;
    if (this.minN < 0 || this.maxN < this.minN) throw new Error(`bad character n-gram range ${this.minN}..${this.maxN}`);
    const wWord = opts.wordWeight ?? 1;
    this.wBigram = opts.bigramWeight ?? 0.6;
    this.wChar = opts.charWeight ?? 0.25;
    this.kindWeight = Float64Array.of(wWord, 0.15 * wWord, this.wBigram, this.wChar);
    this.name = this.dim === 256 ? "hash" : `hash:${this.dim}`;
    this.functionWords = new HashSet32(FUNCTION_WORDS.split(" ").map((w) => wordHashOf(w)));
    this.acc = new Float64Array(this.dim);
  }

  embed(texts: readonly string[]): EmbeddingMatrix {
    const values = new Float32Array(texts.length * this.dim);
    for (let r = 0; r < texts.length; r++) this.embedInto(texts[r]!, values, r * this.dim);
    return { dim: this.dim, values };
  }

  /** Embed one text into out[offset .. offset + dim). */
  embedInto(text: string, out: Float32Array, offset: number): void {
    this.nextGeneration();
    this.liveCount = 0;
    this.textWordCount = 0;
    this.extraUsed = 0;
    if (++this.text === 0x3fffffff) {
      this.lastText.fill(0);
      this.text = 1;
    }
    // A text adds at most one word per two chars: start over before it, never in its middle.
    if (this.words.size > 0 && this.words.size + (text.length >> 1) + 1 > WORD_CACHE_LIMIT) this.clearCache();
    this.collect(text);

    const acc = this.acc;
    acc.fill(0);
    const kindWeight = this.kindWeight;
    const pool = this.pool;
    const counts = this.countInText;
    // Accumulated in a fixed order (words by first appearance, then long words, then
    // bigrams): float sums depend on order, output must not vary.
    for (let k = 0; k < this.textWordCount; k++) {
      const id = this.textWords[k]!;
      const tf = counts[id]!;
      const g = tf < 256 ? SUBLINEAR_TF[tf]! : 1 + Math.log(tf);
      const end = this.unitStart[id]! + this.unitSize[id]!;
      for (let i = this.unitStart[id]!; i < end; i++) {
        const f = pool[i]!;
        const w = g * kindWeight[f >>> PACK_KIND_SHIFT]!;
        acc[f & (PACK_SIGN - 1)]! += (f & PACK_SIGN) !== 0 ? -w : w;
      }
    }
    for (let i = 0; i < this.extraUsed; i++) {
      const f = this.extra[i]!;
      const w = kindWeight[f >>> PACK_KIND_SHIFT]!;
      acc[f & (PACK_SIGN - 1)]! += (f & PACK_SIGN) !== 0 ? -w : w;
    }
    const dim = this.dim;
    const slots = this.slots;
    const live = this.live;
    for (let k = 0; k < this.liveCount; k++) {
      const at = live[k]!;
      const h = slots[at + S_KEY]!;
      const tf = slots[at + S_COUNT]!;
      const w = kindWeight[slots[at + S_KIND]!]! * (tf < 256 ? SUBLINEAR_TF[tf]! : 1 + Math.log(tf));
      acc[this.bucketOf(h)]! += h < 0 ? -w : w;
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += acc[d]! * acc[d]!;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dim; d++) out[offset + d] = acc[d]! * scale;
  }

  /** Distinct words whose units are cached (tests, diagnostics). */
  get cachedWords(): number {
    return this.words.size;
  }

  private bucketOf(h: number): number {
    const dim = this.dim;
    return (dim & (dim - 1)) === 0 ? h & (dim - 1) : (h >>> 0) % dim;
  }

  /** A feature hash and kind packed as bucket | sign | kind. */
  private pack(h: number, kind: number): number {
    return this.bucketOf(h) | (h < 0 ? PACK_SIGN : 0) | (kind << PACK_KIND_SHIFT);
  }

  /** Scan the text once and count its features. */
  private collect(s: string): void {
    const n = s.length;
    const word = this.word;
    const charNgrams = this.maxN > 0 && this.wChar > 0;
    const bigrams = this.wBigram > 0;
    let prevHash = 0;
    let prevIsFunction = true;
    let havePrev = false;
    let i = 0;
    while (i < n) {
      if (!isWordCode(s.charCodeAt(i))) {
        i++;
        continue;
      }
      let h = WORD_HASH_SEED;
      let len = 0;
      while (i < n) {
        const c = s.charCodeAt(i);
        if (!isWordCode(c)) break;
        const lc = lowerCode(c);
        h = Math.imul(h ^ lc, FNV_PRIME);
        if (len < MAX_WORD_FOR_NGRAMS) word[len + 1] = lc;
        len++;
        i++;
      }
      const isFunction = len <= 5 && this.functionWords.has(h);
      if (havePrev && !(isFunction && prevIsFunction) && bigrams) {
        this.add(fmix32(Math.imul(prevHash, 31) ^ h ^ SEED_BIGRAM) | 0, KIND_BIGRAM);
      }
      if (len <= MAX_WORD_FOR_NGRAMS) {
        let id = this.words.get(word, 1, len, h);
        if (id < 0) id = this.cacheWord(len, h, isFunction, charNgrams);
        if (this.lastText[id] !== this.text) {
          this.lastText[id] = this.text;
          this.countInText[id] = 1;
          if (this.textWordCount === this.textWords.length) this.textWords = grown(this.textWords, this.textWords.length * 2);
          this.textWords[this.textWordCount++] = id;
        } else this.countInText[id]! += 1;
      } else {
        // A word too long to key the cache by (its n-grams come from its first chars only).
        const start = this.poolUsed;
        this.writeUnit(len, h, isFunction, charNgrams);
        const size = this.poolUsed - start;
        if (this.extraUsed + size > this.extra.length) this.extra = grown(this.extra, Math.max(this.extra.length * 2, this.extraUsed + size));
        this.extra.set(this.pool.subarray(start, start + size), this.extraUsed);
        this.extraUsed += size;
        this.poolUsed = start;
      }
      prevHash = h;
      prevIsFunction = isFunction;
      havePrev = true;
    }
  }

  /** Add the word in this.word[1..len] (hash h) to the cache; returns its id. */
  private cacheWord(len: number, h: number, isFunction: boolean, charNgrams: boolean): number {
    const id = this.words.size;
    if (id === this.unitStart.length) {
      const n = id * 2;
      this.unitStart = grown(this.unitStart, n);
      this.unitSize = grown(this.unitSize, n);
      this.lastText = grown(this.lastText, n);
      this.countInText = grown(this.countInText, n);
    }
    this.words.set(this.word, 1, len, h, id);
    const start = this.poolUsed;
    this.writeUnit(len, h, isFunction, charNgrams);
    this.unitStart[id] = start;
    this.unitSize[id] = this.poolUsed - start;
    this.lastText[id] = 0;
    return id;
  }

  private clearCache(): void {
    this.words.clear();
    this.poolUsed = 0;
  }

  /** Append the packed unit of the word in this.word[1..len] to the pool: its unigram, then its character n-grams. */
  private writeUnit(len: number, h: number, isFunction: boolean, charNgrams: boolean): void {
    const n = Math.min(len, MAX_WORD_FOR_NGRAMS);
    const need = 1 + (n + 2) * Math.max(1, this.maxN - this.minN + 1);
    if (this.poolUsed + need > this.pool.length) this.pool = grown(this.pool, Math.max(this.pool.length * 2, this.poolUsed + need));
    const pool = this.pool;
    let at = this.poolUsed;
    pool[at++] = this.pack(fmix32(h ^ SEED_WORD) | 0, isFunction ? KIND_FUNCTION_WORD : KIND_WORD);
    if (!isFunction && charNgrams) {
      // Character n-grams of the word padded with boundary marks.
      const word = this.word;
      word[0] = BOUNDARY;
      word[n + 1] = BOUNDARY;
      const padded = n + 2;
      const minN = this.minN;
      const maxN = this.maxN;
      for (let start = 0; start + minN <= padded; start++) {
        let hc = SEED_CHAR;
        const end = Math.min(start + maxN, padded);
        for (let j = start; j < end; j++) {
          hc = Math.imul(hc ^ word[j]!, FNV_PRIME);
          const k = j - start + 1;
          if (k >= minN) pool[at++] = this.pack(fmix32(hc + k) | 0, KIND_CHAR);
        }
      }
    }
    this.poolUsed = at;
  }

  /**
   * Count one occurrence of feature `key`. A feature keeps the kind it was first seen with
   * (two kinds meeting on one hash is a collision; first-seen makes it deterministic).
   */
  private add(key: number, kind: number): void {
    const slots = this.slots;
    const gen = this.generation;
    let slot = key & this.mask;
    for (;;) {
      const at = 4 * slot;
      if (slots[at + S_STAMP] !== gen) break;
      if (slots[at + S_KEY] === key) {
        slots[at + S_COUNT]!++;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    if ((this.liveCount + 1) * 2 > this.mask + 1) {
      this.grow();
      this.add(key, kind);
      return;
    }
    const at = 4 * slot;
    slots[at + S_STAMP] = gen;
    slots[at + S_KEY] = key;
    slots[at + S_COUNT] = 1;
    slots[at + S_KIND] = kind;
    if (this.liveCount === this.live.length) this.live = grown(this.live, this.live.length * 2);
    this.live[this.liveCount++] = at;
  }

  /** A new stamp: every slot stamped before is free again. */
  private nextGeneration(): void {
    this.generation = (this.generation + 1) | 0;
    if (this.generation === 0) {
      // Wrapped around: stale stamps could look current again.
      for (let s = 0; s < this.slots.length; s += 4) this.slots[s + S_STAMP] = 0;
      this.generation = 1;
    }
  }

  /** Double the table, re-inserting the live features in their order of first appearance. */
  private grow(): void {
    const old = this.slots;
    const size = 2 * (this.mask + 1);
    this.slots = new Int32Array(4 * size);
    this.mask = size - 1;
    const gen = this.generation;
    for (let k = 0; k < this.liveCount; k++) {
      const from = this.live[k]!;
      let slot = old[from + S_KEY]! & this.mask;
      while (this.slots[4 * slot + S_STAMP] === gen) slot = (slot + 1) & this.mask;
      const at = 4 * slot;
      this.slots.set(old.subarray(from, from + 4), at);
      this.live[k] = at;
    }
  }
}

