import type { RecordBatch } from "apache-arrow";
import type { TextView } from "../../core/text-view.js";
import { validateFilterConfig } from "../../filters/filter-config.js";
import { scoreDataset } from "../score-dataset.js";
import { DecideKeysGatherer, partitionableDedup } from "./decide-keys.js";
import { reportScoreGatherer } from "./report-aggregates.js";
import { runPaths, splitPaths, type RunPlan } from "./run-plan.js";

/**
 * What a score job gathers from its shard's scored batches besides the part file, for the
 * stages after it (the decide stage's row keys, the report's aggregates): fed each batch as
 * scoring writes it, saved once the shard is scored.
 */
export interface ShardGatherer {
  add(batch: RecordBatch, view: TextView): void;
  save(): Promise<void>;
}

/**
 * Score one shard: its rows, read with the schema and layout the whole input gives (so every
 * shard agrees), scored and written as that shard's part of the complete split; its rejects
 * and accounting go to the run's bookkeeping, merged by the decide stage.
 */
export async function runScoreJob(plan: RunPlan, shard: number): Promise<void> {
  const paths = runPaths(plan.out);
  const gatherers: ShardGatherer[] = [];
  if (plan.decideFromKeys) {
    const cfg = validateFilterConfig(plan.filterConfig);
    const keys = { rows: paths.shardRows(shard), keys: paths.shardKeyFile(shard), summary: paths.shardKeys(shard) };
    gatherers.push(new DecideKeysGatherer(cfg, partitionableDedup(cfg)!, Math.max(1, plan.dedupPartitions), keys));
  }
  if (!plan.options.noReport) gatherers.push(reportScoreGatherer(plan, shard));
  await scoreDataset(plan.inputs, splitPaths(plan).complete(shard), {
    ...plan.options,
    quiet: true,
    shard: plan.shards[shard],
    rejectsPath: paths.scoreRejects(shard),
    summaryPath: paths.scoreSummary(shard),
    onBatch: gatherers.length
      ? (batch, view) => {
          for (const g of gatherers) g.add(batch, view);
        }
      : undefined,
  });
  for (const g of gatherers) await g.save();
}
