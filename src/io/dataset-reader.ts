import { stat } from "node:fs/promises";
import { basename } from "node:path";
import type { RecordBatch, Schema } from "apache-arrow";
import fg from "fast-glob";
import type { TextView } from "../core/text-view.js";
import { arrowRecords } from "./arrow-source.js";
import { columnVector, recordBatchOf } from "./column-vector.js";
import { DELIMITERS, delimitedRecords } from "./csv-source.js";
import { detectInputFormat, type DatasetFormat } from "./input-format.js";
import { jsonArrayRecords } from "./json-array-source.js";
import { jsonlRecords } from "./jsonl-source.js";
import { detectLayout, type CanonicalRow, type Layout, type LayoutOverrides } from "./layout.js";
import { parquetRecords } from "./parquet-source.js";
import type { InputShard } from "./shard-plan.js";
import { ownValue, setOwn } from "./own-value.js";
import {
  describeShape,
  describeValue,
  fitsShape,
  planColumn,
  planColumns,
  rareKeys,
  schemaOf,
  unusedName,
  type ColumnPlan,
} from "./schema-inference.js";
import type { ReadProgress, SourceRecord } from "./source-record.js";
import { utf8Vector } from "./utf8-vector.js";

/**
 * Rows per record batch unless told otherwise. Every stage holds a few batches at once (the
 * one being read, one per scoring worker, one queued, the writer's), so the batch size sets
 * most of the streaming memory. 1024 against 2048 rows, 200k Dolly rows scored with 2 workers
 * in interleaved runs: peak RSS 341–354 MiB against 373–381, CPU time within 1 %.
 */
export const DEFAULT_BATCH_ROWS = 1024;

/** Options for reading a dataset. Every one has a CLI flag of the same name. */
export interface ReadOptions extends LayoutOverrides {
  /** Rows per record batch (default DEFAULT_BATCH_ROWS, 1024). */
  batchSize?: number;
  /** Stop after this many input records (rejected ones included). */
  limit?: number;
  /** Column holding a stable row id (default: `id` when the data has one). */
  idField?: string;
  /** Rows sampled to infer the column types and the layout (default 10,000). */
  schemaRows?: number;
  /** Counters updated while reading (bytes read/total), for progress display. */
  progress?: ReadProgress;
  /**
   * Read only this shard of the inputs (one of planShards' for the same inputs): the schema,
   * layout, id column and extra-fields column still come from the first schemaRows records of
   * the whole input, so every shard of a run agrees; batches() yields the shard's records
   * only, with the ids and rejects the whole read gives them. Not with `limit`.
   */
  shard?: InputShard;
}

/** A row that could not be read, with where it came from and why. */
export interface RejectedRecord {
  file: string;
  row: number;
  line?: number;
  reason: string;
  /** The raw line or value as JSON text. */
  raw: string;
  /** For a damaged part of a file skipped whole: how many rows, from `row` on. Absent: one row. */
  rows?: number;
}

/** Name of the JSON-text column that holds a row's rare keys (see rareKeys), unless the data has a column of that name. */
export const EXTRA_FIELDS_COLUMN = "_extra_fields";

/** One batch of rows as the pipeline sees it. */
export interface SieveBatch {
  /** The original columns, unchanged, plus `id` when the input had no id column. */
  batch: RecordBatch;
  /** The canonical text of the same rows, for scorers. */
  view: TextView;
  /** Records rejected since the previous batch (not part of `batch`). */
  rejects: RejectedRecord[];
}

/** An opened dataset: schema and layout are known; batches stream on demand. */
export interface Dataset {
  /** The input files, in reading order. */
  readonly files: string[];
  /** The formats of the input files. */
  readonly formats: DatasetFormat[];
  /** Arrow schema of the batches (original columns, then `id` if it was added). */
  readonly schema: Schema;
  /** How the canonical text is read out of rows. */
  readonly layout: Layout;
  /** The column that holds row ids. */
  readonly idColumn: string;
  /** Whether `id` was added by sieve (the input had none). */
  readonly idAdded: boolean;
  /** Total input size in bytes (with a shard: the shard's bytes). */
  readonly bytesTotal: number;
  /** The shard read, when the dataset was opened on one. */
  readonly shard?: InputShard;
  /**
   * The column holding rare keys as one JSON object per row, when the sample had so many
   * distinct keys that rare ones were folded (see rareKeys); undefined otherwise.
   */
  readonly extraFieldsColumn: string | undefined;
  /** Rows per batch (the last one may hold fewer). */
  readonly batchSize: number;
  /** The read stops after this many input records (ReadOptions.limit), when set. */
  readonly limit: number | undefined;
  /** Counts gathered while the batches are read. */
  readonly readStats: {
    /** Records whose text had invalid UTF-8 or a lone surrogate, read with U+FFFD in its place. */
    rowsWithReplacedText: number;
  };
  /** The batches, in input order. Iterate once. */
  batches(): AsyncIterable<SieveBatch>;
  /** Stop reading without iterating the batches: the readers the sample left open are closed. */
  close(): Promise<void>;
}

