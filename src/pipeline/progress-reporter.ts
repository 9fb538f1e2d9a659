import type { ReadProgress } from "../io/source-record.js";

/**
 * A one-line progress display on stderr: rows, rows/s, and percent and ETA when the input
 * size is known. Silent when stderr is not a terminal or when asked to be quiet.
 */
export class ProgressReporter {
  private readonly start = Date.now();
  private last = 0;
  private readonly enabled: boolean;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly bytes: ReadProgress,
    options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {},
  ) {
    this.stream = options.stream ?? process.stderr;
    this.enabled = !options.quiet && Boolean(this.stream.isTTY);
  }

  private readonly stream: NodeJS.WriteStream;

  /** Update with the rows done so far; redraws at most every 250 ms. */
  update(rows: number, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < 250) return;
    this.last = now;
    const seconds = Math.max((now - this.start) / 1000, 1e-3);
    const rate = rows / seconds;
    let line = `${this.label}: ${rows.toLocaleString("en-US")} rows, ${Math.round(rate).toLocaleString("en-US")} rows/s`;
    if (this.bytes.bytesTotal > 0 && this.bytes.bytesRead > 0) {
      const fraction = Math.min(1, this.bytes.bytesRead / this.bytes.bytesTotal);
      const eta = fraction > 0 ? seconds * (1 / fraction - 1) : 0;
      line += `, ${(fraction * 100).toFixed(1)}%, ETA ${formatDuration(eta)}`;
    }
    this.stream.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  /** Clear the line. */
  done(): void {
    if (this.enabled && this.drawn) this.stream.write("\r\x1b[2K");
  }
}

function formatDuration(s: number): string {
  const m = Math.floor(s / 60);
  const sec = Math.round(s % 60);
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m` : `${m}:${String(sec).padStart(2, "0")}`;
}
