import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { stemmer } from "stemmer";
import { assetPath } from "../../base/assets.js";
import { isWordCode, lowerCode } from "../../base/char-classes.js";
import { grown } from "../../base/typed-array-growth.js";
import { WORD_HASH_SEED, WordTable, wordHashStep } from "../../base/word-table.js";

/** The shipped document-frequency table (see scripts/train-relevance.ts and data/relevance/SOURCE.md). */
export const IDF_ASSET = "relevance/document-frequencies.tsv.gz";

/**
 * Document frequencies of terms in an unlabelled corpus: how many of `documents` texts hold
 * each term at least once. Terms seen in fewer than two documents are left out; they weigh
 * as a term seen once.
 */
export interface DocumentFrequencies {
  readonly documents: number;
  readonly df: ReadonlyMap<string, number>;
}

/** Words that carry no topic: never terms (the hash embedder's function words). */
const STOP_WORDS =
  "a an the and or but if then else of to in on at by for with from into onto over under about as is are was were be been being " +
  "am do does did done have has had having i me my mine we us our you your he him his she her it its they them their this that " +
  "these those there here what which who whom whose when where why how all any some no not nor so too very can could should " +
  "would will shall may might must just than also only own same such each both few more most other up down out off again once";

/** Longer words are not terms (URLs, hashes, base64 runs). */
const MAX_TERM_WORD = 30;
/** Longest word the scanner keeps the code units of (longer ones are never terms). */
const MAX_SCANNED_WORD = 64;
/** Distinct words whose terms are cached before the cache starts over (values never depend on it). */
const WORD_CACHE_LIMIT = 1 << 17;

/**
 * The term a lower-cased word counts as, or undefined for a word that is none: a run of
 * ASCII digits is the number itself ("#42", leading zeros dropped: "007" and "7" agree);
 * stop words, single letters and words over 30 characters are no terms; any other word is
 * its Porter stem ("answers", "answered" → "answer"). The table compiler and the scorer both
 * go through this function, so shipped frequencies and run-time lookups agree.
 */
export function termOfWord(word: string): string | undefined {
  if (/^[0-9]+$/.test(word)) return `#${word.replace(/^0+(?=[0-9])/, "")}`;
  if (word.length < 2 || word.length > MAX_TERM_WORD || STOP_WORDS_SET.has(word)) return undefined;
  return stemmer(word);
}

const STOP_WORDS_SET = new Set(STOP_WORDS.split(" "));

/** Whether a term is a number term ("#42"). */
export function isNumberTerm(term: string): boolean {
  return term.charCodeAt(0) === 35;
}

/** The terms of a text in order, repeats kept (words split and lower-cased as TermScanner does; the compiler's and the tests' path). */
export function termsOf(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isWordCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let word = "";
    while (i < text.length && isWordCode(text.charCodeAt(i))) word += String.fromCharCode(lowerCode(text.charCodeAt(i++)));
    const term = word.length > MAX_SCANNED_WORD ? undefined : termOfWord(word);
    if (term !== undefined) out.push(term);
  }
  return out;
}

/** Read a document-frequency table: a first line `#documents<TAB>N`, then `term<TAB>df` lines. */
export function parseDocumentFrequencies(text: string): DocumentFrequencies {
  const lines = text.split("\n");
  const header = /^#documents\t(\d+)$/.exec(lines[0] ?? "");
  if (!header) throw new Error("document-frequency table: the first line must be #documents<TAB>N");
  const df = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    const tab = line.lastIndexOf("\t");
    df.set(line.slice(0, tab), Number(line.slice(tab + 1)));
  }
  return { documents: Number(header[1]), df };
}

/** Write a table parseDocumentFrequencies reads (terms sorted, so the file is reproducible). */
export function formatDocumentFrequencies(table: DocumentFrequencies): string {
  const terms = [...table.df.keys()].sort();
  return `#documents\t${table.documents}\n${terms.map((t) => `${t}\t${table.df.get(t)}`).join("\n")}\n`;
}

let shipped: DocumentFrequencies | undefined;

/** The shipped table, read once per thread. */
export function shippedDocumentFrequencies(): DocumentFrequencies {
  shipped ??= parseDocumentFrequencies(gunzipSync(readFileSync(assetPath(IDF_ASSET))).toString("utf8"));
  return shipped;
}

