import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LABELLED_TEXTS } from "./domain-labelled-texts.js";
import { haveShared, sharedPath } from "./shared-data.js";
import { buildTinyModel } from "./tiny-models/build-tiny-model.js";
import { KeywordDomainScorer, keywordForm, wordsOf } from "../src/metrics/domain/keyword-domain-scorer.js";
import { LexiconDomainScorer } from "../src/metrics/domain/lexicon-domain-scorer.js";
import { defaultDomainLexiconData, loadDomainLexicon, useDefaultDomainLexicon } from "../src/metrics/domain/domain-lexicon.js";
import {
  featureOfWord,
  featureValues,
  NUMBER_FEATURE,
  OPERATOR_FEATURE,
  operatorCount,
  STOP_FEATURES,
  wordAndCollocationFeatures,
  YEAR_FEATURE,
} from "../src/metrics/domain/domain-features.js";
import { softmaxInto } from "../src/metrics/domain/domain-columns.js";
import { loadDefaultTaxonomy, readTaxonomyFile, TaxonomyError, validateTaxonomy } from "../src/metrics/domain/domain-taxonomy.js";
import { PrototypeDomainScorer } from "../src/metrics/domain/prototype-domain-scorer.js";
import { ZeroShotDomainScorer } from "../src/metrics/domain/zero-shot-domain-scorer.js";
import { EmbeddingScorer } from "../src/embed/embedding-scorer.js";
import { ModelEmbedder } from "../src/embed/model-embedder.js";
import { createDomainScorer } from "../src/metrics/domain/create-domain-scorer.js";
import { createEmbedder } from "../src/embed/create-embedder.js";
import { ScorerSpecError } from "../src/core/scorer-spec-error.js";
import { disposeLoadedModels } from "../src/models/model-loader.js";
import type { ScoreColumn } from "../src/core/score-column.js";
import type { TextView } from "../src/core/text-view.js";

const DOMAINS_23 = [
  "coding", "technology", "mathematics", "science", "biology", "health", "psychology", "business", "finance", "law", "politics",
  "history", "travel_geography", "philosophy_religion", "literature", "language", "arts_entertainment", "sports", "food",
  "education_careers", "lifestyle", "nature_environment", "general",
];

function view(rows: Array<{ instruction: string; response?: string }>): TextView {
  const n = rows.length;
  return {
    length: n,
    id: rows.map((_, i) => `r:${i}`),
    instruction: rows.map((r) => r.instruction),
    response: rows.map((r) => r.response ?? ""),
    turns: new Int32Array(n).fill(2),
    multiTurn: new Uint8Array(n),
    turnText: rows.flatMap((r) => [r.instruction, r.response ?? ""]),
    turnRole: rows.flatMap(() => ["user", "assistant"]),
    turnOffsets: Int32Array.from({ length: n + 1 }, (_, i) => 2 * i),
  };
}

function column<K extends ScoreColumn["kind"]>(cols: ScoreColumn[], name: string): Extract<ScoreColumn, { kind: K }> {
  return cols.find((c) => c.name === name) as Extract<ScoreColumn, { kind: K }>;
}

