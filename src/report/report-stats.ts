import type { ReportData, SplitCounts } from "./report-collector.js";
import type { LabelCount } from "./label-counts.js";
import type { SignalCount } from "./signal-counts.js";
import type { ValueStats, ValueSummary } from "./value-summary.js";

/** A histogram of one column: counts[i] holds values in [edges[i], edges[i+1]) (last bin closed). */
export interface Histogram {
  scale: "linear" | "log";
  edges: number[];
  counts: number[];
  /** Values below edges[0] / above the last edge, counted in the first / last bin. */
  clipped_low: number;
  clipped_high: number;
}

/** One filter step as the report shows it. */
export interface FilterOutcome {
  name: string;
  removed: number;
  /** The thresholds it applied (from the filter config), as text. */
  rule: string | null;
  skipped: string | null;
}

/** stats.json. Every number follows from the input, the config and the seed. */
export interface ReportStats {
  /** The dataset card's statistics. */
  dataset: {
    total_rows: number;
    filtered_rows: number | null;
    removed_rows: number | null;
    domains_covered: number;
    avg_instruction_chars: number;
    avg_response_chars: number;
    multi_turn_conversations: number;
  };
  /** The same figures for the filtered split. */
  filtered_split: { rows: number; avg_instruction_chars: number; avg_response_chars: number; multi_turn_conversations: number; domains_covered: number } | null;
  /** Rows per domain before (complete split) and after filtering. */
  domains: { column: string; before: Record<string, number>; after: Record<string, number> | null };
  /** count/mean/min/max/p5…p95 of every numeric column of the complete split. */
  scores: Record<string, ValueStats>;
  /** Histograms behind the plots. */
  histograms: Record<string, Histogram>;
  /** What filtering removed: per filter, the thresholds used, and the domain balance. */
  filters: {
    source: "filter_stats.json" | "rejected split";
    rows_in: number | null;
    rows_kept: number | null;
    steps: FilterOutcome[];
    balance: { by: string; order: string; before: Record<string, number>; quota: Record<string, number>; after: Record<string, number> } | null;
    /** The filter stage's warnings (a step removing more than 25% of the rows, a balance that could not be met as set); absent when none. */
    warnings?: string[];
  } | null;
  /** Rows whose text had invalid UTF-8 or lone surrogates, read as U+FFFD (from the score summary); absent when none. */
  rows_with_replaced_text?: number;
  /**
   * Per signal column (a scorer's column declared `signal: true`: PII, secrets …) the rows of
   * the complete split it flags and the ids of the first three; absent when the data has none.
   */
  signals?: SignalCount[];
  /** Per label column (a scorer's column declared `label: true`: the language) the rows of the complete split per value; absent when the data has none. */
  labels?: LabelCount[];
  map_sample: { rows: number; max_rows: number; seed: number; method: string; embedder: string };
}

/** Round to `digits` decimals; -0 becomes 0. */
export function round(x: number, digits = 4): number {
  if (!Number.isFinite(x)) return 0;
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r;
}

function roundStats(s: ValueStats): ValueStats {
  return {
    count: s.count,
    mean: round(s.mean),
    min: round(s.min),
    max: round(s.max),
    p5: round(s.p5),
    p25: round(s.p25),
    p50: round(s.p50),
    p75: round(s.p75),
    p95: round(s.p95),
    exact: s.exact,
  };
}

function splitFigures(c: SplitCounts) {
  return {
    rows: c.rows,
    avg_instruction_chars: round(c.avgInstructionChars, 1),
    avg_response_chars: round(c.avgResponseChars, 1),
    multi_turn_conversations: c.multiTurn,
    domains_covered: Object.keys(c.domains).filter((d) => d !== "(none)").length,
  };
}

/** stats.json from the collected aggregates and, when given, the filter stage's filter_stats.json. */
export function reportStats(data: ReportData, filterStats?: unknown, rowsWithReplacedText?: number): ReportStats {
  const complete = splitFigures(data.complete);
  const filtered = data.filtered ? splitFigures(data.filtered) : null;
  const fs = parseFilterStats(filterStats);
  const rejectedRows = data.rejectedByReason ? Object.values(data.rejectedByReason).reduce((a, b) => a + b, 0) : null;
  const filteredRows = filtered?.rows ?? fs?.rows_kept ?? (rejectedRows === null ? null : complete.rows - rejectedRows);
  const histograms: Record<string, Histogram> = {};
  for (const [name, spec] of Object.entries(HISTOGRAMS)) {
    const s = data.scores[name];
    if (s && s.count) histograms[name] = histogram(s, spec);
  }
  let filters: ReportStats["filters"] = null;
  if (fs) filters = { source: "filter_stats.json", ...fs };
  else if (data.rejectedByReason) {
    filters = {
      source: "rejected split",
      rows_in: data.complete.rows,
      rows_kept: filteredRows,
      steps: Object.entries(data.rejectedByReason).map(([name, removed]) => ({ name, removed, rule: null, skipped: null })),
      balance: null,
    };
  }
  return {
    dataset: {
      total_rows: complete.rows,
      filtered_rows: filteredRows,
      removed_rows: filteredRows === null ? null : complete.rows - filteredRows,
      domains_covered: complete.domains_covered,
      avg_instruction_chars: complete.avg_instruction_chars,
      avg_response_chars: complete.avg_response_chars,
      multi_turn_conversations: complete.multi_turn_conversations,
    },
    filtered_split: filtered
      ? { rows: filtered.rows, avg_instruction_chars: filtered.avg_instruction_chars, avg_response_chars: filtered.avg_response_chars, multi_turn_conversations: filtered.multi_turn_conversations, domains_covered: filtered.domains_covered }
      : null,
    domains: { column: data.domainField, before: data.complete.domains, after: data.filtered?.domains ?? fs?.balance?.after ?? null },
    scores: Object.fromEntries(Object.entries(data.scores).map(([k, v]) => [k, roundStats(v.stats())])),
    histograms,
    filters,
    ...(rowsWithReplacedText ? { rows_with_replaced_text: rowsWithReplacedText } : {}),
    ...(data.signals.length ? { signals: data.signals } : {}),
    ...(data.labels.length ? { labels: data.labels } : {}),
    map_sample: {
      rows: data.sample.length,
      max_rows: data.sampleSize,
      seed: data.seed,
      method: "rows with the smallest hash(id, seed), drawn while streaming",
      embedder: data.embedder || "embedding column of the data",
    },
  };
}

