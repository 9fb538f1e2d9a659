/**
 * Worker-thread entry of the scoring pool: builds the configured scorers once per thread
 * and scores packed views, handing the numeric result buffers back without copying, and
 * the view's text buffers with them, for the pool to reuse.
 */
import { Tinypool, markMovable } from "tinypool";
import { createScorers } from "./create-scorers.js";
import { orderScorers, runScorers } from "./run-scorers.js";
import type { ScoreColumn } from "../core/score-column.js";
import type { Scorer } from "../core/scorer.js";
import { SCORERS, type ScorerConfig } from "../metrics/scorer-registry.js";
import type { ScorerEntry } from "../core/scorer-entry.js";
import { textBuffersOf, unpackTextView, type PackedTextView } from "./text-view-transfer.js";
import { recordWorkerMemory } from "./worker-memory-probe.js";

/** What the pool hands every worker once: read-only tables in SharedArrayBuffers. */
export interface ScoreWorkerData {
  /** Each registry entry's sharedTables, by entry name (entries without tables absent). */
  tables: Record<string, unknown>;
}

const workerData = Tinypool.workerData as ScoreWorkerData | undefined;
for (const entry of SCORERS as ReadonlyArray<ScorerEntry>) {
  const tables = workerData?.tables[entry.name];
  if (tables !== undefined) entry.adoptTables?.(tables);
}

export interface ScoreTask {
  config: ScorerConfig;
  view: PackedTextView;
  /** Whether float32-vector columns (embeddings) go back; the scorers that need them see them either way. */
  vectors: boolean;
}

/** What a scoring task hands back (moved, not copied). */
export interface ScoreTaskResult {
  columns: ScoreColumn[];
  /** The task's text buffers, unpacked and no longer needed here. */
  textBuffers: ArrayBuffer[];
}

let scorers: Promise<Scorer[]> | undefined;
let configKey = "";

export default async function scoreTask(task: ScoreTask): Promise<unknown> {
  const key = JSON.stringify(task.config);
  if (!scorers || key !== configKey) {
    configKey = key;
    scorers = createScorers(task.config).then(orderScorers);
  }
  const view = unpackTextView(task.view);
  const textBuffers = textBuffersOf(task.view);
  const all: ScoreColumn[] = await runScorers(await scorers, view);
  const columns = task.vectors ? all : all.filter((c) => c.kind !== "float32-vector");
  const buffers = new Set<ArrayBuffer>(textBuffers);
  for (const c of columns) {
    if (c.kind !== "utf8" && c.kind !== "utf8-list") buffers.add(c.values.buffer as ArrayBuffer);
  }
  const result: ScoreTaskResult = { columns, textBuffers };
  const moved = { [Tinypool.transferableSymbol]: [...buffers], [Tinypool.valueSymbol]: result };
  markMovable(moved);
  recordWorkerMemory();
  return moved;
}

/**
 * The URL of this module as the worker loaded it: the pool's `workerModuleUrl()` asks for it
 * (a named task, never on the scoring path) so tests can check that workers run the source
 * under test rather than a build of it.
 */
export function moduleUrl(): string {
  return import.meta.url;
}
