import { describe, expect, it } from "vitest";
import { RecycledBuffers } from "../src/pipeline/recycled-buffers.js";

describe("RecycledBuffers", () => {
  it("hands out a new buffer with headroom, then the smallest kept one that fits", () => {
    const pool = new RecycledBuffers(4, 1024);
    const first = pool.take(100_000);
    expect(first.byteLength).toBeGreaterThanOrEqual(125_000);
    expect(first.byteLength % 65536).toBe(0);
    const big = new ArrayBuffer(1 << 20);
    const mid = new ArrayBuffer(300_000);
    pool.give([big, first, mid]);
    expect(pool.size).toBe(3);
    expect(pool.take(200_000)).toBe(mid);
    expect(pool.take(100_000)).toBe(first);
    expect(pool.take(2 << 20)).not.toBe(big); // none fits: a new one
    expect(pool.size).toBe(1);
  });

  it("never keeps small buffers, and keeps at most `limit`, the largest", () => {
    const pool = new RecycledBuffers(2, 1024);
    expect(pool.take(10).byteLength).toBe(10);
    const sizes = [2048, 4096, 8192, 512];
    pool.give(sizes.map((n) => new ArrayBuffer(n)));
    expect(pool.size).toBe(2);
    expect(pool.take(1500).byteLength).toBe(4096);
    expect(pool.take(1500).byteLength).toBe(8192);
    expect(pool.size).toBe(0);
  });
});
