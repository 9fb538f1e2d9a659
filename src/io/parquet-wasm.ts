import { createRequire } from "node:module";

type ParquetWasm = typeof import("parquet-wasm");
let loaded: ParquetWasm | undefined;

/** The Node build of parquet-wasm (loaded once, lazily: it is a few MB of WebAssembly). */
export async function parquetWasm(): Promise<ParquetWasm> {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    loaded = require("parquet-wasm") as ParquetWasm;
  }
  return loaded;
}
