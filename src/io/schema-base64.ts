import { Table, tableFromIPC, tableToIPC, type Schema } from "apache-arrow";

/** An Arrow schema as text for JSON bookkeeping: the base64 of an empty table's IPC stream (types, nullability and metadata kept). */
export function schemaToBase64(schema: Schema): string {
  return Buffer.from(tableToIPC(new Table(schema), "stream")).toString("base64");
}

/** The schema schemaToBase64 saved. */
export function schemaFromBase64(text: string): Schema {
  return tableFromIPC(Buffer.from(text, "base64")).schema;
}
