import type { RecordBatch } from "apache-arrow";
import { grown } from "../base/typed-array-growth.js";
import { hashString32 } from "../base/hashing.js";
import type { DuplicateLedger, FilterBatch, RowFilter } from "../core/row-filter.js";
import type { TextView } from "../core/text-view.js";
import { BalanceGroups, balanceValues } from "./balance-groups.js";
import type { BalanceConfig, QualityConfig } from "./filter-config.js";
import { qualityScores, quantiseQuality } from "./quality-score.js";
import { RowLedger } from "./row-ledger.js";

/**
 * A row's rank within its balance group, 16-bit: its quantised quality, or for `order:
 * random` a seeded hash of its id (the same row ranks the same in every run and every shard).
 */
export function balanceRank(order: BalanceConfig["order"], quality: number, id: string, seed: number): number {
  return order === "quality" ? quality : hashString32(id, seed) >>> 16;
}

/**
 * What dedup filters record in a RowLedger: the row a duplicate matched, and a kept row
 * demoted by a better copy (given the reason code of the filter that demoted it; a row
 * another step already removed keeps that step's reason).
 */
export function duplicateLedgerOf(ledger: RowLedger, qualityOf: (ordinal: number) => number, codeOf: (filter: RowFilter) => number): DuplicateLedger {
  return {
    qualityOf,
    markDuplicate: (o, of) => {
      ledger.duplicateOf[o] = of + 1;
    },
    demote: (o, of, f) => {
      if (ledger.reason[o] !== KEPT) return;
      ledger.reason[o] = codeOf(f);
      ledger.duplicateOf[o] = of + 1;
    },
  };
}

/** The reason code of a row no step removed. */
export const KEPT = 0;

/** What the first pass needs beyond the filters. */
export interface DecideSettings {
  quality: QualityConfig;
  /** The balance step when it runs (its column exists): rows get a group and a rank. */
  balance: BalanceConfig | null;
  /** Seeds the random rank of `order: random`. */
  seed: number;
}

/**
 * Pass 1: every row of the scored file, batch by batch, through the filters in order.
 * The first filter that drops a row gives its reason code (filter k → k + 1) and later
 * filters never see that row; dedup filters may also demote an earlier kept row through
 * `DuplicateLedger`. Besides the reason, the ledger gets each row's balance group and
 * rank (quantised quality, or a seeded random key), and the quality of every row is kept
 * for keep-best dedup. Nothing of a row's text stays.
 */
export class RowDecisions {
  readonly ledger = new RowLedger();
  /** Rows decided so far. */
  rows = 0;
  /** The filters in pipeline order; filter k removes rows with reason code k + 1. */
  readonly filters: ReadonlyArray<RowFilter>;
  /** The balance values met so far (null when balance does not run). */
  readonly groups: BalanceGroups | null;
  private quality = new Uint16Array(1 << 14);
  private readonly codeOf = new Map<RowFilter, number>();

  /**
   * `makeFilters` builds the filters given the ledger dedup filters report to (they need
   * it when they are made, and it needs their reason codes).
   */
  constructor(
    readonly settings: DecideSettings,
    makeFilters: (duplicates: DuplicateLedger) => ReadonlyArray<RowFilter>,
  ) {
    this.groups = settings.balance ? new BalanceGroups(settings.balance.by) : null;
    const duplicates = duplicateLedgerOf(this.ledger, (o) => this.quality[o]!, (f) => this.codeOf.get(f)!);
    this.filters = [...makeFilters(duplicates)];
    this.filters.forEach((f, k) => this.codeOf.set(f, k + 1));
  }

  /** The reason code of rows balance removes: the one after the last filter's. */
  get balanceCode(): number {
    return this.filters.length + 1;
  }

  /** Quantised quality (0..65535) of a decided row. */
  qualityOf(ordinal: number): number {
    return this.quality[ordinal]!;
  }

  /** Bytes of the ledger, the quality array and the filters' indexes (dedup). */
  get indexBytes(): number {
    return this.ledger.bytes + this.quality.length * 2 + this.filters.reduce((a, f) => a + ((f as { indexBytes?: number }).indexBytes ?? 0), 0);
  }

  /** Decide the rows of the next batch of the scored file. */
  decide(batch: RecordBatch, view: TextView): void {
    const n = batch.numRows;
    if (!n) return;
    const first = this.rows;
    const ledger = this.ledger;
    ledger.ensure(first + n);
    if (this.quality.length < ledger.reason.length) this.quality = grown(this.quality, ledger.reason.length);
    const q = qualityScores(batch, this.settings.quality);
    for (let i = 0; i < n; i++) this.quality[first + i] = quantiseQuality(q[i]!);
    const fb: FilterBatch = { batch, view, firstOrdinal: first, quality: q };
    const bound = this.filters.map((f) => f.bind(fb));
    const balance = this.settings.balance;
    const values = balance ? balanceValues(batch, balance.by) : null;
    for (let i = 0; i < n; i++) {
      const o = first + i;
      let code = KEPT;
      for (let k = 0; k < bound.length; k++) {
        if (!bound[k]!.keep(i)) {
          code = k + 1;
          break;
        }
      }
      ledger.reason[o] = code;
      if (values) {
        ledger.group[o] = this.groups!.indexOf(values[i]!);
        ledger.rank[o] = balanceRank(balance!.order, this.quality[o]!, view.id[i]!, this.settings.seed);
      }
    }
    this.rows += n;
  }
}
