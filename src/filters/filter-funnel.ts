import type { FilterStats } from "./filter-stats.js";
import { formatNumber } from "./number-format.js";

/** Examples kept per step. */
export const EXAMPLES_PER_STEP = 5;

/** A step that removes more than this share of the rows in gets a warning naming its option. */
export const LARGE_REMOVAL_SHARE = 0.25;

/** One removed row shown as an example: its id and why (the value and the bound). */
export interface RemovalExample {
  id: string;
  detail: string;
}

/**
 * The first EXAMPLES_PER_STEP removed rows of each step (filter_reason), in file order: the
 * rows shown under each step of the funnel. Deterministic: the same input and config give
 * the same examples.
 */
export class RemovalExamples {
  private readonly byStep = new Map<string, RemovalExample[]>();

  /** Whether another example of `step` is wanted (so a caller can skip working out its detail). */
  wants(step: string): boolean {
    return (this.byStep.get(step)?.length ?? 0) < EXAMPLES_PER_STEP;
  }

  add(step: string, id: string, detail: string): void {
    let list = this.byStep.get(step);
    if (!list) this.byStep.set(step, (list = []));
    if (list.length < EXAMPLES_PER_STEP) list.push({ id, detail });
  }

  of(step: string): readonly RemovalExample[] {
    return this.byStep.get(step) ?? [];
  }
}

/** One step of the funnel. */
export interface FunnelStep {
  name: string;
  /** Rows it removed (0 when skipped). */
  removed: number;
  /** removed / rows in. */
  share: number;
  /** Rows left after it. */
  left: number;
  skipped?: string;
  examples: readonly RemovalExample[];
}

/** The funnel of a filter run: every step in order with what it removed and what was left. */
export interface FilterFunnel {
  rowsIn: number;
  kept: number;
  steps: FunnelStep[];
}

/** The funnel from the stats (and examples, when there are some). */
export function filterFunnel(stats: Pick<FilterStats, "rows_in" | "rows_kept" | "filters">, examples?: RemovalExamples): FilterFunnel {
  let left = stats.rows_in;
  const steps = stats.filters.map((f) => {
    left -= f.removed;
    return {
      name: f.name,
      removed: f.removed,
      share: stats.rows_in ? f.removed / stats.rows_in : 0,
      left,
      ...(f.skipped ? { skipped: f.skipped } : {}),
      examples: examples?.of(f.name) ?? [],
    };
  });
  return { rowsIn: stats.rows_in, kept: stats.rows_kept, steps };
}

/** The config key (and flag) that controls a step, for messages: `filters.toxicity (--skip-filter toxicity)`. */
export function stepControl(name: string): string {
  if (name === "balance") return "balance (--no-balance, --balance-max-share, --balance-max-times-median)";
  if (name.startsWith("threshold:")) return `filters.thresholds (--threshold)`;
  const kind = name.split(".")[0]!;
  return `filters.${kind} (--skip-filter ${kind})`;
}

/**
 * Warnings for the steps that removed more than LARGE_REMOVAL_SHARE of the rows in, each
 * naming the option that controls it.
 */
export function largeRemovalWarnings(stats: Pick<FilterStats, "rows_in" | "filters">): string[] {
  if (!stats.rows_in) return [];
  return stats.filters
    .filter((f) => f.removed / stats.rows_in > LARGE_REMOVAL_SHARE)
    .map(
      (f) =>
        `${f.name} removed ${f.removed} of ${stats.rows_in} rows (${percent(f.removed / stats.rows_in)}), more than ${percent(LARGE_REMOVAL_SHARE)}; check its examples and set ${stepControl(f.name)} if that is not what you want`,
    );
}

/** The funnel as text lines: per step the rows removed, the share of the rows in, what is left, and the examples. */
export function formatFunnel(funnel: FilterFunnel): string[] {
  const n = (x: number) => x.toLocaleString("en-US");
  const width = Math.max(8, ...funnel.steps.map((s) => s.name.length));
  const lines = [`funnel: ${n(funnel.rowsIn)} rows in`];
  for (const s of funnel.steps) {
    if (s.skipped) {
      lines.push(`  ${s.name.padEnd(width)}  skipped: ${s.skipped}`);
      continue;
    }
    lines.push(`  ${s.name.padEnd(width)}  removes ${n(s.removed).padStart(7)}  ${percent(s.share).padStart(6)}  → ${n(s.left)} left`);
    for (const e of s.examples) lines.push(`      ${e.id}: ${e.detail}`);
  }
  lines.push(`  ${"kept".padEnd(width)}  ${n(funnel.kept)} of ${n(funnel.rowsIn)} (${percent(funnel.rowsIn ? funnel.kept / funnel.rowsIn : 0)})`);
  return lines;
}

/** 0.1234 → "12.3%". */
export function percent(share: number): string {
  return `${formatNumber(Math.round(share * 1000) / 10)}%`;
}
