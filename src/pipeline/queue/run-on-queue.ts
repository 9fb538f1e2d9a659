/**
 * `sieve run --queue redis://…`: plan the run here, then hand its stage jobs to the workers
 * that read the queue (`sieve worker`), one stage after the other, and wait.
 *
 * The completion markers under `<out>/_sieve/` are the truth about what is done, not Redis:
 * a job whose marker exists is never submitted, so submitting a finished run again runs no
 * job, and a run cut short (Redis restarted, this command killed) resumes where it stopped
 * when the same command runs again. Redis only carries the jobs still to run.
 */
import { resolve } from "node:path";
import type { Queue } from "bullmq";
import type { RunOptions, RunResult } from "../run-pipeline.js";
import { STAGES, jobId, type StageJob, type StageName } from "../stages/stage-job.js";
import { finishRun, isJobDone, jobLogPath, jobsOf, planRun, type RunPlan } from "../stages/staged-run.js";
import { RedisUnreachableError, isConnectionError, parseRedisUrl } from "./queue-connection.js";
import { JOB_ATTEMPTS, JOB_OPTIONS, openStageQueue, type QueuedStageJob } from "./stage-queue.js";

/** Options of a queue run: every option of a staged run plus the queue's URL. */
export type QueueRunOptions = RunOptions & { shardBytes?: number; queue: string };

/** How far a stage is: jobs whose completion marker exists, of all its jobs. */
export interface StageProgress {
  stage: StageName;
  done: number;
  total: number;
}

/** A job failed on every attempt: names the stage, the shard and the log with its error. */
export class StageJobFailedError extends Error {
  constructor(
    readonly job: StageJob,
    readonly log: string,
    reason: string,
  ) {
    const first = reason.split("\n")[0] || "no reason given";
    super(`${job.stage} job of shard ${job.shard} failed ${JOB_ATTEMPTS} times: ${first} (log: ${log})`);
  }
}

/** How often the wait looks for new completion markers (a stat per job still to finish). */
const MARKER_POLL_MS = 250;
/** How often it asks Redis about the jobs still to finish: failed for good, or lost. */
const STATE_POLL_MS = 1000;

/**
 * Plan the run, then for each stage submit the jobs not yet done and wait until every job of
 * the stage has its marker; then gather the results (`finishRun`). Progress goes to
 * `progress` (by default stderr, one line each time a stage's count moves; none with quiet).
 *
 * Throws StageJobFailedError when a job failed on every attempt, and RedisUnreachableError
 * (one line: start Redis, run the same command again) when Redis cannot be reached.
 */
export async function runOnQueue(inputs: string | string[], options: QueueRunOptions, progress?: (p: StageProgress) => void): Promise<RunResult> {
  const target = parseRedisUrl(options.queue);
  const { queue: _url, ...runOptions } = options;
  // Workers on other machines see the shared folder under the same absolute path.
  const out = resolve(options.out);
  const show = progress ?? (options.quiet ? () => {} : printProgress);
  const queue = openStageQueue(target);
  // Reconnect failures surface as rejected commands below; without a listener the
  // connection's "error" events would end the process instead.
  queue.on("error", () => {});
  let redisFailed = false;
  try {
    // Reach Redis before planning, so that a wrong URL or a stopped server fails at once.
    await queue.count();
    const plan = await planRun(inputs, { ...runOptions, out });
    for (const stage of STAGES) await runStage(queue, plan, out, stage, show);
  } catch (e) {
    if (!isConnectionError(e)) throw e;
    redisFailed = true;
    throw new RedisUnreachableError(target, e);
  } finally {
    // Closing waits for pending commands and BullMQ's disconnect for an "end" event, neither
    // of which comes while Redis is away: drop the connection without waiting.
    if (redisFailed) await queue.client.then((client) => client.disconnect()).catch(() => {});
    else await queue.close().catch(() => {});
  }
  return finishRun(out);
}

/** Submit a stage's unfinished jobs and wait until all of its markers exist. */
async function runStage(queue: Queue<QueuedStageJob>, plan: RunPlan, out: string, stage: StageName, show: (p: StageProgress) => void): Promise<void> {
  const jobs = jobsOf(plan, stage);
  let pending = jobs.filter((job) => !isJobDone(out, job));
  const report = () => show({ stage, done: jobs.length - pending.length, total: jobs.length });
  report();
  if (!pending.length) return;
  await submit(queue, plan.run, out, pending);
  let lastStateCheck = Date.now();
  while (pending.length) {
    await sleep(MARKER_POLL_MS);
    const before = pending.length;
    pending = pending.filter((job) => !isJobDone(out, job));
    if (pending.length !== before) report();
    if (pending.length && Date.now() - lastStateCheck >= STATE_POLL_MS) {
      await checkStates(queue, plan.run, out, pending);
      lastStateCheck = Date.now();
    }
  }
}

/**
 * Put jobs on the queue. A job still waiting, delayed or running (from an earlier submission
 * of this run) is left as it is; one that failed for good earlier is replaced, so that
 * running the command again retries it (BullMQ ignores an add whose id exists).
 */
async function submit(queue: Queue<QueuedStageJob>, run: string, out: string, jobs: StageJob[]): Promise<void> {
  const toAdd: StageJob[] = [];
  for (const job of jobs) {
    const id = jobId(run, job);
    const state = await queue.getJobState(id);
    if (state === "failed" || state === "completed") await queue.remove(id);
    if (state === "failed" || state === "completed" || state === "unknown") toAdd.push(job);
  }
  if (!toAdd.length) return;
  await queue.addBulk(toAdd.map((job) => ({ name: job.stage, data: { out, job }, opts: { ...JOB_OPTIONS, jobId: jobId(run, job) } })));
}

/**
 * Ask Redis about the jobs without a marker. Failed for good: throw. Gone from Redis without
 * a marker (a Redis restarted without persistence, a job removed by hand): submit it again.
 * The state is read before the marker, since a job writes its marker and is then removed.
 */
async function checkStates(queue: Queue<QueuedStageJob>, run: string, out: string, pending: StageJob[]): Promise<void> {
  const states = await Promise.all(pending.map((job) => queue.getJobState(jobId(run, job))));
  const lost: StageJob[] = [];
  for (const [i, job] of pending.entries()) {
    if (isJobDone(out, job)) continue;
    if (states[i] === "failed") {
      const failed = await queue.getJob(jobId(run, job));
      throw new StageJobFailedError(job, jobLogPath(out, job), failed?.failedReason ?? "");
    }
    if (states[i] === "unknown") lost.push(job);
  }
  if (lost.length) await submit(queue, run, out, lost);
}

function printProgress(p: StageProgress): void {
  process.stderr.write(`queue: ${p.stage} ${p.done}/${p.total} jobs done\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
