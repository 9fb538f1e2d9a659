import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Field, Float64, Schema, Utf8, type RecordBatch, type Vector } from "apache-arrow";
import { describe, expect, it } from "vitest";
import type { BoundFilter, DuplicateLedger, FilterBatch, RowFilter } from "../src/core/row-filter.js";
import type { TextView } from "../src/core/text-view.js";
import { balanceDetail, cutBalance, type BalanceCut } from "../src/filters/balance-cut.js";
import { RowDecisions, type DecideSettings } from "../src/filters/decide-rows.js";
import { dedupCodes, resolveDuplicateChains } from "../src/filters/duplicate-chains.js";
import { filterAccounting, type FilterAccountingInput } from "../src/filters/filter-accounting.js";
import { resolveFilterConfig, type BalanceConfig } from "../src/filters/filter-config.js";
import { RowLedger } from "../src/filters/row-ledger.js";
import type { BatchWriter } from "../src/io/batch-writer.js";
import { numericVector, recordBatchOf } from "../src/io/column-vector.js";
import { utf8Vector } from "../src/io/utf8-vector.js";
import { filterDataset } from "../src/pipeline/filter-dataset.js";
import { readTargetIds, writeFilterSplits, type FilterObserver, type ScoredBatch } from "../src/pipeline/write-filter-splits.js";

// ---- In-memory scored batches.

/** A record batch of string and float columns. */
function batchOf(columns: Record<string, ReadonlyArray<string> | ReadonlyArray<number>>): RecordBatch {
  const fields: Field[] = [];
  const vectors: Vector[] = [];
  let n = 0;
  for (const [name, values] of Object.entries(columns)) {
    n = values.length;
    if (typeof values[0] === "string") {
      fields.push(new Field(name, new Utf8(), true));
      vectors.push(utf8Vector(values as string[]));
    } else {
      fields.push(new Field(name, new Float64(), true));
      vectors.push(numericVector(new Float64(), Float64Array.from(values as number[]), undefined, n));
    }
  }
  return recordBatchOf(new Schema(fields), vectors, n);
}

/** The text view of a batch: only the ids matter to the units under test. */
function viewOf(batch: RecordBatch): TextView {
  const id = [...batch.getChild("id")!].map(String);
  const n = id.length;
  return {
    length: n,
    id,
    instruction: id.map(() => ""),
    response: id.map(() => ""),
    turns: new Int32Array(n).fill(2),
    multiTurn: new Uint8Array(n),
    turnText: [],
    turnRole: [],
    turnOffsets: new Int32Array(n + 1),
  };
}

const scored = (columns: Record<string, ReadonlyArray<string> | ReadonlyArray<number>>): ScoredBatch => {
  const batch = batchOf(columns);
  return { batch, view: viewOf(batch) };
};

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

const column = (fb: FilterBatch, name: string) => [...fb.batch.getChild(name)!] as Array<number | string>;

/** Keeps rows whose `column` is at most `max`; remembers every ordinal it was asked about. */
class MaxFilter implements RowFilter {
  readonly seen: number[] = [];
  readonly columns: string[];
  constructor(
    readonly name: string,
    private readonly col: string,
    private readonly max: number,
  ) {
    this.columns = [col];
  }
  bind(fb: FilterBatch): BoundFilter {
    const v = column(fb, this.col) as number[];
    return {
      keep: (i) => {
        this.seen.push(fb.firstOrdinal + i);
        return v[i]! <= this.max;
      },
      explain: (i) => `${this.col} ${v[i]} > ${this.max}`,
    };
  }
}

/** Dedup on a `key` column that keeps the best row by quality: a better later copy demotes the kept one. */
class KeyDedup implements RowFilter {
  readonly name = "dedup.key";
  readonly columns = ["key"];
  private readonly best = new Map<string, number>();
  constructor(private readonly ledger: DuplicateLedger) {}
  bind(fb: FilterBatch): BoundFilter {
    const keys = column(fb, "key") as string[];
    return {
      keep: (i) => {
        const o = fb.firstOrdinal + i;
        const b = this.best.get(keys[i]!);
        if (b === undefined) {
          this.best.set(keys[i]!, o);
          return true;
        }
        if (this.ledger.qualityOf(o) > this.ledger.qualityOf(b)) {
          this.ledger.demote(b, o, this);
          this.best.set(keys[i]!, o);
          return true;
        }
        this.ledger.markDuplicate(o, b);
        return false;
      },
      explain: (i) => `key '${keys[i]}' seen before`,
    };
  }
}

