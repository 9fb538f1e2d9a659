/** One record as a source file yields it, before layout and schema are applied. */
export interface SourceRecord {
  /** The parsed value; absent when the record could not be parsed. */
  value?: unknown;
  /** Why the record could not be parsed. */
  error?: string;
  /** The file it came from, as given. */
  file: string;
  /** 0-based index of the record within its file (blank lines are not records). */
  row: number;
  /** 1-based line where the record starts, for text formats. */
  line?: number;
  /** The raw text, kept only for records that failed to parse (for the rejects file). */
  raw?: string;
  /**
   * For an error record standing for a damaged part of a file (a Parquet row group that
   * cannot be decoded): how many rows, from `row` on, it stands for. Absent: one row.
   */
  rows?: number;
  /** Set when the record's text had invalid UTF-8 or a lone surrogate, read as U+FFFD. */
  replaced?: boolean;
}

/** Shared progress counters a source updates as it reads. */
export interface ReadProgress {
  /** Bytes of the input files consumed so far (compressed bytes for .gz). */
  bytesRead: number;
  /** Total size of the inputs in bytes, when known. */
  bytesTotal: number;
}
