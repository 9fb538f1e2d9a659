import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fmix32, fnvString } from "../../base/hashing.js";

/**
 * The labelled corpora the embedded model is trained and measured on, and the
 * deterministic split that keeps the held-out texts out of training. The data stays in
 * ../shared/data (never copied into the repo); callers pass that folder.
 */
export interface LabelledText {
  text: string;
  toxic: 0 | 1;
  source: "jigsaw" | "davidson";
}

export type SplitName = "train" | "calibration" | "test";

/**
 * Split by a hash of the text, so it does not depend on file order and duplicate texts
 * always land together: 20% test, 15% calibration (fits the combiner), 65% train.
 */
export function splitOf(text: string): SplitName {
  const b = fmix32(fnvString(text)) % 20;
  return b < 4 ? "test" : b < 7 ? "calibration" : "train";
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/**
 * Tweets carry HTML entities, "RT @user:" prefixes, @mentions and URLs: noise a model
 * would learn as "toxic" because the tweet corpus is mostly positive. Unescape and drop them.
 */
export function cleanTweet(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&([a-z]+);/g, (m, name: string) => ENTITIES[name] ?? m)
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/\bRT\b/g, " ")
    .replace(/@\w+:?/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function readJsonl(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Both corpora from `dataDir` (the shared data folder), in file order. */
export function readToxicityCorpus(dataDir: string): LabelledText[] {
  const out: LabelledText[] = [];
  for (const r of readJsonl(join(dataDir, "jigsaw-toxic-20k", "train.jsonl"))) {
    out.push({ text: String(r.text), toxic: r.toxic === 1 ? 1 : 0, source: "jigsaw" });
  }
  for (const r of readJsonl(join(dataDir, "davidson-hate-offensive", "train.jsonl"))) {
    const text = cleanTweet(String(r.text));
    if (text !== "") out.push({ text, toxic: r.toxic === 1 ? 1 : 0, source: "davidson" });
  }
  return out;
}
