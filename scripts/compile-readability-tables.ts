/**
 * Compiles the reference dictionaries behind textstat's syllable counts into the compact
 * tables shipped in data/readability/ (run once after the dictionaries change):
 *
 *   npx vite-node scripts/compile-readability-tables.ts [dictionary folder]
 *
 * Inputs (default folder: ../shared/data/readability-dictionaries):
 *   cmudict-0.7a      CMU Pronouncing Dictionary 0.7a as nltk ships it (BSD-2-Clause)
 *   hyph_en_US.dic    Liang hyphenation patterns for US English (GPL-2+/LGPL-2.1+/MPL-1.1+)
 * and the Dale-Chall easy-word list textstat ships (resources/en/easy_words.txt), taken
 * from the `text-readability` dev dependency, which carries the same 2,949-line list.
 *
 * Outputs:
 *   cmudict-syllables.txt.gz   one line per syllable count: "<n> word word …", the words
 *                              whose FIRST pronunciation has n vowel phones, restricted to
 *                              keys a text token can ever produce (see tokenKeyOf).
 *   hyph-en-us-patterns.txt.gz the Liang patterns, one per line, header dropped.
 *   dale-chall-easy-words.txt  the easy words, one per line, deduplicated, sorted.
 *   cmudict-0.7a.README, hyph_en_US.copyright: the licence notices, copied verbatim.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { cleanWord } from "../src/metrics/readability/word-cleaning.js";

const repoRoot = fileURLToPath(new URL("../", import.meta.url));
const sourceDir = process.argv[2] ?? join(repoRoot, "../shared/data/readability-dictionaries");
const outDir = join(repoRoot, "data/readability");
mkdirSync(outDir, { recursive: true });

/** gzip with fixed settings and no timestamp, so a re-run gives identical bytes. */
function writeGzip(name: string, text: string): void {
  const bytes = gzipSync(Buffer.from(text, "utf8"), { level: 9 });
  writeFileSync(join(outDir, name), bytes);
  console.log(`${name}: ${bytes.length} bytes (${text.length} chars before gzip)`);
}

// --- CMU: word -> syllables of the first pronunciation --------------------------------
const firstPronunciationSyllables = new Map<string, number>();
let skippedKeys = 0;
for (const line of readFileSync(join(sourceDir, "cmudict-0.7a"), "latin1").split("\n")) {
  const fields = line.trim().split(/\s+/);
  if (fields.length < 3) continue;
  // nltk lower-cases the keys and keeps pronunciations in file order: [0] is the first.
  const key = fields[0]!.toLowerCase();
  if (firstPronunciationSyllables.has(key)) continue;
  let vowels = 0;
  for (let i = 2; i < fields.length; i++) {
    const last = fields[i]!.charCodeAt(fields[i]!.length - 1);
    if (last >= 48 && last <= 57) vowels++;
  }
  firstPronunciationSyllables.set(key, vowels);
}
const byCount = new Map<number, string[]>();
for (const [key, syllables] of firstPronunciationSyllables) {
  // A key with characters that punctuation removal deletes ("a.", "able-bodied",
  // "'bout") can never be looked up: drop it.
  if (cleanWord(key) !== key) {
    skippedKeys++;
    continue;
  }
  let list = byCount.get(syllables);
  if (!list) byCount.set(syllables, (list = []));
  list.push(key);
}
const cmuLines = [...byCount.keys()]
  .sort((a, b) => a - b)
  .map((n) => `${n} ${byCount.get(n)!.sort().join(" ")}`);
writeGzip("cmudict-syllables.txt.gz", cmuLines.join("\n") + "\n");
console.log(`  ${firstPronunciationSyllables.size - skippedKeys} words kept, ${skippedKeys} unreachable keys dropped`);

// --- Liang patterns ---------------------------------------------------------------------
const dic = readFileSync(join(sourceDir, "hyph_en_US.dic"), "utf8").split("\n");
// Line 1 is the charset; LEFTHYPHENMIN/RIGHTHYPHENMIN lines are settings that Pyphen
// ignores (it applies its own left=2, right=2), so they are not patterns either.
const patterns = dic
  .slice(1)
  .map((l) => l.trim())
  .filter((l) => l.length > 0 && !l.startsWith("%") && !/^[A-Z]/.test(l));
writeGzip("hyph-en-us-patterns.txt.gz", patterns.join("\n") + "\n");

// --- Dale-Chall easy words ----------------------------------------------------------------
const easySource = readFileSync(join(repoRoot, "node_modules/text-readability/easy_words.js"), "utf8");
const easyWords = [...new Set([...easySource.matchAll(/^\s*"([^"]*)",?\s*$/gm)].map((m) => m[1]!.trim()))].sort();
writeFileSync(join(outDir, "dale-chall-easy-words.txt"), easyWords.join("\n") + "\n");
console.log(`dale-chall-easy-words.txt: ${easyWords.length} words`);

// --- licence notices ----------------------------------------------------------------------
// Read and write (not copy) so the notices do not inherit the source's read-only mode.
for (const notice of ["cmudict-0.7a.README", "hyph_en_US.copyright"]) {
  writeFileSync(join(outDir, notice), readFileSync(join(sourceDir, notice)));
}
