import { BoundsFilter } from "./bounds-filter.js";

/** Removes rows whose `toxicity_score` is above `max` (the card: > 0.3 removed; 0.3 itself is kept). */
export class ToxicityFilter extends BoundsFilter {
  constructor(max: number) {
    super("toxicity", [{ column: "toxicity_score", max }]);
  }
}
