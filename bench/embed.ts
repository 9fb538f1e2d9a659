/**
 * Speed of the embedding and domain scorers on Dolly 15k (../shared), single thread, timing the
 * compiled package:
 *   npm run build && npx vite-node bench/embed.ts [--dist DIR | --source]
 * - rows/s of the hash embedder, the keyword domain scorer, and both together;
 * - batched (grouped by token count, 32 per call) vs per-row model inference with the same tiny
 *   models built at run time: end to end (tokenize, run, pool), the model calls alone, and
 *   transformers.js's pipeline called per row; and the tokenizer's cost per text.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildTinyModel } from "../test/tiny-models/build-tiny-model.js";
import { sharedPath } from "../test/shared-data.js";
import { corpusVocabulary } from "../test/tiny-models/wordpiece-tokenizer.js";
import type { TextView } from "../src/core/text-view.js";
import { benchArgs } from "./bench-args.js";
import { compiledModule } from "./compiled-module.js";

// Timed code comes from dist/ (npm run build first), as the CLI runs it; --source times src/ through vite-node.
const args = benchArgs({ source: { type: "boolean" }, dist: { type: "string" } });
const load = <T>(path: string): Promise<T> => compiledModule<T>(path, { dist: args.dist, source: args.source });
const { HashEmbedder } = await load<typeof import("../src/embed/hash-embedder.js")>("embed/hash-embedder.js");
const { EmbeddingScorer } = await load<typeof import("../src/embed/embedding-scorer.js")>("embed/embedding-scorer.js");
const { KeywordDomainScorer } = await load<typeof import("../src/metrics/domain/keyword-domain-scorer.js")>("metrics/domain/keyword-domain-scorer.js");
const { ModelEmbedder } = await load<typeof import("../src/embed/model-embedder.js")>("embed/model-embedder.js");
const { createModelToxicityScorer } = await load<typeof import("../src/metrics/toxicity/model-toxicity-scorer.js")>("metrics/toxicity/model-toxicity-scorer.js");
const { disposeLoadedModels, loadPipeline } = await load<typeof import("../src/models/model-loader.js")>("models/model-loader.js");
const { batchTokenizerFor } = await load<typeof import("../src/models/batch-tokenizer.js")>("models/batch-tokenizer.js");
const { loadDefaultTaxonomy } = await load<typeof import("../src/metrics/domain/domain-taxonomy.js")>("metrics/domain/domain-taxonomy.js");

const rows = readFileSync(sharedPath("data/dolly-15k/databricks-dolly-15k.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { instruction: string; context: string; response: string });

function viewOf(batch: typeof rows): TextView {
  const n = batch.length;
  return {
    length: n,
    id: batch.map((_, i) => `dolly:${i}`),
    instruction: batch.map((r) => (r.context ? `${r.instruction}\n\n${r.context}` : r.instruction)),
    response: batch.map((r) => r.response),
    turns: new Int32Array(n).fill(2),
    multiTurn: new Uint8Array(n),
    turnText: batch.flatMap((r) => [r.instruction, r.response]),
    turnRole: batch.flatMap(() => ["user", "assistant"]),
    turnOffsets: Int32Array.from({ length: n + 1 }, (_, i) => 2 * i),
  };
}

const BATCH = 4096;
const views: TextView[] = [];
for (let s = 0; s < rows.length; s += BATCH) views.push(viewOf(rows.slice(s, s + BATCH)));

async function rowsPerSecond(label: string, run: (v: TextView) => unknown): Promise<void> {
  for (const v of views.slice(0, 1)) await run(v); // warm-up
  const best: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    for (const v of views) await run(v);
    best.push(performance.now() - t0);
  }
  const ms = Math.min(...best);
  console.log(`${label.padEnd(40)} ${Math.round((rows.length / ms) * 1000).toLocaleString("en-US").padStart(8)} rows/s`);
}

const embedding = new EmbeddingScorer(new HashEmbedder());
const domains = new KeywordDomainScorer();
console.log(`Dolly 15k: ${rows.length} rows (instruction + context, response), single thread, best of 3`);
await rowsPerSecond("embedding (hash, dim 256)", (v) => embedding.score(v));
await rowsPerSecond("domain (keywords, 23 domains)", (v) => domains.score(v));
await rowsPerSecond("embedding + domain together", async (v) => {
  await embedding.score(v);
  domains.score(v);
});

// Batched vs per-row inference, same tiny model, same code (tokenizer, session, pooling): only
// the batch size differs. Each rate is taken after a warm-up pass over the same texts (JIT,
// the tokenizer's word cache: a real stream of texts hits it nearly as often, words being
// Zipf-distributed), best of 5 taken in turns, as texts per wall second and per CPU second (the
// process's CPU time, ONNX Runtime's threads included).
//
// Two tiny models, built at run time by test/tiny-models (a 32-wide embedding table, no layers):
// - "taxonomy vocab": the vocabulary is the domain taxonomy's ~1.6k keywords plus letters, so
//   most words are spelled out in letter pieces (~115 tokens per text, truncated at 128);
// - "corpus vocab": a realistic WordPiece vocabulary learned from Dolly itself (20k words, 2k
//   "##" endings, every character), so most words are one token, as with a real BERT vocab.
const dir = mkdtempSync(join(tmpdir(), "sieve-bench-"));
const groups = Object.fromEntries(loadDefaultTaxonomy().domains.map((d) => [d.name, Object.keys(d.keywords)]));
buildTinyModel(dir, { id: "bench/tiny-embedder", task: "feature-extraction", groups, dim: 32 });
const corpusTokens = corpusVocabulary(rows.flatMap((r) => [r.instruction, r.context, r.response]));
buildTinyModel(dir, { id: "bench/tiny-embedder-corpus-vocab", task: "feature-extraction", tokens: corpusTokens, dim: 32 });
const texts = rows.slice(0, 2048).map((r) => `${r.instruction}\n${r.response}`);

type Rate = { wallRate: number; cpuRate: number };

/**
 * Best of 5 for each of `runs`, taking turns (a, b, a, b …) after one warm-up each, so load
 * from other processes on this shared machine hits every contender alike.
 */
