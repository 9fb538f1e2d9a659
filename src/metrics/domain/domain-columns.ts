import type { ScoreColumn } from "../../core/score-column.js";

/** The columns every domain scorer adds, in order. */
export const DOMAIN_COLUMNS = ["domain", "domain_score", "domain_top3"] as const;

/**
 * Collects one probability distribution over the domains per row and turns it into the
 * `domain` (most probable name), `domain_score` (its probability, 0..1) and `domain_top3`
 * (the three most probable names, best first) columns. Ties go to the earlier domain in the
 * taxonomy, so the output never depends on anything but the scores.
 */
export class DomainColumns {
  private readonly domain: string[];
  private readonly score: Float64Array;
  private readonly top3: string[][];

  constructor(
    private readonly names: readonly string[],
    rows: number,
  ) {
    this.domain = new Array<string>(rows);
    this.score = new Float64Array(rows);
    this.top3 = new Array<string[]>(rows);
  }

  /** Record row `row`'s distribution (probabilities in taxonomy order, summing to 1). */
  set(row: number, probs: ArrayLike<number>): void {
    let a = -1;
    let b = -1;
    let c = -1;
    for (let d = 0; d < this.names.length; d++) {
      const p = probs[d]!;
      if (a < 0 || p > probs[a]!) {
        c = b;
        b = a;
        a = d;
      } else if (b < 0 || p > probs[b]!) {
        c = b;
        b = d;
      } else if (c < 0 || p > probs[c]!) {
        c = d;
      }
    }
    const p = probs[a]!;
    this.domain[row] = this.names[a]!;
    this.score[row] = Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0;
    this.top3[row] = [a, b, c].filter((d) => d >= 0).map((d) => this.names[d]!);
  }

  /** Record row `row` as the fallback domain with certainty (e.g. an empty text). */
  setFallback(row: number, fallbackIndex: number): void {
    const probs = new Float64Array(this.names.length);
    probs[fallbackIndex] = 1;
    this.set(row, probs);
  }

  columns(): ScoreColumn[] {
    return [
      { name: "domain", kind: "utf8", values: this.domain },
      { name: "domain_score", kind: "float64", values: this.score },
      { name: "domain_top3", kind: "utf8-list", values: this.top3 },
    ];
  }
}

/** Softmax of `scores / temperature` into `out` (max-subtracted, so never Infinity/NaN). */
export function softmaxInto(scores: ArrayLike<number>, temperature: number, out: Float64Array): Float64Array {
  let max = -Infinity;
  for (let d = 0; d < out.length; d++) if (scores[d]! > max) max = scores[d]!;
  let sum = 0;
  for (let d = 0; d < out.length; d++) {
    const e = Math.exp((scores[d]! - max) / temperature);
    out[d] = e;
    sum += e;
  }
  for (let d = 0; d < out.length; d++) out[d] = out[d]! / sum;
  return out;
}
