import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_SOURCE as MAIN, REPO, sieveCli } from "./cli-child.js";
import { parseRedisUrl } from "../src/pipeline/queue/queue-connection.js";

/**
 * The queue way of running the stages, end to end: a real redis-server on a free loopback
 * port, `sieve worker` processes and `sieve run --queue` as child processes (the CLI from
 * source through tsx), against the same run in one process.
 */

const REDIS_SERVER = "/usr/bin/redis-server";
const INPUT = join(REPO, "examples", "sample.jsonl");
// 130 kB of input in 24 KiB shards: six score and six write jobs.
const SHARD = ["--shard-size", "24KiB"];
const FAST = ["--quiet", "--toxicity", "off", "--embedder", "off", "--domain", "off", "--no-balance", "--no-readability", "--format", "jsonl"];
// Short locks so that a killed worker's job comes back within seconds, not the default 45 s.
const QUICK_STALL = ["--lock-duration", "2000", "--stalled-interval", "1000"];

function haveRedis(): boolean {
  if (existsSync(REDIS_SERVER)) return true;
  if (process.env.SIEVE_REQUIRE_REDIS === "1") throw new Error(`SIEVE_REQUIRE_REDIS=1 but ${REDIS_SERVER} is missing: apt-get install redis-server.`);
  console.warn(`skipping the queue tests: ${REDIS_SERVER} is missing (apt-get install redis-server)`);
  return false;
}

describe("parseRedisUrl", () => {
  it("reads redis://host:port[/db] and refuses anything else with what it expected", () => {
    expect(parseRedisUrl("redis://127.0.0.1:6380")).toMatchObject({ host: "127.0.0.1", port: 6380, db: 0 });
    expect(parseRedisUrl("redis://queue.internal:6379/3")).toMatchObject({ host: "queue.internal", port: 6379, db: 3 });
    expect(parseRedisUrl("redis://[::1]:6379/1")).toMatchObject({ host: "::1", port: 6379, db: 1 });
    for (const bad of ["localhost:6379", "http://h:6379", "redis://h", "redis://h:0", "redis://h:6379/x", "redis://u:p@h:6379", "redis://h:6379?db=2", "rediss://h:6379"]) {
      expect(() => parseRedisUrl(bad), bad).toThrow(/expected redis:\/\/host:port\[\/db\]/);
    }
  });
});

