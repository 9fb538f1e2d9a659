import { grown } from "../base/typed-array-growth.js";
import { mkdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { Field, Schema, Utf8, type RecordBatch } from "apache-arrow";
import { appendColumns } from "../io/column-vector.js";
import { createBatchWriter, type BatchWriter, type WriteOptions } from "../io/batch-writer.js";
import { openDataset, type Dataset, type ReadOptions } from "../io/dataset-reader.js";
import { utf8Vector } from "../io/utf8-vector.js";
import { writeJsonFile } from "../io/json-file.js";
import { balanceQuotas } from "../filters/balance-quotas.js";
import { buildFilters, type PipelineEntry } from "../filters/build-filters.js";
import {
  defaultFilterConfigObject,
  loadFilterConfigFile,
  mergeFilterConfig,
  validateFilterConfig,
  type FilterConfig,
} from "../filters/filter-config.js";
import { applyFilterOverrides, type FilterOverrides } from "../filters/filter-overrides.js";
import type { FilterStats, FilterStepStats } from "../filters/filter-stats.js";
import { formatNumber } from "../filters/number-format.js";
import { qualityScores, quantiseQuality } from "../filters/quality-score.js";
import type { TextView } from "../core/text-view.js";
import type { BoundFilter, DuplicateLedger, FilterBatch, RowFilter } from "../core/row-filter.js";
import { RowLedger } from "../filters/row-ledger.js";
import { hashString32 } from "../base/hashing.js";
import { takeRows } from "../filters/take-rows.js";

/** Options of `filter`: where to write, the format, how to read, and flat config overrides. */
export interface FilterOptions extends ReadOptions, FilterOverrides, WriteOptions {
  /** Output folder. */
  out: string;
  /** Format of filtered/rejected (default: the input's when it is parquet, jsonl or arrow, else parquet). */
  format?: "parquet" | "jsonl" | "arrow";
  /** Called with every batch pass 2 writes (see FilterObserver). */
  observer?: FilterObserver;
}

/**
 * Sees every row of the scored file as pass 2 writes it, so a caller can build more from
 * the same read (`run` feeds the report this way instead of reading three files again).
 */
export interface FilterObserver {
  /** A batch of the scored file, before it is split. */
  scored(batch: RecordBatch, view: TextView): void;
  /** Rows of that batch (indices) written to the filtered split. */
  kept(batch: RecordBatch, view: TextView, rows: readonly number[]): void;
  /** Rows of that batch written to the rejected split, with each row's `filter_reason`. */
  removed(view: TextView, rows: readonly number[], reasons: readonly string[]): void;
}

/** What `filter` wrote. */
export interface FilterResult {
  stats: FilterStats;
  files: { filtered: string; rejected: string; stats: string };
}

/** The balance group of rows whose balance value is null. */
const NULL_GROUP = "(null)";
const NO_GROUP = 0xffff;

/**
 * The validated config from a config file path or object (YAML shape), with flat
 * overrides (CLI flags / library options) applied on top.
 */
export async function buildFilterConfig(config: string | Record<string, unknown> | undefined, overrides: FilterOverrides = {}): Promise<FilterConfig> {
  const user = typeof config === "string" ? await loadFilterConfigFile(config) : (config ?? {});
  const raw = mergeFilterConfig(defaultFilterConfigObject(), user);
  return validateFilterConfig(applyFilterOverrides(raw, overrides));
}

/**
 * Filter a scored dataset: thresholds, dedup and balance, in the config's order, in two
 * streaming passes over the scored file. Pass 1 decides every row, keeping only a few
 * bytes per row (RowLedger) plus the dedup index; balance quotas and cut-offs come from
 * the pass-1 counts and rank histograms; pass 2 writes `filtered.<ext>`,
 * `rejected.<ext>` (with filter_reason, filter_detail, duplicate_of) and
 * `filter_stats.json`. Throws if rows_in ≠ kept + Σ removed.
 */
export async function filterDataset(
  scored: string | string[],
  config: string | Record<string, unknown> | undefined,
  options: FilterOptions,
): Promise<FilterResult> {
  const cfg = await buildFilterConfig(config, options);
  const read: ReadOptions = {
    instructionField: options.instructionField,
    responseField: options.responseField,
    messagesField: options.messagesField,
    idField: options.idField,
    batchSize: options.batchSize,
    schemaRows: options.schemaRows,
    limit: options.limit,
  };
  const pass1 = await openDataset(scored, read);
  const ext = options.format ?? defaultFormat(pass1);
  await mkdir(options.out, { recursive: true });
  const files = {
    filtered: join(options.out, `filtered.${ext}`),
    rejected: join(options.out, `rejected.${ext}`),
    stats: join(options.out, "filter_stats.json"),
  };

  const ledger = new RowLedger();
  const quality = { values: new Uint16Array(1 << 14) };
  const warnings: string[] = [];
  let filters: RowFilter[] = [];
  const codeOf = new Map<RowFilter, number>();
  const duplicates: DuplicateLedger = {
    qualityOf: (o) => quality.values[o]!,
    markDuplicate: (o, of) => {
      ledger.duplicateOf[o] = of + 1;
    },
    demote: (o, of, f) => {
      if (ledger.reason[o] !== 0) return;
      ledger.reason[o] = codeOf.get(f)!;
      ledger.duplicateOf[o] = of + 1;
    },
  };
  const entries: PipelineEntry[] = buildFilters(cfg, pass1.schema, duplicates);
  filters = entries.flatMap((e) => ("filter" in e ? [e.filter] : []));
  filters.forEach((f, k) => codeOf.set(f, k + 1));
  for (const e of entries) if ("skipped" in e) warnings.push(`filter ${e.skipped} skipped: ${e.reason}`);
  const balanceCode = filters.length + 1;
  const dedupCodes = new Set(filters.filter((f) => f.name.startsWith("dedup.")).map((f) => codeOf.get(f)!));

  let balance = cfg.balance;
  if (balance && !pass1.schema.fields.some((f) => f.name === balance!.by)) {
    warnings.push(`balance skipped: the scored file has no '${balance.by}' column (was the domain scorer off?)`);
    balance = null;
  }

  // ---- Pass 1: decide every row.
  const groupNames: string[] = [];
  const groupIndex = new Map<string, number>();
  let rowsIn = 0;
  for await (const sb of pass1.batches()) {
    checkNoRejects(sb.rejects);
    const n = sb.batch.numRows;
    if (!n) continue;
    ledger.ensure(rowsIn + n);
    if (quality.values.length < ledger.reason.length) quality.values = grown(quality.values, ledger.reason.length);
    const q = qualityScores(sb.batch, cfg.quality);
    for (let i = 0; i < n; i++) quality.values[rowsIn + i] = quantiseQuality(q[i]!);
    const fb: FilterBatch = { batch: sb.batch, view: sb.view, firstOrdinal: rowsIn, quality: q };
    const bound = filters.map((f) => f.bind(fb));
    const groups = balance ? groupValues(sb.batch, balance.by) : null;
    for (let i = 0; i < n; i++) {
      const o = rowsIn + i;
      let code = 0;
      for (let k = 0; k < bound.length; k++) {
        if (!bound[k]!.keep(i)) {
          code = k + 1;
          break;
        }
      }
      ledger.reason[o] = code;
      if (groups) {
        const name = groups[i]!;
        let g = groupIndex.get(name);
        if (g === undefined) {
          g = groupNames.length;
          if (g >= NO_GROUP) throw new Error(`balance.by '${balance!.by}': more than ${NO_GROUP - 1} distinct values; balance needs a categorical column.`);
          groupIndex.set(name, g);
          groupNames.push(name);
        }
        ledger.group[o] = g;
        ledger.rank[o] = balance!.order === "quality" ? quality.values[o]! : hashString32(sb.view.id[i]!, cfg.seed) >>> 16;
      }
    }
    rowsIn += n;
  }
  const indexBytes = ledger.bytes + quality.values.length * 2 + filters.reduce((a, f) => a + ((f as { indexBytes?: number }).indexBytes ?? 0), 0);

  // ---- Between passes: balance quotas and cut-offs from the pass-1 counts and rank histograms.
  const cutoff = { rank: new Int32Array(groupNames.length), tieTake: new Float64Array(groupNames.length), quota: new Float64Array(groupNames.length) };
  const before = new Float64Array(groupNames.length);
  const after = new Float64Array(groupNames.length);
  if (balance) {
    for (let o = 0; o < rowsIn; o++) if (ledger.reason[o] === 0) before[ledger.group[o]!]!++;
    const quotas = balanceQuotas(new Map(groupNames.map((g, i) => [g, before[i]!])), balance);
    const histograms = new Map<number, Uint32Array>();
    groupNames.forEach((g, i) => {
      cutoff.quota[i] = quotas.get(g)!;
      cutoff.rank[i] = -1; // keeps everything
      if (cutoff.quota[i]! < before[i]!) histograms.set(i, new Uint32Array(65536));
    });
    for (let o = 0; o < rowsIn; o++) {
      if (ledger.reason[o] !== 0) continue;
      const h = histograms.get(ledger.group[o]!);
      if (h) h[ledger.rank[o]!]!++;
    }
    for (const [g, h] of histograms) {
      const quota = cutoff.quota[g]!;
      let above = 0;
      let r = 65535;
      if (quota === 0) {
        cutoff.rank[g] = 65536;
        continue;
      }
      for (; r >= 0; r--) {
        if (above + h[r]! >= quota) break;
        above += h[r]!;
      }
      cutoff.rank[g] = r;
      cutoff.tieTake[g] = quota - above;
    }
    const taken = new Float64Array(groupNames.length);
    for (let o = 0; o < rowsIn; o++) {
      if (ledger.reason[o] !== 0) continue;
      const g = ledger.group[o]!;
      const cut = cutoff.rank[g]!;
      const r = ledger.rank[o]!;
      let keep = r > cut;
      if (!keep && r === cut && taken[g]! < cutoff.tieTake[g]!) {
        taken[g]!++;
        keep = true;
      }
      if (keep) after[g]!++;
      else ledger.reason[o] = balanceCode;
    }
  }

  // Duplicates point at the row that finally stands for their group (demotions make chains).
  let forwardRefs = false;
  const referenced = new Uint8Array(Math.ceil(rowsIn / 8));
  for (let o = 0; o < rowsIn; o++) {
    if (!dedupCodes.has(ledger.reason[o]!) || !ledger.duplicateOf[o]) continue;
    let t = ledger.duplicateOf[o]! - 1;
    while (dedupCodes.has(ledger.reason[t]!) && ledger.duplicateOf[t]) t = ledger.duplicateOf[t]! - 1;
    ledger.duplicateOf[o] = t + 1;
    referenced[t >> 3]! |= 1 << (t & 7);
    if (t > o) forwardRefs = true;
  }
  const isReferenced = (o: number) => (referenced[o >> 3]! & (1 << (o & 7))) !== 0;
  const idOf = new Map<number, string>();
  if (forwardRefs) {
    // keep: quality can make a later row stand for earlier ones: collect those ids first.
    let o = 0;
    for await (const sb of (await openDataset(scored, read)).batches()) {
      for (let i = 0; i < sb.batch.numRows; i++, o++) if (isReferenced(o)) idOf.set(o, sb.view.id[i]!);
    }
  }

  // ---- Pass 2: write the splits.
  const pass2 = await openDataset(scored, read);
  const rejectedSchema = new Schema([
    ...pass2.schema.fields,
    new Field("filter_reason", new Utf8(), false),
    new Field("filter_detail", new Utf8(), false),
    new Field("duplicate_of", new Utf8(), true),
  ]);
  const filteredWriter: BatchWriter = await createBatchWriter(files.filtered, pass2.schema, options);
  const rejectedWriter: BatchWriter = await createBatchWriter(files.rejected, rejectedSchema, options);
  const removedBy = new Float64Array(filters.length + 2);
  let kept = 0;
  let ordinal = 0;
  try {
    for await (const sb of pass2.batches()) {
      checkNoRejects(sb.rejects);
      const n = sb.batch.numRows;
      if (!n) continue;
      for (let i = 0; i < n; i++) if (isReferenced(ordinal + i)) idOf.set(ordinal + i, sb.view.id[i]!);
      const keepRows: number[] = [];
      const dropRows: number[] = [];
      for (let i = 0; i < n; i++) (ledger.reason[ordinal + i] === 0 ? keepRows : dropRows).push(i);
      options.observer?.scored(sb.batch, sb.view);
      if (keepRows.length) {
        options.observer?.kept(sb.batch, sb.view, keepRows);
        await filteredWriter.write(takeRows(sb.batch, keepRows));
      }
      if (dropRows.length) {
        const q = dropRows.some((i) => ledger.reason[ordinal + i] !== balanceCode) ? qualityScores(sb.batch, cfg.quality) : new Float64Array(n);
        const fb: FilterBatch = { batch: sb.batch, view: sb.view, firstOrdinal: ordinal, quality: q };
        const bound = new Map<number, BoundFilter>();
        const groups = balance ? groupValues(sb.batch, balance.by) : null;
        const reasons: string[] = [];
        const details: string[] = [];
        const dupIds: Array<string | null> = [];
        for (const i of dropRows) {
          const o = ordinal + i;
          const code = ledger.reason[o]!;
          removedBy[code]!++;
          if (code === balanceCode) {
            reasons.push("balance");
            details.push(balanceDetail(balance!.by, balance!.order, groups![i]!, ledger.rank[o]!, cutoff, ledger.group[o]!, before));
            dupIds.push(null);
            continue;
          }
          const filter = filters[code - 1]!;
          let b = bound.get(code);
          if (!b) bound.set(code, (b = filter.bind(fb)));
          reasons.push(filter.name);
          details.push(b.explain(i));
          const dup = ledger.duplicateOf[o]!;
          dupIds.push(dedupCodes.has(code) && dup ? idOf.get(dup - 1) ?? null : null);
        }
        options.observer?.removed(sb.view, dropRows, reasons);
        const taken = takeRows(sb.batch, dropRows);
        await rejectedWriter.write(
          appendColumns(taken, rejectedSchema.fields.slice(-3), [utf8Vector(reasons), utf8Vector(details), utf8Vector(dupIds)]),
        );
      }
      kept += keepRows.length;
      ordinal += n;
    }
    if (ordinal !== rowsIn) throw new Error(`the scored file changed between passes (${rowsIn} rows, then ${ordinal}).`);
    await filteredWriter.close();
    await rejectedWriter.close();
  } catch (e) {
    await filteredWriter.abort();
    await rejectedWriter.abort();
    throw e;
  }

  // ---- Accounting: rows_in = kept + Σ removed, every row in exactly one split.
  const steps: FilterStepStats[] = [];
  let k = 0;
  for (const e of entries) {
    if ("skipped" in e) steps.push({ name: e.skipped, removed: 0, skipped: e.reason });
    else {
      k++;
      steps.push({ name: e.filter.name, removed: removedBy[k]!, ...(e.filter.columns.length ? { columns: [...e.filter.columns] } : {}) });
    }
  }
  if (balance) steps.push({ name: "balance", removed: removedBy[balanceCode]!, columns: [balance.by] });
  const removed = steps.reduce((a, s) => a + s.removed, 0);
  if (rowsIn !== kept + removed || filteredWriter.rows !== kept || rejectedWriter.rows !== removed) {
    throw new Error(`filter accounting broken: rows in ${rowsIn} ≠ kept ${kept} + removed ${removed} (written ${filteredWriter.rows} + ${rejectedWriter.rows}); this is a bug.`);
  }
  const byName = (values: Float64Array) => sortedRecord(groupNames.map((g, i) => [g, values[i]!]));
  const stats: FilterStats = {
    // Relative to the output folder: the same run written elsewhere gives the same bytes.
    inputs: pass1.files.map((f) => relative(options.out, f) || f),
    rows_in: rowsIn,
    rows_kept: kept,
    rows_removed: removed,
    filters: steps,
    balance: balance
      ? { by: balance.by, order: balance.order, before: byName(before), quota: byName(cutoff.quota), after: byName(after) }
      : null,
    warnings,
    index_bytes: indexBytes,
    config: cfg,
  };
  await writeJsonFile(files.stats, stats);
  return { stats, files };
}

function checkNoRejects(rejects: ReadonlyArray<{ file: string; row: number; reason: string }>): void {
  if (!rejects.length) return;
  const r = rejects[0]!;
  throw new Error(`${r.file}: row ${r.row} of the scored file cannot be read (${r.reason}); filter reads a scored file as written by 'sieve score'.`);
}

function defaultFormat(d: Dataset): "parquet" | "jsonl" | "arrow" {
  const f = d.formats[0];
  return f === "jsonl" || f === "arrow" || f === "parquet" ? f : "parquet";
}

/** The balance value of each row as text (null → "(null)"). */
function groupValues(batch: RecordBatch, column: string): string[] {
  const v = batch.getChild(column)!;
  const out = new Array<string>(batch.numRows);
  for (let i = 0; i < out.length; i++) {
    const x = v.get(i) as unknown;
    out[i] = x === null || x === undefined ? NULL_GROUP : typeof x === "number" ? formatNumber(x) : String(x);
  }
  return out;
}

function balanceDetail(
  by: string,
  order: string,
  value: string,
  rank: number,
  cutoff: { rank: Int32Array; quota: Float64Array },
  g: number,
  before: Float64Array,
): string {
  const head = `${by} '${value}': quota ${cutoff.quota[g]} of ${before[g]} rows`;
  const cut = cutoff.rank[g]!;
  if (cut > 65535) return head;
  const key = order === "quality" ? "quality" : "random key";
  const fmt = (r: number) => formatNumber(r / 65535);
  return rank < cut ? `${head}; ${key} ${fmt(rank)} < cut-off ${fmt(cut)}` : `${head}; ${key} ${fmt(rank)} = cut-off, tie beyond the quota (earlier rows kept)`;
}

function sortedRecord(pairs: Array<[string, number]>): Record<string, number> {
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(pairs);
}
