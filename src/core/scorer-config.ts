/**
 * Which signals a run computes and with what. Plain data (strings, numbers, booleans),
 * so it can go in a config file, come from CLI flags, and be sent to worker threads that
 * build the same scorers.
 */
export interface ScorerConfig {
  /** Readability and complexity suite (textstat-exact). Default true. */
  readability?: boolean;
  /** Which text feeds the card's readability_score / complexity_score. Default "response". */
  readabilityField?: "response" | "instruction";
  /** "lexicon" (embedded, default), "model:<hub id or local folder>", or "off". */
  toxicity?: string;
  /** "hash" (embedded, default), "model:<id>", or "off". */
  embedder?: string;
  /** "keywords" (embedded, default), "prototypes", "zero-shot:<id>", or "off". */
  domain?: string;
  /** A taxonomy file (JSON/YAML) replacing the built-in 23 domains. */
  taxonomy?: string;
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

export const DEFAULT_SCORERS: Required<Pick<ScorerConfig, "readability" | "readabilityField" | "toxicity" | "embedder" | "domain">> = {
  readability: true,
  readabilityField: "response",
  toxicity: "lexicon",
  embedder: "hash",
  domain: "keywords",
};
