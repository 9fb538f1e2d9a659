import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTinyModel } from "./tiny-models/build-tiny-model.js";
import { HashEmbedder } from "../src/embed/hash-embedder.js";
import { cosineAt } from "../src/embed/embedder.js";
import { ModelEmbedder } from "../src/embed/model-embedder.js";
import { EmbeddingScorer } from "../src/embed/embedding-scorer.js";
import { createEmbedder } from "../src/embed/create-embedder.js";
import { ScorerSpecError } from "../src/core/scorer-spec-error.js";
import { disposeLoadedModels } from "../src/models/model-loader.js";
import type { TextView } from "../src/core/text-view.js";

/** Pairs that say the same thing in other words (written for this suite). */
const PARAPHRASES: Array<[string, string]> = [
  ["How do I bake sourdough bread at home?", "What is the way to make homemade sourdough bread in my oven?"],
  ["Explain how photosynthesis works in plants.", "Describe the process plants use for photosynthesis."],
  ["What are the symptoms of the flu?", "Which symptoms does someone with influenza or flu usually have?"],
  ["Write a Python function that reverses a string.", "Give me Python code for a function to reverse a string."],
  ["Who won the football World Cup in 2014?", "Which country won the 2014 FIFA World Cup in football?"],
  ["How can I save money on groceries?", "Tips for saving money when buying groceries."],
  ["What causes earthquakes?", "Why do earthquakes happen, what is the cause?"],
  ["Summarize the plot of Romeo and Juliet.", "Give a short summary of the plot of Shakespeare's Romeo and Juliet."],
  ["Translate 'good morning' into Spanish.", "How do you say good morning in Spanish? Translate it."],
  ["What is the capital city of Australia?", "Name the capital of Australia."],
  ["How do vaccines train the immune system?", "Explain how a vaccine teaches the immune system to fight disease."],
  ["List some tips for a job interview.", "What tips would help me in a job interview?"],
  ["How does compound interest work?", "Explain compound interest and how it grows savings."],
  ["What is the difference between a virus and bacteria?", "How are bacteria different from a virus?"],
  ["Recommend a few board games for a family night.", "Which board games are good for a family game night?"],
  ["How do I train my puppy to sit?", "Ways to teach a puppy the sit command when training."],
  ["Why is the sky blue?", "What makes the sky look blue during the day?"],
  ["Describe the causes of the French Revolution.", "What were the main causes that led to the French Revolution?"],
  ["How can I reduce my anxiety before exams?", "Ways to calm exam anxiety before a test."],
  ["What is recursion in programming?", "Explain the programming concept of recursion."],
];

function view(pairs: Array<[string, string]>): TextView {
  const n = pairs.length;
  return {
    length: n,
    id: pairs.map((_, i) => `t:${i}`),
    instruction: pairs.map((p) => p[0]),
    response: pairs.map((p) => p[1]),
    turns: new Int32Array(n).fill(2),
    multiTurn: new Uint8Array(n),
    turnText: pairs.flat(),
    turnRole: pairs.flatMap(() => ["user", "assistant"]),
    turnOffsets: Int32Array.from({ length: n + 1 }, (_, i) => 2 * i),
  };
}

