import { readFile } from "node:fs/promises";
import type { Schema } from "apache-arrow";
import { schemaFromBase64 } from "../../io/schema-base64.js";
import { BalanceGroups } from "../../filters/balance-groups.js";
import { keepOrMarkDuplicate } from "../../filters/dedup-decision.js";
import { duplicateLedgerOf, KEPT } from "../../filters/decide-rows.js";
import { DEDUP_INDEX_SLOTS, FingerprintTable } from "../../filters/fingerprint-table.js";
import type { FilterConfig } from "../../filters/filter-config.js";
import { chooseBandShape } from "../../filters/lsh-bands.js";
import { RowLedger } from "../../filters/row-ledger.js";
import type { RowFilter } from "../../core/row-filter.js";
import { partitionableDedup, readShardRows, type ShardKeys } from "./decide-keys.js";
import type { PartitionGroups } from "./dedup-stage.js";
import { runPaths, type RunPlan } from "./run-plan.js";

/** A row in some dedup group: what the one-process pass would have known of it when it reached dedup. */
interface GroupedRow {
  quality: number;
  post: number;
  hasWords: boolean;
  id: string;
  /** Its exact group (-1: its fingerprint is its own). */
  exact: number;
  /** Its LSH band groups, by band number. */
  near: Array<[band: number, group: number]>;
}

/** The schema the score jobs' batches had (that of the first shard with rows), or undefined when no shard has a row. */
export async function keyedSchema(plan: RunPlan): Promise<Schema | undefined> {
  const paths = runPaths(plan.out);
  for (let s = 0; s < plan.shards.length; s++) {
    const keys = JSON.parse(await readFile(paths.shardKeys(s), "utf8")) as ShardKeys;
    if (keys.schema) return schemaFromBase64(keys.schema);
  }
  return undefined;
}

/** Pass 1's ledger rebuilt from the shards' keys, the ids of the rows duplicates may name, and the bytes the one-process pass would have held. */
export interface KeyedDecisions {
  ledger: RowLedger;
  rows: number;
  groups: string[];
  targetIds: Map<number, string>;
  indexBytes: number;
}

/**
 * The decide stage's global step from keys (datatrove's cluster step): the per-row codes of
 * every shard (the filters that need no other row) into one ledger, then the dedup filters
 * replayed in run order over the rows that share a key with another row — the only rows
 * whose fate dedup can change. A row whose every key is its own passes dedup in the
 * one-process pass too, and the keys it stores there are never matched, so replaying only
 * the grouped rows gives the same codes, the same duplicate targets and the same index size.
 * Memory: the ledger (9 bytes a row, as in one process) and the grouped rows.
 */
export async function decideFromKeys(plan: RunPlan, cfg: FilterConfig, filters: readonly RowFilter[]): Promise<KeyedDecisions> {
  const paths = runPaths(plan.out);
  const keys: ShardKeys[] = [];
  for (let s = 0; s < plan.shards.length; s++) keys.push(JSON.parse(await readFile(paths.shardKeys(s), "utf8")) as ShardKeys);
  const first: number[] = [];
  let rows = 0;
  for (const k of keys) {
    first.push(rows);
    rows += k.rows;
  }
  const ledger = new RowLedger();
  ledger.ensure(rows);
  ledger.length = rows;
  const groups = new BalanceGroups(cfg.balance?.by ?? "");
  for (let s = 0; s < keys.length; s++) {
    const k = keys[s]!;
    const toRun = k.groups.map((g) => groups.indexOf(g));
    const { code, group, rank } = await readShardRows(paths.shardRows(s), k.rows);
    const at = first[s]!;
    ledger.reason.set(code, at);
    ledger.rank.set(rank, at);
    for (let r = 0; r < k.rows; r++) ledger.group[at + r] = toRun.length ? toRun[group[r]!]! : 0;
  }

  // The grouped rows, from every partition.
  const grouped = new Map<number, GroupedRow>();
  let exactKeys = 0;
  let nextGroup = 0;
  for (let p = 0; p < plan.dedupPartitions; p++) {
    const part = JSON.parse(await readFile(paths.partitionGroups(p), "utf8")) as PartitionGroups;
    exactKeys += part.exactKeys;
    for (const [band, ...members] of part.groups) {
      const gid = nextGroup++;
      for (const [shard, row, quality, post, hasWords, id] of members) {
        const o = first[shard]! + row;
        let g = grouped.get(o);
        if (!g) grouped.set(o, (g = { quality, post, hasWords: hasWords === 1, id, exact: -1, near: [] }));
        if (band === 0) g.exact = gid;
        else g.near.push([band - 1, gid]);
      }
    }
  }

  const dedup = partitionableDedup(cfg)!;
  const exactFilter = filters.find((f) => f.name === "dedup.exact");
  const nearFilter = filters.find((f) => f.name === "dedup.near");
  // The one-process pass's ledger rules (demote, duplicate targets), over the grouped rows.
  const duplicates = duplicateLedgerOf(ledger, (o) => grouped.get(o)!.quality, (f) => filters.indexOf(f) + 1);
  const bands = dedup.near ? chooseBandShape(dedup.near.threshold, dedup.near.num_perm).bands : 0;
  const exactIndex = new Map<number, number>();
  const nearIndex = new Map<number, number>();
  let nearKeys = 0;
  let groupedNearRows = 0;
  const insertNear = (g: GroupedRow, o: number) => {
    nearKeys += bands - g.near.length; // its keys no other row has
    for (const [, gid] of g.near) {
      if (!nearIndex.has(gid)) nearKeys++;
      nearIndex.set(gid, o);
    }
  };
  const order = [...grouped.keys()].sort((a, b) => a - b);
  for (const o of order) {
    const g = grouped.get(o)!;
    g.near.sort((a, b) => a[0] - b[0]);
    if (g.hasWords) groupedNearRows++;
    let code = KEPT;
    if (exactFilter && g.exact >= 0) {
      if (keepOrMarkDuplicate(exactIndex.get(g.exact) ?? -1, o, dedup.keepBest, duplicates, exactFilter)) exactIndex.set(g.exact, o);
      else code = filters.indexOf(exactFilter) + 1;
    }
    if (code === KEPT && nearFilter && g.hasWords) {
      let seen = -1;
      for (const [, gid] of g.near) {
        const s = nearIndex.get(gid);
        if (s !== undefined) {
          seen = s;
          break;
        }
      }
      if (keepOrMarkDuplicate(seen, o, dedup.keepBest, duplicates, nearFilter)) insertNear(g, o);
      else code = filters.indexOf(nearFilter) + 1;
    }
    ledger.reason[o] = code === KEPT ? g.post : code;
  }
  // Rows with words that share no key reached near dedup and stored all their bands.
  const nearRows = keys.reduce((a, k) => a + k.nearRows, 0);
  nearKeys += (nearRows - groupedNearRows) * bands;

  const targetIds = new Map<number, string>();
  for (const [o, g] of grouped) targetIds.set(o, g.id);
  // What the one-process pass holds: its ledger, the quality array beside it, the dedup indexes.
  const indexBytes =
    ledger.bytes +
    ledger.reason.length * 2 +
    (exactFilter ? FingerprintTable.bytesFor(exactKeys, DEDUP_INDEX_SLOTS) : 0) +
    (nearFilter ? FingerprintTable.bytesFor(nearKeys, DEDUP_INDEX_SLOTS) : 0);
  return { ledger, rows, groups: groups.names, targetIds, indexBytes };
}
