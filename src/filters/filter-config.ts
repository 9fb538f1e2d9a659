import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { assetPath } from "../base/assets.js";
import YAML from "yaml";
import { checkKeys, int, isObject, num, objectAt } from "./config-values.js";
import { FilterConfigError } from "./filter-config-error.js";
import { filterEntry, FILTER_KINDS, type FILTERS } from "./filter-registry.js";

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

/** One filter step, in pipeline order: what a registry entry's `parse` returns. */
export type FilterStep = ReturnType<(typeof FILTERS)[number]["parse"]>;

export interface BalanceConfig {
  /** Column whose values are balanced (default `domain`). */
  by: string;
  /** No value may hold more than this share of the kept rows. */
  max_share?: number;
  /** No value may keep more than this many rows. */
  max_per_domain?: number;
  /**
   * No value may keep more than this multiple of the median count of the values present
   * (see balance-quotas.ts): trims only the values over-represented relative to the others.
   */
  max_times_median?: number;
  /**
   * With max_times_median: trim only when the data has at least this many effective values
   * (inverse Simpson index, 1 / Σ share²), so single-domain and few-domain data is left alone.
   */
  min_effective_values?: number;
  /**
   * With max_times_median: balance removes at most this share of the rows that reach it
   * (the cap is raised until it does), so a skewed dataset is trimmed, never gutted.
   */
  max_removed_share?: number;
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

/** The preset a run uses when none is named. */
export const DEFAULT_PRESET = "default";

/** The keys a config may have at its top level (`preset` names the preset it builds on). */
const CONFIG_KEYS = ["preset", "filters", "balance", "quality", "seed"];

/**
 * The presets shipped in data/presets/, by name (the file name without `.yaml`), sorted:
 * `default` (the adaptive policy, docs/filters.md "Default policy"), `card` (the card's
 * process exactly), `none` (no filters, no balance: a base for configs that list every step).
 */
export function presetNames(): string[] {
  return readdirSync(assetPath("presets"))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

/** A preset's config object, as its YAML file holds it (fresh: callers may change it). */
export function presetConfigObject(name: string = DEFAULT_PRESET): Record<string, unknown> {
  const names = presetNames();
  if (typeof name !== "string" || !names.includes(name)) throw new FilterConfigError("preset", name, `one of the presets ${names.join(", ")}`);
  const parsed: unknown = YAML.parse(readFileSync(assetPath(`presets/${name}.yaml`), "utf8"));
  if (!isObject(parsed)) throw new Error(`data/presets/${name}.yaml is not a mapping; the package is damaged.`);
  return parsed;
}

/** The config of a preset (default: `default`) as the YAML a user would write. */
export function defaultFilterConfigObject(preset: string = DEFAULT_PRESET): Record<string, unknown> {
  return presetConfigObject(preset);
}

export { NEAR_DEFAULTS } from "./dedup-filter.js";

/** A raw config as YAML text, with the comment header `--print-config` prints. */
export function filterConfigYaml(raw: Record<string, unknown>): string {
  return (
    "# sieve filter config. Bounds are inclusive: a row is kept when min <= value <= max.\n" +
    "# Filters run in the order listed; a row removed by one is not seen by the next.\n" +
    "# Optional filters: complexity: {min, max}, turns: {min, max},\n" +
    "#   thresholds: [{column: domain_score, min: 0.2}], dedup.near: {threshold: 0.8}.\n" +
    YAML.stringify(raw)
  );
}

/** A preset's config as YAML text (what `sieve filter --print-config --preset <name>` prints). */
export function defaultFilterConfigYaml(preset: string = DEFAULT_PRESET): string {
  return filterConfigYaml(presetConfigObject(preset));
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
 * Merge a user config over a preset and validate it. The preset is the one named by
 * `preset` here, else by the config's own `preset` key, else `default`.
 */
export function resolveFilterConfig(user: Record<string, unknown> = {}, preset?: string): FilterConfig {
  return validateFilterConfig(mergeFilterConfig(presetConfigObject(preset ?? presetOf(user)), user));
}

/** The preset a user config names with its `preset` key (default: `default`). */
export function presetOf(user: Record<string, unknown>): string {
  const p = user.preset ?? DEFAULT_PRESET;
  if (typeof p !== "string") throw new FilterConfigError("preset", p, `one of the presets ${presetNames().join(", ")}`);
  return p;
}

/** Keys of `balance` that choose how much each value keeps; a config that sets one replaces the base's. */
const BALANCE_LIMIT_KEYS = ["max_share", "max_per_domain", "target", "max_times_median", "min_effective_values", "max_removed_share"];

/**
 * The raw merge used by resolveFilterConfig (before validation): the user config over the
 * base (a preset) key by key. Mappings merge recursively (a filter's keys override the
 * preset's one by one; filters the base lacks are added after its own, in the user's
 * order); any other value (a list, a number, `false`, `null`) replaces what the base had,
 * so `toxicity: false` turns a filter off and `balance: false` turns balance off. The
 * limits of balance are one choice: a user `balance` block that sets any of max_share,
 * max_per_domain, target, max_times_median, min_effective_values replaces all of the
 * base's. The `preset` key only names the base and is dropped.
 */
export function mergeFilterConfig(base: Record<string, unknown>, user: Record<string, unknown>): Record<string, unknown> {
  checkKeys("config", user, CONFIG_KEYS);
  if (user.quality !== undefined && !isObject(user.quality)) throw new FilterConfigError("quality", user.quality, "a mapping of quality weights");
  const { preset: _preset, ...rest } = user;
  const out = structuredClone(base);
  delete out.preset;
  if (isObject(rest.balance) && isObject(out.balance) && BALANCE_LIMIT_KEYS.some((k) => k in (rest.balance as object))) {
    for (const k of BALANCE_LIMIT_KEYS) delete out.balance[k];
  }
  return deepMerge(out, rest);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    base[k] = isObject(v) && isObject(base[k]) ? deepMerge(base[k] as Record<string, unknown>, v) : structuredClone(v);
  }
  return base;
}

/** Validate a full raw config (defaults already merged) into a FilterConfig. */
export function validateFilterConfig(raw: Record<string, unknown>): FilterConfig {
  checkKeys("config", raw, ["filters", "balance", "quality", "seed"]);
  const filtersRaw = raw.filters ?? {};
  if (!isObject(filtersRaw)) throw new FilterConfigError("filters", filtersRaw, `a mapping of filters (${FILTER_KINDS.join(", ")})`);
  const filters: FilterStep[] = [];
  for (const [name, value] of Object.entries(filtersRaw)) {
    const key = `filters.${name}`;
    const entry = filterEntry(name);
    if (!entry) throw new FilterConfigError(key, value, `one of the filters ${FILTER_KINDS.join(", ")}`);
    if (value === false || value === null) continue;
    filters.push(entry.parse(key, value === true ? {} : value) as FilterStep);
  }
  const seed = raw.seed ?? 42;
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new FilterConfigError("seed", seed, "a whole number from 0 to 4294967295");
  }
  return { filters, balance: parseBalance(raw.balance), quality: parseQuality(raw.quality), seed };
}

function parseBalance(value: unknown): BalanceConfig | null {
  if (value === undefined || value === false || value === null) return null;
  const key = "balance";
  const o = objectAt(key, value === true ? {} : value, ["by", "max_share", "max_per_domain", "max_times_median", "min_effective_values", "max_removed_share", "target", "order"]);
  const by = o.by ?? "domain";
  if (typeof by !== "string" || !by) throw new FilterConfigError(`${key}.by`, by, "a column name");
  const order = o.order ?? "quality";
  if (order !== "quality" && order !== "random") throw new FilterConfigError(`${key}.order`, order, "quality or random");
  const out: BalanceConfig = { by, order };
  if (o.max_share !== undefined && o.max_share !== null) out.max_share = num(`${key}.max_share`, o.max_share, 0, 1, { minExclusive: true });
  if (o.max_per_domain !== undefined && o.max_per_domain !== null) out.max_per_domain = int(`${key}.max_per_domain`, o.max_per_domain, 1, Number.MAX_SAFE_INTEGER);
  if (o.max_times_median !== undefined && o.max_times_median !== null) out.max_times_median = num(`${key}.max_times_median`, o.max_times_median, 1, 1e9);
  if (o.min_effective_values !== undefined && o.min_effective_values !== null) {
    if (out.max_times_median === undefined) throw new FilterConfigError(`${key}.min_effective_values`, o.min_effective_values, "a key used only with balance.max_times_median");
    out.min_effective_values = num(`${key}.min_effective_values`, o.min_effective_values, 1, 1e9);
  }
  if (o.max_removed_share !== undefined && o.max_removed_share !== null) {
    if (out.max_times_median === undefined) throw new FilterConfigError(`${key}.max_removed_share`, o.max_removed_share, "a key used only with balance.max_times_median");
    out.max_removed_share = num(`${key}.max_removed_share`, o.max_removed_share, 0, 1);
  }
  if (o.target !== undefined && o.target !== null) {
    if (!isObject(o.target) || !Object.keys(o.target).length) throw new FilterConfigError(`${key}.target`, o.target, "a mapping { value: share } with shares from 0 to 1");
    const target: Record<string, number> = {};
    let sum = 0;
    for (const [d, s] of Object.entries(o.target)) {
      target[d] = num(`${key}.target.${d}`, s, 0, 1);
      sum += target[d]!;
    }
    if (sum > 1 + 1e-9) throw new FilterConfigError(`${key}.target`, o.target, `shares summing to at most 1 (these sum to ${+sum.toFixed(6)})`);
    if (out.max_share !== undefined || out.max_per_domain !== undefined || out.max_times_median !== undefined) {
      throw new FilterConfigError(`${key}.target`, o.target, "either target, or max_share, max_per_domain and/or max_times_median, not both");
    }
    out.target = target;
  }
  if (out.max_share === undefined && out.max_per_domain === undefined && out.max_times_median === undefined && out.target === undefined) {
    throw new FilterConfigError(key, value, "one of max_share, max_per_domain, max_times_median or target (or balance: false)");
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
