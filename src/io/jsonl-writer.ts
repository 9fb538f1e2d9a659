import { DataType, type RecordBatch, type Schema, type Vector } from "apache-arrow";
import { AtomicFile } from "./atomic-file.js";
import { JSON_TEXT_METADATA, arrowValueToJS } from "./arrow-values.js";
import type { BatchWriter } from "./batch-writer.js";

/**
 * JSON Lines writer: one object per row, keys in schema order, nulls written as null.
 * Columns of JSON text are written as the JSON they hold, not as strings.
 */
export class JsonlBatchWriter implements BatchWriter {
  rows = 0;
  private constructor(
    private readonly file: AtomicFile,
    private readonly schema: Schema,
  ) {}

  get path(): string {
    return this.file.path;
  }

  static async open(path: string, schema: Schema): Promise<JsonlBatchWriter> {
    return new JsonlBatchWriter(await AtomicFile.create(path), schema);
  }

  async write(batch: RecordBatch): Promise<void> {
    const n = batch.numRows;
    if (!n) return;
    const lines = new Array<string>(n).fill("");
    const fields = batch.schema.fields;
    for (let c = 0; c < fields.length; c++) {
      const field = fields[c]!;
      const key = (c === 0 ? "{" : ",") + JSON.stringify(field.name) + ":";
      const parts = jsonColumn(batch.getChild(field.name)!, field.metadata.get(JSON_TEXT_METADATA) === "1");
      for (let i = 0; i < n; i++) lines[i] += key + parts[i];
    }
    let out = "";
    for (let i = 0; i < n; i++) out += (fields.length ? lines[i] + "}" : "{}") + "\n";
    await this.file.write(out);
    this.rows += n;
  }

  async close(): Promise<void> {
    await this.file.commit();
  }

  async abort(): Promise<void> {
    await this.file.abort();
  }
}

/** Every value of a column as JSON text. */
function jsonColumn(vector: Vector, jsonText: boolean): string[] {
  const n = vector.length;
  const out = new Array<string>(n);
  const type = vector.type as DataType;
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) {
    for (let i = 0; i < n; i++) {
      const v = vector.get(i) as string | null;
      out[i] = v === null ? "null" : jsonText ? v : JSON.stringify(v);
    }
  } else if (DataType.isFloat(type) || DataType.isInt(type)) {
    for (let i = 0; i < n; i++) {
      const v = vector.get(i) as number | bigint | null;
      out[i] = v === null ? "null" : typeof v === "bigint" ? v.toString() : Number.isFinite(v) ? String(v) : "null";
    }
  } else if (DataType.isFixedSizeList(type) && DataType.isFloat(type.children[0]!.type)) {
    const dim = type.listSize;
    const values = vector.data[0]!.children[0]!.values as Float32Array;
    const offset = vector.data[0]!.offset;
    for (let i = 0; i < n; i++) {
      if (!vector.isValid(i)) {
        out[i] = "null";
        continue;
      }
      let s = "[";
      const base = (offset + i) * dim;
      for (let d = 0; d < dim; d++) s += (d ? "," : "") + String(values[base + d]);
      out[i] = s + "]";
    }
  } else {
    for (let i = 0; i < n; i++) out[i] = JSON.stringify(arrowValueToJS(vector.get(i))) ?? "null";
  }
  return out;
}
