import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RecordBatch } from "apache-arrow";
import { beforeAll, describe, expect, it } from "vitest";
import { ExactSum } from "../src/base/exact-sum.js";
import { base64ToFloat32, base64ToFloat64, float32ToBase64, float64ToBase64 } from "../src/base/float-array-base64.js";
import type { TextView } from "../src/core/text-view.js";
import { openDataset } from "../src/io/dataset-reader.js";
import { runPipeline } from "../src/pipeline/run-pipeline.js";
import { jobsOf, loadRunPlan, planRun, runStaged, runStageJob, STAGES } from "../src/pipeline/stages/staged-run.js";
import { MapSample, type SampleEntry } from "../src/report/map-sample.js";
import { ReportCollector, type CompleteSplitState, type FilterOutcomeState, type ReportData } from "../src/report/report-collector.js";
import { reportStats } from "../src/report/report-stats.js";
import { sampleEntryFromJson, sampleEntryToJson, type SampleEntryJson } from "../src/report/sample-entry-json.js";
import { ValueSummary, type ValueSummaryState } from "../src/report/value-summary.js";

/**
 * The report of a staged run is merged from per-shard aggregates; these tests hold the merge
 * to the figures of one collector over all the rows, to the bit, for every way of cutting them.
 */

const INPUT = join(import.meta.dirname, "..", "examples", "sample.jsonl");

/** A value as it comes back from a JSON file. */
const viaJson = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** The pieces of `items` cut before each index of `cuts`. */
function cut<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const bounds = [0, ...cuts, items.length];
  return bounds.slice(1).map((end, k) => items.slice(bounds[k], end));
}

