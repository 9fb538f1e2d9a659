import type { ScoreColumnDoc, ScorerEntry, ScorerOption } from "../core/scorer-entry.js";
import type { ScorerConfigOf } from "../core/scorer-config.js";
import { embeddingEntry } from "../embed/embedding-scorer.js";
import { domainEntry } from "./domain/create-domain-scorer.js";
import { lengthsEntry } from "./lengths.js";
import { readabilityEntry } from "./readability/readability-scorer.js";
import { repetitionEntry } from "./repetition.js";
import { codeFractionEntry } from "./code-fraction.js";
import { toxicityEntry } from "./toxicity/create-toxicity-scorer.js";
import { piiEntry } from "./pii/pii-scorer.js";

import { refusalEntry } from "./refusal/refusal-scorer.js";
import { relevanceEntry } from "./relevance/relevance-scorer.js";
import { languageEntry } from "./language/language-scorer.js";
/**
 * Every scorer sieve knows, in the order their columns are written. The defaults, the
 * scorers a config builds, the settings sent to worker threads, the CLI flags and the dataset
 * card's column descriptions are all derived from this list: a new scorer is one module
 * exporting an entry (see src/core/scorer-entry.ts) and one line here, at the end (appending
 * keeps every existing column where it was).
 */
export const SCORERS = [
  lengthsEntry,
  readabilityEntry,
  toxicityEntry,
  embeddingEntry,
  domainEntry,
  repetitionEntry,
  codeFractionEntry,
  piiEntry,
  refusalEntry,
  relevanceEntry,
  languageEntry,
] as const satisfies ReadonlyArray<ScorerEntry>;

/**
 * Which signals a run computes and with what: one optional key per registry option
 * (`readability`, `readabilityField`, `toxicity`, `embedder`, `domain`, `taxonomy`,
 * `repetition` …) plus the model settings. Plain data, so it can come from a config file or
 * CLI flags and be sent to worker threads that build the same scorers.
 */
export type ScorerConfig = ScorerConfigOf<typeof SCORERS>;

/** Every registry option's default, by config key. */
export const DEFAULT_SCORERS: Readonly<ScorerConfig> = Object.freeze(
  Object.fromEntries(scorerOptions().filter((o) => o.default !== undefined).map((o) => [o.key, o.default])) as ScorerConfig,
);

/** Every config key the registry's options use, in registry order. */
export const SCORER_CONFIG_KEYS: readonly string[] = scorerOptions().map((o) => o.key);

/** Every option of every entry, in registry order. */
export function scorerOptions(): ScorerOption[] {
  return (SCORERS as ReadonlyArray<ScorerEntry>).flatMap((e) => e.options);
}

/** Every column the registry's scorers write with their default settings, described, in order. */
export function scoreColumnDocs(): ScoreColumnDoc[] {
  return (SCORERS as ReadonlyArray<ScorerEntry>).flatMap((e) => e.columns);
}

/** The one-line meaning of a score column (the dataset card's Data Fields), or undefined for a column no scorer writes. */
export function describeScoreColumn(name: string): string | undefined {
  const entries = SCORERS as ReadonlyArray<ScorerEntry>;
  for (const e of entries) for (const c of e.columns) if (c.name === name) return c.description;
  for (const e of entries) {
    const described = e.describeColumn?.(name);
    if (described !== undefined) return described;
  }
  return undefined;
}
