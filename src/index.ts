/**
 * sft-sieve: analyse and filter supervised fine-tuning datasets.
 *
 *   import sieve from "sft-sieve";
 *   await sieve.run("data.jsonl", { out: "out/" });
 */
import { runPipeline, type RunOptions, type RunResult } from "./pipeline/run-pipeline.js";
import { scoreDataset, type ScoreOptions, type ScoreSummary } from "./pipeline/score-dataset.js";
import { filterDataset, type FilterOptions, type FilterResult } from "./pipeline/filter-dataset.js";

export { openDataset, expandInputs } from "./io/dataset-reader.js";
export type { Dataset, ReadOptions, RejectedRecord, SieveBatch } from "./io/dataset-reader.js";
export { createBatchWriter, outputFormat } from "./io/batch-writer.js";
export type { BatchWriter } from "./io/batch-writer.js";
export { detectLayout, normaliseRole } from "./io/layout.js";
export type { Layout, LayoutOverrides, CanonicalRow, Turn } from "./io/layout.js";
export { utf8Vector } from "./io/utf8-vector.js";
export { scoreDataset, TooManyRejectsError, sidecarPaths } from "./pipeline/score-dataset.js";
export type { ScoreOptions, ScoreSummary } from "./pipeline/score-dataset.js";
export { runPipeline } from "./pipeline/run-pipeline.js";
export { limitHeapGrowth, STREAMING_HEAP_GROWING_PERCENT } from "./pipeline/heap-growth.js";
export type { RunOptions, RunResult } from "./pipeline/run-pipeline.js";
export { createScorers } from "./pipeline/create-scorers.js";
export { runScorers, orderScorers } from "./pipeline/run-scorers.js";
export { withScoreColumns } from "./pipeline/score-columns-to-arrow.js";
export type { Scorer } from "./core/scorer.js";
export type { ScoreColumn, ComputedColumns } from "./core/score-column.js";
export type { ScorerConfig } from "./core/scorer-config.js";
export type { TextView } from "./core/text-view.js";
export { LengthScorer, charCount, wordCount } from "./metrics/lengths.js";
export * from "./filters/index.js";
export { filterDataset, buildFilterConfig, type FilterOptions, type FilterResult } from "./pipeline/filter-dataset.js";
export { buildReport, writeReport } from "./report/build-report.js";
export type { ReportOptions, WriteReportOptions, ReportFiles } from "./report/build-report.js";
export { ReportCollector } from "./report/report-collector.js";
export { chartPng } from "./report/render-png.js";
export * from "./metrics/readability/index.js";
export { LexiconToxicityScorer } from "./metrics/toxicity/lexicon-toxicity-scorer.js";
export { EmbeddedToxicityClassifier } from "./metrics/toxicity/embedded-toxicity-classifier.js";
export { ModelToxicityScorer, createModelToxicityScorer, DEFAULT_TOXICITY_MODEL } from "./metrics/toxicity/model-toxicity-scorer.js";
export { HashEmbedder } from "./embed/hash-embedder.js";
export { ModelEmbedder } from "./embed/model-embedder.js";
export { EmbeddingScorer } from "./embed/embedding-scorer.js";
export { KeywordDomainScorer } from "./metrics/domain/keyword-domain-scorer.js";
export { PrototypeDomainScorer } from "./metrics/domain/prototype-domain-scorer.js";
export { ZeroShotDomainScorer } from "./metrics/domain/zero-shot-domain-scorer.js";
export { createDomainScorer } from "./metrics/domain/create-domain-scorer.js";
export { createEmbedder } from "./embed/create-embedder.js";
export { ScorerSpecError } from "./core/scorer-spec-error.js";
export { loadTaxonomy, loadDefaultTaxonomy } from "./metrics/domain/domain-taxonomy.js";
export type { Embedder } from "./embed/embedder.js";
export { cosineAt } from "./embed/embedder.js";
export { loadPipeline, disposeLoadedModels } from "./models/model-loader.js";
export { resolveModel, ModelNotFoundError } from "./models/model-source.js";
export type { ModelOptions } from "./models/model-source.js";

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

const sieve = { run, score, filter };
export default sieve;
