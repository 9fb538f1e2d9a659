import { openAsBlob } from "node:fs";
import { tableFromIPC, type Schema } from "apache-arrow";
import { parquetWasm } from "./parquet-wasm.js";

/** One row group of a Parquet file, as its footer gives it. */
export interface ParquetRowGroup {
  rows: number;
  /** Compressed bytes on disk. */
  bytes: number;
}

/** The row groups of a Parquet file, from its footer alone; throws when the footer cannot be read. */
export async function parquetRowGroups(file: string): Promise<ParquetRowGroup[]> {
  return withFooter(file, (pf) => {
    const meta = pf.metadata();
    const groups: ParquetRowGroup[] = [];
    for (let g = 0; g < meta.numRowGroups(); g++) {
      const group = meta.rowGroup(g);
      groups.push({ rows: Number(group.numRows()), bytes: Number(group.compressedSize()) });
      group.free();
    }
    return groups;
  });
}

/** The Arrow schema a Parquet file reads back with, from its footer alone (no row group is decoded). */
export async function parquetArrowSchema(file: string): Promise<Schema> {
  return withFooter(file, (pf) => tableFromIPC(pf.schema().intoIPCStream()).schema);
}

/** `read` applied to a Parquet file opened on its footer (freed after). */
async function withFooter<T>(file: string, read: (pf: import("parquet-wasm").ParquetFile) => T): Promise<T> {
  const wasm = await parquetWasm();
  const pf = await wasm.ParquetFile.fromFile(await openAsBlob(file));
  try {
    return read(pf);
  } finally {
    pf.free();
  }
}
