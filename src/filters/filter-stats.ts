import type { FilterConfig } from "./filter-config.js";

/** One step of filter_stats.json, in pipeline order. */
export interface FilterStepStats {
  name: string;
  /** Rows this step removed. */
  removed: number;
  /** Columns it read. */
  columns?: string[];
  /** Why it did not run (its score column is absent). */
  skipped?: string;
}

/** Per-value counts of the balance column. */
export interface BalanceStats {
  by: string;
  order: "quality" | "random";
  /** Rows per value reaching balance (after every filter). */
  before: Record<string, number>;
  /** The most rows each value may keep. */
  quota: Record<string, number>;
  /** Rows per value kept. */
  after: Record<string, number>;
}

/** filter_stats.json: everything here follows from input, config and seed (no times). */
export interface FilterStats {
  inputs: string[];
  rows_in: number;
  rows_kept: number;
  rows_removed: number;
  /** Every step in pipeline order, balance last; Σ removed = rows_removed. */
  filters: FilterStepStats[];
  balance: BalanceStats | null;
  warnings: string[];
  /** Bytes of the dedup index and the per-row ledger at the end of the first pass. */
  index_bytes: number;
  config: FilterConfig;
}
