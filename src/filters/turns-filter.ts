import { BoundsFilter } from "./bounds-filter.js";

/** A range of `turns` (messages per row; an instruction/response pair counts 2). */
export class TurnsFilter extends BoundsFilter {
  constructor(min?: number, max?: number) {
    super("turns", [{ column: "turns", min, max }]);
  }
}
