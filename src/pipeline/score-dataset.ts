import { dirname, relative } from "node:path";
import type { RecordBatch, Schema } from "apache-arrow";
import { emptyRecordBatch } from "../io/column-vector.js";
import { createBatchWriter, type BatchWriter, type WriteOptions } from "../io/batch-writer.js";
import { openDataset, type ReadOptions, type SieveBatch } from "../io/dataset-reader.js";
import { RejectsWriter } from "../io/rejects-writer.js";
import type { ReadProgress } from "../io/source-record.js";
import { writeJsonFile } from "../io/json-file.js";
import { availableParallelism } from "node:os";
import { configUsesModels, createScorers, modelScorerNames } from "./create-scorers.js";
import { requireTransformers } from "../models/transformers-package.js";
import { ScoringPool } from "./scoring-pool.js";
import { ProgressReporter } from "./progress-reporter.js";
import { EMPTY_VIEW, orderScorers, runScorers } from "./run-scorers.js";
import type { ScoreColumn } from "../core/score-column.js";
import { withScoreColumns } from "./score-columns-to-arrow.js";
import type { Scorer } from "../core/scorer.js";
import { SCORER_MODEL_SETTINGS } from "../core/scorer-config.js";
import { SCORER_CONFIG_KEYS, type ScorerConfig } from "../metrics/scorer-registry.js";
import type { TextView } from "../core/text-view.js";

/** Options of `score` (and of the scoring stage of `run`). */
export interface ScoreOptions extends ReadOptions, ScorerConfig, WriteOptions {
  /** Scorers to use instead of the ones the config names. */
  scorers?: Scorer[];
  /** Write the `embedding` column to the output (it is always computed when an embedder is on). */
  keepEmbeddings?: boolean;
  /** Abort (TooManyRejectsError) once more than this many rows are rejected. Default: no limit. */
  maxErrors?: number;
  /**
   * Worker threads for the CPU scorers (default: one per core). 0 scores in the main
   * thread. Model-backed scorers and custom `scorers` always run in the main thread.
   */
  workers?: number;
  /** No progress line on stderr. */
  quiet?: boolean;
  /** Where rejected rows go (default `<output>.rejects.jsonl`). */
  rejectsPath?: string;
  /** Where the accounting goes (default `<output>.summary.json`). */
  summaryPath?: string;
  /**
   * Called for every scored batch, in input order, with the batch as written, its text view
   * and the columns scored: how `run` decides the filters' first pass and gathers the report's
   * statistics in the same pass. The embedding is among the columns only when it is written
   * or `onBatchVectors` asks for it (it stays in the scoring workers otherwise).
   */
  onBatch?: (scored: RecordBatch, view: TextView, columns: ReadonlyArray<ScoreColumn>) => void | Promise<void>;
  /** Bring the embedding back from the scoring workers for onBatch even when it is not written. */
  onBatchVectors?: boolean;
}

/** What a scoring run did: the accounting identity is rows_read = rows_scored + rows_rejected. */
export interface ScoreSummary {
  inputs: string[];
  output: string;
  rejects_file: string;
  layout: string;
  rows_read: number;
  rows_scored: number;
  rows_rejected: number;
  rejected_by_reason: Record<string, number>;
  /** Damaged parts of files skipped whole (their rows are in rows_rejected); present only when there were some. */
  damaged_parts?: Array<{ source: string; first_row: number; rows: number; reason: string }>;
  /** Rows whose text had invalid UTF-8 or lone surrogates, read as U+FFFD; present only when there were some. */
  rows_with_replaced_text?: number;
  columns_added: string[];
  seconds: number;
  rows_per_second: number;
}

/** Raised when more rows are rejected than --max-errors allows. */
export class TooManyRejectsError extends Error {
  constructor(
    readonly limit: number,
    readonly firstReason: string,
  ) {
    super(`more than ${limit} rows rejected (--max-errors ${limit}); the last one: ${firstReason}. See the rejects file for every row.`);
  }
}

