import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  Dictionary,
  Field,
  Float64,
  Int32,
  List,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Utf8,
  tableToIPC,
  vectorFromArray,
  type Vector,
} from "apache-arrow";
import { DuckDBInstance } from "@duckdb/node-api";
import { parquetReadObjects } from "hyparquet";
import { decompress as zstdDecompress } from "fzstd";
import { describe, expect, it } from "vitest";
import { ArrowIpcStreamEncoder } from "../src/io/arrow-ipc-stream.js";
import { float32VectorColumn, recordBatchOf } from "../src/io/column-vector.js";
import { ParquetBatchWriter, parquetRowCount } from "../src/io/parquet-writer.js";
import { createBatchWriter, PARQUET_COMPRESSIONS, type ParquetCompression } from "../src/io/batch-writer.js";
import { parquetWasm } from "../src/io/parquet-wasm.js";
import { mostlyDistinctColumns, rowGroupRows } from "../src/io/parquet-writer-properties.js";
import { parquetRecords } from "../src/io/parquet-source.js";
import { tempDir } from "./io-fixtures.js";

type Turn = { role: string; content: string | null };
interface Row {
  id: string;
  text: string | null;
  domain: string | null;
  score: number | null;
  words: number;
  turns: Turn[] | null;
  embedding: number[];
}

const DIM = 4;
const WORDS = ["alpha", "Café", "ümlaut", "中文", "🍵", "beta", "gamma", "delta", "\n", '"q"', "\\"];

/** Deterministic rows: long unique texts (some over 20 KB, some empty or null), a few domains, turns with nulls. */
function makeRows(n: number, seed: number): Row[] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, (_, i) => {
    const len = i % 97 === 0 ? 4000 : Math.floor(rand() * 1500);
    const text = i % 13 === 5 ? null : i % 17 === 3 ? "" : `${i}: ` + Array.from({ length: len }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(" ");
    const turns: Turn[] | null =
      i % 11 === 0 ? null : i % 7 === 0 ? [] : [{ role: "user", content: `q${i}` }, { role: "assistant", content: i % 5 === 0 ? null : Array.from(`a${i} ${text ?? ""}`).slice(0, 300).join("") }];
    return {
      id: `in.jsonl:${i}`,
      text,
      domain: i % 9 === 0 ? null : ["coding", "math", "history"][i % 3]!,
      score: i % 10 === 0 ? null : Math.round(rand() * 1e6) / 1e3,
      words: Math.floor(len / 10),
      turns,
      embedding: Array.from({ length: DIM }, (_, d) => (i % 64) / 8 - d / 4),
    };
  });
}

const TURN = new Struct([new Field("role", new Utf8(), true), new Field("content", new Utf8(), true)]);
const SCHEMA = new Schema([
  new Field("id", new Utf8(), false),
  new Field("text", new Utf8(), true),
  new Field("domain", new Utf8(), true),
  new Field("score", new Float64(), true),
  new Field("words", new Int32(), false),
  new Field("turns", new List(new Field("item", TURN, true)), true),
  float32VectorColumnField(),
]);

function float32VectorColumnField(): Field {
  return new Field("embedding", float32VectorColumn(new Float32Array(DIM), DIM).type, false);
}

function toBatch(rows: Row[]): RecordBatch {
  const vectors: Vector[] = [
    vectorFromArray(rows.map((r) => r.id), new Utf8()),
    vectorFromArray(rows.map((r) => r.text), new Utf8()),
    vectorFromArray(rows.map((r) => r.domain), new Utf8()),
    vectorFromArray(rows.map((r) => r.score), new Float64()),
    vectorFromArray(rows.map((r) => r.words), new Int32()),
    vectorFromArray(rows.map((r) => r.turns), SCHEMA.fields[5]!.type),
    float32VectorColumn(Float32Array.from(rows.flatMap((r) => r.embedding)), DIM),
  ];
  return recordBatchOf(SCHEMA, vectors, rows.length);
}

