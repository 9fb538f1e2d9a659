import { batchTokenizerFor } from "../../models/batch-tokenizer.js";
import { loadClassifier, type LoadedClassifier } from "../../models/model-loader.js";
import type { ModelOptions } from "../../models/model-source.js";
import type { ScoreColumn } from "../../core/score-column.js";
import type { Scorer } from "../../core/scorer.js";
import type { TextView } from "../../core/text-view.js";
import { TOXICITY_LABELS_COLUMN, TOXICITY_SCORE_COLUMN } from "./lexicon-toxicity-scorer.js";

/** The default model for `--toxicity model`: Detoxify's labels, sigmoid per label. */
export const DEFAULT_TOXICITY_MODEL = "Xenova/toxic-bert";

export interface ModelToxicityOptions extends ModelOptions {
  /**
   * Sigmoid per label (true) or softmax over labels (false). Default: config.json's
   * `problem_type` ("multi_label_classification" → sigmoid), else sigmoid for one label and
   * softmax for several.
   */
  multiLabel?: boolean;
  /** A label goes into `toxicity_labels` when its row probability reaches this (default 0.5). */
  labelThreshold?: number;
}

/** Column name for a model label: `toxicity_<label>`, lower case, other chars as "_". */
export function modelLabelColumn(label: string): string {
  return `toxicity_${label.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "")}`;
}

/**
 * Model-backed toxicity (`--toxicity model:<id>`): a transformers.js sequence-classification
 * model run on every turn of every row, in length-sorted batches, each text truncated to the
 * model's maximum length. Per row and label, the highest probability over the turns:
 * - `toxicity_<label>` for each label of config.json's id2label;
 * - `toxicity_score` = the `toxic` (or `toxicity`) label's column; a model with no such
 *   label uses the highest probability over all its labels;
 * - `toxicity_labels` = labels whose probability reaches `labelThreshold`.
 * Build it with `createModelToxicityScorer` (the labels, hence the columns, come from the model).
 */
export class ModelToxicityScorer implements Scorer {
  readonly name = "toxicity";
  readonly columns: readonly string[];
  readonly labels: readonly string[];
  private readonly multiLabel: boolean;
  private readonly toxicIndex: number;

  constructor(
    readonly modelId: string,
    private readonly loaded: LoadedClassifier,
    private readonly opts: ModelToxicityOptions = {},
  ) {
    const config = loaded.classifier.config;
    const id2label = (config.id2label ?? {}) as Record<string, string>;
    const n = Object.keys(id2label).length;
    if (n === 0) throw new Error(`model "${modelId}": config.json has no id2label, so its outputs cannot be named`);
    this.labels = Array.from({ length: n }, (_, k) => id2label[String(k)] ?? `label_${k}`);
    const problem = config.problem_type as string | undefined;
    this.multiLabel = opts.multiLabel ?? (problem === "multi_label_classification" ? true : problem === "single_label_classification" ? false : n === 1);
    this.toxicIndex = this.labels.findIndex((l) => /^(toxic|toxicity)$/i.test(l));
    this.columns = [TOXICITY_SCORE_COLUMN, TOXICITY_LABELS_COLUMN, ...this.labels.map(modelLabelColumn)];
  }

  async score(view: TextView): Promise<ScoreColumn[]> {
    const { classifier } = this.loaded;
    // Our WordPiece fast path for BERT-style tokenizers, transformers.js's tokenizer otherwise: the same ids either way.
    const tokenizer = await batchTokenizerFor(this.loaded.tokenizer);
    const nLabels = this.labels.length;
    // Per turn probabilities, then per row maxima.
    const texts = view.turnText;
    const probs = new Float64Array(texts.length * nLabels);
    const nonEmpty = texts.map((t, i) => (t.trim() === "" ? -1 : i)).filter((i) => i >= 0);
    const batchSize = Math.max(1, this.opts.batchSize ?? 32);
    for (const { rows, inputs } of tokenizer.batches(nonEmpty.map((i) => texts[i]!), batchSize)) {
      const turnIds = rows.map((b) => nonEmpty[b]!);
      const { logits } = await classifier(inputs);
      const width = logits.dims[logits.dims.length - 1]!;
      if (width !== nLabels) throw new Error(`model "${this.modelId}" returned ${width} logits, config.json names ${nLabels} labels`);
      for (let r = 0; r < turnIds.length; r++) {
        const base = turnIds[r]! * nLabels;
        if (this.multiLabel) {
          for (let k = 0; k < nLabels; k++) probs[base + k] = 1 / (1 + Math.exp(-Number(logits.data[r * width + k])));
        } else {
          let max = -Infinity;
          for (let k = 0; k < nLabels; k++) max = Math.max(max, Number(logits.data[r * width + k]));
          let sum = 0;
          for (let k = 0; k < nLabels; k++) sum += (probs[base + k] = Math.exp(Number(logits.data[r * width + k]) - max));
          for (let k = 0; k < nLabels; k++) probs[base + k]! /= sum;
        }
      }
    }

    const perLabel = this.labels.map(() => new Float64Array(view.length));
    const score = new Float64Array(view.length);
    const fired: string[][] = [];
    const threshold = this.opts.labelThreshold ?? 0.5;
    for (let row = 0; row < view.length; row++) {
      for (let t = view.turnOffsets[row]!; t < view.turnOffsets[row + 1]!; t++) {
        for (let k = 0; k < nLabels; k++) {
          const p = probs[t * nLabels + k]!;
          if (p > perLabel[k]![row]!) perLabel[k]![row] = p;
        }
      }
      let s = 0;
      if (this.toxicIndex >= 0) s = perLabel[this.toxicIndex]![row]!;
      else for (let k = 0; k < nLabels; k++) s = Math.max(s, perLabel[k]![row]!);
      score[row] = Number.isFinite(s) ? s : 0;
      fired.push(this.labels.filter((_, k) => perLabel[k]![row]! >= threshold));
    }
    return [
      { name: TOXICITY_SCORE_COLUMN, kind: "float64", values: score },
      { name: TOXICITY_LABELS_COLUMN, kind: "utf8-list", values: fired },
      ...this.labels.map((l, k): ScoreColumn => ({ name: modelLabelColumn(l), kind: "float64", values: perLabel[k]! })),
    ];
  }
}

/** Load model `id` (local folders first, see src/models/model-source.ts) and build its scorer. */
export async function createModelToxicityScorer(id: string = DEFAULT_TOXICITY_MODEL, opts: ModelToxicityOptions = {}): Promise<ModelToxicityScorer> {
  return new ModelToxicityScorer(id, await loadClassifier(id, opts), opts);
}
