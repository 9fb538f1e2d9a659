import { Option, type Command } from "commander";
import { DEFAULT_BATCH_ROWS, type ReadOptions } from "../io/dataset-reader.js";
import { PARQUET_COMPRESSIONS, type ParquetCompression, type WriteOptions } from "../io/batch-writer.js";
import type { ScorerOption } from "../core/scorer-entry.js";
import { scorerOptions, type ScorerConfig } from "../metrics/scorer-registry.js";
import { nonNegativeInt, positiveInt } from "./option-parsers.js";

/** Flags for reading a dataset (layout overrides, batching, limits). */
export function addReadOptions(cmd: Command): Command {
  return cmd
    .option("--instruction-field <path>", "field holding the instruction (dotted paths allowed); overrides layout detection")
    .option("--response-field <path>", "field holding the response; overrides layout detection")
    .option("--messages-field <path>", "field holding a list of messages ({role, content} or {from, value})")
    .option("--id-field <name>", "column holding a stable row id (default: 'id' when present, else <file>:<row>)")
    .option("--batch-size <n>", "rows per Arrow record batch", positiveInt, DEFAULT_BATCH_ROWS)
    .option("--schema-rows <n>", "rows sampled to infer column types and layout", positiveInt, 10_000)
    .option("--limit <n>", "read at most N input rows", positiveInt)
    .option("--max-errors <n>", "stop with exit code 3 once more than N rows are rejected", nonNegativeInt)
    .option("-q, --quiet", "no progress line on stderr");
}

/** Flags for writing outputs. */
export function addWriteOptions(cmd: Command): Command {
  return cmd.addOption(
    new Option("--compression <codec>", "codec of Parquet outputs (snappy or lz4 write about twice as fast as zstd; files about 1.4x larger)")
      .choices(PARQUET_COMPRESSIONS)
      .default("zstd"),
  );
}

/** Commander's parsed write flags as library options. */
export function writeOptionsFrom(o: Record<string, unknown>): WriteOptions {
  return { compression: o.compression as ParquetCompression };
}

/**
 * Flags choosing the scorers: each registry entry's options (with their help, default and
 * choices), then the model settings and the scoring flags every scorer shares.
 */
export function addScorerOptions(cmd: Command): Command {
  for (const option of scorerOptions()) cmd.addOption(scorerFlag(option));
  return cmd
    .option("--model-dir <dir>", "folder of local models in hub layout (also SIEVE_MODEL_DIR); turns remote loading off")
    .option("--device <device>", "transformers.js device (cpu, cuda, …)")
    .option("--dtype <dtype>", "transformers.js dtype (fp32, fp16, q8, …)")
    .option("--model-batch-size <n>", "rows per model inference call", positiveInt)
    .option("--onnx-threads <n>", "ONNX Runtime threads per model call (also SIEVE_ONNX_THREADS; default: one per core)", positiveInt)
    .option("--keep-embeddings", "write the embedding column to the scored output")
    .option("--workers <n>", "scoring worker threads (default: one per core for inputs over 8 MiB, else 0; 0 = main thread)", nonNegativeInt);
}

/** The commander option of a registry option. A "--no-x" switch takes its default (true) from commander. */
export function scorerFlag(option: ScorerOption): Option {
  const flag = new Option(option.flags, option.help);
  if (option.choices) flag.choices(option.choices);
  if (option.default !== undefined && !flag.negate) flag.default(option.default);
  return flag;
}

/** Commander's parsed flags as library options. */
export function readOptionsFrom(o: Record<string, unknown>): ReadOptions & { maxErrors?: number; quiet?: boolean } {
  return {
    instructionField: o.instructionField as string | undefined,
    responseField: o.responseField as string | undefined,
    messagesField: o.messagesField as string | undefined,
    idField: o.idField as string | undefined,
    batchSize: o.batchSize as number,
    schemaRows: o.schemaRows as number,
    limit: o.limit as number | undefined,
    maxErrors: o.maxErrors as number | undefined,
    quiet: Boolean(o.quiet),
  };
}

/** Commander's parsed scorer flags as a ScorerConfig: every registry option by its key, then the model settings. */
export function scorerConfigFrom(o: Record<string, unknown>): ScorerConfig & { keepEmbeddings?: boolean; workers?: number } {
  const config: Record<string, unknown> = {};
  for (const option of scorerOptions()) config[option.key] = o[option.key];
  return {
    ...(config as ScorerConfig),
    modelDir: (o.modelDir as string | undefined) ?? process.env.SIEVE_MODEL_DIR,
    device: o.device as string | undefined,
    dtype: o.dtype as string | undefined,
    modelBatchSize: o.modelBatchSize as number | undefined,
    onnxThreads: o.onnxThreads as number | undefined,
    keepEmbeddings: Boolean(o.keepEmbeddings),
    workers: o.workers as number | undefined,
  };
}
