/**
 * Embedded toxicity classifier: speed and held-out quality, single thread.
 *
 *   npx vite-node bench/toxicity.ts [--limit N] [--skip-cross]
 *
 * 1. Speed on the Dolly 15k texts (instruction, context, response; empty ones skipped):
 *    texts/s of the embedded classifier, and the share of clean Dolly responses (and of
 *    whole rows, every field a turn) at or above the card's 0.3 threshold.
 * 2. ROC AUC on the held-out split (20%, hash of the text) of jigsaw-toxic-20k,
 *    davidson-hate-offensive and toxigen-statements: ours, our linear model alone, a plain
 *    cuss lookup, and `obscenity`'s English matcher (match count), plus precision/recall at 0.3.
 * 3. Reliability of the shipped model (predicted-probability bins vs observed toxic rate).
 * 4. Cross-source matrix: the training recipe run on two labelled sources (plus the clean
 *    instruction texts) and measured on every row of the third, each way.
 * 5. The project's own functional templates (bench/toxicity-functional-suite.ts): share of
 *    cases at or above 0.3 per phenomenon.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from "obscenity";
import { benchArgs } from "./bench-args.js";
import { cussLookupScore } from "./toxicity-baselines.js";
import { EmbeddedToxicityClassifier } from "../src/metrics/toxicity/embedded-toxicity-classifier.js";
import { LexiconToxicityScorer } from "../src/metrics/toxicity/lexicon-toxicity-scorer.js";
import { LABELLED_SOURCES, readToxicityCorpus, splitOf, type LabelledText } from "../src/metrics/toxicity/toxicity-corpus.js";
import { atThreshold, reliabilityBins, rocAuc } from "../src/metrics/toxicity/ranking-metrics.js";
import { loadToxicityLexicon } from "../src/metrics/toxicity/lexicon.js";
import { trainToxicityModel } from "../src/metrics/toxicity/toxicity-training.js";
import { HATEFUL, flaggedRates, functionalCases } from "./toxicity-functional-suite.js";
import { holdoutCases, holdoutRates, holdoutSummary } from "./toxicity-functional-holdout.js";

const { limit, "skip-cross": skipCross } = benchArgs({ limit: { type: "string" }, "skip-cross": { type: "boolean" } });
const max = limit === undefined ? Infinity : Number(limit);
const shared = fileURLToPath(new URL("../../shared/", import.meta.url));

const texts: string[] = [];
const rows: string[][] = [];
for (const line of readFileSync(`${shared}data/dolly-15k/databricks-dolly-15k.jsonl`, "utf8").split("\n")) {
  if (line.length === 0 || rows.length >= max) continue;
  const row = JSON.parse(line) as { instruction: string; context: string; response: string };
  const turns = [row.instruction, row.context, row.response].filter((t) => t.length > 0);
  rows.push(turns);
  texts.push(...turns);
}

const t0 = performance.now();
const classifier = new EmbeddedToxicityClassifier();
const loadMs = performance.now() - t0;
const chars = texts.reduce((a, t) => a + t.length, 0);

function timeRun(): number {
  const start = performance.now();
  let sink = 0;
  for (const t of texts) sink += classifier.score(t);
  if (!Number.isFinite(sink)) throw new Error("non-finite score");
  return (performance.now() - start) / 1000;
}
timeRun(); // warm-up (JIT)
const runs = [timeRun(), timeRun(), timeRun()].sort((a, b) => a - b);
const secs = runs[1]!;
console.log(`Dolly: ${texts.length} texts (${(chars / texts.length).toFixed(0)} chars on average), load ${loadMs.toFixed(0)} ms`);
console.log(`embedded toxicity: ${(texts.length / secs).toFixed(0)} texts/s, ${(chars / secs / 1e6).toFixed(1)} M chars/s (median of 3)`);

let flagged = 0;
let responses = 0;
let responsesFlagged = 0;
for (const line of readFileSync(`${shared}data/dolly-15k/databricks-dolly-15k.jsonl`, "utf8").split("\n")) {
  if (line.length === 0 || responses >= max) continue;
  const response = (JSON.parse(line) as { response: string }).response;
  if (response === "") continue;
  responses++;
  if (classifier.score(response) >= 0.3) responsesFlagged++;
}
console.log(`Dolly responses with toxicity_score >= 0.3: ${responsesFlagged} of ${responses} (${((100 * responsesFlagged) / responses).toFixed(2)}%)`);
const scorer = new LexiconToxicityScorer(classifier);
const labelCounts = new Map<string, number>();
for (const turns of rows) {
  let best = 0;
  for (const t of turns) {
    const r = scorer.scoreText(t);
    best = Math.max(best, r.score);
    for (const l of r.labels) labelCounts.set(l, (labelCounts.get(l) ?? 0) + 1);
  }
  if (best >= 0.3) flagged++;
}
console.log(`Dolly rows (any field) with toxicity_score >= 0.3: ${flagged} of ${rows.length} (${((100 * flagged) / rows.length).toFixed(2)}%); texts per label: ${JSON.stringify(Object.fromEntries(labelCounts))}`);

// Held-out quality.
const corpus = readToxicityCorpus(`${shared}data`);
const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
function table(name: string, set: LabelledText[]): void {
  const y: number[] = set.map((r) => r.toxic);
  const ours = set.map((r) => classifier.score(r.text));
  const linear = set.map((r) => {
    classifier.analyse(r.text);
    return classifier.linearLogit();
  });
  const cussScores = set.map((r) => cussLookupScore(r.text));
  const obscenityScores = set.map((r) => matcher.getAllMatches(r.text).length);
  const at = atThreshold(ours, y, 0.3);
  console.log(`\n${name}: ${set.length} held-out texts, ${y.reduce((a, b) => a + b, 0)} toxic`);
  console.log(`| scorer | ROC AUC |\n|---|---|`);
  console.log(`| sieve embedded (model + lexicon + rules, calibrated) | ${rocAuc(ours, y).toFixed(3)} |`);
  console.log(`| sieve linear n-gram model alone | ${rocAuc(linear, y).toFixed(3)} |`);
  console.log(`| cuss lookup (max sureness) | ${rocAuc(cussScores, y).toFixed(3)} |`);
  console.log(`| obscenity (English preset, match count) | ${rocAuc(obscenityScores, y).toFixed(3)} |`);
  console.log(`at 0.3: precision ${at.precision.toFixed(3)}, recall ${at.recall.toFixed(3)}, flagged ${(100 * at.flagged).toFixed(1)}%`);
}
const test = corpus.filter((r) => splitOf(r.text) === "test");
table("jigsaw-toxic-20k", test.filter((r) => r.source === "jigsaw"));
table("davidson-hate-offensive", test.filter((r) => r.source === "davidson"));
table("toxigen-statements", test.filter((r) => r.source === "toxigen"));

function reliability(name: string, set: LabelledText[]): void {
  const y = set.map((r) => r.toxic);
  const p = set.map((r) => classifier.score(r.text));
  console.log(`\nReliability, ${name} (${set.length} texts): predicted-probability bin → mean predicted vs observed toxic rate`);
  console.log("| bin | texts | mean predicted | observed |\n|---|---:|---:|---:|");
  for (const b of reliabilityBins(p, y, 10)) console.log(`| ${b.from.toFixed(1)}–${b.to.toFixed(1)} | ${b.count} | ${b.meanPredicted.toFixed(3)} | ${b.observedRate.toFixed(3)} |`);
}
reliability("Jigsaw held-out split", test.filter((r) => r.source === "jigsaw"));
reliability("all held-out splits (Jigsaw, Davidson, ToxiGen, clean instructions)", test);

if (!skipCross) {
  console.log("\nCross-source matrix: trained on the train/calibration splits of two labelled sources + clean instruction texts, measured on every row of the third");
  console.log("| held-out source | trained on | texts | toxic | ROC AUC | precision@0.3 | recall@0.3 | flagged |\n|---|---|---:|---:|---:|---:|---:|---:|");
  const lexicon = loadToxicityLexicon();
  for (const heldOut of LABELLED_SOURCES) {
    const others = corpus.filter((r) => r.source !== heldOut);
    const trained = trainToxicityModel(lexicon, others.filter((r) => splitOf(r.text) === "train"), others.filter((r) => splitOf(r.text) === "calibration"));
    const model = new EmbeddedToxicityClassifier(lexicon, trained.model);
    const set = corpus.filter((r) => r.source === heldOut);
    const y = set.map((r) => r.toxic);
    const p = set.map((r) => model.score(r.text));
    const at = atThreshold(p, y, 0.3);
    const names = LABELLED_SOURCES.filter((s) => s !== heldOut).join(" + ");
    console.log(`| ${heldOut} | ${names} | ${set.length} | ${y.reduce<number>((a, b) => a + b, 0)} | ${rocAuc(p, y).toFixed(3)} | ${at.precision.toFixed(3)} | ${at.recall.toFixed(3)} | ${(100 * at.flagged).toFixed(1)}% |`);
  }
}

console.log("\nThe project's own functional templates (bench/toxicity-functional-suite.ts; not a public suite): share at or above 0.3");
console.log("| phenomenon | hateful? | cases | flagged |\n|---|---|---:|---:|");
const cases = functionalCases();
let hatefulFlagged = 0;
let hatefulTotal = 0;
for (const [phenomenon, r] of flaggedRates(cases, (t) => classifier.score(t))) {
  if (HATEFUL[phenomenon]) {
    hatefulFlagged += r.flagged;
    hatefulTotal += r.total;
  }
  console.log(`| ${phenomenon} | ${HATEFUL[phenomenon] ? "yes" : "no"} | ${r.total} | ${((100 * r.flagged) / r.total).toFixed(1)}% |`);
}
console.log(`| all hateful | yes | ${hatefulTotal} | ${((100 * hatefulFlagged) / hatefulTotal).toFixed(1)}% |`);

console.log("\nThe independent functional check set (bench/toxicity-functional-holdout.ts; details: npx vite-node bench/toxicity-holdout.ts): share at or above 0.3");
const holdout = holdoutSummary(holdoutRates(holdoutCases(), (t) => classifier.score(t)));
for (const [name, r] of [["all hateful", holdout.flag], ["neutral + positive identity", holdout.identity], ["negated hate", holdout.negated]] as const) {
  console.log(`| ${name} | ${r.total} | ${((100 * r.flagged) / r.total).toFixed(1)}% |`);
}