const defaults = resolveFilterConfig({});
const balanceConfig = (b: Record<string, unknown>): BalanceConfig => resolveFilterConfig({ balance: { by: "domain", ...b } }).balance!;
const settings = (balance: BalanceConfig | null = null, seed = 42): DecideSettings => ({ quality: defaults.quality, balance, seed });
const reasons = (d: RowDecisions) => [...d.ledger.reason.subarray(0, d.rows)];

describe("decide: pass 1 over batches", () => {
  const batches = [
    scored({ id: ["r0", "r1", "r2"], x: [1, 5, 9], y: [0, 0, 7], toxicity_score: [0, 0.5, 1], domain: ["a", "b", "a"] }),
    scored({ id: ["r3", "r4"], x: [2, 8], y: [9, 0], toxicity_score: [0.25, 0], domain: ["c", "b"] }),
  ];

  it("the first filter that drops a row gives the reason; later filters never see removed rows", () => {
    const xMax = new MaxFilter("x-max", "x", 6);
    const yMax = new MaxFilter("y-max", "y", 5);
    const d = new RowDecisions(settings(), () => [xMax, yMax]);
    for (const b of batches) d.decide(b.batch, b.view);
    expect(d.rows).toBe(5);
    // r2 fails both: x-max (code 1) wins; r3 fails only y-max (code 2).
    expect(reasons(d)).toEqual([0, 0, 1, 2, 1]);
    expect(xMax.seen).toEqual([0, 1, 2, 3, 4]);
    expect(yMax.seen).toEqual([0, 1, 3]);
    expect(d.balanceCode).toBe(3);
    expect(d.groups).toBeNull();
  });

  it("keeps each row's quality, and its balance group and rank (quality order)", () => {
    const d = new RowDecisions(settings(balanceConfig({ max_share: 0.5, order: "quality" })), () => []);
    for (const b of batches) d.decide(b.batch, b.view);
    // Only toxicity_score is present: quality = 1 − toxicity, quantised to 16 bits.
    expect([0, 1, 2, 3, 4].map((o) => d.qualityOf(o))).toEqual([65535, 32768, 0, 49151, 65535]);
    expect(d.groups!.names).toEqual(["a", "b", "c"]);
    expect([...d.ledger.group.subarray(0, 5)]).toEqual([0, 1, 0, 2, 1]);
    expect([...d.ledger.rank.subarray(0, 5)]).toEqual([65535, 32768, 0, 49151, 65535]);
  });

  it("a keep-best dedup demotes an earlier kept row through the duplicate ledger", () => {
    let dedup: KeyDedup | undefined;
    const d = new RowDecisions(settings(), (dups) => [(dedup = new KeyDedup(dups))]);
    const b = scored({ id: ["B", "A", "C"], key: ["k", "k", "k"], toxicity_score: [0.5, 0.6, 0.1] });
    d.decide(b.batch, b.view);
    expect(dedup).toBeDefined();
    // A is worse than B: removed as its duplicate; C is better than B: B is demoted.
    expect(reasons(d)).toEqual([1, 1, 0]);
    expect([...d.ledger.duplicateOf.subarray(0, 3)]).toEqual([3, 1, 0]);
  });
});

/** A ledger of rows that reached balance: group and rank per row, reason 0 unless given. */
function balanceLedger(groups: number[], ranks: number[], reasonOf: Record<number, number> = {}): RowLedger {
  const ledger = new RowLedger();
  groups.forEach((g, o) => {
    ledger.group[o] = g;
    ledger.rank[o] = ranks[o]!;
    ledger.reason[o] = reasonOf[o] ?? 0;
  });
  return ledger;
}

