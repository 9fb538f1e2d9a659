import type { RecordBatch } from "apache-arrow";
import type { TextView } from "./text-view.js";

/** One batch as a filter sees it. */
export interface FilterBatch {
  readonly batch: RecordBatch;
  readonly view: TextView;
  /** Ordinal (0-based position in the scored file) of the batch's first row. */
  readonly firstOrdinal: number;
  /** Composite quality of each row (see quality-score.ts), 0..1. */
  readonly quality: Float64Array;
}

/** A filter bound to one batch. */
export interface BoundFilter {
  /** true keeps row i (index within the batch). Called once per row that reached this filter, in order. */
  keep(row: number): boolean;
  /** Why row i was removed: the value and the bound (pure; may be called in a later pass). */
  explain(row: number): string;
}

/**
 * A filter in the datatrove sense: it only decides keep/drop and says why, never rewrites
 * a row. `name` is the `filter_reason` of the rows it removes.
 */
export interface RowFilter {
  readonly name: string;
  /** Columns the filter reads from the scored file. */
  readonly columns: ReadonlyArray<string>;
  bind(batch: FilterBatch): BoundFilter;
}

/**
 * What dedup filters tell the pass that runs them: which row a removed row duplicates,
 * and, when the best row of a group is kept, that an earlier kept row lost its place.
 */
export interface DuplicateLedger {
  /** Quantised quality (0..65535) of a row already seen; higher is better. */
  qualityOf(ordinal: number): number;
  /** Row `ordinal` duplicates row `of`. */
  markDuplicate(ordinal: number, of: number): void;
  /** Row `ordinal`, kept so far, is removed by `filter` as a duplicate of the better row `of`. */
  demote(ordinal: number, of: number, filter: RowFilter): void;
}
