import { readFile } from "node:fs/promises";
import { writeJsonFile } from "../../io/json-file.js";
import { readKeyBlock, type ShardKeys } from "./decide-keys.js";
import { runPaths, type RunPlan } from "./run-plan.js";

/** A member of a dedup group: where the row is and what deciding it needs. */
export type GroupMember = [shard: number, row: number, quality: number, post: number, hasWords: 0 | 1, id: string];

/** What a dedup partition job found: the keys shared by two or more rows, with their rows in run order. */
export interface PartitionGroups {
  /** Distinct exact fingerprints in the partition (the one-process index holds as many). */
  exactKeys: number;
  /** [band, ...members]: band 0 is an exact fingerprint, b + 1 an LSH band. */
  groups: Array<[number, ...GroupMember[]]>;
}

/**
 * One dedup partition (datatrove's bucket step): the keys every shard routed here, grouped;
 * a key that two or more rows share is a group, its rows in run order (shard, then row).
 * Keys held by one row are only counted: they decide nothing.
 */
export async function runDedupJob(plan: RunPlan, partition: number): Promise<void> {
  const paths = runPaths(plan.out);
  const byKey = new Map<string, GroupMember[]>();
  const bandOf = new Map<string, number>();
  let exactKeys = 0;
  for (let shard = 0; shard < plan.shards.length; shard++) {
    const keys = JSON.parse(await readFile(paths.shardKeys(shard), "utf8")) as ShardKeys;
    const block = keys.blocks[partition];
    if (!block) throw new Error(`${paths.shardKeys(shard)}: no block for partition ${partition}; score the shard again.`);
    for (const [hi, lo, band, row, quality, post, hasWords, id] of await readKeyBlock(paths.shardKeyFile(shard), block)) {
      const key = `${band}:${hi}:${lo}`;
      let members = byKey.get(key);
      if (!members) {
        byKey.set(key, (members = []));
        bandOf.set(key, band);
        if (band === 0) exactKeys++;
      }
      members.push([shard, row, quality, post, hasWords, id]);
    }
  }
  const groups: PartitionGroups["groups"] = [];
  for (const [key, members] of byKey) if (members.length > 1) groups.push([bandOf.get(key)!, ...members]);
  // Map order follows the records' order (shard, row), so the file is the same on every run.
  const result: PartitionGroups = { exactKeys, groups };
  await writeJsonFile(paths.partitionGroups(partition), result);
}
