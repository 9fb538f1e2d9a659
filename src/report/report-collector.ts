import { DataType, type RecordBatch, type Schema, type Vector } from "apache-arrow";
import { HashEmbedder } from "../embed/hash-embedder.js";
import { embeddingText, type Embedder } from "../embed/embedder.js";
import { charCount } from "../metrics/lengths.js";
import type { TextView } from "../core/text-view.js";
import { MapSample, type SampleEntry, type SampleRow } from "./map-sample.js";
import { LabelCounter, type LabelCount, type LabelCounterState } from "./label-counts.js";
import { SignalCounter, type SignalCount } from "./signal-counts.js";
import { ValueSummary, type ValueStats, type ValueSummaryState } from "./value-summary.js";
import { detachedCopy } from "../base/detached-string.js";

/** Options of the report's statistics. */
export interface ReportCollectorOptions {
  /** Seed of the map sample (default 42). */
  seed?: number;
  /** Rows in the map sample (default 10,000). */
  sampleSize?: number;
  /** Column holding the domain label (default `domain`). */
  domainField?: string;
  /** Column holding a per-row vector (default `embedding`); used for the map when present. */
  embeddingField?: string;
  /** Characters of instruction and response kept per sampled row for hover text (default 280). */
  snippetChars?: number;
  /** Values per numeric column whose quantiles are exact (default 65,536; see ValueSummary). */
  exactLimit?: number;
}

/** Counts of one split (complete or filtered). */
export interface SplitCounts {
  rows: number;
  avgInstructionChars: number;
  avgResponseChars: number;
  multiTurn: number;
  domains: Record<string, number>;
}

/** Everything the report files are made from. */
export interface ReportData {
  complete: SplitCounts;
  /** Null when no filtered split was seen. */
  filtered: SplitCounts | null;
  /** Rows per filter_reason in the rejected split (null when none was seen). */
  rejectedByReason: Record<string, number> | null;
  /** Summaries of every numeric column of the complete split, by name (sorted). */
  scores: Record<string, ValueSummary>;
  /** The map sample in canonical order, each with an embedding. */
  sample: SampleRow[];
  /** Schema of the complete split (for the card's field table). */
  schema: Schema | null;
  domainField: string;
  seed: number;
  sampleSize: number;
  /** Name of the embedder used for sampled rows without an embedding column ("" when the data had one). */
  embedder: string;
  /** Rows each signal column of the registry flags in the complete split (those present). */
  signals: SignalCount[];
  /** Rows per value of each label column of the registry in the complete split (those present). */
  labels: LabelCount[];
}

/** Score columns the map keeps per sampled row (those present). */
export const MAP_SCORE_COLUMNS = ["toxicity_score", "readability_score", "complexity_score", "domain_score", "instruction_chars", "response_chars"] as const;

/** Sampled rows without an embedding column are embedded from at most this many characters. */
const EMBED_TEXT_CHARS = 2000;
const NO_DOMAIN = "(none)";

/** A SplitCounter as plain data. */
export interface SplitCounterState {
  rows: number;
  /** Sums of the rows' character counts (integers: exact below 2^53, in any order). */
  instructionChars: number;
  responseChars: number;
  multiTurn: number;
  domains: Array<[domain: string, rows: number]>;
}

/** A split's row counts, built row by row. */
class SplitCounter {
  rows = 0;
  private instructionChars = 0;
  private responseChars = 0;
  multiTurn = 0;
  readonly domains = new Map<string, number>();

  state(): SplitCounterState {
    return {
      rows: this.rows,
      instructionChars: this.instructionChars,
      responseChars: this.responseChars,
      multiTurn: this.multiTurn,
      domains: [...this.domains],
    };
  }

  /** Add the counts of another counter (its `state`). */
  merge(state: SplitCounterState): void {
    this.rows += state.rows;
    this.instructionChars += state.instructionChars;
    this.responseChars += state.responseChars;
    this.multiTurn += state.multiTurn;
    for (const [d, n] of state.domains) this.domains.set(d, (this.domains.get(d) ?? 0) + n);
  }

