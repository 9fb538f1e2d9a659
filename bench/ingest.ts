/**
 * The ingest floor: JSONL in → Arrow record batches → Parquet / Arrow / JSONL out, with no
 * scoring (openDataset + createBatchWriter only). Everything later stages do costs on top
 * of this.
 *
 *   npx vite-node bench/ingest.ts -- --rows 1000000                 # generates /tmp/sieve-corpus-1000000-s42.jsonl once
 *   npx vite-node bench/ingest.ts -- --input data.jsonl --format all
 *
 * Each format runs in a fresh child `node` on the dist/ build (run `npm run build` first),
 * so the peak RSS it reports (VmHWM from /proc) is the ingest's own, without vite-node or
 * the generator in the same process.
 */
import { existsSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";
import { benchArgs } from "./bench-args.js";
import { runMeasured } from "./peak-rss.js";
import { writeCorpus } from "./synthetic-corpus.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(REPO, "dist");

const args = benchArgs({
  rows: { type: "string", default: "1000000" },
  input: { type: "string" },
  format: { type: "string", default: "parquet" },
  "batch-size": { type: "string", default: "2048" },
  seed: { type: "string", default: "42" },
  "work-dir": { type: "string", default: "/tmp" },
});

const formats = args.format === "all" ? ["parquet", "arrow", "jsonl"] : args.format.split(",");
for (const f of formats) {
  if (!["parquet", "arrow", "jsonl"].includes(f)) throw new Error(`--format ${f}: use parquet, arrow, jsonl or all`);
}

if (!existsSync(join(DIST, "io", "dataset-reader.js"))) throw new Error(`${DIST} is missing: run \`npm run build\` first.`);

let input = args.input;
if (!input) {
  const rows = Number(args.rows);
  input = join(args["work-dir"], `sieve-corpus-${rows}-s${args.seed}.jsonl`);
  if (!existsSync(input)) {
    process.stderr.write(`generating ${input} (${rows.toLocaleString("en-US")} rows)…\n`);
    await writeCorpus(input, { rows, seed: Number(args.seed), multiTurnShare: 0.15 });
  }
}
const inputBytes = statSync(input).size;

// The child: opens the dataset, writes every batch, reports rows, seconds (from after
// start-up) and its own VmHWM read just before it exits.
const CHILD = `
const [input, output, batchSize, dist] = process.argv.slice(1);
const { openDataset } = await import(dist + "io/dataset-reader.js");
const { createBatchWriter } = await import(dist + "io/batch-writer.js");
const { readFileSync } = await import("node:fs");
const t0 = performance.now();
const ds = await openDataset(input, { batchSize: Number(batchSize) });
const w = await createBatchWriter(output, ds.schema);
let rows = 0, rejected = 0;
for await (const sb of ds.batches()) {
  rejected += sb.rejects.length;
  await w.write(sb.batch);
  rows += sb.batch.numRows;
}
await w.close();
const seconds = (performance.now() - t0) / 1000;
const hwm = Number(/^VmHWM:\\s+(\\d+)/m.exec(readFileSync("/proc/self/status", "utf8"))[1]) * 1024;
process.stdout.write(JSON.stringify({ rows, rejected, seconds, hwm }) + "\\n");
`;

console.log(`input ${input}: ${(inputBytes / 1e6).toFixed(1)} MB, batch size ${args["batch-size"]}, node ${process.version}`);
console.log("format   rows        rejected  seconds  rows/s     MB/s (in)  MB out   peak RSS");
for (const format of formats) {
  const output = join(args["work-dir"], `sieve-ingest-out.${format}`);
  const run = await runMeasured(process.execPath, [
    "--input-type=module",
    "-e",
    CHILD,
    input,
    output,
    args["batch-size"],
    pathToFileURL(DIST).href + "/",
  ]);
  if (run.code !== 0) {
    process.stderr.write(run.stderr);
    throw new Error(`ingest to ${format} failed (exit ${run.code})`);
  }
  const r = JSON.parse(run.stdout.trim().split("\n").pop()!) as { rows: number; rejected: number; seconds: number; hwm: number };
  const outBytes = statSync(output).size;
  const peak = Math.max(r.hwm, run.peakRssBytes);
  console.log(
    [
      format.padEnd(8),
      String(r.rows).padEnd(11),
      String(r.rejected).padEnd(9),
      r.seconds.toFixed(1).padStart(7),
      Math.round(r.rows / r.seconds).toLocaleString("en-US").padStart(10),
      (inputBytes / 1e6 / r.seconds).toFixed(1).padStart(10),
      (outBytes / 1e6).toFixed(1).padStart(7),
      `${(peak / 2 ** 20).toFixed(0)} MiB`.padStart(10),
    ].join("  "),
  );
  await rm(output, { force: true });
}
