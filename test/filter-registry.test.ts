import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { addFilterOptions, filterCommand, flagName } from "../src/cli/filter-command.js";
import { runCommand } from "../src/cli/run-command.js";
import type { FilterEntry, FlagValueKind } from "../src/core/filter-entry.js";
import { defaultFilterConfigObject, defaultFilterConfigYaml, resolveFilterConfig, validateFilterConfig } from "../src/filters/filter-config.js";
import { FilterConfigError } from "../src/filters/filter-config-error.js";
import { applyFilterOverrides, FILTER_FLAGS } from "../src/filters/filter-overrides.js";
import { FILTERS } from "../src/filters/filter-registry.js";
import { rowFilter } from "../src/filters/lambda-filter.js";
import { buildFilterConfig, filterDataset } from "../src/pipeline/filter-dataset.js";

const ENTRIES = FILTERS as ReadonlyArray<FilterEntry>;

/** Long flag names a command defines. */
const longFlags = (cmd: Command) => new Set(cmd.options.map((o) => o.long));

async function writeJsonl(rows: Array<Record<string, unknown>>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "sieve-registry-"));
  const path = join(dir, "scored.jsonl");
  await writeFile(path, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  return path;
}

const readJsonl = async (path: string) =>
  (await readFile(path, "utf8")).split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

const REPETITION_COLUMNS = [
  "response_dup_line_fraction",
  "response_top_2gram_char_fraction",
  "response_top_3gram_char_fraction",
  "response_top_4gram_char_fraction",
  ...[5, 6, 7, 8, 9, 10].map((n) => `response_dup_${n}gram_char_fraction`),
];

/** A scored row: the default score columns, every repetition column 0 unless given. */
const scoredRow = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  instruction: `Say something about topic ${id}.`,
  response: `Here is a fine answer about topic ${id}, long enough to pass.`,
  turns: 2,
  toxicity_score: 0,
  readability_score: 60,
  complexity_score: 8,
  instruction_chars: 30,
  response_chars: 60,
  instruction_words: 5,
  response_words: 12,
  domain: "general",
  ...Object.fromEntries(REPETITION_COLUMNS.map((c) => [c, 0])),
  ...extra,
});

describe("filter registry", () => {
  it("every entry's flags exist on `sieve filter` and `sieve run`", () => {
    const filter = longFlags(filterCommand());
    const run = longFlags(runCommand());
    expect(FILTER_FLAGS.length).toBeGreaterThan(40);
    for (const flag of FILTER_FLAGS) {
      const names = [...(flag.onlyNegated ? [] : [`--${flagName(flag.option)}`]), ...(flag.onlyNegated || flag.negate ? [`--no-${flagName(flag.option)}`] : [])];
      for (const name of names) {
        expect(filter.has(name), `sieve filter ${name}`).toBe(true);
        expect(run.has(name), `sieve run ${name}`).toBe(true);
      }
    }
    for (const entry of ENTRIES) for (const flag of entry.flags) expect(FILTER_FLAGS).toContain(flag);
  });

  it("a flag's commander attribute is its library option", () => {
    const cmd = addFilterOptions(new Command().exitOverride());
    for (const o of cmd.options) {
      const option = o.attributeName();
      expect(FILTER_FLAGS.some((f) => f.option === option), o.long).toBe(true);
    }
    expect(flagName("repetitionMaxTop2gram")).toBe("repetition-max-top-2gram");
    expect(flagName("repetitionMaxDup10gram")).toBe("repetition-max-dup-10gram");
  });

  it("the default config lists the entries that have defaults, in registry order", () => {
    const kinds = Object.keys(defaultFilterConfigObject().filters as object);
    expect(kinds).toEqual(ENTRIES.filter((e) => e.defaults !== undefined).map((e) => e.kind));
    expect(kinds).toEqual(["toxicity", "length", "readability", "dedup", "pii", "refusal"]);
    expect(kinds).not.toContain("repetition");
  });

  it("every kind round-trips: parse → printed YAML → parse gives the same steps", () => {
    for (const entry of ENTRIES) {
      const value = entry.defaults ?? entry.example;
      const config = { preset: "none", filters: { [entry.kind]: value }, balance: false };
      const parsed = resolveFilterConfig(config);
      expect(parsed.filters.map((s) => s.kind)).toEqual([entry.kind]);
      // Printed the way --print-config prints, with this filter in place of the default list.
      const printed = defaultFilterConfigYaml().replace(/^filters:\n(?: {2}.*\n)+/m, YAML.stringify({ filters: { [entry.kind]: value } }));
      expect(printed).toContain(`${entry.kind}:`);
      const reparsed = resolveFilterConfig({ ...(YAML.parse(printed) as Record<string, unknown>), preset: "none", balance: false });
      expect(reparsed.filters, entry.kind).toEqual(parsed.filters);
      // A step parses back to itself through its own parse (steps hold no derived state).
      const { kind: _kind, ...body } = parsed.filters[0] as unknown as Record<string, unknown>;
      if (entry.kind !== "thresholds" && entry.kind !== "dedup") expect(entry.parse(`filters.${entry.kind}`, body)).toEqual(parsed.filters[0]);
    }
    const printedDefaults = YAML.parse(defaultFilterConfigYaml()) as Record<string, unknown>;
    expect(resolveFilterConfig(printedDefaults)).toEqual(resolveFilterConfig());
  });

  it("each flag that sets a key under filters.<kind> turns that filter on in an empty config", () => {
    const sample: Record<FlagValueKind, unknown> = {
      number: 1,
      fraction: 0.5,
      count: 3,
      "positive-count": 4,
      text: "embedding",
      "repeated-text": ["x:1:"],
      "text-list": [],
      switch: true,
      "fraction-or-off": 0.9,
    };
    for (const entry of ENTRIES) {
      for (const flag of entry.flags) {
        // List flags take values their filter knows (an empty allow-list is refused on purpose).
        const listSamples: Record<string, string[]> = { languageAllow: ["en"], refusalKinds: ["refusal"] };
        const value = flag.choices ? flag.choices[flag.choices.length - 1] : (listSamples[flag.option] ?? sample[flag.value]);
        // A bound on the language score means nothing without the allowed languages.
        const companions: Record<string, Record<string, unknown>> = { languageMinScore: { languageAllow: ["en"] } };
        const raw = applyFilterOverrides({ filters: {}, balance: false }, { ...companions[flag.option], [flag.option]: value });
        const config = validateFilterConfig(raw);
        expect(config.filters.map((s) => s.kind), flag.option).toEqual([entry.kind]);
      }
    }
  });

  it("unknown kinds are refused with the registry's list; off switches win over other flags", async () => {
    expect(() => resolveFilterConfig({ filters: { repetion: {} } })).toThrow(
      `filters.repetion: {} is not valid; allowed: one of the filters ${ENTRIES.map((e) => e.kind).join(", ")}.`,
    );
    const off = await buildFilterConfig({ preset: "none", filters: { toxicity: {} }, balance: false }, { dedupNear: "off", dedupNearMethod: "embedding", balanceTarget: "a=0.5" , balance: false });
    expect(off.filters).toEqual([{ kind: "toxicity", max: 0.3 }, { kind: "dedup", dedup: { exact: true, near: null, keep: "first" } }]);
    expect(off.balance).toBeNull();
    await expect(buildFilterConfig(undefined, { skipFilter: ["nope"] })).rejects.toThrow(
      `--skip-filter: "nope" is not valid; allowed: ${ENTRIES.map((e) => e.kind).join(", ")} or balance.`,
    );
  });
});

