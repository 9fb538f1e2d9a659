import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeOnnxModel, OnnxAttributeType, OnnxType, type OnnxGraph, type OnnxNode, type OnnxTensor } from "./onnx-schema.js";
import { buildVocabulary, tokenizerConfigJson, tokenizerJson, wordsOf, SPECIAL_TOKENS } from "./wordpiece-tokenizer.js";
import { seededRandom } from "../../src/base/seeded-random.js";

/**
 * Tiny BERT-shaped ONNX models (a few KB) written at test time, so the real transformers.js
 * loading and inference path (config, tokenizer, ONNX Runtime session, pipelines) runs in
 * tests without any download.
 *
 * What the models compute is simple but meaningful: every word of a *group* is embedded on
 * that group's own axis, every other token (letters, word pieces, filler words) gets a small
 * pseudo-random vector. A text's mean-pooled embedding therefore points towards the groups
 * whose words it contains, and tests can assert real behaviour ("a text about cooking lands
 * nearest the food prototype", "an insult scores high on the insult label").
 *
 * - feature-extraction: output `last_hidden_state` [batch, seq, dim] (the token embeddings);
 *   transformers.js does the mean pooling and normalisation itself.
 * - text-classification: masked mean pooling, then a linear head → `logits` [batch, labels];
 *   label k reads the axis of the group named like it.
 * - zero-shot: an NLI-shaped model (labels contradiction / neutral / entailment) whose
 *   entailment logit is the cosine between the mean embeddings of the premise
 *   (token_type_ids 0) and the hypothesis (token_type_ids 1), times `headScale`.
 */
export interface TinyModelSpec {
  /** Hub-style id, "org/name": the model is written to `<dir>/<org>/<name>/`. */
  id: string;
  task: "feature-extraction" | "text-classification" | "zero-shot";
  /** Named word groups: each gets its own embedding axis. Phrases are split into words. */
  groups?: Record<string, readonly string[]>;
  /** Classification labels, in logit order (text-classification only; default: the group names). */
  labels?: readonly string[];
  /** Extra vocabulary words with no group (small random embeddings). */
  vocab?: readonly string[];
  /** Extra vocabulary tokens taken as they are ("##ing", "café"; see corpusVocabulary), no group. */
  tokens?: readonly string[];
  /** Embedding width; at least the number of groups + 2 (default: max(16, groups + 8)). */
  dim?: number;
  /** Sigmoid per label (`problem_type: multi_label_classification`), as Detoxify-style models. */
  multiLabel?: boolean;
  /** Weight of a label's group axis in the head (default 12). */
  headScale?: number;
  /** Bias of every logit (default: -3 multi-label, 0 otherwise). */
  headBias?: number;
  /** Amplitude of the pseudo-random part of the embeddings (default 0.05). */
  noise?: number;
  /** Tokenizer truncation length (`model_max_length`, default 128). */
  maxLength?: number;
  /** Seed of the pseudo-random embedding parts (default 1). */
  seed?: number;
}

export interface TinyModel {
  /** The folder holding config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx. */
  path: string;
  id: string;
  vocab: string[];
  dim: number;
  labels: string[];
  /** Size of onnx/model.onnx in bytes. */
  onnxBytes: number;
}

/** Labels of the zero-shot (NLI) model, in logit order. */
export const NLI_LABELS = ["contradiction", "neutral", "entailment"] as const;


function floatTensor(name: string, dims: number[], data: ArrayLike<number>): OnnxTensor {
  return { name, dims, data_type: OnnxType.FLOAT, float_data: Array.from(data) };
}

function int64Tensor(name: string, data: number[]): OnnxTensor {
  return { name, dims: [data.length], data_type: OnnxType.INT64, int64_data: data };
}

function node(op_type: string, input: string[], output: string[], attribute?: OnnxNode["attribute"]): OnnxNode {
  return attribute ? { op_type, input, output, attribute } : { op_type, input, output };
}

const intAttr = (name: string, i: number) => ({ name, type: OnnxAttributeType.INT, i });

