/**
 * `sieve worker --queue redis://…`: run the stage jobs of any run from the queue, on any
 * machine that sees the runs' output folders under the same paths (a shared filesystem).
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { Worker, type Job } from "bullmq";
import { jobLogPath, runStageJob } from "../stages/staged-run.js";
import { QUEUE_NAME, QUEUE_PREFIX, describeTarget, isConnectionError, parseRedisUrl, workerConnection } from "./queue-connection.js";
import type { QueuedStageJob } from "./stage-queue.js";

/**
 * A worker holds a lock on each job it runs and renews it every lockDuration / 2. When a
 * worker dies (killed, machine lost) its lock lapses after lockDuration, and the next
 * stalled check of any live worker (every stalledInterval) puts the job back on the queue
 * for another worker. 30 s and 15 s bring a lost job back within 45 s while tolerating
 * event-loop pauses of several seconds (scoring itself runs in worker threads).
 */
export const DEFAULT_LOCK_DURATION_MS = 30_000;
export const DEFAULT_STALLED_INTERVAL_MS = 15_000;
/**
 * A job may come back from a stalled state this many times before it fails for good: a
 * job that kills its worker every time (out of memory) must not go round for ever.
 */
export const MAX_STALLED_COUNT = 2;

export interface QueueWorkerOptions {
  /** `redis://host:port[/db]`. */
  queue: string;
  /** Jobs this process runs at once (default 1: a stage job already uses the cores it is given). */
  concurrency?: number;
  /** Lock duration and stalled-check interval in ms (defaults above). */
  lockDuration?: number;
  stalledInterval?: number;
  /** One line per job started, finished or failed, and per Redis outage (default: stderr). */
  log?: (line: string) => void;
  /** Close gracefully on SIGINT/SIGTERM (default true). */
  handleSignals?: boolean;
}

export interface QueueWorker {
  worker: Worker<QueuedStageJob>;
  /** Stop taking jobs, let the running ones finish, disconnect. */
  close(): Promise<void>;
  /** Resolves once the worker has closed (after close() or a signal). */
  closed: Promise<void>;
}

/**
 * Start a BullMQ worker on the stage queue. Its processor runs `runStageJob`, which is
 * idempotent (a job whose marker exists returns at once) and writes a failed job's error to
 * its log; the processor adds which attempt, host and process it was, so that the log
 * also tells a failure outside the job (an output folder this machine cannot see).
 */
export function startQueueWorker(options: QueueWorkerOptions): QueueWorker {
  const target = parseRedisUrl(options.queue);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let running = 0;
  const processor = async (job: Job<QueuedStageJob>): Promise<void> => {
    const { out, job: stageJob } = job.data;
    const id = job.id ?? `${stageJob.stage}.${stageJob.shard}`;
    log(`start ${id} (attempt ${job.attemptsMade + 1})`);
    let ran: boolean;
    running++;
    try {
      ran = await runStageJob(out, stageJob);
    } catch (e) {
      noteAttempt(jobLogPath(out, stageJob), job, e);
      log(`fail ${id}: ${(e as Error)?.message?.split("\n")[0] ?? String(e)}`);
      throw e;
    } finally {
      running--;
    }
    log(ran ? `done ${id}` : `skip ${id} (already done)`);
  };
  const worker = new Worker<QueuedStageJob>(QUEUE_NAME, processor, {
    connection: workerConnection(target),
    prefix: QUEUE_PREFIX,
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDuration ?? DEFAULT_LOCK_DURATION_MS,
    stalledInterval: options.stalledInterval ?? DEFAULT_STALLED_INTERVAL_MS,
    maxStalledCount: MAX_STALLED_COUNT,
  });
  // A Redis that is away is retried for ever (the worker resumes when it is back): say so
  // once per outage rather than on every reconnect attempt.
  let away = false;
  worker.on("error", (e) => {
    if (!isConnectionError(e)) {
      // E.g. a job finished while Redis was away and restarted empty: its marker is
      // written, so only BullMQ's record of it is lost, which the submitter does not need.
      log(`queue error: ${(e as Error)?.message ?? String(e)}`);
      return;
    }
    if (!away) log(`cannot reach Redis at ${describeTarget(target)} (${(e as Error).message}); retrying`);
    away = true;
  });
  worker.on("ready", () => {
    if (away) log(`Redis at ${describeTarget(target)} is back`);
    away = false;
  });
  let closing: Promise<void> | undefined;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const close = (): Promise<void> => {
    // BullMQ's close waits for Redis; while Redis is away, the running jobs finishing is enough
    // (their markers are written; Redis' record of them no longer matters).
    closing ??= Promise.race([worker.close().catch((e: unknown) => log(`closing: ${(e as Error)?.message ?? String(e)}`)), untilAwayAndIdle()]).finally(resolveClosed);
    return closing;
  };
  const untilAwayAndIdle = () =>
    new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (away && running === 0) {
          clearInterval(timer);
          resolve();
        }
      }, 200);
      void closed.then(() => clearInterval(timer));
    });
  if (options.handleSignals !== false) {
    const onSignal = (signal: NodeJS.Signals) => {
      if (closing) {
        // A second signal: stop now. The running jobs' locks lapse and they run again elsewhere.
        log(`${signal} again: exiting without waiting for the running jobs`);
        process.exit(130);
      }
      log(`${signal}: finishing the running jobs, then exiting (send it again to exit now)`);
      void close();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    void closed.then(() => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    });
  }
  return { worker, close, closed };
}

/** Add to the job's log which attempt failed, where, and (when the job itself wrote no log) why. */
function noteAttempt(path: string, job: Job<QueuedStageJob>, error: unknown): void {
  const e = error as Error;
  const text = `\nqueue job ${job.id}: attempt ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1} failed on ${hostname()} (pid ${process.pid}): ${e?.message ?? String(error)}\n`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, text);
  } catch {
    // The log is a convenience: a folder this machine cannot write must not hide the job's own error.
  }
}
