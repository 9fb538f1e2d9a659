import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { createBatchWriter, outputFormat } from "../src/io/batch-writer.js";
import { openDataset } from "../src/io/dataset-reader.js";
import { scoreDataset } from "../src/pipeline/score-dataset.js";
import { IO_ONLY, readAll, readJsonl, tempDir, writeJsonl, writeText } from "./io-fixtures.js";

// Every kind of value a JSON dataset holds: text with multi-byte characters, whole and
// fractional numbers, booleans, nulls, missing keys, nested conversations, lists, and a
// field whose values disagree in type (kept as JSON text).
const ROWS: Record<string, unknown>[] = [
  { instruction: "Add 2 and 3.", response: "5", score: 1, ok: true, tags: ["math", "easy"], meta: "plain", nested: { a: 1, b: "x" } },
  { instruction: "Café ☕ or tea 🍵?", response: "Both — «ça dépend».", score: -2.75, ok: false, tags: [], meta: { source: "web", n: 3 }, nested: { a: 2, b: null } },
  { conversation: { messages: [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello!\nHow are you?" }] }, score: null, ok: null, tags: null, meta: [1, "two", null] },
  { instruction: "Empty answer", response: "", score: 1e-7, tags: ["x"], meta: 42, nested: null },
  { instruction: 'Quote "this" \\ and \t tab', response: "中文回答。", score: 123456789, ok: true, tags: ["a", "b", "c"], meta: null, nested: { a: 3, b: "y" } },
];
const KEYS = ["instruction", "response", "score", "ok", "tags", "meta", "nested", "conversation"];

/** What a row reads back as: every column of the dataset, a missing key as null, plus the id. */
function expected(file: string): Record<string, unknown>[] {
  return ROWS.map((r, i) => {
    const out: Record<string, unknown> = {};
    for (const k of KEYS) out[k] = r[k] ?? null;
    out.id = `${file}:${i}`;
    return out;
  });
}

/** Rows with keys sorted, so key order does not matter to the comparison. */
function sorted(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((r) => Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]])));
}

