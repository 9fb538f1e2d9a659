import { stemmer } from "stemmer";

/** Words longer than this are not features (URLs, hashes, base64 runs). */
export const MAX_FEATURE_WORD = 30;

/** The feature every year 1000–2099 counts as. */
export const YEAR_FEATURE = "#year";

/** The feature every other number counts as ("3", "2x", "10km"): quantities are evidence, their values are not. */
export const NUMBER_FEATURE = "#number";

/**
 * The feature each mathematical operator counts as: = + ^ × ÷ √ ± ≤ ≥ ≠ ∑ ∫ ∞ (not - / * < >,
 * which hyphens, dates, paths, lists and markup use as much as formulas do). An operator is
 * not a word, so the scanner looks for these among the characters between words.
 */
export const OPERATOR_FEATURE = "#operator";
const OPERATOR_CODES = new Set([..."=+^×÷√±≤≥≠∑∫∞"].map((c) => c.charCodeAt(0)));

/** Whether UTF-16 code unit c is one of the operators OPERATOR_FEATURE stands for. */
export function isOperatorCode(c: number): boolean {
  return OPERATOR_CODES.has(c);
}

/** How many operator characters a text has: that many OPERATOR_FEATURE occurrences. */
export function operatorCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (OPERATOR_CODES.has(text.charCodeAt(i))) n++;
  return n;
}

/**
 * The feature a lower-cased word counts as in the domain lexicon: its Porter stem, so
 * "genes", "gene" and "genetic"/"genetics" fall together where Porter merges them. A year is
 * YEAR_FEATURE, any other word of mostly digits NUMBER_FEATURE; single letters carry no
 * subject and are not features (undefined). The compile
 * script and the scorer both go through this function, so the shipped table and the run-time
 * lookup always agree.
 */
export function featureOfWord(word: string): string | undefined {
  if (word.length > MAX_FEATURE_WORD) return undefined;
  let digits = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  // A four-digit year of the last millennium is evidence too (history, dated events): one feature for all.
  if (digits === 4 && word.length === 4 && (word.charCodeAt(0) === 49 || (word.charCodeAt(0) === 50 && word.charCodeAt(1) === 48))) return YEAR_FEATURE;
  if (digits * 2 >= word.length) return NUMBER_FEATURE;
  if (word.length < 2) return undefined;
  return stemmer(word);
}

/**
 * The rows of the domain model are shorter or longer than its training text by two orders of
 * magnitude (a one-line gloss, a page-long passage): feature values are divided by the square
 * root of the row's weighted feature-token count, never less than this many tokens.
 */
export const MIN_ROW_TOKENS = 4;

/**
 * The model's input for a list of feature occurrences (features of one text, in order, each
 * with its field weight: 1 for user turns, less for the response): the k-th occurrence of a
 * feature adds weight/k, and every value is divided by √max(MIN_ROW_TOKENS, Σ weights). The
 * scorer computes the same thing in one pass over the characters; the compile script calls
 * this on its training text.
 */
export function featureValues(features: readonly string[], weights?: readonly number[]): Map<string, number> {
  const seen = new Map<string, number>();
  const values = new Map<string, number>();
  let tokens = 0;
  features.forEach((f, i) => {
    const w = weights?.[i] ?? 1;
    const k = (seen.get(f) ?? 0) + 1;
    seen.set(f, k);
    values.set(f, (values.get(f) ?? 0) + w / k);
    tokens += w;
  });
  const norm = 1 / Math.sqrt(Math.max(MIN_ROW_TOKENS, tokens));
  for (const [f, v] of values) values.set(f, v * norm);
  return values;
}
