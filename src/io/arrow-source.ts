import { open } from "node:fs/promises";
import { fileBytes } from "./file-bytes.js";
import { RecordBatchReader } from "apache-arrow";
import { batchToObjects } from "./arrow-values.js";
import type { ReadProgress, SourceRecord } from "./source-record.js";

/**
 * Records of an Arrow IPC file or stream, one record batch at a time. A truncated or
 * damaged file fails the run (nothing is committed) with one message saying how far
 * reading got: an IPC stream has no index, so the rows of the damaged part cannot be counted.
 */
export async function* arrowRecords(
  file: string,
  options: { progress?: ReadProgress; batches?: { start: number; end: number; firstRow: number } },
): AsyncGenerator<SourceRecord[]> {
  if (options.batches) {
    yield* arrowFileBatchRecords(file, options.batches, options.progress);
    return;
  }
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

/**
 * Records of the record batches [start, end) of an Arrow IPC file (a shard: the footer gives
 * random access, so only these batches are read); rows are numbered from `firstRow`, as a
 * read of the whole file numbers them.
 */
async function* arrowFileBatchRecords(file: string, range: { start: number; end: number; firstRow: number }, progress?: ReadProgress): AsyncGenerator<SourceRecord[]> {
  const handle = await open(file, "r");
  let row = range.firstRow;
  try {
    let reader;
    try {
      reader = await RecordBatchReader.from(handle);
      await reader.open();
    } catch (e) {
      throw new Error(`${file}: not a readable Arrow IPC file (${(e as Error).message}). Check that it is complete; nothing was written.`);
    }
    if (!reader.isFile() || reader.numRecordBatches < range.end) {
      throw new Error(`${file}: has ${reader.isFile() ? reader.numRecordBatches : "no indexed"} record batches, the shard needs ${range.start}–${range.end - 1}; the file changed since the run was planned: plan it again.`);
    }
    for (let b = range.start; b < range.end; b++) {
      let objects;
      try {
        const batch = await reader.readRecordBatch(b);
        if (!batch) throw new Error(`record batch ${b} is missing`);
        objects = batchToObjects(batch);
      } catch (e) {
        throw new Error(`${file}: record batch ${b} (rows from ${row}) is damaged: ${(e as Error).message ?? String(e)}. Re-export the file; nothing was written.`);
      }
      const block = reader.footer?.getRecordBatch(b);
      if (progress && block) progress.bytesRead += block.metaDataLength + Number(block.bodyLength);
      yield objects.map((value) => ({ value, file, row: row++ }));
    }
  } finally {
    await handle.close().catch(() => {});
  }
}
