import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bool, Field, Float64, Int32, Int64, List, Schema, Struct, Utf8, type RecordBatch } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { arrowValueToJS, JSON_TEXT_METADATA } from "../src/io/arrow-values.js";
import { arrowSplitBatches } from "../src/io/arrow-split-reader.js";
import { recordBatchOf } from "../src/io/column-vector.js";
import { openDataset, type SieveBatch } from "../src/io/dataset-reader.js";
import { ParquetBatchWriter } from "../src/io/parquet-writer.js";
import { parquetRowGroups } from "../src/io/parquet-row-groups.js";
import { vectorOf } from "./io-fixtures.js";

const turn = new Struct([new Field("role", new Utf8(), true), new Field("content", new Utf8(), true)]);

/** A split like the ones sieve writes: texts, an id, scores (one of them Int32), labels, a JSON-text column. */
async function writeSplit(dir: string, rows: number, extra?: Field): Promise<string> {
  const fields = [
    new Field("instruction", new Utf8(), false),
    new Field("response", new Utf8(), true),
    new Field("id", new Utf8(), false),
    new Field("score", new Float64(), true),
    new Field("pii_count", new Int32(), false),
    new Field("labels", new List(new Field("item", new Utf8(), true)), false),
    new Field("messages", new List(new Field("item", turn, true)), true),
    new Field("meta", new Utf8(), true, new Map([[JSON_TEXT_METADATA, "1"]])),
    new Field("flag", new Bool(), true),
    ...(extra ? [extra] : []),
  ];
  const schema = new Schema(fields);
  const path = join(dir, `split-${rows}-${extra?.name ?? "plain"}.parquet`);
  const writer = await ParquetBatchWriter.open(path, schema);
  for (let start = 0; start < rows; start += 700) {
    const ids = Array.from({ length: Math.min(700, rows - start) }, (_, k) => start + k);
    const values: unknown[][] = [
      // About 4 KB a row, so that the writer's 8 MiB row groups hold about 2,000 rows: the split has two.
      ids.map((i) => `Question ${i}: what is ${i} × 3? ${"ü".repeat(i % 4)} ${"context ".repeat(500)}`),
      ids.map((i) => (i % 11 === 0 ? null : `It is ${i * 3}. ${"🙂".repeat(i % 3)}`)),
      ids.map((i) => `split:${i}`),
      ids.map((i) => (i % 7 === 0 ? null : i / 8 - 50)),
      ids.map((i) => i % 5),
      ids.map((i) => (i % 4 === 0 ? [] : Array.from({ length: i % 4 }, (_, k) => (k === 1 && i % 8 === 3 ? null : `label${k}`)))),
      ids.map((i) => (i % 9 === 0 ? null : [{ role: "user", content: `hi ${i}` }, { role: "assistant", content: i % 2 ? null : `yo ${i}` }])),
      ids.map((i) => (i % 3 === 0 ? null : JSON.stringify({ n: i, tags: ["a", i % 2 === 0] }))),
      ids.map((i) => (i % 6 === 0 ? null : i % 2 === 0)),
      ...(extra ? [ids.map((i) => BigInt(i))] : []),
    ];
    await writer.write(recordBatchOf(schema, fields.map((f, c) => vectorOf(f.type, values[c]!)), ids.length));
  }
  await writer.close();
  return path;
}

function plainRows(batch: RecordBatch): unknown[] {
  return Array.from({ length: batch.numRows }, (_, i) => batch.schema.fields.map((f) => arrowValueToJS(batch.getChild(f.name)!.get(i))));
}

async function collect(batches: AsyncIterable<SieveBatch>): Promise<SieveBatch[]> {
  const out: SieveBatch[] = [];
  for await (const b of batches) out.push(b);
  return out;
}

describe("arrowSplitBatches", () => {
  it("reads a split as the row reader does: same schema, rows, ids, view and batch boundaries, across row groups", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sieve-arrow-split-"));
    const path = await writeSplit(dir, 2600);
    expect((await parquetRowGroups(path)).length).toBeGreaterThan(1);
    for (const batchSize of [300, 1024, 5000]) {
      const expected = await collect((await openDataset(path, { batchSize })).batches());
      const fast = await arrowSplitBatches(await openDataset(path, { batchSize }));
      expect(fast, "the split maps onto its schema").toBeDefined();
      const got = await collect(fast!);
      expect(got.map((b) => b.batch.numRows)).toEqual(expected.map((b) => b.batch.numRows));
      got.forEach((b, k) => {
        const e = expected[k]!;
        expect(b.rejects).toEqual([]);
        expect(b.batch.schema.fields.map(String)).toEqual(e.batch.schema.fields.map(String));
        expect(b.batch.schema.fields.map((f) => f.type.toString())).toEqual(e.batch.schema.fields.map((f) => f.type.toString()));
        expect(plainRows(b.batch)).toEqual(plainRows(e.batch));
        expect({ ...b.view }).toEqual({ ...e.view });
      });
    }
  }, 60_000);

  it("leaves a split whose columns do not map plainly (64-bit integers) to the row reader", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sieve-arrow-split-"));
    const path = await writeSplit(dir, 50, new Field("big", new Int64(), false));
    expect(await arrowSplitBatches(await openDataset(path, {}))).toBeUndefined();
    expect(await arrowSplitBatches(await openDataset(path, { limit: 10 }))).toBeUndefined();
  });
});
