/**
 * Report benchmark: time and peak RSS of `buildReport` on a large synthetic scored file.
 *
 *   npx vite-node bench/report.ts [rows=1000000] [dir=/tmp/sieve-bench-report]
 *
 * Writes a scored JSONL (23 domains, every score column, 10% multi-turn rows), then builds
 * the full report (stats, PNGs, 10,000-row UMAP map, HTML, card) and prints the phases.
 */
import { createWriteStream, existsSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";
import { buildReport } from "../src/report/build-report.js";

const rows = Number(process.argv[2] ?? 1_000_000);
const dir = process.argv[3] ?? "/tmp/sieve-bench-report";
const DOMAINS = "coding mathematics science history geography literature arts music sports health medicine law finance business technology education travel cooking politics philosophy psychology entertainment general".split(" ");
const WORDS = "data model river city song recipe court planet market theory patient language game energy school garden engine poem bridge contract".split(" ");

async function writeScored(path: string): Promise<void> {
  const out = createWriteStream(path);
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  for (let i = 0; i < rows; i++) {
    const d = Math.floor(rnd() ** 1.5 * 23);
    const words = Array.from({ length: 5 + Math.floor(rnd() * 30) }, () => WORDS[(d + Math.floor(rnd() * 6)) % WORDS.length]).join(" ");
    const instruction = `About ${DOMAINS[d]}: ${words.slice(0, 80)}?`;
    const response = `${words}. `.repeat(1 + Math.floor(rnd() * 6));
    const row = {
      id: `r${i}`,
      ...(i % 10 === 0
        ? { conversation: { messages: [{ role: "user", content: instruction }, { role: "assistant", content: response }, { role: "user", content: "More?" }, { role: "assistant", content: "Yes." }] } }
        : { instruction, response }),
      instruction_chars: instruction.length,
      response_chars: response.length,
      toxicity_score: Math.round(rnd() ** 6 * 1e4) / 1e4,
      readability_score: Math.round((100 - rnd() * 80) * 100) / 100,
      complexity_score: Math.round(rnd() * 160) / 10,
      domain: DOMAINS[d],
      domain_score: Math.round(rnd() * 1e4) / 1e4,
    };
    if (!out.write(JSON.stringify(row) + "\n")) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

await mkdir(dir, { recursive: true });
const input = join(dir, `scored-${rows}.jsonl`);
if (!existsSync(input)) {
  const t = Date.now();
  await writeScored(input);
  console.log(`wrote ${input} (${(statSync(input).size / 1e6).toFixed(0)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const t0 = Date.now();
const { stats } = await buildReport({ complete: input, out: join(dir, "report"), seed: 42 });
const seconds = (Date.now() - t0) / 1000;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(`report of ${stats.dataset.total_rows.toLocaleString("en-US")} rows: ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString("en-US")} rows/s overall), peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB, map sample ${stats.map_sample.rows}`);
