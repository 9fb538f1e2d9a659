/**
 * The independent functional check set (`toxicity-functional-holdout.ts`) scored by the
 * shipped classifier: flagged share at 0.3 per functionality, split into the dev templates
 * (read when misses are investigated) and the sealed ones (only counted).
 *
 *   npx vite-node bench/toxicity-holdout.ts            # the table
 *   npx vite-node bench/toxicity-holdout.ts --misses   # also list the dev cases on the wrong side of 0.3
 *   npx vite-node bench/toxicity-holdout.ts --toxicity model:<id> [--model-dir <folder>]
 *
 * With `--toxicity`, the table is that route's (any `--toxicity` spec, a hub model or a model
 * in `--model-dir`, scored as `sieve` scores it: `toxicity_score` of {instruction: text}), and
 * the held-out splits of Jigsaw, Davidson and ToxiGen are scored by it and by the embedded
 * classifier side by side.
 */
import { benchArgs } from "./bench-args.js";
import { HOLDOUT_GROUPS, holdoutCases, holdoutRates, holdoutSummary, targetOf } from "./toxicity-functional-holdout.js";
import { EmbeddedToxicityClassifier } from "../src/metrics/toxicity/embedded-toxicity-classifier.js";
import { readToxicityCorpus, splitOf } from "../src/metrics/toxicity/toxicity-corpus.js";
import { atThreshold, rocAuc } from "../src/metrics/toxicity/ranking-metrics.js";
import { createScorers } from "../src/pipeline/create-scorers.js";
import { runScorers } from "../src/pipeline/run-scorers.js";
import { viewOfPairs } from "../test/toxicity-view.js";
import { sharedPath } from "../test/shared-data.js";

const args = benchArgs({ misses: { type: "boolean" }, toxicity: { type: "string" }, "model-dir": { type: "string" } });
const classifier = new EmbeddedToxicityClassifier();
const route = args.toxicity;
const scorers = route ? await createScorers({ toxicity: route, modelDir: args["model-dir"], readability: false, embedder: "off", domain: "off", repetition: "off" }) : [];

/** The route's toxicity_score of each text (as the instruction of a row), or the embedded classifier's. */
async function scoresOf(texts: readonly string[], useRoute: boolean): Promise<number[]> {
  if (!useRoute) return texts.map((t) => classifier.score(t));
  const out: number[] = [];
  for (let i = 0; i < texts.length; i += 512) {
    const columns = await runScorers(scorers, viewOfPairs(texts.slice(i, i + 512).map((t) => [t, ""])));
    out.push(...(columns.find((c) => c.name === "toxicity_score")!.values as Float64Array));
  }
  return out;
}

const { misses } = args;
const cases = holdoutCases();
const caseScores = await scoresOf(cases.map((c) => c.text), route !== undefined);
const scores = new Map(cases.map((c, i) => [c.text, caseScores[i]!]));
const score = (t: string): number => scores.get(t)!;
const pct = (a: number, b: number): string => (b === 0 ? "–" : `${((100 * a) / b).toFixed(1)} %`);

console.log(`Holdout functional set: ${cases.length} cases, ${HOLDOUT_GROUPS.length} identity groups; flagged = score ≥ 0.3; scorer: ${route ?? "embedded"}\n`);
console.log("| functionality | hateful? | target | cases | flagged | dev templates | sealed templates |");
console.log("|---|---|---|---:|---:|---:|---:|");
const rates = holdoutRates(cases, score);
for (const [f, r] of rates) {
  const target = { flag: "≥ 80 %", identity: "≤ 3 %", negated: "≤ 15 %", report: "–" }[targetOf(f)];
  console.log(`| ${f} | ${cases.find((c) => c.functionality === f)!.hateful ? "yes" : "no"} | ${target} | ${r.total} | ${pct(r.flagged, r.total)} | ${pct(r.devFlagged, r.devTotal)} | ${pct(r.sealedFlagged, r.sealedTotal)} |`);
}
const s = holdoutSummary(rates);
for (const [name, r] of [["all hateful", s.flag], ["neutral + positive identity", s.identity], ["negated hate", s.negated]] as const) {
  console.log(`| **${name}** | | | ${r.total} | **${pct(r.flagged, r.total)}** | ${pct(r.devFlagged, r.devTotal)} | ${pct(r.sealedFlagged, r.sealedTotal)} |`);
}

if (misses) {
  console.log("\nDev cases on the wrong side of 0.3 (hateful below, or non-hateful with a target above):");
  const seen = new Set<string>();
  for (const c of cases) {
    if (c.split !== "dev" || targetOf(c.functionality) === "report") continue;
    const wrong = c.hateful ? score(c.text) < 0.3 : score(c.text) >= 0.3;
    if (!wrong) continue;
    const key = `${c.functionality}#${c.template}`;
    const n = cases.filter((d) => d.functionality === c.functionality && d.template === c.template && (d.hateful ? score(d.text) < 0.3 : score(d.text) >= 0.3)).length;
    if (seen.has(key)) continue;
    seen.add(key);
    console.log(`  [${c.functionality} #${c.template}, ${n} wrong] ${c.text}  (${score(c.text).toFixed(3)})`);
  }
}

if (route) {
  console.log(`\nHeld-out splits (hash of the text; never trained on by the embedded classifier): ROC AUC, precision / recall at 0.3`);
  console.log(`| source | texts | toxic | embedded AUC | embedded P / R | ${route} AUC | ${route} P / R |\n|---|---:|---:|---:|---:|---:|---:|`);
  const test = readToxicityCorpus(sharedPath("data")).filter((r) => splitOf(r.text) === "test");
  for (const source of ["jigsaw", "davidson", "toxigen"] as const) {
    const set = test.filter((r) => r.source === source);
    const y: number[] = set.map((r) => r.toxic);
    const cells: string[] = [];
    for (const useRoute of [false, true]) {
      const p = await scoresOf(set.map((r) => r.text), useRoute);
      const at = atThreshold(p, y, 0.3);
      cells.push(rocAuc(p, y).toFixed(3), `${at.precision.toFixed(3)} / ${at.recall.toFixed(3)}`);
    }
    console.log(`| ${source} | ${set.length} | ${y.reduce((a, b) => a + b, 0)} | ${cells.join(" | ")} |`);
  }
}
