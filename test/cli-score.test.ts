import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, sieveCli } from "./cli-child.js";
import { readJsonl, tempDir, writeJsonl, writeText } from "./io-fixtures.js";

// The CLI under test is the source: tsx compiles it on the fly, so no build is needed or used.
const FAST = ["--quiet", "--toxicity", "off", "--embedder", "off", "--domain", "off", "--no-readability"];

const sieve = sieveCli;

describe("sieve CLI", () => {
  it("--help and --version exit 0; help documents the exit codes", async () => {
    const help = await sieve("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: sieve/);
    expect(help.stdout).toMatch(/score \[options\] <inputs\.\.\.>/);
    expect(help.stdout).toMatch(/Exit codes:[\s\S]*3 {2}more rows rejected than --max-errors allows/);
    const version = await sieve("--version");
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version);
    const scoreHelp = await sieve("score", "--help");
    expect(scoreHelp.code).toBe(0);
    expect(scoreHelp.stdout).toMatch(/--max-errors <n>/);
  });

  it.each([
    [["--no-such-flag"]],
    [["score", "x.jsonl"]],
    [["score", "x.jsonl", "-o", "o.jsonl", "--batch-size", "0"]],
    [["score", "x.jsonl", "-o", "o.jsonl", "--limit", "ten"]],
    [["run", "x.jsonl", "--out", "o", "--format", "xml"]],
    [["score", "x.jsonl", "-o", "o.parquet", "--compression", "lzma"]],
    [["frobnicate"]],
  ])("usage error %j exits 2", async (args) => {
    const r = await sieve(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toBe("");
  });

  it("an unreadable input exits 1 with a message naming the file", async () => {
    const dir = tempDir();
    const r = await sieve("score", join(dir, "missing.jsonl"), "-o", join(dir, "o.jsonl"), ...FAST);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(dir, "missing.jsonl")}: no such file`);
  });

  it("scores, prints the accounting, and writes output, rejects and summary", async () => {
    const dir = tempDir();
    const input = writeText(join(dir, "in.jsonl"), [`{"instruction":"a","response":"bb"}`, `oops`, `{"instruction":"ccc","response":""}`].join("\n") + "\n");
    const out = join(dir, "o.parquet");
    const r = await sieve("score", input, "-o", out, ...FAST);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("rows read 3 = scored 2 + rejected 1");
    expect(r.stdout).toContain("rejected 1: line is not valid JSON");
    expect(existsSync(out)).toBe(true);
    expect(readJsonl(join(dir, "o.rejects.jsonl")).map((x) => x.line)).toEqual([2]);
    expect(JSON.parse(readFileSync(join(dir, "o.summary.json"), "utf8"))).toMatchObject({ rows_read: 3, rows_scored: 2, rows_rejected: 1 });
  });

  it("--max-errors exits 3 once exceeded", async () => {
    const dir = tempDir();
    const input = writeText(join(dir, "in.jsonl"), `{"instruction":"a","response":"b"}\nbad\nworse\n`);
    const r = await sieve("score", input, "-o", join(dir, "o.jsonl"), "--max-errors", "1", ...FAST);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("--max-errors 1");
    expect(existsSync(join(dir, "o.jsonl"))).toBe(false);
    expect((await sieve("score", input, "-o", join(dir, "o.jsonl"), "--max-errors", "2", ...FAST)).code).toBe(0);
  });

  it("--limit, --batch-size and the layout flags reach the reader", async () => {
    const dir = tempDir();
    const input = writeJsonl(
      join(dir, "in.jsonl"),
      Array.from({ length: 7 }, (_, i) => ({ q: { text: `question ${i}` }, a: `answer number ${i}` })),
    );
    const out = join(dir, "o.jsonl");
    const r = await sieve("score", input, "-o", out, "--limit", "5", "--batch-size", "2", "--instruction-field", "q.text", "--response-field", "a", ...FAST);
    expect(r.code).toBe(0);
    const rows = readJsonl(out);
    expect(rows.map((x) => x.response_chars)).toEqual([15, 15, 15, 15, 15]);
    expect(rows.map((x) => x.instruction_chars)).toEqual([10, 10, 10, 10, 10]);
  });

  it.runIf(existsSync(join(REPO, "examples", "sample.jsonl")))("runs the README's example: sieve run examples/sample.jsonl --out <dir>", async () => {
    const dir = tempDir();
    const r = await sieve("run", "examples/sample.jsonl", "--out", dir, "--quiet");
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, "complete.parquet"))).toBe(true);
    const summary = JSON.parse(readFileSync(join(dir, "complete.summary.json"), "utf8"));
    expect(summary.rows_rejected).toBe(0);
    expect(summary.rows_scored).toBe(readFileSync(join(REPO, "examples", "sample.jsonl"), "utf8").split("\n").filter((l) => l.trim()).length);
  });
});
