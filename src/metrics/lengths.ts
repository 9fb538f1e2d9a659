import type { ScoreColumn } from "../core/score-column.js";
import type { Scorer } from "../core/scorer.js";
import type { TextView } from "../core/text-view.js";
import { defineScorer } from "../core/scorer-entry.js";

/** Length in characters as Python's len() counts them (code points, not UTF-16 units). */
export function charCount(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Number of whitespace-separated words. */
export function wordCount(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029;
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      n++;
    }
  }
  return n;
}

/** Adds instruction_chars, response_chars, instruction_words, response_words and turns. */
export class LengthScorer implements Scorer {
  readonly name = "lengths";
  readonly columns = ["instruction_chars", "response_chars", "instruction_words", "response_words", "turns"] as const;

  score(view: TextView): ScoreColumn[] {
    const n = view.length;
    const ic = new Int32Array(n);
    const rc = new Int32Array(n);
    const iw = new Int32Array(n);
    const rw = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const ins = view.instruction[i]!;
      const res = view.response[i]!;
      ic[i] = charCount(ins);
      rc[i] = charCount(res);
      iw[i] = wordCount(ins);
      rw[i] = wordCount(res);
    }
    return [
      { name: "instruction_chars", kind: "int32", values: ic },
      { name: "response_chars", kind: "int32", values: rc },
      { name: "instruction_words", kind: "int32", values: iw },
      { name: "response_words", kind: "int32", values: rw },
      { name: "turns", kind: "int32", values: Int32Array.from(view.turns) },
    ];
  }
}

/** Registry entry: lengths are always computed (the filters and the report read them). */
export const lengthsEntry = defineScorer({
  name: "lengths",
  options: [],
  columns: [
    { name: "instruction_chars", description: "Instruction length in characters (code points)." },
    { name: "response_chars", description: "Response length in characters (code points)." },
    { name: "instruction_words", description: "Instruction length in words." },
    { name: "response_words", description: "Response length in words." },
    { name: "turns", description: "Messages in the row (an instruction/response pair counts 2)." },
  ],
  loadsModels: () => false,
  create: () => new LengthScorer(),
});
