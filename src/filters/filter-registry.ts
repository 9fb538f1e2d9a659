import { complexityFilterEntry } from "./complexity-filter.js";
import { dedupFilterEntry } from "./dedup-filter.js";
import { lengthFilterEntry } from "./length-filter.js";
import { readabilityFilterEntry } from "./readability-filter.js";
import { repetitionFilterEntry } from "./repetition-filter.js";
import { thresholdsFilterEntry } from "./threshold-filter.js";
import { toxicityFilterEntry } from "./toxicity-filter.js";
import { turnsFilterEntry } from "./turns-filter.js";
import { piiFilterEntry } from "./pii-filter.js";
import { refusalFilterEntry } from "./refusal-filter.js";
import { relevanceFilterEntry } from "./relevance-filter.js";
import type { FilterEntry } from "../core/filter-entry.js";
import { languageFilterEntry } from "./language-filter.js";

/**
 * Every filter kind, one line each. This order is the order of the default config, of
 * `--help`, of the kinds in messages, and of filters a flag adds to a config that does not
 * list them. A new filter is one module exporting a FilterEntry plus one line here.
 */
export const FILTERS = [
  toxicityFilterEntry,
  lengthFilterEntry,
  readabilityFilterEntry,
  complexityFilterEntry,
  turnsFilterEntry,
  thresholdsFilterEntry,
  dedupFilterEntry,
  repetitionFilterEntry,
  piiFilterEntry,
  refusalFilterEntry,
  relevanceFilterEntry,
  languageFilterEntry,
] as const satisfies ReadonlyArray<FilterEntry>;

/** The kinds, in registry order. */
export const FILTER_KINDS: ReadonlyArray<string> = FILTERS.map((e) => e.kind);

/** The entry of a kind. */
export function filterEntry(kind: string): FilterEntry | undefined {
  return (FILTERS as ReadonlyArray<FilterEntry>).find((e) => e.kind === kind);
}
