/**
 * sft-sieve: analyse and filter supervised fine-tuning datasets.
 *
 *   import sieve from "sft-sieve";
 *   await sieve.run("data.jsonl", { out: "out/" });
 */
import { runPipeline, type RunOptions, type RunResult } from "./pipeline/run-pipeline.js";
import { scoreDataset, type ScoreOptions, type ScoreSummary } from "./pipeline/score-dataset.js";
import { filterDataset, type FilterOptions, type FilterResult } from "./filters/filter-dataset.js";

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
export type { Scorer } from "./pipeline/scorer.js";
export type { ScoreColumn, ComputedColumns } from "./pipeline/score-column.js";
export type { ScorerConfig } from "./pipeline/scorer-config.js";
export type { TextView } from "./pipeline/text-view.js";
export { LengthScorer, charCount, wordCount } from "./metrics/lengths.js";
export * from "./filters/index.js";
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
export { KeywordDomainScorer } from "./embed/keyword-domain-scorer.js";
export { PrototypeDomainScorer } from "./embed/prototype-domain-scorer.js";
export { ZeroShotDomainScorer } from "./embed/zero-shot-domain-scorer.js";
export { createEmbedder, createDomainScorer, ScorerSpecError } from "./embed/scorer-factory.js";
export { loadTaxonomy, loadDefaultTaxonomy } from "./embed/domain-taxonomy.js";
export type { Embedder } from "./embed/embedder.js";
export { cosineAt } from "./embed/embedder.js";
export { loadPipeline, disposeLoadedModels } from "./embed/model-loader.js";
export { resolveModel, ModelNotFoundError } from "./embed/model-source.js";
export type { ModelOptions } from "./embed/model-source.js";

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
