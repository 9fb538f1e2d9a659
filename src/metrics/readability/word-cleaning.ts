import { APOSTROPHE, WORD, classOfCodePoint } from "./char-class.js";

/**
 * textstat's punctuation removal (rm_apostrophe=False) applied to one lower-cased
 * whitespace token: every character that is not a Python word character is dropped,
 * except an apostrophe that starts a contraction ending — "t", "s", "d", "ve", "ll",
 * "re" followed by a word boundary ("don't", "it's", "we've" keep it; "rock'n'roll",
 * "'tis", "dogs'" lose it). The token is whole, so the end of the string is a boundary.
 */
export function cleanWord(token: string): string {
  let out = "";
  const units = token.length;
  for (let i = 0; i < units; i++) {
    const code = token.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const cls = classOfCodePoint(code);
    if (cls === WORD) out += width === 2 ? token.slice(i, i + 2) : token[i];
    else if (cls === APOSTROPHE && keepsApostrophe(token, i)) out += "'";
    i += width - 1;
  }
  return out;
}

/** Whether the apostrophe at `at` begins a contraction ending (see cleanWord). */
export function keepsApostrophe(text: string, at: number): boolean {
  const a = text.charCodeAt(at + 1);
  if (a === 0x74 || a === 0x73 || a === 0x64) return isBoundaryAfterWordChar(text, at + 2); // t s d
  const b = text.charCodeAt(at + 2);
  const pair =
    (a === 0x76 && b === 0x65) || // ve
    (a === 0x6c && b === 0x6c) || // ll
    (a === 0x72 && b === 0x65); // re
  return pair && isBoundaryAfterWordChar(text, at + 3);
}

/** `\b` right after a word character: the next character is not one (or the text ends). */
function isBoundaryAfterWordChar(text: string, at: number): boolean {
  if (at >= text.length) return true;
  const code = text.codePointAt(at)!;
  return classOfCodePoint(code) !== WORD;
}
