import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { balanceQuotas } from "../src/filters/balance-quotas.js";
import { defaultFilterConfigYaml, presetNames, resolveFilterConfig } from "../src/filters/filter-config.js";
import { codeFraction } from "../src/metrics/code-fraction.js";
import { buildFilterConfig } from "../src/pipeline/filter-dataset.js";
import { runPipeline } from "../src/pipeline/run-pipeline.js";
import { haveShared, sharedPath } from "./shared-data.js";

const run = promisify(execFile);
const CLI = ["--import", "tsx", "src/cli/main.ts"];

async function sieve(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...CLI, ...args], { maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

async function jsonl(rows: object[]): Promise<{ dir: string; path: string }> {
  const dir = await mkdtemp(join(tmpdir(), "sieve-policy-"));
  const path = join(dir, "data.jsonl");
  await writeFile(path, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  return { dir, path };
}

const counts = (o: Record<string, number>) => new Map(Object.entries(o));

describe("presets", () => {
  it("ships default, card and none; card is the card's process", () => {
    expect(presetNames()).toEqual(["card", "default", "none"]);
    const card = resolveFilterConfig({}, "card");
    expect(card.filters.map((f) => f.kind)).toEqual(["toxicity", "length", "readability", "dedup"]);
    expect(card.filters[0]).toEqual({ kind: "toxicity", max: 0.3 });
    expect(card.filters[1]).toEqual({ kind: "length", instruction: { min_chars: 10 }, response: { min_chars: 20, max_chars: 20000 } });
    expect(card.filters[2]).toEqual({ kind: "readability", field: "response", min: 0, max: 121.22 });
    expect(card.balance).toEqual({ by: "domain", max_share: 0.1, order: "quality" });
    expect(YAML.parse(defaultFilterConfigYaml("card"))).toEqual(YAML.parse(defaultFilterConfigYaml("card")));
  });

  it("default differs from card as docs/filters.md documents", () => {
    const d = resolveFilterConfig();
    expect(d.filters[0]).toEqual({ kind: "toxicity", max: 0.5 });
    // No instruction minimum: text and completion datasets have no instruction.
    expect(d.filters[1]).toEqual({ kind: "length", instruction: {}, response: { min_words: 1 } });
    expect(d.filters[2]).toEqual({ kind: "readability", field: "response", min: -100, max_code_fraction: 0.5, min_words: 10 });
    expect(d.balance).toEqual({ by: "domain", order: "quality", max_times_median: 10, min_effective_values: 4, max_removed_share: 0.1 });
    expect(resolveFilterConfig({}, "none")).toMatchObject({ filters: [], balance: null });
  });

  it("a config overrides a preset key by key; a balance limit replaces the preset's limits; flags win", async () => {
    const c = resolveFilterConfig({ filters: { toxicity: { max: 0.2 }, readability: { min: -50 } }, balance: { max_share: 0.2 } });
    expect(c.filters[0]).toEqual({ kind: "toxicity", max: 0.2 });
    expect(c.filters[2]).toEqual({ kind: "readability", field: "response", min: -50, max_code_fraction: 0.5, min_words: 10 });
    expect(c.filters.map((f) => f.kind)).toEqual(["toxicity", "length", "readability", "dedup", "pii", "refusal"]);
    expect(c.balance).toEqual({ by: "domain", order: "quality", max_share: 0.2 });
    expect(resolveFilterConfig({ preset: "card", filters: { readability: false } }).filters.map((f) => f.kind)).toEqual(["toxicity", "length", "dedup"]);
    const flagged = await buildFilterConfig({ filters: { toxicity: { max: 0.2 } } }, { toxicityMax: 0.4, balanceMaxShare: 0.25 }, "card");
    expect(flagged.filters[0]).toEqual({ kind: "toxicity", max: 0.4 });
    expect(flagged.balance).toEqual({ by: "domain", order: "quality", max_share: 0.25 });
    expect(() => resolveFilterConfig({}, "nope")).toThrow(/preset: "?nope"? is not valid.*card, default, none/);
  });

  it("--print-config prints the chosen preset merged with --config and flags", async () => {
    const card = await sieve(["filter", "--print-config", "--preset", "card"]);
    expect(card.code).toBe(0);
    expect(card.stdout).toBe(defaultFilterConfigYaml("card"));
    const { dir } = await jsonl([]);
    const cfg = join(dir, "c.yaml");
    await writeFile(cfg, "filters:\n  toxicity:\n    max: 0.25\n");
    const merged = YAML.parse((await sieve(["filter", "--print-config", "--config", cfg, "--readability-min", "-40"])).stdout);
    expect(merged.filters.toxicity).toEqual({ max: 0.25 });
    expect(merged.filters.readability.min).toBe(-40);
    expect(merged.balance.max_times_median).toBe(10);
  });
});

describe("balance max_times_median", () => {
  const median = (extra: Record<string, unknown> = {}) => resolveFilterConfig({ balance: { max_times_median: 3, ...extra } }).balance!;

  it("caps only values above k × the median of the values present", () => {
    const notes: string[] = [];
    // 21 values present (about 7.5 effective); the median is 100, so a keeps 300.
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`v${i}`, 90 + i]));
    const q = balanceQuotas(counts({ a: 1000, ...many, f: 0 }), median(), notes);
    expect(Object.fromEntries(q)).toEqual({ a: 300, ...many, f: 0 });
    expect(notes).toEqual([]);
  });

  it("leaves single-domain and few-domain data alone (effective values below min_effective_values)", () => {
    const notes: string[] = [];
    const oneDomain = counts({ coding: 4200, math: 40, science: 30, general: 20, technology: 20 });
    expect(Object.fromEntries(balanceQuotas(oneDomain, median(), notes))).toEqual(Object.fromEntries(oneDomain));
    expect(notes[0]).toMatch(/left 'domain' as it is: 1\.0\d effective values/);
    const two = counts({ a: 300, b: 10 });
    expect(Object.fromEntries(balanceQuotas(two, median()))).toEqual({ a: 300, b: 10 });
    expect(Object.fromEntries(balanceQuotas(counts({ a: 90, b: 10, c: 10, d: 10, e: 10, f: 10 }), median({ min_effective_values: 2 })))).toMatchObject({ a: 30 });
  });

  it("max_removed_share raises the cap until balance removes at most that share of the rows", () => {
    const notes: string[] = [];
    // 1,700 rows: the median of 22 values is 10, so 3 × median = 30 would remove 1,440.
    const tail = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`v${i}`, 10]));
    const q = balanceQuotas(counts({ a: 1000, b: 500, ...tail }), median({ min_effective_values: 2, max_removed_share: 0.1 }), notes);
    expect(Object.fromEntries(q)).toEqual({ a: 830, b: 500, ...tail }); // removes 170 = 10%
    expect(notes[0]).toMatch(/cap raised from 30 \(3 × median 10\) to 830 rows per value/);
    expect(() => resolveFilterConfig({ balance: { max_share: 0.5, max_removed_share: 0.1 } })).toThrow(/max_removed_share.*only with balance.max_times_median/);
  });

  it("an explicit max_share the data cannot meet uses 1/present and says so instead of failing", () => {
    const notes: string[] = [];
    const q = balanceQuotas(counts({ a: 50, b: 7 }), resolveFilterConfig({ balance: { max_share: 0.1 } }).balance!, notes);
    expect(Object.fromEntries(q)).toEqual({ a: 7, b: 7 });
    expect(notes[0]).toMatch(/max_share 0\.1 cannot be met: the data has only 2 values of 'domain'.*1\/2/);
  });
});

