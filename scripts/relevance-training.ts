/**
 * What the relevance trainer (scripts/train-relevance.ts) and its benchmark
 * (bench/relevance.ts) share: the instruction–response pairs of the corpora in ../shared/data,
 * seeded derangements (every response moved to another row), the logistic fit and the AUC.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SeededRandom } from "../src/base/seeded-random.js";
import { openDataset } from "../src/io/dataset-reader.js";
import { relevancePairsOf } from "../src/metrics/relevance/relevance-scorer.js";

export const SHARED_DATA = fileURLToPath(new URL("../../shared/data/", import.meta.url));

/** The corpora, by name: their files under ../shared/data. */
export const CORPORA = {
  dolly: ["dolly-15k/databricks-dolly-15k.jsonl"],
  gpteacher: ["gpteacher/codegen-instruct.json", "gpteacher/roleplay-simple-deduped-roleplay-instruct.json"],
  "self-instruct": ["self-instruct/seed_tasks.normalized.jsonl", "self-instruct/user_oriented_instructions.normalized.jsonl"],
  "hh-rlhf": ["hh-rlhf-harmless-test/harmless-base-test.messages.jsonl"],
} as const;

export type CorpusName = keyof typeof CORPORA;

export interface Pair {
  instruction: string;
  response: string;
  /** Dolly's category; the corpus name elsewhere (the group hard negatives are drawn within). */
  group: string;
}

/**
 * The pairs of a corpus as the scorer sees them: a pair row's instruction (its context
 * joined, as the readers join it) and response; each assistant turn of a conversation with
 * the user text before it. Pairs with an empty side are left out (their score is fixed).
 */
export async function loadPairs(corpus: CorpusName): Promise<Pair[]> {
  const files = CORPORA[corpus].map((f) => join(SHARED_DATA, f));
  const categories = corpus === "dolly" ? readFileSync(files[0]!, "utf8").trim().split("\n").map((l) => String(JSON.parse(l).category)) : [];
  const pairs: Pair[] = [];
  let row = 0;
  for (const file of files) {
    const dataset = await openDataset(file);
    for await (const { view } of dataset.batches()) {
      for (let i = 0; i < view.length; i++, row++) {
        for (const [instruction, response] of relevancePairsOf(view, i)) {
          if (instruction.trim() !== "" && response.trim() !== "") pairs.push({ instruction, response, group: categories[row] ?? corpus });
        }
      }
    }
  }
  return pairs;
}

/**
 * A seeded derangement: perm[i] ≠ i for every i (Sattolo's algorithm gives one cycle), drawn
 * within each group when `groups` is given (hard negatives: a response from the same Dolly
 * category). A group of one keeps its row (there is nothing to swap with).
 */
export function derangement(n: number, seed: number, groups?: readonly string[]): number[] {
  const rng = new SeededRandom(seed);
  const members = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const g = groups?.[i] ?? "";
    let list = members.get(g);
    if (!list) members.set(g, (list = []));
    list.push(i);
  }
  const perm = Array.from({ length: n }, (_, i) => i);
  for (const ids of members.values()) {
    const a = ids.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * i);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    ids.forEach((id, k) => (perm[id] = a[k]!));
  }
  return perm;
}

/** The pairs with responses moved by a derangement (the negatives). */
export function shuffledPairs(pairs: readonly Pair[], seed: number, withinGroup = false): Pair[] {
  const perm = derangement(pairs.length, seed, withinGroup ? pairs.map((p) => p.group) : undefined);
  return pairs.map((p, i) => ({ ...p, response: pairs[perm[i]!]!.response }));
}

/** Area under the ROC curve of scores of positives against negatives (ties count one half). */
export function auc(positives: ArrayLike<number>, negatives: ArrayLike<number>): number {
  const all: Array<[number, number]> = [];
  for (let i = 0; i < positives.length; i++) all.push([positives[i]!, 1]);
  for (let i = 0; i < negatives.length; i++) all.push([negatives[i]!, 0]);
  all.sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]![0] === all[i]![0]) j++;
    const rank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (all[k]![1] === 1) rankSum += rank;
    i = j;
  }
  const p = positives.length;
  return (rankSum - (p * (p + 1)) / 2) / (p * negatives.length);
}

/**
 * Logistic regression by full-batch gradient descent with momentum on standardised
 * features, a small L2 penalty, a fixed number of steps (deterministic: no randomness, a
 * fixed summation order). Returns weights and bias on the raw features (standardisation
 * folded in).
 */
export function fitLogistic(rows: readonly Float64Array[], labels: readonly number[], opts: { steps?: number; l2?: number; rate?: number } = {}): { weights: number[]; bias: number } {
  const k = rows[0]!.length;
  const n = rows.length;
  const mean = new Float64Array(k);
  const sd = new Float64Array(k);
  for (const x of rows) for (let j = 0; j < k; j++) mean[j]! += x[j]! / n;
  for (const x of rows) for (let j = 0; j < k; j++) sd[j]! += (x[j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < k; j++) sd[j] = Math.sqrt(sd[j]!) || 1;
  const z = rows.map((x) => Float64Array.from(x, (v, j) => (v - mean[j]!) / sd[j]!));
  const w = new Float64Array(k + 1);
  const velocity = new Float64Array(k + 1);
  const steps = opts.steps ?? 400;
  const l2 = opts.l2 ?? 1e-3;
  const rate = opts.rate ?? 0.5;
  const g = new Float64Array(k + 1);
  for (let step = 0; step < steps; step++) {
    g.fill(0);
    for (let i = 0; i < n; i++) {
      const zi = z[i]!;
      let s = w[k]!;
      for (let j = 0; j < k; j++) s += w[j]! * zi[j]!;
      const e = 1 / (1 + Math.exp(-s)) - labels[i]!;
      for (let j = 0; j < k; j++) g[j]! += e * zi[j]!;
      g[k]! += e;
    }
    for (let j = 0; j <= k; j++) {
      const grad = g[j]! / n + (j < k ? l2 * w[j]! : 0);
      velocity[j] = 0.9 * velocity[j]! + grad;
      w[j]! -= rate * velocity[j]!;
    }
  }
  const weights = Array.from({ length: k }, (_, j) => w[j]! / sd[j]!);
  let bias = w[k]!;
  for (let j = 0; j < k; j++) bias -= (w[j]! * mean[j]!) / sd[j]!;
  return { weights, bias };
}
