import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { Readable } from "node:stream";
import type { ReadProgress } from "./source-record.js";

/**
 * The bytes of a file as an async iterable of chunks, decompressed when gzip, counting the
 * raw (on-disk) bytes into `progress` as they are read.
 */
export function fileBytes(file: string, options: { gzip?: boolean; progress?: ReadProgress }): AsyncIterable<Buffer> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
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
  return (options.gzip ? counted.pipe(createGunzip()) : counted) as AsyncIterable<Buffer>;
}
