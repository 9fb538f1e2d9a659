import { seededRandom } from "../../base/seeded-random.js";
import type { ToxicityLexicon } from "./lexicon.js";
import { DEFAULT_HASHING, type NgramHashing } from "./ngram-features.js";
import { EmbeddedToxicityClassifier, combinerInputs } from "./embedded-toxicity-classifier.js";
import { COMBINER_INPUTS, type LoadedToxicityModel, type ToxicityModelFile } from "./toxicity-model-file.js";
import type { LabelledText, ToxicitySource } from "./toxicity-corpus.js";

/**
 * Training of the embedded toxicity model, shared by scripts/train-toxicity.ts (the shipped
 * weights) and bench/toxicity.ts (the cross-source matrix: the same recipe trained on two
 * sources and measured on the third). Deterministic: a seeded shuffle and fixed-order sums.
 */
export interface ToxicityTrainingOptions {
  seed: number;
  epochs: number;
  l2: number;
  learningRate: number;
  hashing: NgramHashing;
  /** Weight of each source's rows in both fits (default 1). */
  sourceWeights: Partial<Record<ToxicitySource, number>>;
}

export const DEFAULT_TRAINING: ToxicityTrainingOptions = {
  seed: 42,
  epochs: 6,
  l2: 1e-5,
  learningRate: 0.3,
  hashing: DEFAULT_HASHING,
  // Tweets are mostly casual swearing; the 606 group statements are few but the only
  // implicit hate and neutral group mentions; clean instruction texts are many.
  sourceWeights: { jigsaw: 1, davidson: 0.5, toxigen: 3, clean: 0.5 },
};

/**
 * Combiner weight bounds: evidence weights stay ≥ 0 (more evidence never lowers the score),
 * with prior floors for the precision-oriented rules that fire too rarely in a calibration
 * split to be estimated from it; negated and counter-speech evidence only lower it, by at
 * least a prior amount for the same reason.
 */
export const COMBINER_BOUNDS: Partial<Record<(typeof COMBINER_INPUTS)[number], [number, number]>> = {
  linear_logit: [0, Infinity],
  threat: [3, Infinity],
  identity: [4, Infinity],
  insult_aimed: [1.5, Infinity],
  group_hate: [5, Infinity],
  negated: [-Infinity, -1.5],
  counter: [-Infinity, -2],
  log_tokens: [-Infinity, Infinity],
};

function boundsOf(k: number): [number, number] {
  return COMBINER_BOUNDS[COMBINER_INPUTS[k]!] ?? [0, Infinity];
}

/**
 * The source whose intercept ships: general comments (Jigsaw) when trained on, else the
 * first labelled source present. Every other labelled source gets its own intercept while
 * fitting (its prevalence is how it was sampled, not a property of words); clean texts share
 * the shipped one, since they are exactly the everyday text it must score low.
 */
export function referenceSource(rows: readonly LabelledText[]): ToxicitySource {
  for (const s of ["jigsaw", "toxigen", "davidson"] as const) if (rows.some((r) => r.source === s)) return s;
  return "clean";
}

interface Example {
  idx: Int32Array;
  val: Float32Array;
  y: number;
  w: number;
  /** Intercept slot: 0 the shipped one, 1.. a source's own. */
  slot: number;
}

const SLOT_SOURCES: ToxicitySource[] = ["jigsaw", "davidson", "toxigen"];

function slotOf(source: ToxicitySource, reference: ToxicitySource): number {
  return source === reference || source === "clean" ? 0 : 1 + SLOT_SOURCES.indexOf(source);
}

export interface TrainedToxicityModel {
  model: LoadedToxicityModel;
  /** Fit-only figures (source intercepts, combiner offsets). */
  notes: Record<string, unknown>;
}

/**
 * Train the linear model on `train`, quantise it to int8, fit the combiner on `calibration`,
 * and return the model as it would ship (`training` left for the caller to fill).
 */
