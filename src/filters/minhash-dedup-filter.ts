import { keepOrMarkDuplicate } from "./dedup-decision.js";
import { dedupWords } from "./dedup-text.js";
import type { NearDedupConfig } from "./filter-config.js";
import { chooseBandShape } from "./lsh-bands.js";
import { LshIndex } from "./lsh-index.js";
import { MinHasher } from "./minhash.js";
import type { BoundFilter, DuplicateLedger, FilterBatch, RowFilter } from "../core/row-filter.js";

/**
 * Near duplicates by MinHash over word shingles with LSH banding (as in datatrove and
 * text-dedup): a row sharing any band with a kept row is its duplicate. Band shape is
 * chosen from the threshold (lsh-bands.ts); no pairwise verification, so similarity
 * near the threshold is decided with the S-curve's probability.
 */
export class MinHashDedupFilter implements RowFilter {
  readonly name = "dedup.near";
  readonly columns: ReadonlyArray<string> = [];
  private readonly hasher: MinHasher;
  private readonly index: LshIndex;

  constructor(
    private readonly config: NearDedupConfig,
    private readonly ledger: DuplicateLedger,
    private readonly keepBest: boolean,
  ) {
    this.hasher = new MinHasher(config.num_perm, config.shingle_words);
    this.index = new LshIndex(chooseBandShape(config.threshold, config.num_perm));
  }

  get indexBytes(): number {
    return this.index.bytes;
  }

  bind(fb: FilterBatch): BoundFilter {
    const { view } = fb;
    const { bands, rows } = this.index.shape;
    return {
      keep: (row) => {
        const words = dedupWords(view.instruction[row]!, view.response[row]!);
        if (!words.length) return true;
        const ordinal = fb.firstOrdinal + row;
        const sig = this.hasher.sign(words);
        const keep = keepOrMarkDuplicate(this.index.find(sig), ordinal, this.keepBest, this.ledger, this);
        if (keep) this.index.insert(sig, ordinal);
        return keep;
      },
      explain: () => `MinHash LSH: shares a band (${bands} bands × ${rows} rows of ${this.config.shingle_words}-word shingles) with a kept row; Jaccard threshold ${this.config.threshold}`,
    };
  }
}