describe("balance cut-offs", () => {
  it("over-full groups keep their highest ranks; ties at the cut-off go to the earliest rows", () => {
    // Group a: ranks 400, 200, 400, 400, 100 (+ a row a filter removed, rank 900); group b: 2 rows.
    const ledger = balanceLedger([0, 0, 0, 0, 0, 0, 1, 1], [400, 200, 400, 400, 100, 900, 5, 6], { 5: 1 });
    const cut = cutBalance(ledger, 8, ["a", "b"], balanceConfig({ max_per_domain: 2 }), 9);
    expect([...cut.before]).toEqual([5, 2]);
    expect([...cut.quota]).toEqual([2, 2]);
    expect([...cut.after]).toEqual([2, 2]);
    expect(cut.rank[0]).toBe(400);
    expect(cut.tieTake[0]).toBe(2);
    expect(cut.rank[1]).toBe(-1);
    // Rows 0 and 2 keep the two places at rank 400; row 3 ties but comes later.
    expect([...ledger.reason.subarray(0, 8)]).toEqual([0, 9, 0, 9, 9, 1, 0, 0]);
    expect(balanceDetail(cut, 0, 200)).toMatch(/^domain 'a': quota 2 of 5 rows; quality [\d.]+ < cut-off [\d.]+$/);
    expect(balanceDetail(cut, 0, 400)).toMatch(/^domain 'a': quota 2 of 5 rows; quality [\d.]+ = cut-off, tie beyond the quota \(earlier rows kept\)$/);
  });

  it("the cut-off sits where the rows above it and at it first fill the quota", () => {
    const ledger = balanceLedger([0, 0, 0, 0, 0], [10, 50, 30, 50, 20]);
    const cut = cutBalance(ledger, 5, ["a"], balanceConfig({ max_per_domain: 3 }), 2);
    expect(cut.rank[0]).toBe(30);
    expect(cut.tieTake[0]).toBe(1);
    expect([...ledger.reason.subarray(0, 5)]).toEqual([2, 0, 0, 0, 2]);
  });

  it("a quota of 0 removes the whole group, and its detail names only the quota", () => {
    const ledger = balanceLedger([0, 1, 0, 1], [1, 2, 3, 4]);
    const cut = cutBalance(ledger, 4, ["listed", "other"], balanceConfig({ target: { listed: 1 } }), 5);
    expect([...cut.quota]).toEqual([2, 0]);
    expect([...ledger.reason.subarray(0, 4)]).toEqual([0, 5, 0, 5]);
    expect(balanceDetail(cut, 1, 2)).toBe("domain 'other': quota 0 of 2 rows");
  });

  it("random order: the kept sample follows the seed (same seed, same rows; another seed, others)", () => {
    const ids = Array.from({ length: 40 }, (_, i) => `row${i}`);
    const b = scored({ id: ids, domain: ids.map(() => "d") });
    const keptWith = (seed: number) => {
      const config = balanceConfig({ max_per_domain: 10, order: "random" });
      const d = new RowDecisions(settings(config, seed), () => []);
      d.decide(b.batch, b.view);
      const cut = cutBalance(d.ledger, d.rows, d.groups!.names, config, d.balanceCode);
      expect(cut.after[0]).toBe(10);
      return ids.filter((_, o) => d.ledger.reason[o] === 0);
    };
    const first = keptWith(1);
    expect(first).toHaveLength(10);
    expect(keptWith(1)).toEqual(first);
    expect(keptWith(2)).not.toEqual(first);
  });
});

describe("duplicate chains", () => {
  it("A dup of B, B demoted by C: A's duplicate_of is C", () => {
    const ledger = new RowLedger();
    // Rows: 0 = B (dedup, of C), 1 = A (dedup, of B), 2 = C (kept).
    ledger.reason.set([2, 2, 0]);
    ledger.duplicateOf.set([3, 1, 0]);
    const targets = resolveDuplicateChains(ledger, 3, new Set([2]));
    expect([...ledger.duplicateOf.subarray(0, 3)]).toEqual([3, 3, 0]);
    expect([0, 1, 2].map((o) => targets.isTarget(o))).toEqual([false, false, true]);
    expect(targets.forward).toBe(true);
  });

  it("a row another step removed ends the chain; backward targets only are not forward", () => {
    const ledger = new RowLedger();
    // 0 = E (kept), 1 = D (removed by filter 1 after matching E), 2 = F (dedup, of D).
    ledger.reason.set([0, 1, 2]);
    ledger.duplicateOf.set([0, 1, 2]);
    const targets = resolveDuplicateChains(ledger, 3, new Set([2]));
    expect([...ledger.duplicateOf.subarray(0, 3)]).toEqual([0, 1, 2]);
    expect([0, 1, 2].map((o) => targets.isTarget(o))).toEqual([false, true, false]);
    expect(targets.forward).toBe(false);
  });

  it("end to end through decide: the chain B → C resolves for A", () => {
    const d = new RowDecisions(settings(), (dups) => [new MaxFilter("x-max", "x", 1), new KeyDedup(dups)]);
    const b = scored({ id: ["B", "A", "C"], key: ["k", "k", "k"], x: [0, 0, 0], toxicity_score: [0.5, 0.6, 0.1] });
    d.decide(b.batch, b.view);
    const codes = dedupCodes(d.filters);
    expect([...codes]).toEqual([2]);
    const targets = resolveDuplicateChains(d.ledger, d.rows, codes);
    expect([...d.ledger.duplicateOf.subarray(0, 3)]).toEqual([3, 3, 0]);
    expect(targets.forward).toBe(true);
  });

  it("dedup codes are the reason codes of filters named dedup.*", () => {
    const f = (name: string) => new MaxFilter(name, "x", 0);
    expect([...dedupCodes([f("toxicity"), f("dedup.exact"), f("length"), f("dedup.near")])]).toEqual([2, 4]);
  });
});

