import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Table, Utf8, tableToIPC, vectorFromArray } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { expandInputs, openDataset, type ReadOptions, type RejectedRecord } from "../src/io/dataset-reader.js";
import { jsonlRecords } from "../src/io/jsonl-source.js";
import { parquetRecords } from "../src/io/parquet-source.js";
import { parquetWasm } from "../src/io/parquet-wasm.js";
import { DEFAULT_SHARD_BYTES, planShards, type InputShard } from "../src/io/shard-plan.js";
import type { ReadProgress, SourceRecord } from "../src/io/source-record.js";
import { corruptParquet } from "./hostile-corpus.js";
import { readAll, tempDir, writeJsonl, writeText } from "./io-fixtures.js";
import { haveShared, sharedPath } from "./shared-data.js";

/** What a read gives: row values with their ids, rejects, the replaced-text count, and what every job must agree on. */
interface ReadOutcome {
  rows: Record<string, unknown>[];
  ids: string[];
  rejects: RejectedRecord[];
  replaced: number;
  schema: string;
  layout: string;
  idColumn: string;
  extraFieldsColumn: string | undefined;
}

async function readOutcome(inputs: string | string[], options: ReadOptions = {}): Promise<ReadOutcome> {
  const r = await readAll(inputs, options);
  return {
    rows: r.rows,
    ids: r.ids,
    rejects: r.rejects,
    replaced: r.dataset.readStats.rowsWithReplacedText,
    schema: String(r.dataset.schema),
    layout: r.dataset.layout.name,
    idColumn: r.dataset.idColumn,
    extraFieldsColumn: r.dataset.extraFieldsColumn,
  };
}

/** Every shard of the plan read on its own, in order, concatenated; each job must see the whole read's schema and layout. */
async function readShards(inputs: string | string[], shards: InputShard[], whole: ReadOutcome, options: ReadOptions = {}): Promise<ReadOutcome> {
  const out: ReadOutcome = { ...whole, rows: [], ids: [], rejects: [], replaced: 0 };
  for (const shard of shards) {
    const part = await readOutcome(inputs, { ...options, shard });
    expect(part.schema).toBe(whole.schema);
    expect(part.layout).toBe(whole.layout);
    expect(part.idColumn).toBe(whole.idColumn);
    expect(part.extraFieldsColumn).toBe(whole.extraFieldsColumn);
    out.rows.push(...part.rows);
    out.ids.push(...part.ids);
    out.rejects.push(...part.rejects);
    out.replaced += part.replaced;
  }
  return out;
}

/** Plan at each shard size and check that the shards, read in order, give the whole read; returns the plans. */
async function expectShardsReadAsWhole(inputs: string | string[], sizes: number[], options: ReadOptions = {}): Promise<InputShard[][]> {
  const whole = await readOutcome(inputs, options);
  const plans: InputShard[][] = [];
  for (const shardBytes of sizes) {
    const shards = await planShards(inputs, { shardBytes });
    expect(shards.map((s) => s.index)).toEqual(shards.map((_, i) => i));
    const sharded = await readShards(inputs, shards, whole, options);
    expect({ shardBytes, ...sharded }).toEqual({ shardBytes, ...whole });
    plans.push(shards);
  }
  return plans;
}

const SIZES = [1, 100, 1024, 1 << 30];

/** Every record a source yields, flattened. */
async function records(source: AsyncIterable<SourceRecord[]>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for await (const chunk of source) out.push(...chunk);
  return out;
}

/**
 * JSON Lines with what the line splitter must get right: blank lines, lines of spaces, tabs
 * and CRs, CRLF endings, lines that are not JSON, multi-byte UTF-8, invalid UTF-8 bytes, an
 * escaped lone surrogate, long lines, values that are not objects, and no final newline.
 */