  /** Count the batch's rows, or only `rows` (indices into the batch) when given. */
  add(batch: RecordBatch, view: TextView, domainField: string, rows?: readonly number[]): void {
    const n = rows ? rows.length : batch.numRows;
    const ic = numericColumn(batch, "instruction_chars");
    const rc = numericColumn(batch, "response_chars");
    const domain = batch.getChild(domainField);
    for (let k = 0; k < n; k++) {
      const i = rows ? rows[k]! : k;
      this.instructionChars += ic ? ic(i) : charCount(view.instruction[i] ?? "");
      this.responseChars += rc ? rc(i) : charCount(view.response[i] ?? "");
      if (isMultiTurn(view, i)) this.multiTurn++;
      if (domain) {
        const d = domain.get(i);
        const key = d === null || d === undefined || d === "" ? NO_DOMAIN : String(d);
        this.domains.set(key, (this.domains.get(key) ?? 0) + 1);
      }
    }
    this.rows += n;
  }

  counts(): SplitCounts {
    return {
      rows: this.rows,
      avgInstructionChars: this.rows ? this.instructionChars / this.rows : 0,
      avgResponseChars: this.rows ? this.responseChars / this.rows : 0,
      multiTurn: this.multiTurn,
      domains: sortedCounts(this.domains),
    };
  }
}

/**
 * The complete split's aggregates as plain data (JSON), all but the exact values of the
 * numeric columns and the map sample, which travel apart (see ReportCollector.completeState).
 */
export interface CompleteSplitState {
  complete: SplitCounterState;
  /** Per numeric column, by name, in the order first seen. */
  summaries: Array<[column: string, state: ValueSummaryState]>;
  labels: LabelCounterState;
  signals: SignalCount[];
}

/** What the filter did to the rows seen by addKept/addRemoved, as plain data (JSON). */
export interface FilterOutcomeState {
  /** Counts of the kept rows; null when none was kept. */
  filtered: SplitCounterState | null;
  /** Removed rows per filter_reason; null when none was removed. */
  rejectedByReason: Array<[reason: string, rows: number]> | null;
  /** Sampled ids seen kept, and seen removed with their reason (the last one seen). */
  keptIds: string[];
  removedIds: Array<[id: string, reason: string]>;
}

/**
 * A multi-turn conversation: more than one exchange, i.e. more than two user/assistant
 * messages (a system prompt does not make a conversation multi-turn).
 */
export function isMultiTurn(view: TextView, row: number): boolean {
  if (!view.multiTurn[row]) return false;
  let messages = 0;
  for (let t = view.turnOffsets[row]!; t < view.turnOffsets[row + 1]!; t++) {
    const role = view.turnRole[t];
    if (role === "user" || role === "assistant") messages++;
  }
  return messages > 2;
}

/**
 * Streams the report's aggregates in bounded memory: counts and length averages of the
 * complete and filtered splits, a ValueSummary per numeric column, per-domain counts, per
 * filter counts, and the deterministic map sample. Feed it the complete split with `add`
 * (during scoring: `scoreDataset`'s onBatch), then optionally the filtered split
 * (`addFiltered`) and the rejected split (`addRejected`), in any order after `add`; then
 * `finish()`. Memory: ~0.5 MiB per numeric column plus the sample (≤ 10,000 rows of
 * snippets and one vector each).
 *
 * Collectors of the pieces of a dataset merge into the collector of the whole, to the bit:
 * what one collector gathered from the complete split (`completeState`, `exactValues`,
 * `sampleEntries`) and from the filter (`filterState`) is merged into another
 * (`mergeComplete` and `offerSampled`, then `mergeFilter`), piece by piece in input order.
 * Every figure is order-free (exact sums, multisets, a sample by hash) or keeps the first of
 * the input (a label's first row, a signal's first examples), which input order keeps.
 */
export class ReportCollector {
  readonly seed: number;
  readonly domainField: string;
  readonly embeddingField: string;
  private readonly snippetChars: number;
  private readonly exactLimit: number | undefined;
  private readonly sample: MapSample;
  private readonly complete = new SplitCounter();
  private filtered: SplitCounter | null = null;
  private rejectedByReason: Map<string, number> | null = null;
  private readonly summaries = new Map<string, ValueSummary>();
  private schema: Schema | null = null;
  /** Ids of sampled rows seen in the filtered split / the rejected split (with reason). */
  private readonly keptIds = new Set<string>();
  private readonly removedIds = new Map<string, string>();
  private sampleIndex: Map<string, SampleRow> | null = null;
  private readonly signals = new SignalCounter();
  /** The embedder of sampled rows without a vector ("" until one was needed). */
  private embedderName = "";
  private readonly labels = new LabelCounter();