/** Nodes computing `out` [batch, dim] = mean of `hidden` [batch, seq, dim] over positions where `mask` [batch, seq] (float) is 1. */
function maskedMean(prefix: string, hidden: string, mask: string, out: string): OnnxNode[] {
  return [
    node("Unsqueeze", [mask, "axis_last"], [`${prefix}_mask3`]),
    node("Mul", [hidden, `${prefix}_mask3`], [`${prefix}_masked`]),
    node("ReduceSum", [`${prefix}_masked`, "axis_seq"], [`${prefix}_sum`], [intAttr("keepdims", 0)]),
    node("ReduceSum", [mask, "axis_seq"], [`${prefix}_count`], [intAttr("keepdims", 1)]),
    node("Max", [`${prefix}_count`, "one"], [`${prefix}_count1`]),
    node("Div", [`${prefix}_sum`, `${prefix}_count1`], [out]),
  ];
}

/** Nodes computing `out` = `x` / max(‖x‖, tiny) row-wise for `x` [batch, dim]. */
function l2Normalise(prefix: string, x: string, out: string): OnnxNode[] {
  return [
    node("Mul", [x, x], [`${prefix}_sq`]),
    node("ReduceSum", [`${prefix}_sq`, "axis_dim"], [`${prefix}_sqsum`], [intAttr("keepdims", 1)]),
    node("Sqrt", [`${prefix}_sqsum`], [`${prefix}_norm`]),
    node("Max", [`${prefix}_norm`, "tiny"], [`${prefix}_norm1`]),
    node("Div", [x, `${prefix}_norm1`], [out]),
  ];
}

function graphFor(spec: TinyModelSpec, embedding: Float32Array, vocabSize: number, dim: number, labels: string[], axisOf: Map<string, number>): OnnxGraph {
  const initializers: OnnxTensor[] = [
    floatTensor("embeddings", [vocabSize, dim], embedding),
    int64Tensor("axis_last", [-1]),
    int64Tensor("axis_seq", [1]),
    int64Tensor("axis_dim", [1]),
    floatTensor("one", [], [1]),
    floatTensor("tiny", [], [1e-6]),
  ];
  const inputs = ["input_ids", "attention_mask", "token_type_ids"].map((name) => ({
    name,
    elemType: OnnxType.INT64,
    shape: ["batch_size", "sequence_length"],
  }));
  const nodes: OnnxNode[] = [node("Gather", ["embeddings", "input_ids"], ["token_embeddings"], [intAttr("axis", 0)])];

  if (spec.task === "feature-extraction") {
    nodes.push(node("Identity", ["token_embeddings"], ["last_hidden_state"]));
    return {
      name: "tiny_feature_extraction",
      nodes,
      initializers,
      inputs,
      outputs: [{ name: "last_hidden_state", elemType: OnnxType.FLOAT, shape: ["batch_size", "sequence_length", dim] }],
    };
  }

  const scale = spec.headScale ?? 12;
  nodes.push(node("Cast", ["attention_mask"], ["mask"], [intAttr("to", OnnxType.FLOAT)]));

  if (spec.task === "text-classification") {
    const weights = new Float32Array(dim * labels.length);
    labels.forEach((label, k) => {
      const axis = axisOf.get(label);
      if (axis !== undefined) weights[axis * labels.length + k] = scale;
    });
    const bias = new Float32Array(labels.length).fill(spec.headBias ?? (spec.multiLabel ? -3 : 0));
    initializers.push(floatTensor("head_weight", [dim, labels.length], weights), floatTensor("head_bias", [labels.length], bias));
    nodes.push(
      ...maskedMean("pool", "token_embeddings", "mask", "pooled"),
      node("MatMul", ["pooled", "head_weight"], ["scores"]),
      node("Add", ["scores", "head_bias"], ["logits"]),
    );
    return {
      name: "tiny_text_classification",
      nodes,
      initializers,
      inputs,
      outputs: [{ name: "logits", elemType: OnnxType.FLOAT, shape: ["batch_size", labels.length] }],
    };
  }

  // zero-shot: premise = attention positions with token type 0, hypothesis = token type 1.
  initializers.push(floatTensor("entail_scale", [], [scale]), floatTensor("zero", [], [0]));
  nodes.push(
    node("Cast", ["token_type_ids"], ["type_b"], [intAttr("to", OnnxType.FLOAT)]),
    node("Mul", ["mask", "type_b"], ["mask_b"]),
    node("Sub", ["mask", "mask_b"], ["mask_a"]),
    ...maskedMean("prem", "token_embeddings", "mask_a", "premise_mean"),
    ...maskedMean("hyp", "token_embeddings", "mask_b", "hypothesis_mean"),
    ...l2Normalise("premn", "premise_mean", "premise_unit"),
    ...l2Normalise("hypn", "hypothesis_mean", "hypothesis_unit"),
    node("Mul", ["premise_unit", "hypothesis_unit"], ["cos_terms"]),
    node("ReduceSum", ["cos_terms", "axis_dim"], ["cosine"], [intAttr("keepdims", 1)]),
    node("Mul", ["cosine", "entail_scale"], ["entail_logit"]),
    node("Neg", ["entail_logit"], ["contra_logit"]),
    node("Mul", ["cosine", "zero"], ["neutral_logit"]),
    node("Concat", ["contra_logit", "neutral_logit", "entail_logit"], ["logits"], [intAttr("axis", 1)]),
  );
  return {
    name: "tiny_zero_shot_nli",
    nodes,
    initializers,
    inputs,
    outputs: [{ name: "logits", elemType: OnnxType.FLOAT, shape: ["batch_size", 3] }],
  };
}

