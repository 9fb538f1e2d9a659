import { Bool, Field, Float32, Float64, Int32, Int64, List, RecordBatch, Schema, Struct, Utf8, tableFromIPC, tableToIPC, Table, type Vector } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { takeRows } from "../src/filters/take-rows.js";
import { arrowValueToJS } from "../src/io/arrow-values.js";
import { numericVector, recordBatchOf } from "../src/io/column-vector.js";
import { utf8Vector } from "../src/io/utf8-vector.js";
import { vectorOf } from "./io-fixtures.js";

function numericFrom<T extends Float64 | Float32 | Int32>(type: T, Kind: new (n: number) => T["TArray"], values: Array<number | null>): Vector {
  const out = new Kind(values.length);
  let validity: Uint8Array | undefined;
  values.forEach((v, i) => {
    if (v === null) {
      validity ??= new Uint8Array((values.length + 7) >> 3).fill(0xff);
      validity[i >> 3]! &= ~(1 << (i & 7));
    } else out[i] = v;
  });
  return numericVector(type, out, validity, values.length);
}

const turn = new Struct([new Field("role", new Utf8(), true), new Field("content", new Utf8(), true)]);
const schema = new Schema([
  new Field("text", new Utf8(), true),
  new Field("score", new Float64(), true),
  new Field("small", new Float32(), true),
  new Field("count", new Int32(), true),
  new Field("big", new Int64(), true),
  new Field("flag", new Bool(), true),
  new Field("messages", new List(new Field("item", turn, true)), true),
]);
const columns: unknown[][] = [
  ["plain", null, "", "naïve café", "日本語のテキスト", "emoji 🙂 here", null, "last"],
  [0.5, null, -0, 1e300, Number.NaN, 3, null, -7.25],
  [1.5, 2, null, -3, 0, 4.5, 6, null],
  [1, -2, null, 2147483647, 0, null, 7, 8],
  [1n, null, -5n, 9007199254740993n, 0n, 2n, null, 3n],
  [true, false, null, true, true, false, null, false],
  [[{ role: "user", content: "hi" }], null, [], [{ role: "assistant", content: "yo" }, { role: "user", content: null }], null, [{ role: "user", content: "x" }], [], null],
];
const n = columns[0]!.length;
const batch = recordBatchOf(schema, schema.fields.map((f, i) => vectorOf(f.type, columns[i]!)), n);

/** Every value of a batch as plain JS, NaN and -0 kept distinct by Object.is below. */
function plain(b: RecordBatch): unknown[][] {
  return b.schema.fields.map((f) => Array.from({ length: b.numRows }, (_, i) => arrowValueToJS(b.getChild(f.name)!.get(i))));
}

function expectSameValues(actual: RecordBatch, expected: unknown[][]): void {
  const got = plain(actual);
  expect(got.length).toBe(expected.length);
  got.forEach((col, c) => col.forEach((v, r) => expect(Object.is(v, expected[c]![r]) || JSON.stringify(v) === JSON.stringify(expected[c]![r]), `column ${schema.fields[c]!.name} row ${r}: ${String(v)} vs ${String(expected[c]![r])}`).toBe(true)));
}

describe("takeRows", () => {
  it("takes text, numbers, 64-bit integers, booleans and nested rows with their nulls", () => {
    const rows = [0, 1, 3, 4, 6, 7];
    const taken = takeRows(batch, rows);
    expect(taken.numRows).toBe(rows.length);
    expect(taken.schema.fields).toEqual(batch.schema.fields);
    expectSameValues(taken, plain(batch).map((col) => rows.map((r) => col[r])));
    // The null counts match the values, so writers encode the same validity.
    for (const f of schema.fields) {
      const v = taken.getChild(f.name)!;
      let nulls = 0;
      for (let i = 0; i < v.length; i++) if (v.get(i) === null) nulls++;
      expect(v.nullCount, f.name).toBe(nulls);
    }
  });

  it("takes rows of a slice (data starting past offset 0) and of a batch read back from IPC", () => {
    const sliced = batch.slice(2, 8);
    const rows = [0, 2, 5];
    expectSameValues(takeRows(sliced, rows), plain(sliced).map((col) => rows.map((r) => col[r])));
    const read = tableFromIPC(tableToIPC(new Table([batch]))).batches[0]!.slice(1, 7);
    expectSameValues(takeRows(read, [1, 4]), plain(read).map((col) => [col[1], col[4]]));
  });

  it("gives text and number columns the bytes of the same values built afresh", () => {
    const rows = [1, 2, 5];
    const flat = new Schema(schema.fields.slice(0, 4));
    const source = recordBatchOf(flat, flat.fields.map((f) => batch.getChild(f.name)!), n);
    const fresh = recordBatchOf(flat, [
      utf8Vector(rows.map((r) => columns[0]![r] as string | null)),
      numericFrom(new Float64(), Float64Array, rows.map((r) => columns[1]![r] as number | null)),
      numericFrom(new Float32(), Float32Array, rows.map((r) => columns[2]![r] as number | null)),
      numericFrom(new Int32(), Int32Array, rows.map((r) => columns[3]![r] as number | null)),
    ], rows.length);
    expect(Buffer.from(tableToIPC(new Table([takeRows(source, rows)])))).toEqual(Buffer.from(tableToIPC(new Table([fresh]))));
  });

  it("takes no rows, and returns the batch itself when every row is taken", () => {
    const none = takeRows(batch, []);
    expect(none.numRows).toBe(0);
    expect(plain(none).every((c) => c.length === 0)).toBe(true);
    expect(takeRows(batch, Array.from({ length: n }, (_, i) => i))).toBe(batch);
  });
});
