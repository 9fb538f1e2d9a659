import { DataType, makeBuilder, makeData, makeVector, type Data, type Field, type RecordBatch, type Schema } from "apache-arrow";
import { arrowValueToJS, batchToObjects, JSON_TEXT_METADATA } from "./arrow-values.js";
import { recordBatchOf } from "./column-vector.js";
import { textView, type Dataset, type RejectedRecord, type SieveBatch } from "./dataset-reader.js";
import { parquetArrowSchema } from "./parquet-row-groups.js";
import { parquetGroupTables } from "./parquet-source.js";
import type { CanonicalRow } from "./layout.js";

/**
 * The batches of Parquet splits that sieve wrote itself (the scored split that `run`, `filter`
 * and the staged write jobs read back), straight from their Arrow columns: the same batches
 * as `dataset.batches()` (same schema, rows, ids, view and batch boundaries), without turning
 * every row into a JS object and back. Only the columns the layout reads become objects, for
 * the text view. Undefined when the files are not all Parquet, or a column of the file does
 * not map plainly onto the schema the dataset inferred from the rows (then the caller reads
 * the rows as usual).
 *
 * Every batch is built afresh from the values it holds (text, numbers, and lists and structs
 * of them copied as bytes; other types through a builder), never a slice of a row group:
 * what the writers see (and the row-group size they pick from the first batch's bytes)
 * depends on the rows only, not on how the file was cut into row groups, so a split read whole and the same rows read
 * as a staged run's parts give the same output bytes.
 */
export async function arrowSplitBatches(dataset: Dataset): Promise<AsyncIterable<SieveBatch> | undefined> {
  if (dataset.shard || dataset.limit !== undefined || dataset.idAdded || !dataset.files.length || dataset.formats.some((f) => f !== "parquet")) return undefined;
  for (const file of dataset.files) {
    const schema = await parquetArrowSchema(file).catch(() => undefined);
    if (!schema || !mapsPlainly(schema, dataset.schema)) return undefined;
  }
  // The rows the dataset read for its sample are read again here: its own reader is closed.
  await dataset.close();
  return readBatches(dataset, Math.max(1, dataset.batchSize));
}

/**
 * Whether every column of `file` becomes the column of `target` (same names, same order) as
 * it is, or as numbers cast into the target's type.
 */
function mapsPlainly(file: Schema, target: Schema): boolean {
  if (file.fields.length !== target.fields.length) return false;
  return file.fields.every((from, i) => {
    const to = target.fields[i]!;
    // A JSON-text column reads back as values; sieve wrote its text with JSON.stringify, which
    // gives that text again, but only when both sides mark it the same way.
    const json = (f: Field) => f.metadata.get(JSON_TEXT_METADATA) === "1";
    return from.name === to.name && json(from) === json(to) && (sameShape(from.type, to.type) || isNumberTarget(from.type, to.type));
  });
}

/**
 * Numbers read as JS numbers into `to`: the same type, or ints up to 32 bits and 32- or 64-bit
 * floats into Float64 (64-bit ints and half floats take the builder's way).
 */
function isNumberTarget(from: DataType, to: DataType): boolean {
  const plain = DataType.isInt(from) ? from.bitWidth <= 32 : DataType.isFloat(from) && from.precision >= 1;
  return plain && (String(from) === String(to) || (DataType.isFloat(to) && to.precision === 2));
}

/** Types alike but for the nullability of nested fields. */
function sameShape(a: DataType, b: DataType): boolean {
  if (String(a) !== String(b) || a.typeId !== b.typeId) return false;
  const ac = (a.children ?? []) as Field[];
  const bc = (b.children ?? []) as Field[];
  return ac.length === bc.length && ac.every((f, i) => f.name === bc[i]!.name && sameShape(f.type, bc[i]!.type));
}

