import { Field, Float32, FixedSizeList, Float64, Int32, List, Utf8, type DataType, type RecordBatch, type Vector } from "apache-arrow";
import { appendColumns, float32VectorColumn, numericVector, utf8ListVector } from "../io/column-vector.js";
import { utf8Vector } from "../io/utf8-vector.js";
import type { ScoreColumn } from "../core/score-column.js";

/** The Arrow type a score column is stored as. */
export function arrowTypeOfScore(column: ScoreColumn): DataType {
  switch (column.kind) {
    case "float64":
      return new Float64();
    case "int32":
      return new Int32();
    case "utf8":
      return new Utf8();
    case "utf8-list":
      return new List(new Field("item", new Utf8(), true));
    case "float32-vector":
      return new FixedSizeList(column.dim, new Field("item", new Float32(), false));
  }
}

/** The Arrow vector of a score column. */
export function arrowVectorOfScore(column: ScoreColumn): Vector {
  switch (column.kind) {
    case "float64":
      return numericVector(new Float64(), column.values, undefined, column.values.length);
    case "int32":
      return numericVector(new Int32(), column.values, undefined, column.values.length);
    case "utf8":
      return utf8Vector(column.values);
    case "utf8-list":
      return utf8ListVector(column.values);
    case "float32-vector":
      return float32VectorColumn(column.values, column.dim);
  }
}

/** A batch with score columns appended after its own (score columns are never nullable). */
export function withScoreColumns(batch: RecordBatch, columns: ReadonlyArray<ScoreColumn>): RecordBatch {
  const fields = columns.map((c) => new Field(c.name, arrowTypeOfScore(c), false));
  return appendColumns(batch, fields, columns.map(arrowVectorOfScore));
}
