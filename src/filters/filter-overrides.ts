import { setPath } from "./config-path.js";
import { SECTION_FLAGS } from "./config-section-flags.js";
import { FILTERS } from "./filter-registry.js";
import type { FilterFlag, FlagOptions, RawFilterConfig } from "../core/filter-entry.js";

type FlagsOf<E> = E extends { readonly flags: ReadonlyArray<infer F> } ? F : never;

/** Every filter flag, in `--help` order: the registry's filters' flags, then balance, quality, seed, --skip-filter. */
export const FILTER_FLAGS: ReadonlyArray<FilterFlag> = [...FILTERS.flatMap((e): ReadonlyArray<FilterFlag> => e.flags), ...SECTION_FLAGS];

/**
 * Flat overrides of single config keys: the library options and, one to one, the CLI
 * flags of `sieve filter` (option `minResponseChars` is flag `--min-response-chars`), as
 * the registry's filters and the section flags declare them. They apply after the config
 * file; a flag for a filter the config does not list adds that filter at the end of the list.
 */
export type FilterOverrides = FlagOptions<FlagsOf<(typeof FILTERS)[number]> | (typeof SECTION_FLAGS)[number]>;

/**
 * Apply flat overrides to a raw (merged, not yet validated) config object, in place, in
 * three rounds (see FilterFlag): single keys, then edits, then off switches.
 */
export function applyFilterOverrides(raw: RawFilterConfig, overrides: FilterOverrides): RawFilterConfig {
  const given = FILTER_FLAGS.map((flag) => ({ flag, value: (overrides as Record<string, unknown>)[flag.option] })).filter((g) => g.value !== undefined);
  for (const { flag, value } of given) {
    if (flag.sets !== undefined) setPath(raw, flag.sets, value);
    flag.set?.(raw, value);
  }
  for (const { flag, value } of given) flag.edit?.(raw, value);
  for (const { flag, value } of given) flag.switchOff?.(raw, value);
  return raw;
}
