import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPipeline } from "../src/pipeline/run-pipeline.js";
import { jobsOf, loadRunPlan, planRun, runStaged, runStageJob, STAGES } from "../src/pipeline/stages/staged-run.js";

/** A JSONL input with exact duplicates far apart (so that they fall in different shards) and a bad line. */
async function input(dir: string): Promise<string> {
  const topics = ["volcanoes", "tax law", "sourdough bread", "the French revolution", "binary search", "jazz harmony", "tides", "photosynthesis"];
  const rows: string[] = [];
  for (let i = 0; i < 120; i++) {
    const t = topics[i % topics.length]!;
    rows.push(JSON.stringify({ instruction: `Question ${i}: explain ${t} to a student in a few sentences.`, response: `Here is a short explanation of ${t}, number ${i}. It covers the main idea and one example that makes it concrete.` }));
  }
  // Copies of rows 3 and 10 near the end, in other shards at small shard sizes.
  rows.push(JSON.parse(JSON.stringify(rows[3]!)));
  rows.push(rows[10]!);
  rows.splice(60, 0, "{not json");
  const third = JSON.parse(rows[3]!) as { instruction: string; response: string };
  rows.push(JSON.stringify({ instruction: third.instruction.toUpperCase(), response: third.response.toUpperCase() })); // the same text once normalised (case ignored)
  const path = join(dir, "in.jsonl");
  await writeFile(path, rows.join("\n") + "\n");
  return path;
}

/** Every file of an output folder but the staged run's bookkeeping, with the part files of a split concatenated under the split's name. */
async function outputs(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of (await readdir(dir)).sort()) {
    if (name === "_sieve") continue;
    if (["complete", "filtered", "rejected"].includes(name)) {
      const parts = (await readdir(join(dir, name))).sort();
      files.set(`${name}.jsonl`, Buffer.concat(await Promise.all(parts.map((p) => readFile(join(dir, name, p))))));
    } else files.set(name, await readFile(join(dir, name)));
  }
  return files;
}

const options = { quiet: true, workers: 0, format: "jsonl" as const, sampleSize: 200 };

describe("staged run (plan → score → decide → write → report)", () => {
  it("gives the one-process run's rows and report whatever the shard size; duplicates across shards are found", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sieve-staged-"));
    const path = await input(dir);
    await runPipeline(path, { ...options, out: join(dir, "plain") });
    const plain = await outputs(join(dir, "plain"));
    let multiShard: Map<string, Buffer> | undefined;
    for (const shardBytes of [1, 700, 4000, 1 << 30]) {
      const out = join(dir, `staged-${shardBytes}`);
      await runStaged(path, { ...options, out, shardBytes });
      const plan = await loadRunPlan(out);
      const staged = await outputs(out);
      if (shardBytes === 1 << 30) expect(plan.shards.length).toBe(1);
      else expect(plan.shards.length).toBeGreaterThan(2);
      for (const name of ["complete.jsonl", "filtered.jsonl", "rejected.jsonl", "complete.rejects.jsonl", "stats.json", "stats.md", "index.html", "embedding_visualization.png", "domain_distribution.png"]) {
        expect(staged.get(name)?.equals(plain.get(name)!), `${name} at shard size ${shardBytes}`).toBe(true);
      }
      if (plan.shards.length > 1) {
        // Several shards: the same bytes in every file (filter_stats.json and the card name the part files' pattern).
        if (multiShard) for (const [name, bytes] of multiShard) expect(staged.get(name)?.equals(bytes), `${name} at shard size ${shardBytes}`).toBe(true);
        multiShard ??= staged;
      }
    }
    const rejected = (await readFile(join(dir, "plain", "rejected.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l) as { id: string; filter_reason: string; duplicate_of: string | null });
    const dups = rejected.filter((r) => r.filter_reason === "dedup.exact");
    // Rows 3 and 10 (record indices; the bad line is record 60) stand for their copies.
    expect(dups.map((r) => r.duplicate_of)).toEqual(["in.jsonl:3", "in.jsonl:10", "in.jsonl:3"]);
  }, 240_000);

  it("runs as separate jobs in any order within a stage (a job array), with the same bytes; done jobs do not run again", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sieve-staged-jobs-"));
    const path = await input(dir);
    const all = join(dir, "all");
    await runStaged(path, { ...options, out: all, shardBytes: 900 });
    const out = join(dir, "jobs");
    const plan = await planRun(path, { ...options, out, shardBytes: 900 });
    for (const stage of STAGES) {
      for (const job of [...jobsOf(plan, stage)].reverse()) expect(await runStageJob(out, job)).toBe(true);
    }
    const [a, b] = [await outputs(all), await outputs(out)];
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, bytes] of a) expect(b.get(name)?.equals(bytes), name).toBe(true);
    // Submitting the finished run again executes no job.
    for (const stage of STAGES) for (const job of jobsOf(plan, stage)) expect(await runStageJob(out, job)).toBe(false);
    // The same folder with other settings is another run: refused.
    await expect(planRun(path, { ...options, out, shardBytes: 900, seed: 7 })).rejects.toThrow(/holds another run/);
  }, 240_000);
});
