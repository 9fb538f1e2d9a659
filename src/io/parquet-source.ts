import { openAsBlob } from "node:fs";
import { stat } from "node:fs/promises";
import { tableFromIPC } from "apache-arrow";
import { batchToObjects } from "./arrow-values.js";
import { parquetWasm } from "./parquet-wasm.js";
import type { ReadProgress, SourceRecord } from "./source-record.js";

/**
 * Records of a Parquet file, one row group at a time: only the row group being read is
 * in memory, whatever the file's size.
 */
export async function* parquetRecords(file: string, options: { progress?: ReadProgress }): AsyncGenerator<SourceRecord[]> {
  const wasm = await parquetWasm();
  let pf;
  try {
    pf = await wasm.ParquetFile.fromFile(await openAsBlob(file));
  } catch (e) {
    throw new Error(`${file}: not a readable Parquet file (${String((e as Error).message ?? e)}).`);
  }
  const meta = pf.metadata();
  const groups = meta.numRowGroups();
  const size = (await stat(file)).size;
  let row = 0;
  for (let g = 0; g < groups; g++) {
    const table = await pf.read({ rowGroups: [g] });
    const arrowTable = tableFromIPC(table.intoIPCStream());
    for (const batch of arrowTable.batches) {
      const objects = batchToObjects(batch);
      yield objects.map((value) => ({ value, file, row: row++ }));
    }
    if (options.progress) options.progress.bytesRead += size / groups;
  }
  pf.free();
}
