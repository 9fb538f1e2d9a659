import { AtomicFile } from "./atomic-file.js";
import type { RejectedRecord } from "./dataset-reader.js";

/**
 * The rejects file: one JSON object per row that could not be read — source file, row,
 * line, reason and the raw text — so nothing in the input is ever silently lost.
 */
export class RejectsWriter {
  count = 0;
  /** Counts by reason, with the variable part (parser message) left out. */
  readonly byReason = new Map<string, number>();
  /** Damaged parts of files skipped whole (a Parquet row group): where, how many rows, why. */
  readonly damaged: Array<{ source: string; first_row: number; rows: number; reason: string }> = [];

  private constructor(private readonly file: AtomicFile) {}

  get path(): string {
    return this.file.path;
  }

  static async open(path: string): Promise<RejectsWriter> {
    return new RejectsWriter(await AtomicFile.create(path));
  }

  async write(rejects: ReadonlyArray<RejectedRecord>): Promise<void> {
    if (!rejects.length) return;
    let out = "";
    for (const r of rejects) {
      // A damaged part stands for `rows` rows: one line, with the count, so they are counted
      // as rejected rows (and by --max-errors) without a line each.
      const rows = r.rows ?? 1;
      const line: Record<string, unknown> = { source: r.file, row: r.row, line: r.line ?? null, reason: r.reason, raw: r.raw };
      if (r.rows !== undefined) {
        line.rows = r.rows;
        this.damaged.push({ source: r.file, first_row: r.row, rows, reason: r.reason });
      }
      out += JSON.stringify(line) + "\n";
      const key = reasonClass(r.reason);
      this.byReason.set(key, (this.byReason.get(key) ?? 0) + rows);
      this.count += rows;
    }
    await this.file.write(out);
  }

  async close(): Promise<void> {
    await this.file.commit();
  }

  async abort(): Promise<void> {
    await this.file.abort();
  }
}

/** "line is not valid JSON (Unexpected token …)" → "line is not valid JSON". */
export function reasonClass(reason: string): string {
  return reason.replace(/\s*\(.*$/s, "").replace(/'[^']*'/g, "'…'").replace(/\d+/g, "N").replace(/;.*$/s, "");
}

