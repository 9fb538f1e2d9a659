import { open } from "node:fs/promises";

/** The dataset formats sieve reads and writes. */
export type DatasetFormat = "jsonl" | "json" | "csv" | "tsv" | "parquet" | "arrow";

const EXTENSIONS: ReadonlyArray<[RegExp, DatasetFormat]> = [
  [/\.(jsonl|ndjson)(\.gz)?$/i, "jsonl"],
  [/\.json(\.gz)?$/i, "json"],
  [/\.csv(\.gz)?$/i, "csv"],
  [/\.tsv(\.gz)?$/i, "tsv"],
  [/\.parquet$/i, "parquet"],
  [/\.(arrow|arrows|feather|ipc)$/i, "arrow"],
];

/** Format named by a file's extension, or undefined when the extension says nothing. */
export function formatFromExtension(path: string): DatasetFormat | undefined {
  for (const [re, format] of EXTENSIONS) if (re.test(path)) return format;
  return undefined;
}

/** Whether a path or its first bytes say gzip. */
export function isGzipPath(path: string): boolean {
  return /\.gz$/i.test(path);
}

/**
 * The format of an input file: by extension, else by its first bytes (Parquet and Arrow
 * magic numbers, gzip, then the first non-blank character: `[` for a JSON array, `{` for
 * JSON Lines).
 */
export async function detectInputFormat(path: string): Promise<{ format: DatasetFormat; gzip: boolean }> {
  const byExt = formatFromExtension(path);
  const head = await readHead(path, 4096);
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  if (byExt) return { format: byExt, gzip };
  const ascii = head.toString("latin1");
  if (ascii.startsWith("PAR1")) return { format: "parquet", gzip: false };
  if (ascii.startsWith("ARROW1") || (head.readUInt32LE(0) === 0xffffffff && head.length >= 8)) {
    return { format: "arrow", gzip: false };
  }
  if (gzip) return { format: "jsonl", gzip: true };
  const first = ascii.trimStart()[0];
  if (first === "[") return { format: "json", gzip: false };
  if (first === "{" || first === undefined) return { format: "jsonl", gzip: false };
  throw new Error(
    `${path}: cannot tell the format (not .jsonl/.json/.csv/.tsv/.parquet/.arrow and the content is not recognisable). ` +
      `Rename the file with its format's extension.`,
  );
}

/** The first `n` bytes of a file (fewer when it is shorter). */
export async function readHead(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
