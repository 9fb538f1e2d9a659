import { Table, tableToIPC, type RecordBatch, type Schema } from "apache-arrow";
import { emptyRecordBatch } from "./column-vector.js";
import { AtomicFile } from "./atomic-file.js";
import type { BatchWriter } from "./batch-writer.js";
import { parquetWasm } from "./parquet-wasm.js";

/** Rows per Parquet row group: large enough to compress well, small enough to stream back. */
const ROW_GROUP_ROWS = 65_536;

/**
 * Parquet writer (zstd) on parquet-wasm's streaming writer: batches go in as Arrow IPC,
 * bytes come out per row group and go straight to the temporary file, so memory holds
 * at most one row group.
 */
export class ParquetBatchWriter implements BatchWriter {
  rows = 0;
  private pushBatch!: (b: unknown) => void;
  private endInput!: () => void;
  private readonly done: Promise<void>;
  private wroteAny = false;

  private constructor(
    private readonly file: AtomicFile,
    private readonly schema: Schema,
    wasm: typeof import("parquet-wasm"),
  ) {
    const input = new ReadableStream({
      start: (controller) => {
        this.pushBatch = (b) => controller.enqueue(b);
        this.endInput = () => controller.close();
      },
    });
    const props = new wasm.WriterPropertiesBuilder()
      .setCompression(wasm.Compression.ZSTD)
      .setMaxRowGroupSize(ROW_GROUP_ROWS)
      .build();
    this.done = (async () => {
      const output = (await wasm.transformParquetStream(input, props)) as ReadableStream<Uint8Array>;
      for await (const chunk of output as unknown as AsyncIterable<Uint8Array>) await this.file.write(chunk);
    })();
    // Keep an early failure from surfacing as an unhandled rejection before close().
    this.done.catch(() => {});
  }

  get path(): string {
    return this.file.path;
  }

  static async open(path: string, schema: Schema): Promise<ParquetBatchWriter> {
    return new ParquetBatchWriter(await AtomicFile.create(path), schema, await parquetWasm());
  }

  private async push(batch: RecordBatch): Promise<void> {
    const wasm = await parquetWasm();
    const table = wasm.Table.fromIPCStream(tableToIPC(new Table(batch), "stream"));
    for (const b of table.recordBatches()) this.pushBatch(b);
    this.wroteAny = true;
  }

  async write(batch: RecordBatch): Promise<void> {
    if (!batch.numRows) return;
    await this.push(batch);
    this.rows += batch.numRows;
  }

  async close(): Promise<void> {
    // A file with no rows still carries the schema.
    if (!this.wroteAny) await this.push(emptyRecordBatch(this.schema));
    this.endInput();
    await this.done;
    await this.file.commit();
  }

  async abort(): Promise<void> {
    try {
      this.endInput();
    } catch {
      /* already closed */
    }
    await this.file.abort();
  }
}
