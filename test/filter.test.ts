import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { defaultFilterConfigYaml, resolveFilterConfig } from "../src/filters/filter-config.js";
import { FilterConfigError } from "../src/filters/filter-config-error.js";
import { buildFilterConfig, filterDataset } from "../src/pipeline/filter-dataset.js";

interface Row {
  id: string;
  instruction: string;
  response: string;
  [k: string]: unknown;
}

/** A scored JSONL file: the length columns are computed, other score columns given per row. */
async function writeScored(rows: Row[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "sieve-filter-"));
  const path = join(dir, "scored.jsonl");
  const words = (s: string) => (s.trim() ? s.trim().split(/\s+/).length : 0);
  const lines = rows.map((r) =>
    JSON.stringify({
      turns: 2,
      toxicity_score: 0,
      readability_score: 60,
      complexity_score: 8,
      domain: "general",
      ...r,
      instruction_chars: r.instruction.length,
      response_chars: r.response.length,
      instruction_words: words(r.instruction),
      response_words: words(r.response),
    }),
  );
  await writeFile(path, lines.join("\n") + (lines.length ? "\n" : ""));
  return path;
}

async function readJsonl(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, "utf8");
  return text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

const INSTR = "Explain the water cycle briefly.";
const RESP = "Water evaporates, condenses into clouds and falls back as rain or snow.";
const row = (id: string, extra: Partial<Row> = {}): Row => ({ id, instruction: `${INSTR} (${id})`, response: `${RESP} [${id}]`, ...extra });

/** Only the named filter on (balance off), so each test sees one filter alone. */
const only = (filters: Record<string, unknown>) => ({ preset: "none", filters, balance: false });

async function run(rows: Row[], config: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const input = await writeScored(rows);
  const out = await mkdtemp(join(tmpdir(), "sieve-filter-out-"));
  const result = await filterDataset(input, config, { out, format: "jsonl", ...extra });
  const kept = await readJsonl(result.files.filtered);
  const rejected = await readJsonl(result.files.rejected);
  const stats = JSON.parse(await readFile(result.files.stats, "utf8")) as Record<string, unknown>;
  expect(result.stats.rows_in).toBe(kept.length + rejected.length);
  expect(result.stats.rows_removed).toBe(result.stats.filters.reduce((a, f) => a + f.removed, 0));
  return { result, kept, rejected, stats, out, input };
}

