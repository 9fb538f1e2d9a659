import type { Schema } from "apache-arrow";
import type { DuplicateLedger, RowFilter } from "./row-filter.js";

/** A step of the pipeline: a filter that runs, or a named filter skipped for want of its columns. */
export type PipelineEntry = { filter: RowFilter } | { skipped: string; reason: string; missing: ReadonlyArray<string> };

/** A filter config in its YAML shape (defaults merged, not yet validated), as flags edit it. */
export type RawFilterConfig = Record<string, unknown>;

/**
 * The kinds of flag value. The CLI turns each kind into its parser (a bad value is a usage
 * error naming the flag); the library option of a flag has the matching type.
 */
export interface FlagValueTypes {
  /** Any finite number. */
  number: number;
  /** A number from 0 to 1. */
  fraction: number;
  /** A whole number ≥ 0. */
  count: number;
  /** A whole number ≥ 1. */
  "positive-count": number;
  text: string;
  /** A repeatable flag: one text per use. */
  "repeated-text": string[];
  /** Comma-separated texts; repeatable. */
  "text-list": string[];
  /** A flag without a value (`--x`, and `--no-x` where the flag says so). */
  switch: boolean;
  /** A number from 0 to 1, or the word `off`. */
  "fraction-or-off": number | "off";
}

export type FlagValueKind = keyof FlagValueTypes;

/**
 * One flag of `sieve filter`/`sieve run`, which is also a library option (`option`, in
 * camelCase; the flag is its kebab-case: `minResponseChars` → `--min-response-chars`).
 *
 * Flags apply to the raw config after the config file, in three rounds, each in registry
 * order: first every `sets` key (and `set`), then every `edit` (extending a list, replacing
 * part of a block), then every `switchOff`, so that turning something off wins over any
 * other flag. Setting a key under a filter the config does not list adds that filter at the
 * end of the list.
 */
export interface FilterFlag<K extends string = string, T extends FlagValueKind = FlagValueKind> {
  readonly option: K;
  readonly value: T;
  /** The values allowed (the option's type is then their union). */
  readonly choices?: readonly string[];
  /** Placeholder of the value in `--help` (`x`, `n`, `column:min:max`); not for switches. */
  readonly arg?: string;
  readonly help: string;
  /** For a switch: help of its `--no-…` form, which sets the option to false. */
  readonly negate?: string;
  /** For a switch that exists only as `--no-…` (commander then defaults it to true). */
  readonly onlyNegated?: boolean;
  /** The dotted config key the value goes to (round 1); blocks on the way are created. */
  readonly sets?: string;
  /** Round 1, for a flag whose value is not simply one key. */
  set?(raw: RawFilterConfig, value: unknown): void;
  /** Round 2. */
  edit?(raw: RawFilterConfig, value: unknown): void;
  /** Round 3: turns something off (for the values that mean off). */
  switchOff?(raw: RawFilterConfig, value: unknown): void;
}

/** The library option type of a flag. */
export type FlagValue<F> = F extends { readonly choices: readonly (infer C)[] }
  ? C
  : F extends { readonly value: infer T extends FlagValueKind }
    ? FlagValueTypes[T]
    : never;

/** The library options of a union of flags: `{ toxicityMax?: number, … }`. */
export type FlagOptions<F extends FilterFlag> = { [P in F as P["option"]]?: FlagValue<P> };

/** A flag, keeping its literal option name, value kind and choices for FlagOptions. */
export function filterFlag<const F extends FilterFlag>(flag: F): F {
  return flag;
}

/** What a filter's builder gets besides its config step. */
export interface FilterBuildContext {
  /** The scored file's columns. */
  readonly schema: Schema;
  /** Where dedup filters record duplicates and demotions. */
  readonly ledger: DuplicateLedger;
  /** The config's seed (for filters that draw random numbers). */
  readonly seed: number;
  /**
   * The filter as a pipeline entry, or a skip entry when the scored file lacks one of its
   * columns (that scorer was off: the run warns and goes on); a column that is there but
   * not numeric is a config error.
   */
  scoreColumnsOf(filter: RowFilter): PipelineEntry;
}

/**
 * A filter kind of the registry (src/filters/filter-registry.ts): everything sieve needs
 * to validate, print, build and expose it as flags. Validation errors are
 * FilterConfigErrors naming the key, the value and what is allowed.
 */
export interface FilterEntry<Step extends { kind: string } = { kind: string }> {
  /** The key under `filters:` in the config, and the step's `kind`. */
  readonly kind: Step["kind"];
  /** The value under `filters.<kind>` in the default config; absent: off by default. */
  readonly defaults?: unknown;
  /** A value under `filters.<kind>` that turns the filter on, as a user would write it. */
  readonly example: unknown;
  /** Validates the value under `filters.<kind>` (never false/null: those turn it off; true reads as {}). `key` is `filters.<kind>`. */
  parse(key: string, value: unknown): Step;
  /** The filters of a step, in order, checked against the scored file's columns. */
  build(step: Step, context: FilterBuildContext): PipelineEntry[];
  /** Its flags, in `--help` order. */
  readonly flags: ReadonlyArray<FilterFlag>;
}