async function bestOf5(...runs: Array<() => Promise<unknown> | unknown>): Promise<Rate[]> {
  for (const run of runs) await run(); // warm-up
  const wall = runs.map(() => Infinity);
  const cpu = runs.map(() => Infinity);
  for (let rep = 0; rep < 5; rep++) {
    for (let k = 0; k < runs.length; k++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await runs[k]!();
      wall[k] = Math.min(wall[k]!, performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[k] = Math.min(cpu[k]!, (c.user + c.system) / 1000);
    }
  }
  return runs.map((_, k) => ({ wallRate: (texts.length / wall[k]!) * 1000, cpuRate: (texts.length / cpu[k]!) * 1000 }));
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(8);
for (const [id, label] of [
  ["bench/tiny-embedder", "taxonomy vocab"],
  ["bench/tiny-embedder-corpus-vocab", "corpus vocab"],
] as const) {
  const [perRow, batched] = await bestOf5(
    () => new ModelEmbedder(id, { modelDir: dir, batchSize: 1 }).embed(texts),
    () => new ModelEmbedder(id, { modelDir: dir, batchSize: 32 }).embed(texts),
  );
  console.log(`tiny model (${label}), per-row calls (batch 1)       ${fmt(perRow.wallRate)} texts/s ${fmt(perRow.cpuRate)} texts/CPU-s`);
  console.log(
    `tiny model (${label}), batched (32, token-count buckets)  ${fmt(batched.wallRate)} texts/s ${fmt(batched.cpuRate)} texts/CPU-s` +
      `  (${(batched.wallRate / perRow.wallRate).toFixed(1)}x wall, ${(batched.cpuRate / perRow.cpuRate).toFixed(1)}x CPU)`,
  );
  const pipe = await loadPipeline("feature-extraction", id, { modelDir: dir });
  const fast = await batchTokenizerFor(pipe.tokenizer);
  // The model calls alone (inputs tokenized beforehand): what batching itself saves.
  const oneByOne = [...fast.batches(texts, 1)].map((b) => b.inputs);
  const byBatch = [...fast.batches(texts, 32)].map((b) => b.inputs);
  const [rowModel, batchModel] = await bestOf5(
    async () => {
      for (const inputs of oneByOne) await pipe.model(inputs);
    },
    async () => {
      for (const inputs of byBatch) await pipe.model(inputs);
    },
  );
  console.log(
    `  model calls alone: per-row ${fmt(rowModel.wallRate)} texts/s, batched ${fmt(batchModel.wallRate)} texts/s` +
      `  (${(batchModel.wallRate / rowModel.wallRate).toFixed(1)}x wall, ${(batchModel.cpuRate / rowModel.cpuRate).toFixed(1)}x CPU)`,
  );
  // What a script without sieve does: transformers.js's own pipeline called once per row.
  const [naive] = await bestOf5(async () => {
    for (const t of texts) await pipe(t, { pooling: "mean", normalize: true });
  });
  console.log(`  transformers.js pipeline per row: ${fmt(naive!.wallRate)} texts/s (batched sieve path: ${(batched.wallRate / naive!.wallRate).toFixed(1)}x)`);
  // Tokenizer alone: transformers.js's one text per call, ours one text per call and in batches of 32 (same ids).
  const [theirs, ours, oursBatched] = await bestOf5(
    () => texts.forEach((t) => pipe.tokenizer([t], { padding: true, truncation: true })),
    () => texts.forEach((t) => fast.encode([t])),
    () => [...fast.batches(texts, 32)],
  );
  console.log(
    `tokenizer (${label}), µs of CPU per text: transformers.js ${(1e6 / theirs!.cpuRate).toFixed(0)}, ` +
      `ours ${(1e6 / ours!.cpuRate).toFixed(1)} one per call, ${(1e6 / oursBatched!.cpuRate).toFixed(1)} in batches of 32`,
  );
}

// The classification route (Detoxify-shaped: pooling and head inside the graph, one logit per
// label out), as `--toxicity model:<id>` runs it: the same comparison through ModelToxicityScorer.
buildTinyModel(dir, {
  id: "bench/tiny-toxic",
  task: "text-classification",
  groups: { toxic: ["idiot", "stupid", "hate"], insult: ["idiot", "moron"], threat: ["kill", "hurt"], obscene: ["damn"], severe_toxic: ["die"], identity_hate: ["vermin"] },
  multiLabel: true,
  tokens: corpusTokens,
  dim: 32,
});
const classifierView = viewOf(rows.slice(0, 1024)); // 2,048 turns: instruction and response
const perRowToxicity = await createModelToxicityScorer("bench/tiny-toxic", { modelDir: dir, batchSize: 1 });
const batchedToxicity = await createModelToxicityScorer("bench/tiny-toxic", { modelDir: dir, batchSize: 32 });
const [rowCalls, batchCalls] = await bestOf5(
  () => perRowToxicity.score(classifierView),
  () => batchedToxicity.score(classifierView),
);
console.log(`tiny classifier (corpus vocab), per-row calls (batch 1)      ${fmt(rowCalls.wallRate)} texts/s ${fmt(rowCalls.cpuRate)} texts/CPU-s`);
console.log(
  `tiny classifier (corpus vocab), batched (32, token-count buckets) ${fmt(batchCalls.wallRate)} texts/s ${fmt(batchCalls.cpuRate)} texts/CPU-s` +
    `  (${(batchCalls.wallRate / rowCalls.wallRate).toFixed(1)}x wall, ${(batchCalls.cpuRate / rowCalls.cpuRate).toFixed(1)}x CPU)`,
);
await disposeLoadedModels();
rmSync(dir, { recursive: true, force: true });
