import type { LengthBounds } from "./filter-config.js";
import { BoundsFilter, type ColumnBound } from "./bounds-filter.js";
import { int, objectAt } from "./config-values.js";
import { FilterConfigError } from "./filter-config-error.js";
import { filterFlag, type FilterEntry, type FilterFlag } from "../core/filter-entry.js";

/** Minimum/maximum characters and words of the instruction and the response (the `*_chars`/`*_words` columns). */
export class LengthFilter extends BoundsFilter {
  constructor(instruction: LengthBounds, response: LengthBounds) {
    super("length", [...lengthBounds("instruction", instruction), ...lengthBounds("response", response)]);
  }
}

function lengthBounds(field: string, b: LengthBounds): ColumnBound[] {
  const out: ColumnBound[] = [];
  if (b.min_chars !== undefined || b.max_chars !== undefined) out.push({ column: `${field}_chars`, min: b.min_chars, max: b.max_chars });
  if (b.min_words !== undefined || b.max_words !== undefined) out.push({ column: `${field}_words`, min: b.min_words, max: b.max_words });
  return out;
}

export interface LengthStep {
  kind: "length";
  instruction: LengthBounds;
  response: LengthBounds;
}

/** `filters.length: { instruction: {min_chars, max_chars, min_words, max_words}, response: {…} }`. */
export const lengthFilterEntry = {
  kind: "length",
  defaults: { instruction: { min_chars: 10 }, response: { min_chars: 20, max_chars: 20000 } },
  example: { instruction: { min_chars: 10 }, response: { min_chars: 20, max_chars: 20000, max_words: 4000 } },
  parse(key, value): LengthStep {
    const o = objectAt(key, value, ["instruction", "response"]);
    return { kind: "length", instruction: parseLengthBounds(`${key}.instruction`, o.instruction), response: parseLengthBounds(`${key}.response`, o.response) };
  },
  build: (step, context) => [context.scoreColumnsOf(new LengthFilter(step.instruction, step.response))],
  flags: [
    lengthFlag("minInstructionChars", "instruction.min_chars"),
    lengthFlag("maxInstructionChars", "instruction.max_chars"),
    lengthFlag("minInstructionWords", "instruction.min_words"),
    lengthFlag("maxInstructionWords", "instruction.max_words"),
    lengthFlag("minResponseChars", "response.min_chars"),
    lengthFlag("maxResponseChars", "response.max_chars"),
    lengthFlag("minResponseWords", "response.min_words"),
    lengthFlag("maxResponseWords", "response.max_words"),
  ],
} satisfies FilterEntry<LengthStep>;

function lengthFlag<const K extends string>(option: K, key: string): FilterFlag<K, "count"> {
  return filterFlag({ option, value: "count", arg: "n", help: `filters.length.${key}`, sets: `filters.length.${key}` });
}

function parseLengthBounds(key: string, value: unknown): LengthBounds {
  const o = objectAt(key, value ?? {}, ["min_chars", "max_chars", "min_words", "max_words"]);
  const out: LengthBounds = {};
  for (const k of ["min_chars", "max_chars", "min_words", "max_words"] as const) {
    if (o[k] !== undefined && o[k] !== null) out[k] = int(`${key}.${k}`, o[k], 0, Number.MAX_SAFE_INTEGER);
  }
  if (out.min_chars !== undefined && out.max_chars !== undefined && out.min_chars > out.max_chars) throw new FilterConfigError(`${key}.min_chars`, out.min_chars, `a value ≤ ${key}.max_chars (${out.max_chars})`);
  if (out.min_words !== undefined && out.max_words !== undefined && out.min_words > out.max_words) throw new FilterConfigError(`${key}.min_words`, out.min_words, `a value ≤ ${key}.max_words (${out.max_words})`);
  return out;
}
