import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Tinypool } from "tinypool";
import type { ScoreColumn } from "./score-column.js";
import type { ScorerConfig } from "./scorer-config.js";
import type { ScoreTask, ScoreWorkerData } from "./score-worker.js";
import { packTextView } from "./text-view-transfer.js";
import { defaultDictionaryTable } from "../metrics/readability/syllable-dictionary.js";
import type { TextView } from "./text-view.js";

/**
 * The compiled worker file. From dist/ it sits beside this module; when this module runs
 * from TypeScript sources (tests), the compiled copy in dist/ is used.
 */
function workerFile(): string {
  const sibling = fileURLToPath(new URL("./score-worker.js", import.meta.url));
  if (existsSync(sibling)) return sibling;
  const built = fileURLToPath(new URL("../../dist/pipeline/score-worker.js", import.meta.url));
  if (existsSync(built)) return built;
  throw new Error(`the scoring worker is not built (${built} is missing): run 'npm run build', or use --workers 0.`);
}

/** A pool of worker threads that score views with the scorers a config names. */
export class ScoringPool {
  private readonly pool: Tinypool;

  constructor(
    private readonly config: ScorerConfig,
    readonly threads: number,
  ) {
    // Static tables are built once, here, in SharedArrayBuffers that every worker reads.
    const workerData: ScoreWorkerData = { dictionaryTable: config.readability === false ? undefined : defaultDictionaryTable() };
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
   * a caller that writes no embeddings would only receive them to drop them.
   */
  async score(view: TextView, { vectors = true }: { vectors?: boolean } = {}): Promise<ScoreColumn[]> {
    const { packed, transfer } = packTextView(view);
    const task: ScoreTask = { config: this.config, view: packed, vectors };
    return (await this.pool.run(task, { transferList: transfer })) as ScoreColumn[];
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
