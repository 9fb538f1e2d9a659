import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDataset } from "../src/io/dataset-reader.js";
import { createScorers } from "../src/pipeline/create-scorers.js";
import { limitHeapGrowth } from "../src/pipeline/heap-growth.js";
import { orderScorers, runScorers } from "../src/pipeline/run-scorers.js";
import type { ScoreColumn } from "../src/core/score-column.js";
import { scoreDataset } from "../src/pipeline/score-dataset.js";
import { ScoringPool } from "../src/pipeline/scoring-pool.js";
import type { TextView } from "../src/core/text-view.js";
import { haveShared, sharedPath } from "./shared-data.js";

const DOLLY = ["data", "dolly-15k", "databricks-dolly-15k.jsonl"];
const dir = mkdtempSync(join(tmpdir(), "sieve-scoring-pool-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first `rows` Dolly records as a JSONL file of their own. */
function dollyHead(rows: number): string {
  const lines = readFileSync(sharedPath(...DOLLY), "utf8").split("\n").slice(0, rows);
  const file = join(dir, `dolly-${rows}.jsonl`);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** Columns as plain data (typed arrays as arrays) for deep comparison. */
function plain(cols: ReadonlyArray<ScoreColumn>): unknown {
  return cols.map((c) => ({ ...c, values: Array.isArray(c.values) ? c.values : [...c.values] }));
}

describe.runIf(haveShared(...DOLLY))("ScoringPool", () => {
  it("scores a Dolly batch exactly as the main thread does; embeddings come back only when asked for", async () => {
    const dataset = await openDataset(dollyHead(500), { batchSize: 500 });
    let view: TextView | undefined;
    for await (const b of dataset.batches()) view ??= b.view;
    const inThread = await runScorers(orderScorers(await createScorers({})), view!);
    expect(inThread.some((c) => c.kind === "float32-vector")).toBe(true);

    const pool = new ScoringPool({}, 1);
    try {
      const withVectors = await pool.score(view!);
      const without = await pool.score(view!, { vectors: false });
      expect(plain(withVectors)).toEqual(plain(inThread));
      expect(plain(without)).toEqual(plain(inThread.filter((c) => c.kind !== "float32-vector")));
    } finally {
      await pool.close();
    }
  });

  it("carries later batches in the text buffers the workers hand back, without stale bytes", async () => {
    const dataset = await openDataset(dollyHead(1200), { batchSize: 400 });
    const views: TextView[] = [];
    for await (const b of dataset.batches()) views.push(b.view);
    const scorers = orderScorers(await createScorers({ embedder: "off", domain: "off" }));
    const pool = new ScoringPool({ embedder: "off", domain: "off" }, 1);
    try {
      expect(pool.recycledTextBuffers).toBe(0);
      // Longest batch first, so the later ones reuse a buffer that is longer than their text.
      const byText = [...views].sort((a, b) => b.response.join("").length - a.response.join("").length);
      for (const view of byText) expect(plain(await pool.score(view))).toEqual(plain(await runScorers(scorers, view)));
      expect(pool.recycledTextBuffers).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });

  it("writes the same Parquet bytes with 2 workers as in the main thread", async () => {
    const input = dollyHead(3000);
    const sha = async (workers: number): Promise<string> => {
      const out = join(dir, `scored-${workers}.parquet`);
      await scoreDataset(input, out, { workers, batchSize: 512, quiet: true });
      return createHash("sha256").update(readFileSync(out)).digest("hex");
    };
    expect(await sha(2)).toBe(await sha(0));
  });
});

describe("ScoringPool workers", () => {
  it("execute score-worker.ts from src/, the code under test, not a build of it", async () => {
    const pool = new ScoringPool({ readability: false }, 1);
    try {
      expect(await pool.workerModuleUrl()).toBe(new URL("../src/pipeline/score-worker.ts", import.meta.url).href);
    } finally {
      await pool.close();
    }
  });
});

describe("limitHeapGrowth", () => {
  it("accepts a whole percentage and rejects anything else", () => {
    expect(() => limitHeapGrowth(50)).not.toThrow();
    expect(() => limitHeapGrowth(50)).not.toThrow();
    expect(() => limitHeapGrowth(0)).toThrow(RangeError);
    expect(() => limitHeapGrowth(1.5)).toThrow(RangeError);
  });
});
