import { fileBytes } from "./file-bytes.js";
import type { ReadProgress, SourceRecord } from "./source-record.js";

const NEWLINE = 0x0a;

/**
 * Records of a JSON Lines file (plain or gzip), in chunks. Lines are split on raw bytes
 * and only each line is decoded, so a multi-byte character never straddles a decode.
 * Blank lines are skipped; a line that is not JSON becomes a record with `error` set.
 */
export async function* jsonlRecords(
  file: string,
  options: { gzip: boolean; progress?: ReadProgress; chunkRows?: number },
): AsyncGenerator<SourceRecord[]> {
  const chunkRows = options.chunkRows ?? 1024;
  const stream = fileBytes(file, options);
  let carry: Buffer | null = null;
  let line = 0;
  let row = 0;
  let out: SourceRecord[] = [];

  const take = (buf: Buffer, start: number, end: number): void => {
    line++;
    if (end > start && buf[end - 1] === 0x0d) end--;
    // Skip whitespace-only lines: they are not records.
    let s = start;
    while (s < end && (buf[s] === 0x20 || buf[s] === 0x09 || buf[s] === 0x0d)) s++;
    if (s === end) return;
    const text = buf.toString("utf8", start, end);
    try {
      out.push({ value: JSON.parse(text), file, row: row++, line });
    } catch (e) {
      out.push({ error: `line is not valid JSON (${(e as Error).message})`, file, row: row++, line, raw: text });
    }
  };

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let buf = chunk;
    let start = 0;
    if (carry) {
      const nl = buf.indexOf(NEWLINE);
      if (nl < 0) {
        carry = Buffer.concat([carry, buf]);
        continue;
      }
      const joined = Buffer.concat([carry, buf.subarray(0, nl)]);
      carry = null;
      take(joined, 0, joined.length);
      start = nl + 1;
    }
    for (;;) {
      const nl = buf.indexOf(NEWLINE, start);
      if (nl < 0) break;
      take(buf, start, nl);
      start = nl + 1;
    }
    if (start < buf.length) carry = Buffer.from(buf.subarray(start));
    if (out.length >= chunkRows) {
      yield out;
      out = [];
    }
  }
  if (carry && carry.length) take(carry, 0, carry.length);
  if (out.length) yield out;
}
