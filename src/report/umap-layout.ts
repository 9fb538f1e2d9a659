/**
 * A 2-D layout of a k-nearest-neighbour graph by the UMAP method (McInnes, Healy & Melville,
 * 2018): fuzzy neighbour memberships from the distances, symmetrised, then a force layout by
 * stochastic gradient descent, attracting along the graph's edges and repelling from
 * randomly drawn rows. Written on typed arrays for the report's map: umap-js keeps its graph
 * in string-keyed sparse matrices, which took hundreds of MB and tens of seconds at 10,000
 * rows; this takes a few MB and a few seconds, and draws every random number from the seeded
 * generator it is given, so a seed gives the same layout on every machine.
 */

/** A k-nearest-neighbour graph: row i's neighbours are indices[i*k .. i*k+k) (itself first), at distances[...] in ascending order. */
export interface NeighbourGraph {
  n: number;
  k: number;
  indices: Int32Array;
  distances: Float64Array;
}

/** Settings of the layout. */
export interface UmapLayoutOptions {
  /** Passes of the gradient descent over the edges. */
  nEpochs: number;
  /** Uniform random numbers in [0, 1) (the run's seeded generator). */
  random: () => number;
}

/**
 * The curve 1 / (1 + a·d^(2b)) that the layout's distances follow, fitted to the method's
 * target (1 within minDist 0.1, then exp(-(d - 0.1)) at spread 1): the values the reference
 * implementation fits for these settings.
 */
const CURVE = { a: 1.577, b: 0.8951 } as const;

/** Negative samples drawn per positive one, and the repulsion's weight (the method's defaults). */
const NEGATIVE_SAMPLE_RATE = 5;
const REPULSION = 1;
/** Gradient components are clipped to ±this (the method's value): far outliers move by steps, not jumps. */
const CLIP = 4;
/** Binary-search rounds for each row's bandwidth. */
const BANDWIDTH_ROUNDS = 64;

/**
 * Lay out the graph in 2-D, starting from `init` (n × 2, row-major; say, the first two
 * principal components scaled to about ±10). Returns the layout, n × 2.
 */
export function umapLayout(graph: NeighbourGraph, init: Float64Array, opts: UmapLayoutOptions): Float64Array {
  const { n } = graph;
  const edges = symmetricMemberships(graph);
  return optimiseLayout(edges, n, Float64Array.from(init), opts);
}

/** The graph's edges in a fixed order (by head, then tail), each with its membership weight. */
interface WeightedEdges {
  head: Int32Array;
  tail: Int32Array;
  weight: Float64Array;
}

/**
 * Fuzzy memberships: for row i with nearest non-zero distance ρᵢ, the weight of neighbour j is
 * exp(-(dᵢⱼ - ρᵢ) / σᵢ), σᵢ chosen so that the weights sum to log₂(k); then the fuzzy union of
 * the two directions, w = wᵢⱼ + wⱼᵢ - wᵢⱼ·wⱼᵢ.
 */
function symmetricMemberships(graph: NeighbourGraph): WeightedEdges {
  const { n, k, indices, distances } = graph;
  const target = Math.log2(k);
  let meanDistance = 0;
  for (let i = 0; i < distances.length; i++) meanDistance += distances[i]!;
  meanDistance /= Math.max(1, distances.length);
  const directed = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const base = i * k;
    let rho = 0;
    for (let p = 0; p < k; p++) {
      const d = distances[base + p]!;
      if (d > 0) {
        rho = d;
        break;
      }
    }
    // Bandwidth by bisection: the weights' sum falls as σ shrinks.
    let lo = 0;
    let hi = Infinity;
    let sigma = 1;
    for (let round = 0; round < BANDWIDTH_ROUNDS; round++) {
      let sum = 0;
      for (let p = 1; p < k; p++) {
        const d = distances[base + p]! - rho;
        sum += d > 0 ? Math.exp(-d / sigma) : 1;
      }
      if (Math.abs(sum - target) < 1e-5) break;
      if (sum > target) {
        hi = sigma;
        sigma = (lo + hi) / 2;
      } else {
        lo = sigma;
        sigma = hi === Infinity ? sigma * 2 : (lo + hi) / 2;
      }
    }
    // A row whose neighbours all sit at one distance gets a floor on its bandwidth.
    sigma = Math.max(sigma, 1e-3 * meanDistance);
    for (let p = 0; p < k; p++) {
      const j = indices[base + p]!;
      if (j < 0 || j === i) continue;
      const d = distances[base + p]! - rho;
      directed.set(i * n + j, d <= 0 ? 1 : Math.exp(-d / sigma));
    }
  }
  const pairs = new Map<number, number>();
  for (const [key, w] of directed) {
    const i = Math.floor(key / n);
    const j = key - i * n;
    const back = directed.get(j * n + i) ?? 0;
    const union = w + back - w * back;
    pairs.set(key, union);
    if (!directed.has(j * n + i)) pairs.set(j * n + i, union);
  }
  const keys = [...pairs.keys()].sort((a, b) => a - b);
  const head = new Int32Array(keys.length);
  const tail = new Int32Array(keys.length);
  const weight = new Float64Array(keys.length);
  keys.forEach((key, e) => {
    head[e] = Math.floor(key / n);
    tail[e] = key - head[e]! * n;
    weight[e] = pairs.get(key)!;
  });
  return { head, tail, weight };
}

