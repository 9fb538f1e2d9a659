import { grown } from "../../base/typed-array-growth.js";
import { WordTable } from "../../base/word-table.js";
import { HARMFUL_TARGET, INNOCENT_KEEPS, WordClass, type ToxicityLexicon, type WordEntry } from "./lexicon.js";
import { UnitBuckets, type NgramHashing } from "./ngram-features.js";
import type { TokenBuffer } from "./text-tokens.js";

/**
 * Distinct plain words remembered per classifier (one per worker). Frequent words are
 * nearly every token of a corpus, and past the limit the cache starts over: its values are
 * exact either way, so only speed depends on it. About 80 bytes a word (~10 MiB when full).
 */
export const WORD_CACHE_LIMIT = 1 << 17;

/**
 * Everything the embedded toxicity classifier knows about a plain word — a token written
 * without digits, masks, leetspeak or stretched letters — that does not depend on its
 * neighbours: its lexicon entry, its word classes and strength (after the innocent-word
 * whitelist and the profane-stem check), and its share of the linear model (the weight sum
 * and size of φ(word), see ToxicityFeatures). Computed at a word's first sight, then one
 * table probe per token answers the lexicon and the model together.
 *
 * Tokens with obfuscation flags are resolved token by token (see collectEvidence): they
 * are rare, and what they resolve to depends on more than their canonical chars.
 */
export class ToxicityWordCache {
  private readonly table = new WordTable(4096);
  entries: Array<WordEntry | undefined> = [];
  /** Word classes and lexicon strength as the rules see them (innocent words: 0 / pair bits only). */
  classes = new Int32Array(4096);
  strengths = new Uint8Array(4096);
  /** 1 for whitelisted innocent words ("cockpit"): their n-grams are left out of φ. */
  innocent = new Uint8Array(4096);
  /** 1 when the word is read as a misspelled or run-together harmful word ("mulsims" is not, "kil1" is not plain). */
  obfuscated = new Uint8Array(4096);
  /** Hash of the word a misspelling resolves to (its bigrams use it), else 0. */
  resolvedHash = new Uint32Array(4096);
  /** Where a run-together word splits (chars from its start), 0 when it does not: the rules read it as two tokens. */
  splitAt = new Uint8Array(4096);
  /** Σ int8 weights over φ(word) (scoring mode) and |φ(word)|. */
  featureSum = new Int32Array(4096);
  featureSize = new Int32Array(4096);
  /** Training mode: φ(word)'s buckets, pool[listStart, listStart + featureSize). */
  private listStart = new Int32Array(4096);
  private pool = new Int32Array(0);
  private poolUsed = 0;
  /** Per-text scratch of ToxicityFeatures: the text a word was last counted in, and its count there. */
  lastText = new Int32Array(4096);
  countInText = new Int32Array(4096);
  private readonly unit: UnitBuckets;

  /**
   * @param weights the linear model's int8 weights (scoring mode), or undefined to keep
   *   each word's bucket list for training.
   * @param limit distinct words held before the cache starts over.
   */
  constructor(
    readonly lexicon: ToxicityLexicon,
    hashing: NgramHashing,
    private readonly weights?: Int8Array,
    private readonly limit = WORD_CACHE_LIMIT,
  ) {
    this.unit = new UnitBuckets(hashing);
  }

  get size(): number {
    return this.table.size;
  }

  /** ids[t] = the cache entry of token t when it is a plain word, else -1 (adds new words). */
  resolve(tokens: TokenBuffer, ids: Int32Array): void {
    const n = tokens.count;
    // A text adds at most n words: start over before it rather than in its middle, where
    // entries already handed out would be invalidated.
    if (this.table.size > 0 && this.table.size + n > this.limit) this.clear();
    const chars = tokens.chars;
    const table = this.table;
    for (let t = 0; t < n; t++) {
      if (tokens.flags[t] !== 0) {
        ids[t] = -1;
        continue;
      }
      const a = tokens.start[t]!;
      const b = tokens.end[t]!;
      const hash = tokens.hash[t]!;
      const id = table.get(chars, a, b - a, hash | 0);
      ids[t] = id >= 0 ? id : this.add(chars, a, b, hash);
    }
  }

