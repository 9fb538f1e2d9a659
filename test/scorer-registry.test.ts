import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Field, Float64, Int32, Schema } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { Command, Option } from "commander";
import { addScorerOptions, scorerConfigFrom } from "../src/cli/shared-options.js";
import { runCommand } from "../src/cli/run-command.js";
import { scoreCommand } from "../src/cli/score-command.js";
import type { ScorerEntry } from "../src/core/scorer-entry.js";
import { DEFAULT_SCORERS, SCORERS, SCORER_CONFIG_KEYS, scoreColumnDocs } from "../src/metrics/scorer-registry.js";
import { createScorers } from "../src/pipeline/create-scorers.js";
import { EMPTY_VIEW, orderScorers, runScorers } from "../src/pipeline/run-scorers.js";
import { scoreDataset, scorerConfigOf, type ScoreOptions } from "../src/pipeline/score-dataset.js";
import { ScoringPool } from "../src/pipeline/scoring-pool.js";
import { datasetCard, fieldDescription } from "../src/report/dataset-card.js";
import type { ReportStats } from "../src/report/report-stats.js";
import { writeJsonl } from "./io-fixtures.js";

const entries = SCORERS as ReadonlyArray<ScorerEntry>;
const dir = mkdtempSync(join(tmpdir(), "sieve-scorer-registry-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every scorer on with its embedded default: the columns in the order they are written. */
async function defaultColumns(config = {}): Promise<string[]> {
  return (await runScorers(orderScorers(await createScorers(config)), EMPTY_VIEW)).map((c) => c.name);
}

describe("scorer registry", () => {
  it("lists the scorers in output order, new scorers appended", () => {
    expect(entries.map((e) => e.name)).toEqual(["lengths", "readability", "toxicity", "embedding", "domain", "repetition", "code_fraction", "pii", "refusal", "relevance", "language"]);
  });

  it("describes exactly the columns the scorers write with every one on, in order", async () => {
    expect(scoreColumnDocs().map((c) => c.name)).toEqual(await defaultColumns({ languageId: "on" }));
    for (const c of scoreColumnDocs()) expect(c.description, c.name).toMatch(/^\S.*\.$/);
  });

  it("derives the defaults and keeps today's library option names", () => {
    expect(DEFAULT_SCORERS).toEqual({ readability: true, readabilityField: "response", toxicity: "lexicon", embedder: "hash", domain: "keywords", repetition: "on", codeFraction: "on", pii: "on", refusal: "on", relevance: "on", languageId: "off" });
    expect(SCORER_CONFIG_KEYS).toEqual(["readability", "readabilityField", "toxicity", "embedder", "domain", "taxonomy", "repetition", "codeFraction", "pii", "refusal", "relevance", "languageId"]);
  });

  it("builds a scorer per entry and leaves out those a config turns off", async () => {
    expect((await createScorers({})).map((s) => s.name)).toEqual(["lengths", "readability", "toxicity", "embedding", "domain", "repetition", "code_fraction", "pii", "refusal", "relevance"]);
    const off = await createScorers({ readability: false, toxicity: "off", embedder: "off", domain: "off", repetition: "off", codeFraction: "off", pii: "off", refusal: "off", relevance: "off" });
    expect(off.map((s) => s.name)).toEqual(["lengths"]);
    expect((await createScorers({ repetition: false })).map((s) => s.name)).not.toContain("repetition");
    // Without repetition the columns are those of the other scorers, in their order.
    const withoutRepetition = await defaultColumns({ repetition: "off" });
    expect(withoutRepetition).toEqual(scoreColumnDocs().map((c) => c.name).filter((n) => !n.startsWith("response_dup_") && !n.startsWith("response_top_") && !n.startsWith("language")));
  });

  it("rejects a setting that is not one of the accepted forms", async () => {
    await expect(createScorers({ toxicity: "nonsense" })).rejects.toThrow(/--toxicity "nonsense"/);
    await expect(createScorers({ readabilityField: "title" as "response" })).rejects.toThrow(/--readability-field "title"/);
  });

  it("asks each entry whether its settings load a model", () => {
    const loads = (settings: Record<string, unknown>) => entries.filter((e) => e.loadsModels(settings)).map((e) => e.name);
    expect(loads({ ...DEFAULT_SCORERS })).toEqual([]);
    expect(loads({ toxicity: "model:Xenova/toxic-bert", embedder: "model", domain: "zero-shot" })).toEqual(["toxicity", "embedding", "domain"]);
  });
});

describe("scorer flags", () => {
  it("every option of every entry is a flag of `sieve run` and `sieve score`, with its help", () => {
    for (const cmd of [runCommand(), scoreCommand()]) {
      const help = cmd.helpInformation();
      for (const e of entries) {
        for (const o of e.options) {
          expect(help, `${cmd.name()} ${o.flags}`).toContain(o.flags);
          expect(help.replace(/\s+/g, " "), o.flags).toContain(o.help);
        }
      }
    }
  });

  it("each option's key is its flag's camel-cased name, so parsed flags map back to config keys", () => {
    for (const o of entries.flatMap((e) => e.options)) expect(new Option(o.flags).attributeName()).toBe(o.key);
  });

  it("parsed flags become a config with every registry key; defaults as the library's", () => {
    const parse = (...args: string[]) => {
      const cmd = addScorerOptions(new Command("t").exitOverride().configureOutput({ writeErr: () => {} }));
      cmd.parse(args, { from: "user" });
      return scorerConfigFrom(cmd.opts());
    };
    const defaults = parse();
    for (const key of SCORER_CONFIG_KEYS) expect(defaults).toHaveProperty(key);
    expect(defaults).toMatchObject(DEFAULT_SCORERS);
    expect(parse("--repetition", "off", "--no-readability", "--toxicity", "off", "--taxonomy", "t.yaml")).toMatchObject({ repetition: "off", readability: false, toxicity: "off", taxonomy: "t.yaml" });
    expect(() => parse("--repetition", "maybe")).toThrow();
  });
});

describe("worker configuration", () => {
  it("scorerConfigOf carries every registry key and the model settings, and nothing else", () => {
    const options: Record<string, unknown> = { batchSize: 7, quiet: true, keepEmbeddings: true, modelDir: "m", device: "cpu", dtype: "q8", modelBatchSize: 4, onnxThreads: 1 };
    for (const key of SCORER_CONFIG_KEYS) options[key] = `value of ${key}`;
    const config = scorerConfigOf(options as ScoreOptions) as Record<string, unknown>;
    for (const key of SCORER_CONFIG_KEYS) expect(config[key]).toBe(`value of ${key}`);
    expect(config).toMatchObject({ modelDir: "m", device: "cpu", dtype: "q8", modelBatchSize: 4, onnxThreads: 1 });
    expect(config).not.toHaveProperty("batchSize");
    expect(config).not.toHaveProperty("keepEmbeddings");
  });

  it("a scorer setting given as a config key reaches the workers: same columns and values as the main thread", async () => {
    const rows = [
      { instruction: "Repeat after me.", response: "I like cats. I like cats. I like cats." },
      { instruction: "List two steps.", response: "Step one.\nStep two.\nStep one." },
      { instruction: "Explain.", response: "Plants turn light into sugar with chlorophyll." },
    ];
    const input = writeJsonl(join(dir, "rows.jsonl"), rows);
    const fast = { toxicity: "off", embedder: "off", domain: "off", readability: false, quiet: true } as const;
    const columnsOf = async (workers: number, repetition: "on" | "off"): Promise<{ added: string[]; jsonl: string }> => {
      const out = join(dir, `scored-${workers}-${repetition}.jsonl`);
      const summary = await scoreDataset(input, out, { ...fast, repetition, workers });
      return { added: summary.columns_added, jsonl: readFileSync(out, "utf8") };
    };
    const offInThread = await columnsOf(0, "off");
    const offInWorkers = await columnsOf(1, "off");
    expect(offInThread.added).not.toContain("response_dup_line_fraction");
    expect(offInWorkers).toEqual(offInThread);
    const onInThread = await columnsOf(0, "on");
    const onInWorkers = await columnsOf(1, "on");
    expect(onInThread.added).toContain("response_dup_10gram_char_fraction");
    expect(onInWorkers).toEqual(onInThread);
  });

  it("the pool builds the scorers its config names", async () => {
    const pool = new ScoringPool({ readability: false, toxicity: "off", embedder: "off", domain: "off", repetition: "off", codeFraction: "off", pii: "off", refusal: "off", relevance: "off", languageId: "off" }, 1);
    try {
      expect((await pool.score(EMPTY_VIEW)).map((c) => c.name)).toEqual(["instruction_chars", "response_chars", "instruction_words", "response_words", "turns"]);
    } finally {
      await pool.close();
    }
  });
});

describe("dataset card", () => {
  it("describes every registry column in Data Fields", () => {
    const docs = scoreColumnDocs();
    for (const c of docs) expect(fieldDescription(c.name)).toBe(c.description);
    const schema = new Schema(docs.map((c) => new Field(c.name, c.name.endsWith("_count") ? new Int32() : new Float64())));
    const card = datasetCard(minimalStats(), schema, { completeFile: "complete.parquet", images: [] });
    const fields = card.slice(card.indexOf("## Data Fields"), card.indexOf("## Dataset Statistics"));
    for (const c of docs) expect(fields, c.name).toContain(`| \`${c.name}\` |`);
    const rows = fields.split("\n").filter((l) => l.startsWith("| `"));
    expect(rows).toHaveLength(docs.length);
    for (const row of rows) expect(row, row).not.toMatch(/\|\s*\|$/);
  });

  it("describes a model's label columns", () => {
    expect(fieldDescription("toxicity_insult")).toContain("`insult`");
    expect(fieldDescription("no_such_column")).toBe("");
  });
});

/** The least ReportStats a card renders from. */
function minimalStats(): ReportStats {
  return {
    dataset: { total_rows: 3, filtered_rows: null, removed_rows: null, domains_covered: 0, avg_instruction_chars: 0, avg_response_chars: 0, multi_turn_conversations: 0 },
    domains: { before: {}, after: {} },
    scores: {},
    filters: null,
    map_sample: { rows: 0 },
  } as unknown as ReportStats;
}
