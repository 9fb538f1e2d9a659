/**
 * Speed of the embedded scorers, single thread, on rows read the way `sieve run` reads them:
 *
 *   npm run build && npx vite-node bench/scorers.ts [--input FILE] [--reps N] [--only name,name]
 *                                                   [--dist DIR | --source] [--language-id on]
 *
 * It times the compiled package in dist/ (what the `sieve` CLI runs), or another build of it
 * (--dist DIR, to compare two builds side by side); --source times
 * src/ as vite-node serves it, which is much slower (see below).
 *
 * Default input: ../shared/data/dolly-15k (every row once). Each scorer the registry builds by
 * default (lengths, readability, toxicity, embedding, domain, repetition, code_fraction, pii,
 * refusal, relevance; `--language-id on` adds language, off by default) is timed alone, then
 * all of them together as the pipeline runs them (runScorers on each batch). Reading is not timed: the batches are read
 * first. Each figure is the best of `--reps` passes (default 3) after a warm-up pass, which
 * also fills the per-process caches (hyphenation, stems) as a long run would.
 *
 * Two rates are printed: rows per wall-clock second, and rows per CPU second of this process
 * (user + system). On a machine shared with other jobs the second is the steadier one.
 */
import { loadavg } from "node:os";
import type * as DatasetReader from "../src/io/dataset-reader.js";
import type * as CreateScorers from "../src/pipeline/create-scorers.js";
import type * as RunScorers from "../src/pipeline/run-scorers.js";
import type { ScoreColumn } from "../src/core/score-column.js";
import type { Scorer } from "../src/core/scorer.js";
import type { TextView } from "../src/core/text-view.js";
import { sharedPath } from "../test/shared-data.js";
import { benchArgs } from "./bench-args.js";
import { compiledModule } from "./compiled-module.js";

const args = benchArgs({
  input: { type: "string" },
  reps: { type: "string" },
  only: { type: "string" },
  source: { type: "boolean" },
  dist: { type: "string" },
  "language-id": { type: "string" },
});

const load = <T>(path: string): Promise<T> => compiledModule<T>(path, { dist: args.dist, source: args.source });
const { openDataset } = await load<typeof DatasetReader>("io/dataset-reader.js");
const { createScorers } = await load<typeof CreateScorers>("pipeline/create-scorers.js");
const { orderScorers, runScorers } = await load<typeof RunScorers>("pipeline/run-scorers.js");
const input = args.input ?? sharedPath("data/dolly-15k/databricks-dolly-15k.jsonl");
const reps = Math.max(1, Number(args.reps ?? 3));

const views: TextView[] = [];
const dataset = await openDataset(input);
for await (const batch of dataset.batches()) views.push(batch.view);
const rows = views.reduce((n, v) => n + v.length, 0);
let chars = 0;
for (const v of views) for (let i = 0; i < v.length; i++) chars += v.instruction[i]!.length + v.response[i]!.length;

const scorers = orderScorers(await createScorers(args["language-id"] ? { languageId: args["language-id"] as "on" | "off" } : {}));
const selected = args.only ? scorers.filter((s) => args.only!.split(",").includes(s.name)) : scorers;

interface Timing {
  wallMs: number;
  cpuMs: number;
}

/** Best wall time and best CPU time of `reps` passes over every batch, after one warm-up pass. */
async function time(pass: () => Promise<void>): Promise<Timing> {
  await pass();
  let wallMs = Infinity;
  let cpuMs = Infinity;
  for (let r = 0; r < reps; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await pass();
    wallMs = Math.min(wallMs, performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    cpuMs = Math.min(cpuMs, (cpu.user + cpu.system) / 1000);
  }
  return { wallMs, cpuMs };
}

/** Columns a scorer needs from earlier scorers, computed once per batch outside the timing. */
async function prerequisites(scorer: Scorer): Promise<Map<string, ScoreColumn>[]> {
  const needed = new Set(scorer.needs ?? []);
  const before = scorers.slice(0, scorers.indexOf(scorer)).filter((s) => s.columns.some((c) => needed.has(c)));
  return Promise.all(views.map(async (v) => new Map((await runScorers(before, v)).map((c) => [c.name, c]))));
}

const results: Array<{ label: string } & Timing> = [];
for (const scorer of selected) {
  const computed = await prerequisites(scorer);
  const timing = await time(async () => {
    for (let b = 0; b < views.length; b++) await scorer.score(views[b]!, computed[b]!);
  });
  results.push({ label: scorer.name, ...timing });
}
const all = await time(async () => {
  for (const v of views) await runScorers(scorers, v);
});
results.push({ label: `all (${scorers.map((s) => s.name).join(" + ")})`, ...all });

const rate = (ms: number): string => Math.round((rows / ms) * 1000).toLocaleString("en-US");
console.log(`input: ${input} (scorers from ${args.source ? "src/ via vite-node" : (args.dist ?? "dist/")})`);
console.log(`rows: ${rows}, ${(chars / rows).toFixed(0)} UTF-16 units of instruction + response per row; ${views.length} batches`);
console.log(`single thread, best of ${reps} after a warm-up; load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log("| scorer | ms | rows/s | rows per CPU-s |");
console.log("|---|---:|---:|---:|");
for (const r of results) console.log(`| ${r.label} | ${r.wallMs.toFixed(0)} | ${rate(r.wallMs)} | ${rate(r.cpuMs)} |`);
for (const s of scorers) await s.close?.();
