import { readFile } from "node:fs/promises";
import { openDataset } from "../../io/dataset-reader.js";
import { finishReport } from "../../report/build-report.js";
import { ReportCollector } from "../../report/report-collector.js";
import { scoredReadOptions, splitPaths, type RunPlan } from "./run-plan.js";

/**
 * The report, one job after every shard is written: the complete, filtered and rejected parts
 * streamed in shard order into one collector (its sample and statistics do not depend on how
 * the rows were cut into shards), then stats, charts, map and card.
 */
export async function runReportJob(plan: RunPlan): Promise<void> {
  if (plan.options.noReport) return;
  const split = splitPaths(plan);
  const read = scoredReadOptions(plan);
  const shards = plan.shards.map((_, i) => i);
  const collector = new ReportCollector({ seed: plan.options.seed, sampleSize: plan.options.sampleSize });
  for await (const sb of (await openDataset(shards.map(split.complete), read)).batches()) if (sb.batch.numRows) collector.add(sb.batch, sb.view);
  for await (const sb of (await openDataset(shards.map(split.filtered), read)).batches()) if (sb.batch.numRows) collector.addFiltered(sb.batch, sb.view);
  for await (const sb of (await openDataset(shards.map(split.rejected), read)).batches()) if (sb.batch.numRows) collector.addRejected(sb.batch, sb.view);
  const summary = JSON.parse(await readFile(split.summary, "utf8")) as { rows_with_replaced_text?: number };
  await finishReport(collector, {
    out: plan.out,
    filterStats: split.filterStats,
    completeFile: split.complete(0),
    filteredFile: split.filtered(0),
    cardFiles: { complete: split.pattern("complete"), filtered: split.pattern("filtered") },
    license: plan.options.license,
    language: plan.options.language,
    name: plan.options.name,
    rowsWithReplacedText: summary.rows_with_replaced_text,
  });
}
