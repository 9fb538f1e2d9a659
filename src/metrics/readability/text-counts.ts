import { OTHER, SPACE, TERMINATOR, WORD, classOfCodePoint, classOfUnit, type CharClass } from "./char-class.js";
import { WORD_HASH_SEED, WordTable, wordHashStep } from "../../base/word-table.js";
import { EASY_FLAG, SYLLABLE_MASK, type SyllableDictionary } from "./syllable-dictionary.js";
import { cleanWord } from "./word-cleaning.js";

/** Everything textstat's formulas read from a text, gathered in one pass. */
export interface TextCounts {
  /** Non-whitespace code points (textstat `char_count`). */
  chars: number;
  /** Python word characters (textstat `letter_count`). */
  letters: number;
  /** Whitespace tokens with at least one word character (`lexicon_count`). */
  words: number;
  /** Sum of the words' syllables (`syllable_count`). */
  syllables: number;
  /** textstat `sentence_count`: 0 for "", else at least 1. */
  sentences: number;
  /** Words of 3+ syllables (`polysyllabcount`). */
  polysyllables: number;
  /** Whitespace tokens, punctuation-only ones included (ARI's word count). */
  tokens: number;
  /**
   * Distinct words not on the easy list with 2+ syllables (`difficult_words`); textstat
   * de-duplicates them case-sensitively ("Potential" and "potential" count twice).
   */
  difficultWords: number;
  /** Words not on the easy list with 3+ syllables (Gunning Fog's hard words). */
  hardWords: number;
  /** Words not on the easy list (Dale-Chall's difficult words). */
  unfamiliarWords: number;
  /** Linsear Write over the first 100 words: words of 1–2 syllables… */
  linsearEasy: number;
  /** …words of 3+ syllables… */
  linsearHard: number;
  /** …and textstat's sentence count of the text up to the 100th word (0 without words). */
  linsearSentences: number;
}

/**
 * textstat's Linsear Write reads only the first 100 words (punctuation-only tokens such
 * as "-" are skipped, which the fixture confirms) and the sentences among them.
 */
const LINSEAR_WORDS = 100;

/**
 * Words up to this many code units take the allocation-free path: their lower-cased code
 * units are gathered during the scan and looked up by hash. Longer ones are sliced.
 */
const SCRATCH_UNITS = 128;
/** Scratch, reused across texts (a scan is synchronous: one text at a time per thread). */
const keyCodes = new Uint16Array(SCRATCH_UNITS);
const casedCodes = new Uint16Array(SCRATCH_UNITS);
/** The distinct difficult words of the current text. */
const difficultWords = new WordTable(256);

/** Class of each ASCII code, inlined in the hot loop. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_CLASS[c] = classOfUnit(c);

/**
 * One pass over the text computes every count, mirroring textstat 0.7.11:
 * - words: whitespace tokens after punctuation removal (apostrophes kept only in
 *   contractions), so a token counts when it holds a word character;
 * - syllables: per lower-cased cleaned word, from the dictionary;
 * - sentences: textstat matches `\b[^.!?]+[.!?]*` and drops matches of 2 words or fewer.
 *   A match starts at the first word character after the previous match and runs to the
 *   end of the next run of terminators, which is what the state machine below tracks
 *   (a match can split a token: "e.g." is two one-word matches).
 */
