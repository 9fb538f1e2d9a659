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
  const wasm = await parquetWasm();
  const pf = await wasm.ParquetFile.fromFile(await openAsBlob(file));
  try {
    const meta = pf.metadata();
    const groups: ParquetRowGroup[] = [];
    for (let g = 0; g < meta.numRowGroups(); g++) {
      const group = meta.rowGroup(g);
      groups.push({ rows: Number(group.numRows()), bytes: Number(group.compressedSize()) });
      group.free();
    }
    return groups;
  } finally {
    pf.free();
  }
}

/** The Arrow schema a Parquet file reads back with, from its footer alone (no row group is decoded). */
export async function parquetArrowSchema(file: string): Promise<Schema> {
  const wasm = await parquetWasm();
  const pf = await wasm.ParquetFile.fromFile(await openAsBlob(file));
  try {
    return tableFromIPC(pf.schema().intoIPCStream()).schema;
  } finally {
    pf.free();
  }
}
