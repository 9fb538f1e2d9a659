import { FilterConfigError } from "./filter-config-error.js";
import { num, objectAt } from "./config-values.js";
import { formatNumber } from "./number-format.js";
import { numericColumn } from "./numeric-column.js";
import { filterFlag, type FilterEntry } from "../core/filter-entry.js";
import type { BoundFilter, FilterBatch, RowFilter } from "../core/row-filter.js";
import { REFUSAL_KINDS, type RefusalKind } from "../metrics/refusal/refusal-patterns.js";

export interface RefusalStep {
  kind: "refusal";
  /** Remove a row whose `response_refusal_kind` is one of these. */
  kinds: RefusalKind[];
  /** Also remove a row whose `response_refusal` is above this, whatever its kind (1: off). */
  max: number;
}

/**
 * Removes rows whose strongest refusal / AI-boilerplate finding (the refusal scorer's
 * `response_refusal_kind`) is one of `kinds`, or whose `response_refusal` is above `max`.
 * The detail names the kind and the score, e.g. `response_refusal_kind refusal (1) in [refusal, ai_self_reference]`.
 * It declares the numeric score column (the build checks columns are numeric); the kind
 * column is written beside it by the same scorer.
 */
export class RefusalFilter implements RowFilter {
  readonly name = "refusal";
  readonly columns = ["response_refusal"];

  constructor(readonly step: RefusalStep) {}

  bind(fb: FilterBatch): BoundFilter {
    const scores = numericColumn(fb.batch, "response_refusal");
    const kindColumn = fb.batch.getChild("response_refusal_kind");
    if (!kindColumn) throw new FilterConfigError("filters.refusal", "response_refusal_kind", "a scored file with the refusal scorer's response_refusal_kind column");
    const kinds = new Set<string>(this.step.kinds);
    const kindOf = (row: number): string => String(kindColumn.get(row) ?? "");
    const byKind = (row: number) => kinds.has(kindOf(row));
    const byScore = (row: number) => scores[row]! > this.step.max;
    return {
      keep: (row) => !byKind(row) && !byScore(row),
      explain: (row) => {
        const score = formatNumber(scores[row]!);
        if (byKind(row)) return `response_refusal_kind ${kindOf(row)} (${score}) in [${this.step.kinds.join(", ")}]`;
        if (byScore(row)) return `response_refusal ${score} > max ${formatNumber(this.step.max)}`;
        return "";
      },
    };
  }
}

function parseKinds(key: string, value: unknown): RefusalKind[] {
  const list = typeof value === "string" ? value.split(",").map((s) => s.trim()).filter((s) => s.length > 0) : value;
  if (!Array.isArray(list) || !list.every((k) => (REFUSAL_KINDS as readonly unknown[]).includes(k))) {
    throw new FilterConfigError(key, value, `a list of ${REFUSAL_KINDS.join(", ")}`);
  }
  return [...new Set(list as RefusalKind[])];
}

/**
 * `filters.refusal: { kinds: [refusal, ai_self_reference], max: 1 }`: kinds left out take
 * refusal and ai_self_reference; `max` (0..1) left out is 1 (no score bound). On in the
 * default preset with its defaults (see docs/filters.md); off in `card` and `none`.
 */
export const refusalFilterEntry = {
  kind: "refusal",
  defaults: { kinds: ["refusal", "ai_self_reference"] },
  example: { kinds: ["refusal", "ai_self_reference"] },
  parse(key, value): RefusalStep {
    const o = objectAt(key, value, ["kinds", "max"]);
    return {
      kind: "refusal",
      kinds: o.kinds === undefined ? ["refusal", "ai_self_reference"] : parseKinds(`${key}.kinds`, o.kinds),
      max: num(`${key}.max`, o.max ?? 1, 0, 1),
    };
  },
  build: (step, context) => [context.scoreColumnsOf(new RefusalFilter(step))],
  flags: [
    filterFlag({ option: "refusalKinds", value: "text-list", arg: "kinds", help: `filters.refusal.kinds: remove rows whose response_refusal_kind is one of these (${REFUSAL_KINDS.join(", ")})`, sets: "filters.refusal.kinds" }),
    filterFlag({ option: "refusalMax", value: "fraction", arg: "x", help: "filters.refusal.max: remove response_refusal > x, whatever the kind (0..1)", sets: "filters.refusal.max" }),
  ],
} satisfies FilterEntry<RefusalStep>;
