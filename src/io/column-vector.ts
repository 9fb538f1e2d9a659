import {
  Bool,
  Float64,
  Int32,
  Float32,
  FixedSizeList,
  Field,
  List,
  Struct,
  Utf8,
  makeBuilder,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  type Data,
  type DataType,
  type Vector,
} from "apache-arrow";
import type { ColumnPlan } from "./schema-inference.js";
import { ownValue } from "./own-value.js";
import { utf8Vector } from "./utf8-vector.js";

/** An Arrow vector for one planned column of a batch of row objects (values already checked to fit). */
export function columnVector(plan: ColumnPlan, rows: ReadonlyArray<Record<string, unknown>>): Vector {
  const name = plan.name;
  if (name in Object.prototype) {
    // A column named like an Object.prototype member ("constructor", "__proto__"): rows
    // that lack it must read as missing, not as the prototype's member (see ownValue).
    return columnVector({ ...plan, name: "value" }, rows.map((r) => ({ value: ownValue(r, name) })));
  }
  const n = rows.length;
  switch (plan.shape.kind) {
    case "string":
    case "null": {
      const values = new Array<string | null>(n);
      for (let i = 0; i < n; i++) values[i] = (rows[i]![name] as string | undefined) ?? null;
      return utf8Vector(values);
    }
    case "json": {
      const values = new Array<string | null>(n);
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        values[i] = v === undefined || v === null ? null : JSON.stringify(v);
      }
      return utf8Vector(values);
    }
    case "number": {
      const values = new Float64Array(n);
      let validity: Uint8Array | undefined;
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (typeof v === "number") values[i] = v;
        else validity = markNull(validity, n, i);
      }
      return numericVector(new Float64(), values, validity, n);
    }
    case "bool": {
      const builder = makeBuilder({ type: new Bool(), nullValues: [null, undefined] });
      for (let i = 0; i < n; i++) builder.append(rows[i]![name] as boolean | null);
      return makeVector(builder.flush());
    }
    default: {
      const builder = makeBuilder({ type: plan.field.type, nullValues: [null, undefined] });
      for (let i = 0; i < n; i++) builder.append(rows[i]![name] ?? null);
      return makeVector(builder.flush());
    }
  }
}

/** Validity bitmap with row i marked null (allocated, all-valid, on the first null). */
function markNull(validity: Uint8Array | undefined, n: number, i: number): Uint8Array {
  if (!validity) validity = new Uint8Array((n + 7) >> 3).fill(0xff);
  validity[i >> 3]! &= ~(1 << (i & 7));
  return validity;
}

function countNulls(validity: Uint8Array | undefined, n: number): number {
  if (!validity) return 0;
  let valid = 0;
  for (let i = 0; i < n; i++) if (validity[i >> 3]! & (1 << (i & 7))) valid++;
  return n - valid;
}

/** A numeric vector straight from a typed array. */
export function numericVector<T extends Float64 | Int32 | Float32>(
  type: T,
  values: T["TArray"],
  validity: Uint8Array | undefined,
  n: number,
): Vector<T> {
  return makeVector(
    makeData({ type, length: n, nullCount: countNulls(validity, n), nullBitmap: validity, data: values } as never),
  ) as unknown as Vector<T>;
}

/** A list-of-strings vector. */
export function utf8ListVector(values: ReadonlyArray<ReadonlyArray<string> | null>): Vector {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  const flat: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v) for (const s of v) flat.push(s);
    offsets[i + 1] = flat.length;
  }
  const child = utf8Vector(flat).data[0]!;
  const type = new List(new Field("item", new Utf8(), true));
  return makeVector(makeData({ type, length: n, nullCount: 0, valueOffsets: offsets, child }));
}

/** A FixedSizeList<Float32> vector from a row-major matrix. */
export function float32VectorColumn(values: Float32Array, dim: number): Vector {
  const n = dim === 0 ? 0 : values.length / dim;
  const childType = new Float32();
  const child = makeData({ type: childType, length: values.length, nullCount: 0, data: values });
  const type = new FixedSizeList(dim, new Field("item", childType, false));
  return makeVector(makeData({ type, length: n, nullCount: 0, child }));
}

/** A record batch from vectors matching a schema's fields, in order. */
export function recordBatchOf(schema: Schema, vectors: ReadonlyArray<Vector>, length: number): RecordBatch {
  const children: Data[] = vectors.map((v) => singleData(v));
  const data = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children });
  return new RecordBatch(schema, data);
}

/** A vector's data as one chunk (builders and slices can produce several). */
function singleData(v: Vector): Data {
  if (v.data.length === 1) return v.data[0]!;
  // Rare: concatenate chunks by rebuilding through a builder of the same type.
  const builder = makeBuilder({ type: v.type as DataType, nullValues: [null, undefined] });
  for (const x of v) builder.append(x);
  return builder.flush();
}

/** Append columns (fields and vectors) to a record batch, keeping its existing columns untouched. */
export function appendColumns(batch: RecordBatch, fields: ReadonlyArray<Field>, vectors: ReadonlyArray<Vector>): RecordBatch {
  const schema = new Schema([...batch.schema.fields, ...fields], batch.schema.metadata);
  const existing = batch.schema.fields.map((f) => batch.getChild(f.name)!);
  return recordBatchOf(schema, [...existing, ...vectors], batch.numRows);
}

/** A zero-row record batch of a schema. */
export function emptyRecordBatch(schema: Schema): RecordBatch {
  const vectors = schema.fields.map((f) => makeVector(makeBuilder({ type: f.type }).flush()));
  return recordBatchOf(schema, vectors, 0);
}
