import type { RecordBatch } from "apache-arrow";
import type { TextView } from "../core/text-view.js";
import { scoreColumnDocs } from "../metrics/scorer-registry.js";

/** Rows of the complete split per value of one label column (a language code …), most frequent first. */
export interface LabelCount {
  column: string;
  /** Value → rows, by count (descending) then value; values past MAX_VALUES are summed under OTHER_VALUES. */
  counts: Record<string, number>;
  /** Value → the id of its first row in input order (the values listed in counts, OTHER_VALUES aside). */
  examples: Record<string, string>;
}

/** Values listed per label column; a long tail is summed so the report stays readable. */
export const MAX_VALUES = 30;

/** Key under which the values past MAX_VALUES are summed. */
export const OTHER_VALUES = "(other)";

/** Key for rows whose label is missing. */
const NO_VALUE = "(none)";

/** The columns the scorer registry declares as labels (`label: true`), in registry order. */
export function labelColumns(): string[] {
  return scoreColumnDocs().filter((c) => c.label).map((c) => c.name);
}

/** A LabelCounter as plain data: column → [value, rows, first row id] per value. */
export type LabelCounterState = Record<string, Array<[value: string, rows: number, firstId: string]>>;

/**
 * Counts the rows of each value of the label columns, streaming over the complete split. A
 * column no batch had is left out, so a run with that scorer off reports nothing for it.
 */
export class LabelCounter {
  /** Per column seen: each value's rows and the id of its first row. */
  private readonly seen = new Map<string, Map<string, { rows: number; firstId: string }>>();

  constructor(private readonly columns: readonly string[] = labelColumns()) {}

  add(batch: RecordBatch, view: TextView): void {
    for (const name of this.columns) {
      const v = batch.getChild(name);
      if (!v) continue;
      const values = this.column(name);
      for (let i = 0; i < batch.numRows; i++) {
        const x = v.get(i);
        tally(values, x === null || x === undefined || x === "" ? NO_VALUE : String(x), 1, view.id[i]!);
      }
    }
  }

  /** The counts as plain data: per column seen, each value's rows and first row id. */
  state(): LabelCounterState {
    const state: LabelCounterState = {};
    for (const [column, values] of this.seen) state[column] = [...values].map(([value, c]) => [value, c.rows, c.firstId]);
    return state;
  }

  /**
   * Add the counts of a counter that saw the rows after this one's (its `state`): a value's
   * first row id stays this counter's when it had the value, so merge pieces in input order.
   */
  merge(state: LabelCounterState): void {
    for (const [column, values] of Object.entries(state)) {
      const mine = this.column(column);
      for (const [value, n, id] of values) tally(mine, value, n, id);
    }
  }

  private column(name: string): Map<string, { rows: number; firstId: string }> {
    let values = this.seen.get(name);
    if (!values) this.seen.set(name, (values = new Map()));
    return values;
  }

  /** The counts in registry order, each column's values by count then value. */
  counts(): LabelCount[] {
    return this.columns.flatMap((column) => {
      const m = this.seen.get(column);
      if (!m) return [];
      const sorted = [...m].sort((a, b) => b[1].rows - a[1].rows || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const top = sorted.slice(0, MAX_VALUES);
      const counts: Record<string, number> = Object.fromEntries(top.map(([value, c]) => [value, c.rows]));
      const rest = sorted.slice(MAX_VALUES).reduce((n, [, c]) => n + c.rows, 0);
      const examples: Record<string, string> = Object.fromEntries(top.map(([value, c]) => [value, c.firstId]));
      if (rest) counts[OTHER_VALUES] = (counts[OTHER_VALUES] ?? 0) + rest;
      return [{ column, counts, examples }];
    });
  }
}

/** Count `n` rows of a value; the first time it is seen, `id` is its first row. */
function tally(values: Map<string, { rows: number; firstId: string }>, value: string, n: number, id: string): void {
  const c = values.get(value);
  if (c) c.rows += n;
  else values.set(value, { rows: n, firstId: id });
}
