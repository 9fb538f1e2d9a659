/**
 * The sentences of a text as flat [start, end) offset pairs in `out` (cleared first): a
 * sentence ends after a run of `.`, `!` or `?` (with any closing quotes or brackets right
 * after it) that white space follows, or at a line break. White space around a sentence is
 * left out, and a span with nothing else in it is dropped. Abbreviations ("e.g. this") end a
 * sentence too: the spans only need to keep an insult apart from the text around it.
 */
export function sentenceSpans(text: string, out: number[]): number[] {
  out.length = 0;
  const n = text.length;
  let start = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      pushSpan(text, start, i, out);
      start = ++i;
      continue;
    }
    if (c === 46 || c === 33 || c === 63) {
      let end = i + 1;
      while (end < n && isTerminal(text.charCodeAt(end))) end++;
      while (end < n && isClosing(text.charCodeAt(end))) end++;
      if (end === n || isSpace(text.charCodeAt(end))) {
        pushSpan(text, start, end, out);
        start = end;
      }
      i = end;
      continue;
    }
    i++;
  }
  pushSpan(text, start, n, out);
  return out;
}

function pushSpan(text: string, start: number, end: number, out: number[]): void {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (end > start) out.push(start, end);
}

function isTerminal(c: number): boolean {
  return c === 46 || c === 33 || c === 63;
}

/** Closing quotes and brackets that stay with the sentence they end: " ' ) ] ” ’ » */
function isClosing(c: number): boolean {
  return c === 34 || c === 39 || c === 41 || c === 93 || c === 0x201d || c === 0x2019 || c === 0xbb;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x2028 || c === 0x2029;
}
