import { isUtf8 } from "node:buffer";
import type { Writable } from "node:stream";
import { parse } from "csv-parse";
import { fileBytes, readFailure } from "./file-bytes.js";
import { setOwn } from "./own-value.js";
import type { ReadProgress, SourceRecord } from "./source-record.js";
import { utf8TextBytes } from "./text-encoding.js";

/** The field separators of the delimited formats. */
export const DELIMITERS = { csv: ",", tsv: "\t" } as const;

/**
 * Records of a delimited text file (CSV or TSV, plain or gzip), streamed through csv-parse.
 * The first record is the header and names the columns; every later record becomes an
 * object of those names. CSV has no types, so every value is a string (an empty field is
 * the empty string): casting is left to whoever reads the output.
 *
 * - An empty header name (a pandas index column) is an ordinary column named "".
 *   A name that repeats an earlier one gets `_2`, `_3` … so no value is lost.
 * - A record with more or fewer fields than the header becomes a record with `error` set,
 *   naming both counts; the rest of the file reads on.
 * - Quoted fields may hold delimiters, line breaks and doubled quotes; a quote inside an
 *   unquoted field is kept as text. Blank and whitespace-only lines are not records.
 * - A UTF-8 byte-order mark is stripped and UTF-16 is decoded (see utf8TextBytes). Bytes
 *   that are not valid UTF-8 are read as U+FFFD; a record holding one is marked `replaced`.
 * - A quote opened and never closed runs to the end of the file, so how many rows the
 *   tail held cannot be known: that is an error naming the file and the line, like a
 *   truncated JSON array.
 */
export async function* delimitedRecords(
  file: string,
  options: { gzip: boolean; delimiter: string; progress?: ReadProgress; chunkRows?: number },
): AsyncGenerator<SourceRecord[]> {
  const chunkRows = options.chunkRows ?? 1024;
  const stream = utf8TextBytes(fileBytes(file, options), file);
  const parser = parse({
    delimiter: options.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    raw: true,
    // The one error left with the options above, a quote never closed, arrives as a skip
    // after every record before it: it is raised below, once those have been read.
    skip_records_with_error: true,
  });
  let skipped: (Error & { code?: string; raw?: string }) | undefined;
  parser.on("skip", (e: Error) => {
    skipped ??= e;
  });
  // Whether any bytes fed so far were not valid UTF-8: only then can a U+FFFD be a replacement.
  let badBytes = false;
  const feed = (async () => {
    try {
      for await (const chunk of stream) {
        // A reader that stopped early destroys the parser: stop reading the file too.
        if (parser.destroyed) return;
        badBytes ||= !isUtf8(chunk);
        if (!parser.write(chunk)) await drainedOrClosed(parser);
      }
      if (!parser.destroyed) parser.end();
    } catch (e) {
      parser.destroy(e as Error);
    }
  })();

  let header: string[] | undefined;
  let row = 0;
  const lines = new LineCounter();
  let out: SourceRecord[] = [];
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      const { record, raw } = item;
      const line = lines.startOf(raw);
      // A whitespace-only line parses as one blank field: not a record, as in JSON Lines.
      if (record.length === 1 && !record[0]!.trim() && (header === undefined || header.length > 1)) continue;
      if (header === undefined) {
        header = columnNames(record);
        continue;
      }
      if (record.length !== header.length) {
        out.push({
          error: `row has ${record.length} field${record.length === 1 ? "" : "s"}, the header has ${header.length}`,
          file,
          row: row++,
          line,
          raw: raw.replace(/(?:\r\n|\n|\r)$/, ""),
        });
      } else {
        const value: Record<string, unknown> = {};
        for (let i = 0; i < header.length; i++) setOwn(value, header[i]!, record[i]!);
        const rec: SourceRecord = { value, file, row: row++, line };
        if (badBytes && record.some((f) => f.includes("\uFFFD"))) rec.replaced = true;
        out.push(rec);
      }
      if (out.length >= chunkRows) {
        yield out;
        out = [];
      }
    }
  } catch (e) {
    throw readFailure(file, e, { rows: row, line: lines.next, gzip: options.gzip });
  } finally {
    parser.destroy();
    await feed;
  }
  if (skipped) {
    const line = skipped.raw !== undefined ? lines.startOf(skipped.raw) : lines.next;
    if (skipped.code === "CSV_QUOTE_NOT_CLOSED") {
      throw new Error(
        `${file}: the quoted field of the record at line ${line} is never closed, so the rest of the file (after ${row} rows) cannot be read as rows. ` +
          `Fix the stray quote or re-create the file; nothing was written.`,
      );
    }
    throw readFailure(file, skipped, { rows: row, line, gzip: options.gzip });
  }
  if (out.length) yield out;
}

/**
 * Line numbers of records, counted from their raw text in order: a raw record holds the
 * blank lines skipped before it, its own text and its line break. `\r\n`, `\n` and a lone
 * `\r` are one line break each; csv-parse leaves the `\n` of a CRLF record break out of
 * the raw text, so a record whose raw text starts with it continues the previous break.
 */
class LineCounter {
  /** The 1-based line after the text counted so far. */
  next = 1;
  private endedWithCr = false;

  /** The line a record starts on; counts its raw text. */
  startOf(raw: string): number {
    let i = this.endedWithCr && raw.charCodeAt(0) === 0x0a ? 1 : 0;
    // Blank lines before the record.
    while (i < raw.length) {
      const c = raw.charCodeAt(i);
      if (c === 0x0d) i += raw.charCodeAt(i + 1) === 0x0a ? 2 : 1;
      else if (c === 0x0a) i++;
      else break;
      this.next++;
    }
    const start = this.next;
    for (; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      if (c === 0x0a) this.next++;
      else if (c === 0x0d) {
        this.next++;
        if (raw.charCodeAt(i + 1) === 0x0a) i++;
      }
    }
    this.endedWithCr = raw.charCodeAt(raw.length - 1) === 0x0d;
    return start;
  }
}

/** Header names as column names: a repeated name gets `_2`, `_3` … */
function columnNames(header: ReadonlyArray<string>): string[] {
  const seen = new Set<string>();
  return header.map((name) => {
    let out = name;
    for (let n = 2; seen.has(out); n++) out = `${name}_${n}`;
    seen.add(out);
    return out;
  });
}

/** Resolves when a stream can take more input or is gone (an error destroys, hence closes, it). */
function drainedOrClosed(s: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      s.off("drain", done);
      s.off("close", done);
      resolve();
    };
    s.on("drain", done);
    s.on("close", done);
  });
}