/** A pseudo-random generator (the same numbers every run). */
function numbers(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe("ExactSum", () => {
  it("gives the correctly rounded sum, whatever the order or grouping of the terms", () => {
    const terms = [1e16, 1, -1e16, 1];
    expect(terms.reduce((a, b) => a + b)).not.toBe(2); // the float sum loses the ones
    const sum = new ExactSum();
    terms.forEach((x) => sum.add(x));
    expect(sum.value()).toBe(2);
    // Half-even rounding across partials, as math.fsum: 1e16 + 1 + 1e-16 rounds up.
    const f = new ExactSum();
    [1e-16, 1, 1e16].forEach((x) => f.add(x));
    expect(f.value()).toBe(10000000000000002);

    const next = numbers(3);
    const values = Array.from({ length: 2000 }, () => (next() - 0.3) * 10 ** Math.floor(next() * 30 - 10));
    const whole = new ExactSum();
    values.forEach((x) => whole.add(x));
    const reversed = new ExactSum();
    [...values].reverse().forEach((x) => reversed.add(x));
    expect(reversed.value()).toBe(whole.value());
    for (const cuts of [[1], [700, 701, 1500], [13, 400, 999, 1998]]) {
      const merged = new ExactSum();
      for (const piece of cut(values, cuts)) {
        const part = new ExactSum();
        piece.forEach((x) => part.add(x));
        merged.addSum(ExactSum.of(viaJson(part.terms())));
      }
      expect(merged.value()).toBe(whole.value());
    }
  });
});

/** One summary per piece, saved and read back as the report's files do, merged in order. */
function mergedSummary(pieces: number[][], exactLimit: number): ValueSummary {
  const merged = new ValueSummary(exactLimit);
  for (const piece of pieces) {
    const s = new ValueSummary(exactLimit);
    piece.forEach((x) => s.add(x));
    const state = viaJson(s.state()) as ValueSummaryState;
    const values = s.exactValuesOf();
    merged.merge(state, merged.needsValues(state) ? base64ToFloat64(float64ToBase64(values!)) : undefined);
  }
  return merged;
}

const figures = (s: ValueSummary) => ({ stats: s.stats(), weighted: s.weightedValues(), q01: s.quantile(0.01), q99: s.quantile(0.99) });

describe("ValueSummary merge", () => {
  const next = numbers(11);
  // Float sums that depend on their order, signed zeros, values in the zero bucket, negatives, repeats.
  const values = [1e16, 1, -1e16, 1, 0.1, 0.2, 0.3, -0, 0, 1e-12, -3.5, 7, 7, 7];
  for (let i = 0; i < 80; i++) values.push(Math.round((next() - 0.4) * 1e6) / (1 + Math.floor(next() * 1000)));

  it("equals one summary over all the values for every cut in two, in and past the exact limit", () => {
    for (const limit of [8, 50, values.length, values.length - 1, 1000]) {
      const whole = new ValueSummary(limit);
      values.forEach((x) => whole.add(x));
      for (let c = 0; c <= values.length; c++) expect(figures(mergedSummary(cut(values, [c]), limit)), `limit ${limit}, cut at ${c}`).toEqual(figures(whole));
    }
  });

  it("equals it for cuts into many pieces, each within the limit while the whole is past it", () => {
    const limit = 30;
    const whole = new ValueSummary(limit);
    values.forEach((x) => whole.add(x));
    expect(whole.stats().exact).toBe(false);
    const plain = values.reduce((a, b) => a + b) / values.length;
    expect(whole.stats().mean).not.toBe(plain); // the mean is exact, not the float sum's
    for (const cuts of [[10, 20, 30, 40, 50, 60, 70, 80, 90], [1, 2, 3, 29, 31, 59, 61], [4, 93]]) {
      const pieces = cut(values, cuts);
      expect(figures(mergedSummary(pieces, limit))).toEqual(figures(whole));
    }
    // Within the limit throughout: exact quantiles, merged from exact values.
    const small = values.slice(0, 25);
    const exact = new ValueSummary(limit);
    small.forEach((x) => exact.add(x));
    const merged = mergedSummary(cut(small, [5, 6, 20]), limit);
    expect(merged.stats().exact).toBe(true);
    expect(figures(merged)).toEqual(figures(exact));
  });

  it("asks for a piece's exact values only while the merged count stays within the limit", () => {
    const a = new ValueSummary(10);
    [1, 2, 3, 4, 5, 6].forEach((x) => a.add(x));
    const b = new ValueSummary(10);
    [7, 8, 9, 10, 11].forEach((x) => b.add(x));
    const into = new ValueSummary(10);
    expect(into.needsValues(a.state())).toBe(true);
    into.merge(a.state(), a.exactValuesOf());
    expect(into.needsValues(b.state())).toBe(false); // 11 > 10: the histogram serves
    into.merge(b.state());
    expect(() => new ValueSummary(10).merge(a.state())).toThrow(/exact values/);
  });
});

describe("MapSample merge and its rows as JSON", () => {
  it("keeps the smallest hashes of the union: the sample of the whole", () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `row-${i}`);
    const row = (id: string) => ({ id, instruction: `i ${id}`, response: `r ${id}`, domain: "x", scores: { s: id.length }, kept: null, filterReason: null, embedding: null, embedText: id });
    const draw = (part: string[]) => {
      const s = new MapSample(100, 9);
      for (const id of part) {
        const h = s.hashOf(id);
        if (s.wants(h, id)) s.offer(h, row(id));
      }
      return s;
    };
    const whole = draw(ids).entries();
    for (const cuts of [[1500], [10, 20, 2990], [500, 1000, 1500, 2000, 2500]]) {
      const merged = new MapSample(100, 9);
      let read = 0;
      for (const piece of cut(ids, cuts)) {
        for (const json of viaJson(draw(piece).entries().map(sampleEntryToJson))) {
          if (!merged.wants(json.hash, json.id)) break; // ascending: the rest would be refused too
          read++;
          const e = sampleEntryFromJson(json);
          merged.offer(e.hash, e.row);
        }
      }
      expect(merged.entries()).toEqual(whole);
      expect(read).toBeLessThan(100 * (cuts.length + 1));
    }
  });

  it("writes vectors and scores losslessly: float32 bits, -0, subnormals", () => {
    const embedding = Float32Array.from([1 / 3, -0, 1e-45, 3.4e38, -1.5, Math.PI]);
    const entry: SampleEntry = {
      hash: 2 ** 53 - 1,
      row: { id: "a", instruction: "x", response: "y", domain: "d", scores: { neg_zero: -0, third: 1 / 3, big: 1e300 }, kept: null, filterReason: null, embedding, embedText: null },
    };
    const back = sampleEntryFromJson(viaJson(sampleEntryToJson(entry)) as SampleEntryJson);
    expect(new Uint32Array(back.row.embedding!.buffer, back.row.embedding!.byteOffset, 6)).toEqual(new Uint32Array(embedding.buffer));
    expect(Object.is(back.row.scores.neg_zero, -0)).toBe(true);
    expect(back).toEqual(entry);
    const f64 = Float64Array.from([0.1, -0, Number.MIN_VALUE, -1e308]);
    expect(base64ToFloat64(float64ToBase64(f64))).toEqual(f64);
    expect(base64ToFloat32(float32ToBase64(embedding.subarray(2, 4)))).toEqual(embedding.subarray(2, 4));
  });
});

