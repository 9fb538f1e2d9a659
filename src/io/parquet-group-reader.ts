import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * Runs in the worker: opens the file once, decodes one row group per request and sends it
 * back as Arrow IPC stream bytes (transferred, not copied). Plain JavaScript evaluated as
 * a script, so the same code serves the TypeScript sources and the compiled package.
 */
const WORKER_SCRIPT = `
const { parentPort, workerData } = require("node:worker_threads");
const { openAsBlob } = require("node:fs");
const wasm = require(workerData.wasmPath);
let opened;
parentPort.on("message", async (group) => {
  try {
    opened ??= wasm.ParquetFile.fromFile(await openAsBlob(workerData.file));
    const table = await (await opened).read({ rowGroups: [group] });
    let ipc = table.intoIPCStream();
    if (ipc.byteOffset !== 0 || ipc.byteLength !== ipc.buffer.byteLength) ipc = ipc.slice();
    parentPort.postMessage({ group, ipc }, [ipc.buffer]);
  } catch (e) {
    parentPort.postMessage({ group, error: String((e && e.message) || e) });
  }
});
`;

/**
 * Decodes the row groups of one Parquet file in a worker thread. A damaged page can make
 * parquet-wasm's decoder panic (a WebAssembly trap thrown outside any promise it returns),
 * which in the main thread would take the whole process down. In a worker it ends only
 * the worker: read() rejects with the cause, and the next read() starts a fresh one.
 */
export class ParquetGroupReader {
  private worker: Worker | undefined;
  private pending: { group: number; resolve: (ipc: Uint8Array) => void; reject: (e: Error) => void } | undefined;
  private readonly wasmPath: string;

  constructor(private readonly file: string) {
    this.wasmPath = createRequire(import.meta.url).resolve("parquet-wasm");
  }

  /** The row group as Arrow IPC stream bytes; rejects with why it could not be decoded. */
  read(group: number): Promise<Uint8Array> {
    const worker = this.worker ?? this.start();
    worker.ref();
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending = { group, resolve, reject };
      worker.postMessage(group);
    }).finally(() => this.worker?.unref());
  }

  /** Stop the worker (idempotent). */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SCRIPT, { eval: true, workerData: { file: this.file, wasmPath: this.wasmPath } });
    worker.on("message", (m: { group: number; ipc?: Uint8Array; error?: string }) => {
      const p = this.pending;
      if (!p || p.group !== m.group) return;
      this.pending = undefined;
      if (m.ipc) p.resolve(m.ipc);
      else p.reject(new Error(m.error ?? "unknown error"));
    });
    const fail = (why: string): void => {
      // An old worker's late 'exit' must not fail the request of the one that replaced it.
      if (this.worker !== worker) return;
      this.worker = undefined;
      const p = this.pending;
      this.pending = undefined;
      p?.reject(new Error(why));
    };
    worker.on("error", (e: Error) => fail(`the decoder failed: ${e.message}`));
    worker.on("exit", (code) => fail(`the decoder stopped (exit code ${code})`));
    this.worker = worker;
    return worker;
  }
}