describe("repetition filter", () => {
  it("is off by default; the config block or any flag turns it on with Gopher's bounds", async () => {
    expect(resolveFilterConfig().filters.map((s) => s.kind)).not.toContain("repetition");
    const gopher = {
      kind: "repetition",
      max_dup_line_fraction: 0.3,
      max_top_2gram: 0.2,
      max_top_3gram: 0.18,
      max_top_4gram: 0.16,
      max_dup_5gram: 0.15,
      max_dup_6gram: 0.14,
      max_dup_7gram: 0.13,
      max_dup_8gram: 0.12,
      max_dup_9gram: 0.11,
      max_dup_10gram: 0.1,
    };
    expect(resolveFilterConfig({ preset: "none", filters: { repetition: true } }).filters).toEqual([gopher]);
    const flagged = await buildFilterConfig(undefined, { repetitionMaxDupLineFraction: 0.5 });
    // A flag adds its filter after the preset's.
    expect(flagged.filters.map((s) => s.kind)).toEqual([...resolveFilterConfig().filters.map((s) => s.kind), "repetition"]);
    expect(flagged.filters.at(-1)).toEqual({ ...gopher, max_dup_line_fraction: 0.5 });
    expect(() => resolveFilterConfig({ filters: { repetition: { max_top_2gram: 1.2 } } })).toThrow(
      "filters.repetition.max_top_2gram: 1.2 is not valid; allowed: a number from 0 to 1.",
    );
    expect(() => resolveFilterConfig({ filters: { repetition: { max_top_5gram: 0.1 } } })).toThrow(/filters\.repetition\.max_top_5gram.*a known key/);
  });

  it("removes exactly the rows over a bound (bounds inclusive) and names the value and the bound", async () => {
    const input = await writeJsonl([
      scoredRow("clean", { response_dup_line_fraction: 0.1, response_top_2gram_char_fraction: 0.05 }),
      scoredRow("at-bounds", {
        response_dup_line_fraction: 0.3,
        response_top_2gram_char_fraction: 0.2,
        response_top_4gram_char_fraction: 0.16,
        response_dup_10gram_char_fraction: 0.1,
      }),
      scoredRow("dup-lines", { response_dup_line_fraction: 0.31 }),
      scoredRow("top-3gram", { response_top_3gram_char_fraction: 0.25 }),
      scoredRow("dup-10gram", { response_dup_10gram_char_fraction: 0.1001 }),
      scoredRow("everything", { response_dup_line_fraction: 0.9, response_top_2gram_char_fraction: 0.9, response_dup_5gram_char_fraction: 0.9 }),
    ]);
    const out = await mkdtemp(join(tmpdir(), "sieve-repetition-"));
    const result = await filterDataset(input, { preset: "none", filters: { repetition: {} }, balance: false }, { out, format: "jsonl" });
    const kept = await readJsonl(result.files.filtered);
    const rejected = await readJsonl(result.files.rejected);
    expect(kept.map((r) => r.id)).toEqual(["clean", "at-bounds"]);
    expect(rejected.map((r) => [r.id, r.filter_reason, r.filter_detail])).toEqual([
      ["dup-lines", "repetition", "response_dup_line_fraction 0.31 > max 0.3"],
      ["top-3gram", "repetition", "response_top_3gram_char_fraction 0.25 > max 0.18"],
      ["dup-10gram", "repetition", "response_dup_10gram_char_fraction 0.1001 > max 0.1"],
      ["everything", "repetition", "response_dup_line_fraction 0.9 > max 0.3"],
    ]);
    expect(result.stats.filters).toEqual([{ name: "repetition", removed: 4, columns: REPETITION_COLUMNS }]);
  });

  it("is skipped with a warning when the scored file has no repetition columns (scorer off)", async () => {
    const row = scoredRow("a");
    for (const c of REPETITION_COLUMNS) delete (row as Record<string, unknown>)[c];
    const input = await writeJsonl([row]);
    const out = await mkdtemp(join(tmpdir(), "sieve-repetition-"));
    const result = await filterDataset(input, { preset: "none", filters: { toxicity: {}, repetition: {} }, balance: false }, { out, format: "jsonl" });
    expect(result.stats.rows_kept).toBe(1);
    expect(result.stats.filters[1]).toMatchObject({ name: "repetition", removed: 0, skipped: expect.stringContaining("'response_dup_line_fraction'") as unknown });
    expect(result.stats.warnings).toEqual([expect.stringMatching(/^filter repetition skipped: the scored file has no 'response_dup_line_fraction', .* column \(was that scorer off\?\)$/)]);
  });
});