async function* readBatches(dataset: Dataset, batchSize: number): AsyncGenerator<SieveBatch> {
  const schema = dataset.schema;
  const idIndex = schema.fields.findIndex((f) => f.name === dataset.idColumn);
  const names = schema.fields.map((f) => f.name);
  const textColumns = (dataset.layout.fields ?? names).map((name) => names.indexOf(name)).filter((i) => i >= 0);
  const pieces: RecordBatch[] = [];
  let pending = 0;
  let rejects: RejectedRecord[] = [];

  const emit = (rows: number): SieveBatch => {
    // The first `rows` rows of the pieces, as one batch built afresh.
    const taken: RecordBatch[] = [];
    let need = rows;
    while (need > 0) {
      const p = pieces[0]!;
      if (p.numRows <= need) {
        taken.push(p);
        pieces.shift();
        need -= p.numRows;
      } else {
        taken.push(p.slice(0, need));
        pieces[0] = p.slice(need);
        need = 0;
      }
    }
    pending -= rows;
    const vectors = schema.fields.map((field, c) => makeVector(joinData(field.type, taken.map((t) => t.getChildAt(c)!.data[0]! as Data<DataType>), rows)));
    const batch = recordBatchOf(schema, vectors, rows);
    const out: SieveBatch = { batch, view: viewOf(batch, dataset, textColumns, idIndex), rejects };
    rejects = [];
    return out;
  };

  for (const file of dataset.files) {
    for await (const read of parquetGroupTables(file)) {
      if ("table" in read) {
        for (const b of read.table.batches) {
          if (!b.numRows) continue;
          pieces.push(b);
          pending += b.numRows;
          while (pending >= batchSize) yield emit(batchSize);
        }
      } else if (read.rows > 0) {
        rejects.push({ file, row: read.firstRow, reason: read.reason, raw: "", rows: read.rows });
        yield emit(0);
      }
    }
  }
  if (pending || rejects.length) yield emit(pending);
}

/** The text view of a batch: ids from the id column, text through the layout from the columns it reads. */
function viewOf(batch: RecordBatch, dataset: Dataset, textColumns: readonly number[], idIndex: number): SieveBatch["view"] {
  // By index: Arrow JS's select(names) misplaces the columns of a batch it picks from the middle.
  const objects = batchToObjects(batch.selectAt(textColumns as number[]));
  const ids = new Array<string>(batch.numRows);
  const id = batch.getChildAt(idIndex)!;
  const rows: CanonicalRow[] = new Array(batch.numRows);
  for (let i = 0; i < batch.numRows; i++) {
    const c = dataset.layout.extract(objects[i]!);
    // A split sieve wrote holds only rows its layout read; anything else is a damaged file.
    if ("error" in c) throw new Error(`${dataset.files.join(", ")}: a row of the split cannot be read (${c.error}); read it as an input instead.`);
    rows[i] = c;
    const value = arrowValueToJS(id.get(i));
    if (value === null) throw new Error(`${dataset.files.join(", ")}: a row of the split has no ${dataset.idColumn}; read it as an input instead.`);
    ids[i] = String(value);
  }
  return textView(ids, rows);
}

/**
 * Data of `type` holding the rows of `parts` one after the other, built afresh: text, numbers
 * (cast into `type`'s array), lists and structs of them copied as bytes, anything else
 * through a builder.
 */
function joinData(type: DataType, parts: ReadonlyArray<Data<DataType>>, rows: number): Data<DataType> {
  if (DataType.isUtf8(type)) return joinUtf8(type, parts, rows);
  if ((DataType.isInt(type) && type.bitWidth <= 32) || (DataType.isFloat(type) && type.precision >= 1)) return joinNumbers(type, parts, rows);
  if (DataType.isList(type)) return joinList(type, parts, rows);
  if (DataType.isStruct(type)) return joinStruct(type, parts, rows);
  const builder = makeBuilder({ type, nullValues: [null, undefined] });
  // Nested values come out of Vector.get as views the builders do not read back: give them plain values.
  const nested = DataType.isFixedSizeList(type) || DataType.isMap(type) || DataType.isUnion(type);
  for (const part of parts) {
    const v = makeVector(part);
    for (let i = 0; i < v.length; i++) builder.append((nested ? arrowValueToJS(v.get(i)) : v.get(i)) as never);
  }
  return builder.flush() as Data<DataType>;
}

/** The validity bitmap of the rows of `parts` (undefined when none is null) and the null count. */
function joinValidity(parts: ReadonlyArray<Data<DataType>>, rows: number): { nullBitmap: Uint8Array | undefined; nullCount: number } {
  if (!parts.some((p) => p.nullCount > 0)) return { nullBitmap: undefined, nullCount: 0 };
  const bitmap = new Uint8Array((rows + 7) >> 3);
  let nulls = 0;
  let r = 0;
  for (const p of parts) {
    const source = p.nullCount > 0 ? p.nullBitmap : undefined;
    for (let i = 0; i < p.length; i++, r++) {
      if (!source?.length || isSet(source, p.offset + i)) bitmap[r >> 3]! |= 1 << (r & 7);
      else nulls++;
    }
  }
  return nulls ? { nullBitmap: bitmap, nullCount: nulls } : { nullBitmap: undefined, nullCount: 0 };
}

