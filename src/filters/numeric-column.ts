import { DataType, type RecordBatch } from "apache-arrow";

/**
 * A numeric column of a batch as a Float64Array, nulls as NaN. Score columns come back
 * from a scored file as Float64 (JSONL/Parquet) or Int32 (Arrow); anything numeric works.
 */
export function numericColumn(batch: RecordBatch, name: string): Float64Array {
  const vector = batch.getChild(name);
  const n = batch.numRows;
  const out = new Float64Array(n);
  if (!vector) return out.fill(NaN);
  const type = vector.type as DataType;
  if (!DataType.isFloat(type) && !DataType.isInt(type)) {
    throw new Error(`column '${name}' is ${String(type)}, not numeric; a threshold needs a numeric column.`);
  }
  for (let i = 0; i < n; i++) {
    const v = vector.get(i) as number | bigint | null;
    out[i] = v === null ? NaN : Number(v);
  }
  return out;
}

/** Whether a field type is numeric. */
export function isNumericType(type: DataType): boolean {
  return DataType.isFloat(type) || DataType.isInt(type);
}