export function countText(text: string, dictionary: SyllableDictionary): TextCounts {
  const n = text.length;
  let chars = 0;
  let letters = 0;
  let words = 0;
  let syllables = 0;
  let polysyllables = 0;
  difficultWords.clear();
  let hardWords = 0;
  let unfamiliarWords = 0;
  let tokens = 0;
  let linsearEasy = 0;
  let linsearHard = 0;
  let linsearSentences = -1;

  // Sentence matcher state.
  let matches = 0;
  let shortMatches = 0;
  let inMatch = false;
  let inTerminators = false;
  let matchWords = 0;
  let tokenCountedInMatch = false;

  let i = 0;
  while (i < n) {
    const first = text.charCodeAt(i);
    if ((first < 128 ? ASCII_CLASS[first]! : classOfUnit(first)) === SPACE) {
      if (inTerminators) {
        matches++;
        if (matchWords <= 2) shortMatches++;
        inMatch = false;
        inTerminators = false;
      }
      i++;
      continue;
    }

    // A whitespace token [start, i).
    const start = i;
    tokenCountedInMatch = false;
    let wordChars = 0;
    let firstWord = -1;
    let lastWordEnd = -1;
    let gapInside = false; // a non-word character between two word characters
    let upper = false;
    let ascii = true;
    // The lower-cased word characters and their hash: the dictionary key when the token
    // is ASCII with punctuation only around the word (the common case).
    let keyHash = WORD_HASH_SEED;
    while (i < n) {
      const code = text.charCodeAt(i);
      let cls: CharClass;
      let width = 1;
      let lowered = code;
      if (code < 128) {
        cls = ASCII_CLASS[code]! as CharClass;
        if (code >= 65 && code <= 90) {
          upper = true;
          lowered = code + 32;
        }
      } else {
        ascii = false;
        if (code >= 0xd800 && code <= 0xdbff && i + 1 < n) {
          const low = text.charCodeAt(i + 1);
          if (low >= 0xdc00 && low <= 0xdfff) {
            width = 2;
            cls = classOfCodePoint(((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000);
          } else cls = OTHER;
        } else cls = classOfUnit(code);
      }
      if (cls === SPACE) break;
      chars++;
      if (cls === WORD) {
        letters++;
        if (wordChars < SCRATCH_UNITS) keyCodes[wordChars] = lowered;
        keyHash = wordHashStep(keyHash, lowered);
        wordChars++;
        if (firstWord < 0) firstWord = i;
        else if (lastWordEnd !== i) gapInside = true;
        lastWordEnd = i + width;
        if (inTerminators) {
          matches++;
          if (matchWords <= 2) shortMatches++;
          inMatch = false;
          inTerminators = false;
        }
        if (!inMatch) {
          inMatch = true;
          matchWords = 0;
          tokenCountedInMatch = false;
        }
        if (!tokenCountedInMatch) {
          matchWords++;
          tokenCountedInMatch = true;
        }
      } else if (cls === TERMINATOR) {
        if (inMatch) inTerminators = true;
      } else if (inTerminators) {
        // OTHER or APOSTROPHE ends the run of terminators, hence the match.
        matches++;
        if (matchWords <= 2) shortMatches++;
        inMatch = false;
        inTerminators = false;
      }
      i += width;
    }

    tokens++;
    if (wordChars > 0) {
      words++;
      // The dictionary key is the lower-cased cleaned word; difficult words are kept as
      // cleaned before lower-casing, because textstat's difficult_words de-duplicates
      // case-sensitively.
      const fast = ascii && !gapInside && wordChars <= SCRATCH_UNITS;
      let cased: string | null = null;
      let packed: number;
      if (fast) {
        packed = dictionary.lookupCodes(keyCodes, wordChars, keyHash);
      } else {
        const token = text.slice(start, i);
        const key = cleanWord(token.toLowerCase());
        cased = upper || !ascii ? cleanWord(token) : key;
        packed = dictionary.lookup(key);
      }
      const wordSyllables = packed & SYLLABLE_MASK;
      syllables += wordSyllables;
      if (wordSyllables >= 3) polysyllables++;
      if ((packed & EASY_FLAG) === 0) {
        unfamiliarWords++;
        if (wordSyllables >= 2) {
          if (cased !== null) difficultWords.setString(cased, 0);
          else if (!upper) difficultWords.set(keyCodes, 0, wordChars, keyHash, 0);
          else {
            let casedHash = WORD_HASH_SEED;
            for (let k = 0; k < wordChars; k++) {
              const c = text.charCodeAt(firstWord + k);
              casedCodes[k] = c;
              casedHash = wordHashStep(casedHash, c);
            }
            difficultWords.set(casedCodes, 0, wordChars, casedHash, 0);
          }
        }
        if (wordSyllables >= 3) hardWords++;
      }
      if (words <= LINSEAR_WORDS) {
        // A word the CMU dictionary gives no vowel ("hmm") is neither easy nor hard.
        if (wordSyllables >= 3) linsearHard++;
        else if (wordSyllables > 0) linsearEasy++;
        if (words === LINSEAR_WORDS) {
          const open = inMatch ? 1 : 0;
          const openShort = inMatch && matchWords <= 2 ? 1 : 0;
          linsearSentences = Math.max(1, matches + open - shortMatches - openShort);
        }
      }
    }
  }
  if (inMatch) {
    matches++;
    if (matchWords <= 2) shortMatches++;
  }
  const sentences = n === 0 ? 0 : Math.max(1, matches - shortMatches);
  if (linsearSentences < 0) linsearSentences = words === 0 ? 0 : sentences;

  return {
    chars,
    letters,
    words,
    syllables,
    sentences,
    polysyllables,
    tokens,
    difficultWords: difficultWords.size,
    hardWords,
    unfamiliarWords,
    linsearEasy,
    linsearHard,
    linsearSentences,
  };
}

