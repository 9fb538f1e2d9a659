/**
 * Liang's hyphenation algorithm as Pyphen applies it, because textstat counts the
 * syllables of a word missing from the CMU dictionary as Pyphen's hyphenation positions
 * + 1. Pyphen's rules, reproduced here:
 * - the word (already lower-cased) is framed with "." on both sides; every substring
 *   that is a pattern key raises the inter-letter values with its digits (max);
 * - a pattern whose digits are all zero is ignored; a later pattern with the same
 *   letters replaces an earlier one;
 * - odd values are hyphenation points; only positions i with left <= i <= length-right
 *   count, with Pyphen's defaults left = right = 2 (the dictionary's own
 *   LEFTHYPHENMIN/RIGHTHYPHENMIN header is not used by Pyphen);
 * - lengths and positions are in code points (Python strings), not UTF-16 units.
 */
export class LiangHyphenator {
  /** Pattern letters → [offset of the first non-zero value, values…]. */
  private readonly patterns = new Map<string, Uint8Array>();
  private readonly maxKeyLength: number;

  constructor(patternLines: Iterable<string>, private readonly left = 2, private readonly right = 2) {
    let maxKeyLength = 1;
    for (const raw of patternLines) {
      const line = raw.trim();
      if (line.length === 0) continue;
      const letters: string[] = [];
      const values: number[] = [];
      let pendingDigit = 0;
      for (const ch of line) {
        const code = ch.codePointAt(0)!;
        if (code >= 48 && code <= 57) {
          pendingDigit = code - 48;
        } else {
          values.push(pendingDigit);
          letters.push(ch);
          pendingDigit = 0;
        }
      }
      values.push(pendingDigit);
      let start = 0;
      let end = values.length;
      while (start < end && values[start] === 0) start++;
      if (start === end) continue;
      while (values[end - 1] === 0) end--;
      const packed = new Uint8Array(end - start + 1);
      packed[0] = start;
      for (let i = start; i < end; i++) packed[i - start + 1] = values[i]!;
      this.patterns.set(letters.join(""), packed);
      if (letters.length > maxKeyLength) maxKeyLength = letters.length;
    }
    this.maxKeyLength = maxKeyLength;
  }

  /** Number of hyphenation positions Pyphen reports for a lower-cased word. */
  countPositions(word: string): number {
    // Code points, as Python indexes them; BMP-only words (nearly all) skip the split.
    const chars = hasSurrogate(word) ? Array.from(`.${word}.`) : null;
    const framed = `.${word}.`;
    const n = chars ? chars.length : framed.length;
    const refs = new Uint8Array(n + 1);
    for (let i = 0; i < n - 1; i++) {
      const jEnd = Math.min(i + this.maxKeyLength, n);
      for (let j = i + 1; j <= jEnd; j++) {
        const key = chars ? chars.slice(i, j).join("") : framed.slice(i, j);
        const pattern = this.patterns.get(key);
        if (pattern === undefined) continue;
        const from = i + pattern[0]!;
        for (let k = 1; k < pattern.length; k++) {
          const at = from + k - 1;
          if (at <= n && pattern[k]! > refs[at]!) refs[at] = pattern[k]!;
        }
      }
    }
    const wordLength = n - 2;
    let count = 0;
    // refs[i] is the value before framed character i; Pyphen's position is i - 1.
    for (let i = 0; i <= n; i++) {
      if (refs[i]! % 2 === 1) {
        const position = i - 1;
        if (position >= this.left && position <= wordLength - this.right) count++;
      }
    }
    return count;
  }
}

function hasSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}
