import { grown } from "../base/typed-array-growth.js";

/**
 * Streaming summary of one numeric column: count, mean, min, max and quantiles, in bounded
 * memory.
 *
 * Quantiles are exact (linear interpolation between order statistics, numpy's default) while
 * the column holds at most `exactLimit` values (65,536 by default: 512 KiB). Past that the
 * values are folded into a log-bucketed histogram (the DDSketch scheme): bucket k holds
 * values in (γ^(k-1), γ^k] with γ = (1+α)/(1-α), mirrored for negatives, plus a bucket for
 * |x| < 1e-9. Every quantile is then reported as its bucket's centre, within a relative
 * error α (0.5%) of a true order statistic of that rank; the histogram needs a few thousand
 * buckets at most whatever the row count. Count, mean, min and max stay exact.
 * Quantiles depend only on the multiset of values, not on their order (the histogram is
 * order-free; the exact buffer is sorted); the mean follows the input order's float sums,
 * which a given input always repeats, so reports are byte-identical run to run.
 */
export interface ValueStats {
  count: number;
  mean: number;
  min: number;
  max: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  /** Whether the quantiles are exact (false: within 0.5% relative error). */
  exact: boolean;
}

const ALPHA = 0.005;
const GAMMA = (1 + ALPHA) / (1 - ALPHA);
const LOG_GAMMA = Math.log(GAMMA);
const ZERO_BELOW = 1e-9;

export class ValueSummary {
  private exactValues: Float64Array | undefined;
  private exactCount = 0;
  private readonly positive = new Map<number, number>();
  private readonly negative = new Map<number, number>();
  private zeros = 0;
  count = 0;
  private sum = 0;
  private minValue = Infinity;
  private maxValue = -Infinity;

  constructor(private readonly exactLimit = 65_536) {
    this.exactValues = new Float64Array(Math.min(1024, Math.max(1, exactLimit)));
  }

  /** Add a value; NaN and ±Infinity are ignored (they have no place in a report). */
  add(x: number): void {
    if (!Number.isFinite(x)) return;
    this.count++;
    this.sum += x;
    if (x < this.minValue) this.minValue = x;
    if (x > this.maxValue) this.maxValue = x;
    const buf = this.exactValues;
    if (buf) {
      if (this.exactCount < this.exactLimit) {
        if (this.exactCount === buf.length) {
          this.exactValues = grown(buf, Math.min(this.exactLimit, buf.length * 2));
        }
        this.exactValues![this.exactCount++] = x;
        return;
      }
      // Too many values to keep: move them all into the histogram.
      for (let i = 0; i < this.exactCount; i++) this.bucket(buf[i]!);
      this.exactValues = undefined;
    }
    this.bucket(x);
  }

  private bucket(x: number): void {
    const a = Math.abs(x);
    if (a < ZERO_BELOW) {
      this.zeros++;
      return;
    }
    const k = Math.ceil(Math.log(a) / LOG_GAMMA);
    const m = x > 0 ? this.positive : this.negative;
    m.set(k, (m.get(k) ?? 0) + 1);
  }

  /** The values (exact mode) or bucket centres with their counts, ascending. */
  weightedValues(): Array<[value: number, count: number]> {
    if (this.exactValues) {
      const sorted = this.exactValues.slice(0, this.exactCount).sort();
      const out: Array<[number, number]> = [];
      for (const v of sorted) {
        const last = out[out.length - 1];
        if (last && last[0] === v) last[1]++;
        else out.push([v, 1]);
      }
      return out;
    }
    const centre = (k: number) => (2 * GAMMA ** k) / (GAMMA + 1);
    const neg = [...this.negative].sort((a, b) => b[0] - a[0]).map(([k, c]): [number, number] => [-centre(k), c]);
    const pos = [...this.positive].sort((a, b) => a[0] - b[0]).map(([k, c]): [number, number] => [centre(k), c]);
    const zero: Array<[number, number]> = this.zeros ? [[0, this.zeros]] : [];
    // Bucket centres may fall a hair outside the true range: clamp to the exact min/max.
    return [...neg, ...zero, ...pos].map(([v, c]) => [Math.min(this.maxValue, Math.max(this.minValue, v)), c]);
  }

  /** The q-quantile (0..1); 0 for an empty column. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    if (this.exactValues) {
      const sorted = this.exactValues.slice(0, this.exactCount).sort();
      return interpolate(sorted, q);
    }
    return this.quantileOf(this.weightedValues(), q);
  }

  private quantileOf(weighted: Array<[number, number]>, q: number): number {
    const rank = q * (this.count - 1);
    let seen = 0;
    for (const [v, c] of weighted) {
      seen += c;
      if (seen > rank) return v;
    }
    return this.maxValue;
  }

  stats(): ValueStats {
    if (this.count === 0) return { count: 0, mean: 0, min: 0, max: 0, p5: 0, p25: 0, p50: 0, p75: 0, p95: 0, exact: true };
    const qs = [0.05, 0.25, 0.5, 0.75, 0.95];
    let values: number[];
    if (this.exactValues) {
      const sorted = this.exactValues.slice(0, this.exactCount).sort();
      values = qs.map((q) => interpolate(sorted, q));
    } else {
      const weighted = this.weightedValues();
      values = qs.map((q) => this.quantileOf(weighted, q));
    }
    return {
      count: this.count,
      mean: this.sum / this.count,
      min: this.minValue,
      max: this.maxValue,
      p5: values[0]!,
      p25: values[1]!,
      p50: values[2]!,
      p75: values[3]!,
      p95: values[4]!,
      exact: this.exactValues !== undefined,
    };
  }
}

function interpolate(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
