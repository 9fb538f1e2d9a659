import { defineScorer } from "../../core/scorer-entry.js";
import type { Scorer } from "../../core/scorer.js";
import { ScorerSpecError } from "../../core/scorer-spec-error.js";
import type { ModelOptions } from "../../models/model-source.js";
import { LexiconToxicityScorer, TOXICITY_LABELS_COLUMN, TOXICITY_SCORE_COLUMN } from "./lexicon-toxicity-scorer.js";
import { DEFAULT_TOXICITY_MODEL, createModelToxicityScorer } from "./model-toxicity-scorer.js";

/** Build the toxicity scorer named by a --toxicity spec: "lexicon", "model" (Xenova/toxic-bert) or "model:<id or folder>". */
export async function createToxicityScorer(spec: string, models: ModelOptions = {}): Promise<Scorer> {
  const [kind, ...rest] = spec.trim().split(":");
  const arg = rest.join(":").trim();
  if (kind === "lexicon" && !arg) return new LexiconToxicityScorer();
  if (kind === "model") return createModelToxicityScorer(arg || DEFAULT_TOXICITY_MODEL, models);
  throw new ScorerSpecError("--toxicity", spec, `"lexicon", "model" (${DEFAULT_TOXICITY_MODEL}), "model:<model id or folder>" or "off"`);
}

/** Registry entry: `--toxicity lexicon | model:<id> | off`. */
export const toxicityEntry = defineScorer({
  name: "toxicity",
  options: [{ key: "toxicity", flags: "--toxicity <spec>", help: "toxicity scorer: lexicon | model:<id> | off", kind: "spec", default: "lexicon" }],
  columns: [
    { name: TOXICITY_SCORE_COLUMN, description: "Probability that the text is toxic (0..1; maximum over turns)." },
    { name: TOXICITY_LABELS_COLUMN, description: "Toxicity categories that fired." },
  ],
  // A model adds one `toxicity_<label>` column per label of its config.
  describeColumn: (name) => (name.startsWith("toxicity_") ? `Probability of the model's \`${name.slice("toxicity_".length)}\` label (0..1; maximum over turns).` : undefined),
  loadsModels: (settings) => String(settings.toxicity ?? "").trim().startsWith("model"),
  create: (settings, context) => {
    const spec = String(settings.toxicity ?? "lexicon");
    return spec === "off" ? undefined : createToxicityScorer(spec, context.models);
  },
});
