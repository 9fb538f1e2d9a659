import { mkdir } from "node:fs/promises";
import type { Schema } from "apache-arrow";
import { join, relative } from "node:path";
import type { RowFilter } from "../core/row-filter.js";
import type { WriteOptions } from "../io/batch-writer.js";
import { openDataset, type Dataset, type ReadOptions } from "../io/dataset-reader.js";
import { writeJsonFile } from "../io/json-file.js";
import { KEPT } from "../filters/decide-rows.js";
import { filterAccounting } from "../filters/filter-accounting.js";
import { loadFilterConfigFile, mergeFilterConfig, presetConfigObject, presetOf, validateFilterConfig, type FilterConfig } from "../filters/filter-config.js";
import { filterFunnel, largeRemovalWarnings, RemovalExamples, type FilterFunnel } from "../filters/filter-funnel.js";
import { applyFilterOverrides, type FilterOverrides } from "../filters/filter-overrides.js";
import type { FilterStats } from "../filters/filter-stats.js";
import { FilterDecider } from "./filter-decider.js";
import { piiRedactor } from "./redact-splits.js";
import { scoredBatches } from "./scored-batches.js";
import { collectRemovalExamples, openSplitWriters, readTargetIds, writeFilterSplits, type FilterObserver } from "./write-filter-splits.js";

export type { FilterObserver } from "./write-filter-splits.js";

/** Options of `filter`: where to write, the format, how to read, and flat config overrides. */
export interface FilterOptions extends ReadOptions, FilterOverrides, WriteOptions {
  /** Output folder. */
  out: string;
  /** Format of filtered/rejected (default: the input's when it is parquet, jsonl or arrow, else parquet). */
  format?: "parquet" | "jsonl" | "arrow";
  /** Called with every batch pass 2 writes (see FilterObserver). */
  observer?: FilterObserver;
  /** User filters, run after the config's filters and before balance; their name is the filter_reason. */
  filters?: ReadonlyArray<RowFilter>;
  /**
   * The preset the config builds on (data/presets/<name>.yaml): `default` (the adaptive
   * policy), `card` (the card's process exactly) or `none`. Default: the config's own
   * `preset` key, else `default`.
   */
  preset?: string;
  /**
   * Decide every row and work out the funnel, but write nothing (no splits, no
   * filter_stats.json, no folder): what `sieve filter --dry-run` and `sieve run --explain` print.
   */
  dryRun?: boolean;
}

/** What `filter` wrote (with dryRun: what it would write; `files` are then not written). */
export interface FilterResult {
  stats: FilterStats;
  /** The schema the scored split reads back with. */
  scoredSchema?: Schema;
  /** Rows removed per step in order, the share of the rows in, and the first removed rows of each step. */
  funnel: FilterFunnel;
  files: { filtered: string; rejected: string; stats: string };
}

/**
 * The validated config from a config file path or object (YAML shape), with flat
 * overrides (CLI flags / library options) applied on top.
 */
export async function buildFilterConfig(
  config: string | Record<string, unknown> | undefined,
  overrides: FilterOverrides = {},
  preset?: string,
): Promise<FilterConfig> {
  return validateFilterConfig(await buildRawFilterConfig(config, overrides, preset));
}

/**
 * The raw config (YAML shape, not validated): the preset (`preset`, else the config's
 * `preset` key, else `default`), the config file or object merged over it key by key, then
 * the flat overrides. What `--print-config` prints.
 */
export async function buildRawFilterConfig(
  config: string | Record<string, unknown> | undefined,
  overrides: FilterOverrides = {},
  preset?: string,
): Promise<Record<string, unknown>> {
  const user = typeof config === "string" ? await loadFilterConfigFile(config) : (config ?? {});
  const raw = mergeFilterConfig(presetConfigObject(preset ?? presetOf(user)), user);
  return applyFilterOverrides(raw, overrides);
}