describe("response_code_fraction", () => {
  it("is 0 for prose and empty text, 1 for code, and the code share of a mix", () => {
    expect(codeFraction("")).toBe(0);
    expect(codeFraction("   \n ")).toBe(0);
    expect(codeFraction("The capital of France is Paris. It lies on the Seine.")).toBe(0);
    expect(codeFraction("function add(a, b) {\n  return a + b;\n}")).toBe(1);
    expect(codeFraction("#!/bin/bash\n\nfind . -type f -name '*.log'")).toBe(1);
    expect(codeFraction("| a | b |\n|---|---|\n| 1 | 2 |")).toBe(1);
    expect(codeFraction("x^2 + 2x + 1 = 0")).toBe(1);
    const mixed = "Use this:\n```python\nprint(1)\n```";
    // "Use this:" is 8 non-space characters of prose; the fence lines and the call are 20.
    expect(codeFraction(mixed)).toBeCloseTo(20 / 28, 10);
    expect(codeFraction("Call `len(x)` to count.")).toBeCloseTo(8 / 20, 10);
    expect(codeFraction("For example, if you go there (by train) you will see it.")).toBe(0);
  });

  it("separates real GPTeacher code answers from Dolly prose", async () => {
    if (!haveShared("data", "gpteacher", "codegen-instruct.json")) return;
    const codegen = JSON.parse(await readFile(sharedPath("data", "gpteacher", "codegen-instruct.json"), "utf8")) as Array<{ response: string }>;
    const code = codegen.filter((r) => codeFraction(r.response) > 0.5).length;
    expect(code / codegen.length).toBeGreaterThan(0.9);
    const dolly = (await readFile(sharedPath("data", "dolly-15k", "databricks-dolly-15k.jsonl"), "utf8")).trim().split("\n").slice(0, 3000);
    const flagged = dolly.filter((l) => codeFraction((JSON.parse(l) as { response: string }).response) > 0.5).length;
    expect(flagged / dolly.length).toBeLessThan(0.03);
  });
});