/**
 * Write a tiny model to `<dir>/<spec.id>/` and return where it is and what it holds. The same
 * spec always writes the same bytes.
 */
export function buildTinyModel(dir: string, spec: TinyModelSpec): TinyModel {
  if (!/^[\w.-]+\/[\w.-]+$/.test(spec.id)) throw new Error(`tiny model id must look like "org/name", got "${spec.id}"`);
  const groups = Object.entries(spec.groups ?? {});
  const groupWords = groups.map(([, phrases]) => phrases.flatMap(wordsOf));
  const labels =
    spec.task === "zero-shot" ? [...NLI_LABELS] : spec.task === "text-classification" ? [...(spec.labels ?? groups.map(([name]) => name))] : [];
  if (spec.task === "text-classification" && labels.length === 0) throw new Error("a text-classification tiny model needs labels or groups");
  const dim = spec.dim ?? Math.max(16, groups.length + 8);
  if (dim < groups.length + 2) throw new Error(`dim ${dim} is too small for ${groups.length} groups`);

  const vocab = buildVocabulary([...groupWords.flat(), ...(spec.vocab ?? []).flatMap(wordsOf), ...(spec.tokens ?? [])]);
  const ids = new Map(vocab.map((t, i) => [t, i]));
  const axisOf = new Map(groups.map(([name], k) => [name, k]));

  const random = seededRandom(spec.seed ?? 1);
  const noise = spec.noise ?? 0.05;
  const embedding = new Float32Array(vocab.length * dim);
  for (let t = SPECIAL_TOKENS.length; t < vocab.length; t++) {
    for (let d = 0; d < dim; d++) embedding[t * dim + d] = (random() * 2 - 1) * noise;
  }
  groupWords.forEach((words, k) => {
    for (const w of words) {
      const t = ids.get(w)!;
      // A word in two groups points between them.
      embedding[t * dim + k] = Math.max(embedding[t * dim + k]!, 0) + 1;
    }
  });

  const maxLength = spec.maxLength ?? 128;
  const onnx = encodeOnnxModel(graphFor(spec, embedding, vocab.length, dim, labels, axisOf));
  const path = join(dir, ...spec.id.split("/"));
  mkdirSync(join(path, "onnx"), { recursive: true });
  writeFileSync(join(path, "onnx", "model.onnx"), onnx);
  writeFileSync(join(path, "tokenizer.json"), JSON.stringify(tokenizerJson(vocab)));
  writeFileSync(join(path, "tokenizer_config.json"), JSON.stringify(tokenizerConfigJson(maxLength), null, 2));

  const config: Record<string, unknown> = {
    model_type: "bert",
    architectures: [spec.task === "feature-extraction" ? "BertModel" : "BertForSequenceClassification"],
    hidden_size: dim,
    vocab_size: vocab.length,
    max_position_embeddings: maxLength,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    pad_token_id: 0,
    type_vocab_size: 2,
  };
  if (labels.length > 0) {
    config.id2label = Object.fromEntries(labels.map((l, k) => [String(k), l]));
    config.label2id = Object.fromEntries(labels.map((l, k) => [l, k]));
  }
  if (spec.multiLabel) config.problem_type = "multi_label_classification";
  writeFileSync(join(path, "config.json"), JSON.stringify(config, null, 2));

  return { path, id: spec.id, vocab, dim, labels, onnxBytes: onnx.length };
}
