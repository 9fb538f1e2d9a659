import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { TooManyRejectsError, scoreDataset } from "../src/pipeline/score-dataset.js";
import { IO_ONLY, readAll, readJsonl, tempDir, writeJsonl, writeText } from "./io-fixtures.js";

// One of each bad record, between two good rows. Line 3 is blank (not a record).
const LINES = [
  `{"instruction":"Good one","response":"Fine answer."}`,
  `{"instruction": "broken"`,
  ``,
  `{"instruction":"","response":"   "}`,
  `{"instruction":"Number answer","response":42}`,
  `[1,2]`,
  `"just a string"`,
  `null`,
  `{"instruction":"Second good","response":"Another fine answer."}`,
];

describe("bad input goes to the rejects file with exact accounting", () => {
  it("every kind of bad record, with source, row, line, reason and raw text", async () => {
    const dir = tempDir();
    const input = writeText(join(dir, "mixed.jsonl"), LINES.join("\n") + "\n");
    const out = join(dir, "scored.parquet");
    const s = await scoreDataset(input, out, IO_ONLY);
    expect([s.rows_read, s.rows_scored, s.rows_rejected]).toEqual([8, 2, 6]);
    expect(s.rows_read).toBe(s.rows_scored + s.rows_rejected);
    expect(s.rejects_file).toBe(join(dir, "scored.rejects.jsonl"));

    const rejects = readJsonl(join(dir, "scored.rejects.jsonl"));
    expect(rejects.map(({ reason: _, ...rest }) => rest)).toEqual([
      { source: input, row: 1, line: 2, raw: `{"instruction": "broken"` },
      { source: input, row: 2, line: 4, raw: `{"instruction":"","response":"   "}` },
      { source: input, row: 3, line: 5, raw: `{"instruction":"Number answer","response":42}` },
      { source: input, row: 4, line: 6, raw: `[1,2]` },
      { source: input, row: 5, line: 7, raw: `"just a string"` },
      { source: input, row: 6, line: 8, raw: `null` },
    ]);
    const reasons = rejects.map((r) => r.reason as string);
    expect(reasons[0]).toMatch(/^line is not valid JSON \(/);
    expect(reasons.slice(1)).toEqual([
      "no text: 'instruction' and 'response' are both empty or missing",
      "field 'response' is a number, expected a string",
      "row is an array, expected a JSON object",
      "row is a string, expected a JSON object",
      "row is null, expected a JSON object",
    ]);
    expect(s.rejected_by_reason).toEqual({
      "field '…' is a number, expected a string": 1,
      "line is not valid JSON": 1,
      "no text: '…' and '…' are both empty or missing": 1,
      "row is a string, expected a JSON object": 1,
      "row is an array, expected a JSON object": 1,
      "row is null, expected a JSON object": 1,
    });

    const summary = JSON.parse(readFileSync(join(dir, "scored.summary.json"), "utf8"));
    expect(summary).toMatchObject({ rows_read: 8, rows_scored: 2, rows_rejected: 6 });

    // The rejected number did not turn the response column into JSON text for the good rows.
    const db = await DuckDBInstance.create(":memory:");
    const con = await db.connect();
    try {
      const rows = (await con.runAndReadAll(`SELECT id, instruction, response FROM read_parquet('${out}')`)).getRowObjectsJson();
      expect(rows).toEqual([
        { id: "mixed.jsonl:0", instruction: "Good one", response: "Fine answer." },
        { id: "mixed.jsonl:7", instruction: "Second good", response: "Another fine answer." },
      ]);
    } finally {
      con.closeSync();
      db.closeSync();
    }
  });

  it("a field whose type differs from the schema sample is a reject naming the field and --schema-rows", async () => {
    const dir = tempDir();
    const input = writeJsonl(join(dir, "drift.jsonl"), [
      { instruction: "a", response: "b", rating: 5 },
      { instruction: "c", response: "d", rating: 4 },
      { instruction: "e", response: "f", rating: "five" },
      { instruction: "g", response: "h", rating: 3, extra: true },
    ]);
    const r = await readAll(input, { schemaRows: 2 });
    expect(r.response).toEqual(["b", "d"]);
    expect(r.rejects.map((x) => [x.row, x.reason])).toEqual([
      [2, "field 'rating' is a string but the first 2 rows made it a number; fix the row or raise --schema-rows"],
      [3, "field 'extra' did not appear in the first 2 rows used to infer the schema; raise --schema-rows so the sample includes it"],
    ]);
    // With a larger sample the same rows fit: the column holds mixed values as JSON text.
    const wide = await readAll(input);
    expect(wide.rejects).toEqual([]);
    expect(wide.rows.map((x) => x.rating)).toEqual([5, 4, "five", 3]);
    expect(wide.rows.map((x) => x.extra)).toEqual([null, null, null, true]);
  });

  it("a conversation with a broken message is rejected with the message's index", async () => {
    const dir = tempDir();
    const input = writeJsonl(join(dir, "chat.jsonl"), [
      { messages: [{ role: "user", content: "ok" }, { role: "assistant", content: "fine" }] },
      { messages: [{ role: "user", content: "ok" }, { content: "no role" }] },
      { messages: "not a list" },
      { messages: [] },
    ]);
    const r = await readAll(input);
    expect(r.response).toEqual(["fine"]);
    expect(r.rejects.map((x) => x.reason)).toEqual([
      "'messages[1]' has no string 'role' or 'from'",
      "field 'messages' is a string, expected a list of messages",
      "no text: 'messages' has no user or assistant text",
    ]);
  });

  it("--max-errors stops the run once exceeded and leaves no output behind", async () => {
    const dir = tempDir();
    const input = writeText(join(dir, "bad.jsonl"), LINES.join("\n") + "\n");
    const out = join(dir, "scored.jsonl");
    await expect(scoreDataset(input, out, { ...IO_ONLY, maxErrors: 5 })).rejects.toBeInstanceOf(TooManyRejectsError);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, "scored.rejects.jsonl"))).toBe(false);
    // Exactly at the limit is fine.
    const s = await scoreDataset(input, out, { ...IO_ONLY, maxErrors: 6 });
    expect(s.rows_rejected).toBe(6);
    expect(readJsonl(out)).toHaveLength(2);
  });

  it("a truncated JSON array fails the run with an error naming the file", async () => {
    const dir = tempDir();
    const input = writeText(join(dir, "cut.json"), `[{"instruction":"a","response":"b"},\n{"instruction":"c","respo`);
    const out = join(dir, "scored.parquet");
    await expect(scoreDataset(input, out, IO_ONLY)).rejects.toThrow(`${input}: the JSON array is not closed: the file ends inside element 1 (starting at line 2), so it is truncated.`);
    expect(existsSync(out)).toBe(false);
  });

  it("a file with rows but no readable text fails, naming the fields seen", async () => {
    const dir = tempDir();
    const input = writeJsonl(join(dir, "numbers.jsonl"), [{ a: 1 }, { a: 2 }]);
    await expect(scoreDataset(input, join(dir, "o.jsonl"), IO_ONLY)).rejects.toThrow(/cannot find the text fields.*fields seen: a\./s);
  });
});

