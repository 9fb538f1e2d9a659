import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expandInputs } from "../../io/dataset-reader.js";
import { planShards, type InputShard } from "../../io/shard-plan.js";
import type { ReadOptions } from "../../io/dataset-reader.js";
import { checkRunConfig } from "../check-run-config.js";
import { buildRawFilterConfig, readOptionsOf } from "../filter-dataset.js";
import type { RunOptions } from "../run-pipeline.js";
import { validateFilterConfig } from "../../filters/filter-config.js";
import { partitionableDedup } from "./decide-keys.js";
import type { StageJob, StageName } from "./stage-job.js";

/**
 * What every job of a staged run reads: the inputs, the settings (plain data), the resolved
 * filter config and the shards. Written once by the plan step to `<out>/_sieve/plan.json`;
 * a job on any machine that sees `<out>` works from it alone.
 */
export interface RunPlan {
  /** The run's id: a hash of the inputs (names and sizes), the settings and the shards. */
  run: string;
  /** The output folder, as the plan step was given it. */
  out: string;
  inputs: string[];
  /** The run's settings as plain data (RunOptions without functions and objects that cannot travel). */
  options: StagedRunOptions;
  /** The filter config (YAML shape) after preset, file and flags were merged. */
  filterConfig: Record<string, unknown>;
  /** Format of the splits. */
  ext: "parquet" | "jsonl" | "arrow";
  shards: InputShard[];
  /**
   * How the decide stage sees the rows: from the keys each score job gathers (its filters'
   * codes, balance groups and ranks, dedup keys routed to `dedupPartitions` partitions), or,
   * when a filter compares whole rows (embedding near dedup), by reading every scored part.
   */
  decideFromKeys: boolean;
  /**
   * Dedup partition jobs when the config dedups from keys (else 0): ⌈√shards⌉. Each partition
   * job reads one range of every shard's key file, so the reads grow as partitions × shards;
   * √shards partitions keep that at shards^1.5 while each job holds 1/√shards of the keys.
   */
  dedupPartitions: number;
}

/** RunOptions as a staged run stores them: everything but custom scorers and progress counters. */
export type StagedRunOptions = Omit<RunOptions, "scorers" | "progress" | "filterConfig">;

/** Bookkeeping folder of a staged run inside its output folder. */
export const BOOKKEEPING = "_sieve";

/** Paths of a staged run's files. */
export function runPaths(out: string) {
  const book = join(out, BOOKKEEPING);
  return {
    plan: join(book, "plan.json"),
    done: join(book, "done"),
    logs: join(book, "logs"),
    scoreRejects: (shard: number) => join(book, "score", `rejects-${pad(shard)}.jsonl`),
    scoreSummary: (shard: number) => join(book, "score", `summary-${pad(shard)}.json`),
    decisions: (shard: number) => join(book, "decide", `shard-${pad(shard)}.json`),
    decided: join(book, "decide", "decided.json"),
    // The report's per-shard aggregates (see report-aggregates.ts).
    reportScore: (shard: number) => join(book, "report", `score-${pad(shard)}.json`),
    reportValues: (shard: number) => join(book, "report", `score-${pad(shard)}.values.json`),
    reportSample: (shard: number) => join(book, "report", `score-${pad(shard)}.sample.jsonl`),
    reportWrite: (shard: number) => join(book, "report", `write-${pad(shard)}.json`),
    shardRows: (shard: number) => join(book, "keys", `rows-${pad(shard)}.bin`),
    shardKeyFile: (shard: number) => join(book, "keys", `keys-${pad(shard)}.json`),
    shardKeys: (shard: number) => join(book, "keys", `summary-${pad(shard)}.json`),
    partitionGroups: (partition: number) => join(book, "dedup", `partition-${pad(partition)}.json`),
  };
}

/** The split files of a run: one file per split for a one-shard run, else a folder of part files (the layout Hugging Face datasets reads). */
export function splitPaths(plan: Pick<RunPlan, "out" | "ext" | "shards">) {
  const one = plan.shards.length <= 1;
  const part = (split: string) => (shard: number) => (one ? join(plan.out, `${split}.${plan.ext}`) : join(plan.out, split, `part-${pad(shard)}.${plan.ext}`));
  const pattern = (split: string) => (one ? join(plan.out, `${split}.${plan.ext}`) : join(plan.out, split, `part-*.${plan.ext}`));
  return {
    complete: part("complete"),
    filtered: part("filtered"),
    rejected: part("rejected"),
    pattern,
    rejects: join(plan.out, "complete.rejects.jsonl"),
    summary: join(plan.out, "complete.summary.json"),
    filterStats: join(plan.out, "filter_stats.json"),
  };
}

