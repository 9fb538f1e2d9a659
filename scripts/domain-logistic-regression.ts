/**
 * Multinomial logistic regression over sparse feature vectors, trained by Adagrad with an L2
 * penalty (scripts/compile-domain-tables.ts). No bias terms: every domain is equally likely a
 * priori, and the sample weights balance the domains' unequal amounts of training text. The
 * visiting order comes from a seeded generator, so the weights are the same on every run.
 */
import { SeededRandom } from "../src/base/seeded-random.js";

/** One training document: feature ids with their values, its domain and its sample weight. */
export interface SparseDoc {
  readonly ids: Int32Array;
  readonly values: Float64Array;
  readonly label: number;
  readonly weight: number;
}

export interface TrainOptions {
  readonly features: number;
  readonly classes: number;
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 penalty per unit of sample weight, applied to the rows a document touches. */
  readonly l2: number;
  readonly seed: number;
}

/** Weights, row-major: feature f's weight for class c at f * classes + c. */
export function trainLogisticRegression(docs: readonly SparseDoc[], o: TrainOptions): Float64Array {
  const C = o.classes;
  const w = new Float64Array(o.features * C);
  const g2 = new Float64Array(o.features * C).fill(1e-6);
  const z = new Float64Array(C);
  const order = Int32Array.from(docs.keys());
  const rng = new SeededRandom(o.seed);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const k of order) {
      const doc = docs[k]!;
      logitsInto(w, C, doc, z);
      softmaxInPlace(z);
      z[doc.label]! -= 1; // dLoss/dz = p - y
      for (let n = 0; n < doc.ids.length; n++) {
        const base = doc.ids[n]! * C;
        const x = doc.values[n]!;
        for (let c = 0; c < C; c++) {
          const grad = doc.weight * (z[c]! * x + o.l2 * w[base + c]!);
          g2[base + c]! += grad * grad;
          w[base + c]! -= (o.learningRate * grad) / Math.sqrt(g2[base + c]!);
        }
      }
    }
  }
  return w;
}

/** z = xᵀW for one document. */
export function logitsInto(w: Float64Array, classes: number, doc: { ids: Int32Array; values: Float64Array }, z: Float64Array): Float64Array {
  z.fill(0);
  for (let n = 0; n < doc.ids.length; n++) {
    const base = doc.ids[n]! * classes;
    const x = doc.values[n]!;
    for (let c = 0; c < classes; c++) z[c]! += w[base + c]! * x;
  }
  return z;
}

export function softmaxInPlace(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let c = 0; c < z.length; c++) sum += z[c] = Math.exp(z[c]! - max);
  for (let c = 0; c < z.length; c++) z[c]! /= sum;
  return z;
}
