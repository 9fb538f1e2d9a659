import { Bool, Field, Float64, List, Schema, Struct, Utf8, type DataType } from "apache-arrow";
import { JSON_TEXT_METADATA } from "./arrow-values.js";

/**
 * The shape of JSON values seen in a sample, widened until every sample value fits.
 * `json` is the fallback for fields whose values disagree (a string here, an object
 * there): they are kept losslessly as JSON text, marked in the Arrow field metadata so
 * readers and the JSONL writer turn them back into values.
 */
export type ValueShape =
  | { kind: "null" }
  | { kind: "string" }
  | { kind: "number" }
  | { kind: "bool" }
  | { kind: "json" }
  | { kind: "list"; item: ValueShape }
  | { kind: "struct"; fields: Map<string, ValueShape> };

const NULL: ValueShape = { kind: "null" };
const JSON_SHAPE: ValueShape = { kind: "json" };

/** The shape of one JSON value. */
export function shapeOf(value: unknown): ValueShape {
  if (value === null || value === undefined) return NULL;
  switch (typeof value) {
    case "string":
      return { kind: "string" };
    case "number":
      return { kind: "number" };
    case "boolean":
      return { kind: "bool" };
    case "object": {
      if (Array.isArray(value)) {
        let item: ValueShape = NULL;
        for (const v of value) item = mergeShapes(item, shapeOf(v));
        return { kind: "list", item };
      }
      const fields = new Map<string, ValueShape>();
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) fields.set(k, shapeOf(v));
      return { kind: "struct", fields };
    }
    default:
      return JSON_SHAPE;
  }
}

/** The narrowest shape both values fit. */
export function mergeShapes(a: ValueShape, b: ValueShape): ValueShape {
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  if (a.kind === "json" || b.kind === "json") return JSON_SHAPE;
  if (a.kind !== b.kind) return JSON_SHAPE;
  if (a.kind === "list" && b.kind === "list") return { kind: "list", item: mergeShapes(a.item, b.item) };
  if (a.kind === "struct" && b.kind === "struct") {
    const fields = new Map(a.fields);
    for (const [k, v] of b.fields) fields.set(k, fields.has(k) ? mergeShapes(fields.get(k)!, v) : v);
    return { kind: "struct", fields };
  }
  return a;
}

/** Whether a value can be stored in a column of this shape without loss. */
export function fitsShape(value: unknown, shape: ValueShape): boolean {
  if (value === null || value === undefined) return true;
  switch (shape.kind) {
    case "json":
      return true;
    case "null":
      return false;
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number";
    case "bool":
      return typeof value === "boolean";
    case "list":
      if (!Array.isArray(value)) return false;
      for (const v of value) if (!fitsShape(v, shape.item)) return false;
      return true;
    case "struct": {
      if (typeof value !== "object" || Array.isArray(value)) return false;
      for (const k in value as Record<string, unknown>) {
        const s = shape.fields.get(k);
        if (!s || !fitsShape((value as Record<string, unknown>)[k], s)) return false;
      }
      return true;
    }
  }
}

/** A short name for what a value is, for error messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** A short name for a shape, for error messages. */
export function describeShape(shape: ValueShape): string {
  switch (shape.kind) {
    case "list":
      return `a list of ${describeShape(shape.item)}`;
    case "struct":
      return `an object with keys ${[...shape.fields.keys()].join(", ")}`;
    case "null":
      return "null";
    case "json":
      return "any JSON";
    default:
      return `a ${shape.kind === "bool" ? "boolean" : shape.kind}`;
  }
}

/** The Arrow type a shape is stored as. */
export function arrowTypeOf(shape: ValueShape): DataType {
  switch (shape.kind) {
    case "string":
    case "null":
    case "json":
      return new Utf8();
    case "number":
      return new Float64();
    case "bool":
      return new Bool();
    case "list":
      return new List(new Field("item", arrowTypeOf(shape.item.kind === "json" ? shape.item : shape.item), true));
    case "struct":
      return new Struct([...shape.fields].map(([k, v]) => new Field(k, arrowTypeOf(v), true)));
  }
}

/**
 * Nested JSON-text values cannot be marked per child in Arrow metadata, so a struct or
 * list that contains a `json` shape anywhere is stored whole as JSON text.
 */
function containsJson(shape: ValueShape): boolean {
  if (shape.kind === "json") return true;
  if (shape.kind === "list") return containsJson(shape.item);
  if (shape.kind === "struct") {
    if (shape.fields.size === 0) return true;
    // Arrow's struct builder reads nested keys as plain properties: a key named like an
    // Object.prototype member ("constructor", "__proto__") would read the prototype's
    // member in rows that lack it. JSON text keeps such keys exactly.
    for (const k of shape.fields.keys()) if (k in Object.prototype) return true;
    for (const v of shape.fields.values()) if (containsJson(v)) return true;
  }
  return false;
}

/** A top-level column: its name, the shape values must fit, and its Arrow field. */
export interface ColumnPlan {
  name: string;
  shape: ValueShape;
  field: Field;
}

/**
 * Columns for the top-level keys seen in a sample of row objects, in first-seen order,
 * leaving out the keys in `skip`.
 */
export function planColumns(sample: ReadonlyArray<Record<string, unknown>>, skip?: ReadonlySet<string>): ColumnPlan[] {
  const shapes = new Map<string, ValueShape>();
  for (const row of sample) {
    for (const k in row) {
      if (skip?.has(k)) continue;
      const s = shapeOf(row[k]);
      shapes.set(k, shapes.has(k) ? mergeShapes(shapes.get(k)!, s) : s);
    }
  }
  return [...shapes].map(([name, shape]) => planColumn(name, shape));
}

/** The column plan for one named shape. */
export function planColumn(name: string, shape: ValueShape): ColumnPlan {
  if (containsJson(shape)) {
    const json: ValueShape = { kind: "json" };
    return { name, shape: json, field: new Field(name, new Utf8(), true, new Map([[JSON_TEXT_METADATA, "1"]])) };
  }
  return { name, shape, field: new Field(name, arrowTypeOf(shape), true) };
}

/** The Arrow schema of a list of column plans. */
export function schemaOf(columns: ReadonlyArray<ColumnPlan>): Schema {
  return new Schema(columns.map((c) => c.field));
}

/** Distinct top-level keys a sample may have before rare keys are folded into one column. */
export const MAX_DISTINCT_KEYS = 64;
/** A key is rare when fewer than this share of the sample rows have it (and always when only one row has it). */
export const RARE_KEY_SHARE = 0.01;

/**
 * The keys that should not be columns of their own: none while the sample has at most
 * MAX_DISTINCT_KEYS distinct keys; past that, those present in fewer than RARE_KEY_SHARE
 * of the sample rows (or in a single row). A dataset whose rows carry garbled or per-row
 * keys keeps a stable schema: its rare keys go into one JSON column.
 */
export function rareKeys(sample: ReadonlyArray<Record<string, unknown>>): Set<string> {
  const counts = new Map<string, number>();
  for (const row of sample) for (const k in row) counts.set(k, (counts.get(k) ?? 0) + 1);
  const rare = new Set<string>();
  if (counts.size <= MAX_DISTINCT_KEYS) return rare;
  const threshold = Math.max(2, sample.length * RARE_KEY_SHARE);
  for (const [k, n] of counts) if (n < threshold) rare.add(k);
  return rare;
}

/** `name`, or `name` with underscores in front, whichever is not among `taken`. */
export function unusedName(name: string, taken: ReadonlyArray<string>): string {
  const set = new Set(taken);
  let out = name;
  while (set.has(out)) out = `_${out}`;
  return out;
}
