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
 * the main thread's. What RSS holds beyond them is Node itself (~45 MB) and the workers.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
let atPeak = {};
const wasmBytes = () => {
  for (const k of Object.keys(require.cache)) {
    if (k.endsWith("parquet_wasm.js")) { try { return require.cache[k].exports.wasmMemory().buffer.byteLength; } catch { return 0; } }
  }
  return 0;
};
const sample = () => {
  const m = { ...process.memoryUsage(), wasm: wasmBytes() };
  for (const k in max) max[k] = Math.max(max[k], m[k]);
  if (m.rss >= max.rss) atPeak = m;
};
setInterval(sample, 50).unref();
process.on("exit", () => {
  sample();
  const hwm = Number(/^VmHWM:\\s+(\\d+)/m.exec(readFileSync("/proc/self/status", "utf8"))[1]) * 1024;
  appendFileSync(out, JSON.stringify({ max, atPeak, hwm }));
});
`;

const dir = mkdtempSync(join(tmpdir(), "sieve-score-memory-"));
const sampler = join(dir, "sampler.mjs");
const log = join(dir, "memory.json");
writeFileSync(sampler, SAMPLER);
process.env.SIEVE_MEMORY_LOG = log;
const cli = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const cliArgs = ["--import", sampler, cli, "score", args.input, "-o", join(dir, "out.parquet"), "--workers", args.workers, "-q"];
if (args.extra) cliArgs.push(...args.extra.split(" ").filter(Boolean));
const run = await runMeasured(process.execPath, cliArgs);
if (run.code !== 0) throw new Error(`sieve score failed (exit ${run.code}):\n${run.stderr}`);
const m = JSON.parse(readFileSync(log, "utf8")) as { max: Record<string, number>; atPeak: Record<string, number>; hwm: number };
rmSync(dir, { recursive: true, force: true });
const mib = (x: number | undefined) => `${((x ?? 0) / 2 ** 20).toFixed(0)} MiB`;
console.log(`sieve score ${args.input} --workers ${args.workers} ${args.extra}: ${run.wallSeconds.toFixed(1)} s wall, peak RSS (VmHWM) ${mib(m.hwm)}`);
console.log("main thread     max         at peak RSS");
for (const k of ["rss", "heapTotal", "heapUsed", "external", "arrayBuffers", "wasm"]) {
  console.log(`${k.padEnd(14)}  ${mib(m.max[k]).padStart(8)}    ${mib(m.atPeak[k]).padStart(8)}`);
}
