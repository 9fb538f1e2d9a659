import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTinyModel } from "./tiny-models/build-tiny-model.js";
import { corpusVocabulary } from "./tiny-models/wordpiece-tokenizer.js";
import { haveShared, sharedPath } from "./shared-data.js";
import { batchTokenizerFor, type BatchTokenizer } from "../src/models/batch-tokenizer.js";
import { WordPieceTokenizer } from "../src/models/wordpiece-tokenizer.js";
import { WordIdCache } from "../src/models/word-id-cache.js";
import { disposeLoadedModels, loadClassifier, loadPipeline, type LoadedTokenizer } from "../src/models/model-loader.js";
import { ModelEmbedder } from "../src/embed/model-embedder.js";
import { loadDefaultTaxonomy } from "../src/metrics/domain/domain-taxonomy.js";

/**
 * Our WordPiece fast path must give transformers.js's tokenizer output id for id: checked on
 * real Dolly texts with a realistic vocabulary (learned from Dolly by our own code), with the
 * tiny taxonomy vocabulary (most words split into letters), on edge cases, for sentence pairs,
 * and with truncation.
 */

type Tensorish = { dims: number[]; data: BigInt64Array };

/** Assert both tokenizers give the same tensors for `texts` (and `pairs`) in one padded batch. */
function expectSameInputs(slow: LoadedTokenizer, fast: BatchTokenizer, texts: string[], pairs?: string[]): void {
  const want = slow(texts, pairs ? { text_pair: pairs, padding: true, truncation: true } : { padding: true, truncation: true }) as Record<string, Tensorish>;
  const got = fast.encode(texts, pairs) as Record<string, Tensorish>;
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  for (const key of Object.keys(want)) {
    expect(got[key]!.dims, key).toEqual(want[key]!.dims);
    // Compare as plain arrays so a failure shows the differing ids.
    expect(Array.from(got[key]!.data, Number), `${key} of ${JSON.stringify(texts).slice(0, 200)}`).toEqual(Array.from(want[key]!.data, Number));
  }
}

/** Texts that exercise every normalisation and splitting rule. */
const EDGE_CASES = [
  "",
  " ",
  "\n\t \r\n",
  "Hello, World!",
  "Café déjà vu — naïve façade, Ångström, Øresund, straße, İstanbul, ΟΔΟΣ ΟΔΟΣ. ΣΊΣΥΦΟΣ",
  "e\u0301 a\u0300 \u0301 \u0301abc",
  "我爱北京天安门 and 日本語のテキスト, 한국어 텍스트",
  "astral ideograph 𠀀𠀁 and 𪜀 in text",
  "emoji 👍🏽 hello😀world 🇫🇷 ❤️ ©®™ €100 ±5°",
  "punctuation...!!?? (a) [b] {c} <d> \"e\" 'f' `g` ~h~ ^i^ |j| \\k\\ @l #m $n %o &p *q +r =s",
  "unicode punctuation « guillemets » ‘quotes’ “double” – dash — em … ellipsis ¿qué? ¡sí! ・ 、。",
  "a".repeat(99),
  "a".repeat(100),
  "b".repeat(101),
  "x".repeat(150) + " short words after a long one",
  "supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
  "control\u0000chars\u0007here\u001b[0m and\u000bvertical\u000cfeed\u007fdel",
  "zero\u200bwidth\u200cjoiner\u200dand\ufeffbom and \u00adsoft hyphen",
  "no\u00a0break\u2003em\u2009thin\u3000ideographic\u2028line\u2029para space",
  "lone \ud800 surrogate \udc00 here \ud83d",
  "replacement \ufffd char",
  "private use \ue000\uf8ff chars",
  "Numbers 3.14159, 1,000,000 and 2nd 3rd 4th; dates 2023-01-01; times 12:30pm",
  "MiXeD CaSe WoRdS and ALLCAPS and camelCaseWords and snake_case_words",
  "tab\tseparated\tvalues\nand\r\nwindows lines",
  "[CLS] literal special tokens [SEP] in the text [MASK] and [PAD] [UNK]",
  "lower [cls] and [sep] are not special",
  "url https://example.com/path?query=1&b=2#frag and email someone@example.org",
  "code: for (let i = 0; i < n; i++) { x[i] = y[i] * 2; } // comment",
  "Ǆ ǅ ǆ ﬁ ﬂ ligatures and ＦＵＬＬＷＩＤＴＨ ｌｅｔｔｅｒｓ",
  "Ελληνικά, Русский текст, עברית, العربية, हिन्दी, ไทย",
];