describe("user filters", () => {
  const shortAnswer = rowFilter("short_answer", ["response_words"], (r) => (r.response_words as number) >= 5 || `response_words ${String(r.response_words)} < 5`);

  it("run after the config's filters and before balance; their name is the filter_reason", async () => {
    const input = await writeJsonl([
      scoredRow("ok"),
      scoredRow("short", { response_words: 3 }),
      scoredRow("toxic-and-short", { toxicity_score: 0.9, response_words: 2 }),
      scoredRow("digits", { response: "42" }),
    ]);
    const out = await mkdtemp(join(tmpdir(), "sieve-user-filter-"));
    const noDigits = rowFilter("no_digit_only", [], (r) => !/^\d+$/.test(r.response));
    const result = await filterDataset(
      input,
      { preset: "card", filters: { toxicity: {}, length: false, readability: false, dedup: false }, balance: { max_share: 1 } },
      { out, format: "jsonl", filters: [shortAnswer, noDigits] },
    );
    const rejected = await readJsonl(result.files.rejected);
    expect(rejected.map((r) => [r.id, r.filter_reason, r.filter_detail])).toEqual([
      ["short", "short_answer", "response_words 3 < 5"],
      ["toxic-and-short", "toxicity", "toxicity_score 0.9 > max 0.3"],
      ["digits", "no_digit_only", "removed by no_digit_only"],
    ]);
    const stats = JSON.parse(await readFile(result.files.stats, "utf8")) as { filters: Array<{ name: string; removed: number }> };
    expect(stats.filters.map((f) => [f.name, f.removed])).toEqual([
      ["toxicity", 1],
      ["short_answer", 1],
      ["no_digit_only", 1],
      ["balance", 0],
    ]);
  });

  it("a name taken by a built-in filter or another user filter, or a missing column, is a config error", async () => {
    const input = await writeJsonl([scoredRow("a")]);
    const out = await mkdtemp(join(tmpdir(), "sieve-user-filter-"));
    const attempt = (filters: ReturnType<typeof rowFilter>[]) => filterDataset(input, { balance: false }, { out, format: "jsonl", filters });
    for (const name of ["toxicity", "balance", "dedup.exact", "repetition"]) {
      await expect(attempt([rowFilter(name, [], () => true)])).rejects.toThrow(FilterConfigError);
    }
    await expect(attempt([shortAnswer, shortAnswer])).rejects.toThrow(/filters\[1\]\.name: "short_answer" is not valid/);
    await expect(attempt([rowFilter("needs_x", ["x_score"], () => true)])).rejects.toThrow(/filters\[0\]\.columns: \["x_score"\] is not valid/);
  });
});
