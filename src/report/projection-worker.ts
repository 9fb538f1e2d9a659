import { parentPort, workerData } from "node:worker_threads";
import { projectTo2d, type ProjectionOptions } from "./projection.js";

/** What a projection worker is started with (see projectInWorker). */
export interface ProjectionWorkerData {
  values: Float32Array;
  n: number;
  dim: number;
  options: ProjectionOptions;
}

// A worker thread's entry: project the vectors it was given, post the points back, exit.
if (parentPort && workerData) {
  const { values, n, dim, options } = workerData as ProjectionWorkerData;
  const points = projectTo2d(values, n, dim, options);
  parentPort.postMessage(points, [points.buffer as ArrayBuffer]);
}
