import { DataType, Message, Table, tableToIPC, type RecordBatch, type Schema } from "apache-arrow";
import { RecordBatch as RecordBatchHeader } from "apache-arrow/ipc/metadata/message";
import { VectorAssembler } from "apache-arrow/visitor/vectorassembler";

/** Every IPC message and body buffer starts on an 8-byte boundary. */
const ALIGN = 8;
const CONTINUATION = 0xffffffff;

const aligned = (n: number): number => (n + ALIGN - 1) & ~(ALIGN - 1);

/**
 * Arrow IPC stream bytes for record batches, written into one buffer that is reused from
 * call to call, so each view is valid only until the next encode().
 *
 * Why not apache-arrow's tableToIPC: it gathers the stream as small chunks and joins them
 * into a fresh Uint8Array per call. For 2048 SFT rows that is a 2–3 MB allocation each
 * time, and the page faults and GC work on those short-lived buffers made it cost 10–20×
 * the copy itself (≈ 3 µs a row of main-thread CPU, measured on Dolly rows). The bytes are
 * the same as tableToIPC(..., "stream") writes (the tests compare them); only the
 * destination differs. Schemas with dictionary-encoded fields would need dictionary
 * messages first, so those take tableToIPC's path.
 */
export class ArrowIpcStreamEncoder {
  private scratch = new Uint8Array(1 << 20);
  private schemaMessage: Uint8Array | undefined;
  private schemaOf: Schema | undefined;

  /** The stream (schema, one message per batch, end-of-stream) for batches of one schema. */
  encode(batches: readonly RecordBatch[]): Uint8Array {
    const schema = batches[0]!.schema;
    if (schema.fields.some((f) => hasDictionary(f.type))) return tableToIPC(new Table(batches as RecordBatch[]), "stream");
    if (this.schemaOf !== schema) {
      this.schemaMessage = Message.encode(Message.from(schema));
      this.schemaOf = schema;
    }
    const parts = batches.map((batch) => {
      const body = VectorAssembler.assemble(batch);
      const header = new RecordBatchHeader(batch.numRows, body.nodes, body.bufferRegions, null, body.variadicBufferCounts, batch.metadata);
      return { body, message: Message.encode(Message.from(header, body.byteLength)) };
    });
    let size = messageSize(this.schemaMessage!) + 8;
    for (const p of parts) size += messageSize(p.message) + p.body.byteLength;
    if (this.scratch.byteLength < size) this.scratch = new Uint8Array(Math.max(size, this.scratch.byteLength * 2));
    const out = this.scratch;
    const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
    let at = writeMessage(out, view, 0, this.schemaMessage!);
    for (const p of parts) {
      at = writeMessage(out, view, at, p.message);
      for (const buffer of p.body.buffers) {
        const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
        if (!bytes.byteLength) continue;
        out.set(bytes, at);
        at += bytes.byteLength;
        const end = aligned(at);
        out.fill(0, at, end);
        at = end;
      }
    }
    view.setUint32(at, CONTINUATION, true);
    view.setInt32(at + 4, 0, true);
    at += 8;
    if (at !== size) throw new Error(`Arrow IPC encoding: wrote ${at} bytes, expected ${size}`);
    return out.subarray(0, size);
  }
}

/** Bytes of one encapsulated message before its body: continuation, length, flatbuffer, padding. */
function messageSize(flatbuffer: Uint8Array): number {
  return aligned(8 + flatbuffer.byteLength);
}

function writeMessage(out: Uint8Array, view: DataView, at: number, flatbuffer: Uint8Array): number {
  const size = messageSize(flatbuffer);
  view.setUint32(at, CONTINUATION, true);
  view.setInt32(at + 4, size - 8, true);
  out.set(flatbuffer, at + 8);
  out.fill(0, at + 8 + flatbuffer.byteLength, at + size);
  return at + size;
}

function hasDictionary(type: DataType): boolean {
  return DataType.isDictionary(type) || (type.children ?? []).some((c) => hasDictionary(c.type));
}
