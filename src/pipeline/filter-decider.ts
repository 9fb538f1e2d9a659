import type { RecordBatch, Schema } from "apache-arrow";
import type { RowFilter } from "../core/row-filter.js";
import type { TextView } from "../core/text-view.js";
import { buildFilters, type PipelineEntry } from "../filters/build-filters.js";
import { cutBalance, type BalanceCut } from "../filters/balance-cut.js";
import { RowDecisions } from "../filters/decide-rows.js";
import { dedupCodes, resolveDuplicateChains, type DuplicateTargets } from "../filters/duplicate-chains.js";
import type { BalanceConfig, FilterConfig } from "../filters/filter-config.js";
import type { RowLedger } from "../filters/row-ledger.js";

/** Pass 1's decisions settled (FilterDecider.settle). */
export interface SettledDecisions {
  decisions: RowDecisions;
  entries: PipelineEntry[];
  cut: BalanceCut | null;
  /** Reason codes of the dedup filters. */
  codes: Set<number>;
  targets: DuplicateTargets;
  warnings: string[];
}

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

  /**
   * Everything pass 1 leads to, once every row is decided: the balance cut (from the rows'
   * groups and ranks), duplicates pointed at the row that finally stands for them, and the
   * warnings (skipped filters, skipped balance, what the quotas could not do).
   */
  settle(schema: Schema): SettledDecisions {
    const { decisions, entries, balance } = this.open(schema);
    return { decisions, ...settleDecisions(this.config, decisions.ledger, decisions.rows, entries, balance, decisions.groups?.names ?? []) };
  }

  private open(schema: Schema): { decisions: RowDecisions; entries: PipelineEntry[]; balance: BalanceConfig | null } {
    if (this.state) return this.state;
    const cfg = this.config;
    const balance = balanceOf(cfg, schema);
    let entries: PipelineEntry[] = [];
    const decisions = new RowDecisions({ quality: cfg.quality, balance, seed: cfg.seed }, (duplicates) => {
      entries = buildFilters(cfg, schema, duplicates, this.userFilters);
      return entries.flatMap((e) => ("filter" in e ? [e.filter] : []));
    });
    this.state = { decisions, entries, balance };
    return this.state;
  }
}

/**
 * Settle pass 1 once every row has its reason code (whoever decided them: FilterDecider in one
 * process, the staged run's decide job from the shards' keys): the balance cut (from the rows'
 * groups and ranks), duplicates pointed at the row that finally stands for them, and the
 * warnings (skipped filters, skipped balance, what the quotas could not do).
 */
export function settleDecisions(
  cfg: FilterConfig,
  ledger: RowLedger,
  rows: number,
  entries: PipelineEntry[],
  balance: BalanceConfig | null,
  groups: readonly string[],
): Omit<SettledDecisions, "decisions"> {
  // A file with no rows may have been written without the score columns (JSONL keeps no
  // schema): a missing column there says nothing about the scorers, so no warning.
  const warnings = rows ? entries.flatMap((e) => ("skipped" in e ? [`filter ${e.skipped} skipped: ${e.reason}`] : [])) : [];
  if (rows && cfg.balance && !balance) warnings.push(`balance skipped: the scored file has no '${cfg.balance.by}' column (was the domain scorer off?)`);
  const filters = entries.flatMap((e) => ("filter" in e ? [e.filter] : []));
  const cut = balance ? cutBalance(ledger, rows, groups, balance, filters.length + 1) : null;
  if (cut) warnings.push(...cut.notes);
  const codes = dedupCodes(filters);
  const targets = resolveDuplicateChains(ledger, rows, codes);
  return { entries, cut, codes, targets, warnings };
}

/** The balance step that runs on a scored split: the config's, when its column exists. */
export function balanceOf(cfg: FilterConfig, schema: Schema): BalanceConfig | null {
  return cfg.balance && schema.fields.some((f) => f.name === cfg.balance!.by) ? cfg.balance : null;
}
