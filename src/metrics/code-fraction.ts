import type { ScoreColumn } from "../core/score-column.js";
import type { Scorer } from "../core/scorer.js";
import { defineScorer, onOffSwitch, switchIsOn } from "../core/scorer-entry.js";
import type { TextView } from "../core/text-view.js";

/**
 * How much of a response is code, math or a table rather than prose: the share of its
 * non-whitespace characters (code points) that lie in code-like lines or inline code spans.
 * Readability formulas (Flesch and the like) measure sentences of words; on code, formulas
 * and tables they give meaningless values (a function body is one "sentence" of hundreds of
 * "words" and scores far below 0), so the readability filter can exempt rows where this
 * share is high. 0 for an empty or whitespace-only text.
 *
 * A line (split on "\n", a trailing "\r" dropped) is code-like when:
 * - fence: it opens or closes a fenced block (starts with ``` or ~~~ after indentation) or
 *   lies inside one (an unclosed fence runs to the end of the text);
 * - table: trimmed, it starts or ends with "|" and holds at least two "|";
 * - math: it holds a LaTeX command (a backslash followed by letters, as \frac, \alpha) or
 *   "$$", or at least 60% of its non-space characters are digits and arithmetic symbols
 *   (+ - * / ^ = ( ) . , % × ÷ ± √ ² ³ < > ≤ ≥) with at least one digit;
 * - code, by its shape (trimmed):
 *   - it ends with "{", "}", ";", "(" or "[", or starts with "}", "]", ")", "</", "<?",
 *     "?>", "#!", "#include", "//", "/*", "*\/", "@", ">>>" or "$ ", or is an XML/HTML tag
 *     line (starts with "<" and a letter, ends with ">");
 *   - it holds an operator no prose uses: ==, !=, =>, ->, &&, ||, +=, -=, *=, /=, ++, ::,
 *     :=, "/>", "()", or an assignment (a word character, optional spaces, "=", optional
 *     spaces, then a word character, quote, bracket, "$" or minus);
 *   - it is a call: an identifier directly followed by "(" and the line ends with ")", ");"
 *     or "):" ("print(x)", "df.head()"; "item(s) here" is not one);
 *   - its first word, case-sensitive, is a keyword (def, class, import, from, return, if,
 *     elif, else, for, while, switch, case, try, except, catch, finally, function, const,
 *     let, var, public, private, protected, static, void, int, using, package, func, fn,
 *     echo, print, SELECT, FROM, WHERE, INSERT, UPDATE, DELETE, CREATE, …) followed by a
 *     line holding one of ( ) { } [ ] = : ; < > " ', or a keyword that needs none (import,
 *     package, using, return, break, continue, pass, echo and the SQL words);
 *   - continuation: it is indented (2+ spaces or a tab) and the line just before it (no
 *     blank line between) was code-like, as a comment or a bare word inside a block;
 * - script: the text's first non-blank line starts with "#!" or "<?php" (a shell or PHP
 *   script), which makes every line code-like (commands such as `find . -type f` have no
 *   shape of their own).
 * - Outside code-like lines, the characters inside `single backtick` spans (the backticks
 *   included) count as code.
 */
