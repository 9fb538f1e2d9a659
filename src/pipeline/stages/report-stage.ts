import { readFile } from "node:fs/promises";
import { finishReport } from "../../report/build-report.js";
import { mergeReportAggregates } from "./report-aggregates.js";
import { splitPaths, type RunPlan } from "./run-plan.js";

/**
 * The report, one job after every shard is written, from the shards' aggregates alone (no
 * row is read): the score jobs' collector states merged in shard order, the write jobs'
 * filter outcomes, then stats, charts, map and card as a plain `sieve run` writes them (every
 * merged figure is that of one collector over all the rows, whatever the shard size).
 */
export async function runReportJob(plan: RunPlan): Promise<void> {
  if (plan.options.noReport) return;
  const split = splitPaths(plan);
  const collector = await mergeReportAggregates(plan);
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
