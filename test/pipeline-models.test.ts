import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDataset } from "../src/io/dataset-reader.js";
import { scoreDataset } from "../src/pipeline/score-dataset.js";
import { buildTinyModel } from "./tiny-models/build-tiny-model.js";

// The model-backed route end to end, as `sieve score --toxicity model:… --embedder model:…
// --domain prototypes --model-dir …` runs it: spec parsing, local model folders, the real
// transformers.js loading and inference, column writing.
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sieve-pipeline-models-"));
  buildTinyModel(join(dir, "models"), {
    id: "tiny/toxic",
    task: "text-classification",
    groups: { toxic: ["idiot", "stupid"], insult: ["idiot", "loser"] },
    multiLabel: true,
    headScale: 24,
  });
  buildTinyModel(join(dir, "models"), {
    id: "tiny/embed",
    task: "feature-extraction",
    groups: { coding: ["python", "function", "code", "bug"], food: ["recipe", "bake", "flour", "oven"] },
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("score with model-backed scorers from a local model folder", () => {
  it("writes per-label toxicity, model embeddings and prototype domains", async () => {
    const input = join(dir, "in.jsonl");
    const rows = [
      { instruction: "Fix the bug in this python function", response: "The code returns early; move the return out of the loop." },
      { instruction: "How do I bake bread without an oven", response: "Use a heavy pot on the stove with a lid and a floured dough." },
      { instruction: "Reply to this message", response: "You stupid idiot loser." },
    ];
    writeFileSync(input, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const out = join(dir, "scored.jsonl");
    const summary = await scoreDataset(input, out, {
      toxicity: "model:tiny/toxic",
      embedder: "model:tiny/embed",
      domain: "prototypes",
      readability: false,
      modelDir: join(dir, "models"),
      keepEmbeddings: true,
      quiet: true,
    });
    expect(summary.rows_scored).toBe(3);
    expect(summary.columns_added).toEqual(expect.arrayContaining(["toxicity_score", "toxicity_toxic", "toxicity_insult", "embedding", "domain", "domain_score"]));
    const back = await openDataset(out);
    const got: Record<string, unknown>[] = [];
    for await (const b of back.batches()) for (const row of b.batch.toArray()) got.push(row.toJSON() as Record<string, unknown>);
    const tox = got.map((r) => r.toxicity_score as number);
    expect(tox[2]).toBeGreaterThan(0.5);
    expect(Math.max(tox[0]!, tox[1]!)).toBeLessThan(tox[2]!);
    const embedding = got[0]!.embedding as { length: number };
    expect(embedding.length).toBeGreaterThan(0);
    for (const r of got) expect(typeof r.domain).toBe("string");
  });

  it("names the model and the folders searched when a model is missing", async () => {
    const input = join(dir, "one.jsonl");
    writeFileSync(input, JSON.stringify({ instruction: "Hello there friend", response: "Hello, how can I help you today?" }) + "\n");
    await expect(
      scoreDataset(input, join(dir, "x.jsonl"), { toxicity: "model:nobody/missing", embedder: "off", domain: "off", readability: false, modelDir: join(dir, "models"), quiet: true }),
    ).rejects.toThrow(/nobody\/missing[\s\S]*models/);
  });
});
