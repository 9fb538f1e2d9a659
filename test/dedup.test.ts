import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { filterDataset } from "../src/pipeline/filter-dataset.js";
import { FingerprintTable } from "../src/filters/fingerprint-table.js";
import { chooseBandShape, candidateProbability } from "../src/filters/lsh-bands.js";
import { MinHasher, estimatedJaccard } from "../src/filters/minhash.js";
import { dedupKey, normaliseForDedup } from "../src/filters/dedup-text.js";
import { exactDedupHash } from "../src/filters/exact-dedup-filter.js";
import { hashString64 } from "../src/base/hashing.js";

async function filterRows(rows: Record<string, unknown>[], config: Record<string, unknown>, options: Record<string, unknown> = {}) {
  const dir = await mkdtemp(join(tmpdir(), "sieve-dedup-"));
  const input = join(dir, "scored.jsonl");
  await writeFile(input, rows.map((r) => JSON.stringify({ toxicity_score: 0, response_chars: String(r.response).length, ...r })).join("\n") + "\n");
  const result = await filterDataset(input, { preset: "none", balance: false, ...config }, { out: join(dir, "out"), format: "jsonl", ...options });
  const read = async (p: string) => (await readFile(p, "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const kept = await read(result.files.filtered);
  const rejected = await read(result.files.rejected);
  expect(kept.length + rejected.length).toBe(result.stats.rows_in);
  return { kept, rejected, result };
}

const words = "the quick brown fox jumps over the lazy dog while seven wizards quietly judge boxing matches near old stone bridges".split(" ");

describe("exact dedup", () => {
  it("normalises case, punctuation and whitespace", () => {
    expect(normaliseForDedup("  Hello,   WORLD!\n")).toBe("hello world");
    expect(normaliseForDedup("Hello world")).toBe(normaliseForDedup("hello... world?"));
  });

  it("fingerprints the normalised pair in one pass: the hash of dedupKey's text, for every kind of character", () => {
    const texts = ["", "  Hello,   WORLD!\n", "a\u0000b", "tab\tand\u000bvertical", "\u007f del", "x", "...", "Zürich — ÇA VA?", "İstanbul", "emoji 🙂 here", "“quoted” text", "a\u00a0b", "100% + $5 = ~x", "ΟΔΟΣ ΣΑΣ", "ǅ", "e\u0301", "a\ud800b", "x\u3000y\u2028", "中文，标点。"];
    for (let c = 0; c < 128; c++) texts.push(`a${String.fromCharCode(c)}b`, `${String.fromCharCode(c)} Lead`);
    for (const instruction of texts) {
      for (const response of ["", "Four.", "ÉTÉ", instruction]) {
        const want = hashString64(dedupKey(instruction, response), 0x5eed);
        expect(exactDedupHash(instruction, response), JSON.stringify([instruction, response])).toEqual({ hi: want.hi, lo: want.lo });
      }
    }
  });

  it("removes duplicates across batch boundaries; each records the id of the first row", async () => {
    const rows = [
      { id: "a", instruction: "What is 2+2?", response: "Four." },
      { id: "b", instruction: "Name a colour.", response: "Blue" },
      { id: "c", instruction: "what is 2 + 2", response: "four" }, // punctuation/case/space differ only
      { id: "d", instruction: "What is 2+2?", response: "Five." },
      { id: "e", instruction: "NAME A COLOUR", response: "blue!" },
      { id: "f", instruction: "What is 2+2?", response: "Four." },
    ];
    const { kept, rejected, result } = await filterRows(rows, { filters: { dedup: { exact: true } } }, { batchSize: 2 });
    expect(kept.map((r) => r.id)).toEqual(["a", "b", "d"]);
    expect(rejected.map((r) => [r.id, r.filter_reason, r.duplicate_of])).toEqual([
      ["c", "dedup.exact", "a"],
      ["e", "dedup.exact", "b"],
      ["f", "dedup.exact", "a"],
    ]);
    expect(result.stats.filters).toEqual([{ name: "dedup.exact", removed: 3 }]);
  });

  it("keep: quality keeps the best row of a group (ties: first seen), others point at it", async () => {
    const rows = [
      { id: "low", instruction: "Q", response: "Same answer", toxicity_score: 0.2 },
      { id: "best", instruction: "q", response: "same answer.", toxicity_score: 0 },
      { id: "tie", instruction: "Q.", response: "Same answer", toxicity_score: 0 },
      { id: "worst", instruction: "Q", response: "Same Answer", toxicity_score: 0.5 },
    ];
    const { kept, rejected } = await filterRows(rows, { filters: { dedup: { exact: true, keep: "quality" } } }, { batchSize: 1 });
    expect(kept.map((r) => r.id)).toEqual(["best"]);
    expect(rejected.map((r) => [r.id, r.duplicate_of])).toEqual([
      ["low", "best"],
      ["tie", "best"],
      ["worst", "best"],
    ]);
  });
});

describe("near dedup (MinHash + LSH)", () => {
  it("band shape puts the S-curve at the threshold", () => {
    for (const t of [0.7, 0.8, 0.9]) {
      const shape = chooseBandShape(t, 128);
      expect(shape.bands * shape.rows).toBeLessThanOrEqual(128);
      // Equal weight to false positives and negatives: the S-curve's steep part straddles t.
      expect(candidateProbability(Math.min(1, t + 0.1), shape)).toBeGreaterThan(0.75);
      expect(candidateProbability(t, shape)).toBeGreaterThan(0.2);
      expect(candidateProbability(t, shape)).toBeLessThan(0.6);
      expect(candidateProbability(t - 0.2, shape)).toBeLessThan(0.05);
    }
  });

  it("signatures estimate Jaccard similarity of word shingles", () => {
    const h = new MinHasher(256, 1);
    const a = Array.from(h.sign(words.slice(0, 20)));
    const b = Array.from(h.sign(words.slice(2, 20))); // 16 of 18 distinct words shared
    const c = Array.from(h.sign("completely different words appear in this unrelated sentence about cooking pasta".split(" ")));
    expect(estimatedJaccard(a, a)).toBe(1);
    expect(Math.abs(estimatedJaccard(a, b) - 16 / 18)).toBeLessThan(0.08);
    expect(estimatedJaccard(a, c)).toBeLessThan(0.1);
  });

  it("removes near duplicates across batch boundaries, keeps distinct rows", async () => {
    const base = words.join(" ");
    const rows = [
      { id: "orig", instruction: "Describe the scene.", response: base },
      { id: "other1", instruction: "Give a recipe.", response: "Boil pasta in salted water for nine minutes then drain and add tomato sauce with basil" },
      { id: "other2", instruction: "Explain tides.", response: "The moon pulls the oceans and the earth rotates beneath the bulge giving two tides each day" },
      { id: "near", instruction: "Describe the scene.", response: base.replace("bridges", "bridge") },
      { id: "other3", instruction: "List planets.", response: "Mercury Venus Earth Mars Jupiter Saturn Uranus Neptune are the eight planets of our solar system" },
    ];
    const { kept, rejected, result } = await filterRows(rows, { filters: { dedup: { exact: true, near: { threshold: 0.8, num_perm: 128 } } } }, { batchSize: 2 });
    expect(kept.map((r) => r.id)).toEqual(["orig", "other1", "other2", "other3"]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ id: "near", filter_reason: "dedup.near", duplicate_of: "orig" });
    expect(String(rejected[0]!.filter_detail)).toContain("threshold 0.8");
    expect(result.stats.filters.map((f) => [f.name, f.removed])).toEqual([["dedup.exact", 0], ["dedup.near", 1]]);
  });

  it("embedding cosine: near-parallel vectors are duplicates, orthogonal ones are not", async () => {
    const v = (xs: number[]) => xs;
    const rows = [
      { id: "a", instruction: "one", response: "alpha", embedding: v([1, 0, 0, 0.01]) },
      { id: "b", instruction: "two", response: "beta", embedding: v([0, 1, 0, 0]) },
      { id: "a2", instruction: "three", response: "gamma", embedding: v([0.999, 0.01, 0.0, 0.02]) },
      { id: "c", instruction: "four", response: "delta", embedding: v([0, 0, 1, 0]) },
    ];
    const { kept, rejected } = await filterRows(rows, { filters: { dedup: { exact: false, near: { method: "embedding", threshold: 0.95 } } } }, { batchSize: 1 });
    expect(kept.map((r) => r.id)).toEqual(["a", "b", "c"]);
    expect(rejected[0]).toMatchObject({ id: "a2", filter_reason: "dedup.near", duplicate_of: "a" });
  });
});

describe("fingerprint table", () => {
  it("stores, overwrites and grows without losing entries", () => {
    const t = new FingerprintTable(16);
    for (let i = 0; i < 10_000; i++) t.set(i * 2654435761, i ^ 0x5bd1e995, i);
    expect(t.size).toBe(10_000);
    for (let i = 0; i < 10_000; i += 97) expect(t.get(i * 2654435761, i ^ 0x5bd1e995)).toBe(i);
    expect(t.get(1, 2)).toBe(-1);
    t.set(0, 0x5bd1e995, 42);
    expect(t.get(0, 0x5bd1e995)).toBe(42);
    expect(t.size).toBe(10_000);
  });
});
