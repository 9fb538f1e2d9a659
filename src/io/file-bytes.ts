import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { Readable } from "node:stream";
import type { ReadProgress } from "./source-record.js";

/**
 * The bytes of a file as an async iterable of chunks, decompressed when gzip, counting the
 * raw (on-disk) bytes into `progress` as they are read. With `start`/`end`, only the bytes
 * [start, end) of the file (a shard's byte range; raw bytes, so not with gzip). Returning
 * the generator early (a reader that stops part way) closes the file.
 */
export async function* fileBytes(
  file: string,
  options: { gzip?: boolean; progress?: ReadProgress; start?: number; end?: number },
): AsyncGenerator<Buffer> {
  const ranged = options.start !== undefined || options.end !== undefined;
  if (ranged && options.gzip) throw new Error(`${file}: a byte range of gzip data cannot be read on its own; read the whole file.`);
  const start = options.start ?? 0;
  // createReadStream's `end` is inclusive; an empty range opens nothing.
  if (options.end !== undefined && options.end <= start) return;
  const raw = createReadStream(file, {
    // 64 KiB reads: each chunk is a fresh allocation that lives until its lines are parsed;
    // at 1 MiB they came from the malloc heap and fragmented it (a 200k-row `run` peaked
    // ≈ 12 MiB higher in two alternating runs, at the same speed).
    highWaterMark: 1 << 16,
    ...(ranged ? { start } : {}),
    ...(options.end !== undefined ? { end: options.end - 1 } : {}),
  });
  const progress = options.progress;
  const counted = progress
    ? Readable.from(
        (async function* () {
          for await (const chunk of raw as AsyncIterable<Buffer>) {
            progress.bytesRead += chunk.length;
            yield chunk;
          }
        })(),
        { objectMode: false },
      )
    : raw;
  const out = options.gzip ? counted.pipe(createGunzip()) : counted;
  try {
    for await (const chunk of out as AsyncIterable<Buffer>) yield chunk;
  } finally {
    if (out !== raw) out.destroy();
    if (counted !== raw) counted.destroy();
    raw.destroy();
  }
}

/**
 * The error for a text input that stopped being readable part way (a truncated or damaged
 * gzip stream, a read error): one line naming the file, how far reading got and what to
 * do. Such damage fails the run (no output is committed) rather than skipping the rest:
 * how many rows the lost tail held cannot be known. Errors that already name the file
 * pass through unchanged.
 */
export function readFailure(file: string, e: unknown, at: { rows: number; line?: number; gzip: boolean }): Error {
  const message = e instanceof Error ? e.message : String(e);
  if (message.startsWith(`${file}:`)) return e as Error;
  const where = `after ${at.rows} rows${at.line !== undefined ? ` (line ${at.line})` : ""}`;
  if (at.gzip) {
    return new Error(`${file}: the gzip data is truncated or damaged ${where} (${message}). Re-create or re-download the file; nothing was written.`);
  }
  return new Error(`${file}: reading failed ${where} (${message}). Check the file; nothing was written.`);
}
