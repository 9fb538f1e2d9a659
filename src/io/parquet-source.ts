import { stat } from "node:fs/promises";
import { tableFromIPC, type Table } from "apache-arrow";
import { batchToObjects } from "./arrow-values.js";
import { ParquetGroupReader } from "./parquet-group-reader.js";
import { parquetRowGroups, type ParquetRowGroup } from "./parquet-row-groups.js";
import type { ReadProgress, SourceRecord } from "./source-record.js";

/**
 * Records of a Parquet file, one row group at a time (see parquetGroupTables). A row group
 * that cannot be decoded (a damaged page) becomes one error record standing for its rows,
 * whose count the footer gives, so the accounting stays exact and --max-errors counts them;
 * the other row groups are read. With `groups`, only row groups [start, end) are read, their
 * rows numbered from firstRow (a shard; progress then counts each group's compressed size).
 */
export async function* parquetRecords(
  file: string,
  options: { progress?: ReadProgress; groups?: ParquetGroupRange },
): AsyncGenerator<SourceRecord[]> {
  for await (const read of parquetGroupTables(file, options)) {
    let row = read.firstRow;
    if ("table" in read) {
      for (const batch of read.table.batches) {
        const objects = batchToObjects(batch);
        yield objects.map((value) => ({ value, file, row: row++ }));
      }
    } else if (read.rows > 0) {
      yield [{ error: read.reason, file, row, rows: read.rows, raw: "" }];
    }
  }
}

/** One row group as read: its rows as an Arrow table, or why it could not be decoded. */
export type ParquetGroupRead = { group: number; firstRow: number; rows: number } & ({ table: Table } | { reason: string });

/**
 * The row groups of a Parquet file as Arrow tables, one at a time: only the row group being
 * read is in memory, whatever the file's size. Row groups are decoded in a worker thread
 * (see ParquetGroupReader); one that cannot be decoded comes with the reason, naming the
 * rows it stands for. With `groups`, only row groups [start, end), their rows numbered from
 * firstRow. Progress counts each group once the caller moves past it.
 */
export async function* parquetGroupTables(
  file: string,
  options: { progress?: ReadProgress; groups?: ParquetGroupRange } = {},
): AsyncGenerator<ParquetGroupRead> {
  let rowGroups: ParquetRowGroup[];
  try {
    rowGroups = await parquetRowGroups(file);
  } catch (e) {
    throw new Error(`${file}: not a readable Parquet file (${String((e as Error).message ?? e)}). Check that it is complete; nothing was written.`);
  }
  const groups = rowGroups.length;
  const range = options.groups;
  if (range && !(range.start >= 0 && range.start <= range.end && range.end <= groups)) {
    throw new Error(`${file}: row groups [${range.start}, ${range.end}) asked for, but the file has ${groups}; plan the shards again.`);
  }
  const size = (await stat(file)).size;
  const reader = new ParquetGroupReader(file);
  let row = range ? range.firstRow : 0;
  try {
    for (let g = range ? range.start : 0; g < (range ? range.end : groups); g++) {
      const rows = rowGroups[g]!.rows;
      let ipc: Uint8Array | undefined;
      let why = "";
      try {
        ipc = await reader.read(g);
      } catch (e) {
        why = (e as Error).message;
      }
      yield ipc
        ? { group: g, firstRow: row, rows, table: tableFromIPC(ipc) }
        : { group: g, firstRow: row, rows, reason: `damaged Parquet row group ${g}: rows ${row}–${row + rows - 1} skipped (${why})` };
      row += rows;
      if (options.progress) options.progress.bytesRead += range ? rowGroups[g]!.bytes : size / groups;
    }
  } finally {
    await reader.close();
  }
}

/** A run of row groups of one Parquet file: groups [start, end), whose first row is row firstRow of the file. */
export interface ParquetGroupRange {
  start: number;
  end: number;
  firstRow: number;
}
