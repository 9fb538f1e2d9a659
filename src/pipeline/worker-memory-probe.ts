import { writeFileSync } from "node:fs";
import { getHeapSpaceStatistics, getHeapStatistics } from "node:v8";
import { threadId } from "node:worker_threads";

/**
 * A worker's own memory, for bench/score-memory.ts: when SIEVE_WORKER_MEMORY_LOG names a
 * file prefix, every scoring thread keeps the maxima of its V8 heap figures and rewrites
 * `<prefix>.<threadId>.json` after each task (a worker that is terminated gets no chance
 * to write at exit). Off, it costs one environment lookup at start-up.
 */
const prefix = process.env.SIEVE_WORKER_MEMORY_LOG;
const max: Record<string, number> = {};

export function recordWorkerMemory(): void {
  if (!prefix) return;
  const heap = getHeapStatistics();
  const usage = process.memoryUsage();
  const sample: Record<string, number> = {
    heapTotal: heap.total_heap_size,
    heapUsed: heap.used_heap_size,
    external: heap.external_memory,
    arrayBuffers: usage.arrayBuffers,
    malloced: heap.malloced_memory,
  };
  for (const s of getHeapSpaceStatistics()) sample[`space:${s.space_name}`] = s.space_size;
  for (const k in sample) max[k] = Math.max(max[k] ?? 0, sample[k]!);
  writeFileSync(`${prefix}.${threadId}.json`, JSON.stringify(max));
}
