import { BoundsFilter } from "./bounds-filter.js";
import { setPath, getPath } from "./config-path.js";
import { bounds, objectAt } from "./config-values.js";
import { FilterConfigError } from "./filter-config-error.js";
import { isNumericType } from "./numeric-column.js";
import { filterFlag, type FilterEntry } from "../core/filter-entry.js";

/** The generic threshold `{ column, min, max }` on any numeric column; reason `threshold:<column>`. */
export class ThresholdFilter extends BoundsFilter {
  constructor(column: string, min?: number, max?: number) {
    super(`threshold:${column}`, [{ column, min, max }]);
  }
}

export interface ThresholdsStep {
  kind: "thresholds";
  rules: Array<{ column: string; min?: number; max?: number }>;
}

/**
 * `filters.thresholds: [{ column, min, max }, …]`: one filter per rule, on any numeric
 * column. Unlike the named filters, a missing column is a config error, not a skip: the
 * user named it.
 */
export const thresholdsFilterEntry = {
  kind: "thresholds",
  example: [{ column: "domain_score", min: 0.2 }],
  parse(key, value): ThresholdsStep {
    if (!Array.isArray(value)) throw new FilterConfigError(key, value, "a list of { column, min, max }");
    const rules = value.map((r, i) => {
      const k = `${key}[${i}]`;
      const o = objectAt(k, r, ["column", "min", "max"]);
      if (typeof o.column !== "string" || !o.column) throw new FilterConfigError(`${k}.column`, o.column, "the name of a numeric column");
      const b = bounds(k, o, -Number.MAX_VALUE, Number.MAX_VALUE);
      if (b.min === undefined && b.max === undefined) throw new FilterConfigError(k, r, "at least one of min, max");
      return { column: o.column, ...b };
    });
    return { kind: "thresholds", rules };
  },
  build(step, { schema }) {
    const fields = new Map(schema.fields.map((f) => [f.name, f]));
    const numeric = schema.fields.filter((f) => isNumericType(f.type)).map((f) => f.name);
    return step.rules.map((r, i) => {
      if (!fields.has(r.column) || !isNumericType(fields.get(r.column)!.type)) {
        throw new FilterConfigError(`filters.thresholds[${i}].column`, r.column, `a numeric column of the scored file (${numeric.join(", ") || "none"})`);
      }
      return { filter: new ThresholdFilter(r.column, r.min, r.max) };
    });
  },
  flags: [
    filterFlag({
      option: "threshold",
      value: "repeated-text",
      arg: "column:min:max",
      help: "filters.thresholds: generic bound on a numeric column, repeatable (e.g. domain_score:0.2:)",
      edit(raw, specs) {
        if (!(specs as string[]).length) return;
        const list = Array.isArray(getPath(raw, "filters.thresholds")) ? (getPath(raw, "filters.thresholds") as unknown[]) : [];
        for (const spec of specs as string[]) list.push(parseThresholdSpec(spec));
        setPath(raw, "filters.thresholds", list);
      },
    }),
  ],
} satisfies FilterEntry<ThresholdsStep>;

/** `column:min:max` → { column, min?, max? }. */
export function parseThresholdSpec(spec: string): Record<string, unknown> {
  const parts = spec.split(":");
  const bad = () => new FilterConfigError("--threshold", spec, "column:min:max with numbers, either bound may be empty (e.g. domain_score:0.2:)");
  if (parts.length !== 3 || !parts[0]) throw bad();
  const out: Record<string, unknown> = { column: parts[0] };
  for (const [i, k] of [[1, "min"], [2, "max"]] as const) {
    if (parts[i] === "") continue;
    const n = Number(parts[i]);
    if (!Number.isFinite(n)) throw bad();
    out[k] = n;
  }
  return out;
}