const dolly = haveShared("data/dolly-15k/databricks-dolly-15k.jsonl")
  ? readFileSync(sharedPath("data/dolly-15k/databricks-dolly-15k.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { instruction: string; context: string; response: string })
  : [];

describe("WordPiece fast path equals transformers.js's tokenizer", () => {
  let dir: string;
  const slow = new Map<string, LoadedTokenizer>();
  const fast = new Map<string, BatchTokenizer>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sieve-wordpiece-"));
    const corpus = dolly.length > 0 ? dolly.flatMap((r) => [r.instruction, r.context, r.response]) : EDGE_CASES;
    const tokens = [...corpusVocabulary(corpus), ...corpusVocabulary(EDGE_CASES, 500, 50)];
    const groups = Object.fromEntries(loadDefaultTaxonomy().domains.map((d) => [d.name, Object.keys(d.keywords)]));
    buildTinyModel(dir, { id: "t/corpus-512", task: "feature-extraction", tokens, maxLength: 512 });
    buildTinyModel(dir, { id: "t/corpus-classifier", task: "text-classification", tokens, labels: ["toxic", "insult"], maxLength: 128 });
    buildTinyModel(dir, { id: "t/taxonomy-128", task: "feature-extraction", groups, maxLength: 128 });
    buildTinyModel(dir, { id: "t/nli-24", task: "zero-shot", tokens, maxLength: 24 });
    for (const id of ["t/corpus-512", "t/taxonomy-128"]) slow.set(id, (await loadPipeline("feature-extraction", id, { modelDir: dir })).tokenizer);
    for (const id of ["t/corpus-classifier", "t/nli-24"]) slow.set(id, (await loadClassifier(id, { modelDir: dir })).tokenizer);
    for (const [id, t] of slow) fast.set(id, await batchTokenizerFor(t));
  });

  afterAll(async () => {
    await disposeLoadedModels();
    rmSync(dir, { recursive: true, force: true });
  });

  it("takes the fast path for BERT-style tokenizer.json files", () => {
    for (const [id, t] of fast) expect(t.fast, id).toBe(true);
  });

  it("on edge cases, one text per call and all in one padded batch", () => {
    for (const id of slow.keys()) {
      for (const text of EDGE_CASES) expectSameInputs(slow.get(id)!, fast.get(id)!, [text]);
      expectSameInputs(slow.get(id)!, fast.get(id)!, EDGE_CASES);
    }
  });

  it("on long texts: truncation, chunked normalisation across whitespace", () => {
    const long = [
      EDGE_CASES.join(" ").repeat(20),
      ("Σ word ΟΔΟΣ\n".repeat(300) + "é".repeat(3000) + " tail").repeat(2),
      "a b c ".repeat(2000),
      "unbroken".repeat(1000),
      "x".repeat(2047) + "\u0301" + " y".repeat(100),
      "ΟΔΟΣ".repeat(600) + " end",
    ];
    for (const id of slow.keys()) for (const text of long) expectSameInputs(slow.get(id)!, fast.get(id)!, [text]);
  });

  it("on sentence pairs (zero-shot NLI), truncated at 24 tokens", () => {
    const premises = [...EDGE_CASES.slice(3, 12), "short", "a premise long enough to be cut before its hypothesis even starts, surely"];
    const hypotheses = premises.map((_, i) => (i % 3 === 0 ? "This example is about science." : i % 3 === 1 ? "" : "This example is about [SEP] food."));
    expectSameInputs(slow.get("t/nli-24")!, fast.get("t/nli-24")!, premises, hypotheses);
    premises.forEach((p, i) => expectSameInputs(slow.get("t/nli-24")!, fast.get("t/nli-24")!, [p], [hypotheses[i]!]));
  });

  it.runIf(dolly.length > 0)("on 3,000 real Dolly texts (instruction, context, response), in batches of 16", () => {
    const texts = dolly.slice(0, 1000).flatMap((r) => [r.instruction, r.context, r.response]);
    for (const id of slow.keys()) {
      if (id === "t/nli-24") continue;
      for (let s = 0; s < texts.length; s += 16) expectSameInputs(slow.get(id)!, fast.get(id)!, texts.slice(s, s + 16));
    }
    const premises = texts.slice(0, 320);
    expectSameInputs(slow.get("t/nli-24")!, fast.get("t/nli-24")!, premises, premises.map((_, i) => `This example is about ${texts[i + 1]!.slice(0, 30)}.`));
  });

  it.runIf(dolly.length > 0)("gives bit-identical embeddings to transformers.js's feature-extraction pipeline", async () => {
    const texts = dolly.slice(0, 200).map((r) => `${r.instruction}\n${r.response}`);
    const pipe = await loadPipeline("feature-extraction", "t/corpus-512", { modelDir: dir });
    const want = new Float32Array(texts.length * 16);
    for (let i = 0; i < texts.length; i++) {
      const out = (await pipe([texts[i]!], { pooling: "mean", normalize: true })) as { data: Float32Array };
      want.set(out.data, i * 16);
    }
    for (const batchSize of [1, 32]) {
      const got = await new ModelEmbedder("t/corpus-512", { modelDir: dir, batchSize }).embed(texts);
      expect(got.dim).toBe(16);
      expect(Buffer.from(got.values.buffer).equals(Buffer.from(want.buffer)), `batch ${batchSize}`).toBe(true);
    }
  });

  it("falls back to transformers.js for tokenizer.json files of another shape", async () => {
    const json = JSON.parse(readFileSync(join(dir, "t", "taxonomy-128", "tokenizer.json"), "utf8")) as Record<string, unknown>;
    expect(WordPieceTokenizer.fromJson(json, {}, { maxLength: 128 })).toBeInstanceOf(WordPieceTokenizer);
    expect(WordPieceTokenizer.fromJson({ ...json, pre_tokenizer: { type: "Whitespace" } }, {}, { maxLength: 128 })).toBeUndefined();
    expect(WordPieceTokenizer.fromJson({ ...json, normalizer: { type: "NFC" } }, {}, { maxLength: 128 })).toBeUndefined();
    expect(WordPieceTokenizer.fromJson({ ...json, model: { ...(json.model as object), type: "BPE" } }, {}, { maxLength: 128 })).toBeUndefined();
    const added = (json.added_tokens as object[]).map((t) => ({ ...t, normalized: true }));
    expect(WordPieceTokenizer.fromJson({ ...json, added_tokens: added }, {}, { maxLength: 128 })).toBeUndefined();
    expect(WordPieceTokenizer.fromJson(json, { remove_space: true }, { maxLength: 128 })).toBeUndefined();

    // A model whose tokenizer splits on whitespace only: the batch tokenizer is transformers.js's.
    buildTinyModel(dir, { id: "t/whitespace", task: "feature-extraction", vocab: ["hello", "world"] });
    const path = join(dir, "t", "whitespace", "tokenizer.json");
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, "utf8")), pre_tokenizer: { type: "WhitespaceSplit" } }));
    const tokenizer = (await loadPipeline("feature-extraction", "t/whitespace", { modelDir: dir })).tokenizer;
    const batch = await batchTokenizerFor(tokenizer);
    expect(batch.fast).toBe(false);
    expectSameInputs(tokenizer, batch, ["hello, world!", "world hello"]);
  });
});