describe("ReportCollector merged from pieces", () => {
  let batches: Array<{ batch: RecordBatch; view: TextView }> = [];
  const options = { seed: 5, sampleSize: 25, exactLimit: 60 };

  beforeAll(async () => {
    // Scored rows of a real input, one batch per row so that any cut falls between batches.
    const dir = await mkdtemp(join(tmpdir(), "sieve-aggregates-"));
    await runPipeline(INPUT, { quiet: true, workers: 0, format: "jsonl", out: dir, noReport: true });
    const complete = await openDataset(join(dir, "complete.jsonl"), { batchSize: 1 });
    for await (const sb of complete.batches()) if (sb.batch.numRows) batches.push({ batch: sb.batch, view: sb.view });
  }, 120_000);

  /** The filter's verdict on row k, as the write pass would report it (every third row removed, for one of two reasons). */
  function feedFilter(c: ReportCollector, { batch, view }: { batch: RecordBatch; view: TextView }, k: number): void {
    if (k % 3) c.addKept(batch, view, [0]);
    else c.addRemoved(view, [0], [k % 2 ? "length" : "dedup.exact"]);
  }

  function compared(data: ReportData) {
    return {
      stats: JSON.stringify(reportStats({ ...data, schema: null }, undefined, undefined)),
      sample: data.sample,
      scores: Object.fromEntries(Object.entries(data.scores).map(([k, s]) => [k, figures(s)])),
      rest: { ...data, sample: undefined, scores: undefined, schema: undefined },
    };
  }

  it("gives one collector's figures for any cut of the rows", async () => {
    expect(batches.length).toBeGreaterThan(150);
    const whole = new ReportCollector(options);
    batches.forEach((b) => whole.add(b.batch, b.view));
    batches.forEach((b, k) => feedFilter(whole, b, k));
    const expected = compared(await whole.finish());
    expect(expected.sample).toHaveLength(25);
    expect(expected.scores.response_chars!.stats.exact).toBe(false);
    expect(expected.rest.rejectedByReason).toMatchObject({ length: expect.any(Number), "dedup.exact": expect.any(Number) });
    expect(expected.sample.some((r) => r.kept === false) && expected.sample.some((r) => r.kept === true)).toBe(true);

    const n = batches.length;
    for (const cuts of [[1], [n - 1], [30, 59, 61, 120], [20, 40, 60, 80, 100, 120, 140, 160, 180], Array.from({ length: n - 1 }, (_, i) => i + 1)]) {
      const pieces = cut(batches.map((b, k) => ({ ...b, k })), cuts);
      // A score job per piece, then a write job per piece given that piece's own sample.
      const saved = pieces.map((piece) => {
        const score = new ReportCollector(options);
        piece.forEach((b) => score.add(b.batch, b.view));
        const entries = viaJson(score.sampleEntries().map(sampleEntryToJson));
        const write = new ReportCollector(options);
        entries.forEach((e) => write.offerSampled(sampleEntryFromJson(e)));
        piece.forEach((b) => feedFilter(write, b, b.k));
        return {
          state: viaJson(score.completeState()) as CompleteSplitState,
          values: new Map([...score.exactValues()].map(([name, v]) => [name, float64ToBase64(v)])),
          entries,
          filter: viaJson(write.filterState()) as FilterOutcomeState,
        };
      });
      const merged = new ReportCollector(options);
      for (const s of saved) {
        const values = new Map(merged.valuesNeededBy(s.state).map((name) => [name, base64ToFloat64(s.values.get(name)!)]));
        merged.mergeComplete(s.state, values);
        for (const e of s.entries) {
          if (!merged.sampleWants(e.hash, e.id)) break;
          merged.offerSampled(sampleEntryFromJson(e));
        }
      }
      for (const s of saved) merged.mergeFilter(s.filter);
      expect(compared(await merged.finish()), `cut at ${cuts.length > 20 ? "every row" : cuts.join(",")}`).toEqual(expected);
    }
  }, 120_000);
});

/** The report files of an output folder. */
async function reportFiles(dir: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(dir)).filter((f) => f.endsWith(".png") || ["stats.json", "stats.md", "index.html", "README.md"].includes(f)).sort();
  return new Map(await Promise.all(names.map(async (f) => [f, await readFile(join(dir, f))] as const)));
}

describe("the staged report job", () => {
  it("reads no row: with every part file deleted after the write stage it writes the same report", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sieve-aggregates-staged-"));
    const options = { quiet: true, workers: 0, format: "jsonl" as const, sampleSize: 40, keepEmbeddings: true };
    const shardBytes = 24 * 1024;
    await runPipeline(INPUT, { ...options, out: join(dir, "plain") });
    await runStaged(INPUT, { ...options, out: join(dir, "staged"), shardBytes });
    const out = join(dir, "deleted");
    const plan = await planRun(INPUT, { ...options, out, shardBytes });
    expect(plan.shards.length).toBeGreaterThan(3);
    for (const stage of STAGES) {
      if (stage === "report") for (const split of ["complete", "filtered", "rejected"]) await rm(join(out, split), { recursive: true });
      for (const job of jobsOf(plan, stage)) await runStageJob(out, job);
    }
    expect((await loadRunPlan(out)).shards.length).toBe(plan.shards.length);
    const [plain, staged, deleted] = [await reportFiles(join(dir, "plain")), await reportFiles(join(dir, "staged")), await reportFiles(out)];
    expect([...deleted.keys()]).toEqual([...staged.keys()]);
    expect(deleted.has("embedding_visualization.png")).toBe(true);
    // The card names the part files' pattern (a one-file run names the file); every other file is the plain run's.
    for (const [name, bytes] of deleted) expect(bytes.equals((name === "README.md" ? staged : plain).get(name)!), name).toBe(true);
    // The merged sample came from the shards' samples: 40 of the 194 rows, from more than one shard.
    const stats = JSON.parse(deleted.get("stats.json")!.toString()) as { dataset: { total_rows: number } };
    expect(stats.dataset.total_rows).toBeGreaterThan(40);
  }, 240_000);
});