/**
 * Filter a scored dataset: thresholds, dedup and balance, in the config's order, in two
 * streaming passes over the scored file. Pass 1 decides every row, keeping only a few
 * bytes per row (RowDecisions) plus the dedup index; balance cut-offs come from the
 * pass-1 counts and rank histograms, then removed duplicates are pointed at the row
 * that finally stands for them; pass 2 writes `filtered.<ext>`, `rejected.<ext>` (with
 * filter_reason, filter_detail, duplicate_of) and `filter_stats.json`. Throws if
 * rows_in ≠ kept + Σ removed.
 */
export async function filterDataset(
  scored: string | string[],
  config: string | Record<string, unknown> | undefined,
  options: FilterOptions,
): Promise<FilterResult> {
  const cfg = await buildFilterConfig(config, options, options.preset);
  const decider = new FilterDecider(cfg, options.filters ?? []);
  const pass1 = await openDataset(scored, readOptionsOf(options));
  for await (const sb of scoredBatches(pass1)) decider.decide(sb.batch, sb.view);
  return writeDecidedSplits(scored, decider, options);
}

/**
 * Everything after pass 1, given its decisions (from filterDataset's own read, or fed by
 * `run` while it scored): the balance cut, duplicate chains, then pass 2 over the scored file
 * writing the splits and `filter_stats.json`.
 */
export async function writeDecidedSplits(scored: string | string[], decider: FilterDecider, options: FilterOptions): Promise<FilterResult> {
  const cfg = decider.config;
  const read = readOptionsOf(options);
  const pass2 = await openDataset(scored, read);
  const ext = options.format ?? defaultFormat(pass2);
  if (!options.dryRun) await mkdir(options.out, { recursive: true });
  const files = {
    filtered: join(options.out, `filtered.${ext}`),
    rejected: join(options.out, `rejected.${ext}`),
    stats: join(options.out, "filter_stats.json"),
  };
  const { decisions, entries, cut, codes, targets, warnings } = decider.settle(pass2.schema);
  const indexBytes = decisions.indexBytes;
  const { ledger, rows } = decisions;
  const targetIds = targets.forward ? await readTargetIds((await openDataset(scored, read)).batches(), targets) : new Map<number, string>();

  // filters.pii.redact (--redact-pii): the splits get placeholders; the scored file keeps its text.
  const redact = cfg.filters.some((f) => f.kind === "pii" && f.redact);
  const rewrite = redact ? piiRedactor(pass2.layout, pass2.schema.fields.map((f) => f.name)) : undefined;
  const plan = { decisions, balance: cut, dedupCodes: codes, targets, targetIds, rewrite };
  const examples = new RemovalExamples();
  let written: { filtered: number; rejected: number };
  if (options.dryRun) {
    await collectRemovalExamples(scoredBatches(pass2), plan, examples);
    let kept = 0;
    for (let o = 0; o < rows; o++) if (ledger.reason[o] === KEPT) kept++;
    written = { filtered: kept, rejected: rows - kept };
  } else {
    const writers = await openSplitWriters(files, pass2.schema, options);
    written = await writeFilterSplits(scoredBatches(pass2), writers, plan, options.observer, examples);
  }

  // Inputs relative to the output folder: the same run written elsewhere gives the same bytes.
  const inputs = pass2.files.map((f) => relative(options.out, f) || f);
  const stats = filterAccounting({ inputs, entries, ledger, rows, balance: cut, written, warnings, indexBytes, config: cfg });
  stats.warnings.push(...largeRemovalWarnings(stats));
  if (!options.dryRun) await writeJsonFile(files.stats, stats);
  return { stats, funnel: filterFunnel(stats, examples), files, scoredSchema: pass2.schema };
}

/** The read options a scored split is read back with: layout overrides, id field, batch size, schema rows and limit. */
export function readOptionsOf(o: ReadOptions): ReadOptions {
  const { instructionField, responseField, messagesField, idField, batchSize, schemaRows, limit } = o;
  return { instructionField, responseField, messagesField, idField, batchSize, schemaRows, limit };
}

function defaultFormat(d: Dataset): "parquet" | "jsonl" | "arrow" {
  const f = d.formats[0];
  return f === "jsonl" || f === "arrow" || f === "parquet" ? f : "parquet";
}
