import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  READABILITY_METRICS,
  ReadabilityScorer,
  readabilityOf,
  type ReadabilityScores,
} from "../src/metrics/readability/index.js";
import type { TextView } from "../src/core/text-view.js";
import { haveShared, sharedPath } from "./shared-data.js";

const ALL_METRICS: (keyof ReadabilityScores)[] = [
  ...READABILITY_METRICS,
  "polysyllabcount",
  "letter_count",
  "char_count",
];

function expectAllFinite(scores: ReadabilityScores): void {
  for (const m of ALL_METRICS) expect(Number.isFinite(scores[m]), `${m} = ${scores[m]}`).toBe(true);
}

describe.runIf(haveShared("fixtures", "textstat-dolly-dev.jsonl"))("agreement with textstat 0.7.11", () => {
  type Row = Record<string, number> & { text: string; text_standard_float: number };
  const rows = readFileSync(sharedPath("fixtures", "textstat-dolly-dev.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Row);
  const ours = rows.map((r) => readabilityOf(r.text));

  it("reads the whole fixture", () => {
    expect(rows.length).toBe(2400);
  });

  for (const metric of ALL_METRICS) {
    const exact = metric === "text_standard";
    it(`${metric}: ${exact ? "equal" : "within 0.01"} on >= 99.5% of texts`, () => {
      let agree = 0;
      rows.forEach((r, i) => {
        const ref = exact ? r.text_standard_float : r[metric]!;
        const diff = Math.abs(ours[i]![metric] - ref);
        if (exact ? diff === 0 : diff <= 0.01) agree++;
      });
      expect(agree / rows.length).toBeGreaterThanOrEqual(0.995);
    });
  }
});

describe("readabilityOf", () => {
  it("scores a short question as textstat does", () => {
    const s = readabilityOf("What is Java?");
    expect(s.lexicon_count).toBe(3);
    expect(s.syllable_count).toBe(4);
    expect(s.sentence_count).toBe(1);
    expect(s.flesch_reading_ease).toBeCloseTo(90.99, 10);
    expect(s.flesch_kincaid_grade).toBeCloseTo(1.3133333333, 8);
    expect(s.smog_index).toBeCloseTo(3.1291, 10);
    expect(s.coleman_liau_index).toBeCloseTo(-6.3333333333, 8);
    expect(s.automated_readability_index).toBeCloseTo(-2.66, 10);
    expect(s.dale_chall_readability_score).toBeCloseTo(9.0486333333, 8);
    expect(s.linsear_write_formula).toBe(0.5);
    expect(s.difficult_words).toBe(1);
    expect(s.letter_count).toBe(10);
    expect(s.char_count).toBe(11);
    expect(s.text_standard).toBe(1);
  });

  it("gives textstat's values for empty text, and finite ones", () => {
    const s = readabilityOf("");
    expectAllFinite(s);
    expect(s.sentence_count).toBe(0);
    expect(s.lexicon_count).toBe(0);
    expect(s.flesch_reading_ease).toBe(206.835);
    expect(s.flesch_kincaid_grade).toBeCloseTo(-15.59, 10);
    expect(s.smog_index).toBe(0);
    expect(s.dale_chall_readability_score).toBe(0);
    expect(s.linsear_write_formula).toBe(0);
  });

  it("counts one sentence for non-empty text without words", () => {
    const s = readabilityOf("   \n\t ");
    expectAllFinite(s);
    expect(s.sentence_count).toBe(1);
    expect(s.lexicon_count).toBe(0);
    expect(readabilityOf("!!! ??? ...").sentence_count).toBe(1);
  });

  it("keeps contractions and hyphenated words whole", () => {
    expect(readabilityOf("I don't know the well-known rock'n'roll band.").lexicon_count).toBe(7);
    // "don't" is a CMU entry (1 syllable); "dont" would be hyphenated instead.
    expect(readabilityOf("don't").syllable_count).toBe(1);
  });

  it("splits sentences at every run of terminators and drops those of <= 2 words", () => {
    // "…sentence, e." | "g." (one word: ignored) | "one with many words in it."
    expect(readabilityOf("This is a long sentence, e.g. one with many words in it.").sentence_count).toBe(2);
    expect(readabilityOf("One two three. Four five six! Seven eight nine? Ten.").sentence_count).toBe(3);
  });

  it("counts difficult words once per distinct spelling, case-sensitively", () => {
    // potential (3 syllables, not an easy word) appears as two spellings.
    expect(readabilityOf("Potential energy and potential energy.").difficult_words).toBe(3);
    // engine is on the Dale-Chall easy list; electrical is not.
    expect(readabilityOf("engine engine electrical").difficult_words).toBe(1);
  });

  it("reads Linsear Write over the first 100 words only", () => {
    const hundred = Array.from({ length: 100 }, () => "cat").join(" ") + ".";
    const more = hundred + " " + Array.from({ length: 50 }, () => "elephantine").join(" ") + ".";
    expect(readabilityOf(more).linsear_write_formula).toBe(readabilityOf(hundred).linsear_write_formula);
    expect(readabilityOf(hundred).linsear_write_formula).toBe(50);
  });

  it("falls back to hyphenation for words missing from the CMU dictionary", () => {
    // Neither is a CMU 0.7a entry; both get Pyphen positions + 1 >= 1.
    const s = readabilityOf("xbox anime");
    expect(s.lexicon_count).toBe(2);
    expect(s.syllable_count).toBeGreaterThanOrEqual(2);
    expect(readabilityOf("2019").syllable_count).toBe(1);
  });

  it("stays finite on code, URLs, numbers, emoji and non-Latin scripts", () => {
    const samples = [
      "```python\nfor i in range(10):\n    print(i ** 2)\n```",
      "See https://example.com/a/b?c=d&e=f#g or www.example.org.",
      "3.14159 2,718 1e-9 42 0x1F",
      "🎉🎉 😀 👍🏽",
      "Привет, как дела? Всё хорошо.",
      "这是一个测试句子。我们在这里。",
      "مرحبا بالعالم",
      "𝐀𝐁𝐂 mathematical letters",
    ];
    for (const text of samples) expectAllFinite(readabilityOf(text));
    // Emoji are neither letters nor words, but they are characters.
    const emoji = readabilityOf("🎉🎉 😀");
    expect(emoji.lexicon_count).toBe(0);
    expect(emoji.char_count).toBe(3);
    expect(emoji.letter_count).toBe(0);
    // Astral letters count once each, as Python's len() does.
    expect(readabilityOf("𝐀𝐁𝐂").letter_count).toBe(3);
  });

  it("is deterministic", () => {
    const text = "The quick brown fox jumps over the lazy dog. It was quite unexpected!";
    expect(readabilityOf(text)).toEqual(readabilityOf(text));
  });
});

describe("ReadabilityScorer", () => {
  const view: TextView = {
    length: 2,
    id: ["a", "b"],
    instruction: ["What is Java?", ""],
    response: ["Java is a programming language. It runs on many machines.", "Yes."],
    turns: new Int32Array([2, 2]),
    multiTurn: new Uint8Array([0, 0]),
    turnText: ["What is Java?", "Java is a programming language. It runs on many machines.", "", "Yes."],
    turnRole: ["user", "assistant", "user", "assistant"],
    turnOffsets: new Int32Array([0, 2, 4]),
  };

  it("adds per-field columns and the card's columns from the response", () => {
    const scorer = new ReadabilityScorer();
    const cols = scorer.score(view);
    expect(cols.map((c) => c.name)).toEqual(scorer.columns);
    expect(scorer.columns).toHaveLength(2 * 13 + 2);
    const byName = new Map(cols.map((c) => [c.name, c]));
    const lexicon = byName.get("instruction_lexicon_count")!;
    expect(lexicon.kind).toBe("int32");
    expect(Array.from(lexicon.values as Int32Array)).toEqual([3, 0]);
    const fre = byName.get("readability_score")!;
    expect(fre.kind).toBe("float64");
    expect(fre.values[0]).toBe(readabilityOf(view.response[0]!).flesch_reading_ease);
    expect(byName.get("complexity_score")!.values[1]).toBe(readabilityOf("Yes.").text_standard);
  });

  it("can feed the card's columns from the instruction", () => {
    const cols = new ReadabilityScorer({ cardField: "instruction" }).score(view);
    const fre = cols.find((c) => c.name === "readability_score")!;
    expect(fre.values[0]).toBe(readabilityOf("What is Java?").flesch_reading_ease);
    expect(fre.values[1]).toBe(206.835);
  });
});
