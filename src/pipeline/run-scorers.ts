import type { ComputedColumns, ScoreColumn } from "../core/score-column.js";
import type { Scorer } from "../core/scorer.js";
import type { TextView } from "../core/text-view.js";

/**
 * Scorers in an order where each runs after the scorers whose columns it needs.
 * Throws when a needed column is produced by no scorer.
 */
export function orderScorers(scorers: ReadonlyArray<Scorer>): Scorer[] {
  const ordered: Scorer[] = [];
  const produced = new Set<string>();
  const pending = [...scorers];
  while (pending.length) {
    const i = pending.findIndex((s) => (s.needs ?? []).every((c) => produced.has(c)));
    if (i < 0) {
      const s = pending[0]!;
      const missing = (s.needs ?? []).filter((c) => !produced.has(c));
      throw new Error(`scorer '${s.name}' needs the column(s) ${missing.join(", ")}, which no configured scorer produces (enable an embedder).`);
    }
    const [s] = pending.splice(i, 1);
    ordered.push(s!);
    for (const c of s!.columns) produced.add(c);
  }
  return ordered;
}

/** Run ordered scorers over one view; returns every column they add, in order. */
export async function runScorers(scorers: ReadonlyArray<Scorer>, view: TextView): Promise<ScoreColumn[]> {
  const computed = new Map<string, ScoreColumn>();
  const out: ScoreColumn[] = [];
  for (const scorer of scorers) {
    const columns = await scorer.score(view, computed as ComputedColumns);
    for (const c of columns) {
      if (c.values.length !== (c.kind === "float32-vector" ? view.length * c.dim : view.length)) {
        throw new Error(`scorer '${scorer.name}' returned ${c.values.length} values for column '${c.name}' on a batch of ${view.length} rows.`);
      }
      computed.set(c.name, c);
      out.push(c);
    }
  }
  return out;
}

/** An empty view: scoring it tells the types of the columns scorers add, before any data. */
export const EMPTY_VIEW: TextView = {
  length: 0,
  id: [],
  instruction: [],
  response: [],
  turns: new Int32Array(0),
  multiTurn: new Uint8Array(0),
  turnText: [],
  turnRole: [],
  turnOffsets: new Int32Array(1),
};
