import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTinyModel } from "./tiny-models/build-tiny-model.js";
import { disposeLoadedModels } from "../src/models/model-loader.js";
import { ModelNotFoundError } from "../src/models/model-source.js";
import { createModelToxicityScorer, modelLabelColumn } from "../src/metrics/toxicity/model-toxicity-scorer.js";
import { viewOfConversations } from "./toxicity-view.js";

// A Detoxify-shaped tiny model: multi-label, sigmoid per label, labels named like toxic-bert's.
const GROUPS = {
  toxic: ["idiot", "stupid", "moron", "kill", "hate"],
  severe_toxic: ["scum"],
  obscene: ["crap", "damn"],
  threat: ["kill", "hurt", "shoot"],
  insult: ["idiot", "moron", "loser"],
  identity_hate: ["bigot"],
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sieve-toxicity-models-"));
  buildTinyModel(dir, { id: "tiny/toxic-bert", task: "text-classification", groups: GROUPS, multiLabel: true, headScale: 24, vocab: ["the", "weather", "is", "nice", "today", "you", "are", "an", "i", "will"] });
  buildTinyModel(dir, { id: "tiny/no-toxic-label", task: "text-classification", groups: { insult: ["idiot"], threat: ["kill"] }, multiLabel: true });
});
afterAll(async () => {
  await disposeLoadedModels();
  rmSync(dir, { recursive: true, force: true });
});

describe("ModelToxicityScorer (tiny ONNX model through transformers.js)", () => {
  it("adds a column per model label, takes the toxic label's maximum over turns, names the labels that fired", async () => {
    const scorer = await createModelToxicityScorer("tiny/toxic-bert", { modelDir: dir, batchSize: 2 });
    expect(scorer.labels).toEqual(Object.keys(GROUPS));
    expect(scorer.columns).toEqual(["toxicity_score", "toxicity_labels", ...Object.keys(GROUPS).map((l) => `toxicity_${l}`)]);
    const view = viewOfConversations([
      [
        { role: "user", content: "the weather is nice today" },
        { role: "assistant", content: "idiot moron" },
        { role: "user", content: "the weather is nice" },
      ],
      [
        { role: "user", content: "the weather is nice today" },
        { role: "assistant", content: "nice" },
      ],
      [
        { role: "user", content: "i will kill you" },
        { role: "assistant", content: "" },
      ],
    ]);
    const cols = await scorer.score(view);
    const byName = new Map(cols.map((c) => [c.name, c.values]));
    const score = byName.get("toxicity_score") as Float64Array;
    const toxic = byName.get("toxicity_toxic") as Float64Array;
    const insult = byName.get("toxicity_insult") as Float64Array;
    const threat = byName.get("toxicity_threat") as Float64Array;
    const labels = byName.get("toxicity_labels") as string[][];
    expect(Array.from(score)).toEqual(Array.from(toxic));
    expect(score[0]).toBeGreaterThan(0.5);
    expect(score[1]).toBeLessThan(0.1);
    expect(insult[0]).toBeGreaterThan(0.5);
    expect(threat[2]).toBeGreaterThan(0.5);
    expect(threat[0]).toBeLessThan(0.1);
    expect(labels[0]).toEqual(expect.arrayContaining(["toxic", "insult"]));
    expect(labels[1]).toEqual([]);
    expect(labels[2]).toContain("threat");

    // Batching does not change the numbers: the same rows one at a time.
    const single = await createModelToxicityScorer("tiny/toxic-bert", { modelDir: dir, batchSize: 1 });
    const again = await single.score(view);
    const score1 = again.find((c) => c.name === "toxicity_score")!.values as Float64Array;
    for (let i = 0; i < score.length; i++) expect(score1[i]).toBeCloseTo(score[i]!, 5);
  });

  it("without a toxic label, toxicity_score is the highest label probability", async () => {
    const scorer = await createModelToxicityScorer("tiny/no-toxic-label", { modelDir: dir });
    const view = viewOfConversations([[{ role: "user", content: "kill" }], [{ role: "user", content: "idiot" }]]);
    const cols = await scorer.score(view);
    const score = cols[0]!.values as Float64Array;
    const threat = cols.find((c) => c.name === "toxicity_threat")!.values as Float64Array;
    const insult = cols.find((c) => c.name === "toxicity_insult")!.values as Float64Array;
    expect(score[0]).toBe(Math.max(threat[0]!, insult[0]!));
    expect(score[1]).toBe(Math.max(threat[1]!, insult[1]!));
    expect(score[0]).toBeGreaterThan(0.5);
  });

  it("a missing model is a clear error naming the id and where it looked", async () => {
    await expect(createModelToxicityScorer("Xenova/toxic-bert", { modelDir: dir })).rejects.toThrow(ModelNotFoundError);
    await expect(createModelToxicityScorer("Xenova/toxic-bert", { modelDir: dir })).rejects.toThrow(/Xenova\/toxic-bert/);
  });

  it("names label columns safely", () => {
    expect(modelLabelColumn("Severe Toxic")).toBe("toxicity_severe_toxic");
    expect(modelLabelColumn("identity_hate")).toBe("toxicity_identity_hate");
  });
});