describe("domain taxonomy", () => {
  it("ships the 23 domains of the card, each described, with 40+ weighted keywords", () => {
    const t = loadDefaultTaxonomy();
    expect(t.domains.map((d) => d.name)).toEqual(DOMAINS_23);
    expect(t.fallback).toBe("general");
    for (const d of t.domains) {
      expect(d.description.length).toBeGreaterThan(40);
      if (d.name !== "general") expect(Object.keys(d.keywords).length).toBeGreaterThanOrEqual(40);
    }
  });

  it("rejects malformed taxonomies with the entry and the problem named", () => {
    expect(() => validateTaxonomy({}, "t.json")).toThrow(/taxonomy t.json: `domains` must be a non-empty list/);
    expect(() => validateTaxonomy({ domains: [{ name: "a b", description: "x" }] }, "t.json")).toThrow(/domains\[0\]\.name/);
    expect(() => validateTaxonomy({ domains: [{ name: "cooking" }] }, "t.json")).toThrow(/domains\[0\] \(cooking\)\.description/);
    expect(() => validateTaxonomy({ domains: [{ name: "cooking", description: "d", keywords: { oven: -1 } }] }, "t.json")).toThrow(
      /keywords\["oven"\] must be a positive number/,
    );
    expect(() =>
      validateTaxonomy({ domains: [{ name: "a", description: "d" }, { name: "a", description: "d" }] }, "t.json"),
    ).toThrow(/used twice/);
  });

  it("reads a user YAML taxonomy, adding the fallback when it is not listed", () => {
    const dir = mkdtempSync(join(tmpdir(), "sieve-tax-"));
    const file = join(dir, "mine.yaml");
    writeFileSync(file, "domains:\n  - name: cooking\n    description: Kitchen things.\n    keywords: [recipe, oven, olive oil]\n  - name: cars\n    description: Motor vehicles.\n    keywords: { engine: 3, tyre: 2 }\n");
    const t = readTaxonomyFile(file);
    expect(t.domains.map((d) => d.name)).toEqual(["cooking", "cars", "general"]);
    const scorer = createDomainScorer("keywords", { taxonomyPath: file });
    const cols = scorer.score(view([{ instruction: "Which olive oil is best in the oven?" }, { instruction: "My engine is noisy" }, { instruction: "hello" }]), new Map()) as ScoreColumn[];
    expect(column<"utf8">(cols, "domain").values).toEqual(["cooking", "cars", "general"]);
    writeFileSync(file, "domains: [ {name: x, ");
    expect(() => readTaxonomyFile(file)).toThrow(TaxonomyError);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("KeywordDomainScorer", () => {
  const scorer = new KeywordDomainScorer();

  it("labels the suite's hand-labelled texts with at least 90% accuracy", () => {
    const cols = scorer.score(view(LABELLED_TEXTS));
    const got = column<"utf8">(cols, "domain").values;
    const correct = got.filter((d, i) => d === LABELLED_TEXTS[i]!.domain).length;
    expect(LABELLED_TEXTS.length).toBeGreaterThanOrEqual(100);
    expect(correct / LABELLED_TEXTS.length).toBeGreaterThanOrEqual(0.9);
  });

  it("writes domain, a 0..1 score and three distinct labels best first", () => {
    const cols = scorer.score(view([{ instruction: "Give me a recipe for banana bread", response: "Mix flour, sugar and bananas, then bake in the oven." }, { instruction: "" }]));
    expect(cols.map((c) => c.name)).toEqual(["domain", "domain_score", "domain_top3"]);
    expect(column<"utf8">(cols, "domain").values).toEqual(["food", "general"]);
    const score = column<"float64">(cols, "domain_score").values;
    expect(score[0]).toBeGreaterThan(0.9);
    expect(score[0]).toBeLessThanOrEqual(1);
    const top3 = column<"utf8-list">(cols, "domain_top3").values;
    expect(top3[0]![0]).toBe("food");
    expect(new Set(top3[0]).size).toBe(3);
  });

  it("matches inflected forms and phrases, and does not over-merge stems", () => {
    expect(keywordForm("recipes")).toBe(keywordForm("recipe"));
    expect(keywordForm("inning")).toBe("=inning"); // Porter would make it "in"
    const d = (text: string) => scorer.domainNames[scorer.classify(text, "").reduce((a, p, i, all) => (p > all[a]! ? i : a), 0)];
    expect(d("Any tips for cooking recipes with lentils?")).toBe("food");
    expect(d("What is machine learning?")).toBe("technology");
    expect(d("What time is it in London?")).toBe("travel_geography");
    expect(d("Put it in the box in the garage")).not.toBe("sports");
  });

  it("reads the first user turn of a conversation plus the responses", () => {
    const v: TextView = {
      length: 1,
      id: ["c:0"],
      instruction: ["Hi there\n\nthanks"],
      response: ["Hello!\n\nTo bake bread, knead the flour and use a hot oven."],
      turns: Int32Array.of(4),
      multiTurn: Uint8Array.of(1),
      turnText: ["Hi there", "Hello!", "thanks", "To bake bread, knead the flour and use a hot oven."],
      turnRole: ["user", "assistant", "user", "assistant"],
      turnOffsets: Int32Array.of(0, 4),
    };
    expect(column<"utf8">(scorer.score(v), "domain").values).toEqual(["food"]);
  });
});

describe("LexiconDomainScorer (the default)", () => {
  const scorer = new LexiconDomainScorer();
  const top = (p: Float64Array) => scorer.domainNames[p.reduce((a, x, i, all) => (x > all[a]! ? i : a), 0)];

  it("names the taxonomy's 23 domains and writes the three domain columns", () => {
    expect([...scorer.domainNames].sort()).toEqual([...DOMAINS_23].sort());
    const cols = scorer.score(view([{ instruction: "Give me a recipe for banana bread", response: "Mix flour, sugar and bananas, then bake in the oven." }, { instruction: "" }]));
    expect(cols.map((c) => c.name)).toEqual(["domain", "domain_score", "domain_top3"]);
    expect(column<"utf8">(cols, "domain").values).toEqual(["food", "general"]);
    const top3 = column<"utf8-list">(cols, "domain_top3").values;
    expect(new Set(top3[0]).size).toBe(3);
  });

  it("keeps general for text without a subject", () => {
    for (const text of ["hello", "Thanks, that is all for today.", "ok", "Can you do that again but shorter?"]) {
      expect(top(scorer.classify(text, ""))).toBe("general");
    }
  });

  it("is deterministic: fresh scorers, any row order, the same columns", () => {
    const rows = [
      { instruction: "Which enzyme unwinds the DNA double helix during replication?" },
      { instruction: "What is the derivative of x squared plus three x?" },
      { instruction: "Who won the 1998 football World Cup?", response: "France beat Brazil 3-0 in the final." },
    ];
    const a = scorer.score(view(rows));
    const b = new LexiconDomainScorer().score(view([...rows].reverse()));
    expect(column<"utf8">(b, "domain").values.reverse()).toEqual(column<"utf8">(a, "domain").values);
    expect([...column<"float64">(b, "domain_score").values].reverse()).toEqual([...column<"float64">(a, "domain_score").values]);
  });

  it("scores a row as the compile script's feature values say (the trained model's input)", () => {
    const lexicon = loadDomainLexicon();
    // "natural selection" and "supply and demand" are collocations of the table; "supply, not demand" is not one (a stop word between).
    const user = "Which enzymes unwind DNA? The enzyme helicase unwinds the double helix by natural selection; 1953 DNA DNA (2 strands, A+T).";
    const response = "Helicase separates the strands during replication: supply and demand, then supply, not demand.";
    const features = Array.from({ length: lexicon.entries.size }, (_, e) => lexicon.entries.wordAt(e));
    const collocations = new Set(features.filter((f) => f.includes("_")));
    const featuresOf = (t: string) => [
      ...wordAndCollocationFeatures(wordsOf(t), collocations),
      ...Array.from({ length: operatorCount(t) }, () => OPERATOR_FEATURE),
    ];
    const u = featuresOf(user);
    const r = featuresOf(response);
    expect(u).toContain("natur_select");
    expect(r.filter((f) => f === "suppli_demand")).toHaveLength(1);
    const values = featureValues([...u, ...r], [...u.map(() => 1), ...r.map(() => lexicon.responseWeight)]);
    const logits = new Float64Array(lexicon.domains.length + 1);
    for (const [f, v] of values) {
      const e = lexicon.entries.getString(f);
      if (e < 0) continue;
      for (let j = lexicon.start[e]!; j < lexicon.start[e + 1]!; j++) logits[lexicon.domainOf[j]!]! += lexicon.weight[j]! * v;
    }
    logits[lexicon.domains.length] = lexicon.generalScore;
    const expected = softmaxInto(logits, lexicon.temperature, new Float64Array(logits.length));
    const got = scorer.classify(user, response);
    for (let d = 0; d < expected.length; d++) expect(got[d]).toBeCloseTo(expected[d]!, 12);
    expect(top(got)).toBe("biology");
  });

  it("finds collocations across bridge words only, and gives function words no weight", () => {
    const pairs = new Set(["suppli_demand", "balanc_power", "oper_condit"]);
    const found = (t: string) => wordAndCollocationFeatures(wordsOf(t), pairs).filter((f) => f.includes("_"));
    expect(found("Supply and demand set the price; the balance of power shifted; operant conditioning.")).toEqual(["suppli_demand", "balanc_power", "oper_condit"]);
    // A content word, a stop word or a non-feature (a single letter) between the two ends the pair.
    expect(found("supply exceeds demand; balance that power; operant B conditioning")).toEqual([]);
    const lexicon = loadDomainLexicon();
    for (const w of ["the", "which", "where", "following"].filter((x) => STOP_FEATURES.has(featureOfWord(x)!))) {
      const e = lexicon.entries.getString(featureOfWord(w)!);
      expect(e < 0 || lexicon.start[e] === lexicon.start[e + 1]).toBe(true);
    }
    // The pair is evidence on top of its words: economics questions say finance.
    expect(top(scorer.classify("Explain supply and demand.", ""))).toBe("finance");
  });

  it("counts years, other numbers and formula operators as features of their own", () => {
    expect(featureOfWord("1848")).toBe(YEAR_FEATURE);
    expect(["7", "42", "3x", "250000"].map(featureOfWord)).toEqual([NUMBER_FEATURE, NUMBER_FEATURE, NUMBER_FEATURE, NUMBER_FEATURE]);
    expect(featureOfWord("x")).toBeUndefined();
    expect(operatorCount("x^2 + 3x = 10, a - b / c * d")).toBe(3);
    // A bare equation has no subject word at all: the numbers and operators alone say mathematics.
    expect(top(scorer.classify("Solve for x: 3x + 5 = 20", ""))).toBe("mathematics");
  });

  it("reads every user turn of a conversation", () => {
    const v: TextView = {
      length: 1,
      id: ["c:0"],
      instruction: ["Hi there\n\nWhat are the symptoms of diabetes and how is insulin dosed?"],
      response: ["Hello! How can I help?\n\nPlease ask your doctor."],
      turns: Int32Array.of(4),
      multiTurn: Uint8Array.of(1),
      turnText: ["Hi there", "Hello! How can I help?", "What are the symptoms of diabetes and how is insulin dosed?", "Please ask your doctor."],
      turnRole: ["user", "assistant", "user", "assistant"],
      turnOffsets: Int32Array.of(0, 4),
    };
    expect(column<"utf8">(scorer.score(v), "domain").values).toEqual(["health"]);
  });

  it("keeps the shipped lexicon in SharedArrayBuffers that a thread adopts without copying", () => {
    const data = defaultDomainLexiconData();
    const arrays = [data.start, data.domainOf, data.weight, data.collocationStart, data.collocationSecond, data.collocationEntry, data.bridge, data.entries.slots, data.entries.entries, data.entries.chars];
    for (const a of arrays) expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(loadDomainLexicon().weight.buffer).toBe(data.weight.buffer);

    // What a worker receives: a structured clone, whose SharedArrayBuffers are the same memory.
    const received = structuredClone(data);
    const rows = [{ instruction: "How do vaccines train the immune system?" }, { instruction: "Explain supply and demand." }];
    const before = new LexiconDomainScorer().score(view(rows));
    useDefaultDomainLexicon(received);
    try {
      const adopted = loadDomainLexicon();
      expect(adopted.entries.getString("suppli_demand")).toBe(loadDomainLexicon().entries.getString("suppli_demand"));
      expect(new LexiconDomainScorer().score(view(rows))).toEqual(before);
      // Same memory, not a copy: a weight changed through one side shows through the other.
      const w = adopted.weight[0]!;
      data.weight[0] = w + 1;
      expect(adopted.weight[0]).toBe(Math.fround(w + 1));
      data.weight[0] = w;
    } finally {
      useDefaultDomainLexicon(data);
    }
    expect(loadDomainLexicon().weight.buffer).toBe(data.weight.buffer);
  });
});

// Exam questions nobody here wrote (mmlu-dev), each with the domains that count as right. The
// floors sit a little under the measured figures (accuracy 0.612, 12 questions general, 106 rows
// at domain_score ≥ 0.8 of which 0.802 right; the keyword scorer gets 0.515): they catch regressions, they were not fitted.
describe.runIf(haveShared("data/mmlu-dev/dev.jsonl"))("default domains on held-out exam questions", () => {
  it("labels the dev questions better than the keyword lists, and high scores are mostly right", () => {
    const dev = readFileSync(sharedPath("data/mmlu-dev/dev.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { text: string; domains: string[] });
    const cols = createDomainScorer("keywords").score(view(dev.map((q) => ({ instruction: q.text }))), new Map()) as ScoreColumn[];
    const got = column<"utf8">(cols, "domain").values;
    const score = column<"float64">(cols, "domain_score").values;
    const right = dev.map((q, i) => q.domains.includes(got[i]!));
    expect(right.filter(Boolean).length / dev.length).toBeGreaterThanOrEqual(0.59);
    expect(got.filter((d) => d === "general").length).toBeLessThanOrEqual(15);
    const confident = dev.map((_, i) => i).filter((i) => score[i]! >= 0.8);
    expect(confident.length).toBeGreaterThanOrEqual(95);
    expect(confident.filter((i) => right[i]).length / confident.length).toBeGreaterThanOrEqual(0.78);
  });
});

describe.runIf(haveShared("data/dolly-15k/databricks-dolly-15k.jsonl"))("default domains on Dolly", () => {
  it("spreads Dolly over the taxonomy: general is a minority, most domains are used", () => {
    const rows = readFileSync(sharedPath("data/dolly-15k/databricks-dolly-15k.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { instruction: string; response: string });
    const domains = column<"utf8">(createDomainScorer("keywords").score(view(rows), new Map()) as ScoreColumn[], "domain").values;
    const share = (name: string) => domains.filter((d) => d === name).length / domains.length;
    expect(share("general")).toBeLessThan(0.3);
    const used = DOMAINS_23.filter((d) => share(d) >= 0.005);
    expect(used.length).toBe(23);
    for (const d of DOMAINS_23) expect(share(d)).toBeLessThan(0.25);
  });
});

describe("model-backed domain scorers on tiny models", () => {
  let dir: string;
  // Words for four domains, on their own embedding axes.
  const groups = {
    food: ["food", "cooking", "recipe", "bread", "oven", "flour", "bake", "drinks"],
    sports: ["sports", "athletics", "football", "goal", "match", "team", "tennis"],
    coding: ["computer", "programming", "software", "code", "python", "function", "bug"],
    finance: ["finance", "money", "economics", "accounting", "stock", "invest", "bank"],
  };
  const taxonomy = validateTaxonomy(
    {
      domains: [
        { name: "food", label: "food, cooking and drinks", description: "Recipes, bread and the oven.", keywords: { recipe: 3 } },
        { name: "sports", label: "sports and athletics", description: "Football, tennis and the team.", keywords: { football: 3 } },
        { name: "coding", label: "computer programming and software code", description: "Python code and software bugs.", keywords: { python: 3 } },
        { name: "finance", label: "finance, money, economics and accounting", description: "Money, the bank and stock.", keywords: { money: 3 } },
      ],
    },
    "test",
  );
  const rows = [
    { instruction: "how do I bake bread", response: "put the flour in the oven" },
    { instruction: "who won the football match", response: "the home team scored a late goal" },
    { instruction: "my python function has a bug", response: "fix the code" },
    { instruction: "should I invest money in stock", response: "ask your bank" },
  ];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "sieve-domain-"));
    buildTinyModel(dir, { id: "tiny/features", task: "feature-extraction", groups });
    buildTinyModel(dir, { id: "tiny/nli", task: "zero-shot", groups });
  });
  afterAll(async () => {
    await disposeLoadedModels();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prototypes: labels rows by the nearest domain description in the model's space", async () => {
    const embedder = new ModelEmbedder("tiny/features", { modelDir: dir });
    const [embedding] = await new EmbeddingScorer(embedder).score(view(rows));
    const scorer = createDomainScorer("prototypes", { embedder, taxonomyPath: undefined });
    expect(scorer.needs).toEqual(["embedding"]);
    const protoScorer = new PrototypeDomainScorer(embedder, { taxonomy });
    const cols = await protoScorer.score(view(rows), new Map([["embedding", embedding!]]));
    expect(column<"utf8">(cols, "domain").values).toEqual(["food", "sports", "coding", "finance"]);
    for (const s of column<"float64">(cols, "domain_score").values) expect(s).toBeGreaterThan(0.5);
  });

  it("prototypes: works with the hash embedder too, and refuses a mismatched embedding column", async () => {
    const hash = createEmbedder("hash");
    const [embedding] = await new EmbeddingScorer(hash).score(view(rows));
    const cols = await new PrototypeDomainScorer(hash, { taxonomy }).score(view(rows), new Map([["embedding", embedding!]]));
    expect(column<"utf8">(cols, "domain").values).toEqual(["food", "sports", "coding", "finance"]);
    const small = await new EmbeddingScorer(createEmbedder("hash:64")).score(view(rows));
    await expect(new PrototypeDomainScorer(hash, { taxonomy }).score(view(rows), new Map([["embedding", small[0]!]]))).rejects.toThrow(/dim 256.*dim 64/);
    await expect(new PrototypeDomainScorer(hash, { taxonomy }).score(view(rows), new Map())).rejects.toThrow(/needs the "embedding" column/);
  });

  it("zero-shot: NLI entailment with each domain's label picks the right domain", async () => {
    const scorer = new ZeroShotDomainScorer("tiny/nli", { modelDir: dir, taxonomy, batchSize: 3 });
    const cols = await scorer.score(view(rows));
    expect(column<"utf8">(cols, "domain").values).toEqual(["food", "sports", "coding", "finance"]);
    const top3 = column<"utf8-list">(cols, "domain_top3").values;
    expect(top3[0]).not.toContain("general");
  });

  it("zero-shot: refuses a model without an entailment label", async () => {
    buildTinyModel(dir, { id: "tiny/not-nli", task: "text-classification", groups });
    await expect(new ZeroShotDomainScorer("tiny/not-nli", { modelDir: dir, taxonomy }).score(view(rows))).rejects.toThrow(/not an NLI model/);
  });

  it("createDomainScorer parses specs and rejects bad ones", () => {
    expect(createDomainScorer("keywords")).toBeInstanceOf(LexiconDomainScorer);
    expect(createDomainScorer("lexicon")).toBeInstanceOf(LexiconDomainScorer);
    expect(createDomainScorer("zero-shot:tiny/nli", { modelDir: dir })).toBeInstanceOf(ZeroShotDomainScorer);
    expect(() => createDomainScorer("prototypes")).toThrow(/needs the embedder/);
    expect(() => createDomainScorer("topics")).toThrow(ScorerSpecError);
    expect(() => createDomainScorer("keywords:fast")).toThrow(/--domain "keywords:fast" is not understood/);
  });
});
