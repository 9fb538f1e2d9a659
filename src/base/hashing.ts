/**
 * The project's non-cryptographic hashes, all over UTF-16 code units so that no text is
 * encoded to hash it: FNV-1a for word tables and features, murmur3's finaliser to mix the
 * low bits that pick a bucket, a two-lane 64-bit string hash for dedup keys, and a seeded
 * 53-bit hash that ranks rows for sampling independently of their order.
 */

/**
 * murmur3's 32-bit finaliser (fmix32), as an unsigned 32-bit integer. FNV-style and
 * multiply-rotate hashes leave their low bits poorly mixed; every hash whose low bits pick
 * a bucket (feature tables, LSH bands, dedup keys, sampling) goes through this avalanche.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a 32-bit offset basis (unsigned; Math.imul hashes the signed form alike) and prime. */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** One FNV-1a step: fold a char code into a running hash. */
export function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/** FNV-1a hash of chars[start, end), as an unsigned 32-bit number. */
export function fnvRange(chars: Uint16Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ chars[i]!, FNV_PRIME);
  return h >>> 0;
}

/** FNV-1a hash of a JS string (used when building tables, off the per-row path). */
export function fnvString(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** FNV-1a over the UTF-16 code units of s, started from a seed, finished with murmur3's mix. */
function fnv32(s: string, seed: number): number {
  let h = FNV_OFFSET ^ seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return fmix32(h);
}

/**
 * A 53-bit hash of (text, seed) as a non-negative integer number: two independent 32-bit
 * hashes, 21 + 32 bits. Used to rank rows for the map sample independently of their order.
 */
export function seededHash53(text: string, seed: number): number {
  const hi = fnv32(text, seed ^ 0x27d4eb2d) >>> 11;
  const lo = fnv32(text, seed ^ 0x165667b1);
  return hi * 4294967296 + lo;
}

/**
 * A 64-bit string hash as two independent 32-bit lanes (murmur-style multiply/rotate
 * mixing over UTF-16 code units, with a final avalanche per lane). Not cryptographic:
 * used to key dedup tables, where two 32-bit lanes make an accidental collision among
 * millions of rows negligible (≈ n² / 2⁶⁵).
 */
export interface Hash64 {
  hi: number;
  lo: number;
}

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** Hash a string with a seed into `out` (returned), two 32-bit lanes. */
export function hashString64(text: string, seed: number, out: Hash64 = { hi: 0, lo: 0 }): Hash64 {
  let a = (seed ^ 0x9e3779b9) >>> 0;
  let b = (Math.imul(seed, 0x85ebca6b) ^ 0x27d4eb2f) >>> 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let k = text.charCodeAt(i);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    a ^= k;
    a = (a << 13) | (a >>> 19);
    a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    b ^= Math.imul(k, 0x2545f491);
    b = (b << 17) | (b >>> 15);
    b = (Math.imul(b, 9) + 0x7b7d159c) | 0;
  }
  a ^= n;
  b ^= Math.imul(n, 0x3c6ef372);
  out.hi = fmix32(a ^ (b >>> 7));
  out.lo = fmix32(b ^ Math.imul(a, 0x9e3779b1));
  return out;
}

/**
 * hashString64 fed one UTF-16 code unit at a time: the same two lanes, so
 * `finish` gives hashString64 of the concatenated units, without building that string.
 */
export class Hash64Stream {
  private a = 0;
  private b = 0;
  private n = 0;

  reset(seed: number): this {
    this.a = (seed ^ 0x9e3779b9) >>> 0;
    this.b = (Math.imul(seed, 0x85ebca6b) ^ 0x27d4eb2f) >>> 0;
    this.n = 0;
    return this;
  }

  push(code: number): void {
    let k = Math.imul(code, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    let a = this.a ^ k;
    a = (a << 13) | (a >>> 19);
    this.a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    let b = this.b ^ Math.imul(k, 0x2545f491);
    b = (b << 17) | (b >>> 15);
    this.b = (Math.imul(b, 9) + 0x7b7d159c) | 0;
    this.n++;
  }

  finish(out: Hash64 = { hi: 0, lo: 0 }): Hash64 {
    const a = this.a ^ this.n;
    const b = this.b ^ Math.imul(this.n, 0x3c6ef372);
    out.hi = fmix32(a ^ (b >>> 7));
    out.lo = fmix32(b ^ Math.imul(a, 0x9e3779b1));
    return out;
  }
}

/** A 32-bit hash of a string (one lane): shingle hashing for MinHash. */
export function hashString32(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    let k = Math.imul(text.charCodeAt(i), C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix32(h ^ text.length);
}

/** Mix two 32-bit integers into one (order matters). */
export function mix32(a: number, b: number): number {
  return fmix32((Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) + (b | 0)) | 0);
}
