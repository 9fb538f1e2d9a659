import { DataType, type Vector } from "apache-arrow";
import type { NearDedupConfig } from "./filter-config.js";
import { chooseBandShape } from "./lsh-bands.js";
import { LshIndex } from "./lsh-index.js";
import { SeededRandom } from "../base/seeded-random.js";
import type { BoundFilter, DuplicateLedger, FilterBatch, RowFilter } from "../core/row-filter.js";
import { keepOrMarkDuplicate } from "./dedup-decision.js";

/**
 * Near duplicates by embedding cosine, with random-hyperplane LSH (SimHash): each of
 * `num_perm` hyperplanes gives one sign bit; a pair at cosine c agrees on a bit with
 * probability 1 − arccos(c)/π, so the cosine threshold maps to a per-bit threshold and
 * bands are chosen as for MinHash. Reads the vector column (`embedding`), which the
 * scorer writes with --keep-embeddings.
 */
export class EmbeddingDedupFilter implements RowFilter {
  readonly name = "dedup.near";
  readonly columns: ReadonlyArray<string>;
  private readonly index: LshIndex;
  private planes: Float64Array | null = null;
  private dim = 0;
  private readonly bits: Uint32Array;

  constructor(
    private readonly config: NearDedupConfig,
    private readonly ledger: DuplicateLedger,
    private readonly keepBest: boolean,
    private readonly seed: number,
  ) {
    this.columns = [config.column];
    const bitAgreement = 1 - Math.acos(Math.max(-1, Math.min(1, config.threshold))) / Math.PI;
    this.index = new LshIndex(chooseBandShape(bitAgreement, config.num_perm));
    this.bits = new Uint32Array(config.num_perm);
  }

  get indexBytes(): number {
    return this.index.bytes;
  }

  private hyperplanes(dim: number): Float64Array {
    if (this.planes && this.dim === dim) return this.planes;
    if (this.planes) throw new Error(`column '${this.config.column}': vectors of length ${dim} after ${this.dim}; every row needs the same dimension.`);
    const random = new SeededRandom(this.seed ^ 0x51ed270b);
    const planes = new Float64Array(dim * this.config.num_perm);
    for (let i = 0; i < planes.length; i++) planes[i] = random.gaussian();
    this.dim = dim;
    this.planes = planes;
    return planes;
  }

  bind(fb: FilterBatch): BoundFilter {
    const column = fb.batch.getChild(this.config.column) as Vector | null;
    if (!column) throw new Error(`dedup.near.method embedding: the scored file has no '${this.config.column}' column; score with --keep-embeddings or use method minhash.`);
    const type = column.type as DataType;
    if (!DataType.isList(type) && !DataType.isFixedSizeList(type)) throw new Error(`column '${this.config.column}' is ${String(type)}, not a list of numbers.`);
    const { bands, rows } = this.index.shape;
    return {
      keep: (row) => {
        const v = column.get(row) as { toArray(): ArrayLike<number> } | null;
        if (!v) return true;
        const x = v.toArray();
        const planes = this.hyperplanes(x.length);
        const P = this.config.num_perm;
        for (let p = 0; p < P; p++) {
          let dot = 0;
          const base = p * x.length;
          for (let d = 0; d < x.length; d++) dot += planes[base + d]! * x[d]!;
          this.bits[p] = dot >= 0 ? 1 : 0;
        }
        const ordinal = fb.firstOrdinal + row;
        const keep = keepOrMarkDuplicate(this.index.find(this.bits), ordinal, this.keepBest, this.ledger, this);
        if (keep) this.index.insert(this.bits, ordinal);
        return keep;
      },
      explain: () => `embedding LSH: shares a band (${bands} bands × ${rows} hyperplane bits) with a kept row; cosine threshold ${this.config.threshold}`,
    };
  }
}
