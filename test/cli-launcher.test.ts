import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "./cli-child.js";

/**
 * The `sieve` command's launcher (bin/sieve.js): its first two lines are read by sh, which
 * sets MALLOC_ARENA_MAX and runs the same file with node. The launcher's own header is put
 * above a body that prints what node received, so the test runs the real header without
 * needing a build of the CLI (the package test runs `npx sieve` on a packed build).
 */
const execFileAsync = promisify(execFile);
let work: string;
let probe: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "sieve-launcher-"));
  const header = readFileSync(join(REPO, "bin", "sieve.js"), "utf8").split("\n").slice(0, 2).join("\n");
  probe = join(work, "probe.mjs");
  writeFileSync(probe, `${header}\nconsole.log(JSON.stringify({ arenas: process.env.MALLOC_ARENA_MAX ?? null, args: process.argv.slice(2) }));\n`);
  chmodSync(probe, 0o755);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

async function launch(file: string, args: string[], env: Record<string, string | undefined>): Promise<{ arenas: string | null; args: string[] }> {
  const { stdout } = await execFileAsync(file, args, { env: { ...process.env, ...env }, encoding: "utf8" });
  return JSON.parse(stdout) as { arenas: string | null; args: string[] };
}

describe.skipIf(process.platform === "win32")("bin/sieve.js", () => {
  it("is a shell script to the kernel and valid JavaScript to node", () => {
    const text = readFileSync(join(REPO, "bin", "sieve.js"), "utf8");
    expect(text.startsWith("#!/bin/sh\n")).toBe(true);
    expect(text).toContain('import "../dist/cli/main.js";');
  });

  it("runs node with two malloc arenas and passes every argument through unchanged", async () => {
    const args = ["run", "my data.jsonl", "--out", "a b/", "$HOME", "*", ""];
    expect(await launch(probe, args, { MALLOC_ARENA_MAX: undefined })).toEqual({ arenas: "2", args });
  });

  it("keeps the caller's MALLOC_ARENA_MAX", async () => {
    expect((await launch(probe, [], { MALLOC_ARENA_MAX: "8" })).arenas).toBe("8");
  });

  it("works through a symlink, as node_modules/.bin/sieve reaches it", async () => {
    const link = join(work, "sieve");
    symlinkSync(probe, link);
    expect(await launch(link, ["--version"], { MALLOC_ARENA_MAX: undefined })).toEqual({ arenas: "2", args: ["--version"] });
  });
});
