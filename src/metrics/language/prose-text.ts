/**
 * The prose of a message, for language identification: what is left after removing what is
 * not written in any natural language, so that code, links and numbers do not vote.
 *
 * Removed (each replaced by a space): fenced code blocks (``` or ~~~, an unclosed fence runs
 * to the end), inline `code` spans, URLs (scheme or "www."), e-mail addresses, HTML/XML tags,
 * and tokens holding a digit, an underscore or programming punctuation ({ } [ ] < > = ; \ | #
 * $ @ ^ ~ `), which covers numbers, identifiers, paths and most unfenced code fragments.
 * Words of code written without fences and without such characters ("return x") stay: they
 * read as English, a bias the confidence of a row with little other text absorbs.
 */
export function proseText(text: string): string {
  if (text.length === 0) return "";
  // Each removal runs only when the text holds the characters it needs to match: most texts
  // hold no fence, backtick, URL, address or tag, and the regular expressions cost more than the test.
  let t = text;
  if (t.includes("```") || t.includes("~~~")) t = t.replace(/(^|\n)[ \t]*(```|~~~)[^]*?(\n[ \t]*\2[^\n]*|$)/g, " ");
  if (t.includes("`")) t = t.replace(/`[^`\n]*`/g, " ");
  if (t.includes("://") || HAS_WWW.test(t)) t = t.replace(/\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+/gi, " ");
  if (t.includes("@")) t = t.replace(/\S+@\S+\.\S+/g, " ");
  if (t.includes("<")) t = t.replace(/<\/?[A-Za-z][^<>]*>/g, " ");
  // Whitespace-separated tokens holding a code character go; the others are joined by single spaces.
  const kept: string[] = [];
  for (const token of t.split(WHITESPACE)) if (token.length > 0 && !CODE_CHARACTER.test(token)) kept.push(token);
  return kept.join(" ");
}

const HAS_WWW = /www\./i;
const WHITESPACE = /\s+/u;
const CODE_CHARACTER = /[\d_{}[\]<>=;\\|#$@^~`]/u;

/** Letters of a text (code points of Unicode category L), the evidence a detector has to go on. */
export function letterCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c | 32) >= 97 && (c | 32) <= 122) n++;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      if (LETTER.test(text.slice(i, i + 2))) n++;
      i++;
    } else if (LETTER.test(text[i]!)) n++;
  }
  return n;
}

const LETTER = /^\p{L}/u;
