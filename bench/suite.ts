/**
 * The benchmark suite (`npm run bench`): side by side, on a synthetic corpus and on Dolly
 * repeated to the same size, rows/s, MB/s and peak RSS of
 *   1. the ingest floor (read JSONL → Arrow → write Parquet; only the trivial length columns),
 *   2. each embedded scorer alone (readability suite, toxicity, hashed embedding, domain),
 *   3. the full embedded scoring, 1 worker and all workers, and the full `sieve run`
 *      (score + filter + report) with all workers,
 *   4. the naive baseline: text-readability fleschReadingEase + textStandard per row
 *      (on the first --naive-rows rows only: at ~300 rows/s it would take hours on 1M).
 * Prints the ratios and writes them, with the machine description, to bench/RESULTS.md.
 *
 *   npm run bench -- [--rows 1000000] [--input file.jsonl] [--workers N] [--only synthetic|dolly]
 *
 * Every stage runs the real CLI (bin/sieve.js on dist/, as `npx sieve` does: `npm run build`
 * first) in a fresh child process; peak RSS is the child's VmHWM from /proc.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { benchArgs } from "./bench-args.js";
import { dollyRepeated } from "./dolly-repeated.js";
import { runMeasured } from "./peak-rss.js";
import { sieveCommand } from "./sieve-command.js";
import { writeCorpus } from "./synthetic-corpus.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(REPO, "dist");
const CLI = join(DIST, "cli", "main.js");
const args = benchArgs({
  rows: { type: "string", default: "1000000" },
  input: { type: "string" },
  workers: { type: "string", default: String(availableParallelism()) },
  only: { type: "string" },
  "naive-rows": { type: "string", default: "3000" },
  "work-dir": { type: "string", default: "/tmp/sieve-bench" },
  results: { type: "string", default: join(REPO, "bench", "RESULTS.md") },
});
const rows = Number(args.rows);
const workers = Number(args.workers);
const work = args["work-dir"];
await mkdir(work, { recursive: true });
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);

interface Measure {
  stage: string;
  rows: number;
  seconds: number;
  mbIn: number;
  peakMiB: number;
}

/** Dolly's lines cycled until `n` rows: same texts, Dolly's real length spread. */
async function synthetic(n: number): Promise<string> {
  const path = join(work, `synthetic-${n}.jsonl`);
  if (!existsSync(path)) await writeCorpus(path, { rows: n, seed: 42, multiTurnShare: 0.15 });
  return path;
}

const OFF = { readability: "--no-readability", toxicity: "--toxicity=off", embedding: "--embedder=off", domain: "--domain=off" };
/** The other default scorers, off in every "alone" stage and in the ingest floor. */
const OTHERS_OFF = ["--repetition=off", "--code-fraction=off", "--pii=off", "--refusal=off", "--relevance=off"];
const allOffBut = (keep?: keyof typeof OFF) => [...Object.entries(OFF).filter(([k]) => k !== keep).map(([, v]) => v), ...OTHERS_OFF];

async function cli(stage: string, input: string, argv: string[]): Promise<Measure> {
  const { command, args: commandArgs } = sieveCommand(DIST, [...argv, "--quiet"]);
  const run = await runMeasured(command, commandArgs);
  if (run.code !== 0) throw new Error(`${stage} failed (exit ${run.code}):\n${run.stderr}`);
  const m = /rows read (\d+)/.exec(run.stdout);
  const n = m ? Number(m[1]) : rows;
  const sec = /([\d.]+) s, [\d,]+ rows\/s/.exec(run.stdout);
  // `score` prints its own time (start-up excluded); `run` is timed from outside.
  const seconds = argv[0] === "score" && sec ? Number(sec[1]) : run.wallSeconds;
  return { stage, rows: n, seconds, mbIn: statSync(input).size / 1e6, peakMiB: run.peakRssBytes / 2 ** 20 };
}

/** text-readability's two calls per row, in this process, on the first `n` rows' responses. */
async function naive(input: string, n: number): Promise<Measure> {
  const tr = (await import("text-readability")).default as { fleschReadingEase(t: string): number; textStandard(t: string, f?: boolean): unknown };
  const texts: string[] = [];
  let bytes = 0;
  for await (const line of createInterface({ input: createReadStream(input) })) {
    if (texts.length >= n) break;
    const row = JSON.parse(line) as Record<string, unknown>;
    const msgs = (row.conversation as { messages?: Array<{ role: string; content: string }> } | undefined)?.messages;
    texts.push(String(row.response ?? msgs?.filter((m) => m.role === "assistant").map((m) => m.content).join("\n\n") ?? ""));
    bytes += Buffer.byteLength(line) + 1;
  }
  const t0 = performance.now();
  for (const t of texts) {
    tr.fleschReadingEase(t);
    tr.textStandard(t, true);
  }
  return { stage: `naive text-readability (first ${n} rows)`, rows: texts.length, seconds: (performance.now() - t0) / 1000, mbIn: bytes / 1e6, peakMiB: NaN };
}

