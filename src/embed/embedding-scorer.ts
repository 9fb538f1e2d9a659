import type { ScoreColumn } from "../core/score-column.js";
import type { Scorer } from "../core/scorer.js";
import type { TextView } from "../core/text-view.js";
import { defineScorer } from "../core/scorer-entry.js";
import { createEmbedder } from "./create-embedder.js";
import { embeddingText, type Embedder } from "./embedder.js";

/**
 * Adds the `embedding` column (float32-vector): each row's instruction + "\n" + response,
 * embedded by the chosen embedder. Later stages (prototype domains, dedup, the map) read it.
 */
export class EmbeddingScorer implements Scorer {
  readonly name = "embedding";
  readonly columns = ["embedding"] as const;

  constructor(readonly embedder: Embedder) {}

  async score(view: TextView): Promise<ScoreColumn[]> {
    const texts = new Array<string>(view.length);
    for (let i = 0; i < view.length; i++) texts[i] = embeddingText(view.instruction[i]!, view.response[i]!);
    const { dim, values } = await this.embedder.embed(texts);
    return [{ name: "embedding", kind: "float32-vector", dim, values }];
  }

  async close(): Promise<void> {
    await this.embedder.close?.();
  }
}

/** Registry entry: `--embedder hash | hash:<dim> | model:<id> | off`. */
export const embeddingEntry = defineScorer({
  name: "embedding",
  options: [{ key: "embedder", flags: "--embedder <spec>", help: "embedder: hash | model:<id> | off", kind: "spec", default: "hash" }],
  columns: [{ name: "embedding", description: "Embedding vector of instruction + response." }],
  loadsModels: (settings) => String(settings.embedder ?? "").trim().startsWith("model"),
  create: (settings, context) => {
    const spec = String(settings.embedder ?? "hash");
    return spec === "off" ? undefined : new EmbeddingScorer(createEmbedder(spec, context.models));
  },
});
