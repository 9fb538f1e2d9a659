import { scoresFromCounts, type ReadabilityScores } from "./readability-formulas.js";
import { defaultSyllableDictionary, type SyllableDictionary } from "./syllable-dictionary.js";
import { countText } from "./text-counts.js";

export type { ReadabilityScores } from "./readability-formulas.js";

/**
 * The metrics the dataset columns carry, per text field (`instruction_<metric>`,
 * `response_<metric>`), in column order.
 */
export const READABILITY_METRICS = [
  "flesch_reading_ease",
  "flesch_kincaid_grade",
  "gunning_fog",
  "smog_index",
  "coleman_liau_index",
  "automated_readability_index",
  "dale_chall_readability_score",
  "linsear_write_formula",
  "text_standard",
  "syllable_count",
  "lexicon_count",
  "sentence_count",
  "difficult_words",
] as const satisfies readonly (keyof ReadabilityScores)[];

export type ReadabilityMetric = (typeof READABILITY_METRICS)[number];

/** Metrics that are whole counts (int32 columns); the others are float64. */
export const READABILITY_COUNT_METRICS: ReadonlySet<ReadabilityMetric> = new Set([
  "syllable_count",
  "lexicon_count",
  "sentence_count",
  "difficult_words",
]);

/**
 * Every textstat 0.7.11 readability metric of one text, unrounded, from one pass over
 * it. Always finite: where textstat divides by zero it returns 0 and so does this.
 */
export function readabilityOf(text: string, dictionary: SyllableDictionary = defaultSyllableDictionary()): ReadabilityScores {
  return scoresFromCounts(countText(text, dictionary));
}