async function suite(name: string, input: string): Promise<Measure[]> {
  const out = join(work, "out");
  const score = (tag: string, extra: string[]) => cli(tag, input, ["score", input, "-o", join(out, "scored.parquet"), ...extra]);
  const results: Measure[] = [];
  const step = async (p: Promise<Measure>) => {
    const m = await p;
    results.push(m);
    console.log(`  ${name.padEnd(10)} ${m.stage.padEnd(44)} ${fmt(m.rows / m.seconds).padStart(9)} rows/s  ${(m.mbIn / m.seconds).toFixed(1).padStart(6)} MB/s  ${Number.isNaN(m.peakMiB) ? "     -" : m.peakMiB.toFixed(0).padStart(6)} MiB`);
  };
  await step(score("ingest floor (lengths only)", [...allOffBut(), "--workers=0"]));
  for (const k of Object.keys(OFF) as Array<keyof typeof OFF>) await step(score(`${k} alone (main thread)`, [...allOffBut(k), "--workers=0"]));
  await step(score("full embedded scoring, 1 worker", ["--workers=1"]));
  await step(score(`full embedded scoring, ${workers} workers`, [`--workers=${workers}`]));
  await step(cli(`full sieve run (score+filter+report), ${workers} workers`, input, ["run", input, "--out", out, `--workers=${workers}`]));
  await step(naive(input, Number(args["naive-rows"])));
  await rm(out, { recursive: true, force: true });
  return results;
}

const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
const rate = (ms: Measure[], stage: RegExp) => {
  const m = ms.find((x) => stage.test(x.stage));
  return m ? m.rows / m.seconds : NaN;
};

const load0 = loadavg()[0]!;
console.log(`sieve bench: ${rows.toLocaleString("en-US")} rows, ${workers} workers, ${cpus().length} cores, load ${load0.toFixed(2)}`);
const corpora: Array<[string, string]> = [];
if (args.input) corpora.push(["input", args.input]);
else {
  if (!args.only || args.only === "synthetic") corpora.push(["synthetic", await synthetic(rows)]);
  if (!args.only || args.only === "dolly") corpora.push(["dolly", await dollyRepeated(work, rows)]);
}
const all = new Map<string, Measure[]>();
for (const [name, input] of corpora) all.set(name, await suite(name, input));

let md = `## Benchmark suite\n\nWritten by \`npm run bench -- --rows ${rows}${args.input ? ` --input ${args.input}` : ""} --workers ${workers}\`.\n\n`;
md += `Machine: ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${load0.toFixed(2)} at start.\n\n`;
for (const [name, ms] of all) {
  md += `### ${name} (${fmt(ms[0]!.rows)} rows, ${ms[0]!.mbIn.toFixed(0)} MB)\n\n| stage | rows/s | MB/s | peak RSS |\n|---|---:|---:|---:|\n`;
  for (const m of ms) md += `| ${m.stage} | ${fmt(m.rows / m.seconds)} | ${(m.mbIn / m.seconds).toFixed(1)} | ${Number.isNaN(m.peakMiB) ? "–" : `${m.peakMiB.toFixed(0)} MiB`} |\n`;
  const floor = rate(ms, /^ingest/);
  const one = rate(ms, /scoring, 1 worker/);
  const many = rate(ms, new RegExp(`scoring, ${workers} workers`));
  const naiveRate = rate(ms, /^naive/);
  md += `\nRatios: full scoring (${workers} workers) = ${((many / floor) * 100).toFixed(0)}% of the ingest floor; `;
  md += `${workers} workers / 1 worker = ${(many / one).toFixed(2)}×; full scoring / naive text-readability = ${(many / naiveRate).toFixed(0)}×.\n\n`;
  console.log(md.split("\n").slice(-2).join("\n"));
}
await writeFile(args.results, replaceSection(await readFile(args.results, "utf8").catch(() => "# Benchmark results\n\n"), md));
console.log(`wrote ${args.results}`);

/**
 * The results file with its "## Benchmark suite" section replaced by `section` (appended when
 * absent): the other sections hold figures of other benches and stay as they are.
 */
function replaceSection(file: string, section: string): string {
  const start = file.indexOf("## Benchmark suite\n");
  if (start < 0) return `${file.trimEnd()}\n\n${section.trimEnd()}\n`;
  const next = file.indexOf("\n## ", start + 1);
  const rest = next < 0 ? "" : file.slice(next + 1);
  return `${file.slice(0, start)}${section.trimEnd()}\n\n${rest}`;
}
