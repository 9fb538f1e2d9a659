import { isUtf8 } from "node:buffer";
import { fileBytes, readFailure } from "./file-bytes.js";
import { MAX_NESTING_DEPTH, nestedDeeperThan } from "./nesting-depth.js";
import type { ReadProgress, SourceRecord } from "./source-record.js";
import { hasLoneSurrogate } from "./text-checks.js";
import { utf8TextBytes } from "./text-encoding.js";

const NEWLINE = 0x0a;

/**
 * Records of a JSON Lines file (plain or gzip), in chunks. Lines are split on raw bytes
 * and only each line is decoded, so a multi-byte character never straddles a decode.
 * Blank lines are skipped; a line that is not JSON, or nests deeper than
 * MAX_NESTING_DEPTH, becomes a record with `error` set. A line whose bytes are not valid
 * UTF-8 (or that escapes a lone surrogate) is read with U+FFFD in place of the bad
 * sequence and marked `replaced`. Invalid UTF-8 is looked for once per chunk of complete
 * lines; only a chunk that has some is checked line by line. With `range`, only the lines
 * that start in bytes [start, end) are read, numbered from firstRow/firstLine: the records
 * (rows, lines, rejects, `replaced`) are those the whole read gives for that part.
 */
export async function* jsonlRecords(
  file: string,
  options: { gzip: boolean; progress?: ReadProgress; chunkRows?: number; range?: JsonlRange },
): AsyncGenerator<SourceRecord[]> {
  const chunkRows = options.chunkRows ?? 1024;
  const range = options.range;
  const bytes = fileBytes(file, range ? { gzip: options.gzip, progress: options.progress, start: range.start, end: range.end } : options);
  // A range is UTF-8 text (planShards gives line ranges only to UTF-8 files): only the one
  // that starts the file can hold the byte-order mark, and no other is sniffed, since its
  // first bytes need not look like the file's.
  const stream = !range ? utf8TextBytes(bytes, file) : range.start === 0 ? withoutUtf8Bom(bytes) : bytes;
  let carry: Buffer | null = null;
  let line = range ? range.firstLine - 1 : 0;
  let row = range ? range.firstRow : 0;
  let out: SourceRecord[] = [];

  const take = (buf: Buffer, start: number, end: number, checkUtf8: boolean): void => {
    line++;
    if (end > start && buf[end - 1] === 0x0d) end--;
    // Skip whitespace-only lines: they are not records.
    let s = start;
    while (s < end && (buf[s] === 0x20 || buf[s] === 0x09 || buf[s] === 0x0d)) s++;
    if (s === end) return;
    const text = buf.toString("utf8", start, end);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      out.push({ error: `line is not valid JSON (${(e as Error).message})`, file, row: row++, line, raw: text });
      return;
    }
    if (nestedDeeperThan(value)) {
      out.push({ error: `value nested more than ${MAX_NESTING_DEPTH} levels deep`, file, row: row++, line, raw: text });
      return;
    }
    const rec: SourceRecord = { value, file, row: row++, line };
    if ((checkUtf8 && !isUtf8(buf.subarray(start, end))) || hasLoneSurrogate(text, value)) rec.replaced = true;
    out.push(rec);
  };

  try {
    try {
      for await (const chunk of stream) {
        const buf = chunk;
        let start = 0;
        if (carry) {
          const nl = buf.indexOf(NEWLINE);
          if (nl < 0) {
            carry = Buffer.concat([carry, buf]);
            continue;
          }
          const joined = Buffer.concat([carry, buf.subarray(0, nl)]);
          carry = null;
          take(joined, 0, joined.length, !isUtf8(joined));
          start = nl + 1;
        }
        const last = buf.lastIndexOf(NEWLINE);
        const badBytes = last > start && !isUtf8(buf.subarray(start, last));
        for (;;) {
          const nl = buf.indexOf(NEWLINE, start);
          if (nl < 0) break;
          take(buf, start, nl, badBytes);
          start = nl + 1;
        }
        if (start < buf.length) carry = Buffer.from(buf.subarray(start));
        if (out.length >= chunkRows) {
          yield out;
          out = [];
        }
      }
    } catch (e) {
      throw readFailure(file, e, { rows: row, line, gzip: options.gzip });
    }
    if (carry && carry.length) take(carry, 0, carry.length, !isUtf8(carry));
    if (out.length) yield out;
  } finally {
    // A reader that stops early (a sample, a limit) must not leave the file open.
    await bytes.return(undefined);
  }
}

/** Where a byte range of a JSON Lines file starts, and how its records are numbered. */
export interface JsonlRange {
  /** First byte (a line start) and the byte after the last: the range owns the lines that start in [start, end). */
  start: number;
  end: number;
  /** 0-based record index of the range's first record within the file. */
  firstRow: number;
  /** 1-based line number of the range's first line. */
  firstLine: number;
}

/** The bytes with a leading UTF-8 byte-order mark dropped. */
async function* withoutUtf8Bom(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let head: Buffer | undefined = Buffer.alloc(0);
  for await (const chunk of chunks) {
    if (!head) {
      yield chunk;
      continue;
    }
    head = head.length ? Buffer.concat([head, chunk]) : chunk;
    if (head.length < 3) continue;
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    if (head.length > bom) yield head.subarray(bom);
    head = undefined;
  }
  if (head?.length) yield head;
}
