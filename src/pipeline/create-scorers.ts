import type { Scorer } from "../core/scorer.js";
import type { ScorerContext, ScorerModelOptions, ScorerSettings } from "../core/scorer-entry.js";
import { DEFAULT_SCORERS, SCORERS, type ScorerConfig } from "../metrics/scorer-registry.js";

/** The model options a scorer config carries (local folder, device, dtype, batch size). */
export function modelOptionsOf(c: ScorerConfig): ScorerModelOptions {
  return { modelDir: c.modelDir, device: c.device, dtype: c.dtype, batchSize: c.modelBatchSize, intraOpNumThreads: c.onnxThreads };
}

/** A config with every registry default filled in where it leaves a key undefined. */
export function withScorerDefaults(config: ScorerConfig = {}): ScorerConfig {
  return { ...DEFAULT_SCORERS, ...stripUndefined(config) };
}

/**
 * The scorers a config asks for, in registry order (lengths, readability, toxicity,
 * embedding, domain, repetition); each entry builds its own or leaves it out ("off").
 * Specs are validated here, so a bad one fails before any data is read.
 */
export async function createScorers(config: ScorerConfig = {}): Promise<Scorer[]> {
  const settings = withScorerDefaults(config);
  const scorers: Scorer[] = [];
  const context: ScorerContext = { models: modelOptionsOf(settings), created: scorers };
  for (const entry of SCORERS) {
    const scorer = await entry.create(settings as ScorerSettings, context);
    if (scorer) scorers.push(scorer);
  }
  return scorers;
}

/** Whether any scorer the config names loads a transformers.js model. */
export function configUsesModels(config: ScorerConfig = {}): boolean {
  return modelScorerNames(config).length > 0;
}

/** The names of the scorers the config asks for that load a transformers.js model. */
export function modelScorerNames(config: ScorerConfig = {}): string[] {
  const settings = withScorerDefaults(config) as ScorerSettings;
  return SCORERS.filter((entry) => entry.loadsModels(settings)).map((entry) => entry.name);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
