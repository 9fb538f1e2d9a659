import { isUtf8 } from "node:buffer";
import { fileBytes, readFailure } from "./file-bytes.js";
import { MAX_NESTING_DEPTH, nestedDeeperThan } from "./nesting-depth.js";
import type { ReadProgress, SourceRecord } from "./source-record.js";
import { hasLoneSurrogate } from "./text-checks.js";
import { utf8TextBytes } from "./text-encoding.js";

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/**
 * Records of a JSON file holding one top-level array, streamed element by element so a
 * large file never sits in memory whole. A scanner tracks open brackets and strings on
 * raw bytes to find where each element ends; only elements are decoded and parsed.
 *
 * One malformed element must not swallow the rest of the file, so the scanner resyncs:
 * a closing bracket that does not match the innermost open one closes up to its match
 * (a `]` with no `[` open in the element ends the array), and a raw newline inside a
 * string (never valid JSON) ends that string. The element then fails to parse and becomes
 * a record with `error` set, like an element nested deeper than MAX_NESTING_DEPTH. A file
 * that is not an array at all, or ends inside an element, is an error naming the file.
 */
export async function* jsonArrayRecords(
  file: string,
  options: { gzip: boolean; progress?: ReadProgress; chunkRows?: number },
): AsyncGenerator<SourceRecord[]> {
  const chunkRows = options.chunkRows ?? 1024;
  const stream = utf8TextBytes(fileBytes(file, options), file);

  let state: "before" | "between" | "element" | "done" = "before";
  // Open brackets of the current element, innermost last.
  const open: number[] = [];
  let inString = false;
  let escaped = false;
  let parts: Buffer[] = [];
  // Whether a part of the current element came from a chunk that is not all valid UTF-8.
  let checkUtf8 = false;
  let line = 1;
  let elementLine = 1;
  let row = 0;
  let out: SourceRecord[] = [];

  const finish = (): void => {
    const bytes = Buffer.concat(parts);
    const text = bytes.toString("utf8").trim();
    parts = [];
    open.length = 0;
    inString = false;
    escaped = false;
    const replaced = checkUtf8 && !isUtf8(bytes);
    checkUtf8 = false;
    if (!text) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      out.push({ error: `array element is not valid JSON (${(e as Error).message})`, file, row: row++, line: elementLine, raw: text });
      return;
    }
    if (nestedDeeperThan(value)) {
      out.push({ error: `value nested more than ${MAX_NESTING_DEPTH} levels deep`, file, row: row++, line: elementLine, raw: text });
      return;
    }
    const rec: SourceRecord = { value, file, row: row++, line: elementLine };
    if (replaced || hasLoneSurrogate(text, value)) rec.replaced = true;
    out.push(rec);
  };

  /** Close brackets down to the innermost `opener`; false when none is open. */
  const closeTo = (opener: number): boolean => {
    const at = open.lastIndexOf(opener);
    if (at < 0) return false;
    open.length = at;
    return true;
  };

  try {
    for await (const chunk of stream) {
      const chunkBad = !isUtf8(chunk);
      let segStart = 0;
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk[i]!;
        if (c === 0x0a) line++;
        if (state === "element") {
          if (inString) {
            if (escaped) escaped = false;
            else if (c === 0x5c) escaped = true;
            else if (c === 0x22) inString = false;
            else if (c === 0x0a) inString = false; // a broken string: resync at the line end
            continue;
          }
          if (c === 0x22) inString = true;
          else if (c === OPEN_OBJECT || c === OPEN_ARRAY) open.push(c);
          else if (c === CLOSE_ARRAY) {
            if (!closeTo(OPEN_ARRAY)) {
              // The closing bracket of the top-level array.
              parts.push(chunk.subarray(segStart, i));
              checkUtf8 ||= chunkBad;
              finish();
              state = "done";
            }
          } else if (c === CLOSE_OBJECT) closeTo(OPEN_OBJECT);
          else if (c === 0x2c && open.length === 0) {
            parts.push(chunk.subarray(segStart, i));
            checkUtf8 ||= chunkBad;
            finish();
            state = "between";
          }
          continue;
        }
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
        if (state === "before") {
          if (c !== OPEN_ARRAY) {
            throw new Error(`${file}: expected a JSON array ('[') at line ${line}; for one object per line use the .jsonl extension.`);
          }
          state = "between";
        } else if (state === "between") {
          if (c === CLOSE_ARRAY) {
            state = "done";
            continue;
          }
          state = "element";
          elementLine = line;
          segStart = i;
          i--; // re-scan this byte as part of the element
          if (c === 0x0a) line--;
        } else if (state === "done") {
          throw new Error(`${file}: unexpected content after the closing ']' at line ${line}; a JSON file must hold one array.`);
        }
      }
      if (state === "element") {
        parts.push(Buffer.from(chunk.subarray(segStart)));
        checkUtf8 ||= chunkBad;
      }
      if (out.length >= chunkRows) {
        yield out;
        out = [];
      }
    }
  } catch (e) {
    throw readFailure(file, e, { rows: row, line, gzip: options.gzip });
  }
  if (state === "element") {
    throw new Error(
      `${file}: the JSON array is not closed: the file ends inside element ${row} (starting at line ${elementLine}), so it is truncated. Re-create it; nothing was written.`,
    );
  }
  if (out.length) yield out;
}
