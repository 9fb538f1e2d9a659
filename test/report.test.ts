import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDataset } from "../src/io/dataset-reader.js";
import { buildReport } from "../src/report/build-report.js";
import { MapSample } from "../src/report/map-sample.js";
import { ReportCollector } from "../src/report/report-collector.js";
import type { ReportStats } from "../src/report/report-stats.js";
import { ValueSummary } from "../src/report/value-summary.js";

const DOMAINS = [
  "coding", "mathematics", "science", "history", "geography", "literature", "arts", "music", "sports", "health", "medicine", "law",
  "finance", "business", "technology", "education", "travel", "cooking", "politics", "philosophy", "psychology", "entertainment", "general",
];
const TOPICS: Record<string, string> = { coding: "python function loop array", cooking: "recipe oven flour butter", music: "guitar chord melody rhythm" };

/** A scored dataset as JSONL: 23 domains, pairs and multi-turn conversations, score columns as plain fields. */
function writeFixture(dir: string, rows: number): { complete: string; filtered: string; rejected: string; filterStats: string } {
  const complete: string[] = [];
  const filtered: string[] = [];
  const rejected: string[] = [];
  for (let i = 0; i < rows; i++) {
    const domain = DOMAINS[(i * 7) % 23]!;
    const topic = TOPICS[domain] ?? `${domain} topic words`;
    const instruction = `Question ${i} about ${topic}: explain ${topic.split(" ")[i % 4]} please`;
    const response = `Answer ${i}. ${topic} `.repeat(1 + (i % 9));
    const multi = i % 10 === 0;
    const base = {
      id: `row-${i}`,
      ...(multi
        ? { conversation: { messages: [{ role: "user", content: instruction }, { role: "assistant", content: response }, { role: "user", content: "and more?" }, { role: "assistant", content: "More." }] } }
        : { instruction, response }),
      instruction_chars: multi ? instruction.length + 2 + "and more?".length : instruction.length,
      response_chars: multi ? response.length + 2 + "More.".length : response.length,
      toxicity_score: (i % 17) / 16,
      readability_score: 100 - (i % 50),
      complexity_score: (i % 13) + 0.5,
      domain,
    };
    complete.push(JSON.stringify(base));
    if (base.toxicity_score > 0.3) rejected.push(JSON.stringify({ ...base, filter_reason: "toxicity", filter_detail: String(base.toxicity_score) }));
    else filtered.push(JSON.stringify(base));
  }
  const paths = { complete: join(dir, "complete.jsonl"), filtered: join(dir, "filtered.jsonl"), rejected: join(dir, "rejected.jsonl"), filterStats: join(dir, "filter_stats.json") };
  writeFileSync(paths.complete, complete.join("\n") + "\n");
  writeFileSync(paths.filtered, filtered.join("\n") + "\n");
  writeFileSync(paths.rejected, rejected.join("\n") + "\n");
  writeFileSync(
    paths.filterStats,
    JSON.stringify({
      rows_in: rows,
      rows_kept: filtered.length,
      rows_removed: rejected.length,
      filters: [{ name: "toxicity", removed: rejected.length }, { name: "balance", removed: 0 }],
      balance: null,
      config: { filters: [{ kind: "toxicity", max: 0.3 }], balance: { by: "domain", max_share: 0.1, order: "quality" } },
    }),
  );
  return paths;
}

describe("ValueSummary", () => {
  it("gives numpy-style exact quantiles while the values fit", () => {
    const s = new ValueSummary();
    for (const x of [5, 1, 4, 2, 3]) s.add(x);
    const st = s.stats();
    expect(st).toMatchObject({ count: 5, mean: 3, min: 1, max: 5, p50: 3, p25: 2, p75: 4, exact: true });
    expect(st.p5).toBeCloseTo(1.2, 12);
    s.add(NaN);
    s.add(Infinity);
    expect(s.stats().count).toBe(5);
  });

  it("stays within 0.5% of the true quantile once folded into buckets, whatever the order", () => {
    const values = Array.from({ length: 50_000 }, (_, i) => 1 + ((i * 7919) % 50_000) * 0.37);
    const a = new ValueSummary(1000);
    const b = new ValueSummary(1000);
    values.forEach((v) => a.add(v));
    [...values].reverse().forEach((v) => b.add(v));
    const sorted = [...values].sort((x, y) => x - y);
    const sa = a.stats();
    expect(sa.exact).toBe(false);
    const sb = b.stats();
    expect({ ...sb, mean: 0 }).toEqual({ ...sa, mean: 0 });
    expect(sb.mean).toBeCloseTo(sa.mean, 6);
    for (const [q, key] of [[0.05, "p5"], [0.5, "p50"], [0.95, "p95"]] as const) {
      const truth = sorted[Math.round(q * (sorted.length - 1))]!;
      expect(Math.abs(sa[key] - truth) / truth).toBeLessThan(0.006);
    }
    expect(sa.min).toBe(1);
    expect(sa.count).toBe(50_000);
  });
});

describe("MapSample", () => {
  it("draws the same rows whatever the input order", () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `id${i}`);
    const draw = (order: string[]) => {
      const s = new MapSample(100, 7);
      for (const id of order) {
        const h = s.hashOf(id);
        if (s.wants(h, id)) s.offer(h, { id, instruction: "", response: "", domain: "", scores: {}, kept: null, filterReason: null, embedding: null, embedText: null });
      }
      return s.rows().map((r) => r.id);
    };
    const forward = draw(ids);
    expect(forward).toHaveLength(100);
    expect(draw([...ids].reverse())).toEqual(forward);
    expect(new Set(forward).size).toBe(100);
    // Another seed draws another sample.
    const other = new MapSample(100, 8);
    expect(other.hashOf("id1")).not.toBe(new MapSample(100, 7).hashOf("id1"));
  });
});

