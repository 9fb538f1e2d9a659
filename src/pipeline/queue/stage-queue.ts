/**
 * The BullMQ queue of stage jobs, as the submitter and the workers both see it: what a job
 * carries and how it is retried and cleaned up.
 */
import { Queue, type JobsOptions } from "bullmq";
import type { StageJob } from "../stages/stage-job.js";
import { QUEUE_NAME, QUEUE_PREFIX, submitterConnection, type RedisTarget } from "./queue-connection.js";

/** A queued job's data: the run's output folder (absolute, the same path on every machine) and the job. */
export interface QueuedStageJob {
  out: string;
  job: StageJob;
}

/** Tries per job before it fails for good. */
export const JOB_ATTEMPTS = 3;

/**
 * Retries back off exponentially from 2 s (2 s, then 4 s), long enough for a full disk or a
 * busy shared filesystem to recover. A completed job is removed from Redis at once: its
 * completion marker under `<out>/_sieve/` is the record that counts, and a job id left in
 * Redis would make BullMQ ignore a later add of the same id. A job that failed for good is
 * kept a week so that its reason can be read; resubmitting the run replaces it.
 */
export const JOB_OPTIONS: JobsOptions = {
  attempts: JOB_ATTEMPTS,
  backoff: { type: "exponential", delay: 2000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** The stage queue, connected for a submitter (commands fail when Redis stays away). */
export function openStageQueue(target: RedisTarget): Queue<QueuedStageJob> {
  return new Queue<QueuedStageJob>(QUEUE_NAME, { connection: submitterConnection(target), prefix: QUEUE_PREFIX });
}