/** The default rejects and summary paths of an output file. */
export function sidecarPaths(output: string): { rejects: string; summary: string } {
  const stem = output.replace(/\.(parquet|arrow|arrows|jsonl|ndjson)$/i, "");
  return { rejects: `${stem}.rejects.jsonl`, summary: `${stem}.summary.json` };
}

/**
 * Score a dataset: read it in record batches, add every configured score column, write
 * the scored split to `output` (format by extension), rejected rows to the rejects file,
 * and the accounting to the summary file. Returns the summary.
 */
export async function scoreDataset(inputs: string | string[], output: string, options: ScoreOptions = {}): Promise<ScoreSummary> {
  const started = Date.now();
  const progress: ReadProgress = { bytesRead: 0, bytesTotal: 0 };
  // transformers.js is an optional package: a model-backed spec without it fails here, before any data is read.
  const modelScorers = options.scorers ? [] : modelScorerNames(scorerConfigOf(options));
  if (modelScorers.length > 0) await requireTransformers(`the model-backed ${modelScorers.join(" and ")} scorer`);
  const dataset = await openDataset(inputs, { ...options, progress });
  // With workers, the scorers (and their tables) live only in the workers: building them
  // here too would cost the main thread their memory for nothing.
  const threads = workerThreads(options, dataset.bytesTotal);
  const pool = threads > 0 ? new ScoringPool(scorerConfigOf(options), threads) : undefined;
  const scorers = pool ? [] : orderScorers(options.scorers ?? (await createScorers(options)));
  const scoreView = (view: TextView, vectors = true): Promise<ScoreColumn[]> => (pool ? pool.score(view, { vectors }) : runScorers(scorers, view));
  const paths = sidecarPaths(output);
  const rejectsPath = options.rejectsPath ?? paths.rejects;
  const summaryPath = options.summaryPath ?? paths.summary;

  // Scoring an empty view gives the added columns' types before any data arrives (and
  // fails fast on a bad scorer spec).
  let emptyColumns: ScoreColumn[];
  try {
    emptyColumns = await scoreView(EMPTY_VIEW);
  } catch (e) {
    await pool?.close();
    throw e;
  }
  // Embeddings are computed in the workers whenever an embedder is on (the domain scorer
  // reads them); they come back to this thread only when they are written or onBatch wants them.
  const wantVectors = Boolean(options.keepEmbeddings || (options.onBatch && options.onBatchVectors));
  const written = (cols: ReadonlyArray<ScoreColumn>) => (options.keepEmbeddings ? cols : cols.filter((c) => c.kind !== "float32-vector"));
  const emptyBatch = emptyRecordBatch(dataset.schema);
  const outSchema: Schema = withScoreColumns(emptyBatch, written(emptyColumns)).schema;

  const writer: BatchWriter = await createBatchWriter(output, outSchema, options);
  const rejects = await RejectsWriter.open(rejectsPath);
  const reporter = new ProgressReporter("score", progress, { quiet: options.quiet });
  let scored = 0;
  // Batches in flight, oldest first: scoring runs ahead in the workers while the main
  // thread reads and writes; results are written strictly in input order.
  // Only the Arrow batch waits for its scores: the view (every text again, as JS strings)
  // is kept only when onBatch needs it, so in-flight batches cost their Arrow bytes alone.
  const inFlight: Array<{ batch: RecordBatch; view: TextView | undefined; columns: Promise<ScoreColumn[]> }> = [];
  // One batch queued beyond those being scored is enough to keep every worker busy (a
  // worker that finishes takes it at once); more only holds more batches in memory.
  const maxInFlight = Math.max(2, threads + 1);
  const writeOldest = async (): Promise<void> => {
    const { batch, view, columns } = inFlight.shift()!;
    const cols = await columns;
    const out = withScoreColumns(batch, written(cols));
    await writer.write(out);
    if (options.onBatch) await options.onBatch(out, view!, cols);
    scored += batch.numRows;
    reporter.update(scored + rejects.count);
  };
  try {
    for await (const sb of dataset.batches()) {
      await rejects.write(sb.rejects);
      if (options.maxErrors !== undefined && rejects.count > options.maxErrors) {
        throw new TooManyRejectsError(options.maxErrors, sb.rejects[sb.rejects.length - 1]?.reason ?? "");
      }
      if (!sb.batch.numRows) continue;
      const columns = scoreView(sb.view, wantVectors);
      columns.catch(() => {}); // awaited in order below; keep early failures from going unhandled
      inFlight.push({ batch: sb.batch, view: options.onBatch ? sb.view : undefined, columns });
      if (inFlight.length >= maxInFlight) await writeOldest();
    }
    while (inFlight.length) await writeOldest();
    await writer.close();
    await rejects.close();
  } catch (e) {
    reporter.done();
    await writer.abort();
    await rejects.abort();
    throw e;
  } finally {
    await pool?.close();
    for (const s of scorers) await s.close?.();
    if (usesModels(options)) {
      // Loaded models are shared between scorers; release them once, at the end.
      const { disposeLoadedModels } = await import("../models/model-loader.js");
      await disposeLoadedModels();
    }
  }
  reporter.done();
  const seconds = (Date.now() - started) / 1000;
  const summary: ScoreSummary = {
    inputs: dataset.files,
    output,
    rejects_file: rejectsPath,
    layout: dataset.layout.description,
    rows_read: scored + rejects.count,
    rows_scored: scored,
    rows_rejected: rejects.count,
    rejected_by_reason: Object.fromEntries([...rejects.byReason].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))),
    ...(rejects.damaged.length ? { damaged_parts: rejects.damaged } : {}),
    ...(dataset.readStats.rowsWithReplacedText ? { rows_with_replaced_text: dataset.readStats.rowsWithReplacedText } : {}),
    columns_added: written(emptyColumns).map((c) => c.name),
    seconds,
    rows_per_second: seconds > 0 ? Math.round((scored + rejects.count) / seconds) : 0,
  };
  // Timings vary run to run; the file keeps only what the same input always gives.
  // Output paths are stored relative to the summary's folder, so the same run written to
  // another folder gives the same bytes.
  const { seconds: _s, rows_per_second: _r, ...stable } = summary;
  const here = dirname(summaryPath);
  await writeJsonFile(summaryPath, { ...stable, output: relative(here, output) || output, rejects_file: relative(here, rejectsPath) || rejectsPath });
  return summary;
}


/** Inputs smaller than this are scored in the main thread by default: starting workers (each loads its tables) costs more than it saves. */
const SMALL_INPUT_BYTES = 8 * 2 ** 20;

/** Whether any scorer the options name loads a transformers.js model (each registry entry says for its own settings). */
function usesModels(o: ScoreOptions): boolean {
  return configUsesModels(scorerConfigOf(o));
}

/** Threads to score with: none for custom or model-backed scorers (they hold models) or small inputs. */
function workerThreads(options: ScoreOptions, inputBytes: number): number {
  if (options.scorers) return 0;
  if (options.workers !== undefined) return options.workers;
  return usesModels(options) || inputBytes < SMALL_INPUT_BYTES ? 0 : availableParallelism();
}

/**
 * Only the scorer settings (plain data) go to the workers: every registry option's key and
 * the model settings, picked generically, so a new scorer's settings always travel.
 */
export function scorerConfigOf(o: ScoreOptions): ScorerConfig {
  const config: Record<string, unknown> = {};
  for (const key of [...SCORER_CONFIG_KEYS, ...SCORER_MODEL_SETTINGS]) config[key] = (o as Record<string, unknown>)[key];
  return config as ScorerConfig;
}

export type { SieveBatch };
