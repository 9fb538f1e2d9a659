import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { balanceQuotas } from "../src/filters/balance-quotas.js";
import { resolveFilterConfig } from "../src/filters/filter-config.js";
import { filterDataset } from "../src/pipeline/filter-dataset.js";

async function filterRows(rows: Record<string, unknown>[], config: Record<string, unknown>, options: Record<string, unknown> = {}) {
  const dir = await mkdtemp(join(tmpdir(), "sieve-balance-"));
  const input = join(dir, "scored.jsonl");
  await writeFile(input, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  const result = await filterDataset(input, { preset: "none", ...config }, { out: join(dir, "out"), format: "jsonl", ...options });
  const read = async (p: string) => (await readFile(p, "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const kept = await read(result.files.filtered);
  const rejected = await read(result.files.rejected);
  expect(kept.length + rejected.length).toBe(result.stats.rows_in);
  return { kept, rejected, result };
}

const rowsOf = (domain: string, n: number, tox: (i: number) => number = () => 0) =>
  Array.from({ length: n }, (_, i) => ({ id: `${domain}${i}`, instruction: `q ${domain} ${i}`, response: `answer ${i}`, domain, toxicity_score: tox(i), response_chars: 100 }));

const counts = (o: Record<string, number>) => new Map(Object.entries(o));
const balance = (b: Record<string, unknown>) => resolveFilterConfig({ preset: "none", balance: b }).balance!;

describe("balance quotas", () => {
  it("max_share: the largest cap keeping every value at or under the share", () => {
    const q = balanceQuotas(counts({ a: 1000, b: 100, c: 100, d: 100, e: 100 }), balance({ max_share: 0.25 }));
    // cap C with C ≤ 0.25·(C + 400) → C = 133
    expect(Object.fromEntries(q)).toEqual({ a: 133, b: 100, c: 100, d: 100, e: 100 });
    const kept = [...q.values()].reduce((x, y) => x + y, 0);
    expect(133 / kept).toBeLessThanOrEqual(0.25);
    expect(134 / (kept + 1)).toBeGreaterThan(0.25);
  });

  it("max_share that no split can meet is used as 1/present, with a note naming the key and the minimum", () => {
    const notes: string[] = [];
    expect(Object.fromEntries(balanceQuotas(counts({ a: 5, b: 5, c: 5 }), balance({ max_share: 0.2 }), notes))).toEqual({ a: 5, b: 5, c: 5 });
    expect(notes[0]).toMatch(/balance\.max_share 0\.2 cannot be met.*1\/3/);
  });

  it("max_per_domain caps; a value with fewer rows than its quota keeps them all", () => {
    const q = balanceQuotas(counts({ a: 10, b: 3 }), balance({ max_per_domain: 5 }));
    expect(Object.fromEntries(q)).toEqual({ a: 5, b: 3 });
  });

  it("target shares: the largest total every share can fill; unlisted values share the rest", () => {
    const q = balanceQuotas(counts({ a: 100, b: 30, c: 60, d: 20 }), balance({ target: { a: 0.5, b: 0.25 } }));
    // total T = min(100/0.5, 30/0.25, (60+20)/0.25) = 120
    expect(Object.fromEntries(q)).toEqual({ a: 60, b: 30, c: 22, d: 7 });
  });
});

describe("balance in the filter pipeline", () => {
  it("over-full domains keep their best rows by quality; small domains keep all; counts before/after", async () => {
    const rows = [...rowsOf("big", 10, (i) => i / 10), ...rowsOf("small", 2)];
    const { kept, rejected, result } = await filterRows(rows, { balance: { by: "domain", max_per_domain: 4, order: "quality" } }, { batchSize: 3 });
    expect(kept.map((r) => r.id)).toEqual(["big0", "big1", "big2", "big3", "small0", "small1"]);
    expect(rejected.every((r) => r.filter_reason === "balance")).toBe(true);
    expect(String(rejected[0]!.filter_detail)).toMatch(/^domain 'big': quota 4 of 10 rows; quality [\d.]+ < cut-off [\d.]+$/);
    expect(result.stats.balance).toEqual({
      by: "domain",
      order: "quality",
      before: { big: 10, small: 2 },
      quota: { big: 4, small: 2 },
      after: { big: 4, small: 2 },
    });
    expect(result.stats.filters).toEqual([{ name: "balance", removed: 6, columns: ["domain"] }]);
  });

  it("ties in quality: the first rows in file order are kept, the rest say so", async () => {
    const rows = rowsOf("t", 6); // identical quality
    const { kept, rejected } = await filterRows(rows, { balance: { by: "domain", max_per_domain: 2 } }, { batchSize: 4 });
    expect(kept.map((r) => r.id)).toEqual(["t0", "t1"]);
    expect(rejected.map((r) => r.id)).toEqual(["t2", "t3", "t4", "t5"]);
    expect(String(rejected[0]!.filter_detail)).toContain("tie beyond the quota");
  });

  it("random order: a seeded sample, the same for the same seed, different for another", async () => {
    const rows = rowsOf("r", 40);
    const pick = async (seed: number) =>
      (await filterRows(rows, { balance: { by: "domain", max_per_domain: 10, order: "random" }, seed })).kept.map((r) => r.id);
    const a = await pick(1);
    expect(a).toHaveLength(10);
    expect(await pick(1)).toEqual(a);
    expect(await pick(2)).not.toEqual(a);
    expect(a).not.toEqual(rows.slice(0, 10).map((r) => r.id));
  });

  it("balances any column, null values as their own group; balance runs after the filters", async () => {
    const rows = [...rowsOf("x", 5, (i) => (i === 0 ? 0.9 : 0)), { id: "n", instruction: "q", response: "a", domain: null, toxicity_score: 0, response_chars: 1 }];
    const { result } = await filterRows(rows, { filters: { toxicity: { max: 0.3 } }, balance: { by: "domain", max_per_domain: 2 } });
    expect(result.stats.filters.map((f) => [f.name, f.removed])).toEqual([["toxicity", 1], ["balance", 2]]);
    expect(result.stats.balance!.before).toEqual({ "(null)": 1, x: 4 });
    expect(result.stats.balance!.after).toEqual({ "(null)": 1, x: 2 });
  });
});
