import { DataType, Float32, Float64, Int32, makeBuilder, makeVector, type RecordBatch, type Vector } from "apache-arrow";
import { numericVector, recordBatchOf } from "../io/column-vector.js";
import { utf8Vector } from "../io/utf8-vector.js";
import { arrowValueToJS } from "../io/arrow-values.js";

/**
 * The rows of a batch at `rows` (ascending indices), same schema. Arrow JS has no take
 * kernel: strings and numbers are copied through fast paths, nested columns through a
 * builder.
 */
export function takeRows(batch: RecordBatch, rows: Int32Array | number[]): RecordBatch {
  const n = rows.length;
  if (n === batch.numRows) return batch;
  const vectors = batch.schema.fields.map((f) => takeVector(batch.getChild(f.name)!, rows));
  return recordBatchOf(batch.schema, vectors, n);
}

function takeVector(v: Vector, rows: Int32Array | number[]): Vector {
  const n = rows.length;
  const type = v.type as DataType;
  if (DataType.isUtf8(type)) {
    const values = new Array<string | null>(n);
    for (let i = 0; i < n; i++) values[i] = v.get(rows[i]!) as string | null;
    return utf8Vector(values);
  }
  if (DataType.isFloat(type) || (DataType.isInt(type) && type.bitWidth === 32 && type.isSigned)) {
    const out: Float64Array | Float32Array | Int32Array =
      DataType.isInt(type) ? new Int32Array(n) : type.precision === 2 ? new Float64Array(n) : type.precision === 1 ? new Float32Array(n) : new Float64Array(n);
    let validity: Uint8Array | undefined;
    for (let i = 0; i < n; i++) {
      const x = v.get(rows[i]!) as number | null;
      if (x === null) {
        validity ??= new Uint8Array((n + 7) >> 3).fill(0xff);
        validity[i >> 3]! &= ~(1 << (i & 7));
      } else out[i] = x;
    }
    const arrowType = out instanceof Int32Array ? new Int32() : out instanceof Float32Array ? new Float32() : new Float64();
    if (out instanceof Float64Array && !(DataType.isFloat(type) && type.precision === 2)) {
      // Half floats are rare; keep them exact by going through the builder.
      return viaBuilder(v, rows);
    }
    return numericVector(arrowType as never, out as never, validity, n);
  }
  return viaBuilder(v, rows);
}

function viaBuilder(v: Vector, rows: Int32Array | number[]): Vector {
  const type = v.type as DataType;
  const builder = makeBuilder({ type, nullValues: [null, undefined] });
  // Nested values come out of Vector.get as StructRow / Vector views, which the builders
  // do not read back (a list of structs became a list of nulls): give them plain values.
  const nested = DataType.isStruct(type) || DataType.isList(type) || DataType.isFixedSizeList(type) || DataType.isMap(type);
  for (let i = 0; i < rows.length; i++) {
    const value = v.get(rows[i]!);
    builder.append(nested ? arrowValueToJS(value) : value);
  }
  return makeVector(builder.flush());
}
