/**
 * Speed of the embedding and domain scorers on Dolly 15k (../shared), single thread:
 *   npx vite-node bench/embed.ts
 * - rows/s of the hash embedder, the keyword domain scorer, and both together;
 * - batched (length-bucketed, 32 per call) vs per-row model inference with the same tiny
 *   feature-extraction model built at run time.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildTinyModel } from "../test/tiny-models/build-tiny-model.js";
import { sharedPath } from "../test/shared-data.js";
import { HashEmbedder } from "../src/embed/hash-embedder.js";
import { EmbeddingScorer } from "../src/embed/embedding-scorer.js";
import { KeywordDomainScorer } from "../src/embed/keyword-domain-scorer.js";
import { ModelEmbedder } from "../src/embed/model-embedder.js";
import { disposeLoadedModels } from "../src/embed/model-loader.js";
import { loadDefaultTaxonomy } from "../src/embed/domain-taxonomy.js";
import type { TextView } from "../src/pipeline/text-view.js";

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

// Batched vs per-row inference, same tiny model (vocabulary: the default taxonomy's keywords).
const dir = mkdtempSync(join(tmpdir(), "sieve-bench-"));
const groups = Object.fromEntries(loadDefaultTaxonomy().domains.map((d) => [d.name, Object.keys(d.keywords)]));
buildTinyModel(dir, { id: "bench/tiny-embedder", task: "feature-extraction", groups, dim: 32 });
const texts = rows.slice(0, 512).map((r) => `${r.instruction}\n${r.response}`);
async function modelRate(batchSize: number): Promise<number> {
  const m = new ModelEmbedder("bench/tiny-embedder", { modelDir: dir, batchSize });
  await m.embed(texts.slice(0, 8));
  const t0 = performance.now();
  await m.embed(texts);
  return (texts.length / (performance.now() - t0)) * 1000;
}
const perRow = await modelRate(1);
const batched = await modelRate(32);
console.log(`tiny model, per-row calls (batch 1)       ${Math.round(perRow).toLocaleString("en-US").padStart(8)} texts/s`);
console.log(`tiny model, batched (32, length buckets)  ${Math.round(batched).toLocaleString("en-US").padStart(8)} texts/s  (${(batched / perRow).toFixed(1)}x)`);
await disposeLoadedModels();
rmSync(dir, { recursive: true, force: true });
