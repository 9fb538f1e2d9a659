import { existsSync, readFileSync } from "node:fs";
import { Command } from "commander";
import { STAGES } from "../pipeline/stages/stage-job.js";
import { UsageError } from "./usage-error.js";

/** Lines of a failed job's log that `sieve status` shows. */
const LOG_LINES = 5;

/** `sieve status --out <dir>`: each stage's progress from the completion markers, and failed jobs' logs. */
export function statusCommand(): Command {
  return new Command("status")
    .description("show how far the staged run in an output folder is: jobs done per stage, and the logs of failed jobs")
    .option("--out <dir>", "the run's output folder (required)")
    .addHelpText("after", `
Reads only the folder (its plan, completion markers and job logs), so it works the same for
a run in one process, on a queue or as a job array, from any machine that sees the folder.`)
    .action(async (o: { out?: string }) => {
      if (!o.out) throw new UsageError("status: --out <dir> is required.");
      const { loadRunPlan, jobsOf, isJobDone, jobLogPath } = await import("../pipeline/stages/staged-run.js");
      const plan = await loadRunPlan(o.out);
      const lines = [`run ${plan.run} in ${o.out}: ${plan.shards.length} shard${plan.shards.length === 1 ? "" : "s"}`];
      const failed: string[] = [];
      for (const stage of STAGES) {
        const jobs = jobsOf(plan, stage);
        const done = jobs.filter((job) => isJobDone(o.out!, job)).length;
        lines.push(`  ${stage.padEnd(7)} ${done}/${jobs.length} jobs done`);
        for (const job of jobs) {
          const log = jobLogPath(o.out, job);
          // A log with no marker: the job failed and has not succeeded since (a retry that
          // succeeds leaves its log behind, but also its marker).
          if (isJobDone(o.out, job) || !existsSync(log)) continue;
          const lines = readFileSync(log, "utf8").split("\n").filter((l) => l.trim());
          // A log starts with the message and then the stack, which repeats it: show it once.
          const head = lines.filter((l, i) => i === 0 || l.replace(/^\w*Error: /, "") !== lines[0]).slice(0, LOG_LINES);
          failed.push(`${stage} job ${job.shard} failed (${log}):`, ...head.map((l) => `    ${l}`));
        }
      }
      const finished = STAGES.every((stage) => jobsOf(plan, stage).every((job) => isJobDone(o.out!, job)));
      lines.push(finished ? "finished" : failed.length ? "failed jobs:" : "not finished");
      process.stdout.write(`${[...lines, ...failed].join("\n")}\n`);
    });
}
