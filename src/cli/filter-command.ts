import { Command, InvalidArgumentError, Option } from "commander";
import { filterConfigYaml, presetNames } from "../filters/filter-config.js";
import { formatFunnel } from "../filters/filter-funnel.js";
import { FilterConfigError } from "../filters/filter-config-error.js";
import { buildRawFilterConfig, filterDataset, type FilterResult } from "../pipeline/filter-dataset.js";
import { FILTER_FLAGS, type FilterOverrides } from "../filters/filter-overrides.js";
import type { FlagValueKind } from "../core/filter-entry.js";
import { EXIT_CODES_HELP } from "./exit-codes.js";
import { finiteNumber, nonNegativeInt, positiveInt } from "./option-parsers.js";
import { addReadOptions, addWriteOptions, readOptionsFrom, writeOptionsFrom } from "./shared-options.js";
import { UsageError } from "./usage-error.js";

/** `sieve filter <scored…> --out dir/`: thresholds, dedup and balance → filtered + rejected splits. */
export function filterCommand(): Command {
  const cmd = new Command("filter")
    .description("filter a scored dataset: thresholds, exact/near dedup, domain balance; every removed row explained")
    .argument("[scored...]", "scored files (as written by 'sieve score'), folders or globs")
    .option("--out <dir>", "output folder")
    .option("-c, --config <file>", "filter config, YAML or JSON, merged over the preset key by key (see --print-config)")
    .option("--print-config", "print the config the preset, --config and flags resolve to, as YAML, and exit")
    .option("--dry-run", "print the funnel (rows each filter would remove, with examples) and write nothing")
    .addOption(new Option("--format <format>", "format of the splits (default: the input's)").choices(["parquet", "jsonl", "arrow"]))
    .addHelpText("after", `
Writes into --out: filtered.<format> (rows kept), rejected.<format> (rows removed, with
filter_reason, filter_detail and duplicate_of) and filter_stats.json (rows in = kept +
removed per filter). Bounds are inclusive: a row is kept when min <= value <= max.
Flags override single keys of the config.

Example:
  sieve filter scored.parquet --out out --toxicity-max 0.3 --dedup-near 0.9 --balance-max-share 0.1 --seed 42
${EXIT_CODES_HELP}`);
  addPresetOption(cmd);
  addReadOptions(cmd);
  addWriteOptions(cmd);
  addFilterOptions(cmd);
  cmd.action(async (scored: string[], o: Record<string, unknown>) => {
    if (o.printConfig) {
      process.stdout.write(await printedConfig(o));
      return;
    }
    if (!scored.length) throw new UsageError("filter: name the scored file(s) to filter.");
    if (!o.out && !o.dryRun) throw new UsageError("filter: --out <dir> is required.");
    const result = await runFilter(scored, { ...o, out: o.out ?? "." });
    if (o.dryRun) printFunnel(result, "sieve filter");
    else printFilterAccounting(result);
  });
  return cmd;
}

/** `--preset <name>`, shared with `run`. */
export function addPresetOption(cmd: Command): Command {
  return cmd.addOption(
    new Option("--preset <name>", "filter policy the config builds on: default (adapts to the data), card (the card's process exactly), none").choices(presetNames()),
  );
}

/** The YAML `--print-config` prints: the preset with --config and the flags applied. */
export async function printedConfig(o: Record<string, unknown>): Promise<string> {
  try {
    return filterConfigYaml(await buildRawFilterConfig(o.config as string | undefined, filterOverridesFrom(o), o.preset as string | undefined));
  } catch (e) {
    if (e instanceof FilterConfigError) throw new UsageError(e.message);
    throw e;
  }
}

/** Run filterDataset from parsed flags; config errors become usage errors (exit code 2). */
export async function runFilter(scored: string[], o: Record<string, unknown>): Promise<FilterResult> {
  try {
    return await filterDataset(scored, o.config as string | undefined, {
      ...readOptionsFrom(o),
      ...writeOptionsFrom(o),
      ...filterOverridesFrom(o),
      out: o.out as string,
      format: o.format as "parquet" | "jsonl" | "arrow" | undefined,
      preset: o.preset as string | undefined,
      dryRun: o.dryRun === true,
    });
  } catch (e) {
    if (e instanceof FilterConfigError) throw new UsageError(e.message);
    throw e;
  }
}

function unit(value: string): number {
  const n = finiteNumber(value);
  if (n < 0 || n > 1) throw new InvalidArgumentError(`expected a number from 0 to 1, got '${value}'.`);
  return n;
}

/** The parser of each kind of flag value (none: commander keeps the text, or true/false for a switch). */
const PARSERS: Record<FlagValueKind, ((value: string, previous: unknown) => unknown) | undefined> = {
  number: finiteNumber,
  fraction: unit,
  count: nonNegativeInt,
  "positive-count": positiveInt,
  text: undefined,
  "repeated-text": (value, previous) => [...((previous as string[] | undefined) ?? []), value],
  "text-list": (value, previous) => [...((previous as string[] | undefined) ?? []), ...value.split(",").filter(Boolean)],
  switch: undefined,
  "fraction-or-off": (value: string) => (value === "off" ? "off" : unit(value)),
};

/** `minResponseChars` → `min-response-chars`; a digit run after a letter starts a word (`maxTop2gram` → `max-top-2gram`). */
export function flagName(option: string): string {
  return option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/([a-z])(\d)/g, "$1-$2");
}

/**
 * The filter flags, one per config key, from the filter registry and the section flags
 * (see docs/filters.md). None has a default here: an absent flag leaves the config file's
 * (or the built-in) value. Shared with `run`.
 */
export function addFilterOptions(cmd: Command): Command {
  for (const flag of FILTER_FLAGS) {
    const name = flagName(flag.option);
    if (flag.value === "switch") {
      if (!flag.onlyNegated) cmd.option(`--${name}`, flag.help);
      if (flag.onlyNegated || flag.negate) cmd.option(`--no-${name}`, flag.negate ?? flag.help);
      continue;
    }
    const option = new Option(`--${name} <${flag.arg ?? "value"}>`, flag.help);
    const parse = PARSERS[flag.value];
    if (flag.choices) option.choices(flag.choices);
    else if (parse) option.argParser(parse);
    cmd.addOption(option);
  }
  return cmd;
}

/** Commander's parsed filter flags as library overrides. */
export function filterOverridesFrom(o: Record<string, unknown>): FilterOverrides {
  const out: Record<string, unknown> = {};
  for (const flag of FILTER_FLAGS) {
    const v = o[flag.option];
    // commander defaults a flag that exists only as --no-x to true: only its false is a choice.
    if (v !== undefined && !(flag.onlyNegated && v !== false)) out[flag.option] = v;
  }
  return out as FilterOverrides;
}

/** The accounting lines `filter` prints: what was written, then the funnel and the warnings. */
export function printFilterAccounting(r: FilterResult, program = "sieve filter"): void {
  const s = r.stats;
  const out = process.stdout;
  out.write(`${r.files.filtered}: ${s.rows_kept.toLocaleString("en-US")} rows kept of ${s.rows_in.toLocaleString("en-US")}\n`);
  out.write(`rows in ${s.rows_in} = kept ${s.rows_kept} + removed ${s.rows_removed} (see ${r.files.rejected})\n`);
  printFunnel(r, program);
}

/** The funnel (each step's removals, share and examples) on stdout, the warnings on stderr. */
export function printFunnel(r: FilterResult, program: string): void {
  for (const line of formatFunnel(r.funnel)) process.stdout.write(`${line}\n`);
  for (const w of r.stats.warnings) process.stderr.write(`${program}: warning: ${w}\n`);
}
