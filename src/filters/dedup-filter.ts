import { setPath } from "./config-path.js";
import { int, num, objectAt } from "./config-values.js";
import type { DedupConfig, NearDedupConfig } from "./filter-config.js";
import { FilterConfigError } from "./filter-config-error.js";
import { EmbeddingDedupFilter } from "./embedding-dedup-filter.js";
import { ExactDedupFilter } from "./exact-dedup-filter.js";
import { MinHashDedupFilter } from "./minhash-dedup-filter.js";
import { filterFlag, type FilterEntry, type PipelineEntry } from "../core/filter-entry.js";

export interface DedupStep {
  kind: "dedup";
  dedup: DedupConfig;
}

/** Defaults of a near-dedup block (`near: true` or `near: { threshold: 0.9 }` fill the rest). */
export const NEAR_DEFAULTS: NearDedupConfig = { threshold: 0.8, method: "minhash", num_perm: 64, shingle_words: 3, column: "embedding" };

/**
 * `filters.dedup: { exact, near, keep }`: exact duplicates (dedup.exact), then near
 * duplicates by MinHash or embedding LSH (dedup.near), both recording in the duplicate ledger.
 */
export const dedupFilterEntry = {
  kind: "dedup",
  defaults: { exact: true, near: false, keep: "first" },
  example: { exact: true, near: { threshold: 0.85, method: "minhash", num_perm: 128, shingle_words: 5 }, keep: "quality" },
  parse(key, value): DedupStep {
    const o = objectAt(key, value, ["exact", "near", "keep"]);
    const exact = o.exact ?? true;
    if (typeof exact !== "boolean") throw new FilterConfigError(`${key}.exact`, exact, "true or false");
    const keep = o.keep ?? "first";
    if (keep !== "first" && keep !== "quality") throw new FilterConfigError(`${key}.keep`, keep, "first or quality");
    return { kind: "dedup", dedup: { exact, near: parseNear(`${key}.near`, o.near), keep } };
  },
  build(step, { schema, ledger, seed }) {
    const entries: PipelineEntry[] = [];
    const keepBest = step.dedup.keep === "quality";
    if (step.dedup.exact) entries.push({ filter: new ExactDedupFilter(ledger, keepBest) });
    const near = step.dedup.near;
    if (near?.method === "minhash") entries.push({ filter: new MinHashDedupFilter(near, ledger, keepBest) });
    else if (near?.method === "embedding") {
      if (!schema.fields.some((f) => f.name === near.column)) {
        throw new FilterConfigError("filters.dedup.near.column", near.column, "a vector column of the scored file (score with --keep-embeddings), or method: minhash");
      }
      entries.push({ filter: new EmbeddingDedupFilter(near, ledger, keepBest, seed) });
    }
    return entries;
  },
  flags: [
    filterFlag({ option: "dedupExact", value: "switch", help: "filters.dedup.exact: remove exact duplicates (normalised text)", negate: "keep exact duplicates", sets: "filters.dedup.exact" }),
    filterFlag({
      option: "dedupNear",
      value: "fraction-or-off",
      arg: "x|off",
      help: "filters.dedup.near.threshold: near-duplicate similarity, or off",
      set(raw, v) {
        if (v !== "off") setPath(raw, "filters.dedup.near.threshold", v);
      },
      switchOff(raw, v) {
        if (v === "off") setPath(raw, "filters.dedup.near", false);
      },
    }),
    filterFlag({ option: "dedupNearMethod", value: "text", choices: ["minhash", "embedding"], arg: "method", help: "filters.dedup.near.method", sets: "filters.dedup.near.method" }),
    filterFlag({ option: "dedupNumPerm", value: "positive-count", arg: "n", help: "filters.dedup.near.num_perm: MinHash permutations / hyperplane bits", sets: "filters.dedup.near.num_perm" }),
    filterFlag({ option: "dedupShingleWords", value: "positive-count", arg: "n", help: "filters.dedup.near.shingle_words", sets: "filters.dedup.near.shingle_words" }),
    filterFlag({ option: "dedupEmbeddingColumn", value: "text", arg: "name", help: "filters.dedup.near.column (method embedding)", sets: "filters.dedup.near.column" }),
    filterFlag({ option: "dedupKeep", value: "text", choices: ["first", "quality"], arg: "which", help: "filters.dedup.keep: row kept of a duplicate group", sets: "filters.dedup.keep" }),
  ],
} satisfies FilterEntry<DedupStep>;

function parseNear(key: string, value: unknown): NearDedupConfig | null {
  if (value === undefined || value === false || value === null) return null;
  const o = objectAt(key, value === true ? {} : value, ["threshold", "method", "num_perm", "shingle_words", "column"]);
  const method = o.method ?? NEAR_DEFAULTS.method;
  if (method !== "minhash" && method !== "embedding") throw new FilterConfigError(`${key}.method`, method, "minhash or embedding");
  const column = o.column ?? NEAR_DEFAULTS.column;
  if (typeof column !== "string" || !column) throw new FilterConfigError(`${key}.column`, column, "the name of a vector column");
  return {
    threshold: num(`${key}.threshold`, o.threshold ?? NEAR_DEFAULTS.threshold, 0.05, 1, { minExclusive: false }),
    method,
    num_perm: int(`${key}.num_perm`, o.num_perm ?? NEAR_DEFAULTS.num_perm, 4, 512),
    shingle_words: int(`${key}.shingle_words`, o.shingle_words ?? NEAR_DEFAULTS.shingle_words, 1, 32),
    column,
  };
}
