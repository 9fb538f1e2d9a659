import { Command, InvalidArgumentError, Option } from "commander";
import { defaultFilterConfigYaml } from "../filters/filter-config.js";
import { FilterConfigError } from "../filters/filter-config-error.js";
import { filterDataset, type FilterResult } from "../pipeline/filter-dataset.js";
import type { FilterOverrides } from "../filters/filter-overrides.js";
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
    .option("-c, --config <file>", "filter config, YAML or JSON (see --print-config)")
    .option("--print-config", "print the default config as YAML and exit")
    .addOption(new Option("--format <format>", "format of the splits (default: the input's)").choices(["parquet", "jsonl", "arrow"]))
    .addHelpText("after", `
Writes into --out: filtered.<format> (rows kept), rejected.<format> (rows removed, with
filter_reason, filter_detail and duplicate_of) and filter_stats.json (rows in = kept +
removed per filter). Bounds are inclusive: a row is kept when min <= value <= max.
Flags override single keys of the config.

Example:
  sieve filter scored.parquet --out out --toxicity-max 0.3 --dedup-near 0.9 --balance-max-share 0.1 --seed 42
${EXIT_CODES_HELP}`);
  addReadOptions(cmd);
  addWriteOptions(cmd);
  addFilterOptions(cmd);
  cmd.action(async (scored: string[], o: Record<string, unknown>) => {
    if (o.printConfig) {
      process.stdout.write(defaultFilterConfigYaml());
      return;
    }
    if (!scored.length) throw new UsageError("filter: name the scored file(s) to filter.");
    if (!o.out) throw new UsageError("filter: --out <dir> is required.");
    const result = await runFilter(scored, o);
    printFilterAccounting(result);
  });
  return cmd;
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

function nearThreshold(value: string): number | "off" {
  return value === "off" ? "off" : unit(value);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function list(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(",").filter(Boolean)];
}

/**
 * The filter flags, one per config key (see README, Filters). None has a default here:
 * an absent flag leaves the config file's (or the built-in) value. Shared with `run`.
 */
export function addFilterOptions(cmd: Command): Command {
  cmd
    .option("--toxicity-max <x>", "filters.toxicity.max: remove toxicity_score > x (0..1)", unit)
    .option("--min-instruction-chars <n>", "filters.length.instruction.min_chars", nonNegativeInt)
    .option("--max-instruction-chars <n>", "filters.length.instruction.max_chars", nonNegativeInt)
    .option("--min-instruction-words <n>", "filters.length.instruction.min_words", nonNegativeInt)
    .option("--max-instruction-words <n>", "filters.length.instruction.max_words", nonNegativeInt)
    .option("--min-response-chars <n>", "filters.length.response.min_chars", nonNegativeInt)
    .option("--max-response-chars <n>", "filters.length.response.max_chars", nonNegativeInt)
    .option("--min-response-words <n>", "filters.length.response.min_words", nonNegativeInt)
    .option("--max-response-words <n>", "filters.length.response.max_words", nonNegativeInt)
    .option("--readability-min <x>", "filters.readability.min (Flesch)", finiteNumber)
    .option("--readability-max <x>", "filters.readability.max (Flesch)", finiteNumber)
    .addOption(new Option("--readability-filter-field <field>", "filters.readability.field").choices(["response", "instruction"]))
    .option("--complexity-min <x>", "filters.complexity.min (grade)", finiteNumber)
    .option("--complexity-max <x>", "filters.complexity.max (grade)", finiteNumber)
    .option("--turns-min <n>", "filters.turns.min", nonNegativeInt)
    .option("--turns-max <n>", "filters.turns.max", nonNegativeInt)
    .option("--threshold <column:min:max>", "filters.thresholds: generic bound on a numeric column, repeatable (e.g. domain_score:0.2:)", collect)
    .option("--dedup-exact", "filters.dedup.exact: remove exact duplicates (normalised text)")
    .option("--no-dedup-exact", "keep exact duplicates")
    .option("--dedup-near <x|off>", "filters.dedup.near.threshold: near-duplicate similarity, or off", nearThreshold)
    .addOption(new Option("--dedup-near-method <method>", "filters.dedup.near.method").choices(["minhash", "embedding"]))
    .option("--dedup-num-perm <n>", "filters.dedup.near.num_perm: MinHash permutations / hyperplane bits", positiveInt)
    .option("--dedup-shingle-words <n>", "filters.dedup.near.shingle_words", positiveInt)
    .option("--dedup-embedding-column <name>", "filters.dedup.near.column (method embedding)")
    .addOption(new Option("--dedup-keep <which>", "filters.dedup.keep: row kept of a duplicate group").choices(["first", "quality"]))
    .option("--no-balance", "turn balance off")
    .option("--balance-by <column>", "balance.by")
    .option("--balance-max-share <x>", "balance.max_share (0..1]", unit)
    .option("--balance-max-per-domain <n>", "balance.max_per_domain", positiveInt)
    .option("--balance-target <value=share,...>", "balance.target, e.g. coding=0.2,math=0.1 (replaces max_share/max_per_domain)")
    .addOption(new Option("--balance-order <order>", "balance.order").choices(["quality", "random"]))
    .option("--quality-toxicity-weight <x>", "quality.toxicity_weight", finiteNumber)
    .option("--quality-readability-weight <x>", "quality.readability_weight", finiteNumber)
    .option("--quality-length-weight <x>", "quality.length_weight", finiteNumber)
    .option("--quality-readability-min <x>", "quality.readability_min", finiteNumber)
    .option("--quality-readability-max <x>", "quality.readability_max", finiteNumber)
    .option("--quality-length-target-chars <n>", "quality.length_target_chars", positiveInt)
    .option("--seed <n>", "seed (random balance order, embedding hyperplanes)", nonNegativeInt)
    .option("--skip-filter <names>", "turn filters off by name, comma-separated (toxicity,length,readability,complexity,turns,thresholds,dedup,balance)", list);
  return cmd;
}

