import type { ComputedColumns, ScoreColumn } from "./score-column.js";
import type { TextView } from "./text-view.js";

/**
 * One kind of signal (readability, toxicity, domain, embedding …). A scorer never drops a
 * row and never changes an existing column: it returns new columns, one value per row.
 */
export interface Scorer {
  /** Short stable name, used in logs, stats and benchmarks ("readability", "toxicity"). */
  readonly name: string;
  /** Names of the columns it adds, in order (known before any batch is scored). */
  readonly columns: readonly string[];
  /**
   * Columns this scorer needs from scorers that run before it (e.g. the prototype domain
   * scorer needs "embedding"). The pipeline orders scorers so these exist.
   */
  readonly needs?: readonly string[];
  /** Score one batch. `computed` holds the columns of the scorers that ran before. */
  score(view: TextView, computed: ComputedColumns): Promise<ScoreColumn[]> | ScoreColumn[];
  /** Release models, workers, file handles. */
  close?(): Promise<void>;
}
