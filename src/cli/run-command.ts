import { join } from "node:path";
import { Command, Option } from "commander";
import { byteSize, nonNegativeInt, positiveInt } from "./option-parsers.js";
import { arrayShard, runStagedFromCli, STAGE_CHOICES } from "./staged-run-command.js";
import { runQueueFromCli } from "./queue-run.js";
import { runPipeline } from "../pipeline/run-pipeline.js";
import { EXIT_CODES_HELP } from "./exit-codes.js";
import { printAccounting } from "./score-command.js";
import { addReadOptions, addScorerOptions, addWriteOptions, readOptionsFrom, scorerConfigFrom, writeOptionsFrom } from "./shared-options.js";
import { addFilterOptions, addPresetOption, filterOverridesFrom, printedConfig, printFilterAccounting, printFunnel } from "./filter-command.js";
import { FilterConfigError } from "../filters/filter-config-error.js";
import { UsageError } from "./usage-error.js";

/** `sieve run <inputs…> --out dir/`: score, filter and report in one command. */
export function runCommand(): Command {
  const cmd = new Command("run")
    .description("score, filter and report a dataset in one go")
    .argument("[inputs...]", "dataset files, folders or globs (.jsonl[.gz], .json, .parquet, .arrow)")
    .option("--out <dir>", "output folder (required)")
    .addOption(new Option("--format <format>", "format of the splits").choices(["parquet", "jsonl", "arrow"]).default("parquet"))
    .addHelpText("after", `
Writes into --out: complete.<format> (every readable row with its scores),
complete.rejects.jsonl (rows that could not be read), complete.summary.json,
filtered.<format> (the rows every filter kept), rejected.<format> (removed rows with
filter_reason and filter_detail), filter_stats.json, and the report: stats.json, stats.md,
PNG plots, index.html (interactive embedding map, works offline) and README.md (a
Hugging Face dataset card).

Example:
  sieve run examples/sample.jsonl --out out
${EXIT_CODES_HELP}`);
  cmd.option("-c, --config <file>", "filter config, YAML or JSON, merged over the preset key by key (see --print-config)");
  cmd.option("--print-config", "print the filter config the preset, --config and flags resolve to, as YAML, and exit");
  cmd.option("--explain", "score, then print the filter funnel (rows each filter would remove, with examples) without writing the splits or the report");
  addPresetOption(cmd);
  addReadOptions(cmd);
  addWriteOptions(cmd);
  addScorerOptions(cmd);
  addFilterOptions(cmd);
  cmd
    .option("--no-report", "skip the report (stats, plots, map, dataset card)")
    .option("--license <id>", "licence of the dataset for the card's front matter", "other")
    .option("--language <codes>", "comma-separated language codes for the card (default: the languages --language-id on finds, else en)")
    .option("--name <title>", "dataset name for the card and the report page", "SFT dataset")
    .option("--sample-size <n>", "rows in the embedding-map sample", positiveInt, 10_000)
    .option("--shard-size <size>", "run as stages over shards of this much input (64MiB, 1GB …): split files written as part files (docs/distributed.md)", byteSize)
    .addOption(new Option("--stage <name>", "run one stage of a staged run (a job-array task; docs/distributed.md)").choices([...STAGE_CHOICES]))
    .option("--shard <i>", "with --stage score|write: the one shard this task runs (default: SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX, else every shard)", nonNegativeInt)
    .option("--queue <url>", "run the stages on `sieve worker` processes reading this Redis queue: redis://host:port[/db] (docs/distributed.md)");
  cmd.action(async (inputs: string[], o: Record<string, unknown>) => {
    if (o.printConfig) {
      process.stdout.write(await printedConfig(o));
      return;
    }
    if (!inputs.length) throw new UsageError("run: name the dataset file(s) to run.");
    if (!o.out) throw new UsageError("run: --out <dir> is required.");
    let result: Awaited<ReturnType<typeof runPipeline>>;
    const staged = o.shardSize !== undefined || o.stage !== undefined || o.queue !== undefined;
    if (staged && o.explain) throw new UsageError("run: --explain works on a plain run, not with --shard-size or --stage.");
    try {
      const settings = {
      out: o.out as string,
      format: o.format as "parquet" | "jsonl" | "arrow",
      ...readOptionsFrom(o),
      ...writeOptionsFrom(o),
      ...scorerConfigFrom(o),
      ...filterOverridesFrom(o),
      filterConfig: o.config as string | undefined,
      preset: o.preset as string | undefined,
      explain: o.explain === true,
      noReport: o.report === false,
      license: o.license as string,
      language: o.language === undefined ? undefined : String(o.language).split(",").map((s) => s.trim()).filter(Boolean),
      name: o.name as string,
      sampleSize: o.sampleSize as number,
      };
      if (o.queue !== undefined) {
        if (o.stage !== undefined) throw new UsageError("run: --queue and --stage are two ways to run the stages; use one.");
        result = await runQueueFromCli(inputs, { ...settings, shardBytes: o.shardSize as number | undefined }, o.queue as string);
      } else if (staged) {
        const done = await runStagedFromCli(inputs, { ...settings, shardBytes: o.shardSize as number | undefined }, o.stage as string | undefined, arrayShard(o.shard as number | undefined));
        if (!done) return;
        result = done;
      } else result = await runPipeline(inputs, settings);
    } catch (e) {
      if (e instanceof FilterConfigError) throw new UsageError(e.message);
      throw e;
    }
    printAccounting(result.score);
    if (o.explain) {
      printFunnel(result.filter, "sieve run");
      process.stdout.write(`scored rows in ${join(o.out as string)}/; nothing filtered was written (--explain)\n`);
      return;
    }
    printFilterAccounting(result.filter, "sieve run");
    if (result.report) process.stdout.write(`report: ${result.report.files.html}, dataset card ${result.report.files.card}\n`);
    process.stdout.write(`outputs in ${join(o.out as string)}/\n`);
  });
  return cmd;
}
