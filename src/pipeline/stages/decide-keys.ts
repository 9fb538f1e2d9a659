import type { RecordBatch, Schema } from "apache-arrow";
import { open, readFile } from "node:fs/promises";
import type { BoundFilter, RowFilter } from "../../core/row-filter.js";
import type { TextView } from "../../core/text-view.js";
import { AtomicFile } from "../../io/atomic-file.js";
import { writeJsonFile } from "../../io/json-file.js";
import { schemaToBase64 } from "../../io/schema-base64.js";
import { BalanceGroups, balanceValues } from "../../filters/balance-groups.js";
import { buildFilters, NO_DECISIONS } from "../../filters/build-filters.js";
import { dedupWords } from "../../filters/dedup-text.js";
import { dedupCodes } from "../../filters/duplicate-chains.js";
import { exactDedupHash } from "../../filters/exact-dedup-filter.js";
import type { DedupStep } from "../../filters/dedup-filter.js";
import type { FilterConfig, NearDedupConfig } from "../../filters/filter-config.js";
import { chooseBandShape, type BandShape } from "../../filters/lsh-bands.js";
import { lshBandKey } from "../../filters/lsh-index.js";
import { MinHasher } from "../../filters/minhash.js";
import { qualityScores, quantiseQuality } from "../../filters/quality-score.js";
import { balanceRank } from "../../filters/decide-rows.js";
import { RowLedger } from "../../filters/row-ledger.js";
import type { Hash64 } from "../../base/hashing.js";
import { balanceOf } from "../filter-decider.js";

/**
 * One dedup key of a row that reached the dedup filters, routed to the partition its hash
 * names: `band` 0 is the exact fingerprint, b + 1 the key of MinHash LSH band b. The row's
 * quality (keep-best), its code from the filters after dedup, whether it has words (near
 * dedup skips rows without) and its id (what a duplicate of it names) travel with the key,
 * so a partition job needs nothing else.
 */
export type DedupKeyRecord = [hi: number, lo: number, band: number, row: number, quality: number, post: number, hasWords: 0 | 1, id: string];

/** What a score job's keys say about its shard, beside the per-row file. */
export interface ShardKeys {
  rows: number;
  /** The shard's balance values in order of first appearance (the per-row groups index this). */
  groups: string[];
  /** Rows that reached near dedup's MinHash (they reached dedup and have words). */
  nearRows: number;
  /** Byte range [start, end) of each partition's records in the shard's key file. */
  blocks: Array<[number, number]>;
  /** The scored batches' schema (schemaToBase64), which the decide job builds the filters from; absent for a shard without rows. */
  schema?: string;
}

/** Which dedup steps a config runs, and whether a staged run can decide it partition by partition. */
export interface DedupPlan {
  exact: boolean;
  near: NearDedupConfig | null;
  keepBest: boolean;
}

/** The config's dedup, or null when the decide stage must see every row in one job (embedding near dedup compares vectors, not keys). */
export function partitionableDedup(cfg: FilterConfig): DedupPlan | null {
  const dedup = cfg.filters.find((f): f is DedupStep => f.kind === "dedup")?.dedup;
  if (!dedup) return { exact: false, near: null, keepBest: false };
  if (dedup.near && dedup.near.method !== "minhash") return null;
  return { exact: dedup.exact, near: dedup.near, keepBest: dedup.keep === "quality" };
}

/** The filters of a pipeline split around its dedup steps: reason codes are positions + 1. */
export interface FilterChain {
  filters: RowFilter[];
  /** Positions of the first and last dedup filter (-1 when there is none). */
  firstDedup: number;
  lastDedup: number;
}

export function filterChain(cfg: FilterConfig, schema: Schema): FilterChain {
  const filters = buildFilters(cfg, schema, NO_DECISIONS).flatMap((e) => ("filter" in e ? [e.filter] : []));
  const codes = [...dedupCodes(filters)];
  return { filters, firstDedup: codes.length ? Math.min(...codes) - 1 : -1, lastDedup: codes.length ? Math.max(...codes) - 1 : -1 };
}

/** The partition a key goes to. */
export function partitionOf(lo: number, partitions: number): number {
  return (lo >>> 0) % partitions;
}

/**
 * The score job's part of deciding (the staged run's first dedup stage, as in datatrove's
 * MinHash signature step): every row of the shard through the filters that need no other
 * row, the balance group and rank, and, for rows that reach dedup, their dedup keys routed
 * by hash into the run's partitions. Saved as the shard's per-row file (code, group, rank:
 * 5 bytes a row), its key file (one block of records per partition) and a summary.
 */
export class DecideKeysGatherer {
  private chain: FilterChain | null = null;
  private schema: Schema | null = null;
  private balance: ReturnType<typeof balanceOf> = null;
  private readonly groups: BalanceGroups | null;
  /** The shard's rows as far as this job can decide them (reason: the code of the filters that need no other row). */
  private readonly ledger = new RowLedger();
  private rows = 0;
  private nearRows = 0;
  private readonly blocks: DedupKeyRecord[][];
  private readonly hasher: MinHasher | null;
  private readonly shape: BandShape | null;
  private readonly hash: Hash64 = { hi: 0, lo: 0 };

