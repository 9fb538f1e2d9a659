import type { Schema } from "apache-arrow";
import { ComplexityFilter } from "./complexity-filter.js";
import { EmbeddingDedupFilter } from "./embedding-dedup-filter.js";
import { ExactDedupFilter } from "./exact-dedup-filter.js";
import type { FilterConfig } from "./filter-config.js";
import { FilterConfigError } from "./filter-config-error.js";
import { LengthFilter } from "./length-filter.js";
import { MinHashDedupFilter } from "./minhash-dedup-filter.js";
import { isNumericType } from "./numeric-column.js";
import { ReadabilityFilter } from "./readability-filter.js";
import type { DuplicateLedger, RowFilter } from "../core/row-filter.js";
import { ThresholdFilter } from "./threshold-filter.js";
import { ToxicityFilter } from "./toxicity-filter.js";
import { TurnsFilter } from "./turns-filter.js";

/** A step of the pipeline: a filter that runs, or a named shortcut skipped for want of its columns. */
export type PipelineEntry = { filter: RowFilter } | { skipped: string; reason: string };

/**
 * The filters of a config, in order, checked against the scored file's columns. A named
 * shortcut whose score column is absent (that scorer was off) is skipped with a warning;
 * a generic threshold on a missing or non-numeric column is a config error.
 */
export function buildFilters(config: FilterConfig, schema: Schema, ledger: DuplicateLedger): PipelineEntry[] {
  const fields = new Map(schema.fields.map((f) => [f.name, f]));
  const numeric = schema.fields.filter((f) => isNumericType(f.type)).map((f) => f.name);
  const entries: PipelineEntry[] = [];
  const named = (filter: RowFilter): PipelineEntry => {
    const missing = filter.columns.filter((c) => !fields.has(c));
    if (missing.length) return { skipped: filter.name, reason: `the scored file has no ${missing.map((c) => `'${c}'`).join(", ")} column (was that scorer off?)` };
    for (const c of filter.columns) {
      if (!isNumericType(fields.get(c)!.type)) throw new FilterConfigError(`filters.${filter.name}`, c, `a numeric column; '${c}' is ${String(fields.get(c)!.type)}`);
    }
    return { filter };
  };
  for (const step of config.filters) {
    switch (step.kind) {
      case "toxicity":
        entries.push(named(new ToxicityFilter(step.max)));
        break;
      case "length":
        entries.push(named(new LengthFilter(step.instruction, step.response)));
        break;
      case "readability":
        entries.push(named(new ReadabilityFilter(step.field, step.min, step.max)));
        break;
      case "complexity":
        entries.push(named(new ComplexityFilter(step.min, step.max)));
        break;
      case "turns":
        entries.push(named(new TurnsFilter(step.min, step.max)));
        break;
      case "thresholds":
        step.rules.forEach((r, i) => {
          if (!fields.has(r.column) || !isNumericType(fields.get(r.column)!.type)) {
            throw new FilterConfigError(`filters.thresholds[${i}].column`, r.column, `a numeric column of the scored file (${numeric.join(", ") || "none"})`);
          }
          entries.push({ filter: new ThresholdFilter(r.column, r.min, r.max) });
        });
        break;
      case "dedup": {
        const keepBest = step.dedup.keep === "quality";
        if (step.dedup.exact) entries.push({ filter: new ExactDedupFilter(ledger, keepBest) });
        const near = step.dedup.near;
        if (near?.method === "minhash") entries.push({ filter: new MinHashDedupFilter(near, ledger, keepBest) });
        else if (near?.method === "embedding") {
          if (!fields.has(near.column)) {
            throw new FilterConfigError("filters.dedup.near.column", near.column, "a vector column of the scored file (score with --keep-embeddings), or method: minhash");
          }
          entries.push({ filter: new EmbeddingDedupFilter(near, ledger, keepBest, config.seed) });
        }
        break;
      }
    }
  }
  if (entries.filter((e) => "filter" in e).length > 250) throw new FilterConfigError("filters", "(too many)", "at most 250 filters");
  return entries;
}
