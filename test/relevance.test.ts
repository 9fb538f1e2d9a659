import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RelevanceMeter } from "../src/metrics/relevance/relevance-meter.js";
import { RelevanceScorer, relevancePairsOf } from "../src/metrics/relevance/relevance-scorer.js";
import { termsOf } from "../src/metrics/relevance/relevance-terms.js";
import { relevanceFilterEntry } from "../src/filters/relevance-filter.js";
import { createScorers } from "../src/pipeline/create-scorers.js";
import { disposeLoadedModels } from "../src/models/model-loader.js";
import type { ScoreColumn } from "../src/core/score-column.js";
import { auc, loadPairs, shuffledPairs } from "../scripts/relevance-training.js";
import { buildTinyModel } from "./tiny-models/build-tiny-model.js";
import { haveShared } from "./shared-data.js";
import { viewOfConversations, viewOfPairs } from "./toxicity-view.js";

const values = (cols: ScoreColumn[], name: string): Float64Array => cols.find((c) => c.name === name)!.values as Float64Array;

describe("relevance terms and features", () => {
  it("terms are content-word stems and numbers (leading zeros dropped); stop words and single letters are none", () => {
    expect(termsOf("The 3 cats, 007 and Running a x!")).toEqual(["#3", "cat", "#7", "run"]);
  });

  it("computes the features exactly on a hand-made pair and table", () => {
    // idf = ln((documents + 1) / (df + 1)); a term outside the table counts as df 1.
    const meter = new RelevanceMeter({ frequencies: { documents: 9, df: new Map([["cat", 4], ["chase", 2]]) }, model: null });
    const f = meter.measure("Cats chase mice.", "The cat sleeps.");
    const [cat, chase, other] = [Math.log(10 / 5), Math.log(10 / 3), Math.log(10 / 2)];
    expect(f[0]).toBeCloseTo(cat ** 2 / Math.sqrt((cat ** 2 + chase ** 2 + other ** 2) * (cat ** 2 + other ** 2)), 12);
    expect(f[2]).toBeCloseTo(cat / (cat + other), 12); // response coverage
    expect(f[3]).toBeCloseTo(cat / (cat + chase + other), 12); // instruction coverage
    expect(f[4]).toBeCloseTo(Math.log1p(cat), 12);
    expect([f[5], f[6], f[7]]).toEqual([0, 0, 0]);
    expect(f[8]).toBeCloseTo(Math.log(3), 12); // two response terms
    expect(f[9]).toBeCloseTo(Math.log(4), 12); // three instruction terms
    expect(f[10]).toBe(0);
    const numbers = meter.measure("How many moons does Mars have?", "Mars has 2 moons.");
    expect(numbers[7]).toBe(1); // a quantity asked, a digit given
  });
});

describe("relevance score on hand-made pairs", () => {
  const meter = new RelevanceMeter();

  it("scores an on-topic answer far above an off-topic one", () => {
    const question = "Explain how photosynthesis works in plants.";
    const onTopic = meter.score(question, "Photosynthesis converts light energy into chemical energy stored in glucose, using chlorophyll in the chloroplasts of plant cells.");
    const offTopic = meter.score(question, "The French Revolution began in 1789 with the storming of the Bastille and ended the absolute monarchy of Louis XVI.");
    expect(onTopic).toBeGreaterThan(0.95);
    expect(offTopic).toBeLessThan(0.35);
  });

  it("does not punish short valid answers (yes/no, a number, a name)", () => {
    expect(meter.score("Is Paris the capital of France?", "Yes.")).toBeGreaterThan(0.9);
    expect(meter.score("How many legs does a spider have?", "8")).toBeGreaterThan(0.6);
    expect(meter.score("When did the French Revolution begin?", "1789")).toBeGreaterThan(0.6);
    expect(meter.score("What is the capital of France?", "Paris")).toBeGreaterThan(0.6);
  });

  it("gives 1 to a row without instruction and 0 to an empty response", () => {
    expect(meter.score("", "Some text with no instruction.")).toBe(1);
    expect(meter.score("  ", "")).toBe(1);
    expect(meter.score("Name three primary colours.", " ")).toBe(0);
  });
});