/** Commander's parsed filter flags as library overrides. */
export function filterOverridesFrom(o: Record<string, unknown>): FilterOverrides {
  const pick = <K extends keyof FilterOverrides>(k: K) => o[k] as FilterOverrides[K];
  const out: FilterOverrides = {};
  const keys: Array<keyof FilterOverrides> = [
    "toxicityMax", "minInstructionChars", "maxInstructionChars", "minInstructionWords", "maxInstructionWords",
    "minResponseChars", "maxResponseChars", "minResponseWords", "maxResponseWords", "readabilityMin", "readabilityMax",
    "readabilityFilterField", "complexityMin", "complexityMax", "turnsMin", "turnsMax", "threshold", "dedupExact", "dedupNear",
    "dedupNearMethod", "dedupNumPerm", "dedupShingleWords", "dedupEmbeddingColumn", "dedupKeep", "balanceBy", "balanceMaxShare",
    "balanceMaxPerDomain", "balanceTarget", "balanceOrder", "qualityToxicityWeight", "qualityReadabilityWeight", "qualityLengthWeight",
    "qualityReadabilityMin", "qualityReadabilityMax", "qualityLengthTargetChars", "seed", "skipFilter",
  ];
  for (const k of keys) if (o[k] !== undefined) (out as Record<string, unknown>)[k] = pick(k);
  if (o.balance === false) out.balance = false;
  return out;
}

/** The accounting lines `filter` prints. */
export function printFilterAccounting(r: FilterResult): void {
  const s = r.stats;
  const out = process.stdout;
  out.write(`${r.files.filtered}: ${s.rows_kept.toLocaleString("en-US")} rows kept of ${s.rows_in.toLocaleString("en-US")}\n`);
  out.write(`rows in ${s.rows_in} = kept ${s.rows_kept} + removed ${s.rows_removed} (see ${r.files.rejected})\n`);
  for (const f of s.filters) out.write(`  ${f.name}: ${f.skipped ? `skipped (${f.skipped})` : `removed ${f.removed}`}\n`);
  for (const w of s.warnings) process.stderr.write(`sieve filter: warning: ${w}\n`);
}
