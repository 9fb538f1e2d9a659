import { UsageError } from "./usage-error.js";
import type { RunOptions, RunResult } from "../pipeline/run-pipeline.js";
import { QueueUrlError, parseRedisUrl } from "../pipeline/queue/queue-connection.js";

/**
 * `sieve run … --queue redis://host:port[/db]`: plan here, run the stage jobs on the workers
 * reading that queue, wait with progress on stderr. A bad URL is a usage error.
 */
export async function runQueueFromCli(inputs: string[], options: RunOptions & { shardBytes?: number }, queue: string): Promise<RunResult> {
  try {
    parseRedisUrl(queue);
  } catch (e) {
    if (e instanceof QueueUrlError) throw new UsageError(e.message);
    throw e;
  }
  // Loaded here: the other commands never pay for BullMQ.
  const { runOnQueue } = await import("../pipeline/queue/run-on-queue.js");
  return runOnQueue(inputs, { ...options, queue });
}
