import { describe, expect, it } from "vitest";
import { REPETITION_SIGNALS, RepetitionCounter, RepetitionScorer, repetitionOf, type RepetitionScores } from "../src/metrics/repetition.js";
import { EMPTY_VIEW } from "../src/pipeline/run-scorers.js";
import type { TextView } from "../src/core/text-view.js";

const ZERO: RepetitionScores = Object.fromEntries(REPETITION_SIGNALS.map((s) => [s, 0])) as unknown as RepetitionScores;

/** A view of instruction/response pairs and conversations ({role, content} turns). */
function viewOf(rows: Array<{ instruction: string; response: string } | Array<{ role: string; content: string }>>): TextView {
  const turnText: string[] = [];
  const turnRole: string[] = [];
  const offsets = [0];
  const instruction: string[] = [];
  const response: string[] = [];
  for (const row of rows) {
    const turns = Array.isArray(row) ? row : [{ role: "user", content: row.instruction }, { role: "assistant", content: row.response }];
    for (const t of turns) {
      turnText.push(t.content);
      turnRole.push(t.role);
    }
    offsets.push(turnText.length);
    // As the readers build it: user turns and assistant turns, each joined with a blank line.
    instruction.push(turns.filter((t) => t.role === "user").map((t) => t.content).join("\n\n"));
    response.push(turns.filter((t) => t.role === "assistant" && t.content).map((t) => t.content).join("\n\n"));
  }
  return {
    length: rows.length,
    id: rows.map((_, i) => `row:${i}`),
    instruction,
    response,
    turns: Int32Array.from(offsets.slice(1).map((o, i) => o - offsets[i]!)),
    multiTurn: Uint8Array.from(rows.map((r) => (Array.isArray(r) ? 1 : 0))),
    turnText,
    turnRole,
    turnOffsets: Int32Array.from(offsets),
  };
}

