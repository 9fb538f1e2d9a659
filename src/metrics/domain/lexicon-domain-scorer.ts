import type { ScoreColumn } from "../../core/score-column.js";
import type { Scorer } from "../../core/scorer.js";
import type { TextView } from "../../core/text-view.js";
import { WORD_HASH_SEED, WordTable, wordHashStep } from "../../base/word-table.js";
import { isWordCode } from "../../base/char-classes.js";
import { DOMAIN_COLUMNS, DomainColumns, softmaxInto } from "./domain-columns.js";
import { featureOfWord, isOperatorCode, MAX_FEATURE_WORD, MIN_ROW_TOKENS, OPERATOR_FEATURE } from "./domain-features.js";
import { loadDomainLexicon, type DomainLexicon } from "./domain-lexicon.js";

/** The word → entry cache is cleared when it grows past this (bounded memory on huge corpora). */
const MAX_CACHED_WORDS = 200_000;

/** Word cache codes: not a feature, a feature the model has no weights for, else entry + KNOWN. */
const NOT_A_FEATURE = 0;
const UNKNOWN_FEATURE = 1;
const KNOWN = 2;

/**
 * The embedded default domain labeller: a multinomial logistic regression over word features,
 * trained on WordNet's labelled definitions, the taxonomy's own keywords and descriptions, and
 * self-training on unlabelled instructions (scripts/compile-domain-tables.ts).
 *
 * For a row, every user turn (the view's `instruction`: all user turns of a conversation)
 * counts fully and the response `responseWeight` (1/3) as much. Each word's Porter stem is a
 * feature; the k-th repeat of a stem in a row counts 1/k, and the values are divided by the
 * square root of the row's (weighted) word count (featureValues), so a page-long passage and
 * a one-line question get logits of one scale. Numbers (other than years) count as one
 * feature and the operators of formulas (=, +, ^, √ …) as another (domain-features.ts). A
 * collocation ("supply and demand") adds its own weights when its second word follows its first
 * with only bridge words between; function words count in the length and carry no weights.
 * `general` competes with a fixed logit: a row is
 * `general` unless some domain's evidence beats it. `domain_score` is the softmax over the
 * temperature fitted on held-out WordNet documents.
 *
 * Per row the work is one scan over char codes with one WordTable probe per word (hashed
 * during the scan, no string per word) and a few multiply-adds per known word.
 */
export class LexiconDomainScorer implements Scorer {
  readonly name = "domain";
  readonly columns = DOMAIN_COLUMNS;
  /** Taxonomy order: the lexicon's subject domains, then the fallback. */
  readonly domainNames: readonly string[];

  private readonly lexicon: DomainLexicon;
  private readonly fallbackIndex: number;
  /** The lexicon entry of OPERATOR_FEATURE, or -1 where the model has no weights for it. */
  private readonly operatorEntry: number;
  /** Lower-cased word → NOT_A_FEATURE, UNKNOWN_FEATURE or lexicon entry + KNOWN. */
  private readonly wordCache = new WordTable(4096);
  private readonly codes = new Uint16Array(MAX_FEATURE_WORD);
  private readonly scores: Float64Array;
  private readonly probs: Float64Array;
  private hitCount: Int32Array;
  private hitStamp: Uint32Array;
  private rowStamp = 0;
  /** Feature words of the current row, weighted by field. */
  private tokens = 0;

  constructor(lexicon: DomainLexicon = loadDomainLexicon()) {
    this.lexicon = lexicon;
    this.domainNames = [...lexicon.domains, lexicon.fallback];
    this.fallbackIndex = lexicon.domains.length;
    this.operatorEntry = lexicon.entries.getString(OPERATOR_FEATURE);
    this.scores = new Float64Array(this.domainNames.length);
    this.probs = new Float64Array(this.domainNames.length);
    this.hitCount = new Int32Array(lexicon.entries.size);
    this.hitStamp = new Uint32Array(lexicon.entries.size);
  }

  score(view: TextView): ScoreColumn[] {
    const out = new DomainColumns(this.domainNames, view.length);
    for (let i = 0; i < view.length; i++) out.set(i, this.classify(view.instruction[i]!, view.response[i]!));
    return out.columns();
  }

