import type { RecordBatch } from "apache-arrow";
import type { QualityConfig } from "./filter-config.js";
import { numericColumn } from "./numeric-column.js";

/** Flesch points outside the target range over which the readability term falls from 1 to 0. */
const READABILITY_FALLOFF = 50;

/**
 * The composite quality of each row, 0..1, higher is better: a weighted mean of
 *  - toxicity term: 1 − toxicity_score (clamped to 0..1);
 *  - readability term: 1 when readability_score lies in [readability_min, readability_max],
 *    falling linearly to 0 at 50 Flesch points outside the range;
 *  - length term: log(1 + response_chars) / log(1 + length_target_chars), capped at 1.
 * A term whose column the scored file lacks is left out and the weights renormalised; a
 * null value counts 0 for its term.
 */
export function qualityScores(batch: RecordBatch, q: QualityConfig): Float64Array {
  const n = batch.numRows;
  const out = new Float64Array(n);
  const has = (c: string) => batch.schema.fields.some((f) => f.name === c);
  const terms: Array<{ weight: number; value: (i: number) => number }> = [];
  if (q.toxicity_weight > 0 && has("toxicity_score")) {
    const t = numericColumn(batch, "toxicity_score");
    terms.push({ weight: q.toxicity_weight, value: (i) => (Number.isNaN(t[i]!) ? 0 : 1 - Math.min(1, Math.max(0, t[i]!))) });
  }
  if (q.readability_weight > 0 && has("readability_score")) {
    const r = numericColumn(batch, "readability_score");
    terms.push({
      weight: q.readability_weight,
      value: (i) => {
        const v = r[i]!;
        if (Number.isNaN(v)) return 0;
        const outside = v < q.readability_min ? q.readability_min - v : v > q.readability_max ? v - q.readability_max : 0;
        return Math.max(0, 1 - outside / READABILITY_FALLOFF);
      },
    });
  }
  if (q.length_weight > 0 && has("response_chars")) {
    const c = numericColumn(batch, "response_chars");
    const denom = Math.log1p(q.length_target_chars);
    terms.push({ weight: q.length_weight, value: (i) => (Number.isNaN(c[i]!) ? 0 : Math.min(1, Math.log1p(Math.max(0, c[i]!)) / denom)) });
  }
  const total = terms.reduce((a, t) => a + t.weight, 0);
  if (!total) return out;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const t of terms) s += t.weight * t.value(i);
    out[i] = s / total;
  }
  return out;
}

/** Quality 0..1 as a 16-bit rank (what pass 1 keeps per row). */
export function quantiseQuality(q: number): number {
  return Math.round(Math.min(1, Math.max(0, q)) * 65535);
}
