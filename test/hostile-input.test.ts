import { hostname } from "node:os";
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { batchToObjects } from "../src/io/arrow-values.js";
import { expandInputs, openDataset } from "../src/io/dataset-reader.js";
import { scoreDataset, TooManyRejectsError } from "../src/pipeline/score-dataset.js";
import { seededRandom } from "../src/base/seeded-random.js";
import { CASES, corruptParquet, good } from "./hostile-corpus.js";
import { IO_ONLY, readJsonl, tempDir } from "./io-fixtures.js";

describe("hostile-input corpus: every case is scored, rejected with its reason, or one clear file error", () => {
  it("has at least 30 kinds", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const dir = tempDir("sieve-hostile-");
      const input = c.make(dir);
      const out = join(dir, "out", "scored.jsonl");
      const options = { ...IO_ONLY, schemaRows: c.name.includes("schemaRows 5") ? 5 : undefined };
      if (c.fails) {
        const err = await scoreDataset(input, out, options).then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        expect(err, "the run must fail").toBeInstanceOf(Error);
        expect(err!.message.startsWith(`${input}: `), err!.message).toBe(true);
        expect(err!.message).toMatch(c.fails);
        expect(err!.message).not.toContain("\n");
        // Atomic: nothing under a final name, no temporary file left.
        expect(existsSync(join(dir, "out")) ? readdirSync(join(dir, "out")) : []).toEqual([]);
        return;
      }
      const e = c.expect!;
      const s = await scoreDataset(input, out, options);
      expect([s.rows_read, s.rows_scored, s.rows_rejected]).toEqual([e.scored + e.rejected, e.scored, e.rejected]);
      const rejects = readJsonl(join(dir, "out", "scored.rejects.jsonl"));
      const rejectedRows = rejects.reduce((n, r) => n + ((r.rows as number | undefined) ?? 1), 0);
      expect(rejectedRows).toBe(e.rejected);
      if (e.reasons) expect(rejects.map((r) => r.reason as string)).toEqual(e.reasons.map((re) => expect.stringMatching(re)));
      expect(s.rows_with_replaced_text ?? 0).toBe(e.replaced ?? 0);
      const rows = readJsonl(out);
      expect(rows.length).toBe(e.scored);
      if (e.columns) {
        const ds = await openDataset(input, options);
        expect(ds.schema.fields.map((f) => f.name)).toEqual(e.columns);
      }
      // Nothing reached a prototype: every row is a plain object with only own keys.
      for (const r of rows) expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(readdirSync(join(dir, "out")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    });
  }
});

