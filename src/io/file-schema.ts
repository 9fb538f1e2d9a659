import { openAsBlob } from "node:fs";
import { RecordBatchReader, type Schema } from "apache-arrow";
import { fileBytes } from "./file-bytes.js";
import { detectInputFormat } from "./input-format.js";
import { parquetWasm } from "./parquet-wasm.js";

/**
 * The Arrow schema a Parquet or Arrow IPC file declares (its real column types: Int32,
 * FixedSizeList<Float32> …), or undefined for JSON formats, which declare none. Readers
 * hand rows on as JS values, so this is where a report or a card learns the stored types.
 */
export async function declaredSchema(path: string): Promise<Schema | undefined> {
  const { format } = await detectInputFormat(path);
  if (format === "parquet") {
    const wasm = await parquetWasm();
    const file = await wasm.ParquetFile.fromFile(await openAsBlob(path));
    try {
      const reader = RecordBatchReader.from(file.schema().intoIPCStream());
      return reader.open().schema;
    } finally {
      file.free();
    }
  }
  if (format === "arrow") {
    const reader = await RecordBatchReader.from(fileBytes(path, {}) as AsyncIterable<Uint8Array>);
    await reader.open();
    const schema = reader.schema;
    await reader.cancel();
    return schema;
  }
  return undefined;
}
