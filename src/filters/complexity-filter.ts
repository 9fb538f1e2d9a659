import { BoundsFilter } from "./bounds-filter.js";

/** A range of `complexity_score` (textstat's text_standard grade, as a number). */
export class ComplexityFilter extends BoundsFilter {
  constructor(min?: number, max?: number) {
    super("complexity", [{ column: "complexity_score", min, max }]);
  }
}
