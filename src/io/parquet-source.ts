import { stat } from "node:fs/promises";
import { tableFromIPC } from "apache-arrow";
import { batchToObjects } from "./arrow-values.js";
import { ParquetGroupReader } from "./parquet-group-reader.js";
import { parquetRowGroups, type ParquetRowGroup } from "./parquet-row-groups.js";
import type { ReadProgress, SourceRecord } from "./source-record.js";

/**
 * Records of a Parquet file, one row group at a time: only the row group being read is
 * in memory, whatever the file's size. Row groups are decoded in a worker thread (see
 * ParquetGroupReader). A row group that cannot be decoded (a damaged page) is skipped and
 * becomes one error record standing for its rows, whose count the footer gives, so the
 * accounting stays exact and --max-errors counts them; the other row groups are read.
 * With `groups`, only row groups [start, end) are read, their rows numbered from firstRow
 * (a shard; progress then counts each group's compressed size).
 */
export async function* parquetRecords(
  file: string,
  options: { progress?: ReadProgress; groups?: ParquetGroupRange },
): AsyncGenerator<SourceRecord[]> {
  let rowGroups: ParquetRowGroup[];
  try {
    rowGroups = await parquetRowGroups(file);
  } catch (e) {
    throw new Error(`${file}: not a readable Parquet file (${String((e as Error).message ?? e)}). Check that it is complete; nothing was written.`);
  }
  const groupRows = rowGroups.map((g) => g.rows);
  const groupBytes = rowGroups.map((g) => g.bytes);
  const groups = groupRows.length;
  const range = options.groups;
  if (range && !(range.start >= 0 && range.start <= range.end && range.end <= groups)) {
    throw new Error(`${file}: row groups [${range.start}, ${range.end}) asked for, but the file has ${groups}; plan the shards again.`);
  }
  const size = (await stat(file)).size;
  const reader = new ParquetGroupReader(file);
  let row = range ? range.firstRow : 0;
  try {
    for (let g = range ? range.start : 0; g < (range ? range.end : groups); g++) {
      const n = groupRows[g]!;
      let ipc: Uint8Array | undefined;
      let why = "";
      try {
        ipc = await reader.read(g);
      } catch (e) {
        why = (e as Error).message;
      }
      if (ipc) {
        for (const batch of tableFromIPC(ipc).batches) {
          const objects = batchToObjects(batch);
          yield objects.map((value) => ({ value, file, row: row++ }));
        }
      } else if (n > 0) {
        const reason = `damaged Parquet row group ${g}: rows ${row}–${row + n - 1} skipped (${why})`;
        yield [{ error: reason, file, row, rows: n, raw: "" }];
        row += n;
      }
      if (options.progress) options.progress.bytesRead += range ? groupBytes[g]! : size / groups;
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
