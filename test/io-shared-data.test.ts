import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { scoreDataset } from "../src/pipeline/score-dataset.js";
import { readJsonl, tempDir } from "./io-fixtures.js";
import { haveShared, sharedPath } from "./shared-data.js";

/** Non-blank lines of a (possibly gzip) JSONL file. */
function lineCount(path: string): number {
  const bytes = readFileSync(path);
  const text = path.endsWith(".gz") ? gunzipSync(bytes).toString("utf8") : bytes.toString("utf8");
  return text.split("\n").filter((l) => l.trim()).length;
}

// Real public datasets: every row must be read and scored, none rejected.
const CASES = [
  { path: ["data", "dolly-15k", "databricks-dolly-15k.jsonl"], layout: /^dolly:/ },
  { path: ["data", "hh-rlhf-harmless-test", "harmless-base-test.messages.jsonl"], layout: /^openai-messages:/ },
  { path: ["data", "hh-rlhf-harmless-test", "test.jsonl.gz"], layout: /^hh-rlhf transcript/ },
];

for (const c of CASES) {
  describe.runIf(haveShared(...c.path))(`shared data: ${c.path.at(-1)}`, () => {
    it("every row is scored, zero rejected, ids and text intact", async () => {
      const input = sharedPath(...c.path);
      const dir = tempDir();
      const out = join(dir, "scored.jsonl");
      const s = await scoreDataset(input, out, { quiet: true });
      const n = lineCount(input);
      expect(s.rows_rejected).toBe(0);
      expect(s.rows_scored).toBe(n);
      expect(s.rows_read).toBe(n);
      expect(s.layout).toMatch(c.layout);
      expect(readFileSync(s.rejects_file, "utf8")).toBe("");
      const rows = readJsonl(out);
      expect(rows).toHaveLength(n);
      const name = c.path.at(-1)!;
      expect(rows[0]!.id).toBe(`${name}:0`);
      expect(rows[n - 1]!.id).toBe(`${name}:${n - 1}`);
      // Every row has text: the response may be empty, but never both.
      for (const r of rows) expect((r.instruction_chars as number) + (r.response_chars as number)).toBeGreaterThan(0);
    });
  });
}
