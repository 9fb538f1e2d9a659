import { formatNumber } from "./number-format.js";
import { numericColumn } from "./numeric-column.js";
import type { BoundFilter, FilterBatch, RowFilter } from "../core/row-filter.js";

/** Inclusive bounds on one numeric column: kept when min ≤ value ≤ max; a null value is removed. */
export interface ColumnBound {
  column: string;
  min?: number;
  max?: number;
}

/**
 * Keeps a row when every bound holds. The base of the threshold filter and the named
 * shortcuts (toxicity, length, readability, complexity, turns); the detail names the
 * first bound that failed, e.g. `toxicity_score 0.42 > max 0.3`.
 */
export class BoundsFilter implements RowFilter {
  readonly columns: ReadonlyArray<string>;

  constructor(
    readonly name: string,
    readonly bounds: ReadonlyArray<ColumnBound>,
  ) {
    this.columns = [...new Set(bounds.map((b) => b.column))];
  }

  bind(fb: FilterBatch): BoundFilter {
    const values = this.bounds.map((b) => numericColumn(fb.batch, b.column));
    const failing = (row: number): number => {
      for (let k = 0; k < this.bounds.length; k++) {
        const v = values[k]![row]!;
        const b = this.bounds[k]!;
        if (Number.isNaN(v) || (b.min !== undefined && v < b.min) || (b.max !== undefined && v > b.max)) return k;
      }
      return -1;
    };
    return {
      keep: (row) => failing(row) < 0,
      explain: (row) => {
        const k = failing(row);
        if (k < 0) return "";
        const b = this.bounds[k]!;
        const v = values[k]![row]!;
        if (Number.isNaN(v)) return `${b.column} is null`;
        return b.min !== undefined && v < b.min ? `${b.column} ${formatNumber(v)} < min ${formatNumber(b.min)}` : `${b.column} ${formatNumber(v)} > max ${formatNumber(b.max!)}`;
      },
    };
  }
}
