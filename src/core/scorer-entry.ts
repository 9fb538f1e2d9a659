import type { Scorer } from "./scorer.js";

/**
 * One setting of a scorer: a key of the scorer config (the library option) and the CLI flag
 * that sets it. The CLI flags, `--help`, the defaults and the settings sent to worker
 * threads are all made from these, so a scorer's settings are declared once, here.
 */
export interface ScorerOption {
  /** Key in the scorer config and library option name ("toxicity", "readabilityField"); the flag's camel-cased name. */
  readonly key: string;
  /** Commander flags: "--toxicity <spec>", "--readability-field <field>", "--no-readability". */
  readonly flags: string;
  /** One line for `--help`, listing the accepted forms. */
  readonly help: string;
  /**
   * What the value is, which types it in the config:
   * - "spec": a string naming an implementation ("lexicon", "model:<id>") or "off";
   * - "switch": on or off (`true`/`false`, or "on"/"off" as a `--x on|off` flag gives it);
   * - "choice": one of `choices`;
   * - "path": a file path.
   */
  readonly kind: "spec" | "switch" | "choice" | "path";
  /** The default (library and CLI). A "--no-x" switch defaults to true. */
  readonly default?: string | boolean;
  /** The accepted values of a "choice" option (and of a "switch" flag taking on|off). */
  readonly choices?: readonly string[];
}

/** One column a scorer writes and its one-line meaning (the dataset card's "Data Fields"). */
export interface ScoreColumnDoc {
  readonly name: string;
  readonly description: string;
  /**
   * A flag or count column (a row is flagged when its value is > 0 or its list is not
   * empty): the report lists how many rows each signal flags, with example row ids.
   */
  readonly signal?: boolean;
  /** A label column (a language code …): the report counts the rows of each value. */
  readonly label?: boolean;
}

/**
 * The model settings of a scorer config in the terms model loaders take (a subset of
 * ModelOptions, declared here because contracts sit below the model layer).
 */
export interface ScorerModelOptions {
  modelDir?: string;
  device?: string;
  dtype?: string;
  batchSize?: number;
  intraOpNumThreads?: number;
}

/** What an entry gets, besides the config, to build its scorer. */
export interface ScorerContext {
  /** Model folder, device, dtype, batch size and threads, for model-backed implementations. */
  readonly models: ScorerModelOptions;
  /**
   * The scorers the entries before this one built, in registry order: how a scorer reuses
   * another's work (the prototype domain scorer embeds with the embedding scorer's embedder).
   */
  readonly created: readonly Scorer[];
}

/** The settings an entry reads: its own options by key, defaults applied (plain data). */
export type ScorerSettings = Readonly<Record<string, unknown>>;

/**
 * A scorer as the registry knows it. Each scorer module exports one entry; the registry
 * (src/metrics/scorer-registry.ts) lists them in output-column order, and everything that
 * names scorers (defaults, createScorers, worker configs, CLI flags, the dataset card) is
 * derived from that list.
 */
export interface ScorerEntry<O extends readonly ScorerOption[] = readonly ScorerOption[]> {
  /** The scorer's name (its Scorer.name). */
  readonly name: string;
  /** Its settings; the first, when there is one, turns it on/off or picks its implementation. */
  readonly options: O;
  /** The columns it writes with its default settings, in order, each described. */
  readonly columns: readonly ScoreColumnDoc[];
  /** A description of a column that depends on the settings (a model's label columns), else undefined. */
  describeColumn?(name: string): string | undefined;
  /** Whether these settings load a transformers.js model (such scorers run in the main thread). */
  loadsModels(settings: ScorerSettings): boolean;
  /**
   * Build the scorer these settings ask for, or undefined when they turn it off. Throws
   * ScorerSpecError on a setting that is not one of the accepted forms.
   */
  create(settings: ScorerSettings, context: ScorerContext): Scorer | undefined | Promise<Scorer | undefined>;
  /**
   * The read-only tables these settings make the scorer read, built once per process in
   * SharedArrayBuffers, or undefined (none, or the scorer is off). The scoring pool builds
   * them once and hands them to every worker thread, which passes them to `adoptTables`
   * before it creates its scorers: one copy for all threads instead of one each.
   */
  sharedTables?(settings: ScorerSettings): unknown;
  /** Make `tables` (what sharedTables gave, possibly in another thread) this thread's own. */
  adoptTables?(tables: unknown): void;
}

/**
 * Declare an entry, keeping its option keys and kinds as literal types (the registry's
 * config type is derived from them).
 */
export function defineScorer<const O extends readonly ScorerOption[]>(entry: ScorerEntry<O>): ScorerEntry<O> {
  return entry;
}

/**
 * The usual setting of a scorer that is simply on or off: `--<key in kebab case> <on|off>`,
 * on by default. The key stays a literal type, so the registry's config type knows it.
 */
export function onOffSwitch<const K extends string>(key: K, help: string) {
  const flag = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return { key, flags: `--${flag} <on|off>`, help, kind: "switch", choices: ["on", "off"], default: "on" } as const satisfies ScorerOption;
}

/** Whether a "switch" value is on: anything but `false` and "off" (so undefined is on). */
export function switchIsOn(value: unknown): boolean {
  return value !== false && value !== "off";
}
