/**
 * Queue mode on loopback: what the queue costs per job, throughput with 1 and 2 worker
 * processes, and, from the measured per-shard costs, the throughput to expect on 10–1,000
 * machines:
 *
 *   npm run build && npx vite-node bench/queue.ts [--rows 60000] [--shard-size 4MiB] [--workers 1,2]
 *
 * Starts its own redis-server on a free loopback port. Input: Dolly repeated to --rows. Each
 * scoring job uses one scoring thread (`--workers 1`), so a worker process is one core's worth.
 * 1. The stages one after the other in this process's child (`sieve run --stage …`, all jobs of
 *    each stage): seconds per stage, per shard for score and write.
 * 2. The same run on the queue with 1, then 2, `sieve worker` processes: wall time; the
 *    coordination cost per job = (queue wall with 1 worker − the stages' sum) / jobs; Redis
 *    commands per job (INFO commandstats before and after).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { dollyRepeated } from "./dolly-repeated.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(REPO, "dist", "cli", "main.js");
const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    rows: { type: "string", default: "60000" },
    "shard-size": { type: "string", default: "4MiB" },
    workers: { type: "string", default: "1,2" },
    "work-dir": { type: "string", default: "/tmp/sieve-bench" },
    // Coordination a job across a network, for the projection: 150 Redis commands at 0.5 ms (loopback resolves none).
    "coordination-ms": { type: "string", default: "75" },
  },
});
const rows = Number(args.rows);
const work = args["work-dir"]!;
await mkdir(work, { recursive: true });
const input = await dollyRepeated(work, rows);

const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });

function run(cmd: string, argv: string[]): Promise<{ code: number | null; out: string; seconds: number }> {
  const t0 = performance.now();
  return new Promise((done) => {
    const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => done({ code, out, seconds: (performance.now() - t0) / 1000 }));
  });
}

async function must(label: string, argv: string[]): Promise<{ out: string; seconds: number }> {
  const r = await run(process.execPath, [CLI, ...argv]);
  if (r.code !== 0) throw new Error(`${label} failed (exit ${r.code}):\n${r.out}`);
  return r;
}

const port = await freePort();
const redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
const url = `redis://127.0.0.1:${port}`;
for (let i = 0; i < 50; i++) {
  if ((await run("redis-cli", ["-p", String(port), "ping"])).out.includes("PONG")) break;
  await new Promise((r) => setTimeout(r, 100));
}
const redisCalls = async (): Promise<number> => {
  const info = (await run("redis-cli", ["-p", String(port), "info", "commandstats"])).out;
  return [...info.matchAll(/calls=(\d+)/g)].reduce((a, m) => a + Number(m[1]), 0);
};

try {
  const base = ["run", input, "--shard-size", args["shard-size"]!, "--workers", "1", "--quiet"];
  // 1. The stages one after the other.
  const staged = join(work, "queue-bench-stages");
  await rm(staged, { recursive: true, force: true });
  const plan = await must("plan", [...base, "--out", staged, "--stage", "plan"]);
  const shards = Number(/: (\d+) shards/.exec(plan.out)?.[1] ?? NaN);
  const stageSeconds: Record<string, number> = {};
  for (const stage of ["score", "decide", "write", "report"]) stageSeconds[stage] = (await must(stage, [...base, "--out", staged, "--stage", stage])).seconds;
  const stagesTotal = Object.values(stageSeconds).reduce((a, b) => a + b, 0);
  const jobs = 2 * shards + 2;
  console.log(`Dolly × ${rows.toLocaleString("en-US")} rows, ${shards} shards of ${args["shard-size"]}, ${jobs} jobs; one scoring thread per job`);
  console.log("\n| stage (all jobs, one after the other) | seconds | per job |");
  console.log("|---|---:|---:|");
  for (const [stage, s] of Object.entries(stageSeconds)) {
    const n = stage === "score" || stage === "write" ? shards : 1;
    console.log(`| ${stage} | ${s.toFixed(1)} | ${(s / n).toFixed(2)} |`);
  }
  // 2. On the queue.
  const results: Array<{ workers: number; seconds: number; calls: number }> = [];
  for (const w of args.workers!.split(",").map(Number)) {
    const out = join(work, `queue-bench-${w}`);
    await rm(out, { recursive: true, force: true });
    const workers: ChildProcess[] = Array.from({ length: w }, () => spawn(process.execPath, [CLI, "worker", "--queue", url], { stdio: "ignore" }));
    const calls0 = await redisCalls();
    const r = await must(`queue run, ${w} workers`, [...base, "--out", out, "--queue", url]);
    const calls = (await redisCalls()) - calls0;
    for (const p of workers) p.kill("SIGTERM");
    await Promise.all(workers.map((p) => new Promise((done) => (p.exitCode !== null ? done(null) : p.once("exit", done)))));
    results.push({ workers: w, seconds: r.seconds, calls });
  }
  console.log("\n| way | seconds | rows/s | Redis commands per job |");
  console.log("|---|---:|---:|---:|");
  console.log(`| stages one after the other (5 processes) | ${stagesTotal.toFixed(1)} | ${Math.round(rows / stagesTotal).toLocaleString("en-US")} | – |`);
  for (const r of results) console.log(`| queue, ${r.workers} worker process${r.workers > 1 ? "es" : ""} | ${r.seconds.toFixed(1)} | ${Math.round(rows / r.seconds).toLocaleString("en-US")} | ${(r.calls / jobs).toFixed(0)} |`);
  const one = results.find((r) => r.workers === 1);
  const measured = one ? (one.seconds - stagesTotal) / jobs : NaN;
  console.log(`\nQueue with 1 worker − the stages run directly, over ${jobs} jobs: ${(measured * 1000).toFixed(0)} ms a job (negative: the warm worker saves more start-up than the queue costs)`);
  const coordination = Number(args["coordination-ms"]) / 1000;
  console.log(`Coordination assumed below: ${(coordination * 1000).toFixed(0)} ms a job (--coordination-ms)`);

  // 3. Expected throughput on M machines, from the per-shard costs above.
  const perRowScore = stageSeconds.score! / rows;
  const perRowWrite = stageSeconds.write! / rows;
  const perRowDecide = stageSeconds.decide! / rows;
  const perRowReport = stageSeconds.report! / rows;
  const corpus = 100_000_000;
  const shardRows = rows / shards;
  const n = Math.ceil(corpus / shardRows);
  console.log(`\nExpected for ${corpus.toLocaleString("en-US")} Dolly-like rows (${n.toLocaleString("en-US")} shards of ${Math.round(shardRows).toLocaleString("en-US")} rows), one such worker per machine:`);
  console.log("\n| machines | score + write (parallel) | decide + report (one job each) | total | rows/s |");
  console.log("|---:|---:|---:|---:|---:|");
  for (const m of [1, 10, 100, 1000]) {
    const waves = Math.ceil(n / m);
    const parallel = waves * (shardRows * (perRowScore + perRowWrite) + 2 * coordination);
    const serial = corpus * (perRowDecide + perRowReport) + 2 * coordination;
    const total = parallel + serial;
    console.log(`| ${m} | ${(parallel / 3600).toFixed(2)} h | ${(serial / 3600).toFixed(2)} h | ${(total / 3600).toFixed(2)} h | ${Math.round(corpus / total).toLocaleString("en-US")} |`);
  }
} finally {
  redis.kill("SIGTERM");
}
