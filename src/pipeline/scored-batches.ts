import { arrowSplitBatches } from "../io/arrow-split-reader.js";
import type { Dataset, SieveBatch } from "../io/dataset-reader.js";

/**
 * The batches of a scored file, failing on the first row that cannot be read: a scored
 * file is written by `sieve score`, so an unreadable row means it is not one (or it is
 * damaged), and filtering around it would lose the row from both splits. A Parquet split
 * whose columns map plainly onto the dataset's schema is read straight from its Arrow
 * columns (arrowSplitBatches: the same batches, without a JS object per row).
 */
export async function* scoredBatches(dataset: Dataset): AsyncGenerator<SieveBatch> {
  const source = (await arrowSplitBatches(dataset)) ?? dataset.batches();
  for await (const sb of source) {
    if (sb.rejects.length) {
      const r = sb.rejects[0]!;
      throw new Error(`${r.file}: row ${r.row} of the scored file cannot be read (${r.reason}); filter reads a scored file as written by 'sieve score'.`);
    }
    yield sb;
  }
}
