import { DataType, type RecordBatch } from "apache-arrow";
import type { TextView } from "../core/text-view.js";
import { scoreColumnDocs } from "../metrics/scorer-registry.js";

/** How many rows of the complete split one signal column flags, with the first few flagged ids. */
export interface SignalCount {
  column: string;
  /** Rows whose value is > 0 (numbers), true, a non-empty list or a non-empty string. */
  flagged: number;
  /** Ids of the first flagged rows in input order (at most EXAMPLES). */
  examples: string[];
}

/** Example ids kept per signal. */
const EXAMPLES = 3;

/** The columns the scorer registry declares as signals (`signal: true`), in registry order. */
export function signalColumns(): string[] {
  return scoreColumnDocs().filter((c) => c.signal).map((c) => c.name);
}

/**
 * Counts, per signal column, the rows it flags, streaming over the complete split. A
 * column no batch had is left out of the result, so a run with that scorer off reports
 * nothing for it. Input order decides the examples: the same data gives the same ids.
 */
export class SignalCounter {
  private readonly seen = new Map<string, SignalCount>();

  constructor(private readonly columns: readonly string[] = signalColumns()) {}

  add(batch: RecordBatch, view: TextView): void {
    for (const name of this.columns) {
      const v = batch.getChild(name);
      if (!v) continue;
      let count = this.seen.get(name);
      if (!count) this.seen.set(name, (count = { column: name, flagged: 0, examples: [] }));
      const flags = flagTest(v.type as DataType);
      for (let i = 0; i < batch.numRows; i++) {
        if (!flags(v.get(i))) continue;
        count.flagged++;
        if (count.examples.length < EXAMPLES) count.examples.push(view.id[i]!);
      }
    }
  }

  /** The counts as plain data: each column seen, in the order first seen. */
  state(): SignalCount[] {
    return [...this.seen.values()].map((s) => ({ column: s.column, flagged: s.flagged, examples: [...s.examples] }));
  }

  /**
   * Add the counts of a counter that saw the rows after this one's (its `state`): examples
   * are the first flagged rows, so merge pieces in input order.
   */
  merge(state: readonly SignalCount[]): void {
    for (const other of state) {
      let count = this.seen.get(other.column);
      if (!count) this.seen.set(other.column, (count = { column: other.column, flagged: 0, examples: [] }));
      count.flagged += other.flagged;
      for (const id of other.examples) if (count.examples.length < EXAMPLES) count.examples.push(id);
    }
  }

  /** The counts in registry order. */
  counts(): SignalCount[] {
    return this.columns.flatMap((c) => {
      const s = this.seen.get(c);
      return s ? [{ column: s.column, flagged: s.flagged, examples: [...s.examples] }] : [];
    });
  }
}

/** Whether a value of this type flags its row. */
function flagTest(type: DataType): (value: unknown) => boolean {
  if (DataType.isList(type) || DataType.isFixedSizeList(type)) return (x) => x != null && (x as { length: number }).length > 0;
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return (x) => typeof x === "string" && x.length > 0;
  if (DataType.isBool(type)) return (x) => x === true;
  return (x) => x != null && Number(x) > 0;
}