/** Lists: offsets rebased, the items each part's rows cover joined in turn. */
function joinList(type: DataType, parts: ReadonlyArray<Data<DataType>>, rows: number): Data<DataType> {
  const offsets = new Int32Array(rows + 1);
  const items: Data<DataType>[] = [];
  let total = 0;
  let r = 0;
  for (const p of parts) {
    const po = p.valueOffsets as Int32Array;
    const child = p.children[0]! as Data<DataType>;
    for (let i = 0; i < p.length; i++, r++) {
      total += po[i + 1]! - po[i]!;
      offsets[r + 1] = total;
    }
    if (p.length) items.push(child.slice(po[0]!, po[p.length]! - po[0]!));
  }
  const childType = (type.children as Field[])[0]!.type as DataType;
  const child = joinData(childType, items, total);
  const { nullBitmap, nullCount } = joinValidity(parts, rows);
  return makeData({ type, length: rows, nullCount, nullBitmap, valueOffsets: offsets, child } as never) as Data<DataType>;
}

/** Structs: each field joined over the parts (Arrow JS slices a struct's children with it). */
function joinStruct(type: DataType, parts: ReadonlyArray<Data<DataType>>, rows: number): Data<DataType> {
  const fields = type.children as Field[];
  const children = fields.map((f, k) => joinData(f.type as DataType, parts.map((p) => p.children[k]! as Data<DataType>), rows));
  const { nullBitmap, nullCount } = joinValidity(parts, rows);
  return makeData({ type, length: rows, nullCount, nullBitmap, children } as never) as Data<DataType>;
}

/** Whether bit `i` of a bitmap is set. */
function isSet(bitmap: Uint8Array, i: number): boolean {
  return (bitmap[i >> 3]! & (1 << (i & 7))) !== 0;
}

/** Text columns: offsets and bytes copied (Arrow JS slices the offsets with the data, so row i's are at i and i + 1). */
function joinUtf8(type: DataType, parts: ReadonlyArray<Data<DataType>>, rows: number): Data<DataType> {
  const { nullBitmap, nullCount } = joinValidity(parts, rows);
  const offsets = new Int32Array(rows + 1);
  let total = 0;
  let r = 0;
  for (const p of parts) {
    const po = p.valueOffsets as Int32Array;
    for (let i = 0; i < p.length; i++, r++) {
      // A null's slot is empty, whatever bytes the file left under it.
      if (!nullBitmap || isSet(nullBitmap, r)) total += po[i + 1]! - po[i]!;
      offsets[r + 1] = total;
    }
  }
  const bytes = new Uint8Array(total);
  r = 0;
  for (const p of parts) {
    const po = p.valueOffsets as Int32Array;
    const pv = p.values as Uint8Array;
    for (let i = 0; i < p.length; i++, r++) {
      const length = offsets[r + 1]! - offsets[r]!;
      if (length) bytes.set(pv.subarray(po[i]!, po[i]! + length), offsets[r]!);
    }
  }
  return makeData({ type, length: rows, nullCount, nullBitmap, valueOffsets: offsets, data: bytes } as never) as Data<DataType>;
}

/** Number columns into the target's typed array (ints read as floats where the schema says Float64); a null's slot holds zero. */
function joinNumbers(type: DataType, parts: ReadonlyArray<Data<DataType>>, rows: number): Data<DataType> {
  const { nullBitmap, nullCount } = joinValidity(parts, rows);
  const Kind = (type as unknown as { ArrayType: new (n: number) => { [i: number]: number } }).ArrayType;
  const values = new Kind(rows);
  let r = 0;
  for (const p of parts) {
    const pv = p.values as unknown as { [i: number]: number };
    for (let i = 0; i < p.length; i++, r++) if (!nullBitmap || isSet(nullBitmap, r)) values[r] = pv[i]!;
  }
  return makeData({ type, length: rows, nullCount, nullBitmap, data: values } as never) as Data<DataType>;
}
