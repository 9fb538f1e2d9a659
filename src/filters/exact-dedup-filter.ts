import { dedupKey } from "./dedup-text.js";
import { FingerprintTable } from "./fingerprint-table.js";
import type { BoundFilter, DuplicateLedger, FilterBatch, RowFilter } from "../core/row-filter.js";
import { hashString64, type Hash64 } from "../base/hashing.js";

/**
 * Exact duplicates of the normalised instruction + response (case, punctuation and
 * whitespace ignored; see dedup-text.ts). The index holds a 64-bit fingerprint and the
 * ordinal of the kept row: 16–32 bytes a unique row, never the text.
 */
export class ExactDedupFilter implements RowFilter {
  readonly name = "dedup.exact";
  readonly columns: ReadonlyArray<string> = [];
  private readonly table = new FingerprintTable(1 << 14);
  private readonly hash: Hash64 = { hi: 0, lo: 0 };

  constructor(
    private readonly ledger: DuplicateLedger,
    private readonly keepBest: boolean,
  ) {}

  /** Bytes held by the index. */
  get indexBytes(): number {
    return this.table.bytes;
  }

  bind(fb: FilterBatch): BoundFilter {
    const { view } = fb;
    return {
      keep: (row) => {
        const ordinal = fb.firstOrdinal + row;
        const h = hashString64(dedupKey(view.instruction[row]!, view.response[row]!), 0x5eed, this.hash);
        const seen = this.table.get(h.hi, h.lo);
        if (seen < 0) {
          this.table.set(h.hi, h.lo, ordinal);
          return true;
        }
        if (this.keepBest && this.ledger.qualityOf(ordinal) > this.ledger.qualityOf(seen)) {
          this.ledger.demote(seen, ordinal, this);
          this.table.set(h.hi, h.lo, ordinal);
          return true;
        }
        this.ledger.markDuplicate(ordinal, seen);
        return false;
      },
      explain: () => "same normalised instruction + response (case, punctuation, whitespace ignored)",
    };
  }
}
