import { seededHash53 } from "../base/hashing.js";

/** One row of the map sample: what the map shows when the row is hovered. */
export interface SampleRow {
  id: string;
  instruction: string;
  response: string;
  domain: string;
  /** Score columns by name (the ones the map can colour by or shows on hover). */
  scores: Record<string, number>;
  /** Whether the row survived filtering; null when no filtered/rejected split was given. */
  kept: boolean | null;
  /** The filter that removed it (rejected split's filter_reason), when known. */
  filterReason: string | null;
  /** Embedding read from the data, when it has an `embedding` column. */
  embedding: Float32Array | null;
  /** Text to embed when the data has no embedding column (truncated; see MapSample). */
  embedText: string | null;
}

/** A sampled row with its hash (the sample's order: by hash, then id). */
export interface SampleEntry {
  hash: number;
  row: SampleRow;
}

type Entry = SampleEntry;

/**
 * A deterministic sample of at most `capacity` rows, drawn while streaming: the rows whose
 * hash(id, seed) is smallest (ties broken by id). The same rows are chosen whatever the
 * order of the input or its batching, memory is bounded by the capacity, and the sample is
 * uniform over ids. A max-heap holds the current best; a row is only materialised (snippets
 * copied, embedding read) when its hash beats the heap's worst.
 *
 * Samples of the pieces of a dataset merge into the sample of the whole: the smallest
 * `capacity` of the union are the smallest of the pieces' own smallest `capacity`, so
 * offering each piece's entries (`entries`) to one sample gives the same rows.
 */
export class MapSample {
  private readonly heap: Entry[] = [];

  constructor(
    readonly capacity: number,
    readonly seed: number,
  ) {}

  /** The hash of an id (compute once, pass to `wants` and `offer`). */
  hashOf(id: string): number {
    return seededHash53(id, this.seed);
  }

  /** Whether a row with this hash and id would enter the sample. */
  wants(hash: number, id: string): boolean {
    if (this.capacity <= 0) return false;
    if (this.heap.length < this.capacity) return true;
    return before(hash, id, this.heap[0]!);
  }

  /** Add a row that `wants` accepted. */
  offer(hash: number, row: SampleRow): void {
    const h = this.heap;
    const entry = { hash, row };
    if (h.length < this.capacity) {
      h.push(entry);
      this.siftUp(h.length - 1);
    } else {
      h[0] = entry;
      this.siftDown(0);
    }
  }

  get size(): number {
    return this.heap.length;
  }

  /** Look a sampled row up by id (linear index built on demand; the sample is small). */
  byId(): Map<string, SampleRow> {
    return new Map(this.heap.map((e) => [e.row.id, e.row]));
  }

  /** The sample in a canonical order (by hash, then id): independent of the input order. */
  rows(): SampleRow[] {
    return this.entries().map((e) => e.row);
  }

  /** The sampled rows with their hashes, in the canonical order of `rows`. */
  entries(): SampleEntry[] {
    return [...this.heap].sort((a, b) => (before(a.hash, a.row.id, b) ? -1 : 1));
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!after(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && after(h[l]!, h[m]!)) m = l;
      if (r < h.length && after(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

function before(hash: number, id: string, e: Entry): boolean {
  return hash < e.hash || (hash === e.hash && id < e.row.id);
}

/** Max-heap order: a ranks after b. */
function after(a: Entry, b: Entry): boolean {
  return before(b.hash, b.row.id, a);
}
