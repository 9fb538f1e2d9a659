import { BoundsFilter } from "./bounds-filter.js";
import { bounds, int, num, objectAt } from "./config-values.js";
import { FilterConfigError } from "./filter-config-error.js";
import { formatNumber } from "./number-format.js";
import { numericColumn } from "./numeric-column.js";
import { filterFlag, type FilterEntry } from "../core/filter-entry.js";
import type { BoundFilter, FilterBatch, RowFilter } from "../core/row-filter.js";

/** The column of the code-fraction scorer (src/metrics/code-fraction.ts) the exemption reads. */
export const CODE_FRACTION_COLUMN = "response_code_fraction";

/** The words column of the field the short-text exemption reads. */
const WORDS_COLUMN = { response: "response_words", instruction: "instruction_words" } as const;

/**
 * A Flesch Reading Ease range. Field `response` reads the card's `readability_score`
 * column; `instruction` reads `instruction_flesch_reading_ease`.
 *
 * With `maxCodeFraction`, a row whose response_code_fraction is above it is kept whatever
 * its Flesch score: reading ease is a measure of prose (sentence and word lengths), and a
 * response that is mostly code, math or a table scores far below 0 without being hard to
 * read for what it is.
 *
 * With `minWords`, a text shorter than that many words is kept whatever its score: the
 * formula averages words per sentence and syllables per word, so on "No" it gives 121.22
 * and on "Unsatisfied" -132.58, neither of which says anything about the answer.
 */
export class ReadabilityFilter implements RowFilter {
  readonly name = "readability";
  readonly columns: ReadonlyArray<string>;
  private readonly range: BoundsFilter;

  constructor(
    field: "response" | "instruction",
    min?: number,
    max?: number,
    readonly maxCodeFraction?: number,
    readonly minWords?: number,
  ) {
    const column = field === "response" ? "readability_score" : "instruction_flesch_reading_ease";
    this.range = new BoundsFilter("readability", [{ column, min, max }]);
    this.words = WORDS_COLUMN[field];
    this.columns = [column, ...(maxCodeFraction === undefined ? [] : [CODE_FRACTION_COLUMN]), ...(minWords === undefined ? [] : [this.words])];
  }

  private readonly words: string;

  bind(fb: FilterBatch): BoundFilter {
    const inner = this.range.bind(fb);
    if (this.maxCodeFraction === undefined && this.minWords === undefined) return inner;
    const fraction = this.maxCodeFraction === undefined ? null : numericColumn(fb.batch, CODE_FRACTION_COLUMN);
    const words = this.minWords === undefined ? null : numericColumn(fb.batch, this.words);
    const limit = this.maxCodeFraction ?? 1;
    const fewest = this.minWords ?? 0;
    const exempt = (row: number) => (fraction !== null && fraction[row]! > limit) || (words !== null && words[row]! < fewest);
    return {
      keep: (row) => exempt(row) || inner.keep(row),
      explain: (row) => {
        if (exempt(row)) return "";
        const why = inner.explain(row);
        return why && `${why} (${fraction ? `${CODE_FRACTION_COLUMN} ${formatNumber(fraction[row]!)} ≤ ${formatNumber(limit)}: prose` : ""}${fraction && words ? "; " : ""}${words ? `${this.words} ${formatNumber(words[row]!)} ≥ ${fewest}` : ""})`;
      },
    };
  }
}

export interface ReadabilityStep {
  kind: "readability";
  field: "response" | "instruction";
  min?: number;
  max?: number;
  /** Rows whose response_code_fraction is above this are exempt (kept); field `response` only. */
  max_code_fraction?: number;
  /** Rows whose field has fewer words than this are exempt (kept). */
  min_words?: number;
}

/** `filters.readability: { field, min, max, max_code_fraction }`. */
export const readabilityFilterEntry = {
  kind: "readability",
  defaults: { field: "response", min: 0, max: 121.22 },
  example: { field: "response", min: 0, max: 121.22, max_code_fraction: 0.5 },
  parse(key, value): ReadabilityStep {
    const o = objectAt(key, value, ["field", "min", "max", "max_code_fraction", "min_words"]);
    const field = o.field ?? "response";
    if (field !== "response" && field !== "instruction") throw new FilterConfigError(`${key}.field`, field, "response or instruction");
    const step: ReadabilityStep = { kind: "readability", field, ...bounds(key, o, -1000, 1000) };
    if (o.max_code_fraction !== undefined && o.max_code_fraction !== null) {
      if (field !== "response") throw new FilterConfigError(`${key}.max_code_fraction`, o.max_code_fraction, "a key of field response only (the code fraction is the response's)");
      step.max_code_fraction = num(`${key}.max_code_fraction`, o.max_code_fraction, 0, 1);
    }
    if (o.min_words !== undefined && o.min_words !== null) step.min_words = int(`${key}.min_words`, o.min_words, 0, Number.MAX_SAFE_INTEGER);
    return step;
  },
  build: (step, context) => [context.scoreColumnsOf(new ReadabilityFilter(step.field, step.min, step.max, step.max_code_fraction, step.min_words))],
  flags: [
    filterFlag({ option: "readabilityMin", value: "number", arg: "x", help: "filters.readability.min (Flesch)", sets: "filters.readability.min" }),
    filterFlag({ option: "readabilityMax", value: "number", arg: "x", help: "filters.readability.max (Flesch)", sets: "filters.readability.max" }),
    filterFlag({
      option: "readabilityFilterField",
      value: "text",
      choices: ["response", "instruction"],
      arg: "field",
      help: "filters.readability.field",
      sets: "filters.readability.field",
    }),
    filterFlag({
      option: "readabilityMaxCodeFraction",
      value: "fraction",
      arg: "x",
      help: "filters.readability.max_code_fraction: rows whose response_code_fraction > x skip the readability bounds",
      sets: "filters.readability.max_code_fraction",
    }),
    filterFlag({
      option: "readabilityMinWords",
      value: "count",
      arg: "n",
      help: "filters.readability.min_words: texts of fewer than n words skip the readability bounds",
      sets: "filters.readability.min_words",
    }),
  ],
} satisfies FilterEntry<ReadabilityStep>;
