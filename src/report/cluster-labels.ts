import { seededRandom } from "../base/seeded-random.js";

/** A region of the map and the terms that set it apart. */
export interface ClusterLabel {
  x: number;
  y: number;
  size: number;
  terms: string[];
}

// Words that say nothing about a topic (English function words and instruction boilerplate).
const STOPWORDS = new Set(
  ("a about above after again against all also am an and any are aren as at be because been before being below between both but by can " +
    "cannot could did do does doing don down during each few for from further get give given had has have having he her here hers " +
    "him his how however i if in into is it its itself just let like list make many may me more most much must my no nor not now of off " +
    "on once one only or other our ours out over own please provide same say she should so some such tell than that the their theirs them " +
    "then there these they this those through to too under until up use used using very was way we were what when where which while who " +
    "whom why will with within without would write you your yours yes based following include including two three first new well " +
    "example different know need want think sure help answer question text sentence describe explain user assistant").split(" "),
);

/** Lower-cased words of 3+ letters that are not stopwords or numbers. */
export function topicTerms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[\p{L}][\p{L}\p{N}'-]*[\p{L}\p{N}]/gu)) {
    const w = m[0];
    if (w.length >= 3 && !STOPWORDS.has(w)) out.push(w);
  }
  return out;
}

/**
 * Label regions of a 2-D map: k-means over the points (k-means++ seeding from a seeded PRNG,
 * 30 Lloyd rounds), then TF-IDF with each cluster as one document: a term scores
 * (its share of the cluster's terms) × log(1 + clusters / clusters containing it), so words
 * frequent everywhere fall away and each region is named by what is particular to it.
 * Terms must occur in at least 3 rows of the cluster (or 2% of it) to count.
 */
export function clusterLabels(points: Float64Array, texts: readonly string[], opts: { seed?: number; k?: number; terms?: number } = {}): ClusterLabel[] {
  const n = texts.length;
  if (n < 10) return [];
  const k = Math.min(opts.k ?? Math.max(3, Math.min(14, Math.round(Math.sqrt(n / 40)))), n);
  const random = seededRandom((opts.seed ?? 42) ^ 0x51ed);
  const cx = new Float64Array(k);
  const cy = new Float64Array(k);
  // k-means++ seeding.
  const first = Math.floor(random() * n);
  cx[0] = points[first * 2]!;
  cy[0] = points[first * 2 + 1]!;
  const d2 = new Float64Array(n).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const dx = points[i * 2]! - cx[c - 1]!;
      const dy = points[i * 2 + 1]! - cy[c - 1]!;
      d2[i] = Math.min(d2[i]!, dx * dx + dy * dy);
      total += d2[i]!;
    }
    let r = random() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= d2[i]!;
      if (r <= 0) {
        pick = i;
        break;
      }
    }
    cx[c] = points[pick * 2]!;
    cy[c] = points[pick * 2 + 1]!;
  }
  const assign = new Int32Array(n);
  for (let round = 0; round < 30; round++) {
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const dx = points[i * 2]! - cx[c]!;
        const dy = points[i * 2 + 1]! - cy[c]!;
        const d = dx * dx + dy * dy;
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      assign[i] = best;
    }
    const sx = new Float64Array(k);
    const sy = new Float64Array(k);
    const cnt = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      sx[assign[i]!]! += points[i * 2]!;
      sy[assign[i]!]! += points[i * 2 + 1]!;
      cnt[assign[i]!]!++;
    }
    for (let c = 0; c < k; c++) {
      if (cnt[c]) {
        cx[c] = sx[c]! / cnt[c]!;
        cy[c] = sy[c]! / cnt[c]!;
      }
    }
  }
  // Term counts per cluster: each row counts a term once (document frequency within the cluster).
  const termRows: Array<Map<string, number>> = Array.from({ length: k }, () => new Map());
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const c = assign[i]!;
    sizes[c]!++;
    for (const t of new Set(topicTerms(texts[i]!))) termRows[c]!.set(t, (termRows[c]!.get(t) ?? 0) + 1);
  }
  const clustersWith = new Map<string, number>();
  for (const m of termRows) for (const t of m.keys()) clustersWith.set(t, (clustersWith.get(t) ?? 0) + 1);
  const labels: ClusterLabel[] = [];
  for (let c = 0; c < k; c++) {
    if (sizes[c]! < 5) continue;
    const minRows = Math.max(3, Math.ceil(sizes[c]! * 0.02));
    const scored: Array<[string, number]> = [];
    for (const [t, rows] of termRows[c]!) {
      if (rows < minRows) continue;
      scored.push([t, (rows / sizes[c]!) * Math.log(1 + k / clustersWith.get(t)!)]);
    }
    scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const terms = scored.slice(0, opts.terms ?? 3).map((e) => e[0]);
    // Anchor the label on the member nearest the centroid: a cluster spanning two islands has
    // its centroid in empty space, where a label would name nothing.
    let anchor = -1;
    let anchorD = Infinity;
    for (let i = 0; i < n; i++) {
      if (assign[i] !== c) continue;
      const d = (points[i * 2]! - cx[c]!) ** 2 + (points[i * 2 + 1]! - cy[c]!) ** 2;
      if (d < anchorD) {
        anchorD = d;
        anchor = i;
      }
    }
    if (terms.length && anchor >= 0) labels.push({ x: points[anchor * 2]!, y: points[anchor * 2 + 1]!, size: sizes[c]!, terms });
  }
  return labels.sort((a, b) => b.size - a.size || a.x - b.x);
}

/**
 * Keep the labels that do not collide when drawn on a `width` × `height` map (y up) in a
 * font of `fontPx` pixels: larger clusters first, a label is dropped when its box (width
 * estimated at 0.62 em a character, which fits DejaVu Sans) overlaps one already kept or
 * leaves the map.
 */
export function nonOverlappingLabels(labels: readonly ClusterLabel[], width: number, height: number, fontPx: number): ClusterLabel[] {
  const kept: Array<{ x0: number; x1: number; y0: number; y1: number }> = [];
  const out: ClusterLabel[] = [];
  for (const l of labels) {
    const w = l.terms.join(" · ").length * fontPx * 0.62 + 6;
    const h = fontPx * 1.5;
    const x = l.x * width;
    const y = (1 - l.y) * height;
    const box = { x0: x - w / 2, x1: x + w / 2, y0: y - h / 2, y1: y + h / 2 };
    if (box.x0 < 0 || box.x1 > width || box.y0 < 0 || box.y1 > height) continue;
    if (kept.some((k) => box.x0 < k.x1 && k.x0 < box.x1 && box.y0 < k.y1 && k.y0 < box.y1)) continue;
    kept.push(box);
    out.push(l);
  }
  return out;
}
