import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDataset } from "../src/io/dataset-reader.js";
import { filterDataset } from "../src/pipeline/filter-dataset.js";
import { scoreDataset } from "../src/pipeline/score-dataset.js";
import { haveShared, sharedPath } from "./shared-data.js";

const DOLLY = ["data", "dolly-15k", "databricks-dolly-15k.jsonl"];

async function countRows(path: string): Promise<{ rows: number; ids: Set<string> }> {
  const ids = new Set<string>();
  let rows = 0;
  for await (const sb of (await openDataset(path)).batches()) {
    rows += sb.batch.numRows;
    for (const id of sb.view.id) ids.add(id);
  }
  return { rows, ids };
}

describe.runIf(haveShared(...DOLLY))("filter on Dolly 15k end to end", () => {
  it("scored = kept + Σ removed; every row in exactly one split; balance by category", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sieve-dolly-filter-"));
    const scored = join(dir, "scored.parquet");
    const summary = await scoreDataset(sharedPath(...DOLLY), scored, { quiet: true, toxicity: "off", embedder: "off", domain: "off" });
    // The card preset: its length minimums remove short Dolly instructions.
    const result = await filterDataset(scored, { balance: { by: "category", max_share: 0.2 } }, { out: join(dir, "out"), dedupNear: 0.9, preset: "card" });
    const s = result.stats;
    expect(s.rows_in).toBe(summary.rows_scored);
    expect(s.rows_kept + s.filters.reduce((a, f) => a + f.removed, 0)).toBe(s.rows_in);
    const kept = await countRows(result.files.filtered);
    const rejected = await countRows(result.files.rejected);
    expect(kept.rows).toBe(s.rows_kept);
    expect(rejected.rows).toBe(s.rows_removed);
    for (const id of kept.ids) expect(rejected.ids.has(id)).toBe(false);
    expect(kept.ids.size + rejected.ids.size).toBe(s.rows_in);
    // Real data has short instructions, exact duplicates and over-full categories.
    const removed = Object.fromEntries(s.filters.map((f) => [f.name, f.removed]));
    expect(removed["length"]).toBeGreaterThan(0);
    expect(removed["dedup.exact"]).toBeGreaterThan(0);
    expect(removed["balance"]).toBeGreaterThan(0);
    const after = Object.values(s.balance!.after);
    expect(Math.max(...after) / s.rows_kept).toBeLessThanOrEqual(0.2);
    const onDisk = JSON.parse(await readFile(result.files.stats, "utf8")) as { rows_in: number };
    expect(onDisk.rows_in).toBe(s.rows_in);
  });
});