  constructor(opts: ReportCollectorOptions = {}) {
    this.seed = opts.seed ?? 42;
    this.domainField = opts.domainField ?? "domain";
    this.embeddingField = opts.embeddingField ?? "embedding";
    this.snippetChars = opts.snippetChars ?? 280;
    this.exactLimit = opts.exactLimit;
    this.sample = new MapSample(opts.sampleSize ?? 10_000, this.seed);
  }

  /**
   * The schema the card describes when the split file declares none (JSON Lines): `run` gives
   * the schema the written file reads back with, so that the card does not depend on whether
   * the rows came from the scorers or from the file.
   */
  useSchema(schema: Schema): void {
    this.schema = schema;
  }

  /** Add a batch of the complete (scored) split. */
  add(batch: RecordBatch, view: TextView): void {
    if (!this.schema) this.schema = batch.schema;
    this.complete.add(batch, view, this.domainField);
    this.signals.add(batch, view);
    this.labels.add(batch, view);
    const n = batch.numRows;
    for (const field of batch.schema.fields) {
      if (!isNumericType(field.type) || field.name === "id") continue;
      const get = numericColumn(batch, field.name)!;
      let s = this.summaries.get(field.name);
      if (!s) this.summaries.set(field.name, (s = new ValueSummary(this.exactLimit)));
      for (let i = 0; i < n; i++) s.add(get(i));
    }
    const domain = batch.getChild(this.domainField);
    const embedding = batch.getChild(this.embeddingField);
    const vectorColumn = embedding && DataType.isFixedSizeList(embedding.type) ? embedding : null;
    const scoreGetters = MAP_SCORE_COLUMNS.map((c) => [c, numericColumn(batch, c)] as const).filter((e) => e[1] !== undefined);
    for (let i = 0; i < n; i++) {
      const id = view.id[i]!;
      const hash = this.sample.hashOf(id);
      if (!this.sample.wants(hash, id)) continue;
      const scores: Record<string, number> = {};
      for (const [name, get] of scoreGetters) {
        const v = get!(i);
        if (Number.isFinite(v)) scores[name] = v;
      }
      const d = domain?.get(i);
      const vec = vectorColumn ? vectorAt(vectorColumn, i) : null;
      // Sampled rows live to the end of the run: their strings are copied, so that they do
      // not keep the whole input line they were read from alive (see detachedCopy).
      this.sample.offer(hash, {
        id: detachedCopy(id),
        instruction: detachedCopy(snippet(view.instruction[i] ?? "", this.snippetChars)),
        response: detachedCopy(snippet(view.response[i] ?? "", this.snippetChars)),
        domain: d === null || d === undefined || d === "" ? NO_DOMAIN : String(d),
        scores,
        kept: null,
        filterReason: null,
        embedding: vec,
        embedText: vec ? null : detachedCopy(embeddingText(view.instruction[i] ?? "", view.response[i] ?? "").slice(0, EMBED_TEXT_CHARS)),
      });
    }
    this.sampleIndex = null;
  }

  /** Add a batch of the filtered split (rows kept). */
  addFiltered(batch: RecordBatch, view: TextView): void {
    this.addKept(batch, view);
  }

  /**
   * Add rows kept by the filter: the whole batch, or only `rows` of it (a batch of the
   * complete split as the filter writes it, so the report needs no second read).
   */
  addKept(batch: RecordBatch, view: TextView, rows?: readonly number[]): void {
    (this.filtered ??= new SplitCounter()).add(batch, view, this.domainField, rows);
    const index = this.index();
    const n = rows ? rows.length : view.length;
    for (let k = 0; k < n; k++) {
      const id = view.id[rows ? rows[k]! : k]!;
      if (index.has(id)) this.keptIds.add(id);
    }
  }

  /** Add a batch of the rejected split (rows removed, with `filter_reason`). */
  addRejected(batch: RecordBatch, view: TextView): void {
    const column = batch.getChild("filter_reason");
    const reasons = Array.from({ length: batch.numRows }, (_, i) => String(column?.get(i) ?? "unknown"));
    this.addRemoved(view, Array.from({ length: batch.numRows }, (_, i) => i), reasons);
  }

