import { join } from "node:path";
import { scoreDataset, type ScoreOptions, type ScoreSummary } from "./score-dataset.js";

/** Options of `run`: where to write, in which format, plus every scoring option. */
export interface RunOptions extends ScoreOptions {
  /** Output folder. */
  out: string;
  /** Format of the splits (default parquet). */
  format?: "parquet" | "jsonl" | "arrow";
}

/** What `run` produced. */
export interface RunResult {
  score: ScoreSummary;
  files: { complete: string; rejects: string; summary: string };
}

/** Score (and, as later stages land, filter and report) a dataset into one folder. */
export async function runPipeline(inputs: string | string[], options: RunOptions): Promise<RunResult> {
  const ext = options.format ?? "parquet";
  const complete = join(options.out, `complete.${ext}`);
  const score = await scoreDataset(inputs, complete, options);
  return { score, files: { complete, rejects: score.rejects_file, summary: join(options.out, "complete.summary.json") } };
}
