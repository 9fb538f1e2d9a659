import type { BalanceCut } from "./balance-cut.js";
import type { PipelineEntry } from "./build-filters.js";
import { KEPT } from "./decide-rows.js";
import type { FilterConfig } from "./filter-config.js";
import type { FilterStats, FilterStepStats } from "./filter-stats.js";
import type { RowLedger } from "./row-ledger.js";

/** What filter_stats.json is made of. */
export interface FilterAccountingInput {
  /** The scored files, as the stats name them. */
  inputs: string[];
  /** The pipeline's steps in order; the filters among them have reason codes 1, 2, … */
  entries: ReadonlyArray<PipelineEntry>;
  ledger: RowLedger;
  /** Rows in the scored file. */
  rows: number;
  /** The balance step, when it ran. */
  balance: BalanceCut | null;
  /** Rows the second pass wrote to each split. */
  written: { filtered: number; rejected: number };
  warnings: string[];
  /** Bytes the first pass held (RowDecisions.indexBytes). */
  indexBytes: number;
  config: FilterConfig;
}

/**
 * The filter stats: rows in, kept, removed per step (from the final reason codes in the
 * ledger), and per balance value the rows before balance, the quota and the rows after.
 * Throws when the rows do not add up (rows in ≠ kept + Σ removed) or the splits hold
 * other counts than the ledger says: every row must be in exactly one split.
 */
export function filterAccounting(input: FilterAccountingInput): FilterStats {
  const { entries, balance, rows, written } = input;
  const codes = entries.filter((e) => "filter" in e).length + 2;
  const count = reasonCounts(input.ledger, rows, codes);
  const steps: FilterStepStats[] = [];
  let code = 0;
  for (const e of entries) {
    if ("skipped" in e) steps.push({ name: e.skipped, removed: 0, skipped: e.reason });
    else {
      code++;
      steps.push({ name: e.filter.name, removed: count[code]!, ...(e.filter.columns.length ? { columns: [...e.filter.columns] } : {}) });
    }
  }
  if (balance) steps.push({ name: "balance", removed: count[balance.code]!, columns: [balance.config.by] });
  const kept = count[KEPT]!;
  const removed = steps.reduce((a, s) => a + s.removed, 0);
  if (rows !== kept + removed || written.filtered !== kept || written.rejected !== removed) {
    throw new Error(`filter accounting broken: rows in ${rows} ≠ kept ${kept} + removed ${removed} (written ${written.filtered} + ${written.rejected}); this is a bug.`);
  }
  const byValue = (values: Float64Array) => sortedRecord(balance!.groups.map((g, i) => [g, values[i]!]));
  return {
    inputs: input.inputs,
    rows_in: rows,
    rows_kept: kept,
    rows_removed: removed,
    filters: steps,
    balance: balance
      ? { by: balance.config.by, order: balance.config.order, before: byValue(balance.before), quota: byValue(balance.quota), after: byValue(balance.after) }
      : null,
    warnings: input.warnings,
    index_bytes: input.indexBytes,
    config: input.config,
  };
}

/** How many rows carry each reason code below `codes`. */
function reasonCounts(ledger: RowLedger, rows: number, codes: number): Float64Array {
  const count = new Float64Array(codes);
  for (let o = 0; o < rows; o++) count[ledger.reason[o]!]!++;
  return count;
}

function sortedRecord(pairs: Array<[string, number]>): Record<string, number> {
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(pairs);
}
