import type { RecordBatch, Schema } from "apache-arrow";
import { ArrowBatchWriter } from "./arrow-writer.js";
import { formatFromExtension, type DatasetFormat } from "./input-format.js";
import { JsonlBatchWriter } from "./jsonl-writer.js";
import { ParquetBatchWriter } from "./parquet-writer.js";

/** Writes record batches of one schema to one file, atomically. */
export interface BatchWriter {
  /** The final path. */
  readonly path: string;
  /** Rows written so far. */
  readonly rows: number;
  write(batch: RecordBatch): Promise<void>;
  /** Finish the file and move it to its final name. */
  close(): Promise<void>;
  /** Drop the temporary file. */
  abort(): Promise<void>;
}

/** Parquet compression codecs, by the names the CLI takes. */
export const PARQUET_COMPRESSIONS = ["zstd", "snappy", "lz4", "gzip", "brotli", "none"] as const;
export type ParquetCompression = (typeof PARQUET_COMPRESSIONS)[number];

/** How outputs are written. */
export interface WriteOptions {
  /**
   * Codec of Parquet outputs (default "zstd"). zstd costs ≈ 12 µs of CPU per Dolly row in
   * the writer; snappy and lz4 about 5.5, "none" 2.5, for files 1.4–1.5× as large.
   */
  compression?: ParquetCompression;
}

/** Output formats by extension: .parquet (zstd unless WriteOptions say otherwise), .arrow (IPC file), .arrows (IPC stream), .jsonl. */
export function outputFormat(path: string): DatasetFormat {
  const format = formatFromExtension(path);
  if (!format || format === "json" || format === "csv" || format === "tsv" || /\.gz$/i.test(path)) {
    throw new Error(`${path}: cannot tell the output format; use .parquet, .arrow, .arrows or .jsonl.`);
  }
  return format;
}

/** Open a writer for the format the path's extension names. */
export async function createBatchWriter(path: string, schema: Schema, options: WriteOptions = {}): Promise<BatchWriter> {
  const format = outputFormat(path);
  if (options.compression !== undefined && !(PARQUET_COMPRESSIONS as readonly string[]).includes(options.compression)) {
    throw new Error(`unknown Parquet compression '${options.compression}'; use one of ${PARQUET_COMPRESSIONS.join(", ")}.`);
  }
  switch (format) {
    case "parquet":
      return ParquetBatchWriter.open(path, schema, options.compression);
    case "arrow":
      return ArrowBatchWriter.open(path, schema, /\.arrows$/i.test(path) ? "stream" : "file");
    default:
      return JsonlBatchWriter.open(path, schema);
  }
}
