import { DataType, type RecordBatch } from "apache-arrow";
import type { ParquetCompression } from "./batch-writer.js";

type ParquetWasm = typeof import("parquet-wasm");

/**
 * Row-group size bounds. parquet-wasm keeps a row group's encoded pages, the batches queued
 * for it and the finished group's bytes in WebAssembly memory, which never shrinks, so the
 * row group's size in bytes sets the writer's memory. 8 MiB of Arrow data per group: on
 * Dolly rows the writer's WebAssembly memory peaked at 31 MiB against 43 MiB with 16 MiB
 * groups, for the same file size (±0.3%) and CPU. SFT rows range from 100 bytes to tens of
 * KB, so the rows per group are chosen from the first batch's bytes per row, within
 * [MIN_GROUP_ROWS, MAX_GROUP_ROWS] (enough rows to compress well and read back in few steps).
 */
const ROW_GROUP_BYTES = 8 * 2 ** 20;
const MIN_GROUP_ROWS = 1024;
const MAX_GROUP_ROWS = 65_536;

/**
 * A column whose first batch holds more distinct values than this share of its rows gets
 * no dictionary. parquet-rs tries a dictionary on every column and gives up only once the
 * dictionary page passes 1 MB; for unique texts and ids that is hashing every value for
 * nothing, and the dictionary pages it did write compress worse than plain pages (Dolly
 * ids: 0.47 MB with a dictionary, 0.13 MB without).
 */
const DICTIONARY_MAX_DISTINCT_SHARE = 0.5;

/** Rows per row group for batches like this one. */
export function rowGroupRows(sample: RecordBatch | undefined): number {
  if (!sample || !sample.numRows) return MAX_GROUP_ROWS;
  const bytesPerRow = Math.max(1, sample.data.byteLength / sample.numRows);
  return Math.max(MIN_GROUP_ROWS, Math.min(MAX_GROUP_ROWS, Math.floor(ROW_GROUP_BYTES / bytesPerRow)));
}

/**
 * Top-level flat columns whose values in the sample are mostly distinct (texts, ids,
 * continuous scores): they are written without a dictionary. Nested columns keep the
 * default, because parquet-wasm addresses a column by one name and cannot name a leaf
 * inside a list or struct.
 */
export function mostlyDistinctColumns(sample: RecordBatch | undefined): string[] {
  if (!sample || sample.numRows < 2) return [];
  const out: string[] = [];
  sample.schema.fields.forEach((field, i) => {
    if (!isFlat(field.type)) return;
    const column = sample.getChildAt(i)!;
    const seen = new Set<unknown>();
    for (let r = 0; r < column.length; r++) seen.add(column.get(r));
    if (seen.size > DICTIONARY_MAX_DISTINCT_SHARE * column.length) out.push(field.name);
  });
  return out;
}

/**
 * Parquet properties (zstd unless told otherwise) for batches like `sample` (the first batch written).
 *
 * Mostly distinct string columns (texts, ids) also get no statistics: the min and max of
 * free text prune nothing, and the writer holds every row group's statistics in WebAssembly
 * memory until the footer is written (on 1M Dolly rows its memory ended 4 MiB lower
 * without them). Numeric columns keep theirs, so a reader can skip row
 * groups by score.
 */
export function parquetWriterProperties(
  wasm: ParquetWasm,
  sample: RecordBatch | undefined,
  compression: ParquetCompression = "zstd",
): import("parquet-wasm").WriterProperties {
  let builder = new wasm.WriterPropertiesBuilder().setCompression(codecOf(wasm, compression)).setMaxRowGroupSize(rowGroupRows(sample));
  for (const name of mostlyDistinctColumns(sample)) {
    builder = builder.setColumnDictionaryEnabled(name, false);
    if (DataType.isUtf8(sample!.schema.fields.find((f) => f.name === name)!.type)) {
      builder = builder.setColumnStatisticsEnabled(name, wasm.EnabledStatistics.None);
    }
  }
  return builder.build();
}

/** parquet-wasm's codec for a CLI name ("lz4" is LZ4_RAW, the framing the Parquet spec recommends). */
function codecOf(wasm: ParquetWasm, name: ParquetCompression): import("parquet-wasm").Compression {
  const codecs: Record<ParquetCompression, import("parquet-wasm").Compression> = {
    zstd: wasm.Compression.ZSTD,
    snappy: wasm.Compression.SNAPPY,
    lz4: wasm.Compression.LZ4_RAW,
    gzip: wasm.Compression.GZIP,
    brotli: wasm.Compression.BROTLI,
    none: wasm.Compression.UNCOMPRESSED,
  };
  return codecs[name];
}

function isFlat(type: DataType): boolean {
  return DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isInt(type) || DataType.isFloat(type);
}
