import type { LengthBounds } from "./filter-config.js";
import { BoundsFilter, type ColumnBound } from "./bounds-filter.js";

/** Minimum/maximum characters and words of the instruction and the response (the `*_chars`/`*_words` columns). */
export class LengthFilter extends BoundsFilter {
  constructor(instruction: LengthBounds, response: LengthBounds) {
    super("length", [...lengthBounds("instruction", instruction), ...lengthBounds("response", response)]);
  }
}

function lengthBounds(field: string, b: LengthBounds): ColumnBound[] {
  const out: ColumnBound[] = [];
  if (b.min_chars !== undefined || b.max_chars !== undefined) out.push({ column: `${field}_chars`, min: b.min_chars, max: b.max_chars });
  if (b.min_words !== undefined || b.max_words !== undefined) out.push({ column: `${field}_words`, min: b.min_words, max: b.max_words });
  return out;
}
