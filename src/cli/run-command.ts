import { join } from "node:path";
import { Command, Option } from "commander";
import { runPipeline } from "../pipeline/run-pipeline.js";
import { EXIT_CODES_HELP } from "./exit-codes.js";
import { printAccounting } from "./score-command.js";
import { addReadOptions, addScorerOptions, readOptionsFrom, scorerConfigFrom } from "./shared-options.js";
import { addFilterOptions, filterOverridesFrom, printFilterAccounting } from "./filter-command.js";

/** `sieve run <inputs…> --out dir/`: score, filter and report in one command. */
export function runCommand(): Command {
  const cmd = new Command("run")
    .description("score, filter and report a dataset in one go")
    .argument("<inputs...>", "dataset files, folders or globs (.jsonl[.gz], .json, .parquet, .arrow)")
    .requiredOption("--out <dir>", "output folder")
    .addOption(new Option("--format <format>", "format of the splits").choices(["parquet", "jsonl", "arrow"]).default("parquet"))
    .addHelpText("after", `
Writes into --out: complete.<format> (every readable row with its scores),
complete.rejects.jsonl (rows that could not be read), complete.summary.json,
filtered.<format> (the rows every filter kept), rejected.<format> (removed rows with
filter_reason and filter_detail) and filter_stats.json.

Example:
  sieve run examples/sample.jsonl --out out
${EXIT_CODES_HELP}`);
  cmd.option("-c, --config <file>", "filter config, YAML or JSON (see sieve filter --print-config)");
  addReadOptions(cmd);
  addScorerOptions(cmd);
  addFilterOptions(cmd);
  cmd.action(async (inputs: string[], o: Record<string, unknown>) => {
    const result = await runPipeline(inputs, {
      out: o.out as string,
      format: o.format as "parquet" | "jsonl" | "arrow",
      ...readOptionsFrom(o),
      ...scorerConfigFrom(o),
      ...filterOverridesFrom(o),
      filterConfig: o.config as string | undefined,
    });
    printAccounting(result.score);
    printFilterAccounting(result.filter);
    process.stdout.write(`outputs in ${join(o.out as string)}/\n`);
  });
  return cmd;
}
