import { UsageError } from "./usage-error.js";
import type { RunOptions, RunResult } from "../pipeline/run-pipeline.js";
import { STAGES, type StageName } from "../pipeline/stages/stage-job.js";

/** The stage names `--stage` takes: the plan, then the stages its jobs run. */
export const STAGE_CHOICES = ["plan", ...STAGES] as const;

/**
 * The shard a job-array task runs: `--shard`, else the array index the scheduler sets
 * (Slurm's SLURM_ARRAY_TASK_ID, a Kubernetes Indexed Job's JOB_COMPLETION_INDEX); undefined
 * runs every job of the stage.
 */
export function arrayShard(flag: number | undefined, env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (flag !== undefined) return flag;
  for (const name of ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"]) {
    const v = env[name];
    if (v !== undefined && v !== "") {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name}=${v}: expected a whole number ≥ 0 (the shard of this task).`);
      return n;
    }
  }
  return undefined;
}

/**
 * `sieve run … --shard-size S` (all stages here) or `--stage NAME [--shard I]` (one stage, or one
 * job of it: a job-array task). Plans first when the folder has no plan yet (every task of an
 * array may do so: the plan is the same). Returns the results once the report stage is done,
 * else undefined after printing what ran.
 */
export async function runStagedFromCli(inputs: string[], options: RunOptions & { shardBytes?: number }, stage: string | undefined, shard: number | undefined): Promise<RunResult | undefined> {
  const { planRun, jobsOf, runStageJob, runStaged, finishRun, isJobDone } = await import("../pipeline/stages/staged-run.js");
  if (stage === undefined) return runStaged(inputs, options);
  const plan = await planRun(inputs, options);
  if (stage === "plan") {
    const counts = STAGES.map((s) => `${s} ${jobsOf(plan, s).length}`).join(", ");
    process.stdout.write(`planned run ${plan.run} in ${plan.out}: ${plan.shards.length} shards; jobs per stage: ${counts}\n`);
    return undefined;
  }
  const jobs = jobsOf(plan, stage as StageName);
  const mine = shard === undefined ? jobs : jobs.filter((j) => j.shard === shard);
  if (shard !== undefined && !mine.length) {
    throw new UsageError(jobs.length ? `--shard ${shard}: the ${stage} stage has jobs 0–${jobs.length - 1}.` : `--shard ${shard}: the ${stage} stage has no jobs in this run (nothing to do).`);
  }
  let ran = 0;
  for (const job of mine) if (await runStageJob(plan.out, job)) ran++;
  process.stdout.write(`${stage}: ${ran} job${ran === 1 ? "" : "s"} run, ${mine.length - ran} already done; ${jobs.filter((j) => isJobDone(plan.out, j)).length} of ${jobs.length} done\n`);
  return stage === "report" && jobs.every((j) => isJobDone(plan.out, j)) ? finishRun(plan.out) : undefined;
}