function awkwardJsonl(lines = 150): Buffer {
  const parts: Buffer[] = [];
  const add = (s: string | Buffer): void => void parts.push(typeof s === "string" ? Buffer.from(s, "utf8") : s);
  for (let i = 0; i < lines; i++) {
    switch (i % 13) {
      case 0: add(`${JSON.stringify({ instruction: `Question ${i}: 漢字は？`, response: `Answer ${i} 😀 é ñ` })}\n`); break;
      case 1: add("\n"); break;
      case 2: add(" \t \r\n"); break;
      case 3: add(`${JSON.stringify({ instruction: `CRLF question ${i}`, response: "Ça va" })}\r\n`); break;
      case 4: add(`{"instruction": "broken ${i}", \n`); break;
      case 5: add(Buffer.concat([Buffer.from(`{"instruction":"bad bytes ${i} `), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(`","response":"kept"}\n`)])); break;
      case 6: add(`{"instruction":"lone \\ud800 surrogate ${i}","response":"r"}\n`); break;
      case 7: add(`${JSON.stringify({ instruction: `long ${i} ` + "長い".repeat(300 + i), response: "y" })}\n`); break;
      case 8: add("\r\n"); break;
      case 9: add("[1, 2, 3]\n"); break;
      case 10: add(`{"instruction": 5, "response": "a number is no instruction"}\n`); break;
      case 11: add("\t\r\r\n"); break;
      default: add(`  ${JSON.stringify({ instruction: `indented ${i}`, response: "🌈" })}\t\n`);
    }
  }
  add(JSON.stringify({ instruction: "the last line has no newline", response: "end" }));
  return Buffer.concat(parts);
}

/** An Arrow IPC file of `batches` record batches of `rows` rows each. */
function arrowFile(batches: number, rows: number): Uint8Array {
  const tables = Array.from({ length: batches }, (_, b) =>
    new Table({
      instruction: vectorFromArray(Array.from({ length: rows }, (_, i) => `batch ${b} question ${i}`), new Utf8()),
      response: vectorFromArray(Array.from({ length: rows }, (_, i) => `answer ${b * rows + i} — ü`), new Utf8()),
    }),
  );
  return tableToIPC(tables.reduce((a, t) => a.concat(t)), "file");
}

/** A Parquet file of `n` rows in row groups of `groupRows`, written by parquet-wasm (the encoder sieve writes with). */
async function writeParquet(path: string, n: number, groupRows: number): Promise<string> {
  const wasm = await parquetWasm();
  const table = new Table({
    instruction: vectorFromArray(Array.from({ length: n }, (_, i) => `Parquet question ${i}: ${"词".repeat(i % 17)}`), new Utf8()),
    response: vectorFromArray(Array.from({ length: n }, (_, i) => `answer ${i}`), new Utf8()),
  });
  const props = new wasm.WriterPropertiesBuilder().setMaxRowGroupSize(groupRows).build();
  writeFileSync(path, wasm.writeParquet(wasm.Table.fromIPCStream(tableToIPC(table, "stream")), props));
  return path;
}

