import { loadTransformers } from "../models/transformers-package.js";
import { batchTokenizerFor } from "../models/batch-tokenizer.js";
import type { Embedder, EmbeddingMatrix } from "./embedder.js";
import { readInt64 } from "../models/int64-words.js";
import { loadPipeline, type LoadedPipeline, type ModelOutputTensor, type ModelSessionOptions } from "../models/model-loader.js";
import type { ModelOptions } from "../models/model-source.js";

/** The default feature-extraction model. */
export const DEFAULT_EMBEDDING_MODEL = "Xenova/all-MiniLM-L6-v2";

/**
 * Sentence embeddings from a transformers.js `feature-extraction` model: mean pooling over
 * the attention mask, L2-normalised, texts truncated to the model's maximum length.
 *
 * Texts are run in batches of `batchSize` after sorting them by length (length bucketing), so a
 * batch pads to similar lengths; results go back in input order. Mean pooling ignores padded
 * positions, so a text's vector does not depend on what it was batched with.
 *
 * We do what transformers.js's feature-extraction pipeline does (tokenize with padding and
 * truncation, run the model, mean-pool `last_hidden_state`, L2-normalise), with the same
 * arithmetic so the vectors are bit-identical, but faster: the tokenizer is our WordPiece fast
 * path for BERT-style models (batch-tokenizer.ts), and pooling reads the attention mask once
 * per row instead of converting a BigInt per element.
 */
export class ModelEmbedder implements Embedder {
  readonly name: string;
  private extractor?: Promise<LoadedPipeline>;

  constructor(
    readonly modelId: string = DEFAULT_EMBEDDING_MODEL,
    private readonly opts: ModelOptions & ModelSessionOptions = {},
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
    const tokenizer = await batchTokenizerFor(extract.tokenizer);
    const batchSize = Math.max(1, this.opts.batchSize ?? 32);
    let dim = 0;
    let values = new Float32Array(0);
    for (const { rows: batch, inputs } of tokenizer.batches(texts, batchSize)) {
      const outputs = await extract.model(inputs);
      const hidden = outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings;
      if (!hidden) throw new Error(`model "${this.modelId}" returned no last_hidden_state, logits or token_embeddings`);
      const mask = inputs.attention_mask as ModelOutputTensor;
      const pooled =
        hidden.data instanceof Float32Array && hidden.dims.length === 3
          ? meanPoolNormalised(hidden.data, hidden.dims, mask.data as unknown as BigInt64Array)
          : await transformersMeanPoolNormalised(hidden, mask);
      if (dim === 0) {
        dim = pooled.length / batch.length;
        values = new Float32Array(texts.length * dim);
      }
      batch.forEach((row, k) => values.set(pooled.subarray(k * dim, (k + 1) * dim), row * dim));
    }
    // Models can emit NaN for degenerate inputs (an all-padding row); outputs never carry NaN.
    for (let k = 0; k < values.length; k++) if (!Number.isFinite(values[k]!)) values[k] = 0;
    return { dim, values };
  }
}

/**
 * Mean of `hidden` [batch, seq, dim] over the positions the mask keeps, then L2-normalised, in
 * exactly transformers.js's arithmetic (mean_pooling, then Tensor.normalize(2, -1)): the sum
 * over positions in double precision, ascending, each term times the mask value; the mean
 * stored as float32; the squared norm accumulated in float32; the norm is its `** 0.5`.
 * Shortcuts that change no bit: a mask of 1 adds the value itself (h × 1 = h); a mask of 0 adds
 * ±0, which leaves the sum as it is (it starts at +0 and so is never −0), unless the value is
 * not finite (then h × 0 is NaN, as there).
 */
export function meanPoolNormalised(hidden: Float32Array, dims: readonly number[], mask: BigInt64Array): Float32Array {
  const [batch, seq, dim] = dims as [number, number, number];
  const out = new Float32Array(batch * dim);
  const sums = new Float64Array(dim);
  const maskValues = new Float64Array(batch * seq);
  readInt64(mask, 0, batch * seq, maskValues);
  for (let b = 0; b < batch; b++) {
    let count = 0;
    for (let j = 0; j < seq; j++) count += maskValues[b * seq + j]!;
    sums.fill(0);
    for (let j = 0; j < seq; j++) {
      const m = maskValues[b * seq + j]!;
      const base = (b * seq + j) * dim;
      if (m === 1) for (let k = 0; k < dim; k++) sums[k] += hidden[base + k]!;
      else if (m === 0) {
        for (let k = 0; k < dim; k++) if (!Number.isFinite(hidden[base + k]!)) sums[k] = NaN;
      } else for (let k = 0; k < dim; k++) sums[k] += hidden[base + k]! * m;
    }
    const row = out.subarray(b * dim, (b + 1) * dim);
    for (let k = 0; k < dim; k++) row[k] = sums[k]! / count;
    let squares = 0;
    for (let k = 0; k < dim; k++) squares = Math.fround(squares + row[k]! ** 2);
    const norm = Math.fround(squares ** (1 / 2));
    for (let k = 0; k < dim; k++) row[k] = row[k]! / norm;
  }
  return out;
}

/** transformers.js's own pooling, for outputs our float32 path does not cover (other dtypes or shapes). */
async function transformersMeanPoolNormalised(hidden: ModelOutputTensor, mask: ModelOutputTensor): Promise<Float32Array> {
  const { mean_pooling } = await loadTransformers();
  const pool = mean_pooling as unknown as (h: unknown, m: unknown) => { normalize(p: number, dim: number): { data: ArrayLike<number> } };
  return Float32Array.from(pool(hidden, mask).normalize(2, -1).data);
}
