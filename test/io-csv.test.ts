import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { outputFormat } from "../src/io/batch-writer.js";
import { detectInputFormat } from "../src/io/input-format.js";
import { detectLayout } from "../src/io/layout.js";
import { readAll, tempDir, writeText } from "./io-fixtures.js";

// A pandas-style export: a BOM, an unnamed index column, quoted fields holding commas,
// line breaks and doubled quotes, a blank line, and two rows of the wrong width.
const CSV = [
  "\uFEFF,comment_text,label", // line 1
  '0,"Hello, world",1', // line 2
  '1,"first line', // line 3
  'second line, still the same field",0', // line 4
  "", // line 5: blank, not a row
  '2,"she said ""no"" and left",1', // line 6
  "3,too short", // line 7: 2 fields → reject
  '4,"ünïcödé 漢字 😀",,extra', // line 8: 4 fields → reject
  "5,,0", // line 9: empty comment → the text layout rejects it
  '6,plain "quoted" inside,0', // line 10: a quote inside an unquoted field is text
].join("\r\n") + "\r\n";

describe("CSV reader", () => {
  it("reads quoted fields, strips the BOM, names the unnamed column '' and rejects rows of the wrong width", async () => {
    const dir = tempDir();
    const file = writeText(join(dir, "comments.csv"), CSV);
    expect(await detectInputFormat(file)).toEqual({ format: "csv", gzip: false });
    const r = await readAll(file);
    expect(r.dataset.formats).toEqual(["csv"]);
    expect(r.dataset.layout.description).toBe("text: response=comment_text, no instruction");
    expect(r.dataset.schema.fields.map((f) => f.name)).toEqual(["", "comment_text", "label", "id"]);
    expect(r.rows).toEqual([
      { "": "0", comment_text: "Hello, world", label: "1", id: "comments.csv:0" },
      { "": "1", comment_text: "first line\r\nsecond line, still the same field", label: "0", id: "comments.csv:1" },
      { "": "2", comment_text: 'she said "no" and left', label: "1", id: "comments.csv:2" },
      { "": "6", comment_text: 'plain "quoted" inside', label: "0", id: "comments.csv:6" },
    ]);
    // Values stay strings: "0" is not guessed to be a number.
    expect(r.dataset.schema.fields.every((f) => String(f.type) === "Utf8")).toBe(true);
    expect(r.rejects.map(({ row, line, reason, raw }) => ({ row, line, reason, raw }))).toEqual([
      { row: 3, line: 7, reason: "row has 2 fields, the header has 3", raw: "3,too short" },
      { row: 4, line: 8, reason: "row has 4 fields, the header has 3", raw: '4,"ünïcödé 漢字 😀",,extra' },
      { row: 5, line: 9, reason: "no text: 'comment_text' is empty or missing", raw: JSON.stringify({ "": "5", comment_text: "", label: "0" }) },
    ]);
    // Exact accounting: 7 records after the header = 4 rows + 3 rejects, each numbered once.
    expect(r.rows.length + r.rejects.length).toBe(7);
    expect(r.rejects.every((x) => x.file === file)).toBe(true);
  });

  it("reads TSV (tab-separated, quoted tabs kept) and gzip CSV to the same values", async () => {
    const dir = tempDir();
    const tsv = writeText(join(dir, "docs.tsv"), 'id_\ttext\n1\t"a\ttab"\n2\tplain, with comma\n');
    const t = await readAll(tsv);
    expect(t.dataset.formats).toEqual(["tsv"]);
    expect(t.response).toEqual(["a\ttab", "plain, with comma"]);
    expect(t.rejects).toEqual([]);

    const plain = await readAll(writeText(join(dir, "a.csv"), CSV));
    const gz = await readAll(writeText(join(dir, "b.csv.gz"), CSV));
    expect(await detectInputFormat(join(dir, "b.csv.gz"))).toEqual({ format: "csv", gzip: true });
    expect(gz.rows.map(({ id: _, ...rest }) => rest)).toEqual(plain.rows.map(({ id: _, ...rest }) => rest));
    expect(gz.rejects.map((x) => x.line)).toEqual([7, 8, 9]);
    // The same lines with LF endings: the same rows at the same line numbers.
    const lf = await readAll(writeText(join(dir, "lf.csv"), CSV.replaceAll("\r\n", "\n")));
    expect(lf.rejects.map((x) => x.line)).toEqual([7, 8, 9]);
    expect(lf.response[1]).toBe("first line\nsecond line, still the same field");
  });

  it("suffixes a repeated header name, keeps a '__proto__' column, and marks invalid UTF-8", async () => {
    const dir = tempDir();
    const file = join(dir, "odd.csv");
    writeFileSync(
      file,
      Buffer.concat([Buffer.from("text,text,__proto__\nok,second,p\nbad "), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from(",x,y\n")]),
    );
    const r = await readAll(file);
    expect(r.dataset.schema.fields.map((f) => f.name)).toEqual(["text", "text_2", "__proto__", "id"]);
    expect(r.rows[0]).toEqual({ text: "ok", text_2: "second", ["__proto__"]: "p", id: "odd.csv:0" });
    expect(Object.getPrototypeOf(r.rows[0])).toBe(Object.prototype);
    expect(r.response).toEqual(["ok", "bad \uFFFD\uFFFDA"]);
    expect(r.dataset.readStats.rowsWithReplacedText).toBe(1);
  });

  it("keeps line numbers true across the reader's chunks, and stops at --limit", async () => {
    const dir = tempDir();
    // ~3 MB of CRLF records, each two lines long (a quoted line break), then one short row.
    const pad = "é".repeat(20);
    const lines = ["text,n", ...Array.from({ length: 50_000 }, (_, i) => `"row ${i} ${pad},\r\nquoted",${i}`), "short"];
    const file = writeText(join(dir, "big.csv"), lines.join("\r\n") + "\r\n");
    const r = await readAll(file, { limit: 5, schemaRows: 3 });
    expect(r.response).toEqual([0, 1, 2, 3, 4].map((i) => `row ${i} ${pad},\r\nquoted`));
    const all = await readAll(file);
    expect(all.rows).toHaveLength(50_000);
    expect(all.rows[49_999]).toMatchObject({ text: `row 49999 ${pad},\r\nquoted`, n: "49999" });
    expect(all.rejects.map(({ row, line, raw }) => ({ row, line, raw }))).toEqual([{ row: 50_000, line: 100_002, raw: "short" }]);
  });

  it("fails naming the file when a quote is never closed (the rest of the file cannot be counted)", async () => {
    const dir = tempDir();
    const file = writeText(join(dir, "open.csv"), 'text\nfine\n"never closed\nmore\n');
    await expect(readAll(file)).rejects.toThrow(`${file}: the quoted field of the record at line 3 is never closed, so the rest of the file (after 1 rows)`);
  });

  it("reads an empty file and a header-only file as no rows", async () => {
    const dir = tempDir();
    expect((await readAll(writeText(join(dir, "empty.csv"), ""))).rows).toEqual([]);
    expect((await readAll(writeText(join(dir, "header.csv"), "text,label\n"))).rows).toEqual([]);
  });

  it("is not an output format", () => {
    expect(() => outputFormat("out.csv")).toThrow("cannot tell the output format");
    expect(() => outputFormat("out.tsv")).toThrow("cannot tell the output format");
  });
});

describe("text layout field names", () => {
  const layoutOf = (keys: string[]) => detectLayout(keys, [Object.fromEntries(keys.map((k) => [k, "x"]))]);
  it("takes the first of text, content, comment_text, comment, tweet, body, sentence, document", () => {
    expect(layoutOf(["tweet", "comment_text", "label"]).fields).toEqual(["comment_text"]);
    expect(layoutOf(["document", "text"]).fields).toEqual(["text"]);
    expect(layoutOf(["sentence", "body"]).fields).toEqual(["body"]);
    expect(layoutOf(["", "count", "tweet"]).description).toBe("text: response=tweet, no instruction");
    expect(layoutOf(["document"]).name).toBe("text");
  });

  it("is a last resort: a pair layout wins over a text field", () => {
    expect(layoutOf(["instruction", "response", "content"]).name).toBe("card");
    expect(() => layoutOf(["label", "score"])).toThrow("no known layout matched");
  });
});
