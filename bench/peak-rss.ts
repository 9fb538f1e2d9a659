import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

/** What a measured child process did. */
export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size in bytes (VmHWM), as last seen while the child ran. */
  peakRssBytes: number;
  /** Wall-clock seconds from spawn to exit (process start-up included). */
  wallSeconds: number;
}

/** VmHWM (peak RSS) of a live process in bytes, or 0 once it is gone. */
export function vmHwm(pid: number | "self"): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Run a command and watch its peak RSS by polling /proc/<pid>/status (VmHWM only grows,
 * so the last reading before exit is the peak up to then). Children that want an exact
 * figure also report their own VmHWM just before exiting; see ingest-child.
 */
export function runMeasured(command: string, args: string[], pollMs = 50): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let peak = 0;
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setInterval(() => {
      if (child.pid !== undefined) peak = Math.max(peak, vmHwm(child.pid));
    }, pollMs);
    child.on("error", (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearInterval(timer);
      resolve({ code, stdout, stderr, peakRssBytes: peak, wallSeconds: (performance.now() - started) / 1000 });
    });
  });
}
