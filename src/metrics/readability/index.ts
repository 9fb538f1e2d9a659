export { readabilityOf, READABILITY_METRICS, READABILITY_COUNT_METRICS } from "./readability.js";
export type { ReadabilityMetric, ReadabilityScores } from "./readability.js";
export { ReadabilityScorer } from "./readability-scorer.js";
export type { ReadabilityScorerOptions } from "./readability-scorer.js";
export { SyllableDictionary, defaultSyllableDictionary } from "./syllable-dictionary.js";
export { textStandard } from "./readability-formulas.js";
