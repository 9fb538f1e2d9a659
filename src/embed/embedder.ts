/**
 * Texts in, one fixed-size vector per text out. The embedded default is HashEmbedder (no
 * download); ModelEmbedder runs a transformers.js feature-extraction model.
 */
export interface EmbeddingMatrix {
  /** Vector width. */
  readonly dim: number;
  /** Row-major: values.length === texts * dim. Every row is L2-normalised, or all zeros for a text with no features. */
  readonly values: Float32Array;
}

export interface Embedder {
  /** The spec it was made from: "hash", "hash:<dim>" or "model:<id>" (stats, logs, caches). */
  readonly name: string;
  embed(texts: readonly string[]): EmbeddingMatrix | Promise<EmbeddingMatrix>;
  close?(): Promise<void>;
}

/** The text of a row that gets embedded: instruction, a newline, the response. */
export function embeddingText(instruction: string, response: string): string {
  return response.length === 0 ? instruction : `${instruction}\n${response}`;
}

/** Cosine similarity of rows a and b of two row-major matrices of width dim (0 when either is all zeros). */
export function cosineAt(x: Float32Array, a: number, y: Float32Array, b: number, dim: number): number {
  let dot = 0;
  let nx = 0;
  let ny = 0;
  const oa = a * dim;
  const ob = b * dim;
  for (let d = 0; d < dim; d++) {
    const u = x[oa + d]!;
    const v = y[ob + d]!;
    dot += u * v;
    nx += u * u;
    ny += v * v;
  }
  return nx === 0 || ny === 0 ? 0 : dot / Math.sqrt(nx * ny);
}
