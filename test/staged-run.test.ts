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
    // A filter on a column no scorer writes is the plain run's usage error, before any job.
    const bad = { ...options, out: join(dir, "bad"), shardBytes: 900, threshold: ["no_such_column:0:"] };
    await expect(runPipeline(path, bad)).rejects.toThrow(/no_such_column/);
    await expect(planRun(path, bad)).rejects.toThrow(/no_such_column/);
  }, 240_000);

  it("decides near duplicates and keep-best dedup from the shards' keys as the one-process pass does, whatever the partitions", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sieve-staged-near-"));
    // Near copies (one word changed) and exact copies of better or worse quality, far apart, so
    // that they fall in different shards and, at the small shard size, different partitions.
    const base = Array.from({ length: 40 }, (_, i) => ({
      instruction: `Describe step ${i} of the long process that turns raw cotton into woven cloth for the market.`,
      response: `Step ${i} takes the fibre through cleaning, carding, spinning and weaving; each stage ${i} needs its own machine and a trained worker to run it well.`,
    }));
    const rows = [...base];
    for (const i of [2, 7, 19, 33]) rows.push({ ...base[i]!, response: base[i]!.response.replace("trained", "skilled") });
    for (const i of [5, 12]) rows.push({ ...base[i]!, response: `${base[i]!.response} It is slow work, but the cloth that comes out of it is strong and lasts for many years.` });
    rows.push({ ...base[5]! }, { ...base[19]! });
    const path = join(dir, "near.jsonl");
    await writeFile(path, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const filterConfig = { filters: { dedup: { exact: true, near: { threshold: 0.7, num_perm: 64, shingle_words: 2 }, keep: "quality" } } };
    const plainOut = join(dir, "plain");
    await runPipeline(path, { ...options, noReport: true, filterConfig, out: plainOut });
    const plain = await outputs(plainOut);
    const plainStats = JSON.parse(plain.get("filter_stats.json")!.toString("utf8")) as Record<string, unknown>;
    const removed = (plainStats.filters as Array<{ name: string; removed: number }>).filter((f) => f.name.startsWith("dedup."));
    expect(removed.every((f) => f.removed > 0), JSON.stringify(removed)).toBe(true);
    for (const shardBytes of [1, 1500, 1 << 30]) {
      const out = join(dir, `staged-${shardBytes}`);
      await runStaged(path, { ...options, noReport: true, filterConfig, out, shardBytes });
      const plan = await loadRunPlan(out);
      expect(plan.decideFromKeys).toBe(true);
      if (shardBytes === 1) expect(plan.dedupPartitions).toBeGreaterThan(1);
      const staged = await outputs(out);
      for (const name of ["filtered.jsonl", "rejected.jsonl"]) expect(staged.get(name)?.equals(plain.get(name)!), `${name} at shard size ${shardBytes}`).toBe(true);
      // The same accounting, index bytes included; only the split's name differs (part files).
      const stats = JSON.parse(staged.get("filter_stats.json")!.toString("utf8")) as Record<string, unknown>;
      expect({ ...stats, inputs: null }).toEqual({ ...plainStats, inputs: null });
    }
    // A config that compares vectors is decided from the rows, in one job.
    const vectors = await planRun(path, { ...options, keepEmbeddings: true, out: join(dir, "vectors"), filterConfig: { filters: { dedup: { near: { method: "embedding" } } } } });
    expect([vectors.decideFromKeys, vectors.dedupPartitions]).toEqual([false, 0]);
    const byVectors = { ...options, noReport: true, keepEmbeddings: true, filterConfig: { filters: { dedup: { exact: false, near: { method: "embedding", threshold: 0.9 } } } } };
    await runPipeline(path, { ...byVectors, out: join(dir, "vectors-plain") });
    await runStaged(path, { ...byVectors, out: join(dir, "vectors-staged"), shardBytes: 1500 });
    const [vp, vs] = [await outputs(join(dir, "vectors-plain")), await outputs(join(dir, "vectors-staged"))];
    expect(JSON.parse(vp.get("filter_stats.json")!.toString()).rows_removed).toBeGreaterThan(0);
    for (const name of ["filtered.jsonl", "rejected.jsonl"]) expect(vs.get(name)?.equals(vp.get(name)!), name).toBe(true);
  }, 240_000);

  it("Parquet splits: the card and the statistics are the one-process run's", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sieve-staged-parquet-"));
    const path = await input(dir);
    const parquet = { ...options, format: "parquet" as const };
    await runPipeline(path, { ...parquet, out: join(dir, "plain") });
    const out = join(dir, "staged");
    await runStaged(path, { ...parquet, out, shardBytes: 2000 });
    expect((await loadRunPlan(out)).shards.length).toBeGreaterThan(2);
    const card = async (folder: string) => (await readFile(join(folder, "README.md"), "utf8")).replace(/(complete|filtered)\/part-\*\.parquet/g, "$1.parquet");
    expect(await card(out)).toBe(await card(join(dir, "plain")));
    for (const name of ["stats.json", "stats.md", "index.html"]) expect((await readFile(join(out, name))).equals(await readFile(join(dir, "plain", name))), name).toBe(true);
  }, 240_000);
});
