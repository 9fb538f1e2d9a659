import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { FilterStats } from "../../filters/filter-stats.js";
import { filterFunnel, RemovalExamples } from "../../filters/filter-funnel.js";
import type { ReportFiles } from "../../report/build-report.js";
import type { ReportStats } from "../../report/report-stats.js";
import type { RunOptions, RunResult } from "../run-pipeline.js";
import type { ScoreSummary } from "../score-dataset.js";
import { runDecideJob } from "./decide-stage.js";
import { runDedupJob } from "./dedup-stage.js";
import { isJobDone, jobLogPath, markJobDone, writeJobLog } from "./job-marker.js";
import { runReportJob } from "./report-stage.js";
import { jobsOf, loadRunPlan, planRun, splitPaths, type RunPlan } from "./run-plan.js";
import { runScoreJob } from "./score-stage.js";
import { STAGES, type StageJob, type StageName } from "./stage-job.js";
import { runWriteJob } from "./write-stage.js";

export { isJobDone, jobLogPath, jobsOf, loadRunPlan, planRun, STAGES, type RunPlan, type StageJob, type StageName };

/** Options of a staged run: RunOptions plus the shard size. */
export interface StagedRunOptions extends RunOptions {
  /** Input bytes per shard (default DEFAULT_SHARD_BYTES, 64 MiB): the shard count follows the data size. */
  shardBytes?: number;
}

/**
 * Run one job of the staged run in `out` (its plan must exist): skipped when its marker is
 * there; otherwise its outputs are written under temporary names and renamed, then the
 * marker. A failure writes the job's log (`sieve status` shows it) and is thrown.
 * Returns whether the job ran (false: it was done already).
 */
export async function runStageJob(out: string, job: StageJob): Promise<boolean> {
  if (isJobDone(out, job)) return false;
  const plan = await loadRunPlan(out);
  try {
    if (job.stage === "score") await runScoreJob(plan, job.shard);
    else if (job.stage === "dedup") await runDedupJob(plan, job.shard);
    else if (job.stage === "decide") await runDecideJob(plan);
    else if (job.stage === "write") await runWriteJob(plan, job.shard);
    else await runReportJob(plan);
  } catch (e) {
    await writeJobLog(out, job, e);
    throw e;
  }
  await markJobDone(out, job);
  return true;
}

/**
 * A staged run in this process: plan (or find the plan of the same run), then every job of
 * every stage in order, skipping finished ones. The same jobs as on a queue or a job array,
 * so the same files.
 */
export async function runStaged(inputs: string | string[], options: StagedRunOptions): Promise<RunResult> {
  const started = Date.now();
  const plan = await planRun(inputs, options);
  for (const stage of STAGES) for (const job of jobsOf(plan, stage)) await runStageJob(plan.out, job);
  const result = await finishRun(plan.out);
  const seconds = (Date.now() - started) / 1000;
  result.score.seconds = seconds;
  result.score.rows_per_second = seconds > 0 ? Math.round(result.score.rows_read / seconds) : 0;
  return result;
}

/** The results of a finished staged run, read from its files. */
export async function finishRun(out: string): Promise<RunResult> {
  const plan = await loadRunPlan(out);
  for (const stage of STAGES) {
    for (const job of jobsOf(plan, stage)) {
      if (!isJobDone(out, job)) throw new Error(`${out}: the run is not finished (${stage} job ${job.shard} has not run); run the same command again to resume.`);
    }
  }
  const split = splitPaths(plan);
  // The summary file keeps no timings (they differ run to run): 0 here means "not measured".
  const score = { ...(JSON.parse(await readFile(split.summary, "utf8")) as ScoreSummary), seconds: 0, rows_per_second: 0 };
  const stats = JSON.parse(await readFile(split.filterStats, "utf8")) as FilterStats;
  const report = plan.options.noReport
    ? undefined
    : { files: await reportFiles(out), stats: JSON.parse(await readFile(join(out, "stats.json"), "utf8")) as ReportStats };
  return {
    score,
    filter: { stats, funnel: filterFunnel(stats, new RemovalExamples()), files: { filtered: split.pattern("filtered"), rejected: split.pattern("rejected"), stats: split.filterStats } },
    report,
    files: {
      complete: split.pattern("complete"),
      rejects: split.rejects,
      summary: split.summary,
      filtered: split.pattern("filtered"),
      rejected: split.pattern("rejected"),
      filterStats: split.filterStats,
    },
  };
}

/** The report's files in `out` (the PNG charts that exist). */
async function reportFiles(out: string): Promise<ReportFiles> {
  const images = (await readdir(out)).filter((f) => f.endsWith(".png")).sort().map((f) => join(out, f));
  return { stats: join(out, "stats.json"), statsMarkdown: join(out, "stats.md"), html: join(out, "index.html"), card: join(out, "README.md"), images };
}