const SUPPORTED = "jsonl,ndjson,jsonl.gz,ndjson.gz,json,json.gz,parquet,arrow,arrows,feather,ipc";

/** The files named by inputs: plain paths, globs, and folders (their supported files, sorted). */
export async function expandInputs(inputs: string | ReadonlyArray<string>): Promise<string[]> {
  const list = typeof inputs === "string" ? [inputs] : [...inputs];
  const files: string[] = [];
  for (const input of list) {
    if (fg.isDynamicPattern(input)) {
      const matched = (await fg(input, { onlyFiles: true, dot: false })).sort();
      if (!matched.length) throw new Error(`${input}: the pattern matches no file.`);
      files.push(...matched);
      continue;
    }
    let info;
    try {
      info = await stat(input);
    } catch {
      throw new Error(`${input}: no such file. Check the path (globs such as 'data/*.jsonl' are allowed).`);
    }
    if (info.isDirectory()) {
      const found = (await fg(`**/*.{${SUPPORTED}}`, { cwd: input, onlyFiles: true, absolute: false }))
        .sort()
        .map((f) => `${input.replace(/\/+$/, "")}/${f}`);
      if (!found.length) throw new Error(`${input}: the folder holds no dataset file (${SUPPORTED}).`);
      files.push(...found);
    } else files.push(input);
  }
  return files;
}

/**
 * Open a dataset made of one or more files (JSONL, JSONL.gz, JSON array, CSV/TSV,
 * Parquet, Arrow IPC). Reads a sample to infer the column types and the layout; the rest streams.
 */
