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
      out += JSON.stringify({ source: r.file, row: r.row, line: r.line ?? null, reason: r.reason, raw: r.raw }) + "\n";
      const key = reasonClass(r.reason);
      this.byReason.set(key, (this.byReason.get(key) ?? 0) + 1);
    }
    this.count += rejects.length;
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
