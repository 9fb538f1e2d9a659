import { DataType, makeBuilder, makeVector, type RecordBatch, type Vector } from "apache-arrow";
import type { Layout } from "../io/layout.js";
import { arrowValueToJS } from "../io/arrow-values.js";
import { recordBatchOf } from "../io/column-vector.js";
import { utf8Vector } from "../io/utf8-vector.js";
import { redactPii } from "../metrics/pii/redact-pii.js";

/**
 * What `filters.pii.redact` (`--redact-pii`) does to the rows of the filtered and rejected
 * splits: in the columns the layout reads text from (instruction, context, response,
 * messages …), every finding of the PII detector is replaced by its typed placeholder. A
 * string column is rewritten value by value; a nested one (a list of messages) has every
 * string inside it rewritten, which leaves roles and other short fields as they were (they
 * hold no finding). Every other column, the score columns included, is written unchanged, so
 * the counts still say what the original text held. The complete split is not rewritten: it
 * stays the copy to analyse.
 *
 * Returns undefined when the layout names no text column of the schema.
 */
export function piiRedactor(layout: Layout, columns: readonly string[]): ((batch: RecordBatch) => RecordBatch) | undefined {
  const targets = new Set((layout.fields ?? []).filter((f) => columns.includes(f)));
  if (!targets.size) return undefined;
  return (batch) => {
    const vectors = batch.schema.fields.map((f) => {
      const v = batch.getChild(f.name)!;
      return targets.has(f.name) ? redactVector(v) : v;
    });
    return recordBatchOf(batch.schema, vectors, batch.numRows);
  };
}

function redactVector(v: Vector): Vector {
  const type = v.type as DataType;
  const n = v.length;
  if (DataType.isUtf8(type)) {
    const values = new Array<string | null>(n);
    for (let i = 0; i < n; i++) {
      const s = v.get(i) as string | null;
      values[i] = s === null ? null : redactPii(s);
    }
    return utf8Vector(values);
  }
  if (DataType.isList(type) || DataType.isStruct(type)) {
    const builder = makeBuilder({ type: type as DataType, nullValues: [null, undefined] });
    for (let i = 0; i < n; i++) builder.append(redactStrings(arrowValueToJS(v.get(i))) as never);
    return makeVector(builder.flush() as never) as Vector;
  }
  return v;
}

/** A plain value with every string in it redacted. */
function redactStrings(value: unknown): unknown {
  if (typeof value === "string") return redactPii(value);
  if (Array.isArray(value)) return value.map(redactStrings);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(value)) out[k] = redactStrings(x);
    return out;
  }
  return value;
}