describe("what hostile rows become", () => {
  it("keys named like prototype members are ordinary columns; rows without them have null, not the prototype", async () => {
    const dir = tempDir("sieve-hostile-");
    const input = join(dir, "keys.jsonl");
    writeFileSync(
      input,
      [
        JSON.stringify(good(0)),
        '{"instruction":"i","response":"r","__proto__":{"polluted":1},"constructor":"c","":"e"}',
        JSON.stringify(good(1)),
      ].join("\n") + "\n",
    );
    const out = join(dir, "o.jsonl");
    await scoreDataset(input, out, IO_ONLY);
    const text = readFileSync(out, "utf8").split("\n").filter(Boolean);
    const parsed = text.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed[0]!.constructor).toBe(null);
    expect(Object.hasOwn(parsed[0]!, "__proto__")).toBe(true);
    expect(parsed[0]!["__proto__"]).toBe(null);
    expect(parsed[1]!["__proto__"]).toEqual({ polluted: 1 });
    expect(parsed[1]!.constructor).toBe("c");
    expect(parsed[1]![""]).toBe("e");
    expect(parsed[2]!["__proto__"]).toBe(null);
    // Read back through our own reader: the __proto__ column stays a column.
    const ds = await openDataset(out);
    for await (const sb of ds.batches()) {
      const rows = batchToObjects(sb.batch);
      expect(Object.getPrototypeOf(rows[1])).toBe(Object.prototype);
      expect(Object.hasOwn(rows[1]!, "__proto__")).toBe(true);
    }
  });

  it("rare keys go into one JSON column as an object, the common ones stay columns", async () => {
    const dir = tempDir("sieve-hostile-");
    const input = CASES.find((c) => c.name.startsWith("hundreds of rows with garbled keys"))!.make(dir);
    const out = join(dir, "o.jsonl");
    await scoreDataset(input, out, IO_ONLY);
    const rows = readJsonl(out);
    expect(rows[0]!._extra_fields).toBe(null);
    expect(rows[200]!._extra_fields).toEqual({ "in\ufffdtruction0": "x0" });
  });

  it("a damaged Parquet row group is recorded with its row range in the rejects and the summary, and --max-errors counts its rows", async () => {
    const dir = tempDir("sieve-hostile-");
    const input = join(dir, "c.parquet");
    writeFileSync(input, corruptParquet(3, 100, 1));
    const out = join(dir, "o.parquet");
    const s = await scoreDataset(input, out, IO_ONLY);
    expect(s.damaged_parts).toEqual([{ source: input, first_row: 100, rows: 100, reason: expect.stringMatching(/^damaged Parquet row group 1: rows 100–199 skipped/) }]);
    const summary = JSON.parse(readFileSync(join(dir, "o.summary.json"), "utf8"));
    expect(summary.damaged_parts[0]).toMatchObject({ first_row: 100, rows: 100 });
    expect(readJsonl(join(dir, "o.rejects.jsonl"))[0]).toMatchObject({ row: 100, rows: 100, raw: "" });
    await expect(scoreDataset(input, join(dir, "p.parquet"), { ...IO_ONLY, maxErrors: 99 })).rejects.toBeInstanceOf(TooManyRejectsError);
    expect(readdirSync(dir).filter((f) => f.startsWith("p.") || f.startsWith(".p."))).toEqual([]);
  });

  it("temporary files of a killed run are removed by the next run to the same output; a live run's are kept", async () => {
    const dir = tempDir("sieve-hostile-");
    const input = join(dir, "in.jsonl");
    writeFileSync(input, JSON.stringify(good(0)) + "\n");
    const out = join(dir, "o.jsonl");
    // On this machine: a pid no process has (past the kernel's pid_max) and the live parent
    // process; and a temp file of another machine sharing the folder, which cannot be checked.
    const host = hostname().replace(/[^A-Za-z0-9-]/g, "_");
    const dead = join(dir, `.o.jsonl.${host}.99999999.tmp`);
    const live = join(dir, `.o.jsonl.${host}.${process.ppid}.tmp`);
    const elsewhere = join(dir, ".o.jsonl.other-machine.99999999.tmp");
    writeFileSync(dead, "half a file");
    writeFileSync(live, "being written");
    writeFileSync(elsewhere, "being written on another machine");
    await scoreDataset(input, out, IO_ONLY);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(elsewhere)).toBe(true);
    // A folder input never takes a temporary file for a dataset.
    expect((await expandInputs(dir)).some((f) => f.endsWith(".tmp"))).toBe(false);
  });
});