describe("repetitionOf", () => {
  it("is 0 everywhere for an empty or blank text", () => {
    expect(repetitionOf("")).toEqual(ZERO);
    expect(repetitionOf(" \n\t\n ")).toEqual(ZERO);
    expect(repetitionOf("— … -")).toEqual(ZERO); // punctuation only: no words
  });

  it("counts non-blank lines that repeat an earlier one, after trimming", () => {
    // Non-blank lines: "Step one.", "Step two.", "Step one.", "Step one.", "Done" → 2 repeats of 5.
    const text = "Step one.\nStep two.\n\n  Step one.  \r\nStep one.\nDone";
    expect(repetitionOf(text).dup_line_fraction).toBe(2 / 5);
    // Lines are compared as written (case kept): "A" and "a" differ.
    expect(repetitionOf("A\na\nA").dup_line_fraction).toBe(1 / 3);
    expect(repetitionOf("one line").dup_line_fraction).toBe(0);
  });

  it("gives 1 for every n-gram signal of a degenerate loop", () => {
    const loop = Array.from({ length: 40 }, () => "the").join(" ");
    expect(repetitionOf(loop)).toEqual({ ...ZERO, ...Object.fromEntries(REPETITION_SIGNALS.slice(1).map((s) => [s, 1])) });
    // Case and edge punctuation do not make words different.
    expect(repetitionOf("The the, THE (the) the. the").top_2gram_char_fraction).toBe(1);
  });

  it("measures top n-grams as covered characters and duplicated n-grams over all their occurrences", () => {
    // Words: i like cats ×3 → 27 word characters.
    const s = repetitionOf("I like cats. I like cats. I like cats.");
    // "i like" and "like cats" both occur 3 times; the first one wins: 3 × 5 characters.
    expect(s.top_2gram_char_fraction).toBe(15 / 27);
    expect(s.top_3gram_char_fraction).toBe(1);
    // "i like cats i" at words 0 and 3 overlaps on one "i": words 0..6 are covered, 19 characters.
    expect(s.top_4gram_char_fraction).toBe(19 / 27);
    expect(s.dup_5gram_char_fraction).toBe(1);
    expect(s.dup_6gram_char_fraction).toBe(1);
    // 7-grams: only 3 positions, all different.
    expect(s.dup_7gram_char_fraction).toBe(0);

    // A repeated 10-word block: every word is inside a duplicated n-gram, for every n ≤ 10.
    const block = "one two three four five six seven eight nine ten";
    const b = repetitionOf(`${block} ${block}`);
    expect(b.dup_10gram_char_fraction).toBe(1);
    expect(b.dup_5gram_char_fraction).toBe(1);
    // Every 2-gram occurs twice; the first ("one two", 6 characters) covers 12 of 78.
    expect(b.top_2gram_char_fraction).toBe(12 / 78);

    // A repeated 6-word phrase inside new words: 2 × 27 characters of 27 + 27 + 10 + 4.
    const phrase = "please remember to water the plants";
    const p = repetitionOf(`${phrase} today and ${phrase} also`);
    const total = 2 * 30 + "todayand".length + "also".length;
    expect(p.dup_5gram_char_fraction).toBe(60 / total);
    expect(p.dup_6gram_char_fraction).toBe(60 / total);
    expect(p.dup_7gram_char_fraction).toBe(0);
  });

  it("stays near 0 for ordinary prose", () => {
    const prose =
      "Photosynthesis converts light energy into chemical energy. Plants capture sunlight with chlorophyll, " +
      "split water molecules, and release oxygen as a by-product. The captured energy is stored in glucose, " +
      "which the plant later uses for growth and repair.";
    const s = repetitionOf(prose);
    expect(s.dup_line_fraction).toBe(0);
    // Only the word "energy" repeats, and no 2-gram does.
    expect(s.top_2gram_char_fraction).toBe(0);
    for (const signal of REPETITION_SIGNALS.slice(4)) expect(s[signal]).toBe(0);
  });

  it("counts characters in code points and keeps emoji words", () => {
    const s = repetitionOf("😀 ok 😀 ok");
    // Words 😀 ok 😀 ok: 1 + 2 + 1 + 2 code points; "😀 ok" occurs twice.
    expect(s.top_2gram_char_fraction).toBe(1);
    expect(repetitionOf("😀 ok 😀 no").top_2gram_char_fraction).toBe(0);
  });

  it("gives the same values with a reused counter as with a fresh one, long texts included", () => {
    const counter = new RepetitionCounter();
    const long = Array.from({ length: 3000 }, (_, i) => `w${i % 700}`).join(" ");
    const texts = ["a b a b", long, "x y z", "I like cats. I like cats.", long.slice(0, 5000), ""];
    for (const t of texts) expect(counter.scores(t)).toEqual(repetitionOf(t));
  });
});

describe("RepetitionScorer", () => {
  it("adds the ten response_* columns, scoring a conversation's assistant turns", () => {
    const scorer = new RepetitionScorer();
    const view = viewOf([
      { instruction: "say it twice", response: "hello world\nhello world" },
      [
        { role: "user", content: "hello world hello world hello world" },
        { role: "assistant", content: "first answer here" },
        { role: "user", content: "again" },
        { role: "assistant", content: "first answer here" },
      ],
      { instruction: "x", response: "" },
    ]);
    const cols = scorer.score(view);
    expect(cols.map((c) => c.name)).toEqual(REPETITION_SIGNALS.map((s) => `response_${s}`));
    expect(cols.map((c) => c.name)).toEqual(scorer.columns);
    const col = (name: string) => [...(cols.find((c) => c.name === `response_${name}`)!.values as Float64Array)];
    // The assistant turns, joined: two equal lines; the user's repetition is not scored.
    expect(col("dup_line_fraction")).toEqual([0.5, 0.5, 0]);
    // "first answer" occurs twice: 2 × 11 of 30 word characters; "first answer here" covers all.
    expect(col("top_2gram_char_fraction")).toEqual([1, 22 / 30, 0]);
    expect(col("top_3gram_char_fraction")).toEqual([0, 1, 0]);
    // Six words hold no repeated 5-gram.
    expect(col("dup_5gram_char_fraction")).toEqual([0, 0, 0]);
  });

  it("types its columns on an empty view", () => {
    const cols = new RepetitionScorer().score(EMPTY_VIEW);
    expect(cols).toHaveLength(10);
    expect(cols.every((c) => c.kind === "float64" && c.values.length === 0)).toBe(true);
  });
});
