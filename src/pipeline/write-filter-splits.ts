import { Field, Schema, Utf8, type RecordBatch } from "apache-arrow";
import type { BoundFilter, FilterBatch } from "../core/row-filter.js";
import type { TextView } from "../core/text-view.js";
import { balanceDetail, type BalanceCut } from "../filters/balance-cut.js";
import type { RemovalExamples } from "../filters/filter-funnel.js";
import { KEPT, type RowDecisions } from "../filters/decide-rows.js";
import type { DuplicateTargets } from "../filters/duplicate-chains.js";
import { qualityScores } from "../filters/quality-score.js";
import { takeRows } from "../filters/take-rows.js";
import { createBatchWriter, type BatchWriter, type WriteOptions } from "../io/batch-writer.js";
import { appendColumns } from "../io/column-vector.js";
import { utf8Vector } from "../io/utf8-vector.js";

/**
 * Sees every row of the scored file as pass 2 writes it, so a caller can build more from
 * the same read (`run` feeds the report this way instead of reading three files again).
 */
export interface FilterObserver {
  /** A batch of the scored file, before it is split (absent: a caller that saw the scored batches while scoring). */
  scored?(batch: RecordBatch, view: TextView): void;
  /** Rows of that batch (indices) written to the filtered split. */
  kept(batch: RecordBatch, view: TextView, rows: readonly number[]): void;
  /** Rows of that batch written to the rejected split, with each row's `filter_reason`. */
  removed(view: TextView, rows: readonly number[], reasons: readonly string[]): void;
}

/** A batch of the scored file with its text view. */
export interface ScoredBatch {
  batch: RecordBatch;
  view: TextView;
}

/** Where the rows go: `filtered` (kept) and `rejected` (removed, with the reason columns). */
export interface SplitWriters {
  filtered: BatchWriter;
  rejected: BatchWriter;
}

/** Everything the passes before decided, which pass 2 turns into the splits. */
export interface SplitPlan {
  /** The reason code of every row, and the filters that explain them (a RowDecisions, or a shard's slice of one). */
  decisions: Pick<RowDecisions, "ledger" | "rows" | "filters" | "settings">;
  /** The balance step, when it ran. */
  balance: BalanceCut | null;
  /** Reason codes of the dedup filters (their rows get `duplicate_of`). */
  dedupCodes: ReadonlySet<number>;
  /** The rows duplicates point at (chains resolved). */
  targets: DuplicateTargets;
  /** Ids of targets read ahead (DuplicateTargets.forward); the others are met on the way. */
  targetIds: ReadonlyMap<number, string>;
  /** Rewrites the rows of both splits before they are written (PII redaction); absent: written as read. */
  rewrite?: (rows: RecordBatch) => RecordBatch;
}

/** The columns a rejected row gets after the scored file's own. */
const REASON_FIELDS = [
  new Field("filter_reason", new Utf8(), false),
  new Field("filter_detail", new Utf8(), false),
  new Field("duplicate_of", new Utf8(), true),
];

/** The schema of the rejected split: the scored file's columns, then filter_reason, filter_detail, duplicate_of. */
export function rejectedSchema(schema: Schema): Schema {
  return new Schema([...schema.fields, ...REASON_FIELDS]);
}

/** Open the writers of both splits for a scored file of `schema`. */
export async function openSplitWriters(files: { filtered: string; rejected: string }, schema: Schema, options: WriteOptions): Promise<SplitWriters> {
  const filtered = await createBatchWriter(files.filtered, schema, options);
  const rejected = await createBatchWriter(files.rejected, rejectedSchema(schema), options);
  return { filtered, rejected };
}

/** The ids of the rows `targets` marks (a read of the scored file ahead of pass 2). */
export async function readTargetIds(batches: AsyncIterable<ScoredBatch>, targets: DuplicateTargets): Promise<Map<number, string>> {
  const ids = new Map<number, string>();
  let o = 0;
  for await (const { batch, view } of batches) {
    for (let i = 0; i < batch.numRows; i++, o++) if (targets.isTarget(o)) ids.set(o, view.id[i]!);
  }
  return ids;
}

/**
 * Pass 2: read the scored file again and write each row to the split its reason code
 * says, the removed ones with filter_reason (the step's name), filter_detail (the
 * filter's explanation of that row, or balance's quota and cut-off) and duplicate_of
 * (the id of the row a removed duplicate stands behind). Closes both writers, or aborts
 * both on any error. Returns the rows written to each. `examples` gets the first removed
 * rows of each step.
 */
