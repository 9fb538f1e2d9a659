import { BoundsFilter } from "./bounds-filter.js";
import { bounds, objectAt } from "./config-values.js";
import { filterFlag, type FilterEntry } from "../core/filter-entry.js";

/** A range of `turns` (messages per row; an instruction/response pair counts 2). */
export class TurnsFilter extends BoundsFilter {
  constructor(min?: number, max?: number) {
    super("turns", [{ column: "turns", min, max }]);
  }
}

export interface TurnsStep {
  kind: "turns";
  min?: number;
  max?: number;
}

/** `filters.turns: { min, max }`; off by default. */
export const turnsFilterEntry = {
  kind: "turns",
  example: { min: 2, max: 40 },
  parse(key, value): TurnsStep {
    const o = objectAt(key, value, ["min", "max"]);
    return { kind: "turns", ...bounds(key, o, 0, 1e9) };
  },
  build: (step, context) => [context.scoreColumnsOf(new TurnsFilter(step.min, step.max))],
  flags: [
    filterFlag({ option: "turnsMin", value: "count", arg: "n", help: "filters.turns.min", sets: "filters.turns.min" }),
    filterFlag({ option: "turnsMax", value: "count", arg: "n", help: "filters.turns.max", sets: "filters.turns.max" }),
  ],
} satisfies FilterEntry<TurnsStep>;