interface HistogramSpec {
  scale: "linear" | "log";
  bins: number;
  /** Fixed range; otherwise the 1st..99th percentile (outliers fall in the end bins). */
  range?: [number, number];
}

/** The columns plotted as histograms and how. */
export const HISTOGRAMS: Record<string, HistogramSpec> = {
  instruction_chars: { scale: "log", bins: 10 },
  response_chars: { scale: "log", bins: 10 },
  toxicity_score: { scale: "linear", bins: 20, range: [0, 1] },
  readability_score: { scale: "linear", bins: 30 },
  complexity_score: { scale: "linear", bins: 30 },
};

/** Bin a column. Log scale: 10 bins per decade from 1 (values below 1 count in the first bin). */
export function histogram(s: ValueSummary, spec: HistogramSpec): Histogram {
  const weighted = s.weightedValues();
  let edges: number[];
  if (spec.scale === "log") {
    const st = s.stats();
    const lo = Math.floor(Math.log10(Math.max(1, st.min)));
    const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(1, st.max) * 1.000001)));
    edges = [];
    for (let k = lo * spec.bins; k <= hi * spec.bins; k++) edges.push(round(10 ** (k / spec.bins), 4));
  } else {
    let [lo, hi] = spec.range ?? [s.quantile(0.01), s.quantile(0.99)];
    if (!(hi > lo)) [lo, hi] = [lo - 0.5, lo + 0.5];
    const step = niceStep((hi - lo) / spec.bins);
    lo = Math.floor(lo / step) * step;
    hi = Math.ceil(hi / step) * step;
    if (hi <= lo) hi = lo + step;
    const bins = Math.max(1, Math.round((hi - lo) / step));
    edges = Array.from({ length: bins + 1 }, (_, i) => round(lo + i * step, 6));
  }
  const counts = new Array<number>(edges.length - 1).fill(0);
  let low = 0;
  let high = 0;
  const last = counts.length - 1;
  for (const [v, c] of weighted) {
    let b: number;
    if (v < edges[0]!) {
      b = 0;
      if (!(spec.scale === "log" && v >= 0)) low += c;
    } else if (v > edges[edges.length - 1]!) {
      b = last;
      high += c;
    } else {
      b = upperBound(edges, v) - 1;
      if (b > last) b = last;
    }
    counts[b]! += c;
  }
  return { scale: spec.scale, edges, counts, clipped_low: low, clipped_high: high };
}

/** Index of the first edge > v. */
function upperBound(edges: number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** 1, 2, 2.5 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/** The parts of the filter stage's filter_stats.json the report shows (read leniently). */
function parseFilterStats(raw: unknown): Omit<NonNullable<ReportStats["filters"]>, "source"> | null {
  if (!isRecord(raw)) return null;
  const config = isRecord(raw.config) ? raw.config : {};
  const rules = Array.isArray(config.filters) ? config.filters : [];
  const steps: FilterOutcome[] = (Array.isArray(raw.filters) ? raw.filters : []).filter(isRecord).map((f) => {
    const name = String(f.name ?? "filter");
    const rule = rules.filter(isRecord).find((r) => r.kind === name || name.startsWith(`${String(r.kind)}.`));
    const balanceRule = name === "balance" && isRecord(config.balance) ? config.balance : null;
    return {
      name,
      removed: Number(f.removed ?? 0) || 0,
      rule: rule ? describeRule(rule) : balanceRule ? describeRule(balanceRule) : null,
      skipped: typeof f.skipped === "string" ? f.skipped : null,
    };
  });
  const b = isRecord(raw.balance) ? raw.balance : null;
  const warnings = Array.isArray(raw.warnings) ? raw.warnings.filter((w): w is string => typeof w === "string") : [];
  const counts = (x: unknown): Record<string, number> =>
    isRecord(x) ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, Number(v) || 0])) : {};
  return {
    rows_in: typeof raw.rows_in === "number" ? raw.rows_in : null,
    rows_kept: typeof raw.rows_kept === "number" ? raw.rows_kept : null,
    steps,
    balance: b
      ? { by: String(b.by ?? "domain"), order: String(b.order ?? ""), before: counts(b.before), quota: counts(b.quota), after: counts(b.after) }
      : null,
    ...(warnings.length ? { warnings } : {}),
  };
}

/** A filter config entry as one line: `max 0.3`, `response: min_chars 20, max_chars 20000`. */
function describeRule(rule: Record<string, unknown>): string {
  const parts: string[] = [];
  const walk = (prefix: string, v: unknown): void => {
    if (isRecord(v)) for (const [k, x] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, x);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(`${prefix}[${i}]`, x));
    else if (v !== null && v !== undefined) parts.push(`${prefix} ${typeof v === "string" ? v : JSON.stringify(v)}`);
  };
  for (const [k, v] of Object.entries(rule)) if (k !== "kind") walk(k, v);
  return parts.join(", ") || "on";
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
