/**
 * Worker-thread entry of the scoring pool: builds the configured scorers once per thread
 * and scores packed views, handing the numeric result buffers back without copying.
 */
import { Tinypool, markMovable } from "tinypool";
import { createScorers } from "./create-scorers.js";
import { orderScorers, runScorers } from "./run-scorers.js";
import type { ScoreColumn } from "./score-column.js";
import type { Scorer } from "./scorer.js";
import type { ScorerConfig } from "./scorer-config.js";
import { unpackTextView, type PackedTextView } from "./text-view-transfer.js";

export interface ScoreTask {
  config: ScorerConfig;
  view: PackedTextView;
}

let scorers: Promise<Scorer[]> | undefined;
let configKey = "";

export default async function scoreTask(task: ScoreTask): Promise<unknown> {
  const key = JSON.stringify(task.config);
  if (!scorers || key !== configKey) {
    configKey = key;
    scorers = createScorers(task.config).then(orderScorers);
  }
  const columns: ScoreColumn[] = await runScorers(await scorers, unpackTextView(task.view));
  const buffers = new Set<ArrayBuffer>();
  for (const c of columns) {
    if (c.kind !== "utf8" && c.kind !== "utf8-list") buffers.add(c.values.buffer as ArrayBuffer);
  }
  const moved = { [Tinypool.transferableSymbol]: [...buffers], [Tinypool.valueSymbol]: columns };
  markMovable(moved);
  return moved;
}
