import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { expandInputs } from "./dataset-reader.js";
import { arrowFileBlocks } from "./arrow-file-blocks.js";
import { detectInputFormat, readHead, type DatasetFormat } from "./input-format.js";
import { parquetRowGroups } from "./parquet-row-groups.js";
import { sniffEncoding } from "./text-encoding.js";

/**
 * One part of a dataset's input that a job reads on its own (openDataset's `shard`). The
 * shards of a plan, read in index order, give exactly the records of the whole read.
 */
export interface InputShard {
  /** Position in the plan: the rows of shard i come before those of shard i+1 (input order). */
  index: number;
  /** The file, as expandInputs gives it. */
  file: string;
  /**
   * line-range: JSONL bytes [start, end) (boundaries at line starts: a range owns the lines
   * that start inside it); row-groups: Parquet row groups [start, end); record-batches: the
   * record batches [start, end) of an Arrow IPC file; whole-file: every other format (.gz,
   * JSON arrays, CSV/TSV, Arrow IPC streams), start = end = 0.
   */
  kind: "line-range" | "row-groups" | "record-batches" | "whole-file";
  start: number;
  end: number;
  /**
   * 0-based record index within the file of the shard's first record (blank lines are not
   * records, as jsonlRecords counts), and for text its 1-based line.
   */
  firstRow: number;
  firstLine?: number;
  /** Input bytes it covers (on-disk; for Parquet the row groups' compressed size, for Arrow the batches' messages). */
  bytes: number;
}

/**
 * Shard size unless told otherwise: large enough that a job's fixed costs (opening the
 * dataset, reading the schema sample, starting workers) are small against its rows, small
 * enough that a 100 GB corpus gives some 1,500 jobs to spread over machines.
 */
export const DEFAULT_SHARD_BYTES = 64 * 2 ** 20;

/** The part of a shard that does not depend on its place in the plan. */
type ShardPart = Omit<InputShard, "index" | "file">;

const NEWLINE = 0x0a;

/**
 * The shards of the inputs, in input order; the count follows the data size (shardBytes
 * each, at least one per file), never the number of workers. Deterministic: the same files
 * give the same plan.
 *
 * - Plain JSON Lines (UTF-8): one pass over the bytes counts lines and records and cuts at
 *   the first line start at or after each multiple of shardBytes.
 * - Parquet: consecutive row groups until their compressed size reaches shardBytes. A file
 *   whose footer cannot be read is one whole-file shard, so its reader reports it as usual.
 * - Arrow IPC files: consecutive record batches until their bytes reach shardBytes (the
 *   footer indexes them; an IPC stream has no index and is one whole-file shard).
 * - Everything else (gzip, which cannot be entered part way; JSON arrays; CSV/TSV, whose
 *   quoted fields may hold newlines; UTF-16 text): one whole-file shard.
 */
export async function planShards(inputs: string | readonly string[], options: { shardBytes?: number } = {}): Promise<InputShard[]> {
  const shardBytes = options.shardBytes ?? DEFAULT_SHARD_BYTES;
  if (!Number.isSafeInteger(shardBytes) || shardBytes < 1) {
    throw new Error(`shard size ${shardBytes}: give a whole number of bytes, at least 1.`);
  }
  const files = await expandInputs(inputs);
  const shards: InputShard[] = [];
  for (const file of files) {
    const { format, gzip } = await detectInputFormat(file);
    const parts =
      format === "jsonl" && !gzip ? await jsonlShards(file, shardBytes)
      : format === "parquet" ? await parquetShards(file, shardBytes)
      : format === "arrow" && !gzip ? await arrowShards(file, shardBytes)
      : undefined;
    for (const part of parts ?? [await wholeFile(file, format)]) shards.push({ index: shards.length, file, ...part });
  }
  return shards;
}

