import type { BalanceCut } from "../../filters/balance-cut.js";
import type { FilterStats } from "../../filters/filter-stats.js";

/**
 * What the decide stage hands each write job: the reason code of every row of its shard, the
 * balance group and rank (for balance's explanation), and the id each removed duplicate
 * stands behind (chains resolved across the whole run).
 */
export interface ShardDecisions {
  /** Ordinal of the shard's first row in the run. */
  first: number;
  rows: number;
  reason: number[];
  group: number[];
  rank: number[];
  /** Row index within the shard → the id of the row it duplicates. */
  duplicateOf: Record<string, string>;
}

/** The decide stage's run-wide results: the balance cut, the dedup reason codes, and the filter accounting. */
export interface RunDecisions {
  balance: SerializedBalanceCut | null;
  dedupCodes: number[];
  stats: FilterStats;
}

/** A BalanceCut as JSON (its typed arrays as plain arrays). */
export type SerializedBalanceCut = Omit<BalanceCut, "before" | "quota" | "after" | "rank" | "tieTake"> & {
  before: number[];
  quota: number[];
  after: number[];
  rank: number[];
  tieTake: number[];
};

export function serializeBalanceCut(cut: BalanceCut): SerializedBalanceCut {
  return { ...cut, before: [...cut.before], quota: [...cut.quota], after: [...cut.after], rank: [...cut.rank], tieTake: [...cut.tieTake] };
}

export function reviveBalanceCut(cut: SerializedBalanceCut): BalanceCut {
  return {
    ...cut,
    before: Float64Array.from(cut.before),
    quota: Float64Array.from(cut.quota),
    after: Float64Array.from(cut.after),
    rank: Int32Array.from(cut.rank),
    tieTake: Float64Array.from(cut.tieTake),
  };
}