describe("RelevanceScorer", () => {
  it("scores conversations per assistant turn: mean and lowest turn", async () => {
    const view = viewOfConversations([
      [
        { role: "user", content: "How do I bake sourdough bread?" },
        { role: "assistant", content: "Mix flour, water and starter, let the sourdough rise overnight, then bake the bread in a hot oven." },
        { role: "user", content: "Which oven temperature is best for bread?" },
        { role: "assistant", content: "The stock market closed higher after strong quarterly earnings from technology companies." },
      ],
    ]);
    expect(relevancePairsOf(view, 0).map((p) => p[0])).toEqual(["How do I bake sourdough bread?", "Which oven temperature is best for bread?"]);
    const cols = await new RelevanceScorer().score(view);
    const meter = new RelevanceMeter();
    const turns = relevancePairsOf(view, 0).map(([q, a]) => meter.score(q, a));
    expect(values(cols, "relevance_score")[0]).toBeCloseTo((turns[0]! + turns[1]!) / 2, 12);
    expect(values(cols, "relevance_min_turn")[0]).toBe(Math.min(...turns));
    expect(turns[0]).toBeGreaterThan(0.9);
    expect(turns[1]).toBeLessThan(0.3);
  });

  it("is deterministic and independent of the batch a row is in", async () => {
    const pairs: Array<[string, string]> = [
      ["Summarise the plot of Hamlet.", "Prince Hamlet seeks revenge on his uncle Claudius, who murdered Hamlet's father to take the throne of Denmark."],
      ["List three uses of copper.", "Electrical wiring, plumbing pipes and cooking pans."],
      ["What is 12 times 12?", "144"],
    ];
    const a = values(await new RelevanceScorer().score(viewOfPairs(pairs)), "relevance_score");
    const scorer = new RelevanceScorer();
    await scorer.score(viewOfPairs([["Unrelated warm-up", "fills the caches first"]]));
    const b = values(await scorer.score(viewOfPairs(pairs)), "relevance_score");
    const alone = values(await new RelevanceScorer().score(viewOfPairs([pairs[2]!])), "relevance_score");
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(alone[0]).toBe(a[2]);
  });
});

describe("relevance filter", () => {
  it("parses min and min_turn and removes rows below them", () => {
    expect(relevanceFilterEntry.parse("filters.relevance", { min: 0.3 })).toEqual({ kind: "relevance", min: 0.3 });
    expect(relevanceFilterEntry.parse("filters.relevance", { min: 0.1, min_turn: 0.05 })).toEqual({ kind: "relevance", min: 0.1, min_turn: 0.05 });
    expect(() => relevanceFilterEntry.parse("filters.relevance", { min: 2 })).toThrow(/filters\.relevance\.min/);
  });
});

describe("model route: the embedder's cosine of instruction and response", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "sieve-relevance-"));
    buildTinyModel(dir, {
      id: "tiny/relevance",
      task: "feature-extraction",
      groups: { food: ["bread", "oven", "flour", "bake"], sport: ["football", "goal", "match", "team"] },
    });
  });
  afterAll(async () => {
    await disposeLoadedModels();
    rmSync(dir, { recursive: true, force: true });
  });

  it("adds relevance_embedding_cosine through the real model loading path", async () => {
    const scorers = await createScorers({ embedder: "model:tiny/relevance", modelDir: dir, toxicity: "off", domain: "off" });
    const scorer = scorers.find((s) => s.name === "relevance")!;
    expect(scorer.columns).toEqual(["relevance_score", "relevance_min_turn", "relevance_embedding_cosine"]);
    const cols = await scorer.score(
      viewOfPairs([
        ["How do I bake bread?", "Put the flour dough in the oven and bake the bread."],
        ["How do I bake bread?", "The team scored a goal in the football match."],
        ["", "No instruction here."],
      ]),
      new Map(),
    );
    const cosine = values(cols, "relevance_embedding_cosine");
    expect(cosine[0]).toBeGreaterThan(0.8);
    expect(cosine[1]).toBeLessThan(0.3);
    expect(cosine[2]).toBe(1);
    for (const s of scorers) await s.close?.();
  });

  it("keeps the lexical columns alone with the hash embedder", async () => {
    const scorer = (await createScorers({ toxicity: "off", domain: "off" })).find((s) => s.name === "relevance")!;
    expect(scorer.columns).toEqual(["relevance_score", "relevance_min_turn"]);
  });
});

describe.runIf(haveShared("data/dolly-15k/databricks-dolly-15k.jsonl"))("relevance on Dolly 15k (real against shuffled responses)", () => {
  it("scores real pairs above shuffled ones: AUC near the measured 0.975 (random) and 0.976 (same category)", async () => {
    const dolly = await loadPairs("dolly");
    const meter = new RelevanceMeter();
    const score = (pairs: typeof dolly): Float64Array => Float64Array.from(pairs, (p) => meter.score(p.instruction, p.response));
    const real = score(dolly);
    const random = score(shuffledPairs(dolly, 7));
    const hard = score(shuffledPairs(dolly, 11, true));
    const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(real)).toBeGreaterThan(mean(random) + 0.5);
    expect(auc(real, random)).toBeGreaterThan(0.965);
    expect(auc(real, hard)).toBeGreaterThan(0.965);
  }, 120_000);
});
