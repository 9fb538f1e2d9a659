import { BoundsFilter } from "./bounds-filter.js";

/**
 * A Flesch Reading Ease range. Field `response` reads the card's `readability_score`
 * column; `instruction` reads `instruction_flesch_reading_ease`.
 */
export class ReadabilityFilter extends BoundsFilter {
  constructor(field: "response" | "instruction", min?: number, max?: number) {
    super("readability", [{ column: field === "response" ? "readability_score" : "instruction_flesch_reading_ease", min, max }]);
  }
}