export async function openDataset(inputs: string | ReadonlyArray<string>, options: ReadOptions = {}): Promise<Dataset> {
  const files = await expandInputs(inputs);
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_ROWS);
  const schemaRows = Math.max(1, options.schemaRows ?? 10_000);
  const limit = options.limit ?? Infinity;
  const shard = options.shard;
  if (shard && options.limit !== undefined) {
    throw new Error("a row limit and a shard cannot be combined: a shard is a fixed part of the input; plan the shards of a smaller input instead.");
  }
  const shardFile = shard ? files.indexOf(shard.file) : -1;
  if (shard && shardFile < 0) {
    throw new Error(`shard ${shard.index}: its file ${shard.file} is not one of the inputs (${files.join(", ")}); plan the shards of these inputs.`);
  }
  const progress: ReadProgress = options.progress ?? { bytesRead: 0, bytesTotal: 0 };
  const detected = await Promise.all(files.map((f) => detectInputFormat(f)));
  progress.bytesTotal = shard ? shard.bytes : (await Promise.all(files.map((f) => stat(f)))).reduce((a, s) => a + s.size, 0);

  // Short ids (file name) unless two inputs share a file name.
  const names = files.map((f) => basename(f));
  const idNames = new Set(names).size === names.length ? names : files;

  // With a shard, the sample is read from the start of the whole input (its bytes do not
  // count as progress) and dropped; the batches come from the shard's own reader.
  const chunks = recordChunks(files, detected, shard ? { bytesRead: 0, bytesTotal: 0 } : progress, limit);
  const iterator = chunks[Symbol.asyncIterator]();

  // Sample: enough records to infer the column types and the layout.
  const buffered: SourceRecord[][] = [];
  const sampleRows: Record<string, unknown>[] = [];
  let sampled = 0;
  let exhausted = false;
  while (sampled < schemaRows) {
    const next = await iterator.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    buffered.push(next.value);
    for (const r of next.value) {
      // Sources yield chunks of ~1k records: only the first schemaRows of them are the
      // sample, so --schema-rows means what it says (and what the misfit message claims).
      if (sampled++ >= schemaRows) break;
      if (isRowObject(r.value)) sampleRows.push(r.value);
    }
  }
  let records: AsyncIterator<SourceRecord[]> = iterator;
  if (shard) {
    buffered.length = 0;
    exhausted = false;
    await iterator.return?.(undefined);
    records = shardRecords(shard, detected[shardFile]!, progress)[Symbol.asyncIterator]();
  }
  // Past a limit of distinct keys, keys seen in only a few sample rows are not columns of
  // their own: they go together into one JSON column, so garbled keys cannot explode the schema.
  const rare = rareKeys(sampleRows);
  let columns = planColumns(sampleRows, rare);
  const keys = columns.map((c) => c.name);
  const layout: Layout = sampleRows.length
    ? detectLayout(keys, sampleRows, options)
    : { name: "empty", description: "empty dataset", extract: () => ({ error: "no rows" }) };
  // Column types come from the sample rows the layout can read. A rejected row (a number
  // where the response should be, say) must not widen a text column to JSON text for
  // every row of the output; it goes to the rejects file with the layout's reason.
  const readable = sampleRows.filter((r) => !("error" in layout.extract(r)));
  if (readable.length < sampleRows.length) columns = planColumns(readable, rare);
  const extraFieldsColumn = rare.size ? unusedName(EXTRA_FIELDS_COLUMN, keys) : undefined;
  const inputPlanByName = new Map(columns.map((c) => [c.name, c]));
  if (extraFieldsColumn) columns = [...columns, planColumn(extraFieldsColumn, { kind: "json" })];
  const idColumn = options.idField ?? "id";
  if (options.idField && !keys.includes(options.idField) && sampleRows.length) {
    throw new Error(`--id-field ${options.idField}: no such field; fields seen: ${keys.join(", ")}.`);
  }
  const idAdded = !columns.some((c) => c.name === idColumn);
  if (idAdded) columns = [...columns, planColumn(idColumn, { kind: "string" })];
  const schema = schemaOf(columns);
  const inputPlans = idAdded ? columns.slice(0, -1) : columns;
  const planByName = inputPlanByName;
  const readStats = { rowsWithReplacedText: 0 };

  async function* batches(): AsyncGenerator<SieveBatch> {
    let rows: Record<string, unknown>[] = [];
    let canon: CanonicalRow[] = [];
    let ids: string[] = [];
    let rejects: RejectedRecord[] = [];

    const emit = (): SieveBatch => {
      const vectors = inputPlans.map((p) => columnVector(p, rows));
      if (idAdded) vectors.push(utf8Vector(ids));
      const out: SieveBatch = { batch: recordBatchOf(schema, vectors, rows.length), view: textView(ids, canon), rejects };
      rows = [];
      canon = [];
      ids = [];
      rejects = [];
      return out;
    };

    const take = (rec: SourceRecord): void => {
      if (rec.replaced) readStats.rowsWithReplacedText++;
      if (rec.error !== undefined) {
        const r: RejectedRecord = { file: rec.file, row: rec.row, line: rec.line, reason: rec.error, raw: rec.raw ?? "" };
        if (rec.rows !== undefined) r.rows = rec.rows;
        rejects.push(r);
        return;
      }
      const value = rec.value;
      if (!isRowObject(value)) {
        rejects.push(reject(rec, `row is ${describeValue(value)}, expected a JSON object`));
        return;
      }
      // The layout first: a row it cannot read is rejected for that reason, whatever else is odd about it.
      const c = layout.extract(value);
      if ("error" in c) {
        rejects.push(reject(rec, c.error));
        return;
      }
      const misfit = schemaMisfit(value, planByName, schemaRows, extraFieldsColumn);
      if (misfit) {
        rejects.push(reject(rec, misfit));
        return;
      }
      rows.push(value);
      canon.push(c);
      const own = idAdded ? undefined : ownValue(value, idColumn);
      ids.push(own === undefined || own === null ? `${idNames[files.indexOf(rec.file)]}:${rec.row}` : String(own));
    };

    for (const chunk of buffered) {
      for (const rec of chunk) {
        take(rec);
        if (rows.length >= batchSize) yield emit();
      }
    }
    buffered.length = 0;
    if (!exhausted) {
      for (;;) {
        const next = await records.next();
        if (next.done) break;
        for (const rec of next.value) {
          take(rec);
          if (rows.length >= batchSize) yield emit();
        }
      }
    }
    if (rows.length || rejects.length) yield emit();
  }

  return {
    files,
    formats: detected.map((d) => d.format),
    schema,
    layout,
    idColumn,
    idAdded,
    bytesTotal: progress.bytesTotal,
    shard,
    extraFieldsColumn,
    batchSize,
    limit: options.limit,
    readStats,
    batches,
    close: async () => {
      // The sample's records are let go too: a caller that closes without iterating (the
      // Arrow split reader) keeps this object for its schema and layout, not for 10k rows.
      buffered.length = 0;
      await records.return?.(undefined);
    },
  };
}

function isRowObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function reject(rec: SourceRecord, reason: string): RejectedRecord {
  return { file: rec.file, row: rec.row, line: rec.line, reason, raw: rec.raw ?? rawText(rec.value) };
}

/** A rejected value as JSON text; one too deep to stringify (text readers cap depth first) is noted instead. */
function rawText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return "(value too deeply nested to print)";
  }
}