describe("ReportCollector", () => {
  it("counts rows, domains, multi-turn conversations and lengths of the splits", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sieve-report-"));
    const f = writeFixture(dir, 230);
    const c = new ReportCollector({ sampleSize: 50, seed: 3 });
    for await (const sb of (await openDataset(f.complete, { batchSize: 64 })).batches()) c.add(sb.batch, sb.view);
    for await (const sb of (await openDataset(f.filtered)).batches()) c.addFiltered(sb.batch, sb.view);
    for await (const sb of (await openDataset(f.rejected)).batches()) c.addRejected(sb.batch, sb.view);
    const data = await c.finish();
    expect(data.complete.rows).toBe(230);
    expect(Object.keys(data.complete.domains)).toHaveLength(23);
    expect(data.complete.domains.coding).toBe(10);
    expect(data.complete.multiTurn).toBe(23);
    const lines = readFileSync(f.complete, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { instruction_chars: number; toxicity_score: number });
    expect(data.complete.avgInstructionChars).toBeCloseTo(lines.reduce((a, r) => a + r.instruction_chars, 0) / 230, 9);
    const kept = lines.filter((r) => r.toxicity_score <= 0.3).length;
    expect(data.filtered!.rows).toBe(kept);
    expect(data.rejectedByReason).toEqual({ toxicity: 230 - kept });
    expect(data.sample).toHaveLength(50);
    for (const r of data.sample) {
      expect(r.embedding).toHaveLength(256);
      expect(r.kept).toBe((r.scores.toxicity_score ?? 0) <= 0.3);
      if (!r.kept) expect(r.filterReason).toBe("toxicity");
    }
    expect(Object.keys(data.scores)).toEqual(["complexity_score", "instruction_chars", "readability_score", "response_chars", "toxicity_score"]);
  });
});

describe("buildReport", () => {
  it("writes every file, the card's numbers are those of stats.json, and a second run gives the same bytes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sieve-report-"));
    const f = writeFixture(dir, 400);
    const opts = { ...f, license: "cc-by-sa-3.0", language: ["en", "de"], seed: 11, sampleSize: 300, umapEpochs: 60 };
    const a = await buildReport({ ...opts, out: join(dir, "a") });
    const b = await buildReport({ ...opts, out: join(dir, "b") });
    const names = ["stats.json", "stats.md", "index.html", "README.md", "domain_distribution.png", "length_distributions.png", "embedding_visualization.png", "toxicity_distribution.png", "readability_distribution.png", "complexity_distribution.png"];
    for (const name of names) {
      expect(readFileSync(join(dir, "a", name)).equals(readFileSync(join(dir, "b", name))), name).toBe(true);
    }
    expect(a.files.images).toHaveLength(6);

    const stats = JSON.parse(readFileSync(join(dir, "a", "stats.json"), "utf8")) as ReportStats;
    expect(stats).toEqual(b.stats);
    expect(stats.dataset.total_rows).toBe(400);
    expect(stats.dataset.domains_covered).toBe(23);
    expect(stats.dataset.multi_turn_conversations).toBe(40);
    expect(stats.dataset.filtered_rows! + stats.filters!.steps[0]!.removed).toBe(400);
    expect(stats.filters!.steps[0]).toMatchObject({ name: "toxicity", rule: "max 0.3" });
    expect(stats.filters!.steps[1]!.rule).toContain("max_share 0.1");
    expect(JSON.stringify(stats)).not.toMatch(/NaN|Infinity/);

    const card = readFileSync(join(dir, "a", "README.md"), "utf8");
    expect(card.startsWith("---\nlicense: cc-by-sa-3.0\nlanguage:\n  - en\n  - de\n")).toBe(true);
    expect(card).toContain("split: complete");
    expect(card).toContain("path: ../complete.jsonl");
    expect(card).toContain("path: ../filtered.jsonl");
    expect(card).toContain("size_categories:\n  - n<1K");
    const figure = (label: string) => {
      const m = card.match(new RegExp(`\\| ${label} \\| ([\\d,.]+) \\|`));
      expect(m, label).not.toBeNull();
      return Number(m![1]!.replace(/,/g, ""));
    };
    const d = stats.dataset;
    expect(figure("Total rows")).toBe(d.total_rows);
    expect(figure("Filtered rows")).toBe(d.filtered_rows);
    expect(figure("Domains covered")).toBe(d.domains_covered);
    expect(figure("Average instruction length \\(characters\\)")).toBe(d.avg_instruction_chars);
    expect(figure("Average response length \\(characters\\)")).toBe(d.avg_response_chars);
    expect(figure("Multi-turn conversations")).toBe(d.multi_turn_conversations);
    for (const section of ["## Dataset Summary", "## Data Fields", "## Dataset Statistics", "## Data Visualization", "## Quality Filtering", "## Limitations"]) {
      expect(card).toContain(section);
    }
    expect(card).toContain("| `toxicity_score` | `Float64` |");
    expect(card).toContain("![Domain distribution](domain_distribution.png)");

    const html = readFileSync(join(dir, "a", "index.html"), "utf8");
    expect(html).not.toMatch(/(src|href)=["']https?:/);
    expect(html).toContain("data:image/png;base64,");
  });
});
