/**
 * What the PII detector finds in real data, for reading the hits by eye:
 *
 *   npx vite-node bench/pii.ts [--input FILE] [--show] [--type TYPE]
 *
 * Default inputs: Dolly 15k and GPTeacher codegen (../shared/data). For each input it prints
 * the rows read, the rows with any finding, the findings per kind, and the detector's speed
 * (rows per CPU second of this process, single thread, texts already read). --show prints
 * every finding (row id, kind, the matched text and 40 characters either side), --type
 * limits that to one kind: what the false-positive rates in bench/RESULTS.md were read from.
 */
import { openDataset } from "../src/io/dataset-reader.js";
import { findPii, PII_TYPES } from "../src/metrics/pii/pii-detector.js";
import type { TextView } from "../src/core/text-view.js";
import { sharedPath } from "../test/shared-data.js";
import { benchArgs } from "./bench-args.js";

const args = benchArgs({ input: { type: "string" }, show: { type: "boolean" }, type: { type: "string" } });
const inputs = args.input
  ? [args.input]
  : [sharedPath("data/dolly-15k/databricks-dolly-15k.jsonl"), sharedPath("data/gpteacher/codegen-instruct.json")];

const oneLine = (s: string) => s.replace(/\s+/g, " ");

for (const input of inputs) {
  const views: TextView[] = [];
  for await (const batch of (await openDataset(input)).batches()) views.push(batch.view);
  const rows = views.reduce((n, v) => n + v.length, 0);
  const perType = new Map<string, number>(PII_TYPES.map((t) => [t, 0]));
  let flagged = 0;
  const shown: string[] = [];
  for (const v of views) {
    for (let r = 0; r < v.length; r++) {
      let any = false;
      for (let t = v.turnOffsets[r]!; t < v.turnOffsets[r + 1]!; t++) {
        const text = v.turnText[t]!;
        for (const m of findPii(text)) {
          any = true;
          perType.set(m.type, perType.get(m.type)! + 1);
          if (args.show && (!args.type || args.type === m.type)) {
            const before = oneLine(text.slice(Math.max(0, m.start - 40), m.start));
            const after = oneLine(text.slice(m.end, m.end + 40));
            shown.push(`${v.id[r]}\t${m.type}\t${JSON.stringify(text.slice(m.start, m.end))}\t…${before}[[${oneLine(text.slice(m.start, m.end))}]]${after}…`);
          }
        }
      }
      if (any) flagged++;
    }
  }
  // Speed: best of 3 passes over the turns, after a warm-up pass.
  let best = Infinity;
  for (let pass = 0; pass < 4; pass++) {
    const t0 = process.cpuUsage();
    for (const v of views) for (const text of v.turnText) findPii(text);
    const used = process.cpuUsage(t0);
    if (pass > 0) best = Math.min(best, (used.user + used.system) / 1000);
  }
  console.log(`${input}: ${rows} rows, ${flagged} with a finding; ${Math.round(rows / (best / 1000))} rows/CPU s`);
  console.log(`  ${[...perType].filter(([, n]) => n > 0).map(([t, n]) => `${t} ${n}`).join(", ") || "no findings"}`);
  for (const line of shown) console.log(`  ${line}`);
}
