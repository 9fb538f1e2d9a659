import { fmix32 } from "../murmur-finaliser.js";
import { WORD_HASH_PRIME, WORD_HASH_SEED } from "../metrics/word-table.js";

/** FNV-1a over the UTF-16 code units of s, started from a seed, finished with murmur3's mix. */
function fnv32(s: string, seed: number): number {
  let h = WORD_HASH_SEED ^ seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), WORD_HASH_PRIME);
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
