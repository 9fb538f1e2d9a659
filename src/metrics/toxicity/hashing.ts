import { fmix32 } from "../../murmur-finaliser.js";
import { WORD_HASH_PRIME, WORD_HASH_SEED } from "../word-table.js";
export { fmix32 };
/**
 * Integer hashing over UTF-16 code units, shared by the lexicon tables and the n-gram
 * features. Everything works on char codes in typed arrays so the per-row path allocates
 * no strings (see README, Toxicity).
 */

/**
 * FNV-1a 32-bit offset basis and prime: word-table.ts's, the offset as an unsigned number
 * (the toxicity tables store unsigned hashes; Math.imul makes the two forms hash alike).
 */
export const FNV_OFFSET = WORD_HASH_SEED >>> 0;
export const FNV_PRIME = WORD_HASH_PRIME;

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

