import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { filterDataset } from "../src/pipeline/filter-dataset.js";
import { openDataset } from "../src/io/dataset-reader.js";
import { scoreDataset } from "../src/pipeline/score-dataset.js";

// Rows taken out of a batch must keep nested columns (conversation.messages) whole: as
// lists of nulls, the filtered split of a conversation dataset would lose its text.
describe("filtering keeps nested columns intact", () => {
  it("a kept conversation row has the same messages in the filtered split", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sieve-nested-"));
    const input = join(dir, "in.jsonl");
    const rows = [
      { conversation: { messages: [{ role: "user", content: "How do tides work on Earth?" }, { role: "assistant", content: "Tides come from the Moon's gravity pulling on the oceans, with the Sun adding a smaller pull." }] } },
      { instruction: "Hi", response: "Hello there, how can I help you today?" },
      { conversation: { messages: [{ role: "user", content: "Name a prime number above ten." }, { role: "assistant", content: "Thirteen is a prime number greater than ten." }] } },
    ];
    await writeFile(input, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const scored = join(dir, "complete.parquet");
    await scoreDataset(input, scored, { toxicity: "off", embedder: "off", domain: "off", workers: 0, quiet: true });
    const result = await filterDataset(scored, { balance: false }, { out: dir, format: "parquet", preset: "card" });
    expect(result.stats.rows_in).toBe(3);
    const back = await openDataset(join(dir, "filtered.parquet"));
    const texts: string[] = [];
    let rejected = 0;
    for await (const b of back.batches()) {
      rejected += b.rejects.length;
      texts.push(...b.view.response);
    }
    expect(rejected).toBe(0);
    // "Hi" is under the card preset's 10-character instruction minimum; both conversations stay whole.
    expect(texts).toEqual([rows[0]!.conversation!.messages[1]!.content, rows[2]!.conversation!.messages[1]!.content]);
  });
});
