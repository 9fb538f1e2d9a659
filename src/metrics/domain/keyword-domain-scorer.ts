import { stemmer } from "stemmer";
import type { ScoreColumn } from "../../core/score-column.js";
import type { Scorer } from "../../core/scorer.js";
import { firstUserTurn, type TextView } from "../../core/text-view.js";
import { WORD_HASH_SEED, WordTable, wordHashStep } from "../../base/word-table.js";
import { isWordCode } from "../../base/char-classes.js";
import { DOMAIN_COLUMNS, DomainColumns, softmaxInto } from "./domain-columns.js";
import { loadDefaultTaxonomy, type DomainTaxonomy } from "./domain-taxonomy.js";

/**
 * The embedded default domain labeller: weighted keywords and phrases of each domain, matched
 * on Porter stems (so "recipes", "recipe" and "cooked"/"cooking" hit the same keyword).
 *
 * For a row, the text of the first user turn counts `instructionWeight` times (default 3) and
 * the response once. Every keyword hit adds weight × field weight / k to its domains, where k
 * counts that keyword's hits in the row so far (1 + 1/2 + 1/3 … ≈ 1 + ln tf: a keyword
 * repeated ten times is worth about three hits, not ten). The fallback domain (`general`)
 * competes with a fixed score, `generalEvidence` (default 3); the distribution is the softmax
 * of all scores / `temperature` (default 2). So a row is labelled `general` unless some domain
 * collects more than 3 points of evidence: one unambiguous keyword (weight 3) in the
 * instruction already does it, weak words in the response need several hits.
 *
 * Keywords are matched in the form keywordForm() gives (a stem, or the exact word where
 * stemming would over-merge). The taxonomy's keyword forms are stemmed once when the scorer is built; at run time each
 * distinct word is stemmed once and cached, so the per-row work is a scan over char codes and
 * one WordTable probe per word (hashed during the scan: no string per word).
 */
export interface KeywordDomainOptions {
  taxonomy?: DomainTaxonomy;
  /** Weight of the first user turn relative to the response (default 3). */
  instructionWeight?: number;
  /** The fixed score of the fallback domain (default 3). */
  generalEvidence?: number;
  /** Softmax temperature over domain scores (default 2). */
  temperature?: number;
}

/** Phrases longer than this many words are not matched (none in the default taxonomy). */
const MAX_PHRASE_WORDS = 4;
/** The word → stem id cache is cleared when it grows past this (bounded memory on huge corpora). */
const MAX_CACHED_WORDS = 200_000;
/** Words up to this many code units are looked up from scratch codes; longer ones are sliced. */
const SCRATCH_UNITS = 64;
/** The stem id of a word whose stem no keyword uses. The cache stores id + 1 (WordTable values are >= 0). */
const NO_STEM = -1;

interface KeywordEntry {
  readonly domains: Int32Array;
  readonly weights: Float64Array;
}

export class KeywordDomainScorer implements Scorer {
  readonly name = "domain";
  readonly columns = DOMAIN_COLUMNS;
  readonly taxonomy: DomainTaxonomy;
  readonly domainNames: readonly string[];

  private readonly fallbackIndex: number;
  private readonly instructionWeight: number;
  private readonly generalEvidence: number;
  private readonly temperature: number;
  /** Stem → id, for every stem that occurs in some keyword. */
  private readonly stemIds = new Map<string, number>();
  /** Id base for phrase keys: a phrase of stems (a, b, c) has key ((a+1)·B + b+1)·B + c+1. */
  private readonly base: number;
  /** Keyword key → keyword index, one map per phrase length (index 0: single words). */
  private readonly keywordsByLength: Map<number, number>[] = [];
  private readonly keywords: KeywordEntry[] = [];
  private readonly longestPhrase: number;
  /** Word (lower-cased) → stem id + 1, so 0 for a stem no keyword uses. */
  private readonly wordCache = new WordTable(4096);
  private readonly wordCodes = new Uint16Array(SCRATCH_UNITS);

  // Per-row scratch.
  private readonly scores: Float64Array;
  private readonly probs: Float64Array;
  private hitCounts = new Int32Array(0);
  private hitStamp = new Uint32Array(0);
  private rowStamp = 0;
  private readonly window = new Int32Array(MAX_PHRASE_WORDS);

