import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPipeline } from "../src/pipeline/run-pipeline.js";

// Same input, config and seed: every output file is byte-identical, wherever it is written.
describe("sieve run is deterministic", () => {
  it("two runs of the example into different folders give the same bytes in every file", async () => {
    const input = new URL("../examples/sample.jsonl", import.meta.url).pathname;
    const a = await mkdtemp(join(tmpdir(), "sieve-det-a-"));
    const b = await mkdtemp(join(tmpdir(), "sieve-det-b-"));
    await runPipeline(input, { out: a, quiet: true, workers: 0 });
    await runPipeline(input, { out: b, quiet: true, workers: 0 });
    const files = (await readdir(a)).sort();
    expect(files).toEqual((await readdir(b)).sort());
    expect(files).toEqual(expect.arrayContaining(["complete.parquet", "filtered.parquet", "rejected.parquet", "filter_stats.json", "stats.json", "index.html", "README.md", "embedding_visualization.png"]));
    for (const f of files) {
      const [x, y] = await Promise.all([readFile(join(a, f)), readFile(join(b, f))]);
      expect(x.equals(y), `${f} differs between the two runs`).toBe(true);
    }
  });
});
