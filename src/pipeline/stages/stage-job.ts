/**
 * The jobs of a staged run, as every way of running them sees them (in one process, on
 * worker machines through a queue, or as a job array): a stage and a shard. Jobs are
 * idempotent: a job writes its outputs under temporary names, renames them, then writes its
 * completion marker; a job whose marker exists is skipped.
 */

/** The stages after planning, in the order they run: every job of a stage finishes before the next stage starts. */
export const STAGES = ["score", "dedup", "decide", "write", "report"] as const;

export type StageName = (typeof STAGES)[number];

/** One job: a stage and a shard (a partition for dedup; 0 for the stages that run as one job). */
export interface StageJob {
  stage: StageName;
  shard: number;
}

/** The job's id within a run, also its queue job id: `<run>.<stage>.<shard>` (no ':' — BullMQ reserves it). */
export function jobId(run: string, job: StageJob): string {
  return `${run}.${job.stage}.${job.shard}`;
}
