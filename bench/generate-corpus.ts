/**
 * Deterministic synthetic SFT corpus generator.
 *
 *   npx vite-node bench/generate-corpus.ts -- --rows 1000000 --out /tmp/corpus-1m.jsonl [--seed 42] [--multi-turn-share 0.15]
 *
 * Same flags ⇒ byte-identical file. Streams its output: memory does not grow with --rows.
 */
import { benchArgs } from "./bench-args.js";
import { writeCorpus } from "./synthetic-corpus.js";

const args = benchArgs({
  rows: { type: "string", default: "1000" },
  out: { type: "string" },
  seed: { type: "string", default: "42" },
  "multi-turn-share": { type: "string", default: "0.15" },
});
if (!args.out) {
  process.stderr.write("usage: generate-corpus --rows N --out file.jsonl [--seed S] [--multi-turn-share 0.15]\n");
  process.exit(2);
}
const rows = Number(args.rows);
const seed = Number(args.seed);
const share = Number(args["multi-turn-share"]);
if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(seed) || !(share >= 0 && share <= 1)) {
  process.stderr.write("generate-corpus: --rows and --seed take whole numbers, --multi-turn-share a number in 0..1\n");
  process.exit(2);
}
const started = performance.now();
const bytes = await writeCorpus(args.out, { rows, seed, multiTurnShare: share });
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${args.out}: ${rows.toLocaleString("en-US")} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s ` +
    `(${Math.round(rows / seconds).toLocaleString("en-US")} rows/s)\n`,
);