describe("ids", () => {
  it("<file>:<row> by default, the input's id column when present, --id-field otherwise", async () => {
    const dir = tempDir();
    const plain = await readAll(writeJsonl(join(dir, "p.jsonl"), [{ instruction: "a", response: "b" }, { instruction: "c", response: "d" }]));
    expect(plain.ids).toEqual(["p.jsonl:0", "p.jsonl:1"]);
    expect(plain.dataset.idAdded).toBe(true);

    const own = await readAll(writeJsonl(join(dir, "o.jsonl"), [{ id: 17, instruction: "a", response: "b" }, { id: null, instruction: "c", response: "d" }]));
    // Numbers become their text; a missing id falls back to <file>:<row>.
    expect(own.ids).toEqual(["17", "o.jsonl:1"]);
    expect(own.dataset.idAdded).toBe(false);
    expect(own.rows.map((r) => r.id)).toEqual([17, null]);

    const custom = await readAll(writeJsonl(join(dir, "c.jsonl"), [{ uid: "u-1", instruction: "a", response: "b" }]), { idField: "uid" });
    expect(custom.ids).toEqual(["u-1"]);
    expect(custom.dataset.idColumn).toBe("uid");
    await expect(readAll(join(dir, "c.jsonl"), { idField: "nope" })).rejects.toThrow("--id-field nope: no such field; fields seen: uid, instruction, response.");
  });
});