  /** φ(word)'s buckets (training mode). */
  bucketsOf(id: number): Int32Array {
    const start = this.listStart[id]!;
    return this.pool.subarray(start, start + this.featureSize[id]!);
  }

  private clear(): void {
    this.table.clear();
    this.entries.length = 0;
    this.poolUsed = 0;
  }

  private add(chars: Uint16Array, a: number, b: number, hash: number): number {
    const id = this.table.size;
    if (id === this.classes.length) this.grow();
    this.table.set(chars, a, b - a, hash | 0, id);
    const lex = this.lexicon;
    let e = lex.lookup(chars, a, b, hash);
    // Misspellings ("mulsims", "muslms") and run-together words ("ihate") of rule words.
    let second: WordEntry | undefined;
    if (e === undefined && b - a >= 3) {
      e = lex.lookupMisspelling(chars, a, b, hash);
      if (e === undefined && b - a >= 5 && !lex.realWords.has(String.fromCharCode(...chars.subarray(a, b)))) {
        const pair = lex.lookupRunTogether(chars, a, b);
        if (pair !== undefined) [e, second] = pair;
      }
    }
    const recovered = e !== undefined && e.hash !== hash;
    let cls = e === undefined ? 0 : e.flags | (second?.flags ?? 0);
    let str = e === undefined ? 0 : Math.max(e.strength, second?.strength ?? 0);
    const innocent = (cls & WordClass.INNOCENT) !== 0;
    if (innocent) {
      cls &= INNOCENT_KEEPS;
      str = 0;
    } else if (str === 0 && b - a >= 5 && (cls & (WordClass.PROFANE | WordClass.INSULT | WordClass.SLUR)) === 0 && lex.containsStem(chars, a, b)) {
      // "fuckface", "bitchass": an unlisted compound of a strong stem.
      cls |= WordClass.PROFANE;
      str = 2;
    }
    this.entries[id] = e;
    this.classes[id] = cls;
    this.strengths[id] = str;
    this.innocent[id] = innocent ? 1 : 0;
    this.obfuscated[id] = recovered && (str > 0 || (cls & HARMFUL_TARGET) !== 0) ? 1 : 0;
    this.resolvedHash[id] = recovered && second === undefined ? e!.hash : 0;
    this.splitAt[id] = second === undefined ? 0 : e!.codes.length;
    this.lastText[id] = 0;
    const unit = this.unit;
    unit.clear();
    // Identity terms carry no weight of their own: the model must not learn "muslim" or
    // "gay" as toxic from comments that attack them; what is said of a group is the signal.
    const identity = (cls & WordClass.GROUP) !== 0 && (cls & WordClass.SLUR) === 0 && second === undefined;
    if (!identity) {
      unit.addWord(hash);
      if (recovered) {
        for (const part of second === undefined ? [e!] : [e!, second]) {
          if ((part.flags & WordClass.GROUP) !== 0) continue;
          unit.addWord(part.hash);
          unit.addChars(part.codes, 0, part.codes.length);
        }
      } else if (!innocent) unit.addChars(chars, a, b);
    }
    this.featureSize[id] = unit.size;
    if (this.weights !== undefined) this.featureSum[id] = unit.weightSum(this.weights);
    else {
      if (this.poolUsed + unit.size > this.pool.length) {
        this.pool = grown(this.pool, Math.max(this.pool.length * 2, this.poolUsed + unit.size, 4096));
      }
      this.pool.set(unit.buckets.subarray(0, unit.size), this.poolUsed);
      this.listStart[id] = this.poolUsed;
      this.poolUsed += unit.size;
    }
    return id;
  }

  private grow(): void {
    const n = this.classes.length * 2;
    this.classes = grown(this.classes, n);
    this.strengths = grown(this.strengths, n);
    this.innocent = grown(this.innocent, n);
    this.obfuscated = grown(this.obfuscated, n);
    this.resolvedHash = grown(this.resolvedHash, n);
    this.splitAt = grown(this.splitAt, n);
    this.featureSum = grown(this.featureSum, n);
    this.featureSize = grown(this.featureSize, n);
    this.listStart = grown(this.listStart, n);
    this.lastText = grown(this.lastText, n);
    this.countInText = grown(this.countInText, n);
  }
}