describe("filter config", () => {
  it("defaults reproduce the card: toxicity > 0.3 out, minimum lengths, readability range, exact dedup, balance", () => {
    const c = resolveFilterConfig({}, "card");
    expect(c.filters.map((f) => f.kind)).toEqual(["toxicity", "length", "readability", "dedup"]);
    expect(c.filters[0]).toEqual({ kind: "toxicity", max: 0.3 });
    expect(c.filters[1]).toMatchObject({ instruction: { min_chars: 10 }, response: { min_chars: 20, max_chars: 20000 } });
    expect(c.balance).toEqual({ by: "domain", max_share: 0.1, order: "quality" });
    expect(c.seed).toBe(42);
  });

  it("--print-config YAML parses back to the defaults", () => {
    const parsed = YAML.parse(defaultFilterConfigYaml()) as Record<string, unknown>;
    expect(resolveFilterConfig(parsed)).toEqual(resolveFilterConfig());
  });

  it("errors name the key, the bad value and the allowed range", () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(FilterConfigError);
        return (e as Error).message;
      }
      throw new Error("no error");
    };
    expect(err(() => resolveFilterConfig({ filters: { toxicity: { max: 1.5 } } }))).toBe(
      "filters.toxicity.max: 1.5 is not valid; allowed: a number from 0 to 1.",
    );
    expect(err(() => resolveFilterConfig({ filters: { lenght: {} } }))).toContain("filters.lenght");
    expect(err(() => resolveFilterConfig({ balance: { max_share: 0 } }))).toContain("balance.max_share: 0 is not valid; allowed: a number from 0 (exclusive) to 1");
    expect(err(() => resolveFilterConfig({ filters: { length: { response: { min_chars: -1 } } } }))).toContain("filters.length.response.min_chars: -1");
    expect(err(() => resolveFilterConfig({ filters: { readability: { min: 90, max: 10 } } }))).toContain("filters.readability.min: 90");
    expect(err(() => resolveFilterConfig({ balance: { target: { a: 0.7, b: 0.6 } } }))).toContain("sum to 1.3");
    expect(err(() => resolveFilterConfig({ seed: 1.5 }))).toContain("seed: 1.5");
  });

  it("flags (library overrides) change single keys and add filters the config lacks", async () => {
    const c = await buildFilterConfig({ preset: "none", filters: { toxicity: { max: 0.3 } } }, { toxicityMax: 0.5, minResponseChars: 3, dedupNear: 0.9, balanceMaxShare: 0.2, seed: 7 });
    expect(c.filters[0]).toEqual({ kind: "toxicity", max: 0.5 });
    expect(c.filters[1]).toEqual({ kind: "length", instruction: {}, response: { min_chars: 3 } });
    expect(c.filters[2]).toMatchObject({ kind: "dedup", dedup: { exact: true, near: { threshold: 0.9, method: "minhash" } } });
    expect(c.balance).toMatchObject({ max_share: 0.2 });
    expect(c.seed).toBe(7);
    const off = await buildFilterConfig(undefined, { skipFilter: ["toxicity", "balance"], threshold: ["domain_score:0.2:"] }, "card");
    expect(off.filters.map((f) => f.kind)).toEqual(["length", "readability", "dedup", "thresholds"]);
    expect(off.balance).toBeNull();
  });

  it("reads a YAML config file; the listed filters run in the listed order", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sieve-cfg-"));
    const path = join(dir, "f.yaml");
    await writeFile(path, "preset: none\nfilters:\n  turns: { min: 2 }\n  toxicity: { max: 0.1 }\nbalance: false\nseed: 3\n");
    const c = await buildFilterConfig(path);
    expect(c.filters).toEqual([{ kind: "turns", min: 2 }, { kind: "toxicity", max: 0.1 }]);
    expect(c.seed).toBe(3);
  });
});

