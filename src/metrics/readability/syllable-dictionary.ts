import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { assetPath } from "../../assets.js";
import { LiangHyphenator } from "./liang-hyphenator.js";

/**
 * Word facts textstat needs, packed in one small integer so that a word costs one hash
 * lookup: bits 0–5 the syllable count, bit 6 "on the Dale-Chall easy list".
 */
export const EASY_FLAG = 64;
export const SYLLABLE_MASK = 63;

/** Hyphenated words remembered per process; cleared when full (bounded, deterministic). */
const HYPHENATION_CACHE_LIMIT = 100_000;

/**
 * Syllables of a lower-cased, punctuation-stripped word, textstat's way: the CMU
 * dictionary's first pronunciation (vowel phones) when the word is in it, else Pyphen's
 * en_US hyphenation positions + 1.
 */
export class SyllableDictionary {
  private readonly known: Map<string, number>;
  private readonly hyphenated = new Map<string, number>();

  constructor(
    cmuSyllables: Map<string, number>,
    private readonly hyphenator: LiangHyphenator,
    easyWords: Iterable<string>,
  ) {
    this.known = cmuSyllables;
    for (const word of easyWords) {
      const syllables = this.known.get(word) ?? this.hyphenationSyllables(word);
      this.known.set(word, (syllables & SYLLABLE_MASK) | EASY_FLAG);
    }
  }

  /** Packed facts (syllables | EASY_FLAG) of a word; see EASY_FLAG. */
  lookup(word: string): number {
    const known = this.known.get(word);
    if (known !== undefined) return known;
    let packed = this.hyphenated.get(word);
    if (packed === undefined) {
      packed = Math.min(this.hyphenationSyllables(word), SYLLABLE_MASK);
      if (this.hyphenated.size >= HYPHENATION_CACHE_LIMIT) this.hyphenated.clear();
      this.hyphenated.set(word, packed);
    }
    return packed;
  }

  /** Syllables of a word (0 for the empty string, as textstat). */
  syllables(word: string): number {
    return word.length === 0 ? 0 : this.lookup(word) & SYLLABLE_MASK;
  }

  private hyphenationSyllables(word: string): number {
    return this.hyphenator.countPositions(word) + 1;
  }
}

let shared: SyllableDictionary | undefined;

/** The dictionary compiled from CMU 0.7a + hyph_en_US + textstat's easy words (lazy, once). */
export function defaultSyllableDictionary(): SyllableDictionary {
  if (shared) return shared;
  const cmu = new Map<string, number>();
  const cmuText = gunzipSync(readFileSync(assetPath("readability/cmudict-syllables.txt.gz"))).toString("utf8");
  for (const line of cmuText.split("\n")) {
    if (line.length === 0) continue;
    const words = line.split(" ");
    const syllables = Number(words[0]);
    for (let i = 1; i < words.length; i++) cmu.set(words[i]!, syllables);
  }
  const patterns = gunzipSync(readFileSync(assetPath("readability/hyph-en-us-patterns.txt.gz"))).toString("utf8");
  const easy = readFileSync(assetPath("readability/dale-chall-easy-words.txt"), "utf8").split("\n").filter((w) => w.length > 0);
  shared = new SyllableDictionary(cmu, new LiangHyphenator(patterns.split("\n")), easy);
  return shared;
}
