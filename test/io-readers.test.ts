import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Float64, Int64, Table, Utf8, makeVector, tableToIPC, vectorFromArray } from "apache-arrow";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { batchToObjects } from "../src/io/arrow-values.js";
import { expandInputs, openDataset } from "../src/io/dataset-reader.js";
import { detectInputFormat } from "../src/io/input-format.js";
import { readAll, tempDir, writeJsonl, writeText } from "./io-fixtures.js";

// Card-layout rows with multi-byte text (accents, CJK, emoji) and JSON-hostile characters.
const ROWS = [
  { instruction: "Say hello in French.", response: "Bonjour ! Ça va très bien, merci." },
  { instruction: "Translate 'cat' to Japanese.", response: "猫 (neko)." },
  { instruction: "Describe a rainbow using emoji.", response: "🌈 red, orange, yellow… then 💙 and 💜." },
  { instruction: "Quote a JSON snippet.", response: 'Here: {"a": [1, 2], "b": "x,y]"} — note the bracket in the string.' },
  { instruction: "Line breaks?", response: "first line\nsecond line\r\nthird\ttabbed" },
];

describe("JSON Lines reader", () => {
  it("reads every row with its text, ids and the canonical view", async () => {
    const dir = tempDir();
    const file = writeJsonl(join(dir, "pairs.jsonl"), ROWS);
    const r = await readAll(file);
    expect(r.dataset.formats).toEqual(["jsonl"]);
    expect(r.rows.map((x) => ({ instruction: x.instruction, response: x.response }))).toEqual(ROWS);
    expect(r.ids).toEqual(ROWS.map((_, i) => `pairs.jsonl:${i}`));
    expect(r.rows.map((x) => x.id)).toEqual(r.ids);
    expect(r.instruction).toEqual(ROWS.map((x) => x.instruction));
    expect(r.response).toEqual(ROWS.map((x) => x.response));
    expect(r.turns).toEqual([2, 2, 2, 2, 2]);
    expect(r.multiTurn).toEqual([0, 0, 0, 0, 0]);
    expect(r.rejects).toEqual([]);
  });

  it("skips blank lines and CRLF endings without counting them as rows; line numbers stay true", async () => {
    const dir = tempDir();
    const text = `\r\n${JSON.stringify(ROWS[0])}\r\n   \r\n${JSON.stringify(ROWS[1])}\r\nnot json\r\n${JSON.stringify(ROWS[2])}`;
    const r = await readAll(writeText(join(dir, "crlf.jsonl"), text));
    expect(r.rows.map((x) => x.response)).toEqual([ROWS[0]!.response, ROWS[1]!.response, ROWS[2]!.response]);
    // Rows are numbered over records (blank lines skipped): the bad line is row 2, line 5.
    expect(r.ids).toEqual(["crlf.jsonl:0", "crlf.jsonl:1", "crlf.jsonl:3"]);
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0]).toMatchObject({ row: 2, line: 5, raw: "not json" });
  });

  it("keeps multi-byte characters intact across the reader's chunk boundaries", async () => {
    const dir = tempDir();
    // ~3 MB of rows whose text is mostly 3- and 4-byte UTF-8: chunk edges fall inside characters.
    const rows = Array.from({ length: 3000 }, (_, i) => ({ instruction: `行 ${i} ` + "漢字".repeat(100 + (i % 7)), response: "😀é".repeat(120 + (i % 13)) }));
    const r = await readAll(writeJsonl(join(dir, "wide.jsonl"), rows));
    expect(r.rejects).toEqual([]);
    expect(r.instruction).toEqual(rows.map((x) => x.instruction));
    expect(r.response).toEqual(rows.map((x) => x.response));
  });

  it("reads gzip-compressed JSON Lines to the same values", async () => {
    const dir = tempDir();
    const plain = await readAll(writeJsonl(join(dir, "a.jsonl"), ROWS));
    const gz = await readAll(writeJsonl(join(dir, "b.jsonl.gz"), ROWS));
    expect(gz.dataset.formats).toEqual(["jsonl"]);
    expect(gz.rows.map(({ id: _, ...rest }) => rest)).toEqual(plain.rows.map(({ id: _, ...rest }) => rest));
    expect(gz.ids[0]).toBe("b.jsonl.gz:0");
  });
});

