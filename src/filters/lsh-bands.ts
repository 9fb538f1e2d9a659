/**
 * Banding for locality-sensitive hashing: a signature of `bands × rows` values is cut
 * into bands; two rows are candidates when any band matches. With per-value match
 * probability s, P(candidate) = 1 − (1 − s^rows)^bands, an S-curve whose midpoint sits
 * near (1/bands)^(1/rows). The bands/rows pair is chosen to minimise the area of false
 * positives (below the threshold) plus false negatives (above it), equally weighted.
 */
export interface BandShape {
  bands: number;
  rows: number;
}

function candidateProbability(s: number, { bands, rows }: BandShape): number {
  return 1 - Math.pow(1 - Math.pow(s, rows), bands);
}

function integrate(f: (x: number) => number, a: number, b: number): number {
  const steps = 200;
  const h = (b - a) / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += f(a + (i + 0.5) * h);
  return sum * h;
}

/** The bands × rows (≤ signature length) that best separates similarities below and above `threshold`. */
export function chooseBandShape(threshold: number, signatureLength: number): BandShape {
  let best: BandShape = { bands: 1, rows: signatureLength };
  let bestError = Infinity;
  for (let bands = 1; bands <= signatureLength; bands++) {
    const maxRows = Math.floor(signatureLength / bands);
    for (let rows = 1; rows <= maxRows; rows++) {
      const shape = { bands, rows };
      const fp = integrate((s) => candidateProbability(s, shape), 0, threshold);
      const fn = integrate((s) => 1 - candidateProbability(s, shape), threshold, 1);
      const err = fp + fn;
      if (err < bestError - 1e-12) {
        bestError = err;
        best = shape;
      }
    }
  }
  return best;
}

/** The probability that a pair at similarity s becomes a candidate under a band shape. */
export { candidateProbability };
