/**
 * Where the main thread's memory goes during `sieve score`: runs the built CLI in a child
 * with a sampler preloaded (every 50 ms: process.memoryUsage() and the size of
 * parquet-wasm's WebAssembly memory, which never shrinks) and prints the maxima, the
 * breakdown at the moment of peak RSS, and the process's VmHWM.
 *
 *   npm run build
 *   npx vite-node bench/score-memory.ts -- --input /tmp/sieve-mem/synthetic-1000000.jsonl --workers 2
 *
 * RSS is the whole process (workers included); heap, external and WebAssembly figures are
 * the main thread's (arrayBuffers counts the WebAssembly memory too). What RSS holds beyond
 * them is Node itself (~45 MB) and the workers;
 * each worker's own V8 figures (maxima, sampled after every task through
 * SIEVE_WORKER_MEMORY_LOG) are printed below the main thread's.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchArgs } from "./bench-args.js";
import { runMeasured } from "./peak-rss.js";

const args = benchArgs({
  input: { type: "string" },
  workers: { type: "string", default: "2" },
  extra: { type: "string", default: "" },
});
if (!args.input) throw new Error("--input <file.jsonl> is required");

const SAMPLER = `
import { createRequire } from "node:module";
import { appendFileSync, readFileSync } from "node:fs";
const require = createRequire(import.meta.url);
const out = process.env.SIEVE_MEMORY_LOG;
const max = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0, wasm: 0 };
const spaces = ["new_space", "old_space", "large_object_space", "code_space"];
for (const s of spaces) max["space:" + s] = 0;
let atPeak = {};
const wasmBytes = () => {
  for (const k of Object.keys(require.cache)) {
    if (k.endsWith("parquet_wasm.js")) { try { return require.cache[k].exports.wasmMemory().buffer.byteLength; } catch { return 0; } }
  }
  return 0;
};
const v8 = require("node:v8");
const sample = () => {
  const m = { ...process.memoryUsage(), wasm: wasmBytes() };
  for (const s of v8.getHeapSpaceStatistics()) if (s.space_size > 0) m["space:" + s.space_name] = s.space_size;
  for (const k in max) max[k] = Math.max(max[k], m[k]);
  if (m.rss >= max.rss) atPeak = m;
};
setInterval(sample, 50).unref();
process.on("exit", () => {
  sample();
  const hwm = Number(/^VmHWM:\\s+(\\d+)/m.exec(readFileSync("/proc/self/status", "utf8"))[1]) * 1024;
  const cpu = process.cpuUsage();
  appendFileSync(out, JSON.stringify({ max, atPeak, hwm, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
});
`;

const dir = mkdtempSync(join(tmpdir(), "sieve-score-memory-"));
const sampler = join(dir, "sampler.mjs");
const log = join(dir, "memory.json");
writeFileSync(sampler, SAMPLER);
process.env.SIEVE_MEMORY_LOG = log;
const workerLog = join(dir, "worker");
process.env.SIEVE_WORKER_MEMORY_LOG = workerLog;
// The compiled CLI, as installed users run it (not the source through tsx).
const cli = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first.`);
const cliArgs = ["--import", sampler, cli, "score", args.input, "-o", join(dir, "out.parquet"), "--workers", args.workers, "-q"];
if (args.extra) cliArgs.push(...args.extra.split(" ").filter(Boolean));
const run = await runMeasured(process.execPath, cliArgs);
if (run.code !== 0) throw new Error(`sieve score failed (exit ${run.code}):\n${run.stderr}`);
const m = JSON.parse(readFileSync(log, "utf8")) as { max: Record<string, number>; atPeak: Record<string, number>; hwm: number; cpuSeconds: number };
const workers = readdirSync(dir)
  .filter((f) => f.startsWith("worker."))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as Record<string, number>);
rmSync(dir, { recursive: true, force: true });
const mib = (x: number | undefined) => `${((x ?? 0) / 2 ** 20).toFixed(0)} MiB`;
console.log(`sieve score ${args.input} --workers ${args.workers} ${args.extra}: ${run.wallSeconds.toFixed(1)} s wall, ${m.cpuSeconds.toFixed(1)} CPU-s, peak RSS (VmHWM) ${mib(m.hwm)}`);
console.log(`${"main thread".padEnd(26)}       max    at peak RSS`);
for (const k of Object.keys(m.max)) {
  console.log(`${k.padEnd(26)}  ${mib(m.max[k]).padStart(8)}    ${mib(m.atPeak[k]).padStart(8)}`);
}
if (workers.length) {
  console.log(`per worker (max over the run)  ${workers.map((_, i) => `worker ${i + 1}`.padStart(10)).join("")}`);
  for (const k of Object.keys(workers[0]!).filter((k) => workers.some((w) => (w[k] ?? 0) >= 2 ** 20))) {
    console.log(`${k.padEnd(30)}${workers.map((w) => mib(w[k]).padStart(10)).join("")}`);
  }
}