describe("JSON array reader", () => {
  it("streams the elements of a pretty-printed array, brackets and commas inside strings included", async () => {
    const dir = tempDir();
    const file = writeText(join(dir, "rows.json"), JSON.stringify(ROWS, null, 2));
    const r = await readAll(file);
    expect(r.dataset.formats).toEqual(["json"]);
    expect(r.rows.map((x) => ({ instruction: x.instruction, response: x.response }))).toEqual(ROWS);
    expect(r.rejects).toEqual([]);
  });

  it("reads a compact array, an empty array and a gzip array", async () => {
    const dir = tempDir();
    expect((await readAll(writeText(join(dir, "c.json"), JSON.stringify(ROWS)))).rows).toHaveLength(5);
    const empty = await readAll(writeText(join(dir, "e.json"), " [ ] \n"));
    expect(empty.rows).toEqual([]);
    expect(empty.rejects).toEqual([]);
    const gz = await readAll(writeText(join(dir, "g.json.gz"), JSON.stringify(ROWS)));
    expect(gz.response).toEqual(ROWS.map((x) => x.response));
  });

  it("rejects a bad element with its line and goes on", async () => {
    const dir = tempDir();
    const text = `[\n${JSON.stringify(ROWS[0])},\n{"instruction": "x", "response": nope},\n${JSON.stringify(ROWS[1])}\n]`;
    const r = await readAll(writeText(join(dir, "bad.json"), text));
    expect(r.response).toEqual([ROWS[0]!.response, ROWS[1]!.response]);
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0]).toMatchObject({ file: join(dir, "bad.json"), row: 1, line: 3, raw: '{"instruction": "x", "response": nope}' });
    expect(r.rejects[0]!.reason).toMatch(/^array element is not valid JSON/);
  });

  it("fails, naming the file, on a truncated array", async () => {
    const dir = tempDir();
    const file = writeText(join(dir, "cut.json"), `[${JSON.stringify(ROWS[0])}, {"instruction": "half`);
    await expect(readAll(file)).rejects.toThrow(`${file}: the JSON array is not closed`);
  });

  it("fails, naming the file, when a .json file is not an array", async () => {
    const dir = tempDir();
    const file = writeText(join(dir, "obj.json"), `{"instruction": "a", "response": "b"}`);
    await expect(readAll(file)).rejects.toThrow(`${file}: expected a JSON array`);
  });
});

describe("Parquet reader", () => {
  it("reads a Parquet file written by another library (hyparquet-writer)", async () => {
    const dir = tempDir();
    const file = join(dir, "ext.parquet");
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: "instruction", data: ROWS.map((r) => r.instruction), type: "STRING" },
        { name: "response", data: ROWS.map((r) => r.response), type: "STRING" },
        { name: "score", data: [1.5, 2, -3.25, 0, 1e6], type: "DOUBLE" },
        { name: "n", data: [1n, 2n, 3n, 4n, 5n], type: "INT64" },
      ],
      rowGroupSize: 2,
    });
    writeFileSync(file, new Uint8Array(buffer));
    const r = await readAll(file, { batchSize: 2 });
    expect(r.dataset.formats).toEqual(["parquet"]);
    expect(r.instruction).toEqual(ROWS.map((x) => x.instruction));
    expect(r.response).toEqual(ROWS.map((x) => x.response));
    expect(r.rows.map((x) => x.score)).toEqual([1.5, 2, -3.25, 0, 1e6]);
    // 64-bit integers come back as numbers when they fit.
    expect(r.rows.map((x) => x.n)).toEqual([1, 2, 3, 4, 5]);
    expect(r.batchSizes).toEqual([2, 2, 1]);
    expect(r.ids).toEqual(ROWS.map((_, i) => `ext.parquet:${i}`));
  });
});

describe("Arrow IPC reader", () => {
  const table = () =>
    new Table({
      instruction: vectorFromArray(ROWS.map((r) => r.instruction), new Utf8()),
      response: vectorFromArray(ROWS.map((r) => r.response), new Utf8()),
      weight: vectorFromArray([0.5, 1, 1.5, 2, 2.5], new Float64()),
      big: makeVector(new BigInt64Array([1n, 2n, 3n, 4n, 9007199254740993n])),
    });

  for (const [kind, ext] of [
    ["file", "arrow"],
    ["stream", "arrows"],
  ] as const) {
    it(`reads the IPC ${kind} format`, async () => {
      const dir = tempDir();
      const file = join(dir, `t.${ext}`);
      writeFileSync(file, tableToIPC(table(), kind));
      const r = await readAll(file);
      expect(r.dataset.formats).toEqual(["arrow"]);
      expect(r.instruction).toEqual(ROWS.map((x) => x.instruction));
      expect(r.response).toEqual(ROWS.map((x) => x.response));
      expect(r.rows.map((x) => x.weight)).toEqual([0.5, 1, 1.5, 2, 2.5]);
      // Past 2^53 an int64 is kept exactly, as its decimal string.
      expect(r.rows.map((x) => x.big)).toEqual([1, 2, 3, 4, "9007199254740993"]);
      expect(table().schema.fields.find((f) => f.name === "big")!.type).toBeInstanceOf(Int64);
    });
  }
});