const pad = (n: number) => String(n).padStart(5, "0");

/** How the decide, write and report jobs read the scored parts back: the run's layout and id settings, never a limit. */
export function scoredReadOptions(plan: Pick<RunPlan, "options">): ReadOptions {
  return { ...readOptionsOf(plan.options), limit: undefined };
}

/**
 * Plan a staged run: expand the inputs, cut them into shards (by size, `shardBytes`), resolve
 * the filter config, and write `<out>/_sieve/plan.json`. When the folder already holds the
 * plan of the same run (same inputs, settings and shards), it is kept: running the same
 * command again resumes. A different plan there is an error (another run's folder).
 */
export async function planRun(inputs: string | string[], options: RunOptions & { shardBytes?: number }): Promise<RunPlan> {
  if (options.scorers) throw new Error("a staged run (--stage, --queue, --shard-size) takes scorers by name, not custom scorer objects: use runPipeline for those.");
  if (options.limit !== undefined) throw new Error("--limit is not available in a staged run (every shard is read whole); run without --limit, or use a plain `sieve run`.");
  const files = await expandInputs(inputs);
  const { scorers: _s, progress: _p, filterConfig, ...rest } = options as RunOptions & { progress?: unknown };
  const settings = JSON.parse(JSON.stringify(rest)) as StagedRunOptions;
  const filterRaw = await buildRawFilterConfig(filterConfig, options, options.preset);
  const shards = await planShards(files, { shardBytes: options.shardBytes });
  const ext = options.format ?? "parquet";
  // The settings that change no output byte (where the output goes, progress display, threads) are not part of the run's identity.
  const identity = JSON.stringify({
    files,
    sizes: shards.map((s) => [s.file, s.kind, s.start, s.end, s.bytes]),
    settings: { ...settings, out: undefined, quiet: undefined, workers: undefined },
    filterRaw,
    ext,
  });
  const run = createHash("sha256").update(identity).digest("hex").slice(0, 16);
  const validated = validateFilterConfig(filterRaw);
  const dedup = partitionableDedup(validated);
  const dedupPartitions = dedup && (dedup.exact || dedup.near) ? Math.ceil(Math.sqrt(Math.max(1, shards.length))) : 0;
  const plan: RunPlan = { run, out: options.out, inputs: files, options: settings, filterConfig: filterRaw, ext, shards, decideFromKeys: dedup !== null, dedupPartitions };
  const paths = runPaths(options.out);
  if (existsSync(paths.plan)) {
    const existing = await loadRunPlan(options.out);
    if (existing.run !== run) {
      throw new Error(`${options.out} holds another run (${existing.run}; this one is ${run}): choose another --out, or empty the folder.`);
    }
    return existing;
  }
  // The same usage errors as a plain `sieve run`, before any job: a filter on a column no scorer writes.
  await checkRunConfig(files, options, validated);
  await mkdir(join(options.out, BOOKKEEPING), { recursive: true });
  const temp = `${paths.plan}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(plan, null, 2)}\n`);
  await rename(temp, paths.plan);
  return plan;
}

/** The plan of the staged run in `out`. */
export async function loadRunPlan(out: string): Promise<RunPlan> {
  const path = runPaths(out).plan;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new Error(`${out}: no staged run here (${path} is missing); plan it first with \`sieve run … --out ${out} --stage plan\`.`);
  }
  const plan = JSON.parse(text) as RunPlan;
  // The folder may be mounted elsewhere on this machine: its path here is what counts.
  return { ...plan, out };
}

/** The jobs of a stage: one per shard for score and write, one per partition for dedup, one for decide and report. */
export function jobsOf(plan: Pick<RunPlan, "shards" | "dedupPartitions">, stage: StageName): StageJob[] {
  const perShard = stage === "score" || stage === "write";
  const n = stage === "dedup" ? (plan.dedupPartitions ?? 0) : perShard ? Math.max(1, plan.shards.length) : 1;
  return Array.from({ length: n }, (_, shard) => ({ stage, shard }));
}
