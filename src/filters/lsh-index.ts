import { DEDUP_INDEX_SLOTS, FingerprintTable } from "./fingerprint-table.js";
import type { BandShape } from "./lsh-bands.js";

/**
 * The near-dedup index: one fingerprint table keyed by (band number, band values),
 * holding the ordinal of the row that put the band there. About `bands` entries of
 * 12 bytes (at ≤ 3/4 load) per row kept — the only memory that grows with the data.
 */
export class LshIndex {
  private readonly table = new FingerprintTable(DEDUP_INDEX_SLOTS);

  constructor(readonly shape: BandShape) {}

  get bytes(): number {
    return this.table.bytes;
  }

  private key(signature: ArrayLike<number>, band: number): [number, number] {
    return lshBandKey(signature, band, this.shape.rows);
  }

  /** The ordinal stored under the first band (lowest number) this signature shares, or -1. */
  find(signature: ArrayLike<number>): number {
    for (let band = 0; band < this.shape.bands; band++) {
      const [hi, lo] = this.key(signature, band);
      const j = this.table.get(hi, lo);
      if (j >= 0) return j;
    }
    return -1;
  }

  /** Point every band of this signature at `ordinal`. */
  insert(signature: ArrayLike<number>, ordinal: number): void {
    for (let band = 0; band < this.shape.bands; band++) {
      const [hi, lo] = this.key(signature, band);
      this.table.set(hi, lo, ordinal);
    }
  }
}

/**
 * The 64-bit key (hi, lo) of one LSH band of a MinHash signature: the band number mixed with
 * the band's `rows` values. The index stores these; the staged run routes them to partitions.
 */
export function lshBandKey(signature: ArrayLike<number>, band: number, rows: number): [number, number] {
  let a = (0x2545f491 ^ Math.imul(band + 1, 0x9e3779b1)) >>> 0;
  let b = (0x68e31da4 + band) >>> 0;
  const start = band * rows;
  for (let i = start; i < start + rows; i++) {
    const v = signature[i]! >>> 0;
    a = Math.imul(a ^ v, 0x85ebca6b);
    a ^= a >>> 13;
    b = Math.imul((b + v) ^ (b >>> 15), 0xc2b2ae35);
    b ^= b >>> 16;
  }
  a = Math.imul(a ^ (a >>> 16), 0x7feb352d);
  b = Math.imul(b ^ (b >>> 15), 0x846ca68b);
  return [(a ^ (a >>> 15)) >>> 0, (b ^ (b >>> 16)) >>> 0];
}