  constructor(
    private readonly cfg: FilterConfig,
    private readonly dedup: DedupPlan,
    private readonly partitions: number,
    private readonly paths: { rows: string; keys: string; summary: string },
  ) {
    this.groups = cfg.balance ? new BalanceGroups(cfg.balance.by) : null;
    this.blocks = Array.from({ length: partitions }, () => []);
    const near = dedup.near;
    this.hasher = near ? new MinHasher(near.num_perm, near.shingle_words) : null;
    this.shape = near ? chooseBandShape(near.threshold, near.num_perm) : null;
  }

  add(batch: RecordBatch, view: TextView): void {
    const n = batch.numRows;
    if (!n) return;
    if (!this.chain) {
      this.schema = batch.schema;
      this.chain = filterChain(this.cfg, batch.schema);
      this.balance = balanceOf(this.cfg, batch.schema);
    }
    this.ledger.ensure(this.rows + n);
    const { filters, firstDedup, lastDedup } = this.chain;
    const quality = qualityScores(batch, this.cfg.quality);
    const fb = { batch, view, firstOrdinal: this.rows, quality };
    const bound: Array<BoundFilter | null> = filters.map((f, k) => (firstDedup >= 0 && k >= firstDedup && k <= lastDedup ? null : f.bind(fb)));
    const values = this.balance ? balanceValues(batch, this.balance.by) : null;
    const before = firstDedup >= 0 ? firstDedup : filters.length;
    for (let i = 0; i < n; i++) {
      const row = this.rows + i;
      const q = quantiseQuality(quality[i]!);
      let code = 0;
      for (let k = 0; k < before && !code; k++) if (!bound[k]!.keep(i)) code = k + 1;
      if (!code && firstDedup >= 0) {
        let post = 0;
        for (let k = lastDedup + 1; k < filters.length && !post; k++) if (!bound[k]!.keep(i)) post = k + 1;
        code = post;
        this.addKeys(view, i, row, q, post);
      }
      this.ledger.reason[row] = code;
      if (values) {
        this.ledger.group[row] = this.groups!.indexOf(values[i]!);
        this.ledger.rank[row] = balanceRank(this.balance!.order, q, view.id[i]!, this.cfg.seed);
      }
    }
    this.rows += n;
  }

  /** The dedup keys of a row that reached dedup: its exact fingerprint, its LSH band keys. */
  private addKeys(view: TextView, i: number, row: number, quality: number, post: number): void {
    const instruction = view.instruction[i]!;
    const response = view.response[i]!;
    const id = view.id[i]!;
    const words = this.hasher ? dedupWords(instruction, response) : [];
    const hasWords = words.length ? 1 : 0;
    if (this.dedup.exact) {
      const h = exactDedupHash(instruction, response, this.hash);
      this.blocks[partitionOf(h.lo, this.partitions)]!.push([h.hi >>> 0, h.lo >>> 0, 0, row, quality, post, hasWords, id]);
    }
    if (this.hasher && hasWords) {
      this.nearRows++;
      const sig = this.hasher.sign(words);
      for (let b = 0; b < this.shape!.bands; b++) {
        const [hi, lo] = lshBandKey(sig, b, this.shape!.rows);
        this.blocks[partitionOf(lo, this.partitions)]!.push([hi, lo, b + 1, row, quality, post, hasWords, id]);
      }
    }
  }

  async save(): Promise<void> {
    const n = this.rows;
    const rowsFile = await AtomicFile.create(this.paths.rows);
    const { group, rank, reason } = this.ledger;
    await rowsFile.write(new Uint8Array(group.buffer, 0, n * 2));
    await rowsFile.write(new Uint8Array(rank.buffer, 0, n * 2));
    await rowsFile.write(reason.subarray(0, n));
    await rowsFile.commit();
    const keysFile = await AtomicFile.create(this.paths.keys);
    const blocks: Array<[number, number]> = [];
    let at = 0;
    for (const block of this.blocks) {
      const bytes = Buffer.from(JSON.stringify(block), "utf8");
      await keysFile.write(bytes);
      blocks.push([at, at + bytes.length]);
      at += bytes.length;
    }
    await keysFile.commit();
    const summary: ShardKeys = { rows: n, groups: this.groups?.names ?? [], nearRows: this.nearRows, blocks, ...(this.schema ? { schema: schemaToBase64(this.schema) } : {}) };
    await writeJsonFile(this.paths.summary, summary);
  }
}

/** A shard's per-row file: codes (filters that need no other row; 0 kept so far), balance groups (the shard's own indices) and ranks. */
export async function readShardRows(path: string, rows: number): Promise<{ code: Uint8Array; group: Uint16Array; rank: Uint16Array }> {
  const buf = await readFile(path);
  if (buf.length !== rows * 5) throw new Error(`${path}: ${buf.length} bytes, expected ${rows * 5} for ${rows} rows; score the shard again.`);
  const copy = new Uint8Array(buf); // aligned for the 16-bit views
  return { group: new Uint16Array(copy.buffer, 0, rows), rank: new Uint16Array(copy.buffer, rows * 2, rows), code: copy.subarray(rows * 4, rows * 5) };
}

/** One partition's records from a shard's key file. */
export async function readKeyBlock(path: string, [start, end]: [number, number]): Promise<DedupKeyRecord[]> {
  if (end <= start) return [];
  const handle = await open(path, "r");
  try {
    const buf = Buffer.alloc(end - start);
    await handle.read(buf, 0, buf.length, start);
    return JSON.parse(buf.toString("utf8")) as DedupKeyRecord[];
  } finally {
    await handle.close();
  }
}
