import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { AtomicFile } from "../../io/atomic-file.js";
import { writeJsonFile } from "../../io/json-file.js";
import { KEPT } from "../../filters/decide-rows.js";
import { filterAccounting } from "../../filters/filter-accounting.js";
import { validateFilterConfig } from "../../filters/filter-config.js";
import { largeRemovalWarnings } from "../../filters/filter-funnel.js";
import { buildFilters, NO_DECISIONS } from "../../filters/build-filters.js";
import type { RowLedger } from "../../filters/row-ledger.js";
import { balanceOf, FilterDecider, settleDecisions, type SettledDecisions } from "../filter-decider.js";
import { decideFromKeys, keyedSchema } from "./decide-from-keys.js";
import type { ScoreSummary } from "../score-dataset.js";
import { openDataset } from "../../io/dataset-reader.js";
import { scoredBatches } from "../scored-batches.js";
import { readTargetIds } from "../write-filter-splits.js";
import { runPaths, scoredReadOptions, splitPaths, type RunPlan } from "./run-plan.js";
import { serializeBalanceCut, type RunDecisions, type ShardDecisions } from "./shard-decisions.js";

/**
 * The run-wide decisions, one small job after the dedup partitions: pass 1's codes rebuilt
 * from the shards' keys with dedup replayed over the grouped rows (decide-from-keys.ts), or,
 * for a config that compares whole rows, the scored parts read in shard order through the
 * filters — either way dedup sees every row, so duplicates across shards are found and the
 * earliest row is kept whatever the shard size; then the balance cut and the duplicate
 * chains; then, per shard, what its write job needs, the filter accounting
 * (`filter_stats.json`), and the scoring accounting merged from the shards
 * (`complete.summary.json`, `complete.rejects.jsonl`).
 */
export async function runDecideJob(plan: RunPlan): Promise<void> {
  const paths = runPaths(plan.out);
  const split = splitPaths(plan);
  const cfg = validateFilterConfig(plan.filterConfig);
  const read = scoredReadOptions(plan);
  const parts = plan.shards.map((_, i) => split.complete(i));
  const summaries: ScoreSummary[] = [];
  for (let i = 0; i < plan.shards.length; i++) summaries.push(JSON.parse(await readFile(paths.scoreSummary(i), "utf8")) as ScoreSummary);

  // The filters are built from the scored batches' schema: in keys mode the score jobs saved
  // it (no part is opened); otherwise, and for a run without rows, the parts' own.
  const keyed = plan.decideFromKeys ? await keyedSchema(plan) : undefined;
  const scored = keyed ? undefined : await openDataset(parts, read);
  const schema = keyed ?? scored!.schema;
  let settled: Omit<SettledDecisions, "decisions">;
  let ledger: RowLedger;
  let rows: number;
  let targetIds: Map<number, string>;
  let indexBytes: number;
  if (plan.decideFromKeys) {
    // From the keys the score jobs gathered and the dedup partitions grouped: no row is read.
    const entries = buildFilters(cfg, schema, NO_DECISIONS);
    const decided = await decideFromKeys(plan, cfg, entries.flatMap((e) => ("filter" in e ? [e.filter] : [])));
    ({ ledger, rows, targetIds, indexBytes } = decided);
    settled = settleDecisions(cfg, ledger, rows, entries, balanceOf(cfg, schema), decided.groups);
  } else {
    // A filter that compares whole rows (embedding near dedup): every scored part, in shard order.
    const decider = new FilterDecider(cfg);
    for await (const sb of scoredBatches(scored!)) decider.decide(sb.batch, sb.view);
    const { decisions, ...rest } = decider.settle(schema);
    settled = rest;
    ledger = decisions.ledger;
    rows = decisions.rows;
    indexBytes = decisions.indexBytes;
    let anyDuplicate = false;
    for (let o = 0; o < rows && !anyDuplicate; o++) anyDuplicate = rest.codes.has(ledger.reason[o]!) && ledger.duplicateOf[o]! > 0;
    targetIds = anyDuplicate ? await readTargetIds(scoredBatches(await openDataset(parts, read)), rest.targets) : new Map<number, string>();
  }
  const { entries, cut, codes, warnings } = settled;

  // Per shard: its rows' slice of the ledger (the shards' row counts come from their summaries).
  let first = 0;
  let kept = 0;
  for (let i = 0; i < plan.shards.length; i++) {
    const n = summaries[i]!.rows_scored;
    const slice: ShardDecisions = { first, rows: n, reason: [], group: [], rank: [], duplicateOf: {} };
    for (let r = 0; r < n; r++) {
      const o = first + r;
      const code = ledger.reason[o]!;
      if (code === KEPT) kept++;
      slice.reason.push(code);
      slice.group.push(ledger.group[o]!);
      slice.rank.push(ledger.rank[o]!);
      if (codes.has(code) && ledger.duplicateOf[o]) {
        const id = targetIds.get(ledger.duplicateOf[o]! - 1);
        if (id !== undefined) slice.duplicateOf[r] = id;
      }
    }
    await writeJsonFile(paths.decisions(i), slice);
    first += n;
  }
  if (first !== rows) throw new Error(`${plan.out}: the scored parts hold ${rows} rows but their summaries ${first}; score the run again.`);

  // The split as one name (its part files' pattern): the same whatever the shard size.
  const inputs = [relative(plan.out, split.pattern("complete"))];
  const stats = filterAccounting({ inputs, entries, ledger, rows, balance: cut, written: { filtered: kept, rejected: rows - kept }, warnings, indexBytes, config: cfg });
  stats.warnings.push(...largeRemovalWarnings(stats));
  const decided: RunDecisions = { balance: cut && serializeBalanceCut(cut), dedupCodes: [...codes], stats };
  await writeJsonFile(paths.decided, decided);
  await writeJsonFile(split.filterStats, stats);
  await mergeScoreAccounting(plan, summaries);
}

/** complete.summary.json and complete.rejects.jsonl of the whole run, from the shards' (sums, and the rejects in shard order). */
async function mergeScoreAccounting(plan: RunPlan, summaries: ScoreSummary[]): Promise<void> {
  const paths = runPaths(plan.out);
  const split = splitPaths(plan);
  const rejects = await AtomicFile.create(split.rejects);
  for (let i = 0; i < plan.shards.length; i++) await rejects.write(await readFile(paths.scoreRejects(i)));
  await rejects.commit();
  const byReason = new Map<string, number>();
  for (const s of summaries) for (const [k, v] of Object.entries(s.rejected_by_reason)) byReason.set(k, (byReason.get(k) ?? 0) + v);
  const damaged = summaries.flatMap((s) => s.damaged_parts ?? []);
  const replaced = summaries.reduce((a, s) => a + (s.rows_with_replaced_text ?? 0), 0);
  const first = summaries[0]!;
  const sum = (k: "rows_read" | "rows_scored" | "rows_rejected") => summaries.reduce((a, s) => a + s[k], 0);
  const merged = {
    inputs: first.inputs,
    output: relative(plan.out, split.pattern("complete")),
    rejects_file: relative(plan.out, split.rejects),
    layout: first.layout,
    rows_read: sum("rows_read"),
    rows_scored: sum("rows_scored"),
    rows_rejected: sum("rows_rejected"),
    rejected_by_reason: Object.fromEntries([...byReason].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))),
    ...(damaged.length ? { damaged_parts: damaged } : {}),
    ...(replaced ? { rows_with_replaced_text: replaced } : {}),
    columns_added: first.columns_added,
  };
  await writeJsonFile(split.summary, merged);
}
