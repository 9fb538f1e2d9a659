import { BoundsFilter } from "./bounds-filter.js";
import { bounds, objectAt } from "./config-values.js";
import { filterFlag, type FilterEntry } from "../core/filter-entry.js";

/** A range of `complexity_score` (textstat's text_standard grade, as a number). */
export class ComplexityFilter extends BoundsFilter {
  constructor(min?: number, max?: number) {
    super("complexity", [{ column: "complexity_score", min, max }]);
  }
}

export interface ComplexityStep {
  kind: "complexity";
  min?: number;
  max?: number;
}

/** `filters.complexity: { min, max }` (grade); off by default. */
export const complexityFilterEntry = {
  kind: "complexity",
  example: { min: 0, max: 16 },
  parse(key, value): ComplexityStep {
    const o = objectAt(key, value, ["min", "max"]);
    return { kind: "complexity", ...bounds(key, o, -100, 100) };
  },
  build: (step, context) => [context.scoreColumnsOf(new ComplexityFilter(step.min, step.max))],
  flags: [
    filterFlag({ option: "complexityMin", value: "number", arg: "x", help: "filters.complexity.min (grade)", sets: "filters.complexity.min" }),
    filterFlag({ option: "complexityMax", value: "number", arg: "x", help: "filters.complexity.max (grade)", sets: "filters.complexity.max" }),
  ],
} satisfies FilterEntry<ComplexityStep>;