async function wholeFile(file: string, format: DatasetFormat): Promise<ShardPart> {
  const text = format !== "parquet" && format !== "arrow";
  const part: ShardPart = { kind: "whole-file", start: 0, end: 0, firstRow: 0, bytes: (await stat(file)).size };
  if (text) part.firstLine = 1;
  return part;
}

/**
 * Line ranges of a UTF-8 JSON Lines file, or undefined for other encodings (read whole).
 * Lines and records are counted as jsonlRecords counts them: lines split on LF, a line of
 * only spaces, tabs and CRs is no record, a last line without LF is a line.
 */
async function jsonlShards(file: string, shardBytes: number): Promise<ShardPart[] | undefined> {
  const size = (await stat(file)).size;
  const { encoding, bom } = sniffEncoding(await readHead(file, 64));
  if (encoding !== "utf-8") return undefined;
  const parts: ShardPart[] = [];
  let current = { start: 0, firstRow: 0, firstLine: 1 };
  let nextCut = shardBytes;
  let lines = 0;
  let records = 0;
  let hasContent = false;
  if (size > bom) {
    let base = bom;
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20, start: bom, end: size - 1 }) as AsyncIterable<Buffer>) {
      let pos = 0;
      for (;;) {
        const nl = chunk.indexOf(NEWLINE, pos);
        const lineEnd = nl < 0 ? chunk.length : nl;
        if (!hasContent) {
          for (let i = pos; i < lineEnd; i++) {
            const b = chunk[i];
            if (b !== 0x20 && b !== 0x09 && b !== 0x0d) {
              hasContent = true;
              break;
            }
          }
        }
        if (nl < 0) break;
        lines++;
        if (hasContent) records++;
        hasContent = false;
        pos = nl + 1;
        // A line starts at `at` (unless the file ends there): cut if a multiple of shardBytes was reached.
        const at = base + pos;
        if (at >= nextCut && at < size) {
          parts.push({ kind: "line-range", start: current.start, end: at, firstRow: current.firstRow, firstLine: current.firstLine, bytes: at - current.start });
          current = { start: at, firstRow: records, firstLine: lines + 1 };
          nextCut = (Math.floor(at / shardBytes) + 1) * shardBytes;
        }
      }
      base += chunk.length;
    }
  }
  parts.push({ kind: "line-range", start: current.start, end: size, firstRow: current.firstRow, firstLine: current.firstLine, bytes: size - current.start });
  return parts;
}

/** Runs of row groups of a Parquet file, or undefined when its footer cannot be read (read whole, reported by the reader). */
async function parquetShards(file: string, shardBytes: number): Promise<ShardPart[] | undefined> {
  const groups = await parquetRowGroups(file).catch(() => undefined);
  return groups?.length ? consecutiveRuns(groups, shardBytes, "row-groups") : undefined;
}

/** Consecutive units (row groups, record batches) cut into runs of at least shardBytes (the last may be smaller). */
function consecutiveRuns(units: ReadonlyArray<{ rows: number; bytes: number }>, shardBytes: number, kind: "row-groups" | "record-batches"): ShardPart[] {
  const parts: ShardPart[] = [];
  let start = 0;
  let firstRow = 0;
  let row = 0;
  let covered = 0;
  for (let g = 0; g < units.length; g++) {
    covered += units[g]!.bytes;
    row += units[g]!.rows;
    if (covered >= shardBytes || g === units.length - 1) {
      parts.push({ kind, start, end: g + 1, firstRow, bytes: covered });
      start = g + 1;
      firstRow = row;
      covered = 0;
    }
  }
  return parts;
}


/** Runs of record batches of an Arrow IPC file, or undefined for a stream or an unreadable file (read whole, reported by the reader). */
async function arrowShards(file: string, shardBytes: number): Promise<ShardPart[] | undefined> {
  const blocks = await arrowFileBlocks(file);
  if (!blocks?.length) return undefined;
  return consecutiveRuns(blocks, shardBytes, "record-batches");
}
