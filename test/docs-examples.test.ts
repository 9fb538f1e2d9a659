import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Every TypeScript example in README.md and docs/*.md runs, against the current source: the
 * front door never shows code that does not work. An example runs in a fresh folder that
 * holds the files the examples name (data.jsonl, a.jsonl, b.parquet, scored.parquet). A
 * block preceded by `<!-- not run: reason -->` is skipped (for example one that needs a model
 * download).
 */
const REPO = fileURLToPath(new URL("..", import.meta.url));
const execFileAsync = promisify(execFile);
const INDEX = pathToFileURL(join(REPO, "src", "index.ts")).href;
const SAMPLE = join(REPO, "examples", "sample.jsonl");
/** tsx's loader by absolute URL: the examples run in a temporary folder outside the repository. */
const TSX = pathToFileURL(join(REPO, "node_modules", "tsx", "dist", "loader.mjs")).href;

interface Example {
  file: string;
  line: number;
  code: string;
}

export function codeExamples(markdown: string, file: string): Example[] {
  const examples: Example[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript|js|javascript)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    const before = lines.slice(Math.max(0, start - 2), start).join("\n");
    if (/<!--\s*not run:/.test(before)) continue;
    examples.push({ file, line: start + 1, code: body.join("\n") });
  }
  return examples;
}

const docs = [join(REPO, "README.md"), ...readdirSync(join(REPO, "docs")).filter((f) => f.endsWith(".md")).map((f) => join(REPO, "docs", f))];
const examples = docs.flatMap((path) => codeExamples(readFileSync(path, "utf8"), path.slice(REPO.length)));

let fixtures: string;

beforeAll(async () => {
  fixtures = mkdtempSync(join(tmpdir(), "sieve-docs-"));
  copyFileSync(SAMPLE, join(fixtures, "data.jsonl"));
  copyFileSync(SAMPLE, join(fixtures, "a.jsonl"));
  const { score } = await import("../src/index.js");
  await score(SAMPLE, join(fixtures, "b.parquet"), { quiet: true, workers: 0 });
  await score(SAMPLE, join(fixtures, "scored.parquet"), { quiet: true, workers: 0 });
}, 120_000);

afterAll(() => {
  if (fixtures) rmSync(fixtures, { recursive: true, force: true });
});

describe("code examples in README.md and docs/", () => {
  it("finds the README's library examples", () => {
    expect(examples.filter((e) => e.file === "README.md").length).toBeGreaterThanOrEqual(1);
  });

  it("skips a block marked as not run, and reads the rest", () => {
    const md = "```ts\nconst a = 1;\n```\n<!-- not run: needs a model -->\n```ts\nconst b = 2;\n```\n```sh\nls\n```\n";
    expect(codeExamples(md, "x.md").map((e) => e.code)).toEqual(["const a = 1;"]);
  });

  for (const example of examples) {
    it(`${example.file}:${example.line} runs`, async () => {
      const dir = mkdtempSync(join(fixtures, "run-"));
      for (const f of ["data.jsonl", "a.jsonl", "b.parquet", "scored.parquet"]) copyFileSync(join(fixtures, f), join(dir, f));
      const code = example.code.replace(/(["'])sft-sieve\1/g, JSON.stringify(INDEX));
      writeFileSync(join(dir, "example.mts"), code + "\n");
      try {
        // Async, so the test worker keeps answering vitest while the example runs.
        await execFileAsync(process.execPath, ["--import", TSX, "example.mts"], { cwd: dir, encoding: "utf8", timeout: 120_000 });
      } catch (e) {
        const err = e as { stderr?: string; stdout?: string };
        throw new Error(`${example.file}:${example.line} failed:\n${err.stderr ?? ""}${err.stdout ?? ""}`);
      }
    }, 150_000);
  }
});
