import { FilterConfigError } from "./filter-config-error.js";

/**
 * Flat overrides of single config keys: the library options and, one to one, the CLI
 * flags of `sieve filter` (option `minResponseChars` is flag `--min-response-chars`).
 * They apply after the config file; a flag for a filter the config does not list adds
 * that filter at the end of the list.
 */
export interface FilterOverrides {
  toxicityMax?: number;
  minInstructionChars?: number;
  maxInstructionChars?: number;
  minInstructionWords?: number;
  maxInstructionWords?: number;
  minResponseChars?: number;
  maxResponseChars?: number;
  minResponseWords?: number;
  maxResponseWords?: number;
  readabilityMin?: number;
  readabilityMax?: number;
  readabilityFilterField?: "response" | "instruction";
  complexityMin?: number;
  complexityMax?: number;
  turnsMin?: number;
  turnsMax?: number;
  /** Generic thresholds, `column:min:max` (either bound may be empty), added to `filters.thresholds`. */
  threshold?: string[];
  dedupExact?: boolean;
  /** Near-dedup threshold, or "off". */
  dedupNear?: number | "off";
  dedupNearMethod?: "minhash" | "embedding";
  dedupNumPerm?: number;
  dedupShingleWords?: number;
  dedupEmbeddingColumn?: string;
  dedupKeep?: "first" | "quality";
  /** false turns balance off. */
  balance?: boolean;
  balanceBy?: string;
  balanceMaxShare?: number;
  balanceMaxPerDomain?: number;
  /** `value=share,value=share`. */
  balanceTarget?: string;
  balanceOrder?: "quality" | "random";
  qualityToxicityWeight?: number;
  qualityReadabilityWeight?: number;
  qualityLengthWeight?: number;
  qualityReadabilityMin?: number;
  qualityReadabilityMax?: number;
  qualityLengthTargetChars?: number;
  seed?: number;
  /** Filters to turn off by name (toxicity, length, readability, complexity, turns, thresholds, dedup, balance). */
  skipFilter?: string[];
}

/** Where each scalar override goes in the config. */
export const OVERRIDE_PATHS: Record<string, string> = {
  toxicityMax: "filters.toxicity.max",
  minInstructionChars: "filters.length.instruction.min_chars",
  maxInstructionChars: "filters.length.instruction.max_chars",
  minInstructionWords: "filters.length.instruction.min_words",
  maxInstructionWords: "filters.length.instruction.max_words",
  minResponseChars: "filters.length.response.min_chars",
  maxResponseChars: "filters.length.response.max_chars",
  minResponseWords: "filters.length.response.min_words",
  maxResponseWords: "filters.length.response.max_words",
  readabilityMin: "filters.readability.min",
  readabilityMax: "filters.readability.max",
  readabilityFilterField: "filters.readability.field",
  complexityMin: "filters.complexity.min",
  complexityMax: "filters.complexity.max",
  turnsMin: "filters.turns.min",
  turnsMax: "filters.turns.max",
  dedupExact: "filters.dedup.exact",
  dedupNearMethod: "filters.dedup.near.method",
  dedupNumPerm: "filters.dedup.near.num_perm",
  dedupShingleWords: "filters.dedup.near.shingle_words",
  dedupEmbeddingColumn: "filters.dedup.near.column",
  dedupKeep: "filters.dedup.keep",
  balanceBy: "balance.by",
  balanceMaxShare: "balance.max_share",
  balanceMaxPerDomain: "balance.max_per_domain",
  balanceOrder: "balance.order",
  qualityToxicityWeight: "quality.toxicity_weight",
  qualityReadabilityWeight: "quality.readability_weight",
  qualityLengthWeight: "quality.length_weight",
  qualityReadabilityMin: "quality.readability_min",
  qualityReadabilityMax: "quality.readability_max",
  qualityLengthTargetChars: "quality.length_target_chars",
  seed: "seed",
};

/** Apply flat overrides to a raw (merged, not yet validated) config object, in place. */
export function applyFilterOverrides(raw: Record<string, unknown>, o: FilterOverrides): Record<string, unknown> {
  for (const [option, path] of Object.entries(OVERRIDE_PATHS)) {
    const v = (o as Record<string, unknown>)[option];
    if (v === undefined) continue;
    if (path.startsWith("filters.dedup.near.") && !isObject(getPath(raw, "filters.dedup.near"))) setPath(raw, "filters.dedup.near", {});
    setPath(raw, path, v);
  }
  if (o.dedupNear !== undefined) {
    if (o.dedupNear === "off") setPath(raw, "filters.dedup.near", false);
    else {
      if (!isObject(getPath(raw, "filters.dedup.near"))) setPath(raw, "filters.dedup.near", {});
      setPath(raw, "filters.dedup.near.threshold", o.dedupNear);
    }
  }
  if (o.threshold?.length) {
    const list = Array.isArray(getPath(raw, "filters.thresholds")) ? (getPath(raw, "filters.thresholds") as unknown[]) : [];
    for (const spec of o.threshold) list.push(parseThresholdSpec(spec));
    setPath(raw, "filters.thresholds", list);
  }
  if (o.balanceTarget !== undefined) {
    const b = isObject(raw.balance) ? raw.balance : {};
    delete b.max_share;
    delete b.max_per_domain;
    b.target = parseTargetSpec(o.balanceTarget);
    raw.balance = b;
  }
  if (o.balance === false) raw.balance = false;
  for (const name of o.skipFilter ?? []) {
    if (name === "balance") raw.balance = false;
    else if (isObject(raw.filters) && name in raw.filters) raw.filters[name] = false;
    else if (!["toxicity", "length", "readability", "complexity", "turns", "thresholds", "dedup"].includes(name)) {
      throw new FilterConfigError("--skip-filter", name, "toxicity, length, readability, complexity, turns, thresholds, dedup or balance");
    }
  }
  return raw;
}

/** `column:min:max` → { column, min?, max? }. */
export function parseThresholdSpec(spec: string): Record<string, unknown> {
  const parts = spec.split(":");
  const bad = () => new FilterConfigError("--threshold", spec, "column:min:max with numbers, either bound may be empty (e.g. domain_score:0.2:)");
  if (parts.length !== 3 || !parts[0]) throw bad();
  const out: Record<string, unknown> = { column: parts[0] };
  for (const [i, k] of [[1, "min"], [2, "max"]] as const) {
    if (parts[i] === "") continue;
    const n = Number(parts[i]);
    if (!Number.isFinite(n)) throw bad();
    out[k] = n;
  }
  return out;
}

/** `a=0.2,b=0.1` → { a: 0.2, b: 0.1 }. */
export function parseTargetSpec(spec: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of spec.split(",")) {
    const at = part.lastIndexOf("=");
    const n = Number(part.slice(at + 1));
    if (at <= 0 || !Number.isFinite(n)) throw new FilterConfigError("--balance-target", spec, "value=share pairs separated by commas, e.g. coding=0.2,math=0.1");
    out[part.slice(0, at)] = n;
  }
  return out;
}

function getPath(o: Record<string, unknown>, path: string): unknown {
  let cur: unknown = o;
  for (const k of path.split(".")) {
    if (!isObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** Set a dotted path, creating (or replacing false/null with) mappings on the way. */
function setPath(o: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let cur = o;
  for (const k of keys.slice(0, -1)) {
    if (!isObject(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]!] = value;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
