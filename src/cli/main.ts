#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { EXIT, EXIT_CODES_HELP } from "./exit-codes.js";
import { scoreCommand } from "./score-command.js";
import { runCommand } from "./run-command.js";
import { filterCommand } from "./filter-command.js";
import { reportCommand } from "./report-command.js";
import { workerCommand } from "./worker-command.js";
import { statusCommand } from "./status-command.js";
import { FilterConfigError } from "../filters/filter-config-error.js";
import { TooManyRejectsError } from "../pipeline/score-dataset.js";
import { UsageError } from "./usage-error.js";
import { limitHeapGrowth } from "../pipeline/heap-growth.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

// Every command streams: pace V8's full GCs by the live heap (see heap-growth.ts). Set here,
// for the whole process, rather than in the library, which should not retune its host's V8.
limitHeapGrowth();

// Whatever escapes the command's own handling below (an error raised outside any awaited
// promise) still ends as one "sieve:" line and exit code 1, never a stack trace. Files
// being written stay under temporary names; the next run to the same output removes them.
const failHard = (e: unknown): void => {
  reportFailure(e);
  process.exit(EXIT.FAILED);
};
process.on("uncaughtException", failHard);
process.on("unhandledRejection", failHard);

const program = new Command("sieve")
  .description("Analyse and filter supervised fine-tuning datasets: score every row, filter, report.")
  .version(pkg.version, "-v, --version")
  .showHelpAfterError("(run with --help for usage)")
  .addHelpText("after", EXIT_CODES_HELP)
  .exitOverride();

program.addCommand(scoreCommand());
program.addCommand(runCommand());
program.addCommand(filterCommand());
program.addCommand(reportCommand());
program.addCommand(workerCommand());
program.addCommand(statusCommand());
// exitOverride is not inherited by commands added with addCommand: set it on each, so a
// usage error in a subcommand exits 2 like one at the top level.
for (const c of program.commands) c.exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version end here with code 0; usage errors were already printed.
    process.exitCode = e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  } else if (e instanceof TooManyRejectsError) {
    process.stderr.write(`sieve: ${e.message}\n`);
    process.exitCode = EXIT.TOO_MANY_REJECTS;
  } else if (e instanceof UsageError || e instanceof FilterConfigError) {
    process.stderr.write(`sieve: ${e.message}\n`);
    process.exitCode = EXIT.USAGE;
  } else {
    reportFailure(e);
    process.exitCode = EXIT.FAILED;
  }
}

/** One line on stderr for a failure (the stack only with SIEVE_DEBUG set). */
function reportFailure(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  const firstLine = message.split("\n")[0] || String(e);
  process.stderr.write(`sieve: ${firstLine}\n`);
  if (process.env.SIEVE_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ""}\n`);
}