export async function writeFilterSplits(
  batches: AsyncIterable<ScoredBatch>,
  writers: SplitWriters,
  plan: SplitPlan,
  observer?: FilterObserver,
  examples?: RemovalExamples,
): Promise<{ filtered: number; rejected: number }> {
  const { ledger, rows } = plan.decisions;
  const ids = new Map(plan.targetIds);
  const rewrite = plan.rewrite ?? ((rows: RecordBatch) => rows);
  let ordinal = 0;
  try {
    for await (const { batch, view } of batches) {
      const n = batch.numRows;
      if (!n) continue;
      for (let i = 0; i < n; i++) if (plan.targets.isTarget(ordinal + i)) ids.set(ordinal + i, view.id[i]!);
      const keepRows: number[] = [];
      const dropRows: number[] = [];
      for (let i = 0; i < n; i++) (ledger.reason[ordinal + i] === KEPT ? keepRows : dropRows).push(i);
      observer?.scored?.(batch, view);
      if (keepRows.length) {
        observer?.kept(batch, view, keepRows);
        await writers.filtered.write(rewrite(takeRows(batch, keepRows)));
      }
      if (dropRows.length) {
        const why = removalColumns({ batch, view }, ordinal, dropRows, plan, ids);
        if (examples) dropRows.forEach((r, k) => examples.add(why.reasons[k]!, view.id[r]!, why.details[k]!));
        observer?.removed(view, dropRows, why.reasons);
        await writers.rejected.write(
          appendColumns(rewrite(takeRows(batch, dropRows)), REASON_FIELDS, [utf8Vector(why.reasons), utf8Vector(why.details), utf8Vector(why.duplicateOf)]),
        );
      }
      ordinal += n;
    }
    if (ordinal !== rows) throw new Error(`the scored file changed between passes (${rows} rows, then ${ordinal}).`);
    await writers.filtered.close();
    await writers.rejected.close();
  } catch (e) {
    await writers.filtered.abort();
    await writers.rejected.abort();
    throw e;
  }
  return { filtered: writers.filtered.rows, rejected: writers.rejected.rows };
}

/**
 * The read of pass 2 without the writing (a dry run): the first removed rows of each step,
 * with the detail the rejected split would give them.
 */
export async function collectRemovalExamples(batches: AsyncIterable<ScoredBatch>, plan: SplitPlan, examples: RemovalExamples): Promise<void> {
  const { ledger } = plan.decisions;
  const ids = new Map(plan.targetIds);
  let ordinal = 0;
  for await (const { batch, view } of batches) {
    const n = batch.numRows;
    for (let i = 0; i < n; i++) if (plan.targets.isTarget(ordinal + i)) ids.set(ordinal + i, view.id[i]!);
    const wanted: number[] = [];
    for (let i = 0; i < n; i++) {
      const code = ledger.reason[ordinal + i]!;
      if (code !== KEPT && examples.wants(reasonName(plan, code))) wanted.push(i);
    }
    if (wanted.length) {
      const why = removalColumns({ batch, view }, ordinal, wanted, plan, ids);
      wanted.forEach((r, k) => examples.add(why.reasons[k]!, view.id[r]!, why.details[k]!));
    }
    ordinal += n;
  }
}

/** The filter_reason of a reason code. */
function reasonName(plan: SplitPlan, code: number): string {
  return plan.balance && code === plan.balance.code ? "balance" : plan.decisions.filters[code - 1]!.name;
}

/** filter_reason, filter_detail and duplicate_of of the removed rows `drop` of a batch starting at ordinal `first`. */
function removalColumns(
  { batch, view }: ScoredBatch,
  first: number,
  drop: readonly number[],
  plan: SplitPlan,
  ids: ReadonlyMap<number, string>,
): { reasons: string[]; details: string[]; duplicateOf: Array<string | null> } {
  const { ledger, filters, settings } = plan.decisions;
  const balance = plan.balance;
  // Filters explain from the batch and its quality; balance from the ledger alone.
  const q = drop.some((i) => ledger.reason[first + i] !== balance?.code) ? qualityScores(batch, settings.quality) : new Float64Array(batch.numRows);
  const fb: FilterBatch = { batch, view, firstOrdinal: first, quality: q };
  const bound = new Map<number, BoundFilter>();
  const reasons: string[] = [];
  const details: string[] = [];
  const duplicateOf: Array<string | null> = [];
  for (const i of drop) {
    const o = first + i;
    const code = ledger.reason[o]!;
    if (balance && code === balance.code) {
      reasons.push("balance");
      details.push(balanceDetail(balance, ledger.group[o]!, ledger.rank[o]!));
      duplicateOf.push(null);
      continue;
    }
    const filter = filters[code - 1]!;
    let b = bound.get(code);
    if (!b) bound.set(code, (b = filter.bind(fb)));
    reasons.push(filter.name);
    details.push(b.explain(i));
    const dup = ledger.duplicateOf[o]!;
    duplicateOf.push(plan.dedupCodes.has(code) && dup ? (ids.get(dup - 1) ?? null) : null);
  }
  return { reasons, details, duplicateOf };
}
