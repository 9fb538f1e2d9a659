import { UMAP } from "umap-js";
import { seededRandom } from "../base/seeded-random.js";

/** Options of the 2-D map projection. */
export interface ProjectionOptions {
  seed?: number;
  /** Dimensions kept by the PCA step before UMAP (default 32). */
  pcaDims?: number;
  /** UMAP neighbours (default 15) and optimisation epochs (default 120: the layout settles by then, and umap-js spends ~0.1 s an epoch on 10,000 points). */
  nNeighbors?: number;
  nEpochs?: number;
  minDist?: number;
}

/**
 * Project row-major vectors (n × dim) to 2-D: PCA to `pcaDims` dimensions first (it keeps the
 * neighbourhoods UMAP needs and makes its nearest-neighbour search several times faster on
 * 256-wide vectors), then UMAP (umap-js) seeded with a deterministic PRNG. The result is
 * rescaled to [0, 1] on both axes (aspect kept; see the robust scaling below), with coordinates rounded to 6 decimals so
 * that the HTML, PNG and JSON carry exactly the same numbers.
 */
export function projectTo2d(values: Float32Array, n: number, dim: number, opts: ProjectionOptions = {}): Float64Array {
  const out = new Float64Array(n * 2);
  if (n === 0) return out;
  const random = seededRandom(opts.seed ?? 42);
  const reduced = pca(values, n, dim, Math.min(opts.pcaDims ?? 32, dim), random);
  const k = reduced.dims;
  let coords: number[][];
  if (n < 8) {
    // Too few rows for a neighbour graph: the first two principal components are the map.
    coords = Array.from({ length: n }, (_, i) => [reduced.values[i * k] ?? 0, k > 1 ? reduced.values[i * k + 1]! : 0]);
  } else {
    const data = Array.from({ length: n }, (_, i) => Array.from(reduced.values.subarray(i * k, i * k + k)));
    const nNeighbors = Math.min(opts.nNeighbors ?? 15, n - 1);
    const umap = new UMAP({ nComponents: 2, nNeighbors, minDist: opts.minDist ?? 0.1, nEpochs: opts.nEpochs ?? 120, random });
    // Exact neighbours on the reduced vectors: faster than umap-js's NN-descent at this size
    // (brute force over 10,000 × 32 takes a couple of seconds) and free of its randomness.
    const knn = exactNeighbours(reduced.values, n, k, nNeighbors);
    umap.setPrecomputedKNN(knn.indices, knn.distances);
    coords = umap.fit(data);
  }
  // Robust scaling: UMAP places template-like groups (many near-identical rows) as far
  // islands, and a plain min–max box squeezes the bulk of the map into a speck. Distances
  // from the median are measured in units of the central spread (interquartile range) and
  // compressed past it with asinh: the bulk stays linear and fills the map, islands stay
  // visible, in the right direction, nearer the edge. Then min–max to [0, 1], aspect kept.
  const xs = coords.map((c) => c[0]!).filter(Number.isFinite).sort((a, b) => a - b);
  const ys = coords.map((c) => c[1]!).filter(Number.isFinite).sort((a, b) => a - b);
  const pick = (a: number[], q: number) => a[Math.min(a.length - 1, Math.max(0, Math.round(q * (a.length - 1))))] ?? 0;
  const mx = pick(xs, 0.5), my = pick(ys, 0.5);
  const scale = Math.max(pick(xs, 0.75) - pick(xs, 0.25), pick(ys, 0.75) - pick(ys, 0.25)) || 1;
  const squash = (v: number, m: number) => (n >= 100 ? Math.asinh((v - m) / scale) : (v - m) / scale);
  const tx = new Float64Array(n), ty = new Float64Array(n);
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const [x, y] = coords[i]!;
    tx[i] = Number.isFinite(x) ? squash(x!, mx) : 0;
    ty[i] = Number.isFinite(y) ? squash(y!, my) : 0;
    minX = Math.min(minX, tx[i]!); maxX = Math.max(maxX, tx[i]!);
    minY = Math.min(minY, ty[i]!); maxY = Math.max(maxY, ty[i]!);
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  for (let i = 0; i < n; i++) {
    out[i * 2] = Math.round((0.5 + (tx[i]! - cx) / span) * 1e6) / 1e6;
    out[i * 2 + 1] = Math.round((0.5 + (ty[i]! - cy) / span) * 1e6) / 1e6;
  }
  return out;
}

