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
 * English function words (pronouns, determiners, auxiliaries, prepositions, conjunctions,
 * question words): they say how a text is written, not what it is about, and a model trained
 * on dictionary glosses would otherwise learn the glosses' style from them ("where" in "a place
 * where …" for geography). They are words of the row (they count in its length) but never
 * features with weights. Modal verbs with a noun sense of their own ("will", "can", "may") are
 * not among them.
 */
const STOP_WORDS = [
  "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been",
  "before", "being", "below", "between", "both", "but", "by", "could", "did", "do", "does", "doing", "down", "during", "each", "either",
  "else", "even", "ever", "every", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself",
  "him", "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "least", "less", "many", "me",
  "more", "most", "much", "my", "myself", "neither", "no", "nor", "not", "now", "of", "off", "often", "on", "once", "only", "or", "other",
  "others", "otherwise", "our", "ours", "ourselves", "out", "over", "own", "per", "quite", "rather", "same", "she", "should", "since", "so",
  "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
  "though", "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "very", "was", "we", "were", "what", "whatever", "when",
  "where", "whether", "which", "while", "who", "whom", "whose", "why", "with", "within", "without", "would", "yet", "you", "your", "yours",
  "yourself",
];

/** The features of STOP_WORDS. */
export const STOP_FEATURES: ReadonlySet<string> = new Set(STOP_WORDS.map((w) => featureOfWord(w)).filter((f): f is string => f !== undefined));

/**
 * A collocation feature ("supply and demand", "operant conditioning", "Thomas Paine") is two
 * content-word features joined by this character, which no word contains: "suppli_demand".
 * The collocations are the multi-word lemmas of WordNet and the taxonomy's keyword phrases;
 * a pair counts where the two words follow each other in a row, with only BRIDGE_FEATURES
 * between them.
 */
export const COLLOCATION_JOINER = "_";

/**
 * The function words a collocation may span ("balance of power", "supply and demand",
 * "mandate of heaven"): between two content words they neither end nor start a pair. Any
 * other word, and anything that is not a feature (a single letter, an over-long token), ends
 * the pair.
 */
export const BRIDGE_FEATURES: ReadonlySet<string> = new Set(["of", "and", "the", "in", "on", "for", "to", "by", "with", "at", "from", "de", "von", "van", "or"]);

/** The collocation feature of two content-word features. */
export function collocationFeature(first: string, second: string): string {
  return first + COLLOCATION_JOINER + second;
}

/** Whether a feature is a collocation (a pair of words: it adds evidence but is not another word of the row). */
export function isCollocationFeature(feature: string): boolean {
  return feature.includes(COLLOCATION_JOINER);
}

/**
 * A text's word features in order, then the collocations (of `collocations`) it contains,
 * following the rule of COLLOCATION_JOINER. The compile script builds its training text with
 * this; the scorer finds the same pairs in its one scan.
 */
export function wordAndCollocationFeatures(words: readonly string[], collocations: { has(pair: string): boolean }): string[] {
  const out: string[] = [];
  const pairs: string[] = [];
  let previous: string | undefined;
  for (const w of words) {
    const f = featureOfWord(w);
    if (f === undefined) {
      previous = undefined;
      continue;
    }
    out.push(f);
    if (BRIDGE_FEATURES.has(f)) continue;
    if (STOP_FEATURES.has(f)) {
      previous = undefined; // no collocation has a stop word in it; the scorer has no entry for one
      continue;
    }
    if (previous !== undefined) {
      const pair = collocationFeature(previous, f);
      if (collocations.has(pair)) pairs.push(pair);
    }
    previous = f;
  }
  return out.concat(pairs);
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
 * feature adds weight/k, and every value is divided by √max(MIN_ROW_TOKENS, Σ weights) (the sum
 * over words: collocations add values, not tokens). The
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
    if (!isCollocationFeature(f)) tokens += w;
  });
  const norm = 1 / Math.sqrt(Math.max(MIN_ROW_TOKENS, tokens));
  for (const [f, v] of values) values.set(f, v * norm);
  return values;
}