export function codeFraction(text: string): number {
  let total = 0;
  let code = 0;
  let inFence = false;
  let previousCode = false;
  const script = /^\s*(#!|<\?php)/.test(text);
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    let line = text.slice(start, end);
    if (line.endsWith("\r")) line = line.slice(0, -1);
    start = end + 1;
    const chars = nonSpaceChars(line);
    total += chars;
    if (chars === 0) {
      previousCode = false;
      continue;
    }
    const trimmed = line.trim();
    let isCode: boolean;
    if (/^(```|~~~)/.test(trimmed)) {
      inFence = !inFence;
      isCode = true;
    } else if (inFence || script) isCode = true;
    else isCode = isTableLine(trimmed) || isMathLine(trimmed) || isCodeLine(trimmed) || (previousCode && /^(\t| {2})/.test(line));
    if (isCode) code += chars;
    else code += inlineCodeChars(line);
    previousCode = isCode;
  }
  return total === 0 ? 0 : code / total;
}

/** Non-whitespace code points of a line. */
function nonSpaceChars(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const p = line.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) continue; // second half of a pair: one code point
    }
    if (!isSpace(c)) n++;
  }
  return n;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0xfeff;
}

function isTableLine(t: string): boolean {
  if (!(t.startsWith("|") || t.endsWith("|"))) return false;
  let bars = 0;
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 124) bars++;
  return bars >= 2;
}

const MATH_SYMBOLS = new Set([..."0123456789+-*/^=().,%×÷±√²³<>≤≥"]);

function isMathLine(t: string): boolean {
  if (/\\[A-Za-z]+/.test(t) || t.includes("$$")) return true;
  let all = 0;
  let math = 0;
  let digits = 0;
  for (const ch of t) {
    if (ch.trim() === "") continue;
    all++;
    if (MATH_SYMBOLS.has(ch)) math++;
    if (ch >= "0" && ch <= "9") digits++;
  }
  return digits > 0 && math >= 0.6 * all;
}

const CODE_ENDS = /[{};([]$/;
const CODE_STARTS = /^(\}|\]|\)|<\/|<\?|\?>|#!|#include|\/\/|\/\*|\*\/|@|>>>|\$ )/;
const TAG_LINE = /^<[A-Za-z!][^]*>$/;
const OPERATORS = /==|!=|=>|->|&&|\|\||\+=|-=|\*=|\/=|\+\+|::|:=|\/>|\(\)|\w\s*=\s*[\w'"[{($-]/;
const CALL_LINE = /[A-Za-z_$][\w$.]*\([^]*(\)|\);|\):)$/;
const KEYWORDS = new Set(
  "def class import from return if elif else for while do switch case try except catch finally function const let var public private protected static void int long float double char bool boolean string using package func fn echo print printf lambda with yield async await struct enum interface impl match SELECT FROM WHERE INSERT UPDATE DELETE CREATE ALTER DROP JOIN GROUP ORDER".split(" "),
);
const BARE_KEYWORDS = new Set("import package using return break continue pass echo SELECT FROM WHERE INSERT UPDATE DELETE CREATE ALTER DROP JOIN GROUP ORDER".split(" "));
const STRUCTURE = /[(){}[\]=:;<>"']/;

function isCodeLine(t: string): boolean {
  if (CODE_ENDS.test(t) || CODE_STARTS.test(t) || TAG_LINE.test(t)) return true;
  if (OPERATORS.test(t)) return true;
  if (CALL_LINE.test(t) && /[A-Za-z_$][\w$.]*\(/.test(t) && !/\s\(/.test(t.slice(0, t.indexOf("(") + 1))) return true;
  const first = /^[A-Za-z_#]+/.exec(t)?.[0];
  if (first && KEYWORDS.has(first)) {
    const rest = t.slice(first.length);
    if (rest === "" || rest.startsWith(" ") || rest.startsWith("(") || rest.startsWith(":")) {
      if (BARE_KEYWORDS.has(first) || STRUCTURE.test(rest)) return true;
    }
  }
  return false;
}

/** Non-whitespace code points inside `…` spans of a prose line (backticks included). */
function inlineCodeChars(line: string): number {
  let n = 0;
  const spans = line.match(/`[^`\n]+`/g);
  if (spans) for (const s of spans) n += nonSpaceChars(s);
  return n;
}

/** Adds `response_code_fraction` (float64, 0..1): see codeFraction. */
export class CodeFractionScorer implements Scorer {
  readonly name = "code_fraction";
  readonly columns = ["response_code_fraction"] as const;

  score(view: TextView): ScoreColumn[] {
    const values = new Float64Array(view.length);
    for (let r = 0; r < view.length; r++) values[r] = codeFraction(view.response[r] ?? "");
    return [{ name: "response_code_fraction", kind: "float64", values }];
  }
}

/** Registry entry: `--code-fraction on|off` (default on). */
export const codeFractionEntry = defineScorer({
  name: "code_fraction",
  options: [
    onOffSwitch("codeFraction", "share of the response that is code, math or tables (lets readability bounds skip non-prose answers)"),
  ],
  columns: [
    {
      name: "response_code_fraction",
      description: "Share of the response's non-whitespace characters in code-like lines (fenced blocks, code, math, table rows) or inline code spans (0..1).",
    },
  ],
  loadsModels: () => false,
  create: (settings) => (switchIsOn(settings.codeFraction) ? new CodeFractionScorer() : undefined),
});
