import { keepOrMarkDuplicate } from "./dedup-decision.js";
import { feedNormalised } from "./dedup-text.js";
import { DEDUP_INDEX_SLOTS, FingerprintTable } from "./fingerprint-table.js";
import type { BoundFilter, DuplicateLedger, FilterBatch, RowFilter } from "../core/row-filter.js";
import { Hash64Stream, type Hash64 } from "../base/hashing.js";

const stream = new Hash64Stream();

/** The 64-bit fingerprint exact dedup compares: hashString64 of dedupKey(instruction, response), streamed. */
export function exactDedupHash(instruction: string, response: string, out: Hash64 = { hi: 0, lo: 0 }): Hash64 {
  stream.reset(0x5eed);
  feedNormalised(instruction, stream);
  stream.push(0); // dedupKey's separator
  feedNormalised(response, stream);
  return stream.finish(out);
}

/**
 * Exact duplicates of the normalised instruction + response (case, punctuation and
 * whitespace ignored; see dedup-text.ts). The index holds a 64-bit fingerprint and the
 * ordinal of the kept row: 16–32 bytes a unique row, never the text.
 */
export class ExactDedupFilter implements RowFilter {
  readonly name = "dedup.exact";
  readonly columns: ReadonlyArray<string> = [];
  private readonly table = new FingerprintTable(DEDUP_INDEX_SLOTS);
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
        const h = exactDedupHash(view.instruction[row]!, view.response[row]!, this.hash);
        const keep = keepOrMarkDuplicate(this.table.get(h.hi, h.lo), ordinal, this.keepBest, this.ledger, this);
        if (keep) this.table.set(h.hi, h.lo, ordinal);
        return keep;
      },
      explain: () => "same normalised instruction + response (case, punctuation, whitespace ignored)",
    };
  }
}
