import { openAsBlob } from "node:fs";
import { stat } from "node:fs/promises";
import { tableFromIPC } from "apache-arrow";
import { batchToObjects } from "./arrow-values.js";
import { ParquetGroupReader } from "./parquet-group-reader.js";
import { parquetWasm } from "./parquet-wasm.js";
import type { ReadProgress, SourceRecord } from "./source-record.js";

/**
 * Records of a Parquet file, one row group at a time: only the row group being read is
 * in memory, whatever the file's size. Row groups are decoded in a worker thread (see
 * ParquetGroupReader). A row group that cannot be decoded (a damaged page) is skipped and
 * becomes one error record standing for its rows, whose count the footer gives, so the
 * accounting stays exact and --max-errors counts them; the other row groups are read.
 */
export async function* parquetRecords(file: string, options: { progress?: ReadProgress }): AsyncGenerator<SourceRecord[]> {
  const wasm = await parquetWasm();
  const groupRows: number[] = [];
  try {
    const pf = await wasm.ParquetFile.fromFile(await openAsBlob(file));
    const meta = pf.metadata();
    for (let g = 0; g < meta.numRowGroups(); g++) groupRows.push(Number(meta.rowGroup(g).numRows()));
    pf.free();
  } catch (e) {
    throw new Error(`${file}: not a readable Parquet file (${String((e as Error).message ?? e)}). Check that it is complete; nothing was written.`);
  }
  const groups = groupRows.length;
  const size = (await stat(file)).size;
  const reader = new ParquetGroupReader(file);
  let row = 0;
  try {
    for (let g = 0; g < groups; g++) {
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
      if (options.progress) options.progress.bytesRead += size / groups;
    }
  } finally {
    await reader.close();
  }
}
