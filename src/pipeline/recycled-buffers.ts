/**
 * Byte buffers that carry one batch's text to a scoring worker and come back with its
 * results, to carry a later batch: after warm-up, moving text to the workers allocates
 * nothing.
 *
 * Why: a batch's text is about a megabyte per field. Allocated fresh for every batch and
 * freed by the worker thread that received it, these buffers come from the main thread's
 * malloc heap (glibc raises its mmap threshold after the first ones are freed) and are
 * returned to it from another thread in whatever order the workers finish, which fragments
 * the heap (`sieve score` peaked 8–12 MiB higher on 1M rows, bench/RESULTS.md).
 */
export class RecycledBuffers {
  private readonly free: ArrayBuffer[] = [];

  /**
   * @param limit most buffers kept for reuse (the rest are dropped to the GC)
   * @param minimum buffers below this many bytes are plain allocations, never kept
   */
  constructor(
    private readonly limit = 16,
    private readonly minimum = 1 << 16,
  ) {}

  /** A buffer of at least `byteLength` bytes (contents undefined): the smallest kept one that fits, or a new one with headroom. */
  take(byteLength: number): ArrayBuffer {
    if (byteLength < this.minimum) return new ArrayBuffer(byteLength);
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const size = this.free[i]!.byteLength;
      if (size >= byteLength && (best < 0 || size < this.free[best]!.byteLength)) best = i;
    }
    if (best >= 0) return this.free.splice(best, 1)[0]!;
    // A quarter of headroom, in 64 KiB steps, so that the next batches of about this size fit.
    return new ArrayBuffer(Math.ceil((byteLength * 1.25) / 65536) * 65536);
  }

  /** Buffers handed back (by a worker, with its results) for reuse; when over the limit, the smallest are dropped. */
  give(buffers: Iterable<ArrayBuffer>): void {
    for (const b of buffers) if (b.byteLength >= this.minimum) this.free.push(b);
    if (this.free.length > this.limit) {
      this.free.sort((a, b) => b.byteLength - a.byteLength);
      this.free.length = this.limit;
    }
  }

  /** Buffers kept for reuse now. */
  get size(): number {
    return this.free.length;
  }
}
