import { loadTransformers } from "./transformers-package.js";
import { Int64Writer } from "./int64-words.js";
import { grown } from "../base/typed-array-growth.js";
import { WordPieceTokenizer } from "./wordpiece-tokenizer.js";
import type { LoadedTokenizer } from "./model-loader.js";

/**
 * Model inputs for a batch of texts (or text pairs), padded to the longest and truncated to the
 * model's maximum length: the tensors transformers.js's tokenizer returns for
 * `tokenizer(texts, { text_pair, padding: true, truncation: true })`, equal id for id.
 *
 * BERT-style tokenizers (see wordpiece-tokenizer.ts) go through our fast WordPiece path and the
 * int64 tensors are filled directly (no per-token arrays or BigInts); any other tokenizer, and
 * any text holding an added token's text, goes through transformers.js.
 */
export interface BatchTokenizer {
  /** Whether the fast WordPiece path is in use (false: every text goes through transformers.js). */
  readonly fast: boolean;
  /** The tensors for `texts` (and `pairs`) as one batch, in their order. */
  encode(texts: readonly string[], pairs?: readonly string[]): ModelInputs;
  /**
   * `texts` (and `pairs`) as model batches of at most `batchSize` rows, grouped by length so a
   * batch pads little: each batch names the input positions of its rows (`rows[k]` is the
   * position of the batch's row k). Every text is tokenized once; the fast path groups by the
   * exact token count, the transformers.js path by character length. The order is
   * deterministic (length, then position), and every position appears in exactly one batch.
   */
  batches(texts: readonly string[], batchSize: number, pairs?: readonly string[]): Iterable<EncodedBatch>;
}

/** One model call's inputs and the input positions of its rows. */
export interface EncodedBatch {
  readonly rows: readonly number[];
  readonly inputs: ModelInputs;
}

/** Tensors keyed by model input name (input_ids, attention_mask, and token_type_ids where the tokenizer gives them). */
export type ModelInputs = Record<string, unknown>;

type TensorClass = new (type: string, data: BigInt64Array, dims: number[]) => unknown;

/** The transformers.js tokenizer's fields read here (present on every PreTrainedTokenizer of v3/v4). */
interface TokenizerInternals {
  _tokenizerJSON?: unknown;
  _tokenizerConfig?: unknown;
  pad_token_id?: number | null;
  padding_side?: string;
  return_token_type_ids?: boolean;
  model_max_length?: number;
}

const batchTokenizers = new WeakMap<object, Promise<BatchTokenizer>>();

/** The batch tokenizer for a loaded transformers.js tokenizer (one per tokenizer, so its word cache is shared). */
export function batchTokenizerFor(tokenizer: LoadedTokenizer): Promise<BatchTokenizer> {
  let made = batchTokenizers.get(tokenizer);
  if (!made) {
    made = (async () => {
      const { Tensor } = await loadTransformers();
      return makeBatchTokenizer(tokenizer, Tensor as unknown as TensorClass);
    })();
    batchTokenizers.set(tokenizer, made);
  }
  return made;
}

