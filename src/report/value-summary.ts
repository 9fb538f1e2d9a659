import { ExactSum } from "../base/exact-sum.js";
import { decodeNumber, encodeNumber, type EncodedNumber } from "../base/lossless-number.js";
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
 * Every figure depends only on the multiset of values, not on their order (the histogram is
 * order-free; the exact buffer is sorted; the mean is the exact sum, correctly rounded,
 * divided by the count): summaries of the pieces of a column, merged (`state` and `merge`),
 * give the figures of one summary over all of it, to the bit.
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
  private readonly sum = new ExactSum();
  private minValue = Infinity;
  private maxValue = -Infinity;

  constructor(readonly exactLimit = 65_536) {
    this.exactValues = new Float64Array(Math.min(1024, Math.max(1, exactLimit)));
  }

  /** Add a value; NaN and ±Infinity are ignored (they have no place in a report). */
  add(x: number): void {
    if (!Number.isFinite(x)) return;
    this.count++;
    this.sum.add(x);
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
      this.leaveExactMode();
    }
    this.bucket(x);
  }

  /** Too many values to keep: move them all into the histogram. */
  private leaveExactMode(): void {
    const buf = this.exactValues;
    if (!buf) return;
    for (let i = 0; i < this.exactCount; i++) this.bucket(buf[i]!);
    this.exactValues = undefined;
  }

  private bucket(x: number): void {
    if (!bucketInto(x, this.positive, this.negative)) this.zeros++;
  }

  /**
   * The summary as plain data, all but the exact values (see `exactValuesOf`): count, the
   * sum's partials, min, max, and the histogram of every value (the exact ones bucketed
   * here), so that a merge past the exact limit needs no values.
   */
  state(): ValueSummaryState {
    let zeros = this.zeros;
    const positive = new Map(this.positive);
    const negative = new Map(this.negative);
    if (this.exactValues) for (let i = 0; i < this.exactCount; i++) if (!bucketInto(this.exactValues[i]!, positive, negative)) zeros++;
    return {
      exactLimit: this.exactLimit,
      count: this.count,
      sum: this.sum.terms(),
      min: encodeNumber(this.minValue),
      max: encodeNumber(this.maxValue),
      zeros,
      positive: [...positive].sort((x, y) => x[0] - y[0]),
      negative: [...negative].sort((x, y) => x[0] - y[0]),
    };
  }

  /** The values while the summary is exact (count ≤ exactLimit), in input order; undefined past it. */
  exactValuesOf(): Float64Array | undefined {
    return this.exactValues?.slice(0, this.exactCount);
  }

  /**
   * Whether merging `state` needs that summary's exact values: only while the merged count
   * stays within the exact limit. Past it both become histograms, and the state's own
   * histogram serves.
   */
  needsValues(state: ValueSummaryState): boolean {
    return this.exactValues !== undefined && this.count + state.count <= this.exactLimit;
  }

  /**
   * Add the values another summary saw (its `state`, and its exact values when `needsValues`
   * says so): the figures are then those of one summary fed both, whatever the order. Min and
   * max keep the first of equal extremes (0 before -0) as one summary fed this one's values
   * first would, so merge pieces in input order.
   */
  merge(state: ValueSummaryState, values?: Float64Array): void {
    if (state.exactLimit !== this.exactLimit) throw new Error(`cannot merge value summaries with exact limits ${state.exactLimit} and ${this.exactLimit}.`);
    if (state.count === 0) return;
    const min = decodeNumber(state.min);
    const max = decodeNumber(state.max);
    if (min < this.minValue) this.minValue = min;
    if (max > this.maxValue) this.maxValue = max;
    for (const t of state.sum) this.sum.add(t);
    if (this.needsValues(state)) {
      if (!values || values.length !== state.count) throw new Error(`a value summary merge needs the ${state.count} exact values of the other summary.`);
      const need = this.exactCount + values.length;
      if (need > this.exactValues!.length) this.exactValues = grown(this.exactValues!, Math.min(this.exactLimit, Math.max(need, this.exactValues!.length * 2)));
      this.exactValues!.set(values, this.exactCount);
      this.exactCount = need;
    } else {
      this.leaveExactMode();
      this.zeros += state.zeros;
      for (const [k, c] of state.positive) this.positive.set(k, (this.positive.get(k) ?? 0) + c);
      for (const [k, c] of state.negative) this.negative.set(k, (this.negative.get(k) ?? 0) + c);
    }
    this.count += state.count;
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
      mean: this.sum.value() / this.count,
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

/** A ValueSummary as plain data (JSON): see ValueSummary.state. */
export interface ValueSummaryState {
  exactLimit: number;
  count: number;
  /** The exact sum's partials. */
  sum: number[];
  /** Min and max, lossless (±Infinity when empty, -0 kept). */
  min: EncodedNumber;
  max: EncodedNumber;
  /** Histogram of every value: the near-zero bucket, and (bucket, count) pairs by sign. */
  zeros: number;
  positive: Array<[number, number]>;
  negative: Array<[number, number]>;
}

/** Count x in its histogram bucket (by sign); false for a near-zero value, which has its own count. */
function bucketInto(x: number, positive: Map<number, number>, negative: Map<number, number>): boolean {
  const a = Math.abs(x);
  if (a < ZERO_BELOW) return false;
  const k = Math.ceil(Math.log(a) / LOG_GAMMA);
  const m = x > 0 ? positive : negative;
  m.set(k, (m.get(k) ?? 0) + 1);
  return true;
}

function interpolate(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
