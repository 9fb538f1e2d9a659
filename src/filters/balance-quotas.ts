import type { BalanceConfig } from "./filter-config.js";
import { FilterConfigError } from "./filter-config-error.js";

/**
 * How many rows each value of the balance column may keep, from the counts of rows that
 * reached balance (first pass).
 *  - max_per_domain N: min(count, N).
 *  - max_share s: the largest cap C with C ≤ s · Σ min(count_d, C), found by bisection
 *    (s·Σmin(count, C) − C is concave and 0 at C = 0, so the feasible caps are [0, C*]);
 *    every value keeps min(count, C*), so the largest holds at most s of what is kept.
 *    Combined with max_per_domain, counts are capped first.
 *  - target {d: share}: the largest total T such that every listed value can fill
 *    share·T; values not listed share (1 − Σ shares)·T in proportion to their counts.
 */
export function balanceQuotas(counts: ReadonlyMap<string, number>, config: BalanceConfig): Map<string, number> {
  const quotas = new Map<string, number>();
  if (config.target) return targetQuotas(counts, config.target);
  const capped = new Map<string, number>();
  for (const [d, c] of counts) capped.set(d, config.max_per_domain !== undefined ? Math.min(c, config.max_per_domain) : c);
  if (config.max_share === undefined) return capped;
  const s = config.max_share;
  const values = [...capped.values()];
  const present = values.filter((c) => c > 0).length;
  if (present && s * present < 1) {
    throw new FilterConfigError(
      "balance.max_share",
      s,
      `a share ≥ 1/${present} = ${+(1 / present).toFixed(6)}: the data has only ${present} values of '${config.by}', so no value can hold less than 1/${present} of the rows; raise max_share or use max_per_domain`,
    );
  }
  const keptAt = (cap: number) => values.reduce((a, c) => a + Math.min(c, cap), 0);
  const maxCount = Math.max(0, ...values);
  let cap: number;
  if (maxCount <= s * keptAt(maxCount)) cap = maxCount;
  else {
    let lo = 0;
    let hi = maxCount;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (mid <= s * keptAt(mid)) lo = mid;
      else hi = mid;
    }
    cap = lo;
  }
  for (const [d, c] of capped) quotas.set(d, Math.min(c, cap));
  return quotas;
}

function targetQuotas(counts: ReadonlyMap<string, number>, target: Record<string, number>): Map<string, number> {
  const listedShare = Object.values(target).reduce((a, b) => a + b, 0);
  const rest = Math.max(0, 1 - listedShare);
  let unlistedCount = 0;
  for (const [d, c] of counts) if (!(d in target)) unlistedCount += c;
  // The largest total every share can fill.
  let total = Infinity;
  for (const [d, share] of Object.entries(target)) if (share > 0) total = Math.min(total, (counts.get(d) ?? 0) / share);
  if (rest > 1e-12 && unlistedCount > 0) total = Math.min(total, unlistedCount / rest);
  if (!Number.isFinite(total)) total = 0;
  const quotas = new Map<string, number>();
  for (const [d, c] of counts) {
    const q = d in target ? Math.floor(target[d]! * total + 1e-9) : unlistedCount ? Math.floor((rest * total * c) / unlistedCount + 1e-9) : 0;
    quotas.set(d, Math.min(c, q));
  }
  return quotas;
}
