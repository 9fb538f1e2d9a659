import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ProjectionOptions } from "./projection.js";
import type { ProjectionWorkerData } from "./projection-worker.js";
import type { SampleVectors } from "./report-collector.js";

/** The projection settings of the report's map: the run's seed, and the UMAP epochs when set. */
export function mapProjectionOptions(seed: number, umapEpochs?: number): ProjectionOptions {
  return { seed, nEpochs: umapEpochs };
}

/** A projection running in a worker thread: its points, and a way to stop it when they are no longer wanted. */
export interface RunningProjection {
  points: Promise<Float64Array>;
  stop(): Promise<void>;
}

/**
 * The map's projection (projectTo2d) in a worker thread, so that it runs while this thread
 * does other work: `run` starts it once scoring has fixed the map sample and writes the
 * filtered and rejected splits meanwhile (UMAP on 10,000 rows takes tens of seconds).
 * Same function, same inputs: the points are the ones the main thread would compute. The
 * vectors' buffer moves to the worker (the caller must not use it afterwards).
 */
export function projectInWorker(vectors: SampleVectors, options: ProjectionOptions): RunningProjection {
  // From TypeScript sources (tests, vite-node benches) a loader runs the worker's .ts file.
  const fromSource = import.meta.url.endsWith(".ts");
  const file = fileURLToPath(new URL(fromSource ? "./projection-worker-source.mjs" : "./projection-worker.js", import.meta.url));
  const data: ProjectionWorkerData = { values: vectors.values, n: vectors.n, dim: vectors.dim, options };
  const worker = new Worker(file, { workerData: data, transferList: [vectors.values.buffer as ArrayBuffer] });
  const points = new Promise<Float64Array>((resolve, reject) => {
    let result: Float64Array | undefined;
    worker.once("message", (p: Float64Array) => (result = p));
    worker.once("error", reject);
    worker.once("exit", (code) => (result ? resolve(result) : reject(new Error(`the map projection worker stopped (exit code ${code}) without a result`))));
  });
  points.catch(() => {}); // the caller awaits it, or stops the worker
  return {
    points,
    stop: async () => {
      await worker.terminate();
    },
  };
}
