import { join } from "node:path";
import { buildFilterConfig, writeDecidedSplits, type FilterObserver, type FilterResult } from "./filter-dataset.js";
import { FilterDecider } from "./filter-decider.js";
import { checkRunConfig } from "./check-run-config.js";
import type { FilterOverrides } from "../filters/filter-overrides.js";
import type { ReportFiles } from "../report/build-report.js";
import type { RunningProjection } from "../report/project-in-worker.js";
import type { ReportStats } from "../report/report-stats.js";
import { scoreDataset, type ScoreOptions, type ScoreSummary } from "./score-dataset.js";

/** Options of `run`: where to write, in which format, plus every scoring and filter option. */
export interface RunOptions extends ScoreOptions, FilterOverrides {
  /** Output folder. */
  out: string;
  /** Format of the splits (default parquet). */
  format?: "parquet" | "jsonl" | "arrow";
  /** Filter config: a YAML/JSON file path or an object of the same shape, merged over the preset. */
  filterConfig?: string | Record<string, unknown>;
  /** The filter preset (data/presets/<name>.yaml): default, card or none (see FilterOptions.preset). */
  preset?: string;
  /**
   * Score, then work out and return the filter funnel without writing the splits, the filter
   * stats or the report (`sieve run --explain`).
   */
  explain?: boolean;
  /** Skip the report stage. */
  noReport?: boolean;
  /** Dataset card: licence id, language codes, dataset name. */
  license?: string;
  language?: string[];
  name?: string;
  /** Rows in the embedding-map sample (default 10,000). */
  sampleSize?: number;
}

/** What `run` produced. */
export interface RunResult {
  score: ScoreSummary;
  filter: FilterResult;
  report?: { files: ReportFiles; stats: ReportStats };
  /** With explain, filtered/rejected/filterStats name files that were not written. */
  files: { complete: string; rejects: string; summary: string; filtered: string; rejected: string; filterStats: string };
}

/**
 * Score a dataset into `complete.<ext>`, filter it into `filtered.<ext>` and
 * `rejected.<ext>` with `filter_stats.json`, then write the report (stats, plots,
 * interactive map, dataset card), all in one folder.
 *
 * The filter config is resolved and checked against the columns the run will write before
 * anything is scored: a setting no data could meet is a FilterConfigError and leaves no
 * output behind.
 */
export async function runPipeline(inputs: string | string[], options: RunOptions): Promise<RunResult> {
  const ext = options.format ?? "parquet";
  const complete = join(options.out, `complete.${ext}`);
  const config = await buildFilterConfig(options.filterConfig, options, options.preset);
  await checkRunConfig(inputs, options, config);
  // The scored split is read once after scoring, not three times: the filter's first pass and
  // the report's statistics of the complete split take each batch as scoring writes it; the
  // filter's second pass reads the scored split back to write the filtered and rejected ones
  // and feeds the report what it keeps and removes. The report's heavy modules (vega, resvg,
  // the map layout) load only after scoring.
  const collector = options.noReport || options.explain
    ? undefined
    : new (await import("../report/report-collector.js")).ReportCollector({ seed: options.seed, sampleSize: options.sampleSize });
  const decider = new FilterDecider(config);
  const score = await scoreDataset(inputs, complete, {
    ...options,
    onBatch: (batch, view) => {
      decider.decide(batch, view);
      collector?.add(batch, view);
    },
  });
  // The map sample is final now: its projection runs in a worker thread while this one
  // writes the splits (the points are the ones finishReport would compute itself).
  let projection: RunningProjection | undefined;
  if (collector) {
    const { projectInWorker, mapProjectionOptions } = await import("../report/project-in-worker.js");
    projection = projectInWorker(await collector.mapVectors(), mapProjectionOptions(collector.seed));
  }
  const observer: FilterObserver | undefined = collector && {
    kept: (batch, view, rows) => collector.addKept(batch, view, rows),
    removed: (view, rows, reasons) => collector.addRemoved(view, rows, reasons),
  };
  // The scored split is read back whole (--limit already applied), with the same id column.
  const { limit: _limit, ...readBack } = options;
  let filter: FilterResult;
  let report: RunResult["report"];
  try {
    filter = await writeDecidedSplits(complete, decider, { ...readBack, out: options.out, format: ext, observer, dryRun: options.explain });
    if (filter.scoredSchema) collector?.useSchema(filter.scoredSchema);
    report = collector
      ? await (await import("../report/build-report.js")).finishReport(collector, {
          out: options.out,
          filterStats: filter.files.stats,
          completeFile: complete,
          filteredFile: filter.files.filtered,
          license: options.license,
          language: options.language,
          name: options.name,
          rowsWithReplacedText: score.rows_with_replaced_text,
          projection: projection?.points,
        })
      : undefined;
  } finally {
    // After a failure the projection is not wanted, and its thread would keep the process alive.
    await projection?.stop();
  }
  return {
    score,
    filter,
    report,
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
