import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { assetPath } from "../../assets.js";
import { WordTable } from "../word-table.js";
import { LiangHyphenator } from "./liang-hyphenator.js";

/**
 * Word facts textstat needs, packed in one small integer so that a word costs one hash
 * lookup: bits 0–5 the syllable count, bit 6 "on the Dale-Chall easy list".
 */
export const EASY_FLAG = 64;
export const SYLLABLE_MASK = 63;

/**
 * Hyphenated words remembered per process, after the dictionary's own words; the oldest
 * are all dropped when full (bounded memory, and a pure cache: results never depend on it).
 */
const HYPHENATION_CACHE_LIMIT = 200_000;

/** Rough size of CMU 0.7a + the easy list, to size the table once. */
const EXPECTED_WORDS = 140_000;

/**
 * Syllables of a lower-cased, punctuation-stripped word, textstat's way: the CMU
 * dictionary's first pronunciation (vowel phones) when the word is in it, else Pyphen's
 * en_US hyphenation positions + 1.
 *
 * Dictionary words and hyphenated words share one WordTable: the dictionary first, the
 * hyphenation cache after it, so dropping the cache is a truncate to the dictionary's size.
 */
export class SyllableDictionary {
  private readonly table: WordTable;
  private readonly dictionarySize: number;

  constructor(
    cmuSyllables: Iterable<readonly [string, number]>,
    private readonly hyphenator: LiangHyphenator,
    easyWords: Iterable<string>,
  ) {
    this.table = new WordTable(EXPECTED_WORDS);
    for (const [word, syllables] of cmuSyllables) this.table.setString(word, syllables);
    for (const word of easyWords) {
      const known = this.table.getString(word);
      const syllables = known >= 0 ? known : this.hyphenationSyllables(word);
      this.table.setString(word, (syllables & SYLLABLE_MASK) | EASY_FLAG);
    }
    this.dictionarySize = this.table.size;
  }

  /** Packed facts (syllables | EASY_FLAG) of a word; see EASY_FLAG. */
  lookup(word: string): number {
    const known = this.table.getString(word);
    if (known >= 0) return known;
    return this.remember(word);
  }

  /**
   * lookup() of the word codes[0, length), whose wordHashOf (word-table.js) is `hash`:
   * the scanner's path, which builds a string only for a word never seen before.
   */
  lookupCodes(codes: Uint16Array, length: number, hash: number): number {
    const known = this.table.get(codes, 0, length, hash);
    if (known >= 0) return known;
    return this.remember(String.fromCharCode(...codes.subarray(0, length)));
  }

  /** Syllables of a word (0 for the empty string, as textstat). */
  syllables(word: string): number {
    return word.length === 0 ? 0 : this.lookup(word) & SYLLABLE_MASK;
  }

  private remember(word: string): number {
    const packed = Math.min(this.hyphenationSyllables(word), SYLLABLE_MASK);
    if (this.table.size - this.dictionarySize >= HYPHENATION_CACHE_LIMIT) this.table.truncate(this.dictionarySize);
    this.table.setString(word, packed);
    return packed;
  }

  private hyphenationSyllables(word: string): number {
    return this.hyphenator.countPositions(word) + 1;
  }
}

let shared: SyllableDictionary | undefined;

/** The dictionary compiled from CMU 0.7a + hyph_en_US + textstat's easy words (lazy, once). */
export function defaultSyllableDictionary(): SyllableDictionary {
  if (shared) return shared;
  const cmuText = gunzipSync(readFileSync(assetPath("readability/cmudict-syllables.txt.gz"))).toString("utf8");
  const patterns = gunzipSync(readFileSync(assetPath("readability/hyph-en-us-patterns.txt.gz"))).toString("utf8");
  const easy = readFileSync(assetPath("readability/dale-chall-easy-words.txt"), "utf8").split("\n").filter((w) => w.length > 0);
  shared = new SyllableDictionary(cmuEntries(cmuText), new LiangHyphenator(patterns.split("\n")), easy);
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