  /** The distribution over domainNames for one row's user text and response. Reused buffer: copy to keep. */
  classify(userText: string, response = ""): Float64Array {
    this.rowStamp = (this.rowStamp + 1) >>> 0;
    if (this.rowStamp === 0) {
      this.hitStamp.fill(0);
      this.rowStamp = 1;
    }
    this.scores.fill(0);
    this.tokens = 0;
    this.scan(userText, 1);
    if (response.length > 0) this.scan(response, this.lexicon.responseWeight);
    const norm = 1 / Math.sqrt(Math.max(MIN_ROW_TOKENS, this.tokens));
    for (let d = 0; d < this.fallbackIndex; d++) this.scores[d]! *= norm;
    this.scores[this.fallbackIndex] = this.lexicon.generalScore;
    return softmaxInto(this.scores, this.lexicon.temperature, this.probs);
  }

  /** The cache code of a lower-cased word (NOT_A_FEATURE, UNKNOWN_FEATURE, entry + KNOWN); cached per distinct word. */
  private codeOf(word: string): number {
    const feature = featureOfWord(word);
    const entry = feature === undefined ? -1 : this.lexicon.entries.getString(feature);
    const code = feature === undefined ? NOT_A_FEATURE : entry < 0 ? UNKNOWN_FEATURE : entry + KNOWN;
    if (this.wordCache.size >= MAX_CACHED_WORDS) this.wordCache.clear();
    this.wordCache.setString(word, code);
    return code;
  }

  private scan(s: string, fieldWeight: number): void {
    const n = s.length;
    const codes = this.codes;
    const { collocationStart, collocationSecond, collocationEntry, bridge } = this.lexicon;
    /** The entry of the last content word, while a collocation may still start at it; -1 otherwise. */
    let previous = -1;
    let i = 0;
    while (i < n) {
      const first = s.charCodeAt(i);
      if (!isWordCode(first)) {
        if (isOperatorCode(first)) {
          this.tokens += fieldWeight;
          if (this.operatorEntry >= 0) this.hit(this.operatorEntry, fieldWeight);
        }
        i++;
        continue;
      }
      const start = i;
      let ascii = true;
      let hash = WORD_HASH_SEED;
      while (i < n) {
        let c = s.charCodeAt(i);
        if (!isWordCode(c)) break;
        if (c >= 128) ascii = false;
        else if (c >= 65 && c <= 90) c += 32;
        const k = i - start;
        if (k < MAX_FEATURE_WORD) codes[k] = c;
        hash = wordHashStep(hash, c);
        i++;
      }
      const length = i - start;
      if (length > MAX_FEATURE_WORD) {
        previous = -1; // never a feature
        continue;
      }
      let code: number;
      if (ascii) {
        code = this.wordCache.get(codes, 0, length, hash);
        if (code < 0) code = this.codeOf(String.fromCharCode(...codes.subarray(0, length)));
      } else {
        const word = s.slice(start, i).toLowerCase();
        code = this.wordCache.getString(word);
        if (code < 0) code = this.codeOf(word);
      }
      if (code === NOT_A_FEATURE) {
        previous = -1;
        continue;
      }
      this.tokens += fieldWeight;
      if (code < KNOWN) {
        previous = -1;
        continue;
      }
      const entry = code - KNOWN;
      this.hit(entry, fieldWeight);
      if (bridge[entry] === 1) continue;
      // A collocation: this word after the previous content word (only bridge words between).
      if (previous >= 0) {
        for (let j = collocationStart[previous]!; j < collocationStart[previous + 1]!; j++) {
          if (collocationSecond[j] === entry) {
            this.hit(collocationEntry[j]!, fieldWeight);
            break;
          }
        }
      }
      previous = entry;
    }
  }

  private hit(entry: number, fieldWeight: number): void {
    if (this.hitStamp[entry] !== this.rowStamp) {
      this.hitStamp[entry] = this.rowStamp;
      this.hitCount[entry] = 0;
    }
    const scale = fieldWeight / ++this.hitCount[entry]!;
    const { start, domainOf, weight } = this.lexicon;
    for (let j = start[entry]!; j < start[entry + 1]!; j++) this.scores[domainOf[j]!]! += weight[j]! * scale;
  }
}
