/**
 * How well relevance_score tells real instruction–response pairs from the same rows with
 * their responses shuffled (a seeded derangement), as AUC:
 *
 *   npx vite-node bench/relevance.ts
 *
 * - Dolly 15k with the shipped model (trained on GPTeacher, self-instruct and hh-rlhf only):
 *   random negatives (any other row's response) and hard negatives (another response of the
 *   same Dolly category), per category too;
 * - GPTeacher, self-instruct, hh-rlhf (assistant turns against the user text before them)
 *   with a model fitted here on Dolly alone: the other direction, so no figure comes from
 *   rows the model was trained on;
 * - the distribution of the score on Dolly, real against shuffled (what a `min` would remove);
 * - short answers (three words or fewer) on Dolly: their mean score real against shuffled.
 */
import { RelevanceMeter, RELEVANCE_FEATURES } from "../src/metrics/relevance/relevance-meter.js";
import { CORPORA, auc, fitLogistic, loadPairs, shuffledPairs, type CorpusName, type Pair } from "../scripts/relevance-training.js";

const RANDOM_SEED = 7;
const HARD_SEED = 11;

const shipped = new RelevanceMeter();
const scores = (m: RelevanceMeter, pairs: readonly Pair[]): Float64Array => Float64Array.from(pairs, (p) => m.score(p.instruction, p.response));
const fmt = (x: number): string => x.toFixed(3);

const dolly = await loadPairs("dolly");
const real = scores(shipped, dolly);
const randomNeg = scores(shipped, shuffledPairs(dolly, RANDOM_SEED));
const hardPairs = shuffledPairs(dolly, HARD_SEED, true);
const hardNeg = scores(shipped, hardPairs);

console.log(`## Relevance: real pairs against shuffled responses (AUC)\n`);
console.log("| corpus | pairs | model trained on | AUC, random negatives | AUC, same-category negatives |");
console.log("|---|---:|---|---:|---:|");
console.log(`| Dolly 15k | ${dolly.length} | GPTeacher + self-instruct + hh-rlhf (shipped) | ${fmt(auc(real, randomNeg))} | ${fmt(auc(real, hardNeg))} |`);

// The other direction: fit on Dolly (real against deranged), measure on the rest.
const features = new RelevanceMeter({ model: null });
const rows: Float64Array[] = [];
const labels: number[] = [];
const dollyNeg = shuffledPairs(dolly, 1);
dolly.forEach((p, i) => {
  rows.push(features.measure(p.instruction, p.response).slice());
  labels.push(1);
  rows.push(features.measure(dollyNeg[i]!.instruction, dollyNeg[i]!.response).slice());
  labels.push(0);
});
const onDolly = new RelevanceMeter({ model: { features: RELEVANCE_FEATURES, ...fitLogistic(rows, labels) } });
for (const name of Object.keys(CORPORA).filter((c) => c !== "dolly") as CorpusName[]) {
  const pairs = await loadPairs(name);
  const r = scores(onDolly, pairs);
  const n = scores(onDolly, shuffledPairs(pairs, RANDOM_SEED));
  const rs = scores(shipped, pairs);
  const ns = scores(shipped, shuffledPairs(pairs, RANDOM_SEED));
  console.log(`| ${name} | ${pairs.length} | Dolly (fitted here); shipped model, trained on it: ${fmt(auc(rs, ns))} | ${fmt(auc(r, n))} | – |`);
}

console.log(`\nDolly per category (shipped model):\n`);
console.log("| category | pairs | AUC, random | AUC, same category | mean score real | mean score shuffled |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const category of [...new Set(dolly.map((p) => p.group))].sort()) {
  const idx = dolly.flatMap((p, i) => (p.group === category ? [i] : []));
  const pick = (a: Float64Array): number[] => idx.map((i) => a[i]!);
  const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
  console.log(`| ${category} | ${idx.length} | ${fmt(auc(pick(real), pick(randomNeg)))} | ${fmt(auc(pick(real), pick(hardNeg)))} | ${fmt(mean(pick(real)))} | ${fmt(mean(pick(randomNeg)))} |`);
}

console.log(`\nDistribution on Dolly (shipped model): share of pairs below each score\n`);
console.log("| score < | real pairs | shuffled (random) | shuffled (same category) |");
console.log("|---:|---:|---:|---:|");
const below = (a: Float64Array, t: number): string => `${((100 * a.filter((v) => v < t).length) / a.length).toFixed(1)} %`;
for (const t of [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9]) console.log(`| ${t} | ${below(real, t)} | ${below(randomNeg, t)} | ${below(hardNeg, t)} |`);

const short = dolly.flatMap((p, i) => (p.response.trim().split(/\s+/).length <= 3 ? [i] : []));
const meanAt = (a: Float64Array, idx: number[]): number => idx.reduce((s, i) => s + a[i]!, 0) / idx.length;
console.log(
  `\nShort answers (≤ 3 words, ${short.length} Dolly pairs): mean score ${fmt(meanAt(real, short))} real, ${fmt(meanAt(randomNeg, short))} for the same instructions given another row's response; ` +
    `${below(Float64Array.from(short, (i) => real[i]!), 0.2)} of the real ones score below 0.2.`,
);
