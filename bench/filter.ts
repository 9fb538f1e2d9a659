/**
 * Filter throughput and peak RSS on a synthetic scored file.
 *   npx vite-node bench/filter.ts -- [rows=1000000] [near=off|0.8] [format=jsonl|parquet]
 * Generates <tmp>/scored-<rows>.jsonl (score columns included; 5% exact duplicates,
 * 23 domains of skewed sizes), then runs filterDataset with the default config.
 */
import { createWriteStream, existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { filterDataset } from "../src/pipeline/filter-dataset.js";
import { SeededRandom } from "../src/base/seeded-random.js";

const args = process.argv.slice(2).filter((a) => a !== "--");
const rows = Number(args[0] ?? 1_000_000);
const near = args[1] && args[1] !== "off" ? Number(args[1]) : "off";
const format = (args[2] ?? "jsonl") as "jsonl" | "parquet";

const WORDS = "data model train answer question water river city music story science history code python list value system energy light paper table plant animal market price".split(" ");

async function generate(path: string, n: number): Promise<void> {
  const random = new SeededRandom(1);
  const out = createWriteStream(path);
  // Row i's text depends on i alone, so a duplicate can repeat an earlier row exactly.
  const sentence = (row: number, k: number) => {
    const r = new SeededRandom(row * 2 + k);
    return Array.from({ length: k }, () => WORDS[Math.floor(r.next() * WORDS.length)]).join(" ");
  };
  let buf = "";
  for (let i = 0; i < n; i++) {
    const dup = i > 100 && random.next() < 0.05;
    const src = dup ? Math.floor(random.next() * i) : i;
    const instruction = `Question ${src}: explain ${sentence(src, 6)}`;
    const response = `Answer ${src}. ${sentence(src, 18)}`;
    const domain = `d${Math.min(22, Math.floor(-Math.log(1 - random.next() * 0.999) * 5))}`;
    buf +=
      JSON.stringify({
        id: `r${i}`,
        instruction,
        response,
        instruction_chars: instruction.length,
        response_chars: response.length,
        instruction_words: instruction.split(" ").length,
        response_words: response.split(" ").length,
        turns: 2,
        toxicity_score: Math.round(random.next() ** 4 * 1000) / 1000,
        readability_score: Math.round((random.next() * 130 - 10) * 100) / 100,
        complexity_score: Math.round(random.next() * 16 * 10) / 10,
        domain,
      }) + "\n";
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once("drain", r));
      buf = "";
    }
  }
  out.write(buf);
  await new Promise<void>((r) => out.end(r));
}

const input = join(tmpdir(), `sieve-bench-scored-${rows}.jsonl`);
if (!existsSync(input)) {
  const t = Date.now();
  await generate(input, rows);
  console.log(`generated ${input} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
const out = await mkdtemp(join(tmpdir(), "sieve-bench-filter-"));
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 100);
const started = Date.now();
const { stats } = await filterDataset(input, undefined, { out, format, dedupNear: near, balanceMaxShare: 0.1 });
clearInterval(timer);
const seconds = (Date.now() - started) / 1000;
peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
console.log(`rows ${stats.rows_in}, kept ${stats.rows_kept}: ${stats.filters.map((f) => `${f.name} -${f.removed}`).join(", ")}`);
console.log(`near dedup ${near}, output ${format}: ${seconds.toFixed(1)} s, ${Math.round(stats.rows_in / seconds).toLocaleString("en-US")} rows/s (two passes), peak RSS ${(peak / 2 ** 20).toFixed(0)} MB, index ${(stats.index_bytes / 2 ** 20).toFixed(0)} MB (${(stats.index_bytes / Math.max(1, stats.rows_in)).toFixed(1)} B/row)`);