function makeBatchTokenizer(tokenizer: LoadedTokenizer, Tensor: TensorClass): BatchTokenizer {
  const inner = tokenizer as unknown as TokenizerInternals;
  const maxLength = typeof inner.model_max_length === "number" ? inner.model_max_length : Infinity;
  const padId = inner.pad_token_id;
  const wordPiece =
    typeof padId === "number" && Number.isInteger(padId) && padId >= 0 && (inner.padding_side === "right" || inner.padding_side === "left")
      ? WordPieceTokenizer.fromJson(inner._tokenizerJSON, inner._tokenizerConfig, { maxLength })
      : undefined;
  if (!wordPiece) {
    const encode = (texts: readonly string[], pairs?: readonly string[]): ModelInputs =>
      tokenizer([...texts], pairs ? { text_pair: [...pairs], padding: true, truncation: true } : { padding: true, truncation: true });
    return {
      fast: false,
      encode,
      *batches(texts, batchSize, pairs) {
        const size = (i: number) => texts[i]!.length + (pairs?.[i]?.length ?? 0);
        const order = positionsBy(texts.length, size);
        for (let s = 0; s < order.length; s += batchSize) {
          const rows = order.slice(s, s + batchSize);
          yield { rows, inputs: encode(rows.map((i) => texts[i]!), pairs ? rows.map((i) => pairs[i]!) : undefined) };
        }
      },
    };
  }
  const padToken = padId as number;
  const withTypes = inner.return_token_type_ids === true;
  const padLeft = inner.padding_side === "left";

  /** Token ids (and type ids) of `texts`, end to end: text r is [offsets[r], offsets[r + 1]). */
  const encodeAll = (texts: readonly string[], pairs?: readonly string[]): EncodedTexts => {
    const n = texts.length;
    const offsets = new Int32Array(n + 1);
    // About one token per 4 characters of English, at most maxLength per text: rarely grown.
    let estimate = 0;
    for (let r = 0; r < n; r++) estimate += Math.min(maxLength, 2 + ((texts[r]!.length + (pairs?.[r]?.length ?? 0)) >> 2));
    let ids = new Int32Array(Math.max(256, estimate + (estimate >> 2)));
    let types = new Int32Array(ids.length);
    for (let r = 0; r < n; r++) {
      const pair = pairs?.[r] ?? null;
      const at = offsets[r]!;
      let len = wordPiece.encode(texts[r]!, pair);
      let fromIds: ArrayLike<number> = wordPiece.ids;
      let fromTypes: ArrayLike<number> | undefined = wordPiece.typeIds;
      if (len < 0) {
        // A text holding an added token's text: transformers.js encodes it (unpadded, untruncated), we truncate.
        const one = tokenizer(texts[r]!, pair ? { text_pair: pair, return_tensor: false } : { return_tensor: false }) as {
          input_ids: number[];
          token_type_ids?: number[];
        };
        len = Math.min(one.input_ids.length, maxLength);
        fromIds = one.input_ids;
        fromTypes = one.token_type_ids;
      }
      if (at + len > ids.length) {
        const size = Math.max(at + len, 2 * ids.length);
        ids = grown(ids, size);
        types = grown(types, size);
      }
      for (let k = 0; k < len; k++) {
        ids[at + k] = fromIds[k]!;
        types[at + k] = fromTypes?.[k] ?? 0;
      }
      offsets[r + 1] = at + len;
    }
    return { ids, types, offsets };
  };

  /** Padded tensors for the texts at `rows` of `encoded`, in that order. */
  const tensors = ({ ids, types, offsets }: EncodedTexts, rows: ArrayLike<number>): ModelInputs => {
    const n = rows.length;
    if (n === 0) throw new Error("cannot tokenize an empty batch");
    let width = 0;
    for (let r = 0; r < n; r++) width = Math.max(width, offsets[rows[r]! + 1]! - offsets[rows[r]!]!);
    // One allocation for the two or three tensors: a batch's buffers are its main per-call cost after tokenizing.
    const size = n * width;
    const buffer = new ArrayBuffer(8 * size * (withTypes ? 3 : 2));
    const inputIds = new Int64Writer(size, buffer, 0);
    const mask = new Int64Writer(size, buffer, size);
    const typeIds = withTypes ? new Int64Writer(size, buffer, 2 * size) : undefined;
    for (let r = 0; r < n; r++) {
      const at = offsets[rows[r]!]!;
      const len = offsets[rows[r]! + 1]! - at;
      const row = r * width + (padLeft ? width - len : 0);
      const pad = padLeft ? r * width : r * width + len;
      inputIds.copy(row, ids, at, len);
      inputIds.fill(pad, padToken, width - len);
      mask.fill(row, 1, len);
      typeIds?.copy(row, types, at, len);
    }
    const dims = [n, width];
    const out: ModelInputs = { input_ids: new Tensor("int64", inputIds.values, dims), attention_mask: new Tensor("int64", mask.values, dims) };
    if (typeIds) out.token_type_ids = new Tensor("int64", typeIds.values, dims);
    return out;
  };

  return {
    fast: true,
    encode(texts, pairs) {
      if (texts.length === 0) throw new Error("cannot tokenize an empty batch");
      return tensors(encodeAll(texts, pairs), Array.from({ length: texts.length }, (_, i) => i));
    },
    *batches(texts, batchSize, pairs) {
      const encoded = encodeAll(texts, pairs);
      const { offsets } = encoded;
      const order = positionsBy(texts.length, (i) => offsets[i + 1]! - offsets[i]!);
      for (let s = 0; s < order.length; s += batchSize) {
        const rows = order.slice(s, s + batchSize);
        yield { rows, inputs: tensors(encoded, rows) };
      }
    },
  };
}

interface EncodedTexts {
  ids: Int32Array;
  types: Int32Array;
  offsets: Int32Array;
}

/** Positions 0..n-1 sorted by `size`, ties by position (a deterministic order). */
function positionsBy(n: number, size: (i: number) => number): number[] {
  const sizes = Float64Array.from({ length: n }, (_, i) => size(i));
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => sizes[a]! - sizes[b]! || a - b);
}
