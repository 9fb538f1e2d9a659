import { readFile } from "node:fs/promises";
import YAML from "yaml";
import { FilterConfigError } from "./filter-config-error.js";

/** A numeric bound pair; both ends inclusive: a row is kept when min ≤ value ≤ max. */
export interface Bounds {
  min?: number;
  max?: number;
}

/** Length bounds of one field, in characters and in words (all inclusive). */
export interface LengthBounds {
  min_chars?: number;
  max_chars?: number;
  min_words?: number;
  max_words?: number;
}

export interface NearDedupConfig {
  /** Similarity at or above which two rows are duplicates (MinHash: Jaccard; embedding: cosine). */
  threshold: number;
  /** `minhash` over word shingles (default) or `embedding` (cosine via random-hyperplane LSH on a vector column). */
  method: "minhash" | "embedding";
  /** MinHash permutations (signature length). */
  num_perm: number;
  /** Words per shingle. */
  shingle_words: number;
  /** Vector column for method `embedding`. */
  column: string;
}

export interface DedupConfig {
  exact: boolean;
  near: NearDedupConfig | null;
  /** Which row of a duplicate group stays: the first seen, or the best by quality (ties: first seen). */
  keep: "first" | "quality";
}

/** One filter step, in pipeline order. */
export type FilterStep =
  | { kind: "toxicity"; max: number }
  | { kind: "length"; instruction: LengthBounds; response: LengthBounds }
  | { kind: "readability"; field: "response" | "instruction"; min?: number; max?: number }
  | { kind: "complexity"; min?: number; max?: number }
  | { kind: "turns"; min?: number; max?: number }
  | { kind: "thresholds"; rules: Array<{ column: string; min?: number; max?: number }> }
  | { kind: "dedup"; dedup: DedupConfig };

export interface BalanceConfig {
  /** Column whose values are balanced (default `domain`). */
  by: string;
  /** No value may hold more than this share of the kept rows. */
  max_share?: number;
  /** No value may keep more than this many rows. */
  max_per_domain?: number;
  /** Shares per value (sum ≤ 1); values not listed share the rest in proportion to their counts. */
  target?: Record<string, number>;
  /** Which rows an over-full value keeps: the best by quality, or a seeded random sample. */
  order: "quality" | "random";
}

/** Weights and targets of the composite quality score (see quality-score.ts). */
export interface QualityConfig {
  toxicity_weight: number;
  readability_weight: number;
  length_weight: number;
  /** Flesch range that counts as fully readable. */
  readability_min: number;
  readability_max: number;
  /** Response length (characters) at which the length term reaches 1. */
  length_target_chars: number;
}

/** The validated filter config. */
export interface FilterConfig {
  filters: FilterStep[];
  balance: BalanceConfig | null;
  quality: QualityConfig;
  seed: number;
}

/**
 * The defaults, as the YAML a user would write: the card's process — toxicity above 0.3
 * removed, minimum lengths, a readability range, exact dedup, domain balance.
 */
export function defaultFilterConfigObject(): Record<string, unknown> {
  return {
    filters: {
      toxicity: { max: 0.3 },
      length: { instruction: { min_chars: 10 }, response: { min_chars: 20, max_chars: 20000 } },
      readability: { field: "response", min: 0, max: 121.22 },
      dedup: { exact: true, near: false, keep: "first" },
    },
    balance: { by: "domain", max_share: 0.1, order: "quality" },
    quality: {
      toxicity_weight: 0.5,
      readability_weight: 0.25,
      length_weight: 0.25,
      readability_min: 30,
      readability_max: 80,
      length_target_chars: 1000,
    },
    seed: 42,
  };
}

/** Defaults of a near-dedup block (`near: true` or `near: { threshold: 0.9 }` fill the rest). */
export const NEAR_DEFAULTS: NearDedupConfig = { threshold: 0.8, method: "minhash", num_perm: 64, shingle_words: 3, column: "embedding" };