describe("Arrow rows as objects", () => {
  it("gives every row its own object, with the columns in order, whatever their names", () => {
    // Many columns (a scored split has about 45), and names that are members of Object.prototype or look like indices.
    const names = [...Array.from({ length: 40 }, (_, i) => `column_${i}`), "constructor", "toString", "7", "__proto__"];
    const columns = Object.fromEntries(names.map((name, c) => [name, vectorFromArray([c, c + 0.5, null], new Float64())]));
    const rows = batchToObjects(new Table(columns).batches[0]!);
    expect(rows).toHaveLength(3);
    // Integer-like keys come first in any JS object; the others keep the column order.
    expect(Object.keys(rows[0]!)).toEqual(["7", ...names.filter((n) => n !== "7")]);
    names.forEach((name, c) => {
      expect(Object.hasOwn(rows[1]!, name), name).toBe(true);
      expect(rows[1]![name], name).toBe(c + 0.5);
      expect(rows[2]![name], name).toBe(null);
    });
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    rows[0]!.column_3 = "changed";
    expect(rows[1]!.column_3).toBe(3.5);
  });
});

describe("format detection", () => {
  it("goes by extension, then by content for files without one", async () => {
    const dir = tempDir();
    writeJsonl(join(dir, "lines"), ROWS);
    writeText(join(dir, "array"), "\n  " + JSON.stringify(ROWS));
    // gzip bytes under a name with no extension
    copyFileSync(writeJsonl(join(dir, "z.jsonl.gz"), ROWS), join(dir, "zipped"));
    writeFileSync(join(dir, "arrowfile"), tableToIPC(new Table({ instruction: vectorFromArray(["a"]), response: vectorFromArray(["b"]) }), "file"));
    writeFileSync(join(dir, "arrowstream"), tableToIPC(new Table({ instruction: vectorFromArray(["a"]), response: vectorFromArray(["b"]) }), "stream"));
    writeFileSync(
      join(dir, "pq"),
      new Uint8Array(parquetWriteBuffer({ columnData: [{ name: "instruction", data: ["a"], type: "STRING" }, { name: "response", data: ["b"], type: "STRING" }] })),
    );
    expect(await detectInputFormat(join(dir, "lines"))).toEqual({ format: "jsonl", gzip: false });
    expect(await detectInputFormat(join(dir, "array"))).toEqual({ format: "json", gzip: false });
    expect(await detectInputFormat(join(dir, "zipped"))).toEqual({ format: "jsonl", gzip: true });
    expect((await detectInputFormat(join(dir, "arrowfile"))).format).toBe("arrow");
    expect((await detectInputFormat(join(dir, "arrowstream"))).format).toBe("arrow");
    expect((await detectInputFormat(join(dir, "pq"))).format).toBe("parquet");
    for (const name of ["lines", "array", "zipped"]) expect((await readAll(join(dir, name))).response).toEqual(ROWS.map((x) => x.response));
    for (const name of ["arrowfile", "arrowstream", "pq"]) expect((await readAll(join(dir, name))).response).toEqual(["b"]);
  });

  it("names the file when the content is not recognisable", async () => {
    const dir = tempDir();
    const file = writeText(join(dir, "notes"), "hello, this is prose\n");
    await expect(openDataset(file)).rejects.toThrow(`${file}: cannot tell the format`);
  });
});

