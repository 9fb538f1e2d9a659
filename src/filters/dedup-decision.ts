import type { DuplicateLedger, RowFilter } from "../core/row-filter.js";

/**
 * What a dedup step does with a row whose keys led to the kept row `seen` (-1: to none):
 * keep it; keep it and demote `seen` when keeping the best and this row's quality is higher;
 * or record it as a duplicate of `seen`. Returns whether the row is kept, so the caller
 * then points its keys at it. Every dedup filter and the staged run's replay of them decide
 * through this one rule.
 */
export function keepOrMarkDuplicate(seen: number, ordinal: number, keepBest: boolean, ledger: DuplicateLedger, filter: RowFilter): boolean {
  if (seen < 0) return true;
  if (keepBest && ledger.qualityOf(ordinal) > ledger.qualityOf(seen)) {
    ledger.demote(seen, ordinal, filter);
    return true;
  }
  ledger.markDuplicate(ordinal, seen);
  return false;
}
