/**
 * `sieve run` against `sieve score` and the ingest floor, side by side, on Dolly repeated to
 * `--rows` rows (default 1,000,000), for one or more builds:
 *
 *   npm run build && npx vite-node bench/run-vs-score.ts [--rows N] [--workers N] [--dist DIR ...]
 *
 * Each `--dist` names a compiled build (a folder with cli/main.js, and package.json and data/
 * beside it, as `npx tsc --outDir <dir>` inside a copy of the repo gives); default: dist/. A
 * build starts as `npx sieve` starts it, through its copy's bin/sieve.js where it has one
 * (bench/sieve-command.ts). The builds' runs alternate (score A, score B, run A, run B), so
 * load on the shared machine hits them alike. Prints rows/s (wall clock, start-up
 * included), peak RSS, and `run` as a share of `score`, the number the in-process engine is
 * held to (goal: at least 70%, peak RSS at most 500 MB).
 */
import { existsSync, statSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runMeasured } from "./peak-rss.js";
import { sieveCommand } from "./sieve-command.js";
import { dollyRepeated } from "./dolly-repeated.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    rows: { type: "string", default: "1000000" },
    workers: { type: "string", default: String(availableParallelism()) },
    dist: { type: "string", multiple: true },
    "work-dir": { type: "string", default: "/tmp/sieve-bench" },
  },
});
const rows = Number(args.rows);
const workers = Number(args.workers);
const work = args["work-dir"]!;
await mkdir(work, { recursive: true });
const builds = (args.dist?.length ? args.dist : [join(REPO, "dist")]).map((d) => resolve(d));
for (const b of builds) if (!existsSync(join(b, "cli", "main.js"))) throw new Error(`${b}/cli/main.js is missing: build it first.`);
const input = await dollyRepeated(work, rows);
const mb = statSync(input).size / 1e6;

interface Measure {
  label: string;
  seconds: number;
  peakMiB: number;
}

async function measure(label: string, build: string, argv: string[]): Promise<Measure> {
  const { command, args: commandArgs } = sieveCommand(build, [...argv, "--quiet"]);
  const r = await runMeasured(command, commandArgs);
  if (r.code !== 0) throw new Error(`${label} failed (exit ${r.code}):\n${r.stderr}`);
  const m: Measure = { label, seconds: r.wallSeconds, peakMiB: r.peakRssBytes / 2 ** 20 };
  console.log(`${label.padEnd(60)} ${Math.round(rows / m.seconds).toLocaleString("en-US").padStart(8)} rows/s  ${m.peakMiB.toFixed(0).padStart(5)} MiB`);
  return m;
}

console.log(`Dolly × ${rows.toLocaleString("en-US")} rows (${mb.toFixed(0)} MB), ${workers} workers, load ${loadavg()[0]!.toFixed(2)} at start`);
const out = join(work, "run-vs-score");
const floor = await measure("ingest floor (lengths only), first build", builds[0]!, [
  "score", input, "-o", join(out, "floor.parquet"), "--no-readability", "--toxicity=off", "--embedder=off", "--domain=off",
  "--repetition=off", "--code-fraction=off", "--pii=off", "--refusal=off", "--relevance=off", "--workers=0",
]);
const score = new Map<string, Measure>();
const run = new Map<string, Measure>();
for (const b of builds) score.set(b, await measure(`score, ${workers} workers: ${b}`, b, ["score", input, "-o", join(out, "scored.parquet"), `--workers=${workers}`]));
for (const b of builds) run.set(b, await measure(`run (score + filter + report), ${workers} workers: ${b}`, b, ["run", input, "--out", join(out, "run"), `--workers=${workers}`]));
await rm(out, { recursive: true, force: true });

console.log("\n| build | ingest floor rows/s | score rows/s | run rows/s | run ÷ score | run peak RSS |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const b of builds) {
  const s = score.get(b)!;
  const r = run.get(b)!;
  console.log(`| ${b} | ${Math.round(rows / floor.seconds).toLocaleString("en-US")} | ${Math.round(rows / s.seconds).toLocaleString("en-US")} | ${Math.round(rows / r.seconds).toLocaleString("en-US")} | ${((s.seconds / r.seconds) * 100).toFixed(0)}% | ${r.peakMiB.toFixed(0)} MiB |`);
}
