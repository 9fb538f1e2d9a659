import { openAsBlob } from "node:fs";
import type { RecordBatch, Schema } from "apache-arrow";
import { ArrowIpcStreamEncoder } from "./arrow-ipc-stream.js";
import { emptyRecordBatch } from "./column-vector.js";
import { AtomicFile } from "./atomic-file.js";
import type { BatchWriter, ParquetCompression } from "./batch-writer.js";
import { parquetWasm } from "./parquet-wasm.js";
import { parquetWriterProperties } from "./parquet-writer-properties.js";

export { rowGroupRows } from "./parquet-writer-properties.js";

/** The row count a Parquet file's footer declares. */
export async function parquetRowCount(wasm: typeof import("parquet-wasm"), path: string): Promise<number> {
  const file = await wasm.ParquetFile.fromFile(await openAsBlob(path));
  try {
    return file.metadata().fileMetadata().numRows();
  } finally {
    file.free();
  }
}

/** Batches queued ahead of the encoder before write() waits for it (back-pressure). */
const QUEUED_BATCHES = 2;

/**
 * Parquet writer (zstd) on parquet-wasm's streaming writer: batches go in as Arrow IPC
 * (encoded into one reused buffer, see ArrowIpcStreamEncoder), bytes come out per row group
 * and go straight to the temporary file. Properties: parquetWriterProperties. write() waits while
 * the encoder is QUEUED_BATCHES behind (the input stream's desiredSize), and the file
 * stream's own back-pressure slows the encoder, so memory holds about one row group
 * whatever the row count. (Enqueued without waiting, batches would pile up and peak RSS
 * would grow with the input whenever reading outpaced encoding.)
 */
export class ParquetBatchWriter implements BatchWriter {
  rows = 0;
  private controller!: ReadableStreamDefaultController<unknown>;
  private wake: (() => void) | undefined;
  private done: Promise<void> | undefined;
  private readonly input: ReadableStream<unknown>;
  private readonly ipc = new ArrowIpcStreamEncoder();

  private constructor(
    private readonly file: AtomicFile,
    private readonly schema: Schema,
    private readonly wasm: typeof import("parquet-wasm"),
    private readonly compression: ParquetCompression,
  ) {
    this.input = new ReadableStream(
      {
        start: (controller) => {
          this.controller = controller;
        },
        // Called when the encoder has taken a batch and the queue is below its mark.
        pull: () => {
          const wake = this.wake;
          this.wake = undefined;
          wake?.();
        },
      },
      { highWaterMark: QUEUED_BATCHES },
    );
  }

  get path(): string {
    return this.file.path;
  }

  static async open(path: string, schema: Schema, compression: ParquetCompression = "zstd"): Promise<ParquetBatchWriter> {
    return new ParquetBatchWriter(await AtomicFile.create(path), schema, await parquetWasm(), compression);
  }

  /** Start the encoder once the first batch tells the row size. */
  private start(sample: RecordBatch | undefined): void {
    const wasm = this.wasm;
    const props = parquetWriterProperties(wasm, sample, this.compression);
    this.done = (async () => {
      const output = (await wasm.transformParquetStream(this.input, props)) as ReadableStream<Uint8Array>;
      for await (const chunk of output as unknown as AsyncIterable<Uint8Array>) await this.file.write(chunk);
    })();
    // Keep an early failure from surfacing as an unhandled rejection before close().
    this.done.catch(() => {});
  }

  private async push(batch: RecordBatch): Promise<void> {
    if (!this.done) this.start(batch);
    const table = this.wasm.Table.fromIPCStream(this.ipc.encode([batch]));
    const batches = table.recordBatches();
    // The batches share their buffers with the table; free the table's hold now. Left to
    // the JS garbage collector (a finaliser, run only at a major GC), every batch's copy
    // stayed in WebAssembly memory for a while, and that memory never shrinks.
    table.free();
    for (const b of batches) {
      this.controller.enqueue(b);
      if ((this.controller.desiredSize ?? 1) <= 0) {
        // Wait for the encoder to take it, or for the encoder to fail (then close() reports it).
        await Promise.race([new Promise<void>((r) => (this.wake = r)), this.done!.then(() => {}, () => {})]);
      }
    }
  }

  async write(batch: RecordBatch): Promise<void> {
    if (!batch.numRows) return;
    await this.push(batch);
    this.rows += batch.numRows;
  }

  async close(): Promise<void> {
    // A file with no rows still carries the schema.
    if (!this.done) await this.push(emptyRecordBatch(this.schema));
    this.controller.close();
    await this.done;
    // parquet-wasm's streaming writer drops the errors of its inner writes, so a failed
    // encode could end as a valid but short file: the footer must count every row we gave it.
    await this.file.commit(async (tempPath) => {
      const written = await parquetRowCount(this.wasm, tempPath);
      if (written !== this.rows) {
        throw new Error(
          `${this.path}: the Parquet encoder wrote ${written} of ${this.rows} rows without reporting an error; the file was not kept. ` +
            "Run again; if it repeats, write .arrow or .jsonl output instead and report the input that caused it.",
        );
      }
    });
  }

  async abort(): Promise<void> {
    try {
      this.controller.error(new Error("aborted"));
    } catch {
      /* already closed */
    }
    await this.done?.catch(() => {});
    await this.file.abort();
  }
}