describe("several files, globs and folders", () => {
  it("reads a folder's dataset files (recursively, sorted) as one dataset", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sub"));
    writeJsonl(join(dir, "b.jsonl"), ROWS.slice(0, 2));
    writeJsonl(join(dir, "a.jsonl"), ROWS.slice(2, 3));
    writeText(join(dir, "sub", "c.json"), JSON.stringify(ROWS.slice(3)));
    writeText(join(dir, "README.md"), "not data");
    expect(await expandInputs(dir)).toEqual([join(dir, "a.jsonl"), join(dir, "b.jsonl"), join(dir, "sub/c.json")]);
    const r = await readAll(dir);
    expect(r.dataset.formats).toEqual(["jsonl", "jsonl", "json"]);
    expect(r.response).toEqual([ROWS[2], ROWS[0], ROWS[1], ROWS[3], ROWS[4]].map((x) => x!.response));
    expect(r.ids).toEqual(["a.jsonl:0", "b.jsonl:0", "b.jsonl:1", "c.json:0", "c.json:1"]);
  });

  it("expands globs, and uses full paths in ids when two inputs share a file name", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "x"));
    mkdirSync(join(dir, "y"));
    writeJsonl(join(dir, "x", "part.jsonl"), ROWS.slice(0, 1));
    writeJsonl(join(dir, "y", "part.jsonl"), ROWS.slice(1, 2));
    const r = await readAll(join(dir, "*/part.jsonl"));
    expect(r.ids).toEqual([`${join(dir, "x/part.jsonl")}:0`, `${join(dir, "y/part.jsonl")}:0`]);
    await expect(openDataset(join(dir, "*.parquet"))).rejects.toThrow("the pattern matches no file");
    await expect(openDataset(join(dir, "missing.jsonl"))).rejects.toThrow(`${join(dir, "missing.jsonl")}: no such file`);
    await expect(openDataset(join(dir, "x"))).resolves.toBeDefined();
    mkdirSync(join(dir, "none"));
    await expect(openDataset(join(dir, "none"))).rejects.toThrow("the folder holds no dataset file");
  });
});

describe("batch size and limit", () => {
  const ten = Array.from({ length: 10 }, (_, i) => ({ instruction: `question ${i}`, response: `answer ${i}` }));

  it.each([
    [1, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]],
    [3, [3, 3, 3, 1]],
    [5, [5, 5]],
    [10, [10]],
    [11, [10]],
  ])("batch size %i gives batches %j", async (batchSize, sizes) => {
    const dir = tempDir();
    const r = await readAll(writeJsonl(join(dir, "ten.jsonl"), ten), { batchSize });
    expect(r.batchSizes).toEqual(sizes);
    expect(r.response).toEqual(ten.map((x) => x.response));
  });

  it("batches span file boundaries", async () => {
    const dir = tempDir();
    writeJsonl(join(dir, "a.jsonl"), ten.slice(0, 4));
    writeJsonl(join(dir, "b.jsonl"), ten.slice(4));
    const r = await readAll([join(dir, "a.jsonl"), join(dir, "b.jsonl")], { batchSize: 3 });
    expect(r.batchSizes).toEqual([3, 3, 3, 1]);
    expect(r.ids.slice(2, 5)).toEqual(["a.jsonl:2", "a.jsonl:3", "b.jsonl:0"]);
  });

  it("--limit counts input records, rejected ones included, across files", async () => {
    const dir = tempDir();
    writeText(join(dir, "a.jsonl"), ten.slice(0, 2).map((x) => JSON.stringify(x)).join("\n") + "\n{broken\n");
    writeJsonl(join(dir, "b.jsonl"), ten.slice(2));
    const r = await readAll([join(dir, "a.jsonl"), join(dir, "b.jsonl")], { limit: 5 });
    expect(r.rows.length + r.rejects.length).toBe(5);
    expect(r.response).toEqual(["answer 0", "answer 1", "answer 2", "answer 3"]);
    expect(r.rejects.map((x) => x.row)).toEqual([2]);
    const one = await readAll(join(dir, "b.jsonl"), { limit: 1, batchSize: 1 });
    expect(one.response).toEqual(["answer 2"]);
  });

  it("close() stops the read: the sample's rows are let go, so batches() after it yields nothing", async () => {
    const dir = tempDir();
    const file = writeJsonl(join(dir, "ten.jsonl"), ten);
    const open = await openDataset(file, { batchSize: 4 });
    expect(open.schema.fields.map((f) => f.name)).toEqual(["instruction", "response", "id"]);
    await open.close();
    let rows = 0;
    for await (const b of open.batches()) rows += b.batch.numRows;
    expect(rows).toBe(0);
    // An unclosed dataset still yields every row, the sampled ones first.
    expect((await readAll(file, { batchSize: 4 })).batchSizes).toEqual([4, 4, 2]);
  });
});

describe("empty input", () => {
  it("an empty file is an empty dataset, with the id column only", async () => {
    const dir = tempDir();
    for (const name of ["e.jsonl", "e.json", "e.jsonl.gz"]) {
      const r = await readAll(writeText(join(dir, name), ""));
      expect(r.rows).toEqual([]);
      expect(r.rejects).toEqual([]);
      expect(r.dataset.schema.fields.map((f) => f.name)).toEqual(["id"]);
    }
  });
});
