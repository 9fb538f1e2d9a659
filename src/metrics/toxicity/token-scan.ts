import { fnvString } from "../../base/hashing.js";
import { WordClass } from "./lexicon.js";
import type { TokenBuffer } from "./text-tokens.js";

/*
 * Small scans over a text's tokens shared by the evidence rules (toxicity-evidence.ts) and
 * the group-statement rules (group-statements.ts).
 */

/** Whether any of tokens [from, to) (clamped) has one of `mask`'s classes. */
export function anyIn(classes: Int32Array, from: number, to: number, count: number, mask: number): boolean {
  const a = Math.max(0, from);
  const b = Math.min(count, to);
  for (let k = a; k < b; k++) if ((classes[k]! & mask) !== 0) return true;
  return false;
}

/**
 * Whether the insult word at token t is aimed at a person: a second-person word within three
 * tokens before it ("you are a stupid …") or right after it ("idiot you are").
 */
export function insultAimedAt(classes: Int32Array, t: number, count: number): boolean {
  return anyIn(classes, t - 4, t, count, WordClass.SECOND_PERSON) || anyIn(classes, t + 1, t + 2, count, WordClass.SECOND_PERSON);
}

/** Whether token t is exactly `word`. */
export function isWord(tokens: TokenBuffer, t: number, word: string): boolean {
  const a = tokens.start[t]!;
  if (tokens.end[t]! - a !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (tokens.chars[a + k] !== word.charCodeAt(k)) return false;
  return true;
}

/**
 * The hash of the word token t is read as: the word it resolved to (a misspelling or
 * obfuscation read as a listed word; `resolved[t]`, 0 when none), else its own.
 */
export function wordHashAt(tokens: TokenBuffer, resolved: Uint32Array, t: number): number {
  return resolved[t] || tokens.hash[t]!;
}

/** The hashes of `words`, for comparing tokens with a vocabulary (see wordHashAt). */
export function wordHashes(words: readonly string[]): Set<number> {
  return new Set(words.map(fnvString));
}
