import { BoundsFilter } from "./bounds-filter.js";

/** The generic threshold `{ column, min, max }` on any numeric column; reason `threshold:<column>`. */
export class ThresholdFilter extends BoundsFilter {
  constructor(column: string, min?: number, max?: number) {
    super(`threshold:${column}`, [{ column, min, max }]);
  }
}