describe.skipIf(!haveRedis())("sieve run --queue with sieve worker processes", () => {
  const dir = mkdtempSync(join(tmpdir(), "sieve-queue-"));
  let port = 0;
  let redis: ChildProcess | undefined;
  let url = "";
  const workers: Worker[] = [];
  let reference: Map<string, string>;

  beforeAll(async () => {
    port = await freePort();
    url = `redis://127.0.0.1:${port}/0`;
    redis = await startRedis(port);
    const ref = await sieve("run", INPUT, "--out", join(dir, "ref"), ...SHARD, ...FAST);
    expect(ref.code, ref.stderr).toBe(0);
    reference = outputs(join(dir, "ref"));
  });

  afterAll(async () => {
    // Cleanup after a failure too: no waiting for graceful exits.
    await Promise.all(workers.map((w) => stop(w.child, "SIGKILL")));
    if (redis) await stop(redis, "SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("the in-process staged run has several shards and every split, stats and the card", () => {
    expect(JSON.parse(readFileSync(join(dir, "ref", "_sieve", "plan.json"), "utf8")).shards.length).toBeGreaterThanOrEqual(4);
    const names = [...reference.keys()];
    for (const want of ["filter_stats.json", "stats.json", "README.md", "index.html"]) expect(names).toContain(want);
    expect(names.some((n) => n.startsWith("filtered/part-"))).toBe(true);
  });

  it.each([1, 2, 3])("%i worker process(es) write the bytes of the in-process run", async (n) => {
    const pool = await Promise.all(Array.from({ length: n }, () => startWorker(url)));
    workers.push(...pool);
    const out = join(dir, `q${n}`);
    const run = await sieve("run", INPUT, "--out", out, ...SHARD, ...FAST, "--queue", url);
    await Promise.all(pool.map((w) => w.stop()));
    expect(run.code, run.stderr).toBe(0);
    expect(outputs(out)).toEqual(reference);
    // Every job ran exactly once, spread over the workers.
    const done = pool.flatMap((w) => w.lines().filter((l) => l.startsWith("done ")));
    expect(done.length).toBe(jobCount(out));
    expect(new Set(done).size).toBe(done.length);
    if (n > 1) expect(pool.filter((w) => w.lines().some((l) => l.startsWith("done "))).length).toBeGreaterThan(1);
  }, 300_000);

  it("submitting a finished run again executes no job and changes no file", async () => {
    const out = join(dir, "q1");
    const before = mtimes(out);
    const worker = await startWorker(url);
    workers.push(worker);
    const again = await sieve("run", INPUT, "--out", out, ...SHARD, ...FAST, "--queue", url);
    await worker.stop();
    expect(again.code, again.stderr).toBe(0);
    expect(worker.lines().filter((l) => l.startsWith("start "))).toEqual([]);
    expect(mtimes(out)).toEqual(before);
    const status = await sieve("status", "--out", out);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/score +(\d+)\/\1 jobs done/);
    expect(status.stdout).toMatch(/finished/);
  }, 300_000);

  it("a worker killed with SIGKILL in the middle of a job: its job runs again on another worker, same bytes", async () => {
    const victim = await startWorker(url, QUICK_STALL);
    const out = join(dir, "killed");
    const run = sieve("run", INPUT, "--out", out, ...SHARD, ...FAST, "--queue", url);
    // The victim takes the first job alone; the survivor starts once that job is running.
    const started = await victim.waitFor(/^start (\S+)/);
    victim.child.kill("SIGKILL");
    await victim.stop();
    const survivor = await startWorker(url, QUICK_STALL);
    workers.push(survivor);
    const result = await run;
    await survivor.stop();
    expect(result.code, result.stderr).toBe(0);
    expect(victim.lines()).not.toContain(`done ${started[1]}`);
    // The stalled job was taken up again (BullMQ's stalled-job check) by the survivor.
    expect(survivor.lines().some((l) => l.startsWith(`start ${started[1]} `))).toBe(true);
    expect(outputs(out)).toEqual(reference);
  }, 300_000);

  it("a job failing every attempt stops the run naming stage, shard and log; sieve status shows it; fixed, the same command finishes", async () => {
    const out = join(dir, "failing");
    const args = ["run", INPUT, "--out", out, ...SHARD, ...FAST];
    const planned = await sieve(...args, "--stage", "plan");
    expect(planned.code, planned.stderr).toBe(0);
    // A file where the score jobs keep their bookkeeping folder: every score job fails.
    writeFileSync(join(out, "_sieve", "score"), "not a folder\n");
    const worker = await startWorker(url);
    workers.push(worker);
    const failed = await sieve(...args, "--queue", url);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^sieve: score job of shard \d+ failed 3 times: .+ \(log: .+\/_sieve\/logs\/score-\d+\.log\)\n$/);
    const status = await sieve("status", "--out", out);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/score +0\/\d+ jobs done/);
    expect(status.stdout).toMatch(/failed jobs:\nscore job \d+ failed \(.+score-\d+\.log\):\n {4}\S/);

    rmSync(join(out, "_sieve", "score"));
    const fixed = await sieve(...args, "--queue", url);
    await worker.stop();
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(outputs(out)).toEqual(reference);
    expect((await sieve("status", "--out", out)).stdout).toMatch(/\nfinished\n/);
  }, 300_000);

  it("Redis stopped mid-run: a one-line error; restarted, the same command resumes and writes the same bytes", async () => {
    const worker = await startWorker(url);
    workers.push(worker);
    const out = join(dir, "outage");
    const args = ["run", INPUT, "--out", out, ...SHARD, ...FAST, "--queue", url];
    const run = sieve(...args);
    await worker.waitFor(/^done \S+\.score\.\d+/);
    await stop(redis!, "SIGKILL");
    const failed = await run;
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim()).toBe(`sieve: cannot reach Redis at ${url}; start it and run the same command again to resume`);
    const doneBefore = readdirSync(join(out, "_sieve", "done"));
    expect(doneBefore.length).toBeGreaterThan(0);
    const linesBefore = worker.lines().length;

    redis = await startRedis(port);
    const resumed = await sieve(...args);
    await worker.stop();
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(outputs(out)).toEqual(reference);
    // The worker outlived the outage, and the jobs finished before it were not run again.
    const after = worker.lines().slice(linesBefore);
    expect(after.some((l) => l.startsWith("done "))).toBe(true);
    for (const marker of doneBefore) {
      const [stage, shard] = marker.split("-");
      expect(after.some((l) => l.startsWith("start ") && l.includes(`.${stage}.${shard} `)), marker).toBe(false);
    }
  }, 300_000);
});

