import { seededRandom } from "../base/seeded-random.js";
import { umapLayout, type NeighbourGraph } from "./umap-layout.js";

/** Options of the 2-D map projection. */
export interface ProjectionOptions {
  seed?: number;
  /** Dimensions kept by the PCA step before the layout (default 32). */
  pcaDims?: number;
  /** Neighbours per row in the graph the layout keeps (default 15). */
  nNeighbors?: number;
  /** Epochs of the layout's gradient descent (default 120: the layout has settled by then). */
  nEpochs?: number;
}

/**
 * Project row-major vectors (n × dim) to 2-D: PCA to `pcaDims` dimensions first (it keeps the
 * neighbourhoods the layout needs and makes the nearest-neighbour search several times faster on
 * 256-wide vectors), then the exact nearest neighbours, then a UMAP layout of that graph
 * (umap-layout.ts) started from the first two principal components, with every random
 * number from a PRNG seeded by `seed`. The result is rescaled to [0, 1] on both axes
 * (aspect kept; see the robust scaling below), with coordinates rounded to 6 decimals so that
 * the HTML, PNG and JSON carry exactly the same numbers.
 */
export function projectTo2d(values: Float32Array, n: number, dim: number, opts: ProjectionOptions = {}): Float64Array {
  const out = new Float64Array(n * 2);
  if (n === 0) return out;
  const random = seededRandom(opts.seed ?? 42);
  const reduced = pca(values, n, dim, Math.min(opts.pcaDims ?? 32, dim), random);
  const k = reduced.dims;
  // The first two principal components, scaled to ±10 (the layout's working range), with a
  // little seeded jitter so that identical rows do not start on one spot.
  const start = new Float64Array(n * 2);
  let extent = 0;
  for (let i = 0; i < n; i++) {
    start[i * 2] = k > 0 ? reduced.values[i * k]! : 0;
    start[i * 2 + 1] = k > 1 ? reduced.values[i * k + 1]! : 0;
    extent = Math.max(extent, Math.abs(start[i * 2]!), Math.abs(start[i * 2 + 1]!));
  }
  const toRange = extent > 0 ? 10 / extent : 1;
  for (let i = 0; i < start.length; i++) start[i] = start[i]! * toRange + (random() - 0.5) * 1e-3;
  let coords: Float64Array;
  if (n < 8) {
    // Too few rows for a neighbour graph: the first two principal components are the map.
    coords = start;
  } else {
    const nNeighbors = Math.min(opts.nNeighbors ?? 15, n - 1);
    // Exact neighbours on the reduced vectors (brute force over 10,000 × 32 takes a couple of
    // seconds) and free of the randomness of approximate search.
    const graph = exactNeighbours(reduced.values, n, k, nNeighbors);
    coords = umapLayout(graph, start, { nEpochs: opts.nEpochs ?? 120, random });
  }
  // Robust scaling: UMAP places template-like groups (many near-identical rows) as far
  // islands, and a plain min–max box squeezes the bulk of the map into a speck. Distances
  // from the median are measured in units of the central spread (interquartile range) and
  // compressed past it with asinh: the bulk stays linear and fills the map, islands stay
  // visible, in the right direction, nearer the edge. Then min–max to [0, 1], aspect kept.
  const xs = Array.from({ length: n }, (_, i) => coords[i * 2]!).filter(Number.isFinite).sort((a, b) => a - b);
  const ys = Array.from({ length: n }, (_, i) => coords[i * 2 + 1]!).filter(Number.isFinite).sort((a, b) => a - b);
  const pick = (a: number[], q: number) => a[Math.min(a.length - 1, Math.max(0, Math.round(q * (a.length - 1))))] ?? 0;
  const mx = pick(xs, 0.5), my = pick(ys, 0.5);
  const scale = Math.max(pick(xs, 0.75) - pick(xs, 0.25), pick(ys, 0.75) - pick(ys, 0.25)) || 1;
  const squash = (v: number, m: number) => (n >= 100 ? Math.asinh((v - m) / scale) : (v - m) / scale);
  const tx = new Float64Array(n), ty = new Float64Array(n);
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = coords[i * 2]!;
    const y = coords[i * 2 + 1]!;
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

/**
 * The nNeighbors nearest rows of every row (itself first, at distance 0), Euclidean. Each
 * pair's distance is computed once and offered to both rows' lists; ties keep the smaller
 * index first, so the graph is the same on every machine.
 */
function exactNeighbours(values: Float64Array, n: number, k: number, nNeighbors: number): NeighbourGraph {
  const indices = new Int32Array(n * nNeighbors).fill(-1);
  const squared = new Float64Array(n * nNeighbors).fill(Infinity);
  for (let i = 0; i < n; i++) offer(squared, indices, i * nNeighbors, nNeighbors, 0, i);
  for (let i = 0; i < n; i++) {
    const oi = i * k;
    for (let j = i + 1; j < n; j++) {
      const oj = j * k;
      let d = 0;
      for (let c = 0; c < k; c++) {
        const t = values[oi + c]! - values[oj + c]!;
        d += t * t;
      }
      offer(squared, indices, i * nNeighbors, nNeighbors, d, j);
      offer(squared, indices, j * nNeighbors, nNeighbors, d, i);
    }
  }
  const distances = squared.map(Math.sqrt);
  return { n, k: nNeighbors, indices, distances };
}

/**
 * Offer row `j` at squared distance `d` to the ascending list at [base, base + size). Rows
 * arrive in ascending index order for every list (self first), so keeping the earlier of two
 * at equal distance keeps the smaller index.
 */
function offer(d2: Float64Array, idx: Int32Array, base: number, size: number, d: number, j: number): void {
  const last = base + size - 1;
  if (d >= d2[last]!) return;
  let p = last;
  while (p > base && d2[p - 1]! > d) {
    d2[p] = d2[p - 1]!;
    idx[p] = idx[p - 1]!;
    p--;
  }
  d2[p] = d;
  idx[p] = j;
}
