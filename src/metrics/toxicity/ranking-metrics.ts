/**
 * Figures for judging a toxicity score against 0/1 labels: ROC AUC (ties count half),
 * precision/recall at a threshold, and a reliability table (mean predicted vs observed
 * positive rate per probability bin). Used by the training script, the bench and the tests.
 */

/** Area under the ROC curve: the chance a random positive scores above a random negative. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!] === 1) {
        pos++;
        rankSum += midRank;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return 0.5;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export interface ThresholdFigures {
  threshold: number;
  precision: number;
  recall: number;
  /** Share of texts at or above the threshold. */
  flagged: number;
}

export function atThreshold(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): ThresholdFigures {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const hit = scores[i]! >= threshold;
    if (hit && labels[i] === 1) tp++;
    else if (hit) fp++;
    else if (labels[i] === 1) fn++;
  }
  return {
    threshold,
    precision: tp + fp === 0 ? 0 : tp / (tp + fp),
    recall: tp + fn === 0 ? 0 : tp / (tp + fn),
    flagged: scores.length === 0 ? 0 : (tp + fp) / scores.length,
  };
}

export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/** Equal-width probability bins; empty bins are left out. */
export function reliabilityBins(scores: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < scores.length; i++) {
    const b = Math.min(bins - 1, Math.floor(scores[i]! * bins));
    count[b]!++;
    sumP[b]! += scores[i]!;
    sumY[b]! += labels[i]!;
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    out.push({ from: b / bins, to: (b + 1) / bins, count: count[b]!, meanPredicted: sumP[b]! / count[b]!, observedRate: sumY[b]! / count[b]! });
  }
  return out;
}
