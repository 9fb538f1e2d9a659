import { open } from "node:fs/promises";
import { Message, RecordBatchReader } from "apache-arrow";

/** One record batch of an Arrow IPC file, as its footer and metadata give it. */
export interface ArrowFileBlock {
  rows: number;
  /** Bytes on disk: the batch's metadata message and its body. */
  bytes: number;
}

/** The continuation marker that precedes an IPC message's length (format ≥ 0.15). */
const CONTINUATION = 0xffffffff;

/**
 * The record batches of an Arrow IPC *file* (random access: a footer indexes its batches),
 * with their row counts read from each batch's metadata message alone — no body is read, so
 * this costs a few hundred bytes a batch whatever the file's size. Undefined for an IPC
 * stream (no index: read whole) and for anything unreadable (its reader reports it).
 */
export async function arrowFileBlocks(file: string): Promise<ArrowFileBlock[] | undefined> {
  let handle;
  try {
    handle = await open(file, "r");
    const reader = await RecordBatchReader.from(handle);
    await reader.open();
    if (!reader.isFile() || !reader.footer) return undefined;
    const blocks: ArrowFileBlock[] = [];
    for (const block of reader.footer.recordBatches()) {
      const meta = Buffer.alloc(block.metaDataLength);
      await handle.read(meta, 0, meta.length, Number(block.offset));
      const prefix = meta.readUInt32LE(0) === CONTINUATION ? 8 : 4;
      const header = Message.decode(meta.subarray(prefix)).header() as { length?: number | bigint } | null;
      if (header?.length === undefined) return undefined;
      blocks.push({ rows: Number(header.length), bytes: block.metaDataLength + Number(block.bodyLength) });
    }
    return blocks;
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => {});
  }
}