  constructor(opts: KeywordDomainOptions = {}) {
    this.taxonomy = opts.taxonomy ?? loadDefaultTaxonomy();
    this.domainNames = this.taxonomy.domains.map((d) => d.name);
    this.fallbackIndex = this.domainNames.indexOf(this.taxonomy.fallback);
    this.instructionWeight = opts.instructionWeight ?? 3;
    this.generalEvidence = opts.generalEvidence ?? 3;
    this.temperature = opts.temperature ?? 2;
    if (!(this.temperature > 0)) throw new Error(`keyword domain temperature must be > 0, got ${opts.temperature}`);

    // Stem every keyword; a keyword shared by several domains becomes one entry listing them all.
    const stemmedKeywords: Array<{ stems: string[]; domain: number; weight: number }> = [];
    this.taxonomy.domains.forEach((domain, d) => {
      for (const [phrase, weight] of Object.entries(domain.keywords)) {
        const exact = phrase.startsWith("=");
        const stems = wordsOf(exact ? phrase.slice(1) : phrase).map((w) => keywordForm(w, exact));
        if (stems.length === 0 || stems.length > MAX_PHRASE_WORDS) continue;
        for (const s of stems) if (!this.stemIds.has(s)) this.stemIds.set(s, this.stemIds.size);
        stemmedKeywords.push({ stems, domain: d, weight });
      }
    });
    this.base = this.stemIds.size + 1;
    const grouped = new Map<string, { length: number; key: number; domains: number[]; weights: number[] }>();
    for (const kw of stemmedKeywords) {
      const ids = kw.stems.map((s) => this.stemIds.get(s)!);
      const key = this.keyOf(ids);
      const gk = `${ids.length}:${key}`;
      let g = grouped.get(gk);
      if (!g) grouped.set(gk, (g = { length: ids.length, key, domains: [], weights: [] }));
      const at = g.domains.indexOf(kw.domain);
      // The same stem listed twice for one domain ("cell", "cells") keeps the larger weight.
      if (at >= 0) g.weights[at] = Math.max(g.weights[at]!, kw.weight);
      else {
        g.domains.push(kw.domain);
        g.weights.push(kw.weight);
      }
    }
    for (let n = 0; n < MAX_PHRASE_WORDS; n++) this.keywordsByLength.push(new Map());
    let longest = 1;
    for (const g of grouped.values()) {
      this.keywordsByLength[g.length - 1]!.set(g.key, this.keywords.length);
      this.keywords.push({ domains: Int32Array.from(g.domains), weights: Float64Array.from(g.weights) });
      longest = Math.max(longest, g.length);
    }
    this.longestPhrase = longest;
    this.scores = new Float64Array(this.domainNames.length);
    this.probs = new Float64Array(this.domainNames.length);
    this.hitCounts = new Int32Array(this.keywords.length);
    this.hitStamp = new Uint32Array(this.keywords.length);
  }

  score(view: TextView): ScoreColumn[] {
    const out = new DomainColumns(this.domainNames, view.length);
    for (let i = 0; i < view.length; i++) out.set(i, this.classify(firstUserTurn(view, i), view.response[i]!));
    return out.columns();
  }

  /** The distribution over domains (taxonomy order) for one instruction/response pair. Reused buffer: copy to keep. */
  classify(instruction: string, response: string): Float64Array {
    this.rowStamp = (this.rowStamp + 1) >>> 0;
    if (this.rowStamp === 0) {
      this.hitStamp.fill(0);
      this.rowStamp = 1;
    }
    this.scores.fill(0);
    this.scan(instruction, this.instructionWeight);
    this.scan(response, 1);
    this.scores[this.fallbackIndex]! += this.generalEvidence;
    return softmaxInto(this.scores, this.temperature, this.probs);
  }

  private keyOf(ids: ArrayLike<number>, from = 0, to = ids.length): number {
    let key = 0;
    for (let k = from; k < to; k++) key = key * this.base + ids[k]! + 1;
    return key;
  }