/**
 * Turns texts into term ids with IDF weights, fast: a text is scanned once by char code,
 * each distinct word's term is looked up once and cached (the stemmer runs on a cache miss
 * only), and nothing is allocated per word after warm-up.
 *
 * IDF of a term is ln((documents + 1) / (df + 1)); a term outside the table counts as seen
 * in one document. Term ids 0 … known-1 are the table's terms; later ids go to other terms
 * met while scanning, and are handed out again after the cache starts over (ids are
 * scratch identities within a text pair, never output).
 */
export class TermScanner {
  /** IDF of each term id. */
  idf: Float64Array;
  /** Whether each term id is a number term. */
  isNumber: Uint8Array;
  private readonly known: number;
  private readonly knownIds: Map<string, number>;
  private readonly otherIds = new Map<string, number>();
  private readonly unseenIdf: number;
  /** Lower-cased word → term id + 1 (0: the word is no term). */
  private readonly words = new WordTable(4096);
  private readonly word = new Uint16Array(MAX_SCANNED_WORD);

  constructor(table: DocumentFrequencies = shippedDocumentFrequencies()) {
    const terms = [...table.df.keys()].sort();
    this.known = terms.length;
    this.knownIds = new Map(terms.map((t, i) => [t, i]));
    this.idf = new Float64Array(Math.max(16, this.known * 2));
    this.isNumber = new Uint8Array(this.idf.length);
    const n = table.documents;
    terms.forEach((t, i) => {
      this.idf[i] = Math.log((n + 1) / (table.df.get(t)! + 1));
      this.isNumber[i] = isNumberTerm(t) ? 1 : 0;
    });
    this.unseenIdf = Math.log((n + 1) / 2);
  }

  /**
   * Make room for texts of `chars` code units in all: the cache starts over when they could
   * overflow it. Call before the texts whose term ids are compared (ids are handed out again
   * after a fresh start, so never between them).
   */
  reserve(chars: number): void {
    if (this.words.size + (chars >> 1) + 2 > WORD_CACHE_LIMIT) {
      this.words.clear();
      this.otherIds.clear();
    }
  }

  /** Term ids of a text, in order, repeats kept, into `out` (grown as needed); returns [out, count]. */
  scan(text: string, out: Int32Array): [Int32Array, number] {
    let count = 0;
    const n = text.length;
    const word = this.word;
    let i = 0;
    while (i < n) {
      if (!isWordCode(text.charCodeAt(i))) {
        i++;
        continue;
      }
      let h = WORD_HASH_SEED;
      let len = 0;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (!isWordCode(c)) break;
        const lc = lowerCode(c);
        if (len < MAX_SCANNED_WORD) {
          word[len] = lc;
          h = wordHashStep(h, lc);
        }
        len++;
        i++;
      }
      if (len > MAX_SCANNED_WORD) continue;
      let value = this.words.get(word, 0, len, h);
      if (value < 0) {
        value = this.termValue(String.fromCharCode(...word.subarray(0, len)));
        this.words.set(word, 0, len, h, value);
      }
      if (value === 0) continue;
      if (count === out.length) out = grown(out, out.length * 2);
      out[count++] = value - 1;
    }
    return [out, count];
  }

  /** Term id + 1 of a word, 0 when it is no term. */
  private termValue(word: string): number {
    const term = termOfWord(word);
    if (term === undefined) return 0;
    const known = this.knownIds.get(term);
    if (known !== undefined) return known + 1;
    let id = this.otherIds.get(term);
    if (id === undefined) {
      id = this.known + this.otherIds.size;
      this.otherIds.set(term, id);
      if (id >= this.idf.length) {
        this.idf = grown(this.idf, this.idf.length * 2);
        this.isNumber = grown(this.isNumber, this.idf.length);
      }
      this.idf[id] = this.unseenIdf;
      this.isNumber[id] = isNumberTerm(term) ? 1 : 0;
    }
    return id + 1;
  }

  /** Every term id in use so far is below this. */
  get idLimit(): number {
    return this.known + this.otherIds.size;
  }
}
