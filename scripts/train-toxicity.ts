/**
 * Train the embedded toxicity classifier and write data/toxicity/:
 *   lexicon.json        the cuss + @2toad/profanity word lists, compiled (MIT, notices kept),
 *                       the real English words (CMUdict, data/readability) that the
 *                       misspelling and run-together rules must leave alone, and rule words
 *                       derived from WordNet 3.0 (Debian wordnet-base; wordnet-LICENSE beside it)
 *   linear-weights.i8   hashed word/char n-gram logistic regression, int8 per bucket
 *   model.json          hashing settings, weight scale, the combiner, held-out figures
 *
 *   npx vite-node scripts/train-toxicity.ts [--data ../shared/data] [--seed 42] [--out data/toxicity] [--wordnet /usr/share/wordnet]
 *
 * Deterministic: the split is a hash of the text, the example order a seeded shuffle, and
 * every sum runs in a fixed order, so the same data and seed give byte-identical files.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join, resolve } from "node:path";
import { cuss } from "cuss";
import { profaneWords } from "@2toad/profanity";
import { cussLookupScore } from "../bench/toxicity-baselines.js";
import { ToxicityLexicon, deobfuscationCandidates, type LexiconFile } from "../src/metrics/toxicity/lexicon.js";
import { EmbeddedToxicityClassifier } from "../src/metrics/toxicity/embedded-toxicity-classifier.js";
import { readToxicityCorpus, splitOf, type LabelledText } from "../src/metrics/toxicity/toxicity-corpus.js";
import { atThreshold, reliabilityBins, rocAuc } from "../src/metrics/toxicity/ranking-metrics.js";
import { COMBINER_BOUNDS, DEFAULT_TRAINING, trainToxicityModel } from "../src/metrics/toxicity/toxicity-training.js";
import { WordNetDatabase } from "./wordnet-database.js";
import { toxicityWordNetWords } from "./toxicity-wordnet-words.js";

function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const repoRoot = resolve(import.meta.dirname, "..");
const dataDir = resolve(argValue("--data", join(repoRoot, "..", "shared", "data")));
const outDir = resolve(argValue("--out", join(repoRoot, "data", "toxicity")));
const seed = Number(argValue("--seed", "42"));
const wordnetDir = resolve(argValue("--wordnet", "/usr/share/wordnet"));


// 1. Compile the lexicons. Strength: cuss sureness (1 "maybe", 2 "likely"; its 0 entries are
//    ordinary words and left out) when cuss rates the word; a word only the @2toad/profanity
//    list has counts 2; one cuss rates 0 but the list has counts 1.
function compileLexicon(): LexiconFile {
  const entries = new Map<string, [number, number]>();
  const rated = cuss as Record<string, number>;
  for (const [word, sureness] of Object.entries(rated)) {
    if (sureness >= 1) entries.set(word, [sureness, 1]);
  }
  for (const word of profaneWords.get("en") ?? []) {
    const prev = entries.get(word);
    const strength = prev !== undefined ? prev[0] : Object.hasOwn(rated, word) ? 1 : 2;
    entries.set(word, [strength, (prev?.[1] ?? 0) | 2]);
  }
  return {
    notice:
      "Compiled by scripts/train-toxicity.ts from the npm packages cuss (MIT, Copyright (c) 2016 Titus Wormer) and " +
      "@2toad/profanity (MIT, Copyright (c) 2019 2Toad). Entries: [word, strength 1|2, source bits 1=cuss 2=@2toad/profanity].",
    entries: [...entries.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([w, [s, src]]) => [w, s, src]),
  };
}

mkdirSync(outDir, { recursive: true });
// Rule words widened through WordNet 3.0 (Debian wordnet-base; licence copied beside the lexicon).
const wordnet = toxicityWordNetWords(new WordNetDatabase(wordnetDir));
const baseLexicon: LexiconFile = { ...compileLexicon(), wordnet };
// Real words among the strings de-obfuscation could rewrite: CMUdict's words (one line per
// syllable count: "N word word …"), compiled into data/readability from CMUdict 0.7a (BSD).
const cmudict = new Set<string>();
for (const line of gunzipSync(readFileSync(join(repoRoot, "data", "readability", "cmudict-syllables.txt.gz"))).toString("utf8").split("\n")) {
  for (const w of line.split(" ").slice(1)) if (/^[a-z]+$/.test(w)) cmudict.add(w);
}
const realWords = [...deobfuscationCandidates(new ToxicityLexicon(baseLexicon), (w) => cmudict.has(w))].sort();
const lexiconFile: LexiconFile = {
  ...baseLexicon,
  notice:
    baseLexicon.notice +
    " realWords: words of CMUdict 0.7a (BSD licence, Carnegie Mellon University; see data/readability/cmudict-0.7a.README) that the misspelling and run-together rules leave alone." +
    " wordnet: rule words derived from WordNet 3.0 (Copyright 1996-2012 Princeton University, WordNet 3.0 licence in wordnet-LICENSE beside this file) by scripts/toxicity-wordnet-words.ts.",
  realWords,
};
writeFileSync(join(outDir, "lexicon.json"), JSON.stringify(lexiconFile) + "\n");
writeFileSync(join(outDir, "wordnet-LICENSE"), readFileSync(join(wordnetDir, "..", "doc", "wordnet-base", "copyright"), "utf8"));
const lexicon = new ToxicityLexicon(lexiconFile);
console.log(`lexicon: ${lexiconFile.entries.length} entries, ${realWords.length} real words kept from de-obfuscation`);

// Data and split.
const corpus = readToxicityCorpus(dataDir);
const bySplit = { train: [] as LabelledText[], calibration: [] as LabelledText[], test: [] as LabelledText[] };
for (const row of corpus) bySplit[splitOf(row.text)].push(row);
for (const [name, rows] of Object.entries(bySplit)) {
  const bySource = Object.fromEntries(["jigsaw", "davidson", "toxigen", "clean"].map((s) => [s, rows.filter((r) => r.source === s).length]));
  console.log(`${name}: ${rows.length} rows, ${rows.filter((r) => r.toxic === 1).length} toxic, by source ${JSON.stringify(bySource)}`);
}

const trained = trainToxicityModel(lexicon, bySplit.train, bySplit.calibration, { ...DEFAULT_TRAINING, seed }, (l) => console.log(l));
const { file, quantised } = trained.model;

// Held-out figures, through the shipped scoring path (quantised weights + combiner).
const final = new EmbeddedToxicityClassifier(lexicon, trained.model);
function figures(rows: LabelledText[]): Record<string, unknown> {
  const y: number[] = rows.map((r) => r.toxic);
  const ours = rows.map((r) => final.score(r.text));
  const linear = rows.map((r) => {
    final.analyse(r.text);
    return final.linearLogit();
  });
  const cussScores = rows.map((r) => cussLookupScore(r.text));
  const r4 = (x: number): number => Number(x.toFixed(4));
  return {
    rows: rows.length,
    positives: y.reduce((a, b) => a + b, 0),
    auc: r4(rocAuc(ours, y)),
    aucLinearOnly: r4(rocAuc(linear, y)),
    aucCussLookup: r4(rocAuc(cussScores, y)),
    at03: Object.fromEntries(Object.entries(atThreshold(ours, y, 0.3)).map(([k, v]) => [k, r4(v)])),
    meanPredicted: r4(ours.reduce((a, b) => a + b, 0) / rows.length),
    observedRate: r4(y.reduce((a, b) => a + b, 0) / rows.length),
    reliability: reliabilityBins(ours, y, 10).map((b) => ({ from: b.from, to: b.to, count: b.count, meanPredicted: r4(b.meanPredicted), observedRate: r4(b.observedRate) })),
  };
}
const heldOut = {
  jigsaw: figures(bySplit.test.filter((r) => r.source === "jigsaw")),
  davidson: figures(bySplit.test.filter((r) => r.source === "davidson")),
  toxigen: figures(bySplit.test.filter((r) => r.source === "toxigen")),
};
file.training = {
  data: [
    "jigsaw-toxic-20k (20,000 English Wikipedia talk comments, Jigsaw Toxic Comment Classification 2018; CC0 labels, text CC BY-SA 3.0)",
    "davidson-hate-offensive (24,783 tweets, Davidson et al. 2017; MIT); toxic = hate speech or offensive",
    "toxigen-statements (606 statements about 16 identity groups, ToxiGen prompt seeds, Hartvigsen et al. 2022; CDLA-Permissive-2.0); toxic = hate",
    "clean: self-instruct seed and user-oriented tasks (Apache-2.0) and GPTeacher code/roleplay (MIT), all non-toxic",
  ],
  sourceWeights: DEFAULT_TRAINING.sourceWeights,
  split: "fmix32(fnv1a(text)) % 20: 0-3 test, 4-6 calibration (fits the combiner), 7-19 train",
  seed,
  epochs: DEFAULT_TRAINING.epochs,
  l2: DEFAULT_TRAINING.l2,
  learningRate: DEFAULT_TRAINING.learningRate,
  combinerBounds: Object.fromEntries(Object.entries(COMBINER_BOUNDS).map(([k, [lo, hi]]) => [k, [Number.isFinite(lo) ? lo : null, Number.isFinite(hi) ? hi : null]])),
  ...trained.notes,
  heldOut,
};
writeFileSync(join(outDir, "linear-weights.i8"), quantised);
writeFileSync(join(outDir, "model.json"), JSON.stringify(file, null, 1) + "\n");
console.log(JSON.stringify(heldOut, (k, v: unknown) => (k === "reliability" ? undefined : v), 1));
