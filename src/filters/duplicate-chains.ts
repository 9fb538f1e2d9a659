import type { RowFilter } from "../core/row-filter.js";
import type { RowLedger } from "./row-ledger.js";

/** The rows that removed duplicates point at, once chains are resolved. */
export interface DuplicateTargets {
  /** Whether row `ordinal` is the `duplicate_of` of some removed duplicate. */
  isTarget(ordinal: number): boolean;
  /**
   * Whether some duplicate points at a later row: with keep-best dedup a later, better
   * row can stand for earlier ones, whose `duplicate_of` id is then read ahead.
   */
  readonly forward: boolean;
}

/** The reason codes (filter k → k + 1) of the dedup filters: those named `dedup.*`. */
export function dedupCodes(filters: ReadonlyArray<RowFilter>): Set<number> {
  const codes = new Set<number>();
  filters.forEach((f, k) => {
    if (f.name.startsWith("dedup.")) codes.add(k + 1);
  });
  return codes;
}

/**
 * Point every removed duplicate at the row that finally stands for its group. A dedup
 * filter records the row a duplicate matched, but that row may itself have been removed
 * as a duplicate later on (keep-best demotes a kept row when a better copy arrives, and
 * the near-dedup stage sees rows exact dedup kept): follow `duplicateOf` through rows a
 * dedup filter removed, and store the end of the chain in the ledger. Rows another
 * filter (or balance) removed end a chain: the duplicate names the row it matched.
 */
export function resolveDuplicateChains(ledger: RowLedger, rows: number, codes: ReadonlySet<number>): DuplicateTargets {
  let forward = false;
  const targets = new Uint8Array(Math.ceil(rows / 8));
  for (let o = 0; o < rows; o++) {
    if (!codes.has(ledger.reason[o]!) || !ledger.duplicateOf[o]) continue;
    let t = ledger.duplicateOf[o]! - 1;
    while (codes.has(ledger.reason[t]!) && ledger.duplicateOf[t]) t = ledger.duplicateOf[t]! - 1;
    ledger.duplicateOf[o] = t + 1;
    targets[t >> 3]! |= 1 << (t & 7);
    if (t > o) forward = true;
  }
  return { isTarget: (o) => (targets[o >> 3]! & (1 << (o & 7))) !== 0, forward };
}