export function trainToxicityModel(
  lexicon: ToxicityLexicon,
  train: readonly LabelledText[],
  calibration: readonly LabelledText[],
  options: ToxicityTrainingOptions = DEFAULT_TRAINING,
  log: (line: string) => void = () => {},
): TrainedToxicityModel {
  const reference = referenceSource(train);
  const weightOf = (r: LabelledText): number => options.sourceWeights[r.source] ?? 1;
  const featuriser = new EmbeddedToxicityClassifier(lexicon, null, options.hashing);
  const examples: Example[] = train.map((r) => {
    featuriser.analyse(r.text);
    const x = featuriser.features.sparseVector(featuriser.words);
    return { idx: Int32Array.from(x.keys()), val: Float32Array.from(x.values()), y: r.toxic, w: weightOf(r), slot: slotOf(r.source, reference) };
  });

  // Logistic regression, AdaGrad, L2 on touched weights, seeded shuffle each epoch.
  const nBuckets = 1 << options.hashing.bits;
  const w = new Float64Array(nBuckets);
  const g2 = new Float64Array(nBuckets).fill(1e-8);
  const bias = new Float64Array(1 + SLOT_SOURCES.length);
  const bias2 = new Float64Array(1 + SLOT_SOURCES.length).fill(1e-8);
  const rand = seededRandom(options.seed);
  const order = Array.from({ length: examples.length }, (_, i) => i);
  const lr = options.learningRate;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let loss = 0;
    for (const e of order) {
      const ex = examples[e]!;
      let z = bias[ex.slot]!;
      for (let k = 0; k < ex.idx.length; k++) z += w[ex.idx[k]!]! * ex.val[k]!;
      const p = 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, z))));
      loss += ex.w * -(ex.y === 1 ? Math.log(p + 1e-12) : Math.log(1 - p + 1e-12));
      const g = ex.w * (p - ex.y);
      for (let k = 0; k < ex.idx.length; k++) {
        const b = ex.idx[k]!;
        const gk = g * ex.val[k]! + options.l2 * w[b]!;
        g2[b]! += gk * gk;
        w[b]! -= (lr * gk) / Math.sqrt(g2[b]!);
      }
      bias2[ex.slot]! += g * g;
      bias[ex.slot]! -= (lr * g) / Math.sqrt(bias2[ex.slot]!);
    }
    log(`epoch ${epoch + 1}: mean loss ${(loss / Math.max(1, order.length)).toFixed(4)}`);
  }

  // Quantise to int8 with one scale (the 99.99th percentile of |w|; the few above it clip).
  const mags = Array.from(w, Math.abs).sort((a, b) => a - b);
  const clip = mags[Math.floor(mags.length * 0.9999)]! || 1;
  const scale = clip / 127;
  const q = new Int8Array(nBuckets);
  for (let k = 0; k < nBuckets; k++) q[k] = Math.max(-127, Math.min(127, Math.round(w[k]! / scale)));

  // The combiner, on the calibration rows, with per-source offsets (fit only).
  const round = (x: number): number => Number(x.toPrecision(8));
  const file: ToxicityModelFile = {
    format: "sieve-toxicity-v2",
    hashing: options.hashing,
    linear: { bias: round(bias[0]!), scale: round(scale), weightsFile: "linear-weights.i8" },
    combiner: { inputs: [...COMBINER_INPUTS], weights: COMBINER_INPUTS.map((_, i) => (i === 0 ? 1 : 0)), bias: 0 },
    training: {},
  };
  const draft = new EmbeddedToxicityClassifier(lexicon, { file, quantised: q });
  const dims = COMBINER_INPUTS.length;
  const X = calibration.map((r) => {
    draft.analyse(r.text);
    return combinerInputs(draft.linearLogit(), draft.scratch.evidence, draft.tokens.count, new Float64Array(dims));
  });
  const Y = calibration.map((r) => r.toxic);
  const W = calibration.map(weightOf);
  const S = calibration.map((r) => slotOf(r.source, reference));
  const firing = Object.fromEntries(COMBINER_INPUTS.slice(1).map((name, k) => [name, X.filter((x) => x[k + 1]! !== 0).length]));
  log(`calibration rows where each input is non-zero: ${JSON.stringify(firing)}`);
  const nSlots = bias.length;
  const cw = new Float64Array(dims);
  cw[0] = 1;
  for (let k = 0; k < dims; k++) cw[k] = Math.min(boundsOf(k)[1], Math.max(boundsOf(k)[0], cw[k]!));
  const cb = new Float64Array(nSlots);
  const P = dims + nSlots;
  const m1 = new Float64Array(P);
  const m2 = new Float64Array(P);
  const COMBINER_L2 = 1e-3;
  const totalW = W.reduce((a, b) => a + b, 0) || 1;
  for (let it = 1; it <= 3000; it++) {
    const grad = new Float64Array(P);
    for (let i = 0; i < X.length; i++) {
      const x = X[i]!;
      let z = cb[S[i]!]!;
      for (let k = 0; k < dims; k++) z += cw[k]! * x[k]!;
      const g = W[i]! * (1 / (1 + Math.exp(-Math.max(-30, Math.min(30, z)))) - Y[i]!);
      for (let k = 0; k < dims; k++) grad[k]! += g * x[k]!;
      grad[dims + S[i]!]! += g;
    }
    for (let k = 0; k < P; k++) {
      let gk = grad[k]! / totalW;
      if (k < dims) gk += COMBINER_L2 * cw[k]!;
      m1[k] = 0.9 * m1[k]! + 0.1 * gk;
      m2[k] = 0.999 * m2[k]! + 0.001 * gk * gk;
      const step = (0.02 * (m1[k]! / (1 - 0.9 ** it))) / (Math.sqrt(m2[k]! / (1 - 0.999 ** it)) + 1e-9);
      if (k < dims) {
        const [lo, hi] = boundsOf(k);
        cw[k] = Math.min(hi, Math.max(lo, cw[k]! - step));
      } else cb[k - dims]! -= step;
    }
  }
  file.combiner = { inputs: [...COMBINER_INPUTS], weights: Array.from(cw, round), bias: round(cb[0]!) };
  const notes = {
    referenceSource: reference,
    linearIntercepts: Object.fromEntries(SLOT_SOURCES.map((s, i) => [s, round(bias[1 + i]!)])),
    combinerOffsets: Object.fromEntries(SLOT_SOURCES.map((s, i) => [s, round(cb[1 + i]!)])),
    trainRows: train.length,
    calibrationRows: calibration.length,
  };
  log(`combiner ${JSON.stringify(Object.fromEntries(COMBINER_INPUTS.map((n, k) => [n, round(cw[k]!)])))} bias ${round(cb[0]!)}`);
  return { model: { file, quantised: q }, notes };
}
