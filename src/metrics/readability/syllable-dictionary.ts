import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { assetPath } from "../../base/assets.js";
import { WordTable, type WordTableData } from "../../base/word-table.js";
import { LiangHyphenator } from "./liang-hyphenator.js";

/**
 * Word facts textstat needs, packed in one small integer so that a word costs one hash
 * lookup: bits 0–5 the syllable count, bit 6 "on the Dale-Chall easy list".
 */
export const EASY_FLAG = 64;
export const SYLLABLE_MASK = 63;

/**
 * Hyphenated words remembered per thread; all are dropped when full (bounded memory, and a
 * pure cache: results never depend on it).
 */
const HYPHENATION_CACHE_LIMIT = 200_000;

/** Rough size of CMU 0.7a + the easy list, to size the table being compiled once. */
const EXPECTED_WORDS = 125_000;

/**
 * Syllables of a lower-cased, punctuation-stripped word, textstat's way: the CMU
 * dictionary's first pronunciation (vowel phones) when the word is in it, else Pyphen's
 * en_US hyphenation positions + 1.
 *
 * Two tables: the dictionary (CMU words and the easy list, fixed once built) and a bounded
 * cache of the words this thread has hyphenated. The dictionary never changes, so it can be
 * one read-only copy in SharedArrayBuffers that every worker thread reads
 * (defaultDictionaryTable / useDefaultDictionaryTable): 5.6 MiB once instead of a 12.5 MiB
 * table built and held by each worker.
 */
export class SyllableDictionary {
  private readonly dictionary: WordTable;
  private readonly hyphenated = new WordTable(4096);

  /**
   * A dictionary of `cmuSyllables` (word → syllables) and `easyWords` (the Dale-Chall easy
   * list), or of a table compiled before (compileDictionaryTable, possibly in another thread).
   */
  constructor(
    cmuSyllables: Iterable<readonly [string, number]> | WordTable,
    private readonly hyphenator: LiangHyphenator,
    easyWords: Iterable<string> = [],
  ) {
    this.dictionary = cmuSyllables instanceof WordTable ? cmuSyllables : compileDictionaryTable(cmuSyllables, hyphenator, easyWords);
  }

  /** Packed facts (syllables | EASY_FLAG) of a word; see EASY_FLAG. */
  lookup(word: string): number {
    const known = this.dictionary.getString(word);
    if (known >= 0) return known;
    const cached = this.hyphenated.getString(word);
    if (cached >= 0) return cached;
    return this.remember(word);
  }

  /**
   * lookup() of the word codes[0, length), whose wordHashOf (word-table.js) is `hash`:
   * the scanner's path, which builds a string only for a word never seen before.
   */
  lookupCodes(codes: Uint16Array, length: number, hash: number): number {
    const known = this.dictionary.get(codes, 0, length, hash);
    if (known >= 0) return known;
    const cached = this.hyphenated.get(codes, 0, length, hash);
    if (cached >= 0) return cached;
    return this.remember(String.fromCharCode(...codes.subarray(0, length)));
  }

  /** Syllables of a word (0 for the empty string, as textstat). */
  syllables(word: string): number {
    return word.length === 0 ? 0 : this.lookup(word) & SYLLABLE_MASK;
  }

  private remember(word: string): number {
    const packed = Math.min(this.hyphenator.countPositions(word) + 1, SYLLABLE_MASK);
    if (this.hyphenated.size >= HYPHENATION_CACHE_LIMIT) this.hyphenated.clear();
    this.hyphenated.setString(word, packed);
    return packed;
  }
}

/** The dictionary table: CMU words → syllables, then the easy words flagged (hyphenated when CMU lacks them). */
export function compileDictionaryTable(
  cmuSyllables: Iterable<readonly [string, number]>,
  hyphenator: LiangHyphenator,
  easyWords: Iterable<string>,
): WordTable {
  const table = new WordTable(EXPECTED_WORDS);
  for (const [word, syllables] of cmuSyllables) table.setString(word, syllables);
  for (const word of easyWords) {
    const known = table.getString(word);
    const syllables = known >= 0 ? known : hyphenator.countPositions(word) + 1;
    table.setString(word, (syllables & SYLLABLE_MASK) | EASY_FLAG);
  }
  return table;
}

let hyphenator: LiangHyphenator | undefined;
let tableData: WordTableData | undefined;
let shared: SyllableDictionary | undefined;

/** Pyphen's en_US patterns (lazy, once per thread). */
function defaultHyphenator(): LiangHyphenator {
  if (hyphenator) return hyphenator;
  const patterns = gunzipSync(readFileSync(assetPath("readability/hyph-en-us-patterns.txt.gz"))).toString("utf8");
  hyphenator = new LiangHyphenator(patterns.split("\n"));
  return hyphenator;
}

/**
 * The default dictionary's table, compiled from CMU 0.7a + hyph_en_US + textstat's easy
 * words once per process, in SharedArrayBuffers: hand it to worker threads
 * (useDefaultDictionaryTable) so that they read this copy instead of building their own.
 */
export function defaultDictionaryTable(): WordTableData {
  if (tableData) return tableData;
  const cmuText = gunzipSync(readFileSync(assetPath("readability/cmudict-syllables.txt.gz"))).toString("utf8");
  const easy = readFileSync(assetPath("readability/dale-chall-easy-words.txt"), "utf8").split("\n").filter((w) => w.length > 0);
  tableData = compileDictionaryTable(cmuEntries(cmuText), defaultHyphenator(), easy).toShared();
  return tableData;
}

/** Make `data` (defaultDictionaryTable() of another thread) this thread's default dictionary table. */
export function useDefaultDictionaryTable(data: WordTableData): void {
  if (tableData === data) return;
  tableData = data;
  shared = undefined;
}

/** The default dictionary (lazy, once per thread; its table is shared with the threads given it). */
export function defaultSyllableDictionary(): SyllableDictionary {
  shared ??= new SyllableDictionary(WordTable.readOnly(defaultDictionaryTable()), defaultHyphenator());
  return shared;
}

/** The compiled CMU table's lines are "<syllables> <word> <word> …". */
function* cmuEntries(text: string): Generator<[string, number]> {
  for (const line of text.split("\n")) {
    if (line.length === 0) continue;
    const words = line.split(" ");
    const syllables = Number(words[0]);
    for (let i = 1; i < words.length; i++) yield [words[i]!, syllables];
  }
}
