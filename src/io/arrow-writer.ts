import { RecordBatchFileWriter, RecordBatchStreamWriter, type RecordBatch, type Schema } from "apache-arrow";
// The byte queue the IPC writers write into; the same module instance the package entry uses.
import { AsyncByteQueue } from "apache-arrow/io/stream";
import { AtomicFile } from "./atomic-file.js";
import type { BatchWriter } from "./batch-writer.js";

/**
 * The IPC writer's sink. apache-arrow's writers push every byte they produce into an
 * unbounded queue (and, given a Node stream, pipe that queue into it with nothing to slow
 * the producer down), so writing faster than the disk takes memory proportional to the
 * output: 1 GB of RSS for a 1 GB file, measured. Here the writer's sink only collects the
 * chunks of the batch being written; ArrowBatchWriter hands them to the file and waits for
 * the file stream to drain before taking the next batch.
 */
class CollectingSink extends AsyncByteQueue {
  chunks: Uint8Array[] = [];
  override write(value: Uint8Array): void {
    if (value.byteLength > 0) this.chunks.push(value);
  }
  take(): Uint8Array[] {
    const out = this.chunks;
    this.chunks = [];
    return out;
  }
}

/** Arrow IPC writer: the file format (.arrow, random access) or the stream format (.arrows). */
export class ArrowBatchWriter implements BatchWriter {
  rows = 0;
  private constructor(
    private readonly file: AtomicFile,
    private readonly writer: RecordBatchFileWriter | RecordBatchStreamWriter,
    private readonly sink: CollectingSink,
  ) {}

  get path(): string {
    return this.file.path;
  }

  static async open(path: string, schema: Schema, kind: "file" | "stream"): Promise<ArrowBatchWriter> {
    const file = await AtomicFile.create(path);
    const writer = kind === "file" ? new RecordBatchFileWriter() : new RecordBatchStreamWriter();
    const sink = new CollectingSink();
    writer.reset(sink, schema);
    return new ArrowBatchWriter(file, writer, sink);
  }

  /** Write what the IPC writer produced so far, as one chunk, honouring back-pressure. */
  private async flush(): Promise<void> {
    const chunks = this.sink.take();
    if (chunks.length) await this.file.write(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  }

  async write(batch: RecordBatch): Promise<void> {
    if (!batch.numRows) return;
    this.writer.write(batch);
    this.rows += batch.numRows;
    await this.flush();
  }

  async close(): Promise<void> {
    // Closing writes the schema (when no batch came), the footer and the end-of-stream marker.
    this.writer.close();
    await this.flush();
    await this.file.commit();
  }

  async abort(): Promise<void> {
    await this.file.abort();
  }
}
