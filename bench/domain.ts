/**
 * Domain labels on text nobody here wrote, and their cost:
 *
 *   npx vite-node bench/domain.ts [--scorer keywords|lexicon] [--lexicon <compiled table .txt.gz>]
 *   npx vite-node bench/domain.ts --scorer zero-shot:<id>|prototypes [--embedder model:<id>] [--model-dir <folder>]
 *
 * The second form measures a model-backed route on the same dev set (sections 1 and 2; the
 * speed section is for the embedded scorers): a zero-shot NLI model, or the prototypes
 * scorer over a model embedder, loaded from the hub or from `--model-dir` as `sieve` would.
 *
 * 1. The mmlu-dev exam questions (../shared/data/mmlu-dev: 260 questions, 5 per subject, each
 *    with the domains of the default taxonomy that count as right), scored as
 *    {instruction: question, response: ""}: accuracy overall, per expected domain (the first
 *    acceptable one), and how many fell into `general`.
 * 2. Reliability: domain_score bins against the observed accuracy in each bin.
 * 3. Speed on Dolly 15k (instruction + response, every row once), single thread, best of 3
 *    after a warm-up: the domain scorer against the readability suite, rows per CPU second.
 *
 * The dev set is for checking only: nothing in the lexicon is fitted to it.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { Scorer } from "../src/core/scorer.js";
import type { TextView } from "../src/core/text-view.js";
import type { ScoreColumn } from "../src/core/score-column.js";
import { KeywordDomainScorer } from "../src/metrics/domain/keyword-domain-scorer.js";
import { LexiconDomainScorer } from "../src/metrics/domain/lexicon-domain-scorer.js";
import { loadDomainLexicon, parseDomainLexicon } from "../src/metrics/domain/domain-lexicon.js";
import { ReadabilityScorer } from "../src/metrics/readability/readability-scorer.js";
import { createScorers } from "../src/pipeline/create-scorers.js";
import { runScorers } from "../src/pipeline/run-scorers.js";
import { sharedPath } from "../test/shared-data.js";

const option = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const which = option("--scorer") ?? "lexicon";
const lexiconPath = option("--lexicon");
const lexicon = lexiconPath ? parseDomainLexicon(gunzipSync(readFileSync(lexiconPath)).toString("utf8")) : loadDomainLexicon();
const embedded = which === "keywords" || which === "lexicon";
const makeScorer = (): Scorer => (which === "keywords" ? new KeywordDomainScorer() : new LexiconDomainScorer(lexicon));

/** The domain columns of a view: the embedded scorer directly, a model route as `sieve` builds it. */
async function domainColumns(view: TextView): Promise<ScoreColumn[]> {
  if (embedded) return (await makeScorer().score(view, new Map())) as ScoreColumn[];
  const embedder = option("--embedder") ?? (which === "prototypes" ? "model" : "off");
  const scorers = await createScorers({ domain: which, embedder, modelDir: option("--model-dir"), readability: false, toxicity: "off", repetition: "off" });
  return runScorers(scorers, view);
}

function pairView(rows: Array<{ instruction: string; response: string }>): TextView {
  const n = rows.length;
  return {
    length: n,
    id: rows.map((_, i) => `r:${i}`),
    instruction: rows.map((r) => r.instruction),
    response: rows.map((r) => r.response),
    turns: new Int32Array(n).fill(2),
    multiTurn: new Uint8Array(n),
    turnText: rows.flatMap((r) => [r.instruction, r.response]),
    turnRole: rows.flatMap(() => ["user", "assistant"]),
    turnOffsets: Int32Array.from({ length: n + 1 }, (_, i) => 2 * i),
  };
}

const column = (cols: ScoreColumn[], name: string): ScoreColumn => cols.find((c) => c.name === name)!;

