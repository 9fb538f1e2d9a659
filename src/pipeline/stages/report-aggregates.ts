import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Schema } from "apache-arrow";
import { base64ToFloat64, float64ToBase64 } from "../../base/float-array-base64.js";
import { AtomicFile } from "../../io/atomic-file.js";
import { openDataset } from "../../io/dataset-reader.js";
import { schemaFromBase64, schemaToBase64 } from "../../io/schema-base64.js";
import type { SampleEntry } from "../../report/map-sample.js";
import { ReportCollector, type CompleteSplitState, type FilterOutcomeState, type SplitCounterState } from "../../report/report-collector.js";
import { sampleEntryFromJson, sampleEntryToJson, type SampleEntryJson } from "../../report/sample-entry-json.js";
import type { FilterObserver } from "../write-filter-splits.js";
import { jobsOf, runPaths, scoredReadOptions, splitPaths, type RunPlan } from "./run-plan.js";
import type { ShardGatherer } from "./score-stage.js";

/**
 * The report's per-shard aggregates, which the report job merges instead of reading the
 * rows again. Each score job saves what a ReportCollector gathered from its shard's scored
 * rows, in three files (`_sieve/report/`):
 *
 * - `score-<shard>.json`: the complete split's counts, each numeric column's summary (count,
 *   exact sum, min, max, histogram), the label and signal counts — kilobytes;
 * - `score-<shard>.values.json`: the exact values of each numeric column (base64 Float64),
 *   read only while the merged count is within the exact limit (65,536 values), so at most
 *   that many values per column are ever read back, whatever the run's size;
 * - `score-<shard>.sample.jsonl`: the shard's own map sample (its rows with the smallest
 *   hashes, snippets and vector), one row a line in hash order, so the report reads each
 *   shard's file only as far as rows can still enter the merged sample.
 *
 * Each write job saves `write-<shard>.json`: the filtered split's counts, the rejected rows
 * per filter_reason, and what became of the shard's sampled rows (by line of its sample
 * file); write job 0 adds the schema the complete split reads back with (the card's).
 */

/** Write JSON on one line, atomically (machine-read bookkeeping: indenting its long arrays would multiply its size). */
async function writeCompactJson(path: string, value: unknown): Promise<void> {
  const f = await AtomicFile.create(path);
  await f.write(`${JSON.stringify(value)}\n`);
  await f.commit();
}

/** The report collector of a run's settings. */
export function runReportCollector(plan: RunPlan): ReportCollector {
  return new ReportCollector({ seed: plan.options.seed, sampleSize: plan.options.sampleSize });
}

/** A score job's report gatherer: a collector fed the shard's scored batches, saved as the shard's three files. */
export function reportScoreGatherer(plan: RunPlan, shard: number): ShardGatherer {
  const collector = runReportCollector(plan);
  const paths = runPaths(plan.out);
  return {
    add: (batch, view) => collector.add(batch, view),
    save: async () => {
      const values: Record<string, string> = {};
      for (const [name, v] of collector.exactValues()) values[name] = float64ToBase64(v);
      await writeCompactJson(paths.reportValues(shard), values);
      const sample = await AtomicFile.create(paths.reportSample(shard));
      try {
        for (const entry of collector.sampleEntries()) await sample.write(`${JSON.stringify(sampleEntryToJson(entry))}\n`);
        await sample.commit();
      } catch (e) {
        await sample.abort();
        throw e;
      }
      // The state last: its presence says the shard's three files are there.
      await writeCompactJson(paths.reportScore(shard), collector.completeState());
    },
  };
}

/**
 * The entries of a shard's sample file, in its hash order; with `wants`, up to the first
 * one refused (the rest would be refused too: the file is ascending and a sample's bar only
 * falls), so only that much of the file is read.
 */
export async function* readShardSample(path: string, wants?: (hash: number, id: string) => boolean): AsyncGenerator<SampleEntry> {
  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 16 * 1024 });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (!line) continue;
      const json = JSON.parse(line) as SampleEntryJson;
      if (wants && !wants(json.hash, json.id)) return;
      yield sampleEntryFromJson(json);
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}

/** What a write job saves for the report. */
export interface WriteAggregates {
  filtered: SplitCounterState | null;
  rejectedByReason: Array<[reason: string, rows: number]> | null;
  /** Lines of the shard's sample file whose row was kept; and per reason, those removed. */
  keptLines: number[];
  removedLines: Record<string, number[]>;
  /** Write job 0 only: the schema the complete split reads back with, as base64 Arrow IPC. */
  schema?: string;
}

