/**
 * Precision and recall of the refusal detector on the labelled sample of ../shared/data
 * (test/fixtures/refusal-labels.jsonl: hh-rlhf harmless test, GPTeacher codegen and
 * roleplay, Dolly 15k), per kind, for any kind against none, and for the kinds the
 * default filter removes.
 *
 *   npx vite-node bench/refusal.ts [--errors]
 *
 * --errors lists every row where the detector and the label disagree (id, label, found, note).
 */
import { benchArgs } from "./bench-args.js";
import { detectLabelled, evaluate, readRefusalLabels, type PrecisionRecall } from "./refusal-labels.js";
import { REFUSAL_KINDS } from "../src/metrics/refusal/refusal-patterns.js";

const { errors } = benchArgs({ errors: { type: "boolean" } });
const labels = readRefusalLabels();
const rows = await detectLabelled(labels);
const result = evaluate(rows);

const bySource = new Map<string, number>();
for (const l of labels) bySource.set(l.source, (bySource.get(l.source) ?? 0) + 1);
console.log(`labelled rows: ${result.rows} (${[...bySource].map(([s, n]) => `${s} ${n}`).join(", ")})`);
const line = (name: string, m: PrecisionRecall) =>
  `| ${name} | ${m.labelled} | ${m.flagged} | ${m.agreed} | ${m.precision.toFixed(3)} | ${m.recall.toFixed(3)} |`;
console.log("| kind | labelled | flagged | agreed | precision | recall |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const k of REFUSAL_KINDS) console.log(line(k, result.kinds[k]));
console.log(line("any kind vs none", result.any));
console.log(line("refusal + ai_self_reference (default filter)", result.filtered));
if (errors) {
  for (const r of rows) {
    const found = r.found.kind === "" ? "none" : r.found.kind;
    if (found !== r.label) console.log(`${r.id}\tlabel=${r.label}\tfound=${found} (${r.found.score.toFixed(2)})\t${r.note}`);
  }
}