describe("WordIdCache", () => {
  it("finds words by a range of a longer text, survives growth, and empties at capacity", () => {
    const cache = new WordIdCache(5000);
    const text = "the quick brown fox";
    cache.set("quick", WordIdCache.hash(text, 4, 9), 42);
    expect(cache.get(text, 4, 9, WordIdCache.hash(text, 4, 9))).toBe(42);
    expect(cache.get(text, 10, 15, WordIdCache.hash(text, 10, 15))).toBeUndefined();
    for (let i = 0; i < 4000; i++) cache.set(`w${i}`, WordIdCache.hash(`w${i}`, 0, `w${i}`.length), Int32Array.of(i, i + 1));
    expect(cache.get("quick", 0, 5, WordIdCache.hash("quick", 0, 5))).toBe(42);
    expect(Array.from(cache.get("w3999", 0, 5, WordIdCache.hash("w3999", 0, 5)) as Int32Array)).toEqual([3999, 4000]);
    // Same hash, different word: never confused.
    cache.set("abc", 7, 1);
    cache.set("xyz", 7, 2);
    expect(cache.get("xyz", 0, 3, 7)).toBe(2);
    expect(cache.get("abd", 0, 3, 7)).toBeUndefined();

    const small = new WordIdCache(10);
    const put = (w: string, v: number) => small.set(w, WordIdCache.hash(w, 0, w.length), v);
    for (let i = 0; i < 10; i++) put(`v${i}`, i);
    expect(small.size).toBe(10);
    put("again", 9);
    expect(small.size).toBe(1);
    expect(small.get("v0", 0, 2, WordIdCache.hash("v0", 0, 2))).toBeUndefined();
    expect(small.get("again", 0, 5, WordIdCache.hash("again", 0, 5))).toBe(9);
  });
});
