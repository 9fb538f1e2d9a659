/**
 * Readability speed and fidelity, single thread:
 *
 *   npx vite-node bench/readability.ts [--limit N]
 *
 * 1. Speed on the Dolly 15k texts (instruction, context, response; empty ones skipped):
 *    texts/s for all our metrics together vs `text-readability`'s fleschReadingEase +
 *    textStandard on the same texts, in the same run, and the ratio.
 * 2. Agreement with textstat 0.7.11 on ../shared/fixtures/textstat-dolly-dev.jsonl: per
 *    metric, % of texts within 0.01 (text_standard: exactly equal) and the max abs diff,
 *    the same for text-readability's Flesch Reading Ease for comparison.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readabilityOf, type ReadabilityScores } from "../src/metrics/readability/readability.js";
import { defaultSyllableDictionary } from "../src/metrics/readability/syllable-dictionary.js";

/** The two text-readability functions compared (the package ships no type declarations). */
interface TextReadability {
  fleschReadingEase(text: string): number;
  textStandard(text: string, floatOutput?: boolean | null): number | string;
}
const textReadabilityModule: string = "text-readability";
const rs = ((await import(textReadabilityModule)) as { default: TextReadability }).default;

const shared = fileURLToPath(new URL("../../shared/", import.meta.url));
const limitArg = process.argv.indexOf("--limit");
const limit = limitArg > 0 ? Number(process.argv[limitArg + 1]) : Infinity;

const texts: string[] = [];
for (const line of readFileSync(`${shared}data/dolly-15k/databricks-dolly-15k.jsonl`, "utf8").split("\n")) {
  if (line.length === 0) continue;
  const row = JSON.parse(line) as { instruction: string; context: string; response: string };
  for (const t of [row.instruction, row.context, row.response]) if (t.length > 0 && texts.length < limit) texts.push(t);
}

const t0 = performance.now();
defaultSyllableDictionary();
const loadMs = performance.now() - t0;

function timeOurs(): number {
  const start = performance.now();
  let sink = 0;
  for (const t of texts) sink += readabilityOf(t).flesch_reading_ease;
  if (!Number.isFinite(sink)) throw new Error("non-finite score");
  return (performance.now() - start) / 1000;
}

function timeTheirs(sample: string[]): number {
  const start = performance.now();
  let sink = 0;
  for (const t of sample) sink += rs.fleschReadingEase(t) + Number(rs.textStandard(t, true));
  if (Number.isNaN(sink)) console.warn("text-readability returned NaN");
  return (performance.now() - start) / 1000;
}

timeOurs(); // warm-up: JIT and the hyphenation cache, as in a long pipeline run
const oursSeconds = Math.min(timeOurs(), timeOurs());
// text-readability is slow; time it on a fixed, spread-out sample of the same texts.
const step = Math.max(1, Math.floor(texts.length / 3000));
const sample = texts.filter((_, i) => i % step === 0);
timeTheirs(sample.slice(0, 200));
const theirsSeconds = timeTheirs(sample);

const oursRate = texts.length / oursSeconds;
const theirsRate = sample.length / theirsSeconds;
console.log(`dictionary load: ${loadMs.toFixed(0)} ms`);
console.log(`texts: ${texts.length} (text-readability timed on ${sample.length} of them)`);
console.log("| implementation | metrics | texts/s |");
console.log("|---|---|---:|");
console.log(`| sieve readabilityOf | all 16 | ${Math.round(oursRate).toLocaleString("en-US")} |`);
console.log(`| text-readability | fleschReadingEase + textStandard | ${Math.round(theirsRate).toLocaleString("en-US")} |`);
console.log(`speed-up: ${(oursRate / theirsRate).toFixed(1)}x`);

// --- agreement -----------------------------------------------------------------------
type FixtureRow = Record<string, number> & { text: string; text_standard_float: number };
const fixture = readFileSync(`${shared}fixtures/textstat-dolly-dev.jsonl`, "utf8")
  .split("\n")
  .filter((l) => l.length > 0)
  .map((l) => JSON.parse(l) as FixtureRow);
const metrics: (keyof ReadabilityScores)[] = [
  "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index", "coleman_liau_index",
  "automated_readability_index", "dale_chall_readability_score", "linsear_write_formula", "text_standard",
  "syllable_count", "lexicon_count", "sentence_count", "difficult_words", "polysyllabcount", "letter_count", "char_count",
];
const ours = fixture.map((r) => readabilityOf(r.text));
console.log(`\nagreement with textstat 0.7.11 on ${fixture.length} fixture texts`);
console.log("| metric | within 0.01 | max abs diff |");
console.log("|---|---:|---:|");
for (const m of metrics) {
  let ok = 0;
  let maxDiff = 0;
  fixture.forEach((r, i) => {
    const ref = m === "text_standard" ? r.text_standard_float : r[m]!;
    const diff = Math.abs(ours[i]![m] - ref);
    if (m === "text_standard" ? diff === 0 : diff <= 0.01) ok++;
    maxDiff = Math.max(maxDiff, diff);
  });
  console.log(`| ${m}${m === "text_standard" ? " (exact)" : ""} | ${((100 * ok) / fixture.length).toFixed(2)}% | ${maxDiff.toFixed(4)} |`);
}
let theirsOk = 0;
let theirsAbs = 0;
for (const r of fixture) {
  const d = Math.abs(rs.fleschReadingEase(r.text) - r.flesch_reading_ease);
  if (d <= 0.01) theirsOk++;
  theirsAbs += d;
}
console.log(
  `\ntext-readability fleschReadingEase: ${((100 * theirsOk) / fixture.length).toFixed(2)}% within 0.01, mean abs diff ${(theirsAbs / fixture.length).toFixed(2)}`,
);
