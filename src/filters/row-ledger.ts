import { grown } from "../base/typed-array-growth.js";

/**
 * What the first pass remembers of every row, in growable typed arrays: 9 bytes a row
 * (reason code, balance group, 16-bit rank, duplicate-of ordinal), beside the 2-byte
 * quality array RowDecisions keeps (decide-rows.ts). Row text and columns are never held; the second
 * pass reads them again.
 */
export class RowLedger {
  /** 0 = kept so far; k = removed by filter k − 1 (in pipeline order), or by balance (the code after the last filter's). */
  reason = new Uint8Array(1 << 14);
  /** Index of the row's balance value (its domain). */
  group = new Uint16Array(1 << 14);
  /** Quality (or seeded random key) as 0..65535; higher is kept first. */
  rank = new Uint16Array(1 << 14);
  /** Ordinal + 1 of the row this one duplicates; 0 = none. */
  duplicateOf = new Int32Array(1 << 14);
  length = 0;

  /** Make room for rows up to `n`. */
  ensure(n: number): void {
    if (n <= this.reason.length) return;
    let cap = this.reason.length;
    while (cap < n) cap *= 2;
    this.reason = grown(this.reason, cap);
    this.group = grown(this.group, cap);
    this.rank = grown(this.rank, cap);
    this.duplicateOf = grown(this.duplicateOf, cap);
  }

  get bytes(): number {
    return this.reason.length * 9;
  }
}