// ---- Pass 2 into in-memory writers.

class MemoryWriter implements BatchWriter {
  readonly path = "(memory)";
  rows = 0;
  state: "open" | "closed" | "aborted" = "open";
  readonly batches: RecordBatch[] = [];
  async write(batch: RecordBatch): Promise<void> {
    this.batches.push(batch);
    this.rows += batch.numRows;
  }
  async close(): Promise<void> {
    this.state = "closed";
  }
  async abort(): Promise<void> {
    this.state = "aborted";
  }
  records(): Array<Record<string, unknown>> {
    return this.batches.flatMap((b) => b.toArray().map((r) => ({ ...(r as object) })));
  }
}

describe("write: pass 2 into the filtered and rejected writers", () => {
  const input = [
    scored({ id: ["B", "A", "T", "p1"], key: ["k", "k", "t", "p1"], x: [0, 0, 9, 0], toxicity_score: [0.5, 0.6, 0, 0], domain: ["d", "d", "d", "d"] }),
    scored({ id: ["C", "p2", "p3"], key: ["k", "p2", "p3"], x: [0, 0, 0], toxicity_score: [0.1, 0.2, 0.3], domain: ["d", "d", "d"] }),
  ];

  /** Everything before pass 2, on the toy input: x-max, keep-best key dedup, balance 3 per domain by quality. */
  async function planOf(batches: ScoredBatch[]) {
    const balance = balanceConfig({ max_per_domain: 3, order: "quality" });
    const d = new RowDecisions(settings(balance), (dups) => [new MaxFilter("x-max", "x", 1), new KeyDedup(dups)]);
    for (const b of batches) d.decide(b.batch, b.view);
    const cut = cutBalance(d.ledger, d.rows, d.groups!.names, balance, d.balanceCode);
    const codes = dedupCodes(d.filters);
    const targets = resolveDuplicateChains(d.ledger, d.rows, codes);
    const targetIds = targets.forward ? await readTargetIds(each(batches), targets) : new Map<number, string>();
    return { decisions: d, balance: cut, dedupCodes: codes, targets, targetIds };
  }

  it("kept rows go to filtered; removed rows to rejected with reason, detail and the final duplicate_of", async () => {
    const plan = await planOf(input);
    const filtered = new MemoryWriter();
    const rejected = new MemoryWriter();
    const seen: string[] = [];
    const observer: FilterObserver = {
      scored: (b) => seen.push(`scored ${b.numRows}`),
      kept: (_b, v, rows) => seen.push(`kept ${rows.map((i) => v.id[i]).join(",")}`),
      removed: (v, rows, why) => seen.push(`removed ${rows.map((i, k) => `${v.id[i]}:${why[k]}`).join(",")}`),
    };
    const written = await writeFilterSplits(each(input), { filtered, rejected }, plan, observer);
    expect(written).toEqual({ filtered: 3, rejected: 4 });
    expect(filtered.state).toBe("closed");
    expect(rejected.state).toBe("closed");
    // Reaching balance: C (best k), p1, p2, p3 → quota 3 keeps the three best by quality.
    expect(filtered.records().map((r) => r.id)).toEqual(["p1", "C", "p2"]);
    expect(rejected.batches[0]!.schema.fields.map((f) => f.name)).toEqual(["id", "key", "x", "toxicity_score", "domain", "filter_reason", "filter_detail", "duplicate_of"]);
    const rows = rejected.records().map((r) => [r.id, r.filter_reason, r.filter_detail, r.duplicate_of]);
    expect(rows).toEqual([
      ["B", "dedup.key", "key 'k' seen before", "C"],
      ["A", "dedup.key", "key 'k' seen before", "C"],
      ["T", "x-max", "x 9 > 1", null],
      ["p3", "balance", expect.stringMatching(/^domain 'd': quota 3 of 4 rows; quality [\d.]+ < cut-off [\d.]+$/), null],
    ]);
    expect(seen).toEqual(["scored 4", "kept p1", "removed B:dedup.key,A:dedup.key,T:x-max", "scored 3", "kept C,p2", "removed p3:balance"]);
  });

  it("a scored file that changed between the passes aborts both writers", async () => {
    const plan = await planOf(input);
    const filtered = new MemoryWriter();
    const rejected = new MemoryWriter();
    await expect(writeFilterSplits(each(input.slice(0, 1)), { filtered, rejected }, plan)).rejects.toThrow(/changed between passes \(7 rows, then 4\)/);
    expect(filtered.state).toBe("aborted");
    expect(rejected.state).toBe("aborted");
  });
});

