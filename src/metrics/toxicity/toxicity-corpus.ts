import { existsSync, readFileSync } from "node:fs";
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
  source: ToxicitySource;
}

/**
 * Where a labelled text comes from: Wikipedia talk comments, tweets, statements about
 * identity groups (implicit hate and neutral mentions), or clean instruction data
 * (self-instruct and GPTeacher, all non-toxic; Dolly is kept out for measuring).
 */
export type ToxicitySource = "jigsaw" | "davidson" | "toxigen" | "clean";

/** The three labelled sources of different style, for the cross-source matrix. */
export const LABELLED_SOURCES = ["jigsaw", "davidson", "toxigen"] as const;

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

/**
 * Every corpus from `dataDir` (the shared data folder), in file order: jigsaw, davidson,
 * toxigen (when present), then the clean instruction texts (when present).
 */
export function readToxicityCorpus(dataDir: string): LabelledText[] {
  const out: LabelledText[] = [];
  for (const r of readJsonl(join(dataDir, "jigsaw-toxic-20k", "train.jsonl"))) {
    out.push({ text: String(r.text), toxic: r.toxic === 1 ? 1 : 0, source: "jigsaw" });
  }
  for (const r of readJsonl(join(dataDir, "davidson-hate-offensive", "train.jsonl"))) {
    const text = cleanTweet(String(r.text));
    if (text !== "") out.push({ text, toxic: r.toxic === 1 ? 1 : 0, source: "davidson" });
  }
  const toxigen = join(dataDir, "toxigen-statements", "statements.jsonl");
  if (existsSync(toxigen)) {
    for (const r of readJsonl(toxigen)) out.push({ text: String(r.text), toxic: r.label === "hate" ? 1 : 0, source: "toxigen" });
  }
  for (const text of cleanTexts(dataDir)) out.push({ text, toxic: 0, source: "clean" });
  return out;
}

/** Instructions, inputs and responses of self-instruct and GPTeacher (those present), non-empty, in file order. */
function cleanTexts(dataDir: string): string[] {
  const out: string[] = [];
  const add = (v: unknown): void => {
    if (typeof v === "string" && v.trim() !== "") out.push(v);
  };
  for (const name of ["seed_tasks.jsonl", "user_oriented_instructions.jsonl"]) {
    const path = join(dataDir, "self-instruct", name);
    if (!existsSync(path)) continue;
    for (const r of readJsonl(path)) {
      add(r.instruction);
      for (const inst of (r.instances as Array<Record<string, unknown>> | undefined) ?? []) {
        add(inst.input);
        add(inst.output);
      }
    }
  }
  for (const name of ["codegen-instruct.json", "roleplay-simple-deduped-roleplay-instruct.json"]) {
    const path = join(dataDir, "gpteacher", name);
    if (!existsSync(path)) continue;
    for (const r of JSON.parse(readFileSync(path, "utf8")) as Array<Record<string, unknown>>) {
      add(r.instruction);
      add(r.input);
      add(r.response);
    }
  }
  return out;
}
