import { scoreDataset } from "../score-dataset.js";
import { runPaths, splitPaths, type RunPlan } from "./run-plan.js";

/**
 * Score one shard: its rows, read with the schema and layout the whole input gives (so every
 * shard agrees), scored and written as that shard's part of the complete split; its rejects
 * and accounting go to the run's bookkeeping, merged by the decide stage.
 */
export async function runScoreJob(plan: RunPlan, shard: number): Promise<void> {
  const paths = runPaths(plan.out);
  await scoreDataset(plan.inputs, splitPaths(plan).complete(shard), {
    ...plan.options,
    quiet: true,
    shard: plan.shards[shard],
    rejectsPath: paths.scoreRejects(shard),
    summaryPath: paths.scoreSummary(shard),
  });
}
