import { fileBytes } from "./file-bytes.js";
import type { ReadProgress, SourceRecord } from "./source-record.js";

/**
 * Records of a JSON file holding one top-level array, streamed element by element so a
 * large file never sits in memory whole. A scanner tracks nesting depth and strings on
 * raw bytes to find where each element ends; only elements are decoded and parsed.
 * An element that is not valid JSON becomes a record with `error` set; a file that is not
 * an array at all is an error naming the file.
 */
export async function* jsonArrayRecords(
  file: string,
  options: { gzip: boolean; progress?: ReadProgress; chunkRows?: number },
): AsyncGenerator<SourceRecord[]> {
  const chunkRows = options.chunkRows ?? 1024;
  const stream = fileBytes(file, options);

  let state: "before" | "between" | "element" | "done" = "before";
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: Buffer[] = [];
  let line = 1;
  let elementLine = 1;
  let row = 0;
  let out: SourceRecord[] = [];

  const finish = (): void => {
    const text = Buffer.concat(parts).toString("utf8").trim();
    parts = [];
    if (!text) return;
    try {
      out.push({ value: JSON.parse(text), file, row: row++, line: elementLine });
    } catch (e) {
      out.push({ error: `array element is not valid JSON (${(e as Error).message})`, file, row: row++, line: elementLine, raw: text });
    }
  };

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let segStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === 0x0a) line++;
      if (state === "element") {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) inString = false;
          continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          if (depth === 0) {
            // The closing bracket of the top-level array.
            parts.push(chunk.subarray(segStart, i));
            finish();
            state = "done";
            continue;
          }
          depth--;
        } else if (c === 0x2c && depth === 0) {
          parts.push(chunk.subarray(segStart, i));
          finish();
          state = "between";
        }
        continue;
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
      if (state === "before") {
        if (c !== 0x5b) {
          throw new Error(`${file}: expected a JSON array ('[') at line ${line}; for one object per line use the .jsonl extension.`);
        }
        state = "between";
      } else if (state === "between") {
        if (c === 0x5d) {
          state = "done";
          continue;
        }
        state = "element";
        elementLine = line;
        segStart = i;
        i--; // re-scan this byte as part of the element
        if (c === 0x0a) line--;
      } else if (state === "done") {
        throw new Error(`${file}: unexpected content after the closing ']' at line ${line}.`);
      }
    }
    if (state === "element") parts.push(Buffer.from(chunk.subarray(segStart)));
    if (out.length >= chunkRows) {
      yield out;
      out = [];
    }
  }
  if (state === "element") {
    throw new Error(`${file}: the JSON array is not closed (file truncated?) — element ${row} starting at line ${elementLine} is incomplete.`);
  }
  if (state === "before") {
    // An empty file is an empty dataset.
  }
  if (out.length) yield out;
}
