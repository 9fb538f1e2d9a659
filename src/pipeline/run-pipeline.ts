import { join } from "node:path";
import { filterDataset, type FilterResult } from "../filters/filter-dataset.js";
import type { FilterOverrides } from "../filters/filter-overrides.js";
import { scoreDataset, type ScoreOptions, type ScoreSummary } from "./score-dataset.js";

/** Options of `run`: where to write, in which format, plus every scoring and filter option. */
export interface RunOptions extends ScoreOptions, FilterOverrides {
  /** Output folder. */
  out: string;
  /** Format of the splits (default parquet). */
  format?: "parquet" | "jsonl" | "arrow";
  /** Filter config: a YAML/JSON file path or an object of the same shape (default: the card's). */
  filterConfig?: string | Record<string, unknown>;
}

/** What `run` produced. */
export interface RunResult {
  score: ScoreSummary;
  filter: FilterResult;
  files: { complete: string; rejects: string; summary: string; filtered: string; rejected: string; filterStats: string };
}

/**
 * Score a dataset into `complete.<ext>`, then filter it into `filtered.<ext>` and
 * `rejected.<ext>` with `filter_stats.json`, all in one folder.
 */
export async function runPipeline(inputs: string | string[], options: RunOptions): Promise<RunResult> {
  const ext = options.format ?? "parquet";
  const complete = join(options.out, `complete.${ext}`);
  const score = await scoreDataset(inputs, complete, options);
  // The scored split is read back whole (--limit already applied), with the same id column.
  const { limit: _limit, ...readBack } = options;
  const filter = await filterDataset(complete, options.filterConfig, { ...readBack, out: options.out, format: ext });
  return {
    score,
    filter,
    files: {
      complete,
      rejects: score.rejects_file,
      summary: join(options.out, "complete.summary.json"),
      filtered: filter.files.filtered,
      rejected: filter.files.rejected,
      filterStats: filter.files.stats,
    },
  };
}