  /** Stem id of a lower-cased word, or NO_STEM; `cached` is its WordTable value, or -1 when unseen. */
  private stemIdOf(word: string, cached: number): number {
    if (cached >= 0) return cached - 1;
    const id = this.stemIds.get(`=${word}`) ?? this.stemIds.get(stemmer(word)) ?? NO_STEM;
    if (this.wordCache.size >= MAX_CACHED_WORDS) this.wordCache.clear();
    this.wordCache.setString(word, id + 1);
    return id;
  }

  /** Add the keyword evidence of one text, weighted by `fieldWeight`. */
  private scan(s: string, fieldWeight: number): void {
    const n = s.length;
    const window = this.window;
    const longest = this.longestPhrase;
    const codes = this.wordCodes;
    let filled = 0; // how many of the last words (up to `longest`) are known stems
    let i = 0;
    while (i < n) {
      if (!isWordCode(s.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i;
      // ASCII words are lower-cased code by code (what toLowerCase() does to them) and
      // hashed on the way; any other word goes through toLowerCase() as a string.
      let ascii = true;
      let hash = WORD_HASH_SEED;
      while (i < n) {
        let c = s.charCodeAt(i);
        if (!isWordCode(c)) break;
        if (c >= 128) ascii = false;
        else if (c >= 65 && c <= 90) c += 32;
        const k = i - start;
        if (k < SCRATCH_UNITS) codes[k] = c;
        hash = wordHashStep(hash, c);
        i++;
      }
      const length = i - start;
      let id: number;
      if (ascii && length <= SCRATCH_UNITS) {
        const cached = this.wordCache.get(codes, 0, length, hash);
        id = cached >= 0 ? cached - 1 : this.stemIdOf(String.fromCharCode(...codes.subarray(0, length)), -1);
      } else {
        const word = s.slice(start, i).toLowerCase();
        id = this.stemIdOf(word, this.wordCache.getString(word));
      }
      if (id < 0) {
        filled = 0;
        continue;
      }
      // Slide the window of known stems: window[longest-1] is the newest word.
      for (let k = 0; k < longest - 1; k++) window[k] = window[k + 1]!;
      window[longest - 1] = id;
      if (filled < longest) filled++;
      for (let len = 1; len <= filled; len++) {
        const kw = this.keywordsByLength[len - 1]!.get(this.keyOf(window, longest - len, longest));
        if (kw !== undefined) this.hit(kw, fieldWeight);
      }
    }
  }

  private hit(kw: number, fieldWeight: number): void {
    if (this.hitStamp[kw] !== this.rowStamp) {
      this.hitStamp[kw] = this.rowStamp;
      this.hitCounts[kw] = 0;
    }
    const k = ++this.hitCounts[kw]!;
    const entry = this.keywords[kw]!;
    for (let j = 0; j < entry.domains.length; j++) this.scores[entry.domains[j]!]! += (entry.weights[j]! * fieldWeight) / k;
  }
}

/**
 * The form a keyword word is matched in: its Porter stem ("recipes" → "recip", which also
 * catches "recipe"), or the exact word (marked "=word") where stemming would merge it with
 * unrelated words: stems shorter than 4 letters ("inning" → "in", "wedding" → "wed") and
 * stems that cut 2 or more letters off the singular ("fitness" → "fit", "dating" → "date",
 * "boxing" → "box"; "recipes" is judged as "recipe").
 * A taxonomy can force exact matching with a leading "=" ("=anime", which would stem to the
 * "anim" of "animal").
 */
export function keywordForm(word: string, exact = false): string {
  const stem = stemmer(word);
  if (exact) return `=${word}`;
  // A plural is judged by its singular ("recipes" cuts 2 letters, "recipe" only 1).
  const base = word.endsWith("s") && !word.endsWith("ss") && stemmer(word.slice(0, -1)) === stem ? word.slice(0, -1) : word;
  if (stem.length < 4 || base.length - stem.length >= 2) return `=${word}`;
  return stem;
}

/** The lower-cased words of a phrase, split the way rows are scanned (runs of letters and digits). */
export function wordsOf(text: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isWordCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && isWordCode(text.charCodeAt(i))) i++;
    words.push(text.slice(start, i).toLowerCase());
  }
  return words;
}
