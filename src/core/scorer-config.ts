import type { ScorerEntry, ScorerOption } from "./scorer-entry.js";

/**
 * The model settings of a run, shared by every model-backed scorer. Plain data, like the
 * rest of the scorer config.
 */
export interface ScorerModelSettings {
  /** Folder of local models (hub layout). Also SIEVE_MODEL_DIR. Remote loading is off when set. */
  modelDir?: string;
  /** transformers.js device ("cpu", "cuda" …) and dtype ("fp32", "q8" …). */
  device?: string;
  dtype?: string;
  /** Rows per model inference call. */
  modelBatchSize?: number;
  /** ONNX Runtime threads per model call (also SIEVE_ONNX_THREADS). */
  onnxThreads?: number;
}

/** The keys of ScorerModelSettings, for code that copies a config key by key. */
export const SCORER_MODEL_SETTINGS = ["modelDir", "device", "dtype", "modelBatchSize", "onnxThreads"] as const satisfies ReadonlyArray<keyof ScorerModelSettings>;

/** The value type of one scorer option, from its kind (and choices). */
export type ScorerOptionValue<O extends ScorerOption> = O["kind"] extends "switch"
  ? boolean | "on" | "off"
  : O["choices"] extends readonly (infer C extends string)[]
    ? C
    : string;

/**
 * Which signals a run computes and with what, for a list of registry entries: one optional
 * key per option of each entry, plus the model settings. Plain data (strings, numbers,
 * booleans), so it can go in a config file, come from CLI flags, and be sent to worker
 * threads that build the same scorers. The registry's own config type is
 * `ScorerConfig` in src/metrics/scorer-registry.ts.
 */
export type ScorerConfigOf<E extends readonly ScorerEntry[]> = ScorerModelSettings & {
  [O in E[number]["options"][number] as O["key"]]?: ScorerOptionValue<O>;
};
