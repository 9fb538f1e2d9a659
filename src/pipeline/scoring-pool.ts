import { fileURLToPath } from "node:url";
import { Tinypool } from "tinypool";
import type { ScoreColumn } from "../core/score-column.js";
import { SCORERS, type ScorerConfig } from "../metrics/scorer-registry.js";
import type { ScorerEntry, ScorerSettings } from "../core/scorer-entry.js";
import type { ScoreTask, ScoreTaskResult, ScoreWorkerData } from "./score-worker.js";
import { RecycledBuffers } from "./recycled-buffers.js";
import { packTextView } from "./text-view-transfer.js";
import { withScorerDefaults } from "./create-scorers.js";
import type { TextView } from "../core/text-view.js";

/**
 * The worker entry beside this module: score-worker.js in the compiled package; when this
 * module itself runs from TypeScript (tests, vite-node benches), a small loader that runs
 * score-worker.ts from source, so workers never execute a stale build.
 */
function workerFile(): string {
  const fromSource = import.meta.url.endsWith(".ts");
  return fileURLToPath(new URL(fromSource ? "./score-worker-source.mjs" : "./score-worker.js", import.meta.url));
}

/** A pool of worker threads that score views with the scorers a config names. */
export class ScoringPool {
  private readonly pool: Tinypool;
  /** Text buffers the workers handed back, to carry the next batches (see RecycledBuffers). */
  private readonly textBuffers: RecycledBuffers;

  constructor(
    private readonly config: ScorerConfig,
    readonly threads: number,
  ) {
    // Static tables are built once, here, in SharedArrayBuffers that every worker reads.
    const settings = withScorerDefaults(config) as ScorerSettings;
    const tables: Record<string, unknown> = {};
    for (const entry of SCORERS as ReadonlyArray<ScorerEntry>) {
      const shared = entry.sharedTables?.(settings);
      if (shared !== undefined) tables[entry.name] = shared;
    }
    const workerData: ScoreWorkerData = { tables };
    // Each batch in flight (one per worker, plus one queued) holds up to four text buffers.
    this.textBuffers = new RecycledBuffers(4 * (threads + 2));
    // A small young generation per worker: scoring allocates little that lives, and the
    // default semi-spaces cost each thread tens of MB of RSS for nothing.
    this.pool = new Tinypool({
      workerData,
      filename: workerFile(),
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 60_000,
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
  }

  /**
   * Score one view in a worker; the text moves there as transferable buffers. With
   * `vectors: false` the float32-vector columns (embeddings: 1 MiB a batch of 1024 rows at
   * 256 dimensions) stay in the worker, where the scorers that need them still read them:
   * a caller that writes no embeddings would only receive them to drop them. The text
   * buffers come back with the result and carry later batches.
   */
  async score(view: TextView, { vectors = true }: { vectors?: boolean } = {}): Promise<ScoreColumn[]> {
    const { packed, transfer } = packTextView(view, (n) => this.textBuffers.take(n));
    const task: ScoreTask = { config: this.config, view: packed, vectors };
    const result = (await this.pool.run(task, { transferList: transfer })) as ScoreTaskResult;
    this.textBuffers.give(result.textBuffers);
    return result.columns;
  }

  /** How many text buffers the workers have handed back that wait to carry the next batches. */
  get recycledTextBuffers(): number {
    return this.textBuffers.size;
  }

  /** The URL of the score-worker module a worker executes (score-worker.ts under tests, .js in the package). */
  async workerModuleUrl(): Promise<string> {
    return (await this.pool.run(undefined, { name: "moduleUrl" })) as string;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