describe("threshold filters at their bounds (inclusive)", () => {
  it("toxicity: max itself is kept, just above is removed, with value and bound", async () => {
    const { kept, rejected } = await run(
      [row("a", { toxicity_score: 0.3 }), row("b", { toxicity_score: 0.30001 }), row("c", { toxicity_score: 0 }), row("d", { toxicity_score: 1 })],
      only({ toxicity: { max: 0.3 } }),
    );
    expect(kept.map((r) => r.id)).toEqual(["a", "c"]);
    expect(rejected.map((r) => [r.id, r.filter_reason, r.filter_detail])).toEqual([
      ["b", "toxicity", "toxicity_score 0.30001 > max 0.3"],
      ["d", "toxicity", "toxicity_score 1 > max 0.3"],
    ]);
  });

  it("length: min and max chars and words per field, each inclusive", async () => {
    const rows = [
      { id: "min-ok", instruction: "x".repeat(10), response: "y".repeat(20) },
      { id: "instr-short", instruction: "x".repeat(9), response: "y".repeat(20) },
      { id: "resp-short", instruction: "x".repeat(10), response: "y".repeat(19) },
      { id: "resp-max", instruction: "x".repeat(10), response: "y".repeat(30) },
      { id: "resp-long", instruction: "x".repeat(10), response: "y".repeat(31) },
      { id: "few-words", instruction: "x".repeat(10), response: "one two three four five six" },
    ];
    const { kept, rejected } = await run(rows, only({ length: { instruction: { min_chars: 10 }, response: { min_chars: 20, max_chars: 30, min_words: 1, max_words: 5 } } }));
    expect(kept.map((r) => r.id)).toEqual(["min-ok", "resp-max"]);
    expect(Object.fromEntries(rejected.map((r) => [r.id, r.filter_detail]))).toEqual({
      "instr-short": "instruction_chars 9 < min 10",
      "resp-short": "response_chars 19 < min 20",
      "resp-long": "response_chars 31 > max 30",
      "few-words": "response_words 6 > max 5",
    });
  });

  it("readability, complexity and turns ranges; a null score is removed", async () => {
    const rows = [
      row("r0", { readability_score: 0 }),
      row("r-neg", { readability_score: -0.5 }),
      row("r-max", { readability_score: 100 }),
      row("c-hi", { complexity_score: 12.5 }),
      row("t-1", { turns: 1 }),
      row("r-null", { readability_score: null }),
    ];
    const { kept, rejected } = await run(rows, only({ readability: { min: 0, max: 100 }, complexity: { max: 12 }, turns: { min: 2, max: 4 } }));
    expect(kept.map((r) => r.id)).toEqual(["r0", "r-max"]);
    expect(rejected.map((r) => [r.id, r.filter_reason, r.filter_detail])).toEqual([
      ["r-neg", "readability", "readability_score -0.5 < min 0"],
      ["c-hi", "complexity", "complexity_score 12.5 > max 12"],
      ["t-1", "turns", "turns 1 < min 2"],
      ["r-null", "readability", "readability_score is null"],
    ]);
  });

  it("generic threshold on any numeric column; a missing column is a config error naming it", async () => {
    const rows = [row("a", { domain_score: 0.2 }), row("b", { domain_score: 0.19 })];
    const { kept, rejected, result } = await run(rows, only({ thresholds: [{ column: "domain_score", min: 0.2 }] }));
    expect(kept.map((r) => r.id)).toEqual(["a"]);
    expect(rejected[0]).toMatchObject({ id: "b", filter_reason: "threshold:domain_score", filter_detail: "domain_score 0.19 < min 0.2" });
    expect(result.stats.filters).toEqual([{ name: "threshold:domain_score", removed: 1, columns: ["domain_score"] }]);
    await expect(run(rows, only({ thresholds: [{ column: "nope", max: 1 }] }))).rejects.toThrow(/filters\.thresholds\[0\]\.column: "nope"/);
  });

  it("a named filter whose score column is absent is skipped with a warning, not an error", async () => {
    const input = await writeScored([row("a")]);
    const text = (await readFile(input, "utf8")).replace(/"toxicity_score":0,/g, "");
    await writeFile(input, text);
    const out = await mkdtemp(join(tmpdir(), "sieve-filter-out-"));
    const { stats } = await filterDataset(input, only({ toxicity: { max: 0.3 } }), { out });
    expect(stats.filters[0]).toMatchObject({ name: "toxicity", removed: 0 });
    expect(stats.filters[0]!.skipped).toContain("'toxicity_score'");
    expect(stats.warnings).toHaveLength(1);
    expect(stats.rows_kept).toBe(1);
  });

  it("filters compose in the order given: a row is charged to the first filter that removes it", async () => {
    const rows = [row("both", { toxicity_score: 0.9, turns: 1 })];
    const a = await run(rows, only({ toxicity: { max: 0.3 }, turns: { min: 2 } }));
    const b = await run(rows, only({ turns: { min: 2 }, toxicity: { max: 0.3 } }));
    expect(a.rejected[0]!.filter_reason).toBe("toxicity");
    expect(b.rejected[0]!.filter_reason).toBe("turns");
    expect(a.result.stats.filters.map((f) => [f.name, f.removed])).toEqual([["toxicity", 1], ["turns", 0]]);
  });
});

