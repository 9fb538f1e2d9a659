import { Command } from "commander";
import { positiveInt } from "./option-parsers.js";
import { UsageError } from "./usage-error.js";
import { QueueUrlError, describeTarget, parseRedisUrl } from "../pipeline/queue/queue-connection.js";

/** `sieve worker --queue redis://host:port[/db]`: run stage jobs from the queue until stopped. */
export function workerCommand(): Command {
  return new Command("worker")
    .description("run the stage jobs of `sieve run --queue` runs, on any machine that sees their --out folders")
    .option("--queue <url>", "the Redis holding the queue: redis://host:port[/db] (required)")
    .option("--concurrency <n>", "jobs this process runs at once", positiveInt, 1)
    .option("--lock-duration <ms>", "how long a job's lock lasts without renewal: a killed worker's job runs again elsewhere after this plus --stalled-interval", positiveInt, 30_000)
    .option("--stalled-interval <ms>", "how often this worker looks for jobs whose worker died", positiveInt, 15_000)
    .addHelpText("after", `
Every machine running a worker must see each run's --out folder under the same path
(a shared filesystem). SIGINT/SIGTERM: finish the running jobs, then exit; a second signal
exits at once. See docs/distributed.md.

Example:
  sieve worker --queue redis://10.0.0.5:6379 --concurrency 2`)
    .action(async (o: { queue?: string; concurrency: number; lockDuration: number; stalledInterval: number }) => {
      if (!o.queue) throw new UsageError("worker: --queue redis://host:port[/db] is required.");
      let url: string;
      try {
        url = describeTarget(parseRedisUrl(o.queue));
      } catch (e) {
        if (e instanceof QueueUrlError) throw new UsageError(e.message);
        throw e;
      }
      // Loaded here: the other commands never pay for BullMQ.
      const { startQueueWorker } = await import("../pipeline/queue/queue-worker.js");
      const worker = startQueueWorker({ queue: o.queue, concurrency: o.concurrency, lockDuration: o.lockDuration, stalledInterval: o.stalledInterval });
      process.stderr.write(`worker ${process.pid}: taking jobs from ${url} (concurrency ${o.concurrency})\n`);
      await worker.closed;
      process.stderr.write(`worker ${process.pid}: stopped\n`);
      // Every job has finished; thread pools a stage left warm for its next job would
      // otherwise keep the process alive.
      process.exit(process.exitCode ?? 0);
    });
}
