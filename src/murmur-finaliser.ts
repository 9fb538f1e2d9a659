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