describe("filter outputs", () => {
  it("empty input: empty splits and zero accounting", async () => {
    const { kept, rejected, result } = await run([], {});
    expect(kept).toEqual([]);
    expect(rejected).toEqual([]);
    expect(result.stats).toMatchObject({ rows_in: 0, rows_kept: 0, rows_removed: 0 });
  });

  it("all rows removed: filtered is empty, rejected holds every row, stats balance", async () => {
    const rows = Array.from({ length: 7 }, (_, i) => row(`r${i}`, { toxicity_score: 0.5 + i / 100 }));
    const { kept, rejected, result } = await run(rows, only({ toxicity: { max: 0.3 } }));
    expect(kept).toHaveLength(0);
    expect(rejected).toHaveLength(7);
    expect(result.stats).toMatchObject({ rows_in: 7, rows_kept: 0, rows_removed: 7 });
  });

  it("keeps the original and score columns untouched; parquet round trip", async () => {
    const rows = [row("a", { category: "qa", toxicity_score: 0.1 }), row("b", { category: "qa", toxicity_score: 0.9 })];
    const input = await writeScored(rows);
    const out = await mkdtemp(join(tmpdir(), "sieve-filter-out-"));
    const result = await filterDataset(input, only({ toxicity: { max: 0.3 } }), { out, format: "parquet" });
    expect(result.files.filtered.endsWith("filtered.parquet")).toBe(true);
    const { openDataset } = await import("../src/io/dataset-reader.js");
    const read = async (p: string) => {
      const rowsOut: Record<string, unknown>[] = [];
      const { batchToObjects } = await import("../src/io/arrow-values.js");
      for await (const sb of (await openDataset(p)).batches()) rowsOut.push(...batchToObjects(sb.batch));
      return rowsOut;
    };
    const kept = await read(result.files.filtered);
    const rejected = await read(result.files.rejected);
    expect(kept).toEqual([{ ...JSON.parse((await readFile(input, "utf8")).split("\n")[0]!) }]);
    expect(rejected[0]).toMatchObject({ id: "b", category: "qa", filter_reason: "toxicity", duplicate_of: null });
  });

  it("same input, config and seed: byte-identical outputs", async () => {
    const rows = Array.from({ length: 60 }, (_, i) =>
      row(`r${i}`, { toxicity_score: (i % 10) / 20, domain: ["a", "b", "c", "d", "e"][i % 5]!, response: i % 7 === 0 ? RESP : `${RESP} ${i}` }),
    );
    const input = await writeScored(rows);
    const config = { balance: { by: "domain", max_per_domain: 5, order: "random" } };
    const outs = [];
    for (let k = 0; k < 2; k++) {
      const out = await mkdtemp(join(tmpdir(), "sieve-filter-det-"));
      await filterDataset(input, config, { out, format: "parquet", batchSize: 8, dedupNear: 0.7 });
      outs.push(out);
    }
    for (const f of ["filtered.parquet", "rejected.parquet", "filter_stats.json"]) {
      expect((await readFile(join(outs[0]!, f))).equals(await readFile(join(outs[1]!, f)))).toBe(true);
    }
  });
});

describe("sieve filter command", () => {
  it("flags map onto config keys; a bad value is a usage error naming the key", async () => {
    const { Command } = await import("commander");
    const { filterCommand } = await import("../src/cli/filter-command.js");
    const { UsageError } = await import("../src/cli/usage-error.js");
    const input = await writeScored([row("a", { toxicity_score: 0.4 }), row("b", { toxicity_score: 0.6 }), row("c")]);
    const out = await mkdtemp(join(tmpdir(), "sieve-filter-cli-"));
    const cli = () => new Command("sieve").exitOverride().addCommand(filterCommand().exitOverride());
    const write = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    try {
      await cli().parseAsync(["node", "sieve", "filter", input, "--out", out, "--format", "jsonl", "--toxicity-max", "0.5", "--no-balance", "--skip-filter", "readability"]);
    } finally {
      process.stdout.write = write;
    }
    const stats = JSON.parse(await readFile(join(out, "filter_stats.json"), "utf8")) as { rows_kept: number; filters: Array<{ name: string }> };
    expect(stats.rows_kept).toBe(2);
    // The default preset's steps, readability skipped.
    expect(stats.filters.map((f) => f.name)).toEqual(["toxicity", "length", "dedup.exact", "pii", "refusal"]);
    const dir = await mkdtemp(join(tmpdir(), "sieve-cfg-"));
    await writeFile(join(dir, "bad.yaml"), "balance: { max_share: 3 }\n");
    await expect(cli().parseAsync(["node", "sieve", "filter", input, "--out", out, "-c", join(dir, "bad.yaml")])).rejects.toThrow(UsageError);
  });
});
