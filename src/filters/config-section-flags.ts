import { isObject } from "./config-values.js";
import { FilterConfigError } from "./filter-config-error.js";
import { FILTER_KINDS } from "./filter-registry.js";
import { filterFlag } from "../core/filter-entry.js";

/**
 * The flags of the config outside `filters:` (balance, quality, seed) and `--skip-filter`.
 * Balance is not a row filter (it is a cut applied after every filter), so it has no
 * registry entry, only these flags.
 */
export const SECTION_FLAGS = [
  filterFlag({
    option: "balance",
    value: "switch",
    onlyNegated: true,
    help: "turn balance off",
    switchOff(raw, v) {
      if (v === false) raw.balance = false;
    },
  }),
  filterFlag({ option: "balanceBy", value: "text", arg: "column", help: "balance.by", sets: "balance.by" }),
  filterFlag({
    option: "balanceMaxShare",
    value: "fraction",
    arg: "x",
    help: "balance.max_share (0..1] (replaces the config's target and max_times_median)",
    set: (raw, v) => setBalanceLimit(raw, "max_share", v, ["target", "max_times_median", "min_effective_values", "max_removed_share"]),
  }),
  filterFlag({
    option: "balanceMaxPerDomain",
    value: "positive-count",
    arg: "n",
    help: "balance.max_per_domain (replaces the config's target and max_times_median)",
    set: (raw, v) => setBalanceLimit(raw, "max_per_domain", v, ["target", "max_times_median", "min_effective_values", "max_removed_share"]),
  }),
  filterFlag({
    option: "balanceMaxTimesMedian",
    value: "number",
    arg: "k",
    help: "balance.max_times_median: no value keeps more than k times the median value's rows (replaces the config's target)",
    set: (raw, v) => setBalanceLimit(raw, "max_times_median", v, ["target"]),
  }),
  filterFlag({
    option: "balanceMinEffectiveValues",
    value: "number",
    arg: "n",
    help: "balance.min_effective_values: max_times_median trims only data with at least n effective values",
    sets: "balance.min_effective_values",
  }),
  filterFlag({
    option: "balanceMaxRemovedShare",
    value: "fraction",
    arg: "x",
    help: "balance.max_removed_share: max_times_median removes at most this share of the rows that reach balance",
    sets: "balance.max_removed_share",
  }),
  filterFlag({
    option: "balanceTarget",
    value: "text",
    arg: "value=share,...",
    help: "balance.target, e.g. coding=0.2,math=0.1 (replaces max_share/max_per_domain)",
    edit(raw, spec) {
      const b = isObject(raw.balance) ? raw.balance : {};
      for (const k of ["max_share", "max_per_domain", "max_times_median", "min_effective_values", "max_removed_share"]) delete b[k];
      b.target = parseTargetSpec(spec as string);
      raw.balance = b;
    },
  }),
  filterFlag({ option: "balanceOrder", value: "text", choices: ["quality", "random"], arg: "order", help: "balance.order", sets: "balance.order" }),
  filterFlag({ option: "qualityToxicityWeight", value: "number", arg: "x", help: "quality.toxicity_weight", sets: "quality.toxicity_weight" }),
  filterFlag({ option: "qualityReadabilityWeight", value: "number", arg: "x", help: "quality.readability_weight", sets: "quality.readability_weight" }),
  filterFlag({ option: "qualityLengthWeight", value: "number", arg: "x", help: "quality.length_weight", sets: "quality.length_weight" }),
  filterFlag({ option: "qualityReadabilityMin", value: "number", arg: "x", help: "quality.readability_min", sets: "quality.readability_min" }),
  filterFlag({ option: "qualityReadabilityMax", value: "number", arg: "x", help: "quality.readability_max", sets: "quality.readability_max" }),
  filterFlag({ option: "qualityLengthTargetChars", value: "positive-count", arg: "n", help: "quality.length_target_chars", sets: "quality.length_target_chars" }),
  filterFlag({ option: "seed", value: "count", arg: "n", help: "seed (random balance order, embedding hyperplanes)", sets: "seed" }),
  filterFlag({
    option: "skipFilter",
    value: "text-list",
    arg: "names",
    help: `turn filters off by name, comma-separated (${[...FILTER_KINDS, "balance"].join(",")})`,
    switchOff(raw, names) {
      for (const name of names as string[]) {
        if (name === "balance") raw.balance = false;
        else if (isObject(raw.filters) && name in raw.filters) raw.filters[name] = false;
        else if (!FILTER_KINDS.includes(name)) throw new FilterConfigError("--skip-filter", name, `${FILTER_KINDS.join(", ")} or balance`);
      }
    },
  }),
] as const;

/**
 * Set one limit of balance, removing the limits of another kind that the config (or preset)
 * had: `--balance-max-share 0.1` over the default preset's max_times_median gives a
 * max_share balance, not both. Limits given by flags together still combine: flags apply in
 * list order and --balance-max-times-median, the last, removes only target.
 */
function setBalanceLimit(raw: Record<string, unknown>, key: string, value: unknown, replaces: readonly string[]): void {
  const b = isObject(raw.balance) ? raw.balance : {};
  for (const k of replaces) delete b[k];
  b[key] = value;
  raw.balance = b;
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
