import { BoundsFilter } from "./bounds-filter.js";
import { num, objectAt } from "./config-values.js";
import { filterFlag, type FilterEntry } from "../core/filter-entry.js";

/**
 * Removes rows whose response does not address its instruction: `relevance_score` below
 * `min`, and, when `min_turn` is set, `relevance_min_turn` below it (one off-topic turn of a
 * conversation). The detail names the bound, e.g. `relevance_score 0.08 < min 0.2`.
 */
export class RelevanceFilter extends BoundsFilter {
  constructor(min: number, minTurn?: number) {
    super("relevance", [{ column: "relevance_score", min }, ...(minTurn === undefined ? [] : [{ column: "relevance_min_turn", min: minTurn }])]);
  }
}

export interface RelevanceStep {
  kind: "relevance";
  min: number;
  min_turn?: number;
}

/**
 * `filters.relevance: { min, min_turn }`, probabilities 0..1. Off by default: where to cut
 * depends on the dataset (terse answers, creative tasks), so the default preset only reports
 * the score (docs/scorers.md, "Relevance", has Dolly's distribution real against shuffled).
 */
export const relevanceFilterEntry = {
  kind: "relevance",
  example: { min: 0.2 },
  parse(key, value): RelevanceStep {
    const o = objectAt(key, value, ["min", "min_turn"]);
    const step: RelevanceStep = { kind: "relevance", min: num(`${key}.min`, o.min ?? 0.2, 0, 1) };
    if (o.min_turn !== undefined) step.min_turn = num(`${key}.min_turn`, o.min_turn, 0, 1);
    return step;
  },
  build: (step, context) => [context.scoreColumnsOf(new RelevanceFilter(step.min, step.min_turn))],
  flags: [
    filterFlag({ option: "relevanceMin", value: "fraction", arg: "x", help: "filters.relevance.min: remove relevance_score < x (0..1)", sets: "filters.relevance.min" }),
    filterFlag({ option: "relevanceMinTurn", value: "fraction", arg: "x", help: "filters.relevance.min_turn: remove relevance_min_turn < x (0..1)", sets: "filters.relevance.min_turn" }),
  ],
} satisfies FilterEntry<RelevanceStep>;
