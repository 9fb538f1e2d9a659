import { BoundsFilter } from "./bounds-filter.js";
import { num, objectAt } from "./config-values.js";
import { filterFlag, type FilterEntry } from "../core/filter-entry.js";

/** Removes rows whose `toxicity_score` is above `max` (the card: > 0.3 removed; 0.3 itself is kept). */
export class ToxicityFilter extends BoundsFilter {
  constructor(max: number) {
    super("toxicity", [{ column: "toxicity_score", max }]);
  }
}

export interface ToxicityStep {
  kind: "toxicity";
  max: number;
}

/** `filters.toxicity: { max }`. */
export const toxicityFilterEntry = {
  kind: "toxicity",
  defaults: { max: 0.3 },
  example: { max: 0.3 },
  parse(key, value): ToxicityStep {
    const o = objectAt(key, value, ["max"]);
    return { kind: "toxicity", max: num(`${key}.max`, o.max ?? 0.3, 0, 1) };
  },
  build: (step, context) => [context.scoreColumnsOf(new ToxicityFilter(step.max))],
  flags: [
    filterFlag({ option: "toxicityMax", value: "fraction", arg: "x", help: "filters.toxicity.max: remove toxicity_score > x (0..1)", sets: "filters.toxicity.max" }),
  ],
} satisfies FilterEntry<ToxicityStep>;
