/**
 * Embedded toxicity classifier: speed and held-out quality, single thread.
 *
 *   npx vite-node bench/toxicity.ts [--limit N]
 *
 * 1. Speed on the Dolly 15k texts (instruction, context, response; empty ones skipped):
 *    texts/s of the embedded classifier, and the share of Dolly rows (instruction, context,
 *    response as turns) the card's 0.3 threshold would drop.
 * 2. ROC AUC on the held-out split (20%, hash of the text) of jigsaw-toxic-20k and
 *    davidson-hate-offensive: ours, our linear model alone, a plain cuss lookup, and
 *    `obscenity`'s English matcher (match count), plus precision/recall at 0.3.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from "obscenity";
import { benchArgs } from "./bench-args.js";
import { cussLookupScore } from "./toxicity-baselines.js";
import { EmbeddedToxicityClassifier } from "../src/metrics/toxicity/embedded-toxicity-classifier.js";
import { LexiconToxicityScorer } from "../src/metrics/toxicity/lexicon-toxicity-scorer.js";
import { readToxicityCorpus, splitOf, type LabelledText } from "../src/metrics/toxicity/toxicity-corpus.js";
import { atThreshold, rocAuc } from "../src/metrics/toxicity/ranking-metrics.js";

const { limit } = benchArgs({ limit: { type: "string" } });
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
const scorer = new LexiconToxicityScorer(classifier);
const labelCounts = new Map<string, number>();
for (const turns of rows) {
  let best = 0;
  for (const t of turns) {
    const r = scorer.scoreText(t);
    best = Math.max(best, r.score);
    for (const l of r.labels) labelCounts.set(l, (labelCounts.get(l) ?? 0) + 1);
  }
  if (best > 0.3) flagged++;
}
console.log(`Dolly rows with toxicity_score > 0.3: ${flagged} of ${rows.length} (${((100 * flagged) / rows.length).toFixed(2)}%); texts per label: ${JSON.stringify(Object.fromEntries(labelCounts))}`);

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