describe("planShards", () => {
  it("cuts JSON Lines at the first line start at or after each multiple of the shard size", async () => {
    const dir = tempDir();
    // 100-byte lines: every cut falls exactly on a multiple.
    const line = (i: number): string => JSON.stringify({ instruction: `q${String(i).padStart(5, "0")}`, response: "r".repeat(61) }) + "\n";
    expect(line(0)).toHaveLength(100);
    const file = join(dir, "fixed.jsonl");
    writeText(file, Array.from({ length: 95 }, (_, i) => line(i)).join(""));
    const shards = await planShards(file, { shardBytes: 1000 });
    expect(shards).toHaveLength(10);
    expect(shards.map((s) => [s.start, s.end, s.firstRow, s.firstLine, s.bytes])).toEqual(
      Array.from({ length: 10 }, (_, k) => [k * 1000, Math.min(9500, (k + 1) * 1000), k * 10, k * 10 + 1, k < 9 ? 1000 : 500]),
    );
    expect(new Set(shards.map((s) => s.kind))).toEqual(new Set(["line-range"]));
    // A cut that falls inside a line moves to the next line start: 250-byte shards of 100-byte lines start at 0, 300, 500, 800, …
    const uneven = await planShards(file, { shardBytes: 250 });
    expect(uneven.slice(0, 5).map((s) => s.start)).toEqual([0, 300, 500, 800, 1000]);
  });

  it("gives a shard count that follows the data size, at least one per file, and the same plan every time", async () => {
    const dir = tempDir();
    const rows = (n: number): { instruction: string; response: string }[] =>
      Array.from({ length: n }, (_, i) => ({ instruction: `How many? ${i}`, response: "About this many. ".repeat(1 + (i % 5)) }));
    const small = writeJsonl(join(dir, "small.jsonl"), rows(200));
    const large = writeJsonl(join(dir, "large.jsonl"), rows(2000));
    const tiny = writeJsonl(join(dir, "tiny.jsonl"), rows(1));
    const shardBytes = 4096;
    const count = async (f: string): Promise<number> => (await planShards(f, { shardBytes })).length;
    const ratio = (await count(large)) / (await count(small));
    expect(ratio).toBeGreaterThan(8);
    expect(ratio).toBeLessThanOrEqual(12);
    for (const f of [small, large]) {
      expect(await count(f)).toBeGreaterThanOrEqual(Math.floor(statSync(f).size / shardBytes));
      expect(await count(f)).toBeLessThanOrEqual(Math.ceil(statSync(f).size / shardBytes));
    }
    const all = await planShards([small, large, tiny], { shardBytes });
    expect(all.map((s) => s.file).filter((f, i, a) => a.indexOf(f) === i)).toEqual([small, large, tiny]);
    expect(all.filter((s) => s.file === tiny)).toHaveLength(1);
    expect(all.reduce((a, s) => a + s.bytes, 0)).toBe([small, large, tiny].reduce((a, f) => a + statSync(f).size, 0));
    // Larger than every file: one shard each.
    expect(await planShards([small, large, tiny], { shardBytes: 1 << 30 })).toHaveLength(3);
    expect(JSON.stringify(await planShards([small, large, tiny], { shardBytes }))).toBe(JSON.stringify(all));
    expect(DEFAULT_SHARD_BYTES).toBe(64 * 2 ** 20);
    expect(await planShards(dir)).toHaveLength(3);
    await expect(planShards(small, { shardBytes: 0 })).rejects.toThrow(/shard size 0/);
  });

  it("reads gzip, CSV, JSON arrays, Arrow streams, UTF-16 text and unreadable Parquet as one whole-file shard each", async () => {
    const dir = tempDir();
    const gz = writeJsonl(join(dir, "a.jsonl.gz"), [{ instruction: "a", response: "b" }]);
    const csv = writeText(join(dir, "b.csv"), "instruction,response\nx,y\n");
    const json = writeText(join(dir, "c.json"), '[{"instruction":"a","response":"b"}]');
    const arrow = join(dir, "d.arrows");
    writeFileSync(arrow, tableToIPC(new Table({ instruction: vectorFromArray(["a"], new Utf8()), response: vectorFromArray(["b"], new Utf8()) }), "stream"));
    const utf16 = join(dir, "e.jsonl");
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"instruction":"a","response":"b"}\n'.repeat(20), "utf16le")]));
    const broken = writeText(join(dir, "f.parquet"), "PAR1 this is not a Parquet file");
    const shards = await planShards([gz, csv, json, arrow, utf16, broken], { shardBytes: 1 });
    expect(shards.map((s) => [s.file, s.kind, s.start, s.end, s.firstRow, s.firstLine, s.bytes])).toEqual([
      [gz, "whole-file", 0, 0, 0, 1, statSync(gz).size],
      [csv, "whole-file", 0, 0, 0, 1, statSync(csv).size],
      [json, "whole-file", 0, 0, 0, 1, statSync(json).size],
      [arrow, "whole-file", 0, 0, 0, undefined, statSync(arrow).size],
      [utf16, "whole-file", 0, 0, 0, 1, statSync(utf16).size],
      [broken, "whole-file", 0, 0, 0, undefined, statSync(broken).size],
    ]);
    // The unreadable Parquet file is reported by its reader, as without shards.
    await expect(readAll(broken, { shard: shards[5] })).rejects.toThrow(/not a readable Parquet file/);
  });
});