/**
 * Why a row does not fit the schema, or undefined. With an extra-fields column, keys that
 * are not columns are moved into it (as one object) instead of rejecting the row.
 */
function schemaMisfit(
  row: Record<string, unknown>,
  plans: ReadonlyMap<string, ColumnPlan>,
  schemaRows: number,
  extraFieldsColumn: string | undefined,
): string | undefined {
  let extra: Record<string, unknown> | undefined;
  for (const k in row) {
    const plan = plans.get(k);
    if (!plan && extraFieldsColumn !== undefined) {
      setOwn((extra ??= {}), k, row[k]);
      continue;
    }
    if (!plan) {
      return `field '${k}' did not appear in the first ${schemaRows} rows used to infer the schema; raise --schema-rows so the sample includes it`;
    }
    const v = row[k];
    if (!fitsShape(v, plan.shape)) {
      return `field '${k}' is ${describeValue(v)} but the first ${schemaRows} rows made it ${describeShape(plan.shape)}; fix the row or raise --schema-rows`;
    }
  }
  if (extraFieldsColumn !== undefined) setOwn(row, extraFieldsColumn, extra ?? null);
  return undefined;
}

async function* recordChunks(
  files: string[],
  detected: ReadonlyArray<{ format: DatasetFormat; gzip: boolean }>,
  progress: ReadProgress,
  limit: number,
): AsyncGenerator<SourceRecord[]> {
  let remaining = limit;
  for (let i = 0; i < files.length && remaining > 0; i++) {
    const source = fileRecords(files[i]!, detected[i]!, progress);
    for await (const chunk of source) {
      if (chunk.length >= remaining) {
        yield chunk.slice(0, remaining);
        remaining = 0;
        break;
      }
      remaining -= chunk.length;
      yield chunk;
    }
  }
}

/** The records of a whole file, by its format. */
function fileRecords(file: string, { format, gzip }: { format: DatasetFormat; gzip: boolean }, progress: ReadProgress): AsyncGenerator<SourceRecord[]> {
  return format === "jsonl" ? jsonlRecords(file, { gzip, progress })
    : format === "json" ? jsonArrayRecords(file, { gzip, progress })
    : format === "csv" || format === "tsv" ? delimitedRecords(file, { gzip, delimiter: DELIMITERS[format], progress })
    : format === "parquet" ? parquetRecords(file, { progress })
    : arrowRecords(file, { progress });
}

/** The records of one shard: a line range, a run of row groups or record batches, or a whole file. */
function shardRecords(shard: InputShard, detected: { format: DatasetFormat; gzip: boolean }, progress: ReadProgress): AsyncGenerator<SourceRecord[]> {
  const { file, kind, start, end, firstRow } = shard;
  if (kind === "line-range") {
    if (detected.format !== "jsonl" || detected.gzip) throw new Error(`shard ${shard.index}: ${file} is not plain JSON Lines, so it has no line ranges; plan the shards again.`);
    return jsonlRecords(file, { gzip: false, progress, range: { start, end, firstRow, firstLine: shard.firstLine ?? 1 } });
  }
  if (kind === "row-groups") {
    if (detected.format !== "parquet") throw new Error(`shard ${shard.index}: ${file} is not Parquet, so it has no row groups; plan the shards again.`);
    return parquetRecords(file, { progress, groups: { start, end, firstRow } });
  }
  if (kind === "record-batches") {
    if (detected.format !== "arrow" || detected.gzip) throw new Error(`shard ${shard.index}: ${file} is not an Arrow IPC file, so it has no record batches to cut; plan the shards again.`);
    return arrowRecords(file, { progress, batches: { start, end, firstRow } });
  }
  return fileRecords(file, detected, progress);
}

/** The canonical text view of rows. */
export function textView(ids: string[], rows: ReadonlyArray<CanonicalRow>): TextView {
  const n = rows.length;
  const instruction = new Array<string>(n);
  const response = new Array<string>(n);
  const turns = new Int32Array(n);
  const multiTurn = new Uint8Array(n);
  const turnOffsets = new Int32Array(n + 1);
  const turnText: string[] = [];
  const turnRole: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    instruction[i] = r.instruction;
    response[i] = r.response;
    multiTurn[i] = r.multiTurn ? 1 : 0;
    turns[i] = r.multiTurn ? r.turns.length : r.response ? 2 : 1;
    for (const t of r.turns) {
      turnText.push(t.content);
      turnRole.push(t.role);
    }
    turnOffsets[i + 1] = turnText.length;
  }
  return { length: n, id: ids, instruction, response, turns, multiTurn, turnText, turnRole, turnOffsets };
}

