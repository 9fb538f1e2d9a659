import { setFlagsFromString } from "node:v8";

/**
 * How far V8 lets a heap grow past what survived its last full GC before the next one,
 * in percent, while sieve streams a dataset.
 *
 * Streaming promotes nearly every row to the old generation (a row lives until its whole
 * batch is built, scored and written), so the old generation fills with dead rows at the
 * input's rate. V8's default growing factor adapts up to 4× the live heap when GC is cheap,
 * and each of the three isolates of `sieve score --workers 2` (main thread, two workers)
 * then carries tens of MB of dead rows, and of dead ArrayBuffers they hold, between full
 * GCs. A fixed 1.5× keeps each heap near its live size. Measured on 200k rows, 2 workers
 * (bench/score-memory.ts): peak RSS −22% for ≈2% more CPU; 1.25× saved little more and
 * cost more CPU.
 */
export const STREAMING_HEAP_GROWING_PERCENT = 50;

let applied: number | undefined;

/**
 * Set V8's heap growing factor for the whole process (every isolate: the main thread and
 * the worker threads, those running now and those started later). It only paces garbage
 * collection: results are unchanged. The flag is read at each full GC, so this takes
 * effect at run time, unlike the young-generation size, which V8 fixes when an isolate
 * starts (`--max-semi-space-size` set at run time changes nothing for the main thread).
 */
export function limitHeapGrowth(percent = STREAMING_HEAP_GROWING_PERCENT): void {
  if (!Number.isInteger(percent) || percent < 1 || percent > 1000) {
    throw new RangeError(`heap growing percent must be an integer in 1..1000, got ${percent}`);
  }
  if (applied === percent) return;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  applied = percent;
}
