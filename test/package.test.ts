import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The package as someone else's project gets it: the current source is compiled into a
 * staging copy, packed with `npm pack`, and installed into a throw-away project from the
 * local npm cache (no install script may need the network). The project type-checks a
 * strict TypeScript file against the public API, runs it, and runs `npx sieve --version`.
 */
const REPO = fileURLToPath(new URL("..", import.meta.url));
const TSC = join(REPO, "node_modules", "typescript", "bin", "tsc");
const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { name: string; version: string; dependencies: Record<string, string> };

let work: string;
let tarball: string;
let packedFiles: string[];

const execFileAsync = promisify(execFile);

/**
 * Run a command and return its stdout; on failure the error carries stdout and stderr. Async,
 * so the minutes an install can take never block the test worker's messages to vitest.
 */
async function run(cmd: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(cmd, args, {
      cwd,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" },
    });
    return stdout;
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    err.message = `${err.message}\n${err.stdout ?? ""}${err.stderr ?? ""}`;
    throw err;
  }
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p, { throwIfNoEntry: false });
    if (!s || s.isSymbolicLink()) continue;
    total += s.isDirectory() ? folderBytes(p) : s.size;
  }
  return total;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "sieve-pack-"));
  const stage = join(work, "stage");
  for (const f of ["package.json", "README.md", "LICENSE", "data", "bin"]) cpSync(join(REPO, f), join(stage, f), { recursive: true });
  // Compile the current source (not whatever dist/ holds) into the staging copy.
  await run(process.execPath, [TSC, "-p", join(REPO, "tsconfig.json"), "--outDir", join(stage, "dist")], REPO);
  chmodSync(join(stage, "dist", "cli", "main.js"), 0o755);
  const packed = JSON.parse(await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], stage)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, packed[0]!.filename);
  packedFiles = packed[0]!.files.map((f) => f.path);
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("npm pack", () => {
  it("holds the compiled package, its data, README and licence, and nothing else", () => {
    const outside = packedFiles.filter((p) => !/^(bin\/sieve\.js|dist\/.+\.(js|d\.ts)|data\/.+|README\.md|LICENSE|package\.json)$/.test(p));
    expect(outside).toEqual([]);
    for (const f of ["bin/sieve.js", "dist/index.js", "dist/index.d.ts", "dist/cli/main.js", "dist/pipeline/score-worker.js", "LICENSE"]) expect(packedFiles).toContain(f);
    // Every table compiled from third-party data keeps its licence or source note beside it
    // (data/presets holds the project's own configs, under the package's licence).
    const dataFolders = new Set(packedFiles.filter((p) => p.startsWith("data/") && !p.startsWith("data/presets/")).map((p) => p.split("/")[1]));
    expect(dataFolders.size).toBeGreaterThanOrEqual(3);
    for (const folder of dataFolders) {
      expect(packedFiles.some((p) => p.startsWith(`data/${folder}/`) && /(licen[cs]e|copyright|source)/i.test(p)), `data/${folder} has a licence file`).toBe(true);
    }
    expect(statSync(tarball).size).toBeLessThan(3 * 1024 * 1024);
  });

  it("does not depend on transformers.js: it is an optional peer", () => {
    expect(Object.keys(pkg.dependencies)).not.toContain("@huggingface/transformers");
  });
});

describe("a consumer project", () => {
  let project: string;

  beforeAll(async () => {
    project = join(work, "consumer");
    cpSync(join(REPO, "examples", "sample.jsonl"), join(project, "data.jsonl"));
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2));
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, types: ["node"], outDir: "build" }, include: ["main.ts"] }, null, 2),
    );
    writeFileSync(
      join(project, "main.ts"),
      [
        'import sieve, { openDataset, type RunResult, type Scorer } from "sft-sieve";',
        "",
        'const result: RunResult = await sieve.run("data.jsonl", { out: "out", quiet: true });',
        'const dataset = await openDataset("data.jsonl");',
        "let rows = 0;",
        "for await (const { batch } of dataset.batches()) rows += batch.numRows;",
        "const names: Scorer[] = [];",
        "console.log(JSON.stringify({ read: result.score.rows_read, kept: result.filter.stats.rows_kept, rows, scorers: names.length }));",
        "",
      ].join("\n"),
    );
    // From the local cache where it can: the test must not need more network than `npm ci` did.
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball, `@types/node@${"^20"}`], project);
  }, 600_000);

  it("installs without transformers.js or ONNX Runtime", () => {
    const modules = join(project, "node_modules");
    expect(existsSync(join(modules, "sft-sieve", "dist", "index.js"))).toBe(true);
    expect(existsSync(join(modules, "@huggingface", "transformers"))).toBe(false);
    expect(existsSync(join(modules, "onnxruntime-node"))).toBe(false);
    const mb = folderBytes(modules) / 1e6;
    console.log(`consumer node_modules: ${mb.toFixed(1)} MB`);
    expect(mb).toBeLessThan(200);
  });

  it("type-checks strict TypeScript against the public API and runs it", async () => {
    await run(process.execPath, [TSC, "-p", "tsconfig.json"], project);
    const out = JSON.parse((await run(process.execPath, [join("build", "main.js")], project)).trim().split("\n").pop()!) as Record<string, number>;
    const sample = readFileSync(join(REPO, "examples", "sample.jsonl"), "utf8").split("\n").filter((l) => l.trim()).length;
    expect(out.read).toBe(sample);
    expect(out.rows).toBe(sample);
    expect(out.kept).toBeGreaterThan(0);
    expect(existsSync(join(project, "out", "filtered.parquet"))).toBe(true);
    expect(existsSync(join(project, "out", "index.html"))).toBe(true);
  });

  it("runs `npx sieve --version`", async () => {
    expect((await run("npx", ["--no-install", "sieve", "--version"], project)).trim()).toBe(pkg.version);
  });

  it("names the package to install when a model-backed scorer is asked for", async () => {
    let message = "";
    try {
      // The installed bin directly: npx may add its own warnings to stderr.
      await run(join(project, "node_modules", ".bin", "sieve"), ["score", "data.jsonl", "-o", "scored.parquet", "--toxicity", "model", "-q"], project);
    } catch (e) {
      message = String((e as { stderr?: string }).stderr);
    }
    expect(message).toContain("npm install @huggingface/transformers");
    expect(message.trim().split("\n")).toHaveLength(1);
    expect(existsSync(join(project, "scored.parquet"))).toBe(false);
  });
});
