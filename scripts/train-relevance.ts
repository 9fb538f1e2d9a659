/**
 * Builds the relevance scorer's tables in data/relevance/:
 *
 *   npx vite-node scripts/train-relevance.ts [--train gpteacher,self-instruct,hh-rlhf]
 *
 * 1. document-frequencies.tsv.gz: in how many texts each term (content-word stem or number,
 *    relevance-terms.ts) occurs, over every distinct instruction and response text of the
 *    four corpora in ../shared/data (Dolly 15k, GPTeacher, self-instruct, hh-rlhf), each
 *    text a document on its own: unlabelled text, no pairing, so a shuffled copy of a
 *    corpus has exactly the same frequencies as the real one. Terms in fewer than two
 *    documents are left out (they weigh as a term seen once).
 * 2. model.json: a logistic model over RELEVANCE_FEATURES, fitted on real pairs (label 1)
 *    against the same pairs with responses moved by a seeded derangement (label 0) of the
 *    training corpora only — GPTeacher, self-instruct and hh-rlhf by default — so that Dolly,
 *    where the scorer is measured (bench/relevance.ts), is never trained on.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { RELEVANCE_FEATURES, RelevanceMeter } from "../src/metrics/relevance/relevance-meter.js";
import { formatDocumentFrequencies, termsOf, type DocumentFrequencies } from "../src/metrics/relevance/relevance-terms.js";
import { CORPORA, auc, fitLogistic, loadPairs, shuffledPairs, type CorpusName, type Pair } from "./relevance-training.js";

/** Seed of the derangement the training negatives come from. */
export const TRAINING_SEED = 1;

const args = process.argv.slice(2);
const trainArg = args.indexOf("--train");
const training = (trainArg >= 0 ? args[trainArg + 1]!.split(",") : ["gpteacher", "self-instruct", "hh-rlhf"]) as CorpusName[];
const outDir = fileURLToPath(new URL("../data/relevance/", import.meta.url));

const pairs = new Map<CorpusName, Pair[]>();
for (const name of Object.keys(CORPORA) as CorpusName[]) pairs.set(name, await loadPairs(name));

const frequencies = documentFrequencies([...pairs.values()].flat());
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "document-frequencies.tsv.gz"), gzipSync(formatDocumentFrequencies(frequencies), { level: 9 }));
console.log(`document frequencies: ${frequencies.documents} documents, ${frequencies.df.size} terms in two or more`);

const meter = new RelevanceMeter({ frequencies, model: null });
const { rows, labels } = labelledFeatures(meter, training.flatMap((c) => pairs.get(c)!));
const fit = fitLogistic(rows, labels);
const model = { features: RELEVANCE_FEATURES, weights: fit.weights.map(round), bias: round(fit.bias), trainedOn: training, seed: TRAINING_SEED };
writeFileSync(join(outDir, "model.json"), `${JSON.stringify(model, null, 2)}\n`);
console.log(`model: trained on ${training.join(", ")} (${rows.length} pairs, half shuffled)`);

const scorer = new RelevanceMeter({ frequencies, model });
for (const name of Object.keys(CORPORA) as CorpusName[]) {
  const real = pairs.get(name)!;
  const fake = shuffledPairs(real, 7);
  const tag = training.includes(name) ? " (trained on)" : "";
  console.log(`${name}${tag}: AUC ${auc(real.map((p) => scorer.score(p.instruction, p.response)), fake.map((p) => scorer.score(p.instruction, p.response))).toFixed(4)}`);
}

/** Every distinct instruction and response text is a document. */
function documentFrequencies(all: readonly Pair[]): DocumentFrequencies {
  const texts = new Set<string>();
  for (const p of all) {
    texts.add(p.instruction);
    texts.add(p.response);
  }
  const df = new Map<string, number>();
  for (const text of texts) for (const term of new Set(termsOf(text))) df.set(term, (df.get(term) ?? 0) + 1);
  for (const [term, n] of df) if (n < 2) df.delete(term);
  return { documents: texts.size, df };
}

/** Features of the real pairs (label 1) and of the same pairs deranged (label 0), interleaved. */
function labelledFeatures(m: RelevanceMeter, real: readonly Pair[]): { rows: Float64Array[]; labels: number[] } {
  const fake = shuffledPairs(real, TRAINING_SEED);
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  real.forEach((p, i) => {
    rows.push(m.measure(p.instruction, p.response).slice());
    labels.push(1);
    rows.push(m.measure(fake[i]!.instruction, fake[i]!.response).slice());
    labels.push(0);
  });
  return { rows, labels };
}

function round(x: number): number {
  return Number(x.toPrecision(6));
}
