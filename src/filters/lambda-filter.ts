import type { BoundFilter, FilterBatch, RowFilter } from "../core/row-filter.js";

/** What a lambda filter sees of a row: its id and text, and the columns it asked for. */
export interface LambdaRow {
  readonly id: string;
  readonly instruction: string;
  readonly response: string;
  /** The values of the filter's columns (numbers for numeric columns, bigints as numbers, null when empty). */
  readonly [column: string]: unknown;
}

/**
 * A RowFilter from a function, in the spirit of datatrove's LambdaFilter:
 *
 *   const short = rowFilter("short_answer", ["response_words"], (r) =>
 *     (r.response_words as number) >= 5 || `response_words ${r.response_words} < 5`);
 *
 * The function returns true to keep the row, or false or a text (the `filter_detail`) to
 * remove it; `name` is the `filter_reason`. It must be pure: the same row gives the same
 * answer, since the detail is asked again when the rejected split is written.
 */
export function rowFilter(name: string, columns: ReadonlyArray<string>, decide: (row: LambdaRow) => boolean | string): RowFilter {
  return {
    name,
    columns: [...columns],
    bind(fb: FilterBatch): BoundFilter {
      const vectors = columns.map((c) => fb.batch.getChild(c));
      const rowAt = (i: number): LambdaRow => {
        const row: Record<string, unknown> = { id: fb.view.id[i], instruction: fb.view.instruction[i], response: fb.view.response[i] };
        columns.forEach((c, k) => {
          const v = vectors[k]?.get(i) as unknown;
          row[c] = typeof v === "bigint" ? Number(v) : (v ?? null);
        });
        return row as LambdaRow;
      };
      return {
        keep: (i) => decide(rowAt(i)) === true,
        explain: (i) => {
          const verdict = decide(rowAt(i));
          return typeof verdict === "string" ? verdict : verdict ? "" : `removed by ${name}`;
        },
      };
    },
  };
}