/** Rows split into batches of these sizes. */
function batchesOf(rows: Row[], sizes: number[]): RecordBatch[] {
  const out: RecordBatch[] = [];
  let at = 0;
  for (const n of sizes) {
    out.push(toBatch(rows.slice(at, at + n)));
    at += n;
  }
  return out;
}

async function writeParquet(path: string, batches: RecordBatch[]): Promise<void> {
  const w = await ParquetBatchWriter.open(path, SCHEMA);
  for (const b of batches) await w.write(b);
  await w.close();
}

/** A row as every reader should give it back: plain values, the embedding as a list of numbers. */
function plain(r: Row): Record<string, unknown> {
  return { ...r };
}

async function duckRows(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  try {
    return (await con.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

// About 4.5 KB a row: 3000 rows make more than one 8 MiB row group.
const ROWS = makeRows(3000, 7);
const BATCHES = batchesOf(ROWS, [2048, 1, 951]);

describe("ArrowIpcStreamEncoder", () => {
  it("writes the same bytes as apache-arrow's tableToIPC, one batch or several, nested and fixed-size lists included", () => {
    const enc = new ArrowIpcStreamEncoder();
    for (const b of BATCHES) expect(Buffer.from(enc.encode([b])).equals(Buffer.from(tableToIPC(new Table(b), "stream")))).toBe(true);
    // Several batches in one stream; then a small one after a large one reuses the buffer.
    expect(Buffer.from(enc.encode(BATCHES)).equals(Buffer.from(tableToIPC(new Table(BATCHES), "stream")))).toBe(true);
    const small = toBatch(ROWS.slice(10, 13));
    expect(Buffer.from(enc.encode([small])).equals(Buffer.from(tableToIPC(new Table(small), "stream")))).toBe(true);
    // An empty batch still carries the schema.
    const empty = toBatch([]);
    expect(Buffer.from(enc.encode([empty])).equals(Buffer.from(tableToIPC(new Table(empty), "stream")))).toBe(true);
  });

  it("takes apache-arrow's path for dictionary-encoded columns", () => {
    const v = vectorFromArray(["a", "b", "a", null], new Dictionary(new Utf8(), new Int32()));
    const batch = new Table({ d: v }).batches[0]!;
    const bytes = new ArrowIpcStreamEncoder().encode([batch]);
    expect(Buffer.from(bytes).equals(Buffer.from(tableToIPC(new Table(batch), "stream")))).toBe(true);
  });
});

describe("Parquet writer properties", () => {
  it("turns the dictionary off for mostly distinct flat columns only", () => {
    // words holds at most 151 distinct values in 2048 rows: it keeps its dictionary.
    expect(mostlyDistinctColumns(BATCHES[0])).toEqual(["id", "text", "score"]);
    expect(mostlyDistinctColumns(undefined)).toEqual([]);
  });

  it("sizes row groups to about 8 MiB of Arrow data, within the row bounds", () => {
    const b = BATCHES[0]!;
    const perRow = b.data.byteLength / b.numRows;
    expect(rowGroupRows(b)).toBe(Math.max(1024, Math.floor((8 * 2 ** 20) / perRow)));
    expect(rowGroupRows(undefined)).toBe(65_536);
  });
});

describe("ParquetBatchWriter round trip", () => {
  it("long texts, nested turns, embeddings and nulls read back identical in our reader, hyparquet and DuckDB", async () => {
    const dir = tempDir("sieve-pq-");
    const out = join(dir, "out.parquet");
    await writeParquet(out, BATCHES);
    const expected = ROWS.map(plain);

    const ours: Record<string, unknown>[] = [];
    for await (const records of parquetRecords(out, {})) for (const r of records) ours.push(r.value as Record<string, unknown>);
    expect(ours).toEqual(expected);

    const bytes = readFileSync(out);
    const hy = await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      compressors: { ZSTD: (input: Uint8Array) => zstdDecompress(input) },
    });
    // hyparquet gives a null list as undefined.
    expect(hy.map((r) => ({ ...r, turns: r.turns ?? null, embedding: Array.from(r.embedding as number[]) }))).toEqual(expected);

    const duck = await duckRows(`SELECT id, text, domain, score, words, turns, embedding FROM read_parquet('${out}')`);
    expect(duck).toEqual(expected);

    // More than one row group, zstd everywhere, no dictionary on the unique text, one on the domain.
    const meta = await duckRows(
      `SELECT row_group_id, path_in_schema AS path, compression, encodings, stats_min_value AS lo, stats_max_value AS hi FROM parquet_metadata('${out}')`,
    );
    expect(new Set(meta.map((m) => m.row_group_id)).size).toBeGreaterThan(1);
    expect(new Set(meta.map((m) => m.compression))).toEqual(new Set(["ZSTD"]));
    const encodings = (path: string) => meta.filter((m) => m.path === path).map((m) => String(m.encodings));
    expect(encodings("text").every((e) => !e.includes("DICTIONARY"))).toBe(true);
    expect(encodings("domain").every((e) => e.includes("RLE_DICTIONARY"))).toBe(true);
    // Min/max statistics: none on the mostly distinct strings (they would prune nothing),
    // kept on numbers (a reader skips row groups by score) and on the few-valued domain.
    const stats = (path: string) => meta.filter((m) => m.path === path).map((m) => [m.lo, m.hi]);
    for (const path of ["id", "text"]) expect(stats(path).every(([lo, hi]) => lo === null && hi === null)).toBe(true);
    for (const path of ["score", "words", "domain"]) expect(stats(path).every(([lo, hi]) => lo !== null && hi !== null)).toBe(true);
  });

  it("every --compression codec reads back identical, and the file says which codec it used", async () => {
    const dir = tempDir("sieve-pq-");
    const rows = ROWS.slice(0, 600);
    const sizes: Partial<Record<ParquetCompression, number>> = {};
    for (const codec of PARQUET_COMPRESSIONS) {
      const out = join(dir, `${codec}.parquet`);
      const w = await createBatchWriter(out, SCHEMA, { compression: codec });
      await w.write(toBatch(rows));
      await w.close();
      sizes[codec] = readFileSync(out).length;
      const back: Record<string, unknown>[] = [];
      for await (const records of parquetRecords(out, {})) for (const r of records) back.push(r.value as Record<string, unknown>);
      expect(back).toEqual(rows.map(plain));
      const meta = await duckRows(`SELECT DISTINCT compression FROM parquet_metadata('${out}')`);
      const expected = { zstd: "ZSTD", snappy: "SNAPPY", lz4: "LZ4_RAW", gzip: "GZIP", brotli: "BROTLI", none: "UNCOMPRESSED" }[codec];
      expect(meta.map((m) => m.compression)).toEqual([expected]);
    }
    expect(sizes.none!).toBeGreaterThan(sizes.zstd! * 1.5);
    await expect(createBatchWriter(join(dir, "x.parquet"), SCHEMA, { compression: "lzma" as ParquetCompression })).rejects.toThrow(
      "unknown Parquet compression 'lzma'; use one of zstd, snappy, lz4, gzip, brotli, none.",
    );
  });

  it("the same batches give a byte-identical file", async () => {
    const dir = tempDir("sieve-pq-");
    const sha = async (name: string) => {
      await writeParquet(join(dir, name), BATCHES);
      return createHash("sha256").update(readFileSync(join(dir, name))).digest("hex");
    };
    expect(await sha("a.parquet")).toBe(await sha("b.parquet"));
  });

  it("keeps no file whose footer counts fewer rows than were written (the encoder drops its own errors)", async () => {
    const dir = tempDir("sieve-pq-");
    const good = join(dir, "good.parquet");
    await writeParquet(good, BATCHES);
    expect(await parquetRowCount(await parquetWasm(), good)).toBe(ROWS.length);

    const short = join(dir, "short.parquet");
    const writer = await ParquetBatchWriter.open(short, BATCHES[0]!.schema);
    for (const b of BATCHES) await writer.write(b);
    writer.rows += 1; // as if a batch had been accepted but never encoded
    await expect(writer.close()).rejects.toThrow(`${short}: the Parquet encoder wrote ${ROWS.length} of ${ROWS.length + 1} rows`);
    expect(existsSync(short)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["good.parquet"]); // the temporary file is gone too
  });
});
