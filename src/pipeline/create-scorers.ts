import { ScorerSpecError } from "../core/scorer-spec-error.js";
import { createEmbedder } from "../embed/create-embedder.js";
import { createDomainScorer } from "../metrics/domain/create-domain-scorer.js";
import { LexiconToxicityScorer } from "../metrics/toxicity/lexicon-toxicity-scorer.js";
import { DEFAULT_TOXICITY_MODEL, createModelToxicityScorer } from "../metrics/toxicity/model-toxicity-scorer.js";
import { EmbeddingScorer } from "../embed/embedding-scorer.js";
import type { ModelOptions } from "../models/model-source.js";
import { LengthScorer } from "../metrics/lengths.js";
import { ReadabilityScorer } from "../metrics/readability/index.js";
import type { Scorer } from "../core/scorer.js";
import { DEFAULT_SCORERS, type ScorerConfig } from "../core/scorer-config.js";

/** The model options a scorer config carries (local folder, device, dtype, batch size). */
export function modelOptionsOf(c: ScorerConfig): ModelOptions {
  return { modelDir: c.modelDir, device: c.device, dtype: c.dtype, batchSize: c.modelBatchSize, intraOpNumThreads: c.onnxThreads };
}

/**
 * The scorers a config asks for: lengths, readability, toxicity, embedding, domain.
 * "off" leaves a signal out. Specs are validated here, so a bad one fails before any
 * data is read.
 */
export async function createScorers(config: ScorerConfig = {}): Promise<Scorer[]> {
  const c = { ...DEFAULT_SCORERS, ...stripUndefined(config) };
  const models = modelOptionsOf(c);
  const scorers: Scorer[] = [new LengthScorer()];
  if (c.readability) scorers.push(new ReadabilityScorer({ cardField: c.readabilityField }));
  if (c.toxicity !== "off") scorers.push(await createToxicityScorer(c.toxicity, models));
  const embedder = c.embedder !== "off" ? createEmbedder(c.embedder, models) : undefined;
  if (embedder) scorers.push(new EmbeddingScorer(embedder));
  if (c.domain !== "off") scorers.push(createDomainScorer(c.domain, { ...models, taxonomyPath: c.taxonomy, embedder }));
  return scorers;
}

/** "lexicon" (embedded classifier), "model" (Xenova/toxic-bert) or "model:<id or folder>". */
async function createToxicityScorer(spec: string, models: ModelOptions): Promise<Scorer> {
  const [kind, ...rest] = spec.trim().split(":");
  const arg = rest.join(":").trim();
  if (kind === "lexicon" && !arg) return new LexiconToxicityScorer();
  if (kind === "model") return createModelToxicityScorer(arg || DEFAULT_TOXICITY_MODEL, models);
  throw new ScorerSpecError("--toxicity", spec, `"lexicon", "model" (${DEFAULT_TOXICITY_MODEL}), "model:<model id or folder>" or "off"`);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
