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
 *    each stage): seconds per stage, per job.
 * 2. The same run on the queue with 1, then 2, `sieve worker` processes: wall time; the
 *    coordination cost per job = (queue wall with 1 worker − the stages' sum) / jobs; Redis
 *    commands per job (INFO commandstats before and after).
 * 3. The throughput to expect for 100M rows on 1–1,000 machines, from the per-job costs above
 *    and two per-shard costs measured here on the run's own files: a dedup partition job's
 *    ranged read of one shard's key file, and the report job's merge of one shard's state.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { readKeyBlock, type ShardKeys } from "../src/pipeline/stages/decide-keys.js";
import { runDecideJob } from "../src/pipeline/stages/decide-stage.js";
import { loadRunPlan, runPaths } from "../src/pipeline/stages/run-plan.js";
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
  const jobCount = Object.fromEntries([...plan.out.matchAll(/(score|dedup|decide|write|report) (\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
  const stageSeconds: Record<string, number> = {};
  for (const stage of ["score", "dedup", "decide", "write", "report"]) stageSeconds[stage] = (await must(stage, [...base, "--out", staged, "--stage", stage])).seconds;
  const stagesTotal = Object.values(stageSeconds).reduce((a, b) => a + b, 0);
  const jobs = Object.values(jobCount).reduce((a, b) => a + b, 0);
  console.log(`Dolly × ${rows.toLocaleString("en-US")} rows, ${shards} shards of ${args["shard-size"]}, ${jobs} jobs; one scoring thread per job`);
  console.log(`plan (one process: start-up and module loading, the fixed cost of every stage process): ${plan.seconds.toFixed(1)} s`);
  console.log("\n| stage (all its jobs in one process) | jobs | seconds | per job |");
  console.log("|---|---:|---:|---:|");
  for (const [stage, sec] of Object.entries(stageSeconds)) console.log(`| ${stage} | ${jobCount[stage]} | ${sec.toFixed(1)} | ${jobCount[stage] ? (sec / jobCount[stage]!).toFixed(2) : "–"} |`);

  // Per-shard costs of the jobs that read every shard's files: best of 5 over every shard.
  const paths = runPaths(staged);
  const perShard = async (f: (shard: number) => Promise<unknown>): Promise<number> => {
    let best = Infinity;
    for (let rep = 0; rep < 5; rep++) {
      const t0 = performance.now();
      for (let i = 0; i < shards; i++) await f(i);
      best = Math.min(best, (performance.now() - t0) / 1000 / shards);
    }
    return best;
  };
  const keyRead = await perShard(async (i) => {
    const keys = JSON.parse(await readFile(paths.shardKeys(i), "utf8")) as ShardKeys;
    return readKeyBlock(paths.shardKeyFile(i), keys.blocks[0]!);
  });
  const stateRead = await perShard(async (i) => JSON.parse(await readFile(paths.reportScore(i), "utf8")) + JSON.parse(await readFile(paths.reportWrite(i), "utf8")));
  // The decide job without its process start-up: run again here (it rewrites the same bytes).
  const t0 = performance.now();
  await runDecideJob(await loadRunPlan(staged));
  const decideSeconds = (performance.now() - t0) / 1000;
  console.log(`decide job in this process (no start-up): ${decideSeconds.toFixed(2)} s, ${((decideSeconds / rows) * 1e6).toFixed(1)} µs a row`);
  console.log(`\nPer shard: a dedup partition's ranged read of its key file ${(keyRead * 1000).toFixed(2)} ms; the report's read of its two state files ${(stateRead * 1000).toFixed(2)} ms (local disk)`);
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

  // 3. Expected throughput on M machines, from the per-job costs above.
  const startUp = plan.seconds;
  const perRowScore = stageSeconds.score! / rows;
  const perRowWrite = stageSeconds.write! / rows;
  // The single jobs: decide as a per-row cost (5 bytes a row and the ledger; its fixed part, the
  // schema sample, counted per row too: an upper bound), the report as a fixed cost (charts and
  // map) plus each shard's state.
  const perRowDecide = decideSeconds / rows;
  const reportFixed = Math.max(0, stageSeconds.report! - shards * stateRead);
  const dedupPerRow = jobCount.dedup ? Math.max(0, stageSeconds.dedup! - startUp) / rows : 0;
  const corpus = 100_000_000;
  const shardRows = rows / shards;
  const n = Math.ceil(corpus / shardRows);
  const partitions = Math.ceil(Math.sqrt(n));
  console.log(`\nExpected for ${corpus.toLocaleString("en-US")} Dolly-like rows (${n.toLocaleString("en-US")} shards of ${Math.round(shardRows).toLocaleString("en-US")} rows, ${partitions.toLocaleString("en-US")} dedup partitions), one such worker per machine:`);
  console.log("\n| machines | score + write (parallel) | dedup (parallel) | decide + report (one job each) | total | rows/s |");
  console.log("|---:|---:|---:|---:|---:|---:|");
  for (const m of [1, 10, 100, 1000]) {
    const parallel = Math.ceil(n / m) * (shardRows * (perRowScore + perRowWrite) + 2 * coordination);
    const dedupJob = (corpus / partitions) * dedupPerRow + n * keyRead + coordination;
    const dedup = Math.ceil(partitions / m) * dedupJob;
    const serial = corpus * perRowDecide + reportFixed + n * stateRead + 2 * (startUp + coordination);
    const total = parallel + dedup + serial;
    const h = (x: number) => `${(x / 3600).toFixed(2)} h`;
    console.log(`| ${m} | ${h(parallel)} | ${h(dedup)} | ${h(serial)} | ${h(total)} | ${Math.round(corpus / total).toLocaleString("en-US")} |`);
  }
} finally {
  redis.kill("SIGTERM");
}