describe("accounting", () => {
  const tox = new MaxFilter("toxicity", "toxicity_score", 0.3);
  const dedup = new KeyDedup({ qualityOf: () => 0, markDuplicate: () => {}, demote: () => {} });
  const entries = [{ filter: tox }, { skipped: "readability", reason: "no readability_score column", missing: ["readability_score"] }, { filter: dedup }];
  // 10 rows: 5 kept, 2 by toxicity (code 1), 1 by dedup.key (code 2), 2 by balance (code 3).
  const ledger = new RowLedger();
  ledger.reason.set([0, 1, 0, 2, 3, 0, 1, 0, 3, 0]);
  const cut: BalanceCut = {
    config: balanceConfig({ max_per_domain: 3 }),
    code: 3,
    groups: ["science", "art"],
    before: Float64Array.of(5, 2),
    quota: Float64Array.of(3, 2),
    after: Float64Array.of(3, 2),
    rank: Int32Array.of(100, -1),
    tieTake: Float64Array.of(1, 0),
    notes: [],
  };
  const input = (over: Partial<FilterAccountingInput> = {}): FilterAccountingInput => ({
    inputs: ["scored.jsonl"],
    entries,
    ledger,
    rows: 10,
    balance: cut,
    written: { filtered: 5, rejected: 5 },
    warnings: ["filter readability skipped: no readability_score column"],
    indexBytes: 1234,
    config: defaults,
    ...over,
  });

  it("rows in, kept, removed per step in pipeline order (balance last), per-value counts sorted by value", () => {
    expect(filterAccounting(input())).toEqual({
      inputs: ["scored.jsonl"],
      rows_in: 10,
      rows_kept: 5,
      rows_removed: 5,
      filters: [
        { name: "toxicity", removed: 2, columns: ["toxicity_score"] },
        { name: "readability", removed: 0, skipped: "no readability_score column" },
        { name: "dedup.key", removed: 1, columns: ["key"] },
        { name: "balance", removed: 2, columns: ["domain"] },
      ],
      balance: { by: "domain", order: "quality", before: { art: 2, science: 5 }, quota: { art: 2, science: 3 }, after: { art: 2, science: 3 } },
      warnings: ["filter readability skipped: no readability_score column"],
      index_bytes: 1234,
      config: defaults,
    });
  });

  it("throws when the splits hold other counts than the ledger, or a row has no step", () => {
    expect(() => filterAccounting(input({ written: { filtered: 4, rejected: 5 } }))).toThrow(/filter accounting broken: rows in 10 ≠ kept 5 \+ removed 5 \(written 4 \+ 5\)/);
    expect(() => filterAccounting(input({ balance: null, written: { filtered: 5, rejected: 3 } }))).toThrow(/rows in 10 ≠ kept 5 \+ removed 3/);
  });
});

describe("filterDataset with user filters", () => {
  it("run after the config's filters and before balance; their name is the filter_reason", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sieve-user-filter-"));
    const path = join(dir, "scored.jsonl");
    const rows = ["a", "b", "c", "d"].map((id, i) => ({ id, instruction: `question ${id}`, response: `answer number ${i}`, toxicity_score: i === 0 ? 0.9 : 0, domain: "d" }));
    await writeFile(path, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const seen: string[] = [];
    const noB: RowFilter = {
      name: "user.no-b",
      columns: [],
      bind: (fb) => ({
        keep: (i) => (seen.push(fb.view.id[i]!), fb.view.id[i] !== "b"),
        explain: () => "id b is not wanted",
      }),
    };
    const config = { preset: "none", filters: { toxicity: { max: 0.3 } }, balance: { by: "domain", max_per_domain: 1 } };
    const result = await filterDataset(path, config, { out: join(dir, "out"), format: "jsonl", filters: [noB] });
    expect(seen).toEqual(["b", "c", "d"]);
    expect(result.stats.filters.map((f) => [f.name, f.removed])).toEqual([["toxicity", 1], ["user.no-b", 1], ["balance", 1]]);
    const rejected = (await readFile(result.files.rejected, "utf8")).trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rejected.map((r) => [r.id, r.filter_reason])).toEqual([["a", "toxicity"], ["b", "user.no-b"], ["d", "balance"]]);
    expect(rejected[1]!.filter_detail).toBe("id b is not wanted");
  });
});