describe("the default policy on rows", () => {
  const rows = [
    { id: "yes-no", instruction: "Is Paris the capital of France? Answer yes or no.", response: "No" },
    { id: "empty", instruction: "Name a colour.", response: "   \n" },
    { id: "no-instruction", instruction: " ", response: "A complete answer to nothing." },
    { id: "code", instruction: "Write a function that adds two numbers in JavaScript.", response: "function add(a, b) {\n  return a + b;\n}\nconsole.log(add(veryLongArgumentNumberOne, veryLongArgumentNumberTwo));" },
    { id: "word-salad", instruction: "Describe it.", response: "Incomprehensibility notwithstanding institutionalisation internationalisation characterisation electroencephalography counterrevolutionaries uncharacteristically interdisciplinarity incontrovertibility" },
  ];

  it("keeps short valid answers, instruction-less rows and code; drops empty responses and unreadable prose", async () => {
    const { dir, path } = await jsonl(rows);
    const { filter } = await runPipeline(path, { out: join(dir, "run"), quiet: true, workers: 0, noReport: true, balance: false, format: "jsonl" });
    const stats = filter.stats;
    const rejected = (await readFile(join(dir, "run", "rejected.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l) as { id: string; filter_reason: string });
    expect(Object.fromEntries(rejected.map((r) => [r.id, r.filter_reason]))).toEqual({ empty: "length", "word-salad": "readability" });
    expect(stats.rows_kept).toBe(3);
  });
});

describe("usage errors before scoring, dry run, funnel", () => {
  it("a setting no data can meet exits 2 and leaves no output folder", async () => {
    const { dir, path } = await jsonl([{ instruction: "Say hi to me please.", response: "Hello there, friend." }]);
    for (const args of [
      ["--balance-max-share", "0.02"],
      ["--threshold", "no_such_column:0:"],
      ["--no-readability", "--threshold", "instruction_flesch_reading_ease:0:"],
      ["--balance-by", "no_such_column"],
    ]) {
      const out = join(dir, `out-${args[0]}`);
      const r = await sieve(["run", path, "--out", out, "--no-report", "-q", ...args]);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(2);
      expect(existsSync(out), args.join(" ")).toBe(false);
    }
  });

  it("a scorer turned off by name skips the preset's filter on it with a warning", async () => {
    const { dir, path } = await jsonl([{ instruction: "Say hi to me please.", response: "Hello there, friend." }]);
    const out = join(dir, "out-no-toxicity");
    const r = await sieve(["run", path, "--out", out, "--no-report", "-q", "--toxicity", "off"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/toxicity.*skipped.*toxicity_score/);
  });

  it("filter --dry-run prints the funnel with examples and writes nothing", async () => {
    const { dir, path } = await jsonl(rows());
    const run1 = join(dir, "run");
    await runPipeline(path, { out: run1, quiet: true, workers: 0, noReport: true, format: "jsonl", preset: "card" });
    const out = join(dir, "dry");
    const r = await sieve(["filter", join(run1, "complete.jsonl"), "--out", out, "--dry-run", "--preset", "card"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/funnel: 12 rows in/);
    expect(r.stdout).toMatch(/length +removes +\d+ +[\d.]+%/);
    expect(r.stdout).toMatch(/row-\d+: response_chars \d+ < min 20/);
    expect(r.stderr).toMatch(/warning: length removed \d+ of 12 rows .* filters\.length \(--skip-filter length\)/);
    expect(existsSync(out)).toBe(false);

    function rows() {
      return Array.from({ length: 12 }, (_, i) => ({ id: `row-${i}`, instruction: "Answer the question briefly please.", response: i % 2 ? "Yes" : "The answer is yes, because it is so." }));
    }
  });

  it("an empty input runs without warnings about missing score columns", async () => {
    const { dir, path } = await jsonl([]);
    const r = await sieve(["run", path, "--out", join(dir, "out"), "--no-report", "-q", "--format", "jsonl"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/was that scorer off/);
  });
});

describe("the default run on shared datasets", () => {
  it("the fastchat sample exits 0 and GPTeacher codegen keeps at least 85%", async () => {
    if (!haveShared("data", "gpteacher", "codegen-instruct.json")) return;
    const dir = await mkdtemp(join(tmpdir(), "sieve-policy-shared-"));
    const fastchat = await sieve(["run", sharedPath("data", "fastchat-dummy-conversation", "dummy_conversation.json"), "--out", join(dir, "fc"), "--no-report", "-q"]);
    expect(fastchat.code, fastchat.stderr).toBe(0);
    const codegen = await runPipeline(sharedPath("data", "gpteacher", "codegen-instruct.json"), { out: join(dir, "cg"), quiet: true, noReport: true });
    expect(codegen.filter.stats.rows_kept / codegen.filter.stats.rows_in).toBeGreaterThanOrEqual(0.85);
  }, 300_000);
});