/**
 * Stochastic gradient descent on the layout: each edge is sampled in proportion to its
 * weight (an edge of the largest weight every epoch), pulling its two ends together; each
 * positive sample draws NEGATIVE_SAMPLE_RATE random rows that push its head away. The step
 * falls linearly from 1 to 0 over the epochs.
 */
function optimiseLayout(edges: WeightedEdges, n: number, y: Float64Array, opts: UmapLayoutOptions): Float64Array {
  const { head, tail, weight } = edges;
  const m = head.length;
  const nEpochs = Math.max(1, opts.nEpochs);
  const { a, b } = CURVE;
  let maxWeight = 0;
  for (let e = 0; e < m; e++) maxWeight = Math.max(maxWeight, weight[e]!);
  // Edges too light to be sampled once in the run are left out.
  const epochsPerSample = new Float64Array(m);
  for (let e = 0; e < m; e++) epochsPerSample[e] = weight[e]! >= maxWeight / nEpochs ? maxWeight / weight[e]! : -1;
  const epochsPerNegative = epochsPerSample.map((x) => x / NEGATIVE_SAMPLE_RATE);
  const nextSample = Float64Array.from(epochsPerSample);
  const nextNegative = Float64Array.from(epochsPerNegative);
  const clip = (v: number) => (v > CLIP ? CLIP : v < -CLIP ? -CLIP : v);
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    const alpha = 1 - epoch / nEpochs;
    for (let e = 0; e < m; e++) {
      const every = epochsPerSample[e]!;
      if (every < 0 || nextSample[e]! > epoch) continue;
      const i = head[e]! * 2;
      const j = tail[e]! * 2;
      let dx = y[i]! - y[j]!;
      let dy = y[i + 1]! - y[j + 1]!;
      let d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        const p = Math.pow(d2, b); // d2^(b-1) = p / d2: one pow per sample
        const coeff = (-2 * a * b * (p / d2)) / (a * p + 1);
        const gx = clip(coeff * dx) * alpha;
        const gy = clip(coeff * dy) * alpha;
        y[i]! += gx;
        y[i + 1]! += gy;
        y[j]! -= gx;
        y[j + 1]! -= gy;
      }
      nextSample[e]! += every;
      const negatives = Math.max(0, Math.floor((epoch - nextNegative[e]!) / epochsPerNegative[e]!));
      for (let s = 0; s < negatives; s++) {
        const other = Math.floor(opts.random() * n) * 2;
        if (other === i) continue;
        dx = y[i]! - y[other]!;
        dy = y[i + 1]! - y[other + 1]!;
        d2 = dx * dx + dy * dy;
        if (d2 <= 0) continue;
        const coeff = (2 * REPULSION * b) / ((0.001 + d2) * (a * Math.pow(d2, b) + 1));
        y[i]! += clip(coeff * dx) * alpha;
        y[i + 1]! += clip(coeff * dy) * alpha;
      }
      nextNegative[e]! += negatives * epochsPerNegative[e]!;
    }
  }
  return y;
}
