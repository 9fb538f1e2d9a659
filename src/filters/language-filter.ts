import { FilterConfigError } from "./filter-config-error.js";
import { num, objectAt } from "./config-values.js";
import { formatNumber } from "./number-format.js";
import { numericColumn } from "./numeric-column.js";
import { filterFlag, type FilterEntry } from "../core/filter-entry.js";
import type { BoundFilter, FilterBatch, RowFilter } from "../core/row-filter.js";

export interface LanguageStep {
  kind: "language";
  /** Languages kept (the language scorer's codes: ISO 639-1, lower case). */
  allow: string[];
  /** A row in another language is removed only when its language_score is at least this. */
  min_score: number;
}

/** The default of min_score: at 0.8 and above, about 9 in 10 languages the scorer names are right on 20-character snippets, and nearly all on longer text (docs/scorers.md "Language"). */
const DEFAULT_MIN_SCORE = 0.8;

/**
 * Removes rows confidently in a language that is not allowed: the language scorer's
 * `language` is not "und", not in `allow`, and its `language_score` is at least `min_score`.
 * Rows whose language is "und" (too short, mixed, undecided) or whose guess is less sure than
 * `min_score` are kept: a filter removes a row only on evidence. The detail names the language
 * and its score, e.g. `language fr (0.97) not in [en]`. It declares the numeric score column
 * (the build checks columns are numeric); the code column is written beside it by the same scorer.
 */
export class LanguageFilter implements RowFilter {
  readonly name = "language";
  readonly columns = ["language_score"];

  constructor(readonly step: LanguageStep) {}

  bind(fb: FilterBatch): BoundFilter {
    const scores = numericColumn(fb.batch, "language_score");
    const codes = fb.batch.getChild("language");
    if (!codes) throw new FilterConfigError("filters.language", "language", "a scored file with the language scorer's language column");
    const allow = new Set(this.step.allow);
    const languageOf = (row: number): string => String(codes.get(row) ?? "und");
    const removed = (row: number): boolean => {
      const language = languageOf(row);
      return language !== "und" && !allow.has(language) && scores[row]! >= this.step.min_score;
    };
    return {
      keep: (row) => !removed(row),
      explain: (row) => (removed(row) ? `language ${languageOf(row)} (${formatNumber(scores[row]!)}) not in [${this.step.allow.join(", ")}]` : ""),
    };
  }
}

/** A non-empty list of language codes (2 or 3 lower-case letters), from YAML or a comma-separated flag value. */
function parseAllow(key: string, value: unknown): string[] {
  const list = typeof value === "string" ? value.split(",").map((s) => s.trim()).filter((s) => s.length > 0) : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((c) => typeof c === "string" && /^[a-z]{2,3}$/.test(c))) {
    throw new FilterConfigError(key, value, "a non-empty list of ISO 639-1 codes as the language column has them (en, fr, zh …)");
  }
  return [...new Set(list as string[])];
}

/**
 * `filters.language: { allow: [en], min_score: 0.8 }`: `allow` is required; `min_score`
 * (0..1) left out is 0.8. Off in every preset (a multilingual dataset is valid data): turn it
 * on for a one-language dataset with `--language-allow en`.
 */
export const languageFilterEntry = {
  kind: "language",
  example: { allow: ["en"], min_score: DEFAULT_MIN_SCORE },
  parse(key, value): LanguageStep {
    const o = objectAt(key, value, ["allow", "min_score"]);
    return {
      kind: "language",
      allow: parseAllow(`${key}.allow`, o.allow),
      min_score: num(`${key}.min_score`, o.min_score ?? DEFAULT_MIN_SCORE, 0, 1),
    };
  },
  build: (step, context) => [context.scoreColumnsOf(new LanguageFilter(step))],
  flags: [
    filterFlag({ option: "languageAllow", value: "text-list", arg: "codes", help: "filters.language.allow: keep only rows in these languages (ISO 639-1, comma-separated; und rows are kept)", sets: "filters.language.allow" }),
    filterFlag({ option: "languageMinScore", value: "fraction", arg: "x", help: `filters.language.min_score: remove a row in another language only when language_score ≥ x (default ${DEFAULT_MIN_SCORE})`, sets: "filters.language.min_score" }),
  ],
} satisfies FilterEntry<LanguageStep>;