describe("reading a shard", () => {
  it("JSON Lines: the ranges' records, concatenated, are the whole file's, at every shard size", async () => {
    const dir = tempDir();
    const file = join(dir, "awkward.jsonl");
    writeFileSync(file, awkwardJsonl());
    const whole = await records(jsonlRecords(file, { gzip: false }));
    expect(whole.some((r) => r.replaced)).toBe(true);
    expect(whole.some((r) => r.error)).toBe(true);
    for (const shardBytes of [1, 7, 100, 1024, 1 << 30]) {
      const shards = await planShards(file, { shardBytes });
      const parts: SourceRecord[] = [];
      for (const s of shards) {
        expect(s.kind).toBe("line-range");
        parts.push(...(await records(jsonlRecords(file, { gzip: false, range: { start: s.start, end: s.end, firstRow: s.firstRow, firstLine: s.firstLine! } }))));
      }
      expect({ shardBytes, parts }).toEqual({ shardBytes, parts: whole });
    }
  });

  it("JSON Lines: rows, ids, rejects and replaced-text counts of the shards are the whole read's", async () => {
    const dir = tempDir();
    const file = join(dir, "awkward.jsonl");
    writeFileSync(file, awkwardJsonl());
    const whole = await readOutcome(file);
    expect(whole.rows.length).toBeGreaterThan(50);
    expect(whole.rejects.map((r) => r.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/^line is not valid JSON/), expect.stringMatching(/expected a JSON object/)]));
    expect(whole.replaced).toBeGreaterThan(0);
    const plans = await expectShardsReadAsWhole(file, SIZES);
    expect(plans.map((p) => p.length)).toEqual([...plans.map((p) => p.length)].sort((a, b) => b - a));
    expect(plans.at(-1)).toHaveLength(1);
    expect(plans[0]!.length).toBeGreaterThan(100);
  });

  it("JSON Lines with a byte-order mark, and with a field the schema sample never saw", async () => {
    const dir = tempDir();
    const bom = join(dir, "bom.jsonl");
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), awkwardJsonl(40)]));
    const plans = await expectShardsReadAsWhole(bom, SIZES);
    expect(plans[0]![0]!.start).toBe(0);
    expect(plans[0]![1]!.start).toBeGreaterThan(3);
    // Row 30 has a key the first 5 rows did not: rejected in its shard exactly as in the whole read.
    const late = writeJsonl(
      join(dir, "late.jsonl"),
      Array.from({ length: 40 }, (_, i) => (i === 30 ? { instruction: `q${i}`, response: "r", surprise: 1 } : { instruction: `q${i}`, response: "r" })),
    );
    await expectShardsReadAsWhole(late, [64, 1 << 30], { schemaRows: 5 });
    expect((await readOutcome(late, { schemaRows: 5 })).rejects[0]).toMatchObject({ row: 30, reason: expect.stringMatching(/field 'surprise' did not appear/) });
  });

  it("several inputs of every format, two with the same file name, read shard by shard as one dataset", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "one"));
    mkdirSync(join(dir, "two"));
    const pairs = (tag: string, n: number): { instruction: string; response: string }[] =>
      Array.from({ length: n }, (_, i) => ({ instruction: `${tag} question ${i} — ü`, response: `${tag} answer ${i}` }));
    const a = writeJsonl(join(dir, "one", "same.jsonl"), pairs("a", 30));
    const b = writeJsonl(join(dir, "two", "same.jsonl"), pairs("b", 25));
    const gz = writeJsonl(join(dir, "c.jsonl.gz"), pairs("gz", 20));
    const csv = writeText(join(dir, "d.csv"), 'instruction,response\n"csv, quoted","with\nnewline"\nonly one field\nplain,row\n');
    const pq = await writeParquet(join(dir, "e.parquet"), 40, 6);
    const inputs = [a, b, gz, csv, pq];
    const whole = await readOutcome(inputs);
    expect(whole.ids).toContain(`${a}:0`);
    expect(whole.rejects.map((r) => r.file)).toEqual([csv]);
    const plans = await expectShardsReadAsWhole(inputs, SIZES);
    const kinds = plans[0]!.map((s) => s.kind);
    expect(kinds.filter((k) => k === "whole-file")).toHaveLength(2);
    expect(kinds.filter((k) => k === "row-groups")).toHaveLength(7);
  });

  it("Parquet: runs of row groups read as the whole file, damaged group included", async () => {
    const dir = tempDir();
    const file = await writeParquet(join(dir, "groups.parquet"), 100, 7);
    const plans = await expectShardsReadAsWhole(file, SIZES);
    expect(plans[0]!.map((s) => [s.kind, s.start, s.end])).toEqual(Array.from({ length: 15 }, (_, g) => ["row-groups", g, g + 1]));
    expect(plans[0]!.map((s) => s.firstRow)).toEqual(Array.from({ length: 15 }, (_, g) => g * 7));
    expect(plans.at(-1)!.map((s) => [s.start, s.end, s.firstRow])).toEqual([[0, 15, 0]]);
    // Shards hold whole groups whose compressed sizes reach the shard size.
    for (const s of plans[1]!.slice(0, -1)) expect(s.bytes).toBeGreaterThanOrEqual(100);

    const damaged = join(dir, "damaged.parquet");
    writeFileSync(damaged, corruptParquet(3, 100, 1));
    const whole = await readOutcome(damaged);
    expect(whole.rejects).toEqual([expect.objectContaining({ row: 100, rows: 100, reason: expect.stringMatching(/^damaged Parquet row group 1: rows 100–199 skipped/) })]);
    const dplans = await expectShardsReadAsWhole(damaged, [1, 1 << 30]);
    expect(dplans[0]).toHaveLength(3);
    // The reader itself, on a range that holds the damaged group.
    const middle = await records(parquetRecords(damaged, { groups: { start: 1, end: 3, firstRow: 100 } }));
    expect(middle[0]).toMatchObject({ row: 100, rows: 100 });
    expect(middle.slice(1).map((r) => r.row)).toEqual(Array.from({ length: 100 }, (_, i) => 200 + i));
  });

  it("Arrow IPC files: runs of record batches read as the whole file; a file changed since planning is refused", async () => {
    const dir = tempDir();
    const file = join(dir, "batches.arrow");
    writeFileSync(file, arrowFile(11, 9));
    const plans = await expectShardsReadAsWhole(file, SIZES);
    expect(plans[0]!.map((s) => [s.kind, s.start, s.end, s.firstRow])).toEqual(Array.from({ length: 11 }, (_, b) => ["record-batches", b, b + 1, b * 9]));
    expect(plans.at(-1)!.map((s) => [s.start, s.end, s.firstRow])).toEqual([[0, 11, 0]]);
    for (const s of plans[1]!.slice(0, -1)) expect(s.bytes).toBeGreaterThanOrEqual(SIZES[1]!);
    // Progress counts the shard's batches.
    for (const shard of plans[1]!) {
      const progress: ReadProgress = { bytesRead: 0, bytesTotal: 0 };
      for await (const _ of (await openDataset(file, { shard, progress })).batches()) void _;
      expect(progress).toEqual({ bytesRead: shard.bytes, bytesTotal: shard.bytes });
    }
    // A file cut short after planning: the shard's read says which batch and what to do.
    const [, second] = plans[0]!;
    writeFileSync(file, arrowFile(1, 9));
    await expect(readAll(file, { shard: second })).rejects.toThrow(/record batches.*plan it again|not a readable Arrow IPC file/);
  });

  it("gzip JSON Lines and CSV are whole-file shards that read as the whole file", async () => {
    const dir = tempDir();
    const gz = join(dir, "a.jsonl.gz");
    writeFileSync(gz, gzipSync(awkwardJsonl(60)));
    const csv = writeText(join(dir, "b.csv"), "instruction,response\nq1,r1\n\nq2,\"multi\r\nline\"\nbad\nq3,r3");
    for (const f of [gz, csv]) {
      const plans = await expectShardsReadAsWhole(f, [1, 1 << 30]);
      expect(plans.map((p) => p.map((s) => s.kind))).toEqual([["whole-file"], ["whole-file"]]);
    }
  });

  it("counts progress over the shard's bytes, and refuses a limit or a foreign shard", async () => {
    const dir = tempDir();
    const file = join(dir, "awkward.jsonl");
    writeFileSync(file, awkwardJsonl());
    const pq = await writeParquet(join(dir, "groups.parquet"), 100, 10);
    for (const shard of [...(await planShards(file, { shardBytes: 2000 })), ...(await planShards(pq, { shardBytes: 300 }))]) {
      const progress: ReadProgress = { bytesRead: 0, bytesTotal: 0 };
      const inputs = shard.file === file ? file : pq;
      const ds = await openDataset(inputs, { shard, progress });
      expect(ds.bytesTotal).toBe(shard.bytes);
      expect(ds.shard).toEqual(shard);
      for await (const _ of ds.batches()) void _;
      expect(progress).toEqual({ bytesRead: shard.bytes, bytesTotal: shard.bytes });
    }
    const [first] = await planShards(file);
    await expect(openDataset(file, { shard: first, limit: 10 })).rejects.toThrow(/a row limit and a shard cannot be combined/);
    await expect(openDataset(pq, { shard: first })).rejects.toThrow(/is not one of the inputs/);
    expect(await expandInputs(file)).toEqual([first!.file]);
  });
});

describe.runIf(haveShared("data", "dolly-15k", "databricks-dolly-15k.jsonl"))("shared data: Dolly 15k in 1 MiB shards", () => {
  it("reads shard by shard as it reads whole", async () => {
    const file = sharedPath("data", "dolly-15k", "databricks-dolly-15k.jsonl");
    const shards = await planShards(file, { shardBytes: 2 ** 20 });
    const size = statSync(file).size;
    expect(shards.length).toBeGreaterThanOrEqual(Math.floor(size / 2 ** 20));
    expect(shards.length).toBeLessThanOrEqual(Math.ceil(size / 2 ** 20));
    const whole = await readOutcome(file);
    expect(whole.rows.length).toBe(15011);
    const sharded = await readShards(file, shards, whole);
    expect(sharded.ids).toEqual(whole.ids);
    expect(sharded).toEqual(whole);
  }, 120_000);
});
