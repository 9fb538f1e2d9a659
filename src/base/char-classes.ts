/**
 * Character classes for the per-row text scanners (hash embedder, keyword domain scorer),
 * as lookup tables over UTF-16 code units so the hot loops never build strings or run
 * regular expressions. A word character is a letter or a digit (Unicode \p{L}, \p{N}, and
 * combining marks inside words); surrogate halves (emoji, rare scripts) are not.
 */
const WORD = new Uint8Array(65536);
const LOWER = new Uint16Array(65536);

(() => {
  const letterOrDigit = /[\p{L}\p{N}\p{M}]/u;
  for (let c = 0; c < 65536; c++) {
    LOWER[c] = c;
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    if (c < 128) {
      WORD[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? 1 : 0;
    } else if (letterOrDigit.test(ch)) {
      WORD[c] = 1;
    }
    const lower = ch.toLowerCase();
    // Only one-to-one mappings: "İ" lower-cases to two code units and stays as it is.
    if (lower.length === 1) LOWER[c] = lower.charCodeAt(0);
  }
})();

/** Whether UTF-16 code unit c belongs to a word. */
export function isWordCode(c: number): boolean {
  return WORD[c] === 1;
}

/** The lower-case form of UTF-16 code unit c (itself when it has no single-unit lower case). */
export function lowerCode(c: number): number {
  return LOWER[c]!;
}
