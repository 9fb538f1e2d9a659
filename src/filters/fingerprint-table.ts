/**
 * An open-addressing hash table from 64-bit fingerprints to row ordinals, in typed
 * arrays: 12 bytes a slot, at most 3/4 full, so 16–32 bytes per stored row. This is the
 * dedup index: it never holds text, only the fingerprint of it and where it was seen.
 */
/** The slots a dedup index starts with. */
export const DEDUP_INDEX_SLOTS = 1 << 14;

export class FingerprintTable {
  private hi: Uint32Array;
  private lo: Uint32Array;
  /** Row ordinal + 1; 0 marks an empty slot. */
  private value: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1 << 12) {
    let cap = 16;
    while (cap < initialCapacity) cap <<= 1;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.value = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  /** Number of fingerprints stored. */
  get size(): number {
    return this.count;
  }

  /** Bytes held by the table's arrays. */
  get bytes(): number {
    return this.value.length * 12;
  }

  /** The bytes a table made with `initialCapacity` holds once `entries` distinct fingerprints are stored (it grows at 3/4 load). */
  static bytesFor(entries: number, initialCapacity = 1 << 12): number {
    let cap = 16;
    while (cap < initialCapacity) cap <<= 1;
    while (entries * 4 > cap * 3) cap <<= 1;
    return cap * 12;
  }

  private slotOf(hi: number, lo: number): number {
    let s = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const v = this.value[s]!;
      if (v === 0 || (this.hi[s] === hi && this.lo[s] === lo)) return s;
      s = (s + 1) & this.mask;
    }
  }

  /** The ordinal stored under a fingerprint, or -1. */
  get(hi: number, lo: number): number {
    const s = this.slotOf(hi >>> 0, lo >>> 0);
    return this.value[s]! - 1;
  }

  /** Store (or overwrite) the ordinal of a fingerprint. */
  set(hi: number, lo: number, ordinal: number): void {
    hi >>>= 0;
    lo >>>= 0;
    let s = this.slotOf(hi, lo);
    if (this.value[s] === 0) {
      if ((this.count + 1) * 4 > this.value.length * 3) {
        this.grow();
        s = this.slotOf(hi, lo);
      }
      this.count++;
      this.hi[s] = hi;
      this.lo[s] = lo;
    }
    this.value[s] = ordinal + 1;
  }

  private grow(): void {
    const { hi, lo, value } = this;
    const cap = value.length * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.value = new Uint32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < value.length; i++) {
      if (value[i] === 0) continue;
      const s = this.slotOf(hi[i]!, lo[i]!);
      this.hi[s] = hi[i]!;
      this.lo[s] = lo[i]!;
      this.value[s] = value[i]!;
    }
  }
}
