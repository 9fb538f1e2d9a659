import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPipeline } from "../src/pipeline/run-pipeline.js";
import { filterDataset } from "../src/pipeline/filter-dataset.js";
import { buildReport } from "../src/report/build-report.js";

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

  it("the report run makes while filtering equals the report built afterwards from the three split files", async () => {
    const input = new URL("../examples/sample.jsonl", import.meta.url).pathname;
    const out = await mkdtemp(join(tmpdir(), "sieve-det-run-"));
    await runPipeline(input, { out, quiet: true, workers: 0 });
    const again = await mkdtemp(join(tmpdir(), "sieve-det-report-"));
    await buildReport({
      complete: join(out, "complete.parquet"),
      filtered: join(out, "filtered.parquet"),
      rejected: join(out, "rejected.parquet"),
      filterStats: join(out, "filter_stats.json"),
      out: again,
    });
    for (const f of ["stats.json", "stats.md", "index.html", "embedding_visualization.png", "domain_distribution.png"]) {
      const [x, y] = await Promise.all([readFile(join(out, f)), readFile(join(again, f))]);
      expect(x.equals(y), `${f} differs`).toBe(true);
    }
    // The card names its split files relative to its own folder: only those lines differ.
    const card = (await readFile(join(out, "README.md"), "utf8")).split("\n");
    const other = (await readFile(join(again, "README.md"), "utf8")).split("\n");
    expect(card.length).toBe(other.length);
    expect(card.filter((line, i) => line !== other[i]).every((line) => /complete\.parquet|filtered\.parquet/.test(line))).toBe(true);
  });

  it("the splits run decides while scoring equal those filter writes from the complete split", async () => {
    const input = new URL("../examples/sample.jsonl", import.meta.url).pathname;
    for (const format of ["jsonl", "parquet"] as const) {
      const out = await mkdtemp(join(tmpdir(), "sieve-det-fused-"));
      await runPipeline(input, { out, quiet: true, workers: 0, format, noReport: true });
      const again = await mkdtemp(join(tmpdir(), "sieve-det-filter-"));
      await filterDataset(join(out, `complete.${format}`), undefined, { out: again, format });
      for (const f of [`filtered.${format}`, `rejected.${format}`]) {
        const [x, y] = await Promise.all([readFile(join(out, f)), readFile(join(again, f))]);
        expect(x.equals(y), `${format}: ${f} differs`).toBe(true);
      }
      // filter_stats.json names its input relative to its own folder; the rest is the same.
      const stats = (dir: string) => readFile(join(dir, "filter_stats.json"), "utf8").then((t) => ({ ...JSON.parse(t), inputs: [] }));
      expect(await stats(out)).toEqual(await stats(again));
    }
  });
});
