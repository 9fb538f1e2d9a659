import { Command } from "commander";
import { scoreDataset, type ScoreSummary } from "../pipeline/score-dataset.js";
import { EXIT_CODES_HELP } from "./exit-codes.js";
import { addReadOptions, addScorerOptions, addWriteOptions, readOptionsFrom, scorerConfigFrom, writeOptionsFrom } from "./shared-options.js";

/** `sieve score <inputs…> -o <file>`: add score columns to every row. */
export function scoreCommand(): Command {
  const cmd = new Command("score")
    .description("score every row of a dataset and write it with the score columns added")
    .argument("<inputs...>", "dataset files, folders or globs (.jsonl[.gz], .json, .parquet, .arrow)")
    .requiredOption("-o, --output <file>", "output file: .parquet (zstd unless --compression), .arrow, .arrows or .jsonl")
    .addHelpText("after", `
Writes <output>, <output stem>.rejects.jsonl (rows that could not be read, with file, row
and reason) and <output stem>.summary.json (rows read = scored + rejected).

Example:
  sieve score data/*.jsonl -o scored.parquet --limit 10000
${EXIT_CODES_HELP}`);
  addReadOptions(cmd);
  addWriteOptions(cmd);
  addScorerOptions(cmd);
  cmd.action(async (inputs: string[], o: Record<string, unknown>) => {
    const summary = await scoreDataset(inputs, o.output as string, { ...readOptionsFrom(o), ...writeOptionsFrom(o), ...scorerConfigFrom(o) });
    printAccounting(summary);
  });
  return cmd;
}

/** The accounting line every run prints. */
export function printAccounting(s: ScoreSummary): void {
  const out = process.stdout;
  out.write(`${s.output}: ${s.rows_scored.toLocaleString("en-US")} rows scored (${s.layout})\n`);
  out.write(`rows read ${s.rows_read} = scored ${s.rows_scored} + rejected ${s.rows_rejected}`);
  out.write(s.rows_rejected ? ` (see ${s.rejects_file})\n` : "\n");
  for (const [reason, n] of Object.entries(s.rejected_by_reason)) out.write(`  rejected ${n}: ${reason}\n`);
  // A staged run finished by another process (a job array) has no one timing: none is printed.
  if (s.seconds > 0) out.write(`${s.seconds.toFixed(1)} s, ${s.rows_per_second.toLocaleString("en-US")} rows/s\n`);
}
