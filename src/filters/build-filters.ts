import type { Schema } from "apache-arrow";
import type { FilterConfig } from "./filter-config.js";
import { FilterConfigError } from "./filter-config-error.js";
import { filterEntry, FILTER_KINDS } from "./filter-registry.js";
import { isNumericType } from "./numeric-column.js";
import type { FilterBuildContext, FilterEntry, PipelineEntry } from "../core/filter-entry.js";
import type { DuplicateLedger, RowFilter } from "../core/row-filter.js";

export type { PipelineEntry } from "../core/filter-entry.js";

/** A ledger for filters built only to check columns or explain removals: their dedup steps decide nothing. */
export const NO_DECISIONS: DuplicateLedger = { qualityOf: () => 0, markDuplicate: () => {}, demote: () => {} };

/**
 * The filters of a config, in order, checked against the scored file's columns, then the
 * user's filters. A named filter whose score column is absent (that scorer was off) is
 * skipped with a warning; a generic threshold on a missing or non-numeric column is a
 * config error, and so is a user filter whose name is taken or whose columns are missing.
 */
export function buildFilters(config: FilterConfig, schema: Schema, ledger: DuplicateLedger, userFilters: ReadonlyArray<RowFilter> = []): PipelineEntry[] {
  const fields = new Map(schema.fields.map((f) => [f.name, f]));
  const context: FilterBuildContext = {
    schema,
    ledger,
    seed: config.seed,
    scoreColumnsOf(filter) {
      const missing = filter.columns.filter((c) => !fields.has(c));
      if (missing.length) return { skipped: filter.name, missing, reason: `the scored file has no ${missing.map((c) => `'${c}'`).join(", ")} column (was that scorer off?)` };
      for (const c of filter.columns) {
        if (!isNumericType(fields.get(c)!.type)) throw new FilterConfigError(`filters.${filter.name}`, c, `a numeric column; '${c}' is ${String(fields.get(c)!.type)}`);
      }
      return { filter };
    },
  };
  const entries: PipelineEntry[] = [];
  for (const step of config.filters) {
    const entry = filterEntry(step.kind) as FilterEntry;
    entries.push(...entry.build(step, context));
  }
  const taken = new Set(entries.map((e) => ("filter" in e ? e.filter.name : e.skipped)));
  userFilters.forEach((filter, i) => {
    const key = `filters[${i}]`;
    if (typeof filter.name !== "string" || !filter.name || reservedName(filter.name) || taken.has(filter.name)) {
      throw new FilterConfigError(`${key}.name`, filter.name, `a name no other filter has (not ${[...FILTER_KINDS, "balance"].join(", ")}, dedup.*, threshold:*, nor another filter's)`);
    }
    const missing = filter.columns.filter((c) => !fields.has(c));
    if (missing.length) throw new FilterConfigError(`${key}.columns`, missing, `columns of the scored file (${[...fields.keys()].join(", ")})`);
    taken.add(filter.name);
    entries.push({ filter });
  });
  if (entries.filter((e) => "filter" in e).length > 250) throw new FilterConfigError("filters", "(too many)", "at most 250 filters");
  return entries;
}

/** Names of built-in filters and of balance, which a user filter may not take (filter_reason must say who removed a row). */
function reservedName(name: string): boolean {
  return FILTER_KINDS.includes(name) || name === "balance" || name.startsWith("dedup.") || name.startsWith("threshold:");
}
