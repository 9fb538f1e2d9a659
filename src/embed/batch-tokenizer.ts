import { Int64Writer } from "./int64-words.js";
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
  encode(texts: readonly string[], pairs?: readonly string[]): ModelInputs;
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
      const { Tensor } = await import("@huggingface/transformers");
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
    return {
      fast: false,
      encode: (texts, pairs) => tokenizer([...texts], pairs ? { text_pair: [...pairs], padding: true, truncation: true } : { padding: true, truncation: true }),
    };
  }
  const padToken = padId as number;
  const withTypes = inner.return_token_type_ids === true;
  const padLeft = inner.padding_side === "left";

  // Encoded sequences of a batch, end to end, reused between calls.
  let ids = new Int32Array(4096);
  let types = new Int32Array(4096);
  const ensure = (size: number) => {
    if (size <= ids.length) return;
    let n = ids.length;
    while (n < size) n *= 2;
    const nextIds = new Int32Array(n);
    nextIds.set(ids);
    ids = nextIds;
    const nextTypes = new Int32Array(n);
    nextTypes.set(types);
    types = nextTypes;
  };

  return {
    fast: true,
    encode(texts, pairs) {
      const n = texts.length;
      if (n === 0) throw new Error("cannot tokenize an empty batch");
      const offsets = new Int32Array(n + 1);
      let width = 0;
      for (let r = 0; r < n; r++) {
        const pair = pairs?.[r] ?? null;
        const at = offsets[r]!;
        let len = wordPiece.encode(texts[r]!, pair);
        if (len >= 0) {
          ensure(at + len);
          const fromIds = wordPiece.ids;
          const fromTypes = wordPiece.typeIds;
          for (let k = 0; k < len; k++) {
            ids[at + k] = fromIds[k]!;
            types[at + k] = fromTypes[k]!;
          }
        } else {
          // A text holding an added token's text: transformers.js encodes it (unpadded, untruncated), we truncate.
          const one = tokenizer(texts[r]!, pair ? { text_pair: pair, return_tensor: false } : { return_tensor: false }) as {
            input_ids: number[];
            token_type_ids?: number[];
          };
          len = Math.min(one.input_ids.length, maxLength);
          ensure(at + len);
          for (let k = 0; k < len; k++) {
            ids[at + k] = one.input_ids[k]!;
            types[at + k] = one.token_type_ids?.[k] ?? 0;
          }
        }
        offsets[r + 1] = at + len;
        if (len > width) width = len;
      }
      const inputIds = new Int64Writer(n * width);
      const mask = new Int64Writer(n * width);
      const typeIds = withTypes ? new Int64Writer(n * width) : undefined;
      for (let r = 0; r < n; r++) {
        const at = offsets[r]!;
        const len = offsets[r + 1]! - at;
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
    },
  };
}
