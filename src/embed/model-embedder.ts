import type { Embedder, EmbeddingMatrix } from "./embedder.js";
import { lengthBuckets, loadPipeline, type LoadedPipeline } from "./model-loader.js";
import type { ModelOptions } from "./model-source.js";

/** The default feature-extraction model. */
export const DEFAULT_EMBEDDING_MODEL = "Xenova/all-MiniLM-L6-v2";

/**
 * Sentence embeddings from a transformers.js `feature-extraction` model: mean pooling over
 * the attention mask, L2-normalised, texts truncated to the model's maximum length.
 *
 * Texts are run in batches of `batchSize` after sorting them by length (length bucketing), so a
 * batch pads to similar lengths; results go back in input order. Mean pooling ignores padded
 * positions, so a text's vector does not depend on what it was batched with.
 */
export class ModelEmbedder implements Embedder {
  readonly name: string;
  private extractor?: Promise<LoadedPipeline>;

  constructor(
    readonly modelId: string = DEFAULT_EMBEDDING_MODEL,
    private readonly opts: ModelOptions = {},
  ) {
    this.name = `model:${modelId}`;
  }

  /** Load the model now (errors about missing models surface here rather than mid-run). */
  load(): Promise<LoadedPipeline> {
    this.extractor ??= loadPipeline("feature-extraction", this.modelId, this.opts);
    return this.extractor;
  }

  async embed(texts: readonly string[]): Promise<EmbeddingMatrix> {
    const extract = await this.load();
    if (texts.length === 0) {
      const width = extract.model.config.hidden_size;
      return { dim: typeof width === "number" ? width : 0, values: new Float32Array(0) };
    }
    const batchSize = Math.max(1, this.opts.batchSize ?? 32);
    let dim = 0;
    let values = new Float32Array(0);
    for (const batch of lengthBuckets(texts, batchSize)) {
      const out = (await extract(
        batch.map((i) => texts[i]!),
        { pooling: "mean", normalize: true },
      )) as { dims: number[]; data: Float32Array };
      if (dim === 0) {
        dim = out.dims[1]!;
        values = new Float32Array(texts.length * dim);
      }
      batch.forEach((row, k) => values.set(out.data.subarray(k * dim, (k + 1) * dim), row * dim));
    }
    // Models can emit NaN for degenerate inputs (an all-padding row); outputs never carry NaN.
    for (let k = 0; k < values.length; k++) if (!Number.isFinite(values[k]!)) values[k] = 0;
    return { dim, values };
  }
}