/** Rows projected on the top principal components (block power iteration on the covariance). */
function pca(values: Float32Array, n: number, dim: number, k: number, random: () => number): { values: Float64Array; dims: number } {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d]! += values[i * dim + d]!;
  for (let d = 0; d < dim; d++) mean[d]! /= n;
  // Covariance, dim × dim (upper triangle, mirrored).
  const cov = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) row[d] = values[i * dim + d]! - mean[d]!;
    for (let a = 0; a < dim; a++) {
      const ra = row[a]!;
      if (ra === 0) continue;
      const base = a * dim;
      for (let b = a; b < dim; b++) cov[base + b]! += ra * row[b]!;
    }
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) cov[a * dim + b] = cov[b * dim + a]!;
  // Subspace iteration: Q ← orth(C Q), 30 rounds.
  let q = new Float64Array(dim * k);
  for (let i = 0; i < q.length; i++) q[i] = random() - 0.5;
  orthonormalise(q, dim, k);
  for (let it = 0; it < 30; it++) {
    const z = new Float64Array(dim * k);
    for (let a = 0; a < dim; a++) {
      for (let b = 0; b < dim; b++) {
        const c = cov[a * dim + b]!;
        if (c === 0) continue;
        for (let j = 0; j < k; j++) z[a * k + j]! += c * q[b * k + j]!;
      }
    }
    orthonormalise(z, dim, k);
    q = z;
  }
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) row[d] = values[i * dim + d]! - mean[d]!;
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += row[d]! * q[d * k + j]!;
      out[i * k + j] = s;
    }
  }
  return { values: out, dims: k };
}

/** Gram–Schmidt on the k columns of a dim × k row-major matrix (a zero column stays zero). */
function orthonormalise(m: Float64Array, dim: number, k: number): void {
  for (let j = 0; j < k; j++) {
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += m[d * k + j]! * m[d * k + p]!;
      for (let d = 0; d < dim; d++) m[d * k + j]! -= dot * m[d * k + p]!;
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += m[d * k + j]! ** 2;
    norm = Math.sqrt(norm);
    if (norm > 1e-12) for (let d = 0; d < dim; d++) m[d * k + j]! /= norm;
  }
}

/** The nNeighbors nearest rows of every row (itself first, at distance 0), Euclidean. */
function exactNeighbours(values: Float64Array, n: number, k: number, nNeighbors: number): { indices: number[][]; distances: number[][] } {
  const indices: number[][] = [];
  const distances: number[][] = [];
  const bestD = new Float64Array(nNeighbors);
  const bestI = new Int32Array(nNeighbors);
  for (let i = 0; i < n; i++) {
    bestD.fill(Infinity);
    bestI.fill(-1);
    const oi = i * k;
    for (let j = 0; j < n; j++) {
      const oj = j * k;
      let d = 0;
      for (let c = 0; c < k; c++) {
        const t = values[oi + c]! - values[oj + c]!;
        d += t * t;
      }
      const worst = bestD[nNeighbors - 1]!;
      if (d > worst || (d === worst && j !== i)) continue;
      // Insert keeping ascending order; ties keep the smaller index first (deterministic); self wins ties.
      let p = nNeighbors - 1;
      while (p > 0 && (bestD[p - 1]! > d || (j === i && bestD[p - 1] === d))) {
        bestD[p] = bestD[p - 1]!;
        bestI[p] = bestI[p - 1]!;
        p--;
      }
      bestD[p] = d;
      bestI[p] = j;
    }
    indices.push(Array.from(bestI));
    distances.push(Array.from(bestD, Math.sqrt));
  }
  return { indices, distances };
}
