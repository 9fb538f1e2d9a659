import { join } from "node:path";
import { buildFilterConfig, filterDataset, type FilterObserver, type FilterResult } from "./filter-dataset.js";
import { checkRunConfig } from "./check-run-config.js";
import type { FilterOverrides } from "../filters/filter-overrides.js";
import type { ReportFiles } from "../report/build-report.js";
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
  const score = await scoreDataset(inputs, complete, options);
  // The report is fed while the filter's second pass reads the scored split and writes the
  // filtered and rejected ones, instead of reading all three again afterwards. Its heavy
  // modules (vega, resvg, umap-js) load only after filtering.
  const collector = options.noReport || options.explain
    ? undefined
    : new (await import("../report/report-collector.js")).ReportCollector({ seed: options.seed, sampleSize: options.sampleSize });
  const observer: FilterObserver | undefined = collector && {
    scored: (batch, view) => collector.add(batch, view),
    kept: (batch, view, rows) => collector.addKept(batch, view, rows),
    removed: (view, rows, reasons) => collector.addRemoved(view, rows, reasons),
  };
  // The scored split is read back whole (--limit already applied), with the same id column.
  const { limit: _limit, ...readBack } = options;
  const filter = await filterDataset(complete, options.filterConfig, { ...readBack, out: options.out, format: ext, observer, dryRun: options.explain });
  const report = collector
    ? await (await import("../report/build-report.js")).finishReport(collector, {
        out: options.out,
        filterStats: filter.files.stats,
        completeFile: complete,
        filteredFile: filter.files.filtered,
        license: options.license,
        language: options.language,
        name: options.name,
        rowsWithReplacedText: score.rows_with_replaced_text,
      })
    : undefined;
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
