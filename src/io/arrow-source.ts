import { fileBytes } from "./file-bytes.js";
import { RecordBatchReader } from "apache-arrow";
import { batchToObjects } from "./arrow-values.js";
import type { ReadProgress, SourceRecord } from "./source-record.js";

/**
 * Records of an Arrow IPC file or stream, one record batch at a time. A truncated or
 * damaged file fails the run (nothing is committed) with one message saying how far
 * reading got: an IPC stream has no index, so the rows of the damaged part cannot be counted.
 */
export async function* arrowRecords(file: string, options: { progress?: ReadProgress }): AsyncGenerator<SourceRecord[]> {
  const stream = fileBytes(file, options);
  let row = 0;
  let batches = 0;
  let reader: RecordBatchReader;
  try {
    reader = await RecordBatchReader.from(stream as unknown as AsyncIterable<Uint8Array>);
  } catch (e) {
    throw new Error(`${file}: not a readable Arrow IPC file or stream (${(e as Error).message}). Check that it is complete; nothing was written.`);
  }
  const damaged = (e: unknown): Error =>
    new Error(
      `${file}: the Arrow IPC data is truncated or damaged after ${row} rows (${batches} record batches read): ${(e as Error).message ?? String(e)}. ` +
        `Re-export the file; nothing was written.`,
    );
  const it = reader[Symbol.asyncIterator]();
  for (;;) {
    let next;
    try {
      next = await it.next();
    } catch (e) {
      throw damaged(e);
    }
    if (next.done) break;
    let objects;
    try {
      objects = batchToObjects(next.value);
    } catch (e) {
      throw damaged(e);
    }
    batches++;
    yield objects.map((value) => ({ value, file, row: row++ }));
  }
  if (row === 0 && batches === 0 && reader.schema === undefined) throw damaged(new Error("no schema message"));
}
