import type { BalanceConfig } from "./filter-config.js";

/**
 * How many rows each value of the balance column may keep, from the counts of rows that
 * reached balance (first pass).
 *  - max_per_domain N: min(count, N).
 *  - max_times_median k: min(count, ⌊k · median⌋), the median taken over the values
 *    present (count > 0; for an even number, the mean of the middle two). It trims only the
 *    values that hold more than k times what a typical value holds. It applies only when the
 *    data has at least min_effective_values (default 4) effective values, 1 / Σ share²
 *    (the inverse Simpson index: n for n equal values, near 1 when one value holds almost
 *    everything): a code dataset that is 95% `coding` with a few strays elsewhere has about
 *    1.1 and is left alone, where a raw count of values would see a dozen and cut `coding`
 *    to a few times the strays' median. With max_removed_share r, the cap is raised to the
 *    smallest one that removes at most r of the rows (removals fall as the cap rises), so
 *    one skewed dataset is trimmed at its largest values, never gutted.
 *  - max_share s: the largest cap C with C ≤ s · Σ min(count_d, C), found by bisection
 *    (s·Σmin(count, C) − C is concave and 0 at C = 0, so the feasible caps are [0, C*]);
 *    every value keeps min(count, C*), so the largest holds at most s of what is kept.
 *    Combined with max_per_domain or max_times_median, counts are capped by those first.
 *    When fewer values are present than 1/s, no cut can bring the largest to s; the share
 *    used is then 1/present (every value capped at the same count, the most even split the
 *    data allows) and a note says so, rather than failing after scoring.
 *  - target {d: share}: the largest total T such that every listed value can fill
 *    share·T; values not listed share (1 − Σ shares)·T in proportion to their counts.
 */
export function balanceQuotas(counts: ReadonlyMap<string, number>, config: BalanceConfig, notes: string[] = []): Map<string, number> {
  const quotas = new Map<string, number>();
  if (config.target) return targetQuotas(counts, config.target);
  const medianCap = config.max_times_median !== undefined ? medianQuota(counts, config, notes) : Infinity;
  const capped = new Map<string, number>();
  for (const [d, c] of counts) capped.set(d, Math.min(c, config.max_per_domain ?? Infinity, medianCap));
  if (config.max_share === undefined) return capped;
  const values = [...capped.values()];
  const present = values.filter((c) => c > 0).length;
  let s = config.max_share;
  if (present && s * present < 1) {
    notes.push(
      `balance.max_share ${s} cannot be met: the data has only ${present} value${present === 1 ? "" : "s"} of '${config.by}', so the largest holds at least 1/${present} of the rows; used max_share 1/${present} = ${+(1 / present).toFixed(6)} (every value capped at the same count)`,
    );
    s = 1 / present;
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

/** The cap of max_times_median (Infinity when it does not apply), see balanceQuotas. */
function medianQuota(counts: ReadonlyMap<string, number>, config: BalanceConfig, notes: string[]): number {
  const present = [...counts.values()].filter((c) => c > 0).sort((a, b) => a - b);
  const total = present.reduce((a, c) => a + c, 0);
  if (!total) return Infinity;
  const effective = (total * total) / present.reduce((a, c) => a + c * c, 0);
  const needed = config.min_effective_values ?? 4;
  if (effective < needed) {
    notes.push(
      `balance left '${config.by}' as it is: ${+effective.toFixed(2)} effective values (1/Σ share² over ${present.length} present) < balance.min_effective_values ${needed}`,
    );
    return Infinity;
  }
  const mid = present.length >> 1;
  const median = present.length % 2 ? present[mid]! : (present[mid - 1]! + present[mid]!) / 2;
  const cap = Math.floor(config.max_times_median! * median);
  const limit = config.max_removed_share;
  const removedAt = (c: number) => present.reduce((a, n) => a + Math.max(0, n - c), 0);
  if (limit === undefined || removedAt(cap) <= limit * total) return cap;
  let lo = cap; // removes too many
  let hi = present[present.length - 1]!; // removes nothing
  while (hi - lo > 1) {
    const c = Math.floor((lo + hi) / 2);
    if (removedAt(c) <= limit * total) hi = c;
    else lo = c;
  }
  notes.push(
    `balance cap raised from ${cap} (${config.max_times_median} × median ${median}) to ${hi} rows per value, so that balance removes at most balance.max_removed_share ${limit} of the ${total} rows`,
  );
  return hi;
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
