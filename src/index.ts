/**
 * sft-sieve: analyse and filter supervised fine-tuning datasets.
 *
 *   import sieve from "sft-sieve";
 *   await sieve.run("data.jsonl", { out: "out/" });
 *
 * The public API, in the order data flows: read (openDataset), score (SCORERS, createScorers,
 * runScorers, withScoreColumns, score), filter (FILTERS, rowFilter, filter), write
 * (createBatchWriter), report (report), and run, which does all of it. Everything else in
 * the package is internal and may change. docs/api.md describes each name.
 */
import { runPipeline, type RunOptions, type RunResult } from "./pipeline/run-pipeline.js";
import { scoreDataset, type ScoreOptions, type ScoreSummary } from "./pipeline/score-dataset.js";
import { filterDataset, type FilterOptions, type FilterResult } from "./pipeline/filter-dataset.js";
import { buildReport, type ReportFiles, type ReportOptions } from "./report/build-report.js";
import type { ReportStats } from "./report/report-stats.js";

// Reading and writing
export { openDataset } from "./io/dataset-reader.js";
export type { Dataset, ReadOptions, RejectedRecord, SieveBatch } from "./io/dataset-reader.js";
export { createBatchWriter } from "./io/batch-writer.js";
export type { BatchWriter, WriteOptions } from "./io/batch-writer.js";
export type { Layout, LayoutOverrides } from "./io/layout.js";

// Scoring: the registry, and the three calls that score batches of your own
export { SCORERS } from "./metrics/scorer-registry.js";
export type { ScorerConfig } from "./metrics/scorer-registry.js";
export type { ScorerEntry, ScorerOption, ScorerContext, ScoreColumnDoc } from "./core/scorer-entry.js";
export { createScorers } from "./pipeline/create-scorers.js";
export { runScorers } from "./pipeline/run-scorers.js";
export { withScoreColumns } from "./pipeline/score-columns-to-arrow.js";
export type { Scorer } from "./core/scorer.js";
export type { ScoreColumn } from "./core/score-column.js";
export type { TextView } from "./core/text-view.js";
export type { ModelOptions } from "./models/model-source.js";
export { readabilityOf, READABILITY_METRICS } from "./metrics/readability/readability.js";
export type { ReadabilityMetric, ReadabilityScores } from "./metrics/readability/readability.js";
export { findPii, PII_TYPES } from "./metrics/pii/pii-detector.js";
export type { PiiMatch, PiiType } from "./metrics/pii/pii-detector.js";
export { redactPii } from "./metrics/pii/redact-pii.js";

// Filtering: the registry, user filters, config
export { FILTERS } from "./filters/filter-registry.js";
export type { FilterEntry, FilterFlag, FilterBuildContext } from "./core/filter-entry.js";
export { rowFilter, type LambdaRow } from "./filters/lambda-filter.js";
export type { RowFilter, BoundFilter, FilterBatch } from "./core/row-filter.js";
export { resolveFilterConfig, defaultFilterConfigYaml } from "./filters/filter-config.js";
export type { FilterConfig, FilterStep, BalanceConfig, DedupConfig, NearDedupConfig, QualityConfig } from "./filters/filter-config.js";
export type { FilterOverrides } from "./filters/filter-overrides.js";
export type { FilterStats, FilterStepStats, BalanceStats } from "./filters/filter-stats.js";

// Errors a caller may want to tell apart
export { FilterConfigError } from "./filters/filter-config-error.js";
export { ScorerSpecError } from "./core/scorer-spec-error.js";
export { TooManyRejectsError } from "./pipeline/score-dataset.js";
export { ModelNotFoundError } from "./models/model-source.js";
export { MissingPackageError } from "./models/transformers-package.js";

export type { RunOptions, RunResult, ScoreOptions, ScoreSummary, FilterOptions, FilterResult, ReportOptions, ReportFiles, ReportStats };

/** Score, filter and report a dataset into `options.out` (the CLI's `sieve run`). */
export function run(inputs: string | string[], options: RunOptions): Promise<RunResult> {
  return runPipeline(inputs, options);
}

/** Score a dataset into one output file (the CLI's `sieve score`). */
export function score(inputs: string | string[], output: string, options: ScoreOptions = {}): Promise<ScoreSummary> {
  return scoreDataset(inputs, output, options);
}

/** Filter a scored dataset into `options.out` (the CLI's `sieve filter`). */
export function filter(scored: string | string[], config: string | Record<string, unknown> | undefined, options: FilterOptions): Promise<FilterResult> {
  return filterDataset(scored, config, options);
}

/** Write the report (statistics, charts, map, dataset card) of scored and filtered splits (the CLI's `sieve report`). */
export function report(options: ReportOptions): Promise<{ files: ReportFiles; stats: ReportStats }> {
  return buildReport(options);
}

const sieve = { run, score, filter, report };
export default sieve;
