import { mkdtempSync, rmSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTinyModel, NLI_LABELS } from "./tiny-models/build-tiny-model.js";
import { isOffline, modelDirs, ModelNotFoundError, resolveModel } from "../src/models/model-source.js";
import { disposeLoadedModels, loadClassifier, loadPipeline } from "../src/models/model-loader.js";
import { batchTokenizerFor } from "../src/models/batch-tokenizer.js";
import { modelOptionsOf } from "../src/pipeline/create-scorers.js";
import { scorerConfigFrom } from "../src/cli/shared-options.js";

const GROUPS = {
  food: ["bread", "oven", "recipe", "cook", "flour"],
  coding: ["python", "function", "compiler", "bug", "code"],
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sieve-models-"));
  buildTinyModel(dir, { id: "tiny/features", task: "feature-extraction", groups: GROUPS });
  buildTinyModel(dir, { id: "tiny/classifier", task: "text-classification", groups: GROUPS, multiLabel: true });
  buildTinyModel(dir, { id: "tiny/nli", task: "zero-shot", groups: GROUPS });
});
afterAll(async () => {
  await disposeLoadedModels();
  rmSync(dir, { recursive: true, force: true });
});

describe("tiny model builder", () => {
  it("writes a few-KB ONNX model in hub layout with labels in config.json", () => {
    const m = buildTinyModel(dir, { id: "tiny/again", task: "text-classification", groups: GROUPS, multiLabel: true });
    expect(m.onnxBytes).toBeGreaterThan(1000);
    expect(m.onnxBytes).toBeLessThan(64_000);
    for (const f of ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx"]) expect(existsSync(join(m.path, f))).toBe(true);
    const config = JSON.parse(readFileSync(join(m.path, "config.json"), "utf8"));
    expect(config.id2label).toEqual({ "0": "food", "1": "coding" });
    expect(config.problem_type).toBe("multi_label_classification");
  });

  it("writes the same bytes for the same spec", () => {
    const a = buildTinyModel(join(dir, "a"), { id: "x/y", task: "feature-extraction", groups: GROUPS });
    const b = buildTinyModel(join(dir, "b"), { id: "x/y", task: "feature-extraction", groups: GROUPS });
    expect(readFileSync(join(a.path, "onnx/model.onnx")).equals(readFileSync(join(b.path, "onnx/model.onnx")))).toBe(true);
  });
});

describe("model resolution", () => {
  it("finds a model under a configured folder and turns downloads off", async () => {
    const m = await resolveModel("tiny/features", { modelDir: dir });
    expect(m.local).toBe(true);
    expect(m.location).toBe(join(dir, "tiny", "features"));
    expect(isOffline({ modelDir: dir }, {})).toBe(true);
    expect(isOffline({}, {})).toBe(false);
    expect(isOffline({}, { SIEVE_OFFLINE: "1" })).toBe(true);
    expect(modelDirs({}, { SIEVE_MODEL_DIR: `${dir}:/elsewhere` })).toEqual([dir, "/elsewhere"]);
  });

  it("names the id, the folders searched and how to fetch a missing model", async () => {
    const err = await resolveModel("Xenova/all-MiniLM-L6-v2", { modelDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelNotFoundError);
    const message = (err as Error).message;
    expect(message).toContain('"Xenova/all-MiniLM-L6-v2"');
    expect(message).toContain(join(dir, "Xenova/all-MiniLM-L6-v2"));
    expect(message).toContain("huggingface-cli download Xenova/all-MiniLM-L6-v2 --local-dir");
  });

  it("rejects a dtype whose onnx file the folder lacks, naming the files it has", async () => {
    const err = await resolveModel("tiny/features", { modelDir: dir, dtype: "q8" }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/no onnx\/model_quantized\.onnx for dtype "q8".*model\.onnx/);
  });

  it("accepts a direct folder path as the model id", async () => {
    const m = await resolveModel(join(dir, "tiny", "nli"), {});
    expect(m.local).toBe(true);
  });
});

describe("tiny models through the real transformers.js path", () => {
  it("feature-extraction: texts about a group point along its axis", async () => {
    const extract = await loadPipeline("feature-extraction", "tiny/features", { modelDir: dir });
    const out = (await extract(["I cook bread in the oven", "a python function with a bug"], { pooling: "mean", normalize: true })) as {
      dims: number[];
      data: Float32Array;
    };
    expect(out.dims).toEqual([2, 16]);
    expect(out.data[0]).toBeGreaterThan(0.9); // food axis
    expect(out.data[16 + 1]).toBeGreaterThan(0.9); // coding axis
  });

  it("text-classification: multi-label sigmoid scores follow the words", async () => {
    const classify = await loadPipeline("text-classification", "tiny/classifier", { modelDir: dir });
    const out = (await classify(["python code with a compiler bug"], { top_k: null })) as Array<Array<{ label: string; score: number }>>;
    const byLabel = Object.fromEntries(out[0]!.map((r) => [r.label, r.score]));
    expect(byLabel.coding).toBeGreaterThan(0.5);
    expect(byLabel.food).toBeLessThan(0.1);
  });

  it("zero-shot NLI model: entailment follows topical agreement of premise and hypothesis", async () => {
    const nli = await loadClassifier("tiny/nli", { modelDir: dir });
    expect(nli.classifier.config.label2id).toEqual({ contradiction: 0, neutral: 1, entailment: 2 });
    const inputs = nli.tokenizer(["knead the flour for bread", "knead the flour for bread"], {
      text_pair: ["this is about cook", "this is about code"],
      padding: true,
      truncation: true,
    });
    const { logits } = await nli.classifier(inputs);
    const entail = (row: number) => logits.data[row * 3 + NLI_LABELS.indexOf("entailment")]!;
    expect(entail(0)).toBeGreaterThan(entail(1) + 1);
  });
});

describe("length buckets", () => {
  const texts = [
    "bread", // 3 tokens with [CLS] and [SEP]
    "the oven is hot and the bread is in the oven now", // 13
    "cook", // 3
    "python code", // 4
    "a recipe with flour", // 6
  ];

  it("group texts by token count, cover every position once, and tensors equal the tokenizer's for those texts", async () => {
    const pipe = await loadPipeline("feature-extraction", "tiny/features", { modelDir: dir });
    const fast = await batchTokenizerFor(pipe.tokenizer);
    expect(fast.fast).toBe(true);
    const batches = [...fast.batches(texts, 2)];
    expect(batches.map((b) => b.rows)).toEqual([[0, 2], [3, 4], [1]]);
    for (const { rows, inputs } of batches) {
      const theirs = pipe.tokenizer(rows.map((i) => texts[i]!), { padding: true, truncation: true }) as Record<string, { data: BigInt64Array; dims: number[] }>;
      const ours = inputs as Record<string, { data: BigInt64Array; dims: number[] }>;
      expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
      for (const k of Object.keys(theirs)) {
        expect(ours[k]!.dims).toEqual(theirs[k]!.dims);
        expect(Array.from(ours[k]!.data)).toEqual(Array.from(theirs[k]!.data));
      }
    }
  });

  it("keep pairs together and group them by the pair's token count", async () => {
    const nli = await loadClassifier("tiny/nli", { modelDir: dir });
    const fast = await batchTokenizerFor(nli.tokenizer);
    const hypotheses = ["about code", "about cook", "about code", "about food", "about bread"];
    const batches = [...fast.batches(texts, 3, hypotheses)];
    expect(batches.flatMap((b) => b.rows).sort()).toEqual([0, 1, 2, 3, 4]);
    for (const { rows, inputs } of batches) {
      const theirs = nli.tokenizer(rows.map((i) => texts[i]!), { text_pair: rows.map((i) => hypotheses[i]!), padding: true, truncation: true }) as Record<string, { data: BigInt64Array }>;
      expect(Array.from((inputs.input_ids as { data: BigInt64Array }).data)).toEqual(Array.from(theirs.input_ids!.data));
    }
  });
});

describe("ONNX Runtime session options", () => {
  it("loads with a given intraOpNumThreads as its own model instance, and rejects a bad count", async () => {
    const shared = await loadPipeline("feature-extraction", "tiny/features", { modelDir: dir });
    const oneThread = await loadPipeline("feature-extraction", "tiny/features", { modelDir: dir, intraOpNumThreads: 1 });
    expect(oneThread).not.toBe(shared);
    const a = (await shared(["cooking pasta"], { pooling: "mean", normalize: true })) as { data: Float32Array };
    const b = (await oneThread(["cooking pasta"], { pooling: "mean", normalize: true })) as { data: Float32Array };
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    await expect(loadPipeline("feature-extraction", "tiny/features", { modelDir: dir, intraOpNumThreads: 0 })).rejects.toThrow(/whole number/);
  });

  it("reach the model loader from the --onnx-threads flag through the scorer config", () => {
    expect(scorerConfigFrom({ onnxThreads: 2 }).onnxThreads).toBe(2);
    expect(modelOptionsOf({ modelDir: dir, onnxThreads: 1, modelBatchSize: 8 })).toEqual({ modelDir: dir, device: undefined, dtype: undefined, batchSize: 8, intraOpNumThreads: 1 });
  });
});