describe("the command line: one line naming the file, the documented exit code", () => {
  // Async, so the test worker keeps answering vitest while the CLI runs.
  const cli = (args: string[]) =>
    new Promise<{ status: number; stderr: string }>((done) => {
      execFile(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { encoding: "utf8" }, (error, _stdout, stderr) => {
        done({ status: error ? (typeof error.code === "number" ? error.code : 1) : 0, stderr });
      });
    });

  it("a whole-file failure exits 1 with one 'sieve:' line and no stack trace; a damaged row group exits 0", async () => {
    const dir = tempDir("sieve-hostile-");
    const cut = CASES.find((c) => c.name === "a truncated .jsonl.gz")!.make(dir);
    const r = await cli(["score", cut, "-o", join(dir, "a.parquet"), "-q", "--workers", "0", "--no-readability", "--toxicity", "off", "--embedder", "off", "--domain", "off"]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([expect.stringMatching(new RegExp(`^sieve: ${cut.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: the gzip data is truncated`))]);
    expect(readdirSync(dir).filter((f) => f.includes("a."))).toEqual([]);

    const pq = CASES.find((c) => c.name.startsWith("a Parquet file with a damaged page"))!.make(dir);
    const p = await cli(["score", pq, "-o", join(dir, "b.jsonl"), "-q", "--workers", "0", "--no-readability", "--toxicity", "off", "--embedder", "off", "--domain", "off"]);
    expect(p.stderr).not.toMatch(/RuntimeError|\n\s+at /);
    expect(p.status).toBe(0);
    expect(readJsonl(join(dir, "b.jsonl")).length).toBe(200);
  });
});

describe("fuzz: mutated rows never crash a run and are all accounted for", () => {
  const MUTATIONS = [
    (s: string, r: () => number) => { const i = Math.floor(r() * s.length); return s.slice(0, i) + s.slice(i + 1); },
    (s: string, r: () => number) => { const i = Math.floor(r() * s.length); return s.slice(0, i) + "{[\"}],:\\"[Math.floor(r() * 9)] + s.slice(i); },
    (s: string, r: () => number) => { const i = Math.floor(r() * s.length); return s.slice(0, i) + String.fromCharCode(Math.floor(r() * 0x3000)) + s.slice(i + 1); },
    (s: string) => s.replace('"response"', '"__proto__"'),
    (s: string) => s.replace("{", '{"constructor":{"toString":1},'),
    (s: string, r: () => number) => s.replace("{", `{"k${Math.floor(r() * 1e6)}":${"[".repeat(1 + Math.floor(r() * 300))}${"]".repeat(1 + Math.floor(r() * 300))},`),
    (s: string) => s.replace('"instruction"', '"instr\\ud800uction"'),
    (s: string, r: () => number) => s.slice(0, Math.floor(r() * s.length)),
    (s: string) => s + s,
    (s: string) => s.replace(/"([^"]*)"/, '"$1\\u0000"'),
  ];

  it("3,000 seeded mutations of JSON Lines rows: rows read = non-blank lines = scored + rejected", async () => {
    const random = seededRandom(16);
    const dir = tempDir("sieve-fuzz-");
    const parts: Buffer[] = [];
    for (let i = 0; i < 20; i++) parts.push(Buffer.from(JSON.stringify(good(i)) + "\n"));
    for (let i = 0; i < 3000; i++) {
      let line = JSON.stringify({ ...good(i), meta: { n: i, tags: ["a", "b"] } });
      const times = 1 + Math.floor(random() * 3);
      for (let t = 0; t < times; t++) line = MUTATIONS[Math.floor(random() * MUTATIONS.length)]!(line, random);
      let bytes = Buffer.from(line.replace(/\n/g, " "));
      if (random() < 0.05) bytes = Buffer.concat([bytes, Buffer.from([0xc3, 0x28, 0xff])]); // invalid UTF-8
      parts.push(bytes, Buffer.from("\n"));
    }
    const data = Buffer.concat(parts);
    const input = join(dir, "fuzz.jsonl");
    writeFileSync(input, data);
    const expected = data
      .toString("latin1")
      .split("\n")
      .filter((l) => l.replace(/[ \t\r]/g, "") !== "").length;
    const s = await scoreDataset(input, join(dir, "o.parquet"), IO_ONLY);
    expect(s.rows_read).toBe(expected);
    expect(s.rows_read).toBe(s.rows_scored + s.rows_rejected);
    expect(s.rows_scored).toBeGreaterThan(20);
    expect(s.rows_rejected).toBeGreaterThan(0);
  });

  it("the same mutations as elements of a JSON array: accounted for, or one error naming the file", async () => {
    const random = seededRandom(61);
    const dir = tempDir("sieve-fuzz-");
    for (let f = 0; f < 6; f++) {
      const elements = [JSON.stringify(good(0)), JSON.stringify(good(1))];
      for (let i = 0; i < 150; i++) {
        let el = JSON.stringify({ ...good(i), meta: { n: i } });
        el = MUTATIONS[Math.floor(random() * MUTATIONS.length)]!(el, random);
        elements.push(el);
      }
      const input = join(dir, `fuzz${f}.json`);
      writeFileSync(input, "[\n" + elements.join(",\n") + "\n]\n");
      try {
        const s = await scoreDataset(input, join(dir, `o${f}.parquet`), IO_ONLY);
        expect(s.rows_read).toBe(s.rows_scored + s.rows_rejected);
        expect(s.rows_scored).toBeGreaterThanOrEqual(2);
      } catch (e) {
        expect((e as Error).message.startsWith(`${input}: `), (e as Error).message).toBe(true);
      }
    }
  });
});