// ---- 1. dev-set accuracy -------------------------------------------------------------------------
const dev = readFileSync(sharedPath("data/mmlu-dev/dev.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { text: string; subject: string; domains: string[] });
const cols = await domainColumns(pairView(dev.map((q) => ({ instruction: q.text, response: "" }))));
const predicted = column(cols, "domain").values as string[];
const confidence = column(cols, "domain_score").values as Float64Array;
const right = dev.map((q, i) => q.domains.includes(predicted[i]!));
const accuracy = right.filter(Boolean).length / dev.length;
console.log(`scorer: ${which}`);
console.log(`mmlu-dev: ${dev.length} questions, accuracy ${accuracy.toFixed(3)}; predicted general: ${predicted.filter((d) => d === "general").length}`);
console.log("\n| expected domain | questions | accuracy | → general | most common wrong label |");
console.log("|---|---:|---:|---:|---|");
const byDomain = new Map<string, number[]>();
dev.forEach((q, i) => {
  const list = byDomain.get(q.domains[0]!) ?? [];
  list.push(i);
  byDomain.set(q.domains[0]!, list);
});
for (const [domain, rows] of [...byDomain].sort((a, b) => a[0].localeCompare(b[0]))) {
  const wrong = new Map<string, number>();
  for (const i of rows) if (!right[i]) wrong.set(predicted[i]!, (wrong.get(predicted[i]!) ?? 0) + 1);
  const top = [...wrong].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  const ok = rows.filter((i) => right[i]).length;
  console.log(`| ${domain} | ${rows.length} | ${(ok / rows.length).toFixed(2)} | ${wrong.get("general") ?? 0} | ${top ? `${top[0]} (${top[1]})` : ""} |`);
}

// ---- 2. reliability ----------------------------------------------------------------------------------
console.log("\n| domain_score | rows | observed accuracy |");
console.log("|---|---:|---:|");
const edges = [0, 0.4, 0.6, 0.8, 0.9, 0.95, 1.0001];
for (let b = 0; b + 1 < edges.length; b++) {
  const rows = dev.map((_, i) => i).filter((i) => confidence[i]! >= edges[b]! && confidence[i]! < edges[b + 1]!);
  const ok = rows.filter((i) => right[i]).length;
  console.log(`| ${edges[b]!.toFixed(2)}–${Math.min(1, edges[b + 1]!).toFixed(2)} | ${rows.length} | ${rows.length ? (ok / rows.length).toFixed(2) : "–"} |`);
}
const confident = dev.map((_, i) => i).filter((i) => confidence[i]! >= 0.8);
console.log(`rows with domain_score ≥ 0.8: ${confident.length}, right ${(confident.filter((i) => right[i]).length / Math.max(1, confident.length)).toFixed(3)}`);

// ---- 3. speed --------------------------------------------------------------------------------------------
if (!embedded) {
  console.log("\n(speed: measured for the embedded scorers only)");
  process.exit(0);
}
const dolly = readFileSync(sharedPath("data/dolly-15k/databricks-dolly-15k.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { instruction: string; response: string });
const views: TextView[] = [];
for (let i = 0; i < dolly.length; i += 2048) views.push(pairView(dolly.slice(i, i + 2048)));

async function cpuMsOf(scorer: Scorer): Promise<number> {
  let best = Infinity;
  for (let rep = 0; rep < 4; rep++) {
    const t0 = process.cpuUsage();
    for (const v of views) await scorer.score(v, new Map());
    const t = process.cpuUsage(t0);
    if (rep > 0) best = Math.min(best, (t.user + t.system) / 1000);
  }
  return best;
}
const domainMs = await cpuMsOf(makeScorer());
const readabilityMs = await cpuMsOf(new ReadabilityScorer());
const rate = (ms: number): string => Math.round((dolly.length / ms) * 1000).toLocaleString("en-US");
console.log(`\nDolly ${dolly.length} rows, single thread, best of 3 after a warm-up (rows per CPU second):`);
console.log(`| scorer | rows per CPU-s |\n|---|---:|\n| domain (${which}) | ${rate(domainMs)} |\n| readability suite | ${rate(readabilityMs)} |`);