describe("HashEmbedder", () => {
  const embedder = new HashEmbedder();

  it("puts every paraphrase nearer its pair than to any other pair's texts", () => {
    const left = embedder.embed(PARAPHRASES.map((p) => p[0]));
    const right = embedder.embed(PARAPHRASES.map((p) => p[1]));
    let paired = 0;
    let random = 0;
    let randomCount = 0;
    let rankedFirst = 0;
    for (let i = 0; i < PARAPHRASES.length; i++) {
      const own = cosineAt(left.values, i, right.values, i, 256);
      paired += own;
      let best = true;
      for (let j = 0; j < PARAPHRASES.length; j++) {
        if (j === i) continue;
        const other = cosineAt(left.values, i, right.values, j, 256);
        random += other;
        randomCount++;
        if (other >= own) best = false;
      }
      if (best) rankedFirst++;
    }
    const meanPaired = paired / PARAPHRASES.length;
    const meanRandom = random / randomCount;
    expect(meanPaired).toBeGreaterThan(0.3);
    expect(meanRandom).toBeLessThan(0.1);
    expect(rankedFirst).toBe(PARAPHRASES.length);
  });

  it("is L2-normalised, deterministic and gives zeros for a text without words", () => {
    const a = embedder.embed(["Hello world, hello!", "", "  ...  "]);
    let norm = 0;
    for (let d = 0; d < 256; d++) norm += a.values[d]! ** 2;
    expect(norm).toBeCloseTo(1, 5);
    expect(a.values.subarray(256).every((v) => v === 0)).toBe(true);
    const b = new HashEmbedder().embed(["Hello world, hello!"]);
    expect(Buffer.from(b.values.buffer).equals(Buffer.from(a.values.buffer, 0, 1024))).toBe(true);
  });

  it("places a near-duplicate (case, punctuation, one typo) very close", () => {
    const m = embedder.embed(["The quick brown fox jumps over the lazy dog.", "the quick brown fox jumped over the lazy dog", "Interest rates rose again this quarter."]);
    expect(cosineAt(m.values, 0, m.values, 1, 256)).toBeGreaterThan(0.8);
    expect(cosineAt(m.values, 0, m.values, 2, 256)).toBeLessThan(0.2);
  });

  it("gives the same vector whether a text is embedded alone or in a batch, and with any dim", () => {
    const texts = PARAPHRASES.map((p) => p[0]);
    const batch = embedder.embed(texts);
    const alone = embedder.embed([texts[7]!]);
    expect(Array.from(batch.values.subarray(7 * 256, 8 * 256))).toEqual(Array.from(alone.values));
    expect(new HashEmbedder({ dim: 100 }).embed(texts).values.length).toBe(100 * texts.length);
  });

  it("handles very long words and non-Latin scripts without NaN", () => {
    const m = embedder.embed(["x".repeat(5000), "Привет, как дела? 你好世界 🙂"]);
    expect(m.values.every((v) => Number.isFinite(v))).toBe(true);
    let norm = 0;
    for (let d = 256; d < 512; d++) norm += m.values[d]! ** 2;
    expect(norm).toBeCloseTo(1, 5);
  });
});

describe("EmbeddingScorer and createEmbedder", () => {
  it("adds a float32-vector column over instruction + response", async () => {
    const scorer = new EmbeddingScorer(createEmbedder("hash"));
    const [col] = await scorer.score(view(PARAPHRASES.slice(0, 3)));
    expect(col).toMatchObject({ name: "embedding", kind: "float32-vector", dim: 256 });
    const direct = new HashEmbedder().embed([`${PARAPHRASES[1]![0]}\n${PARAPHRASES[1]![1]}`]);
    expect(Array.from((col as { values: Float32Array }).values.subarray(256, 512))).toEqual(Array.from(direct.values));
  });

  it("parses specs and rejects bad ones clearly", () => {
    expect(createEmbedder("hash:64").name).toBe("hash:64");
    expect(createEmbedder("model").name).toBe("model:Xenova/all-MiniLM-L6-v2");
    expect(createEmbedder("model:org/x").name).toBe("model:org/x");
    expect(() => createEmbedder("hash:big")).toThrow(ScorerSpecError);
    expect(() => createEmbedder("word2vec")).toThrow(/--embedder "word2vec" is not understood; use "hash"/);
  });
});

describe("ModelEmbedder on a tiny feature-extraction model", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "sieve-embed-"));
    buildTinyModel(dir, {
      id: "tiny/minilm",
      task: "feature-extraction",
      groups: { food: ["bread", "oven", "flour", "bake"], sport: ["football", "goal", "match", "team"] },
    });
  });
  afterAll(async () => {
    await disposeLoadedModels();
    rmSync(dir, { recursive: true, force: true });
  });

  const texts = [
    "bake bread",
    "The team scored a late goal to win the football match against their rivals yesterday evening.",
    "flour",
    "Preheat the oven, mix the flour and bake the bread for forty minutes.",
    "goal",
    "an unrelated sentence about nothing in particular, rather long so that it pads the others a lot",
  ];

  it("batched, length-bucketed output equals per-row output, in input order", async () => {
    const batched = await new ModelEmbedder("tiny/minilm", { modelDir: dir, batchSize: 4 }).embed(texts);
    const single = new ModelEmbedder("tiny/minilm", { modelDir: dir, batchSize: 1 });
    expect(batched.dim).toBe(16);
    for (let i = 0; i < texts.length; i++) {
      const alone = await single.embed([texts[i]!]);
      for (let d = 0; d < 16; d++) expect(batched.values[i * 16 + d]).toBeCloseTo(alone.values[d]!, 5);
    }
  });

  it("embeds by meaning: food texts near each other, far from sport", async () => {
    const m = await new ModelEmbedder("tiny/minilm", { modelDir: dir }).embed(texts);
    expect(cosineAt(m.values, 0, m.values, 3, 16)).toBeGreaterThan(0.8);
    expect(cosineAt(m.values, 0, m.values, 1, 16)).toBeLessThan(0.3);
  });

  it("reports a missing model with the folder searched", async () => {
    await expect(new ModelEmbedder("Xenova/all-MiniLM-L6-v2", { modelDir: dir }).embed(["x"])).rejects.toThrow(/not available offline/);
  });
});
