import { fileBytes } from "./file-bytes.js";
import { RecordBatchReader } from "apache-arrow";
import { batchToObjects } from "./arrow-values.js";
import type { ReadProgress, SourceRecord } from "./source-record.js";

/** Records of an Arrow IPC file or stream, one record batch at a time. */
export async function* arrowRecords(file: string, options: { progress?: ReadProgress }): AsyncGenerator<SourceRecord[]> {
  const stream = fileBytes(file, options);
  let row = 0;
  let reader: RecordBatchReader;
  try {
    reader = await RecordBatchReader.from(stream as unknown as AsyncIterable<Uint8Array>);
  } catch (e) {
    throw new Error(`${file}: not a readable Arrow IPC file or stream (${(e as Error).message}).`);
  }
  for await (const batch of reader) {
    const objects = batchToObjects(batch);
    yield objects.map((value) => ({ value, file, row: row++ }));
  }
}