/** Every output file except the `_sieve/` bookkeeping, path → contents (base64). */
function outputs(out: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const rel = relative(out, path);
      if (rel === "_sieve") continue;
      if (statSync(path).isDirectory()) walk(path);
      else files.set(rel, readFileSync(path).toString("base64"));
    }
  };
  walk(out);
  return files;
}

/** Modification times of every file in the folder, bookkeeping included. */
function mtimes(out: string): Record<string, number> {
  const times: Record<string, number> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const s = statSync(path);
      if (s.isDirectory()) walk(path);
      else times[relative(out, path)] = s.mtimeMs;
    }
  };
  walk(out);
  return times;
}

/** Jobs of the run in `out`: its completion markers. */
function jobCount(out: string): number {
  return readdirSync(join(out, "_sieve", "done")).length;
}

const sieve = sieveCli;

interface Worker {
  child: ChildProcess;
  /** Lines the worker wrote to stderr so far. */
  lines(): string[];
  /** Resolves with the match once a line matches. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  /** SIGTERM (finish the running job, exit), and wait for the exit. */
  stop(): Promise<void>;
}

/** A `sieve worker` child process, resolved once it is taking jobs. */
async function startWorker(url: string, extra: string[] = []): Promise<Worker> {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, "worker", "--queue", url, ...extra], { cwd: REPO, stdio: ["ignore", "ignore", "pipe"] });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  let rest = "";
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on("close", () => ((exited = true), resolve())));
  child.stderr!.setEncoding("utf8").on("data", (s: string) => {
    const parts = (rest + s).split("\n");
    rest = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of [...waiters]) {
        const m = line.match(w.pattern);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  });
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const seen = lines.map((l) => l.match(pattern)).find(Boolean);
      if (seen) return resolve(seen);
      waiters.push({ pattern, resolve });
      void exit.then(() => reject(new Error(`worker exited before a line matched ${pattern}:\n${lines.join("\n")}`)));
    });
  const worker: Worker = {
    child,
    lines: () => [...lines],
    waitFor,
    stop: async () => {
      if (!exited) child.kill("SIGTERM");
      await exit;
    },
  };
  await waitFor(/taking jobs from/);
  return worker;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway redis-server on the port (no persistence), resolved once it answers PING. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(REDIS_SERVER, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    if (await pong(port)) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server on port ${port} did not answer PING`);
}

function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    let reply = "";
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (d) => {
      reply += d.toString();
      if (reply.includes("\r\n")) {
        socket.destroy();
        resolve(reply.startsWith("+PONG"));
      }
    });
    socket.on("error", () => resolve(false));
  });
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  child.kill(signal);
  return exited;
}