/** Column names of a Parquet file, read by DuckDB. */
async function parquetColumns(path: string): Promise<string[]> {
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  try {
    const rows = (await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`)).getRowObjectsJson();
    return rows.map((r) => String(r.column_name));
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

async function copyDataset(input: string, output: string, batchSize = 2): Promise<void> {
  const ds = await openDataset(input, { batchSize });
  const w = await createBatchWriter(output, ds.schema);
  for await (const sb of ds.batches()) await w.write(sb.batch);
  await w.close();
}

describe("writers", () => {
  it("choose the format by extension and refuse the ones they cannot write", () => {
    expect(outputFormat("a.parquet")).toBe("parquet");
    expect(outputFormat("a.arrow")).toBe("arrow");
    expect(outputFormat("a.arrows")).toBe("arrow");
    expect(outputFormat("a.jsonl")).toBe("jsonl");
    expect(() => outputFormat("a.json")).toThrow("a.json: cannot tell the output format");
    expect(() => outputFormat("a.jsonl.gz")).toThrow("cannot tell the output format");
    expect(() => outputFormat("a.csv")).toThrow("cannot tell the output format");
  });

  for (const ext of ["parquet", "arrow", "arrows", "jsonl"]) {
    it(`.${ext}: every value reads back unchanged, nested messages included`, async () => {
      const dir = tempDir();
      const input = writeJsonl(join(dir, "in.jsonl"), ROWS);
      const out = join(dir, `out.${ext}`);
      await copyDataset(input, out);
      const back = await readAll(out);
      expect(sorted(back.rows)).toEqual(sorted(expected("in.jsonl")));
      // The ids written are the input's, so reading the output keeps them.
      expect(back.ids).toEqual(ROWS.map((_, i) => `in.jsonl:${i}`));
      expect(back.multiTurn).toEqual([0, 0, 1, 0, 0]);
      expect(back.response[2]).toBe("Hello!\nHow are you?");
      // Nothing but the final file is left in the folder.
      expect(readdirSync(dir).sort()).toEqual(["in.jsonl", `out.${ext}`]);
    });
  }

  it("Parquet output is zstd-compressed, typed, and readable by another engine (DuckDB)", async () => {
    const dir = tempDir();
    const input = writeJsonl(join(dir, "in.jsonl"), ROWS);
    const out = join(dir, "out.parquet");
    await copyDataset(input, out);
    const db = await DuckDBInstance.create(":memory:");
    const con = await db.connect();
    try {
      const codecs = (await con.runAndReadAll(`SELECT DISTINCT compression FROM parquet_metadata('${out}')`)).getRowObjectsJson();
      expect(codecs).toEqual([{ compression: "ZSTD" }]);
      const rows = (await con.runAndReadAll(`SELECT instruction, score, tags, meta, nested FROM read_parquet('${out}')`)).getRowObjectsJson();
      expect(rows.map((r) => r.instruction)).toEqual(ROWS.map((r) => r.instruction ?? null));
      expect(rows.map((r) => r.score)).toEqual([1, -2.75, null, 1e-7, 123456789]);
      expect(rows.map((r) => r.tags)).toEqual([["math", "easy"], [], null, ["x"], ["a", "b", "c"]]);
      expect(rows.map((r) => r.nested)).toEqual([{ a: 1, b: "x" }, { a: 2, b: null }, null, null, { a: 3, b: "y" }]);
      // The mixed-type column is JSON text, as any reader sees it.
      expect(rows.map((r) => r.meta)).toEqual(['"plain"', '{"source":"web","n":3}', '[1,"two",null]', "42", null]);
    } finally {
      con.closeSync();
      db.closeSync();
    }
  });

  it("Arrow output is readable by apache-arrow directly, file and stream formats", async () => {
    const dir = tempDir();
    const input = writeJsonl(join(dir, "in.jsonl"), ROWS);
    for (const ext of ["arrow", "arrows"]) {
      const out = join(dir, `out.${ext}`);
      await copyDataset(input, out);
      const table = tableFromIPC(readFileSync(out));
      expect(table.numRows).toBe(5);
      expect(table.getChild("response")!.toArray()).toEqual(ROWS.map((r) => r.response ?? null));
      // File format starts with the ARROW1 magic; stream format does not.
      expect(readFileSync(out).subarray(0, 6).toString("latin1") === "ARROW1").toBe(ext === "arrow");
    }
  });

  it("abort leaves neither the final file nor the temporary one", async () => {
    const dir = tempDir();
    const input = writeJsonl(join(dir, "in.jsonl"), ROWS);
    for (const ext of ["parquet", "arrow", "jsonl"]) {
      const ds = await openDataset(input);
      const w = await createBatchWriter(join(dir, `out.${ext}`), ds.schema);
      for await (const sb of ds.batches()) await w.write(sb.batch);
      await w.abort();
    }
    expect(readdirSync(dir)).toEqual(["in.jsonl"]);
  });
});

describe("round trips through the scoring command's path", () => {
  it("JSONL → Parquet → JSONL keeps every original value and adds the length columns", async () => {
    const dir = tempDir();
    const input = writeJsonl(join(dir, "in.jsonl"), ROWS);
    await scoreDataset(input, join(dir, "scored.parquet"), IO_ONLY);
    await scoreDataset(join(dir, "scored.parquet"), join(dir, "back.jsonl"), IO_ONLY);
    const back = readJsonl(join(dir, "back.jsonl"));
    const originals = back.map((r) => Object.fromEntries(KEYS.concat("id").map((k) => [k, r[k]])));
    expect(sorted(originals)).toEqual(sorted(expected("in.jsonl")));
    expect(back.map((r) => r.response_chars)).toEqual([1, 19, 19, 0, 5]);
    expect(back.map((r) => r.turns)).toEqual([2, 2, 2, 1, 2]);
  });

  it("JSONL → Arrow → JSONL is byte-identical to JSONL → JSONL", async () => {
    const dir = tempDir();
    const input = writeJsonl(join(dir, "in.jsonl"), ROWS);
    await scoreDataset(input, join(dir, "direct.jsonl"), IO_ONLY);
    await scoreDataset(input, join(dir, "via.arrow"), IO_ONLY);
    await copyDataset(join(dir, "via.arrow"), join(dir, "via.jsonl"));
    expect(readFileSync(join(dir, "via.jsonl"), "utf8")).toBe(readFileSync(join(dir, "direct.jsonl"), "utf8"));
  });
});

describe("empty input", () => {
  for (const ext of ["parquet", "arrow", "arrows", "jsonl"]) {
    it(`gives a valid, empty .${ext} output and an all-zero summary`, async () => {
      const dir = tempDir();
      const input = writeText(join(dir, "empty.jsonl"), "\n\n");
      const out = join(dir, `out.${ext}`);
      const s = await scoreDataset(input, out, IO_ONLY);
      expect([s.rows_read, s.rows_scored, s.rows_rejected]).toEqual([0, 0, 0]);
      const back = await readAll(out);
      expect(back.rows).toEqual([]);
      if (ext === "jsonl") expect(readFileSync(out, "utf8")).toBe("");
      else if (ext === "parquet") expect(await parquetColumns(out)).toEqual(expect.arrayContaining(["id", "instruction_chars", "response_chars"]));
      else {
        const table = tableFromIPC(readFileSync(out));
        expect(table.numRows).toBe(0);
        expect(table.schema.fields.map((f) => f.name)).toEqual(expect.arrayContaining(["id", "instruction_chars", "response_chars"]));
      }
      expect(readFileSync(join(dir, "out.rejects.jsonl"), "utf8")).toBe("");
      expect(JSON.parse(readFileSync(join(dir, "out.summary.json"), "utf8"))).toMatchObject({ rows_read: 0, rows_scored: 0, rows_rejected: 0 });
    });
  }
});

describe("determinism", () => {
  it("the same input twice gives byte-identical outputs, rejects and summaries in every format", async () => {
    const dir = tempDir();
    const input = writeText(
      join(dir, "in.jsonl"),
      ROWS.map((r) => JSON.stringify(r)).join("\n") + "\nnot json\n" + JSON.stringify({ instruction: "", response: "" }) + "\n",
    );
    for (const ext of ["parquet", "arrow", "arrows", "jsonl"]) {
      // Same output path both times: the summary names it.
      const bytes: Buffer[][] = [];
      for (let run = 0; run < 2; run++) {
        await scoreDataset(input, join(dir, `out.${ext}`), { ...IO_ONLY, batchSize: 3 });
        bytes.push([`out.${ext}`, "out.rejects.jsonl", "out.summary.json"].map((f) => readFileSync(join(dir, f))));
      }
      expect(bytes[0]![0]!.length).toBeGreaterThan(0);
      for (let i = 0; i < 3; i++) expect(bytes[1]![i]!.equals(bytes[0]![i]!)).toBe(true);
    }
  });
});
