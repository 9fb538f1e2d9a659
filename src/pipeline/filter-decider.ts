import type { RecordBatch, Schema } from "apache-arrow";
import type { RowFilter } from "../core/row-filter.js";
import type { TextView } from "../core/text-view.js";
import { buildFilters, type PipelineEntry } from "../filters/build-filters.js";
import { RowDecisions } from "../filters/decide-rows.js";
import type { BalanceConfig, FilterConfig } from "../filters/filter-config.js";

/**
 * The filters' first pass over a scored split: every row through the config's filters (and
 * the user's), batch by batch, in input order. It does not care where the batches come from:
 * `filter` reads them back from a scored file, `run` hands over each batch as scoring writes
 * it (so the scored split is read once, not twice). The filters are built from the first
 * batch's schema (or, for a split with no rows, from the schema given to `finish`).
 */
export class FilterDecider {
  private state: { decisions: RowDecisions; entries: PipelineEntry[]; balance: BalanceConfig | null } | undefined;

  constructor(
    readonly config: FilterConfig,
    private readonly userFilters: ReadonlyArray<RowFilter> = [],
  ) {}

  /** Decide the rows of the next batch of the scored split. */
  decide(batch: RecordBatch, view: TextView): void {
    this.open(batch.schema).decisions.decide(batch, view);
  }

  /** The decisions of every row seen, with the filter entries and the balance step that runs (its column exists). */
  finish(schema: Schema): { decisions: RowDecisions; entries: PipelineEntry[]; balance: BalanceConfig | null } {
    return this.open(schema);
  }

  private open(schema: Schema): { decisions: RowDecisions; entries: PipelineEntry[]; balance: BalanceConfig | null } {
    if (this.state) return this.state;
    const cfg = this.config;
    const balance = cfg.balance && schema.fields.some((f) => f.name === cfg.balance!.by) ? cfg.balance : null;
    let entries: PipelineEntry[] = [];
    const decisions = new RowDecisions({ quality: cfg.quality, balance, seed: cfg.seed }, (duplicates) => {
      entries = buildFilters(cfg, schema, duplicates, this.userFilters);
      return entries.flatMap((e) => ("filter" in e ? [e.filter] : []));
    });
    this.state = { decisions, entries, balance };
    return this.state;
  }
}
