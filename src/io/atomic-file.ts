import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { dirname, basename, join } from "node:path";
import { hostname } from "node:os";
import { finished } from "node:stream/promises";

/**
 * A file written under a temporary name in the same folder and renamed to its final name
 * only when complete, so a crash never leaves a half file under the final name.
 */
export class AtomicFile {
  readonly path: string;
  readonly tempPath: string;
  readonly stream: WriteStream;
  private closed = false;

  private constructor(path: string, tempPath: string, stream: WriteStream) {
    this.path = path;
    this.tempPath = tempPath;
    this.stream = stream;
  }

  static async create(path: string): Promise<AtomicFile> {
    await mkdir(dirname(path), { recursive: true });
    await removeStaleTemps(path);
    const tempPath = join(dirname(path), tempName(path, process.pid));
    const stream = createWriteStream(tempPath);
    await new Promise<void>((resolve, reject) => {
      stream.once("open", () => resolve());
      stream.once("error", (e) => reject(new Error(`${path}: cannot write (${e.message}).`)));
    });
    return new AtomicFile(path, tempPath, stream);
  }

  /** Write bytes, waiting when the OS buffer is full (back-pressure). */
  async write(chunk: Uint8Array | string): Promise<void> {
    if (!this.stream.write(chunk)) await new Promise<void>((r) => this.stream.once("drain", () => r()));
  }

  /**
   * Flush, close, and move the file to its final name. `check`, when given, reads the
   * complete temporary file first; if it throws, the file is deleted and the error passed on.
   */
  async commit(check?: (tempPath: string) => Promise<void>): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve, reject) => this.stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
    if (check) {
      try {
        await check(this.tempPath);
      } catch (e) {
        await rm(this.tempPath, { force: true });
        throw e;
      }
    }
    await rename(this.tempPath, this.path);
  }

  /** Move the file to its final name once its stream has been ended by whoever pipes into it. */
  async commitEnded(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await finished(this.stream);
    await rename(this.tempPath, this.path);
  }

  /** Close and delete the temporary file. */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
    await rm(this.tempPath, { force: true });
  }
}

/**
 * The temporary name of a file being written by process `pid`: hidden (a leading dot) and
 * ending in `.tmp`, so no folder scan for inputs (which looks for dataset extensions) and
 * no reader of the outputs ever takes it for a dataset.
 */
/**
 * The temporary name of `path` for this process: `.<name>.<host>.<pid>.tmp`. The host keeps
 * the names of jobs on different machines writing into one shared folder apart (their pids
 * may be equal).
 */
function tempName(path: string, pid: number): string {
  return `.${basename(path)}.${HOST}.${pid}.tmp`;
}

/** This machine's name as temporary file names carry it (dots and slashes replaced). */
const HOST = hostname().replace(/[^A-Za-z0-9-]/g, "_") || "host";

/**
 * Remove temporary files for `path` left by a process of this machine that was killed before
 * it could clean up. Those of a process still running (a concurrent run to the same output),
 * and those of other machines (whose processes cannot be checked from here), are left alone.
 */
async function removeStaleTemps(path: string): Promise<void> {
  const prefix = `.${basename(path)}.${HOST}.`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const pid = Number(name.slice(prefix.length, -".tmp".length));
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isRunning(pid)) continue;
    await rm(join(dirname(path), name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
