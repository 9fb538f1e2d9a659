import { readFile } from "node:fs/promises";
import { openDataset } from "../../io/dataset-reader.js";
import { buildFilters, NO_DECISIONS } from "../../filters/build-filters.js";
import { validateFilterConfig } from "../../filters/filter-config.js";
import { RowLedger } from "../../filters/row-ledger.js";
import { piiRedactor } from "../redact-splits.js";
import { scoredBatches } from "../scored-batches.js";
import { openSplitWriters, writeFilterSplits, type SplitPlan } from "../write-filter-splits.js";
import { reportWriteGatherer } from "./report-aggregates.js";
import { runPaths, scoredReadOptions, splitPaths, type RunPlan } from "./run-plan.js";
import { reviveBalanceCut, type RunDecisions, type ShardDecisions } from "./shard-decisions.js";

/**
 * Write one shard's filtered and rejected parts from its scored part and the decide stage's
 * decisions: the same writer as a one-process run, given the shard's slice of the ledger
 * (the filters are rebuilt from the config only to explain each removal).
 */
export async function runWriteJob(plan: RunPlan, shard: number): Promise<void> {
  const paths = runPaths(plan.out);
  const split = splitPaths(plan);
  const cfg = validateFilterConfig(plan.filterConfig);
  const decided = JSON.parse(await readFile(paths.decided, "utf8")) as RunDecisions;
  const mine = JSON.parse(await readFile(paths.decisions(shard), "utf8")) as ShardDecisions;
  const scored = await openDataset(split.complete(shard), scoredReadOptions(plan));
  const entries = buildFilters(cfg, scored.schema, NO_DECISIONS);
  const filters = entries.flatMap((e) => ("filter" in e ? [e.filter] : []));
  const ledger = new RowLedger();
  ledger.ensure(mine.rows);
  ledger.reason.set(mine.reason);
  ledger.group.set(mine.group);
  ledger.rank.set(mine.rank);
  // duplicate_of: row r points at "itself", whose id the decide stage resolved (targetIds below).
  const targetIds = new Map<number, string>();
  for (const [r, id] of Object.entries(mine.duplicateOf)) {
    ledger.duplicateOf[Number(r)] = Number(r) + 1;
    targetIds.set(Number(r), id);
  }
  ledger.length = mine.rows;
  const decisions = { ledger, rows: mine.rows, filters, settings: { quality: cfg.quality, balance: cfg.balance ?? null, seed: cfg.seed } };
  const redact = cfg.filters.some((f) => f.kind === "pii" && f.redact);
  const splitPlan: SplitPlan = {
    decisions,
    balance: decided.balance ? reviveBalanceCut(decided.balance) : null,
    dedupCodes: new Set(decided.dedupCodes),
    targets: { isTarget: () => false, forward: false },
    targetIds,
    rewrite: redact ? piiRedactor(scored.layout, scored.schema.fields.map((f) => f.name)) : undefined,
  };
  // The report's share of this shard: what the filter did, gathered as the splits are written.
  const report = plan.options.noReport ? undefined : await reportWriteGatherer(plan, shard, scored.schema);
  const writers = await openSplitWriters({ filtered: split.filtered(shard), rejected: split.rejected(shard) }, scored.schema, plan.options);
  await writeFilterSplits(scoredBatches(scored), writers, splitPlan, report?.observer);
  await report?.save();
}
