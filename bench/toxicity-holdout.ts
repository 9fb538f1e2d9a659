/**
 * The independent functional check set (`toxicity-functional-holdout.ts`) scored by the
 * shipped classifier: flagged share at 0.3 per functionality, split into the dev templates
 * (read when misses are investigated) and the sealed ones (only counted).
 *
 *   npx vite-node bench/toxicity-holdout.ts            # the table
 *   npx vite-node bench/toxicity-holdout.ts --misses   # also list the dev cases on the wrong side of 0.3
 */
import { benchArgs } from "./bench-args.js";
import { HOLDOUT_GROUPS, holdoutCases, holdoutRates, holdoutSummary, targetOf } from "./toxicity-functional-holdout.js";
import { EmbeddedToxicityClassifier } from "../src/metrics/toxicity/embedded-toxicity-classifier.js";

const { misses } = benchArgs({ misses: { type: "boolean" } });
const classifier = new EmbeddedToxicityClassifier();
const cases = holdoutCases();
const scores = new Map(cases.map((c) => [c.text, classifier.score(c.text)]));
const score = (t: string): number => scores.get(t)!;
const pct = (a: number, b: number): string => (b === 0 ? "–" : `${((100 * a) / b).toFixed(1)} %`);

console.log(`Holdout functional set: ${cases.length} cases, ${HOLDOUT_GROUPS.length} identity groups; flagged = score ≥ 0.3\n`);
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
