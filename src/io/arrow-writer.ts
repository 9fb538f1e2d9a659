import { RecordBatchFileWriter, RecordBatchStreamWriter, type RecordBatch, type Schema } from "apache-arrow";
import { AtomicFile } from "./atomic-file.js";
import type { BatchWriter } from "./batch-writer.js";

/** Arrow IPC writer: the file format (.arrow, random access) or the stream format (.arrows). */
export class ArrowBatchWriter implements BatchWriter {
  rows = 0;
  private constructor(
    private readonly file: AtomicFile,
    private readonly writer: RecordBatchFileWriter | RecordBatchStreamWriter,
  ) {}

  get path(): string {
    return this.file.path;
  }

  static async open(path: string, schema: Schema, kind: "file" | "stream"): Promise<ArrowBatchWriter> {
    const file = await AtomicFile.create(path);
    const writer = kind === "file" ? new RecordBatchFileWriter() : new RecordBatchStreamWriter();
    // The writer pipes its bytes into the temporary file as they are produced.
    writer.reset(file.stream, schema);
    return new ArrowBatchWriter(file, writer);
  }

  async write(batch: RecordBatch): Promise<void> {
    if (!batch.numRows) return;
    this.writer.write(batch);
    this.rows += batch.numRows;
    if (this.file.stream.writableNeedDrain) await new Promise<void>((r) => this.file.stream.once("drain", () => r()));
  }

  async close(): Promise<void> {
    this.writer.close();
    await this.file.commitEnded();
  }

  async abort(): Promise<void> {
    await this.file.abort();
  }
}
