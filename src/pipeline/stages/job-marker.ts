import { existsSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runPaths } from "./run-plan.js";
import type { StageJob } from "./stage-job.js";

/** The completion marker of a job: written last, after its outputs were renamed into place. */
export function markerPath(out: string, job: StageJob): string {
  return join(runPaths(out).done, `${job.stage}-${job.shard}`);
}

/** Whether the job finished (its marker exists). */
export function isJobDone(out: string, job: StageJob): boolean {
  return existsSync(markerPath(out, job));
}

/** Mark the job finished (atomically: a marker is there whole or not at all). */
export async function markJobDone(out: string, job: StageJob): Promise<void> {
  const path = markerPath(out, job);
  await mkdir(runPaths(out).done, { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${job.stage} ${job.shard}\n`);
  await rename(temp, path);
}

/** Where a failed job's error goes (`sieve status` shows it). */
export function jobLogPath(out: string, job: StageJob): string {
  return join(runPaths(out).logs, `${job.stage}-${job.shard}.log`);
}

/** Write a failed job's error to its log. */
export async function writeJobLog(out: string, job: StageJob, error: unknown): Promise<void> {
  await mkdir(runPaths(out).logs, { recursive: true });
  const text = error instanceof Error ? `${error.message}\n\n${error.stack ?? ""}` : String(error);
  await writeFile(jobLogPath(out, job), `${text}\n`);
}