/** The default config as YAML text (what `sieve filter --print-config` prints). */
export function defaultFilterConfigYaml(): string {
  return (
    "# sieve filter config. Bounds are inclusive: a row is kept when min <= value <= max.\n" +
    "# Filters run in the order listed; a row removed by one is not seen by the next.\n" +
    "# Optional filters: complexity: {min, max}, turns: {min, max},\n" +
    "#   thresholds: [{column: domain_score, min: 0.2}], dedup.near: {threshold: 0.8}.\n" +
    YAML.stringify(defaultFilterConfigObject())
  );
}

/** Read a YAML or JSON config file (JSON is YAML). */
export async function loadFilterConfigFile(path: string): Promise<Record<string, unknown>> {
  const text = await readFile(path, "utf8");
  let parsed: unknown;
  try {
    parsed = YAML.parse(text);
  } catch (e) {
    throw new FilterConfigError(path, "(unparsable)", `YAML or JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isObject(parsed)) throw new FilterConfigError(path, parsed, "a mapping with keys filters, balance, quality, seed");
  return parsed;
}

/**
 * Merge a user config over the defaults and validate it. A `filters` map given by the user
 * replaces the default list (what is listed runs, in the order listed; `name: false`
 * turns a listed filter off); a `balance` block replaces the default one (`balance: false`
 * turns balance off); `quality` keys and `seed` override one by one.
 */
export function resolveFilterConfig(user: Record<string, unknown> = {}): FilterConfig {
  return validateFilterConfig(mergeFilterConfig(defaultFilterConfigObject(), user));
}

/** The raw merge used by resolveFilterConfig (before validation). */
export function mergeFilterConfig(base: Record<string, unknown>, user: Record<string, unknown>): Record<string, unknown> {
  checkKeys("config", user, ["filters", "balance", "quality", "seed"]);
  const out: Record<string, unknown> = structuredClone(base);
  if (user.filters !== undefined) out.filters = structuredClone(user.filters);
  if (user.balance !== undefined) out.balance = structuredClone(user.balance);
  if (user.quality !== undefined) {
    if (!isObject(user.quality)) throw new FilterConfigError("quality", user.quality, "a mapping of quality weights");
    out.quality = { ...(out.quality as object), ...user.quality };
  }
  if (user.seed !== undefined) out.seed = user.seed;
  return out;
}

const FILTER_KINDS = ["toxicity", "length", "readability", "complexity", "turns", "thresholds", "dedup"] as const;

/** Validate a full raw config (defaults already merged) into a FilterConfig. */
export function validateFilterConfig(raw: Record<string, unknown>): FilterConfig {
  checkKeys("config", raw, ["filters", "balance", "quality", "seed"]);
  const filtersRaw = raw.filters ?? {};
  if (!isObject(filtersRaw)) throw new FilterConfigError("filters", filtersRaw, `a mapping of filters (${FILTER_KINDS.join(", ")})`);
  const filters: FilterStep[] = [];
  for (const [name, value] of Object.entries(filtersRaw)) {
    const key = `filters.${name}`;
    if (!(FILTER_KINDS as readonly string[]).includes(name)) throw new FilterConfigError(key, value, `one of the filters ${FILTER_KINDS.join(", ")}`);
    if (value === false || value === null) continue;
    const step = parseStep(name as (typeof FILTER_KINDS)[number], key, value === true ? {} : value);
    filters.push(step);
  }
  const seed = raw.seed ?? 42;
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new FilterConfigError("seed", seed, "a whole number from 0 to 4294967295");
  }
  return { filters, balance: parseBalance(raw.balance), quality: parseQuality(raw.quality), seed };
}

function parseStep(name: (typeof FILTER_KINDS)[number], key: string, value: unknown): FilterStep {
  switch (name) {
    case "toxicity": {
      const o = objectAt(key, value, ["max"]);
      return { kind: "toxicity", max: num(`${key}.max`, o.max ?? 0.3, 0, 1) };
    }
    case "length": {
      const o = objectAt(key, value, ["instruction", "response"]);
      return { kind: "length", instruction: lengthBounds(`${key}.instruction`, o.instruction), response: lengthBounds(`${key}.response`, o.response) };
    }
    case "readability": {
      const o = objectAt(key, value, ["field", "min", "max"]);
      const field = o.field ?? "response";
      if (field !== "response" && field !== "instruction") throw new FilterConfigError(`${key}.field`, field, "response or instruction");
      return { kind: "readability", field, ...bounds(key, o, -1000, 1000) };
    }
    case "complexity": {
      const o = objectAt(key, value, ["min", "max"]);
      return { kind: "complexity", ...bounds(key, o, -100, 100) };
    }
    case "turns": {
      const o = objectAt(key, value, ["min", "max"]);
      return { kind: "turns", ...bounds(key, o, 0, 1e9) };
    }
    case "thresholds": {
      if (!Array.isArray(value)) throw new FilterConfigError(key, value, "a list of { column, min, max }");
      const rules = value.map((r, i) => {
        const k = `${key}[${i}]`;
        const o = objectAt(k, r, ["column", "min", "max"]);
        if (typeof o.column !== "string" || !o.column) throw new FilterConfigError(`${k}.column`, o.column, "the name of a numeric column");
        const b = bounds(k, o, -Number.MAX_VALUE, Number.MAX_VALUE);
        if (b.min === undefined && b.max === undefined) throw new FilterConfigError(k, r, "at least one of min, max");
        return { column: o.column, ...b };
      });
      return { kind: "thresholds", rules };
    }
    case "dedup": {
      const o = objectAt(key, value, ["exact", "near", "keep"]);
      const exact = o.exact ?? true;
      if (typeof exact !== "boolean") throw new FilterConfigError(`${key}.exact`, exact, "true or false");
      const keep = o.keep ?? "first";
      if (keep !== "first" && keep !== "quality") throw new FilterConfigError(`${key}.keep`, keep, "first or quality");
      return { kind: "dedup", dedup: { exact, near: parseNear(`${key}.near`, o.near), keep } };
    }
  }
}

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

function parseBalance(value: unknown): BalanceConfig | null {
  if (value === undefined || value === false || value === null) return null;
  const key = "balance";
  const o = objectAt(key, value === true ? {} : value, ["by", "max_share", "max_per_domain", "target", "order"]);
  const by = o.by ?? "domain";
  if (typeof by !== "string" || !by) throw new FilterConfigError(`${key}.by`, by, "a column name");
  const order = o.order ?? "quality";
  if (order !== "quality" && order !== "random") throw new FilterConfigError(`${key}.order`, order, "quality or random");
  const out: BalanceConfig = { by, order };
  if (o.max_share !== undefined && o.max_share !== null) out.max_share = num(`${key}.max_share`, o.max_share, 0, 1, { minExclusive: true });
  if (o.max_per_domain !== undefined && o.max_per_domain !== null) out.max_per_domain = int(`${key}.max_per_domain`, o.max_per_domain, 1, Number.MAX_SAFE_INTEGER);
  if (o.target !== undefined && o.target !== null) {
    if (!isObject(o.target) || !Object.keys(o.target).length) throw new FilterConfigError(`${key}.target`, o.target, "a mapping { value: share } with shares from 0 to 1");
    const target: Record<string, number> = {};
    let sum = 0;
    for (const [d, s] of Object.entries(o.target)) {
      target[d] = num(`${key}.target.${d}`, s, 0, 1);
      sum += target[d]!;
    }
    if (sum > 1 + 1e-9) throw new FilterConfigError(`${key}.target`, o.target, `shares summing to at most 1 (these sum to ${+sum.toFixed(6)})`);
    if (out.max_share !== undefined || out.max_per_domain !== undefined) {
      throw new FilterConfigError(`${key}.target`, o.target, "either target, or max_share and/or max_per_domain, not both");
    }
    out.target = target;
  }
  if (out.max_share === undefined && out.max_per_domain === undefined && out.target === undefined) {
    throw new FilterConfigError(key, value, "one of max_share, max_per_domain or target (or balance: false)");
  }
  return out;
}

function parseQuality(value: unknown): QualityConfig {
  const o = objectAt("quality", value ?? {}, [
    "toxicity_weight",
    "readability_weight",
    "length_weight",
    "readability_min",
    "readability_max",
    "length_target_chars",
  ]);
  const q: QualityConfig = {
    toxicity_weight: num("quality.toxicity_weight", o.toxicity_weight ?? 0.5, 0, 1000),
    readability_weight: num("quality.readability_weight", o.readability_weight ?? 0.25, 0, 1000),
    length_weight: num("quality.length_weight", o.length_weight ?? 0.25, 0, 1000),
    readability_min: num("quality.readability_min", o.readability_min ?? 30, -1000, 1000),
    readability_max: num("quality.readability_max", o.readability_max ?? 80, -1000, 1000),
    length_target_chars: num("quality.length_target_chars", o.length_target_chars ?? 1000, 1, 1e9),
  };
  if (q.readability_min > q.readability_max) throw new FilterConfigError("quality.readability_min", q.readability_min, `a value ≤ quality.readability_max (${q.readability_max})`);
  if (q.toxicity_weight + q.readability_weight + q.length_weight <= 0) throw new FilterConfigError("quality", o, "weights with a positive sum");
  return q;
}

function lengthBounds(key: string, value: unknown): LengthBounds {
  const o = objectAt(key, value ?? {}, ["min_chars", "max_chars", "min_words", "max_words"]);
  const out: LengthBounds = {};
  for (const k of ["min_chars", "max_chars", "min_words", "max_words"] as const) {
    if (o[k] !== undefined && o[k] !== null) out[k] = int(`${key}.${k}`, o[k], 0, Number.MAX_SAFE_INTEGER);
  }
  if (out.min_chars !== undefined && out.max_chars !== undefined && out.min_chars > out.max_chars) throw new FilterConfigError(`${key}.min_chars`, out.min_chars, `a value ≤ ${key}.max_chars (${out.max_chars})`);
  if (out.min_words !== undefined && out.max_words !== undefined && out.min_words > out.max_words) throw new FilterConfigError(`${key}.min_words`, out.min_words, `a value ≤ ${key}.max_words (${out.max_words})`);
  return out;
}

function bounds(key: string, o: Record<string, unknown>, lo: number, hi: number): Bounds {
  const out: Bounds = {};
  if (o.min !== undefined && o.min !== null) out.min = num(`${key}.min`, o.min, lo, hi);
  if (o.max !== undefined && o.max !== null) out.max = num(`${key}.max`, o.max, lo, hi);
  if (out.min !== undefined && out.max !== undefined && out.min > out.max) throw new FilterConfigError(`${key}.min`, out.min, `a value ≤ ${key}.max (${out.max})`);
  return out;
}

function num(key: string, v: unknown, lo: number, hi: number, opts: { minExclusive?: boolean } = {}): number {
  const ok = typeof v === "number" && Number.isFinite(v) && (opts.minExclusive ? v > lo : v >= lo) && v <= hi;
  if (!ok) {
    const range = hi >= Number.MAX_VALUE ? "any finite number" : `a number from ${lo}${opts.minExclusive ? " (exclusive)" : ""} to ${hi}`;
    throw new FilterConfigError(key, v, range);
  }
  return v as number;
}

function int(key: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
    throw new FilterConfigError(key, v, hi >= Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${lo}` : `a whole number from ${lo} to ${hi}`);
  }
  return v;
}

function objectAt(key: string, value: unknown, allowed: string[]): Record<string, unknown> {
  if (!isObject(value)) throw new FilterConfigError(key, value, `a mapping with keys ${allowed.join(", ")}`);
  checkKeys(key, value, allowed);
  return value;
}

function checkKeys(key: string, o: Record<string, unknown>, allowed: string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new FilterConfigError(`${key === "config" ? "" : key + "."}${k}`, o[k], `a known key (${allowed.join(", ")})`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
