import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { assetPath } from "../../base/assets.js";
import type { NgramHashing } from "./ngram-features.js";

/**
 * The shipped embedded toxicity model: data/toxicity/model.json (settings, combiner,
 * training figures) beside data/toxicity/linear-weights.i8 (one signed byte per hashed
 * bucket, times `linear.scale`). Written by scripts/train-toxicity.ts.
 */
export interface ToxicityModelFile {
  format: "sieve-toxicity-v2";
  hashing: NgramHashing;
  linear: {
    bias: number;
    /** Weight of bucket k = int8[k] * scale. */
    scale: number;
    weightsFile: string;
  };
  /** Logistic combiner over COMBINER_INPUTS, fitted on the calibration split. */
  combiner: { inputs: string[]; weights: number[]; bias: number };
  /** How the model was trained and what it scored on the held-out split (informative). */
  training: Record<string, unknown>;
}

export const MODEL_ASSET = "toxicity/model.json";

/** Names of the combiner inputs, in order (see toxicity-classifier.ts for their meaning). */
export const COMBINER_INPUTS = [
  "linear_logit", "strong", "mild", "insult_aimed", "insult_words", "threat", "identity", "sexual", "obfuscated", "log_tokens",
  "group_hate", "negated", "counter", "group_negative_nearby",
] as const;

export interface LoadedToxicityModel {
  file: ToxicityModelFile;
  /** The int8 weights as stored (scored as int8 × scale: a 256 KB table stays in cache). */
  quantised: Int8Array;
}

let shared: LoadedToxicityModel | undefined;

/** Read a model from a folder layout like data/toxicity (model.json + weights). */
export function readToxicityModel(modelJsonPath: string): LoadedToxicityModel {
  const file = JSON.parse(readFileSync(modelJsonPath, "utf8")) as ToxicityModelFile;
  if (file.format !== "sieve-toxicity-v2") throw new Error(`${modelJsonPath}: not a sieve toxicity model (format ${String(file.format)})`);
  const bytes = readFileSync(join(dirname(modelJsonPath), file.linear.weightsFile));
  const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = 1 << file.hashing.bits;
  if (q.length !== n) throw new Error(`${file.linear.weightsFile}: expected ${n} weights, found ${q.length}`);
  return { file, quantised: Int8Array.from(q) };
}

/** The shipped model, loaded once per process. */
export function loadShippedToxicityModel(): LoadedToxicityModel {
  shared ??= readToxicityModel(assetPath(MODEL_ASSET));
  return shared;
}