  /** Add rows removed by the filter: view rows `rows`, with the reason of each. */
  addRemoved(view: TextView, rows: readonly number[], reasons: readonly string[]): void {
    const counts = (this.rejectedByReason ??= new Map());
    const index = this.index();
    for (let k = 0; k < rows.length; k++) {
      const r = reasons[k]!;
      counts.set(r, (counts.get(r) ?? 0) + 1);
      const id = view.id[rows[k]!]!;
      if (index.has(id)) this.removedIds.set(id, r);
    }
  }

  /**
   * The complete split's aggregates as plain data: the row counts, each numeric column's
   * summary (its histogram included, its exact values apart: `exactValues`), the label and
   * signal counts. With `exactValues` and `sampleEntries`, all that `add` gathered.
   */
  completeState(): CompleteSplitState {
    return {
      complete: this.complete.state(),
      summaries: [...this.summaries].map(([name, s]) => [name, s.state()]),
      labels: this.labels.state(),
      signals: this.signals.state(),
    };
  }

  /** The exact values of the numeric columns still within their exact limit, by name. */
  exactValues(): Map<string, Float64Array> {
    const out = new Map<string, Float64Array>();
    for (const [name, s] of this.summaries) {
      const v = s.exactValuesOf();
      if (v) out.set(name, v);
    }
    return out;
  }

  /** The map sample with each row's hash, in canonical order (by hash, then id). */
  sampleEntries(): SampleEntry[] {
    return this.sample.entries();
  }

  /** The columns of `state` whose exact values `mergeComplete` needs (see ValueSummary.needsValues). */
  valuesNeededBy(state: CompleteSplitState): string[] {
    return state.summaries.filter(([name, st]) => (this.summaries.get(name) ?? new ValueSummary(this.exactLimit)).needsValues(st)).map(([name]) => name);
  }

  /**
   * Add the complete-split aggregates of a collector that saw the rows after this one's (its
   * `completeState`, with the exact values of the columns `valuesNeededBy` names). The
   * sample is merged apart: `offerSampled`.
   */
  mergeComplete(state: CompleteSplitState, values: ReadonlyMap<string, Float64Array>): void {
    this.complete.merge(state.complete);
    for (const [name, st] of state.summaries) {
      let s = this.summaries.get(name);
      if (!s) this.summaries.set(name, (s = new ValueSummary(this.exactLimit)));
      s.merge(st, values.get(name));
    }
    this.labels.merge(state.labels);
    this.signals.merge(state.signals);
  }

  /** Whether a row of this hash and id would enter the map sample (entries in canonical order: stop at the first refused). */
  sampleWants(hash: number, id: string): boolean {
    return this.sample.wants(hash, id);
  }

  /** Add a sampled row of another collector (one `sampleWants` accepted). */
  offerSampled(entry: SampleEntry): void {
    this.sample.offer(entry.hash, entry.row);
    this.sampleIndex = null;
  }

  /** What addKept/addRemoved saw, as plain data (the sampled ids among them, by the sample at the time). */
  filterState(): FilterOutcomeState {
    return {
      filtered: this.filtered?.state() ?? null,
      rejectedByReason: this.rejectedByReason ? [...this.rejectedByReason] : null,
      keptIds: [...this.keptIds],
      removedIds: [...this.removedIds],
    };
  }

  /**
   * Add what the filter did to rows after this collector's (a `filterState`): counts add up,
   * and a sampled id removed again takes the later reason, as addRemoved would give it.
   */
  mergeFilter(state: FilterOutcomeState): void {
    if (state.filtered) (this.filtered ??= new SplitCounter()).merge(state.filtered);
    if (state.rejectedByReason) {
      const counts = (this.rejectedByReason ??= new Map());
      for (const [r, n] of state.rejectedByReason) counts.set(r, (counts.get(r) ?? 0) + n);
    }
    for (const id of state.keptIds) this.keptIds.add(id);
    for (const [id, r] of state.removedIds) this.removedIds.set(id, r);
  }

  /** Sampled ids: only these are remembered from the filtered/rejected splits (memory stays bounded). */
  private index(): Map<string, SampleRow> {
    return (this.sampleIndex ??= this.sample.byId());
  }

