import { fmix32 } from "../murmur-finaliser.js";

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