/**
 * A write job's report gatherer: the filter observer to give writeFilterSplits, and the save
 * of what it saw. Its collector holds the shard's own map sample (read from the score job's
 * file), the rows a merged sample can hold of this shard: a row among the smallest hashes of
 * the run is among the smallest of its shard.
 */
export async function reportWriteGatherer(plan: RunPlan, shard: number, shardSchema: Schema): Promise<{ observer: FilterObserver; save(): Promise<void> }> {
  const paths = runPaths(plan.out);
  const collector = runReportCollector(plan);
  // Each sampled id's line in the sample file (its first, should ids repeat).
  const lineOf = new Map<string, number>();
  let line = 0;
  for await (const entry of readShardSample(paths.reportSample(shard))) {
    if (!lineOf.has(entry.row.id)) lineOf.set(entry.row.id, line);
    line++;
    collector.offerSampled(entry);
  }
  const observer: FilterObserver = {
    kept: (batch, view, rows) => collector.addKept(batch, view, rows),
    removed: (view, rows, reasons) => collector.addRemoved(view, rows, reasons),
  };
  const save = async () => {
    const state = collector.filterState();
    const removedLines: Record<string, number[]> = {};
    for (const [id, reason] of state.removedIds) (removedLines[reason] ??= []).push(lineOf.get(id)!);
    const aggregates: WriteAggregates = {
      filtered: state.filtered,
      rejectedByReason: state.rejectedByReason,
      keptLines: state.keptIds.map((id) => lineOf.get(id)!),
      removedLines,
    };
    if (shard === 0) aggregates.schema = schemaToBase64(plan.shards.length <= 1 ? shardSchema : await completeSplitSchema(plan));
    await writeCompactJson(paths.reportWrite(shard), aggregates);
  };
  return { observer, save };
}

/**
 * The schema the complete split reads back with, as a plain `sieve run` gives it to the card
 * (JSON splits declare none): that of its part files opened together, which reads only the
 * schema sample (the first rows), never the whole split.
 */
async function completeSplitSchema(plan: RunPlan): Promise<Schema> {
  const split = splitPaths(plan);
  return (await openDataset(plan.shards.map((_, i) => split.complete(i)), scoredReadOptions(plan))).schema;
}

/**
 * The report's collector of a whole staged run, from the shards' aggregates alone: the score
 * states merged in shard order (exact values only while needed, each shard's sample only as
 * far as it can enter the merged one), then the write states (the sampled rows' fate by the
 * lines read of each sample file), and the complete split's schema.
 */
export async function mergeReportAggregates(plan: RunPlan): Promise<ReportCollector> {
  const paths = runPaths(plan.out);
  const collector = runReportCollector(plan);
  // One per score job (an input with no shard is still scored by one job).
  const shards = jobsOf(plan, "score").length;
  // Per shard, the ids of the lines read from its sample file (a prefix of it).
  const sampleIds: string[][] = [];
  for (let i = 0; i < shards; i++) {
    const state = JSON.parse(await readFile(paths.reportScore(i), "utf8")) as CompleteSplitState;
    const needed = collector.valuesNeededBy(state);
    const values = new Map<string, Float64Array>();
    if (needed.length) {
      const saved = JSON.parse(await readFile(paths.reportValues(i), "utf8")) as Record<string, string>;
      for (const name of needed) values.set(name, base64ToFloat64(saved[name]!));
    }
    collector.mergeComplete(state, values);
    const ids: string[] = [];
    for await (const entry of readShardSample(paths.reportSample(i), (hash, id) => collector.sampleWants(hash, id))) {
      ids.push(entry.row.id);
      collector.offerSampled(entry);
    }
    sampleIds.push(ids);
  }
  for (let i = 0; i < shards; i++) {
    const saved = JSON.parse(await readFile(paths.reportWrite(i), "utf8")) as WriteAggregates;
    const ids = sampleIds[i]!;
    // Lines past those read hold rows the merged sample does not.
    const read = (lines: number[]) => lines.filter((l) => l < ids.length).map((l) => ids[l]!);
    const state: FilterOutcomeState = {
      filtered: saved.filtered,
      rejectedByReason: saved.rejectedByReason,
      keptIds: read(saved.keptLines),
      removedIds: Object.entries(saved.removedLines).flatMap(([reason, lines]) => read(lines).map((id): [string, string] => [id, reason])),
    };
    collector.mergeFilter(state);
    if (saved.schema) collector.useSchema(schemaFromBase64(saved.schema));
  }
  return collector;
}
