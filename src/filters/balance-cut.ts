import { balanceQuotas } from "./balance-quotas.js";
import { KEPT } from "./decide-rows.js";
import type { BalanceConfig } from "./filter-config.js";
import { formatNumber } from "./number-format.js";
import type { RowLedger } from "./row-ledger.js";

/** Ranks are 16-bit: 0..65535. */
const RANKS = 65536;

/** What balance decided, per group (index = the ledger's group index). */
export interface BalanceCut {
  config: BalanceConfig;
  /** The reason code it gave the rows it removed. */
  code: number;
  /** The balance values; group g is `groups[g]`. */
  groups: readonly string[];
  /** Rows that reached balance (kept by every filter). */
  before: Float64Array;
  /** The most rows the group may keep (balance-quotas.ts). */
  quota: Float64Array;
  /** Rows kept. */
  after: Float64Array;
  /** Rows ranked above this are kept: −1 keeps all, 65536 none. */
  rank: Int32Array;
  /** How many rows ranked exactly at the cut-off are kept, earliest first. */
  tieTake: Float64Array;
  /** What the quotas could not do as configured, or chose not to (see balanceQuotas), for the run's warnings. */
  notes: string[];
}

/**
 * Balance, between the passes: count the rows each group brought to balance, take each
 * group's quota, and remove from an over-full group every row ranked below the lowest
 * rank that fills the quota (found on a 16-bit rank histogram); rows at that rank are
 * kept in file order until the quota is met. Rows removed get reason `code`.
 */
export function cutBalance(ledger: RowLedger, rows: number, groups: readonly string[], config: BalanceConfig, code: number): BalanceCut {
  const n = groups.length;
  const cut: BalanceCut = {
    config,
    code,
    groups,
    before: new Float64Array(n),
    quota: new Float64Array(n),
    after: new Float64Array(n),
    rank: new Int32Array(n).fill(-1),
    tieTake: new Float64Array(n),
    notes: [],
  };
  for (let o = 0; o < rows; o++) if (ledger.reason[o] === KEPT) cut.before[ledger.group[o]!]!++;
  const quotas = balanceQuotas(new Map(groups.map((g, i) => [g, cut.before[i]!])), config, cut.notes);
  groups.forEach((g, i) => (cut.quota[i] = quotas.get(g)!));
  findCutoffs(cut, rankHistograms(ledger, rows, cut));
  applyCut(ledger, rows, cut);
  return cut;
}

/** Rank histograms of the rows reaching balance, for the over-full groups only. */
function rankHistograms(ledger: RowLedger, rows: number, cut: BalanceCut): Map<number, Uint32Array> {
  const histograms = new Map<number, Uint32Array>();
  cut.groups.forEach((_, g) => {
    if (cut.quota[g]! < cut.before[g]!) histograms.set(g, new Uint32Array(RANKS));
  });
  for (let o = 0; o < rows; o++) {
    if (ledger.reason[o] !== KEPT) continue;
    const h = histograms.get(ledger.group[o]!);
    if (h) h[ledger.rank[o]!]!++;
  }
  return histograms;
}

/** Each over-full group's cut-off: the highest rank r with (rows above r) + (rows at r) ≥ quota. */
function findCutoffs(cut: BalanceCut, histograms: ReadonlyMap<number, Uint32Array>): void {
  for (const [g, h] of histograms) {
    const quota = cut.quota[g]!;
    if (quota === 0) {
      cut.rank[g] = RANKS;
      continue;
    }
    let above = 0;
    let r = RANKS - 1;
    for (; r >= 0; r--) {
      if (above + h[r]! >= quota) break;
      above += h[r]!;
    }
    cut.rank[g] = r;
    cut.tieTake[g] = quota - above;
  }
}

function applyCut(ledger: RowLedger, rows: number, cut: BalanceCut): void {
  const taken = new Float64Array(cut.groups.length);
  for (let o = 0; o < rows; o++) {
    if (ledger.reason[o] !== KEPT) continue;
    const g = ledger.group[o]!;
    const r = ledger.rank[o]!;
    let keep = r > cut.rank[g]!;
    if (!keep && r === cut.rank[g]! && taken[g]! < cut.tieTake[g]!) {
      taken[g]!++;
      keep = true;
    }
    if (keep) cut.after[g]!++;
    else ledger.reason[o] = cut.code;
  }
}

/** The filter_detail of a row balance removed: its group's quota and why the row fell below it. */
export function balanceDetail(cut: BalanceCut, group: number, rank: number): string {
  const head = `${cut.config.by} '${cut.groups[group]}': quota ${cut.quota[group]} of ${cut.before[group]} rows`;
  const cutoff = cut.rank[group]!;
  if (cutoff >= RANKS) return head;
  const key = cut.config.order === "quality" ? "quality" : "random key";
  const fmt = (r: number) => formatNumber(r / (RANKS - 1));
  return rank < cutoff ? `${head}; ${key} ${fmt(rank)} < cut-off ${fmt(cutoff)}` : `${head}; ${key} ${fmt(rank)} = cut-off, tie beyond the quota (earlier rows kept)`;
}