  /**
   * Embed the sampled rows that have no vector (by `embedder`, default HashEmbedder) and
   * return the map's input: the sample's vectors in canonical order, row-major. The sample is
   * final once the complete split has been added, so `run` projects the map from these while
   * the filter writes the splits. Embeds once; later calls return the same vectors.
   */
  async mapVectors(embedder?: Embedder): Promise<SampleVectors> {
    return sampleVectors(await this.embedSample(embedder));
  }

  /** The sample in canonical order, every row with its vector (embedded here once when the data had none). */
  private async embedSample(embedder?: Embedder): Promise<SampleRow[]> {
    const rows = this.sample.rows();
    const missing = rows.filter((r) => !r.embedding);
    if (missing.length) {
      const e = embedder ?? new HashEmbedder();
      this.embedderName = e.name;
      for (let start = 0; start < missing.length; start += 256) {
        const chunk = missing.slice(start, start + 256);
        const m = await e.embed(chunk.map((r) => r.embedText ?? ""));
        chunk.forEach((r, k) => (r.embedding = m.values.slice(k * m.dim, (k + 1) * m.dim)));
      }
    }
    for (const r of rows) r.embedText = null;
    return rows;
  }

  /** The aggregates, with every sampled row embedded (see mapVectors). */
  async finish(embedder?: Embedder): Promise<ReportData> {
    const rows = await this.embedSample(embedder);
    const sawFilter = this.filtered !== null || this.rejectedByReason !== null;
    for (const r of rows) {
      if (this.filtered) r.kept = this.keptIds.has(r.id);
      else if (this.rejectedByReason) r.kept = !this.removedIds.has(r.id);
      r.filterReason = this.removedIds.get(r.id) ?? (sawFilter && r.kept === false ? "removed" : null);
    }
    const embedderName = this.embedderName;
    return {
      complete: this.complete.counts(),
      filtered: this.filtered?.counts() ?? null,
      rejectedByReason: this.rejectedByReason ? sortedCounts(this.rejectedByReason) : null,
      scores: Object.fromEntries([...this.summaries].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
      sample: rows,
      schema: this.schema,
      domainField: this.domainField,
      seed: this.seed,
      sampleSize: this.sample.capacity,
      embedder: embedderName,
      signals: this.signals.counts(),
      labels: this.labels.counts(),
    };
  }
}

/** The map's input: n vectors of dim values, row-major. */
export interface SampleVectors {
  values: Float32Array;
  n: number;
  dim: number;
}

/** The vectors of embedded sample rows, row-major, in the rows' order. */
export function sampleVectors(rows: ReadonlyArray<{ embedding: Float32Array | null }>): SampleVectors {
  const dim = rows[0]?.embedding?.length ?? 0;
  const values = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => values.set(r.embedding!.subarray(0, dim), i * dim));
  return { values, n: rows.length, dim };
}

/** Counts sorted by count (descending), then name: a stable order for JSON and charts. */
export function sortedCounts(m: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

function isNumericType(t: DataType): boolean {
  return DataType.isInt(t) || DataType.isFloat(t) || DataType.isDecimal(t);
}

/** A getter for a numeric column as JS numbers (NaN for nulls), or undefined when absent/not numeric. */
export function numericColumn(batch: RecordBatch, name: string): ((i: number) => number) | undefined {
  const v = batch.getChild(name);
  if (!v || !isNumericType(v.type)) return undefined;
  if (v.nullCount === 0 && v.data.length === 1 && !DataType.isDecimal(v.type)) {
    const arr = v.data[0]!.values as ArrayLike<number | bigint>;
    const offset = v.data[0]!.offset;
    if (arr instanceof BigInt64Array || arr instanceof BigUint64Array) return (i) => Number(arr[offset + i]!);
    return (i) => arr[offset + i] as number;
  }
  return (i) => {
    const x = v.get(i) as unknown;
    return x === null || x === undefined ? NaN : Number(x);
  };
}

function vectorAt(column: Vector, i: number): Float32Array | null {
  const x = column.get(i) as { toArray(): ArrayLike<number> } | null;
  return x ? Float32Array.from(x.toArray()) : null;
}

/** The text cut at `max` characters (on a code point boundary), with an ellipsis when cut. */
function snippet(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const c = text.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return text.slice(0, end).trimEnd() + "…";
}
