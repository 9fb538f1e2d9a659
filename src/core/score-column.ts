/**
 * Columns a scorer adds, as plain typed data (no Arrow objects): cheap to build, cheap to
 * transfer from a worker thread, turned into Arrow vectors once by the pipeline.
 */
export type ScoreColumn =
  | { name: string; kind: "float64"; values: Float64Array }
  | { name: string; kind: "int32"; values: Int32Array }
  | { name: string; kind: "utf8"; values: string[] }
  /** A list of strings per row (e.g. toxicity_labels, domain_top3). */
  | { name: string; kind: "utf8-list"; values: string[][] }
  /** A fixed-size vector per row, row-major: values.length === rows * dim. */
  | { name: string; kind: "float32-vector"; dim: number; values: Float32Array };

/** Columns computed so far for a batch, by name: later scorers may read earlier ones. */
export type ComputedColumns = ReadonlyMap<string, ScoreColumn>;
