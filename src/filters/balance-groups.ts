import type { RecordBatch } from "apache-arrow";
import { formatNumber } from "./number-format.js";

/** The balance group of rows whose balance value is null. */
export const NULL_GROUP = "(null)";

/** Group indices are 16-bit in the row ledger; the top value stays unused. */
const GROUP_LIMIT = 0xffff;

/** The balance value of each row of a batch as text (null → "(null)", numbers as written in reports). */
export function balanceValues(batch: RecordBatch, column: string): string[] {
  const v = batch.getChild(column)!;
  const out = new Array<string>(batch.numRows);
  for (let i = 0; i < out.length; i++) {
    const x = v.get(i) as unknown;
    out[i] = x === null || x === undefined ? NULL_GROUP : typeof x === "number" ? formatNumber(x) : String(x);
  }
  return out;
}

/**
 * The distinct values of the balance column in order of first appearance; a value's
 * position is the group index the row ledger stores for its rows.
 */
export class BalanceGroups {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  /** `by` names the column, for the error on a column that is not categorical. */
  constructor(readonly by: string) {}

  /** The index of a value, adding it when new. */
  indexOf(name: string): number {
    let g = this.index.get(name);
    if (g !== undefined) return g;
    g = this.names.length;
    if (g >= GROUP_LIMIT) throw new Error(`balance.by '${this.by}': more than ${GROUP_LIMIT - 1} distinct values; balance needs a categorical column.`);
    this.index.set(name, g);
    this.names.push(name);
    return g;
  }
}
