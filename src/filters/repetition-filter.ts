import { BoundsFilter } from "./bounds-filter.js";
import { num, objectAt } from "./config-values.js";
import { filterFlag, type FilterEntry, type FilterFlag } from "../core/filter-entry.js";

/**
 * Degenerate repetition in the response, with the Gopher quality rules (Rae et al. 2021,
 * "Scaling Language Models", appendix A) as the bounds: the share of duplicate lines, the
 * share of characters in the most frequent 2-, 3- and 4-gram, and the share of characters
 * in duplicated 5- to 10-grams. Each bound is a config key; its column is the repetition
 * scorer's.
 */
const BOUNDS = [
  { key: "max_dup_line_fraction", option: "repetitionMaxDupLineFraction", column: "response_dup_line_fraction", gopher: 0.3 },
  { key: "max_top_2gram", option: "repetitionMaxTop2gram", column: "response_top_2gram_char_fraction", gopher: 0.2 },
  { key: "max_top_3gram", option: "repetitionMaxTop3gram", column: "response_top_3gram_char_fraction", gopher: 0.18 },
  { key: "max_top_4gram", option: "repetitionMaxTop4gram", column: "response_top_4gram_char_fraction", gopher: 0.16 },
  { key: "max_dup_5gram", option: "repetitionMaxDup5gram", column: "response_dup_5gram_char_fraction", gopher: 0.15 },
  { key: "max_dup_6gram", option: "repetitionMaxDup6gram", column: "response_dup_6gram_char_fraction", gopher: 0.14 },
  { key: "max_dup_7gram", option: "repetitionMaxDup7gram", column: "response_dup_7gram_char_fraction", gopher: 0.13 },
  { key: "max_dup_8gram", option: "repetitionMaxDup8gram", column: "response_dup_8gram_char_fraction", gopher: 0.12 },
  { key: "max_dup_9gram", option: "repetitionMaxDup9gram", column: "response_dup_9gram_char_fraction", gopher: 0.11 },
  { key: "max_dup_10gram", option: "repetitionMaxDup10gram", column: "response_dup_10gram_char_fraction", gopher: 0.1 },
] as const;

type RepetitionKey = (typeof BOUNDS)[number]["key"];

export type RepetitionStep = { kind: "repetition" } & Record<RepetitionKey, number>;

/** Removes a row when any repetition fraction is above its bound; the detail names the first, e.g. `response_dup_line_fraction 0.5 > max 0.3`. */
export class RepetitionFilter extends BoundsFilter {
  constructor(step: Record<RepetitionKey, number>) {
    super("repetition", BOUNDS.map((b) => ({ column: b.column, max: step[b.key] })));
  }
}

/**
 * `filters.repetition: { max_dup_line_fraction, max_top_2gram, …, max_dup_10gram }`, each
 * a fraction (0..1; 1 turns that bound off); keys left out take Gopher's value. Off by
 * default; on with the config key or any of its flags.
 */
export const repetitionFilterEntry = {
  kind: "repetition",
  example: { max_dup_line_fraction: 0.3, max_top_2gram: 0.2, max_dup_10gram: 0.1 },
  parse(key, value): RepetitionStep {
    const o = objectAt(key, value, BOUNDS.map((b) => b.key));
    const step = { kind: "repetition" } as RepetitionStep;
    for (const b of BOUNDS) step[b.key] = num(`${key}.${b.key}`, o[b.key] ?? b.gopher, 0, 1);
    return step;
  },
  build: (step, context) => [context.scoreColumnsOf(new RepetitionFilter(step))],
  flags: BOUNDS.map(repetitionFlag),
} satisfies FilterEntry<RepetitionStep>;

function repetitionFlag<const B extends (typeof BOUNDS)[number]>(b: B): FilterFlag<B["option"], "fraction"> {
  return filterFlag({ option: b.option, value: "fraction", arg: "x", help: `filters.repetition.${b.key}: remove ${b.column} > x (Gopher: ${b.gopher})`, sets: `filters.repetition.${b.key}` });
}
