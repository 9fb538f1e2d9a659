import { loadTransformers } from "./transformers-package.js";
import { explainLoadFailure, loadingOptions, resolveModel, type ModelOptions, type ResolvedModel } from "./model-source.js";

/**
 * Loading transformers.js pipelines and sequence-classification models, once per
 * (task, model, device, dtype) in a process: the prototype domain scorer and the embedding
 * scorer share one feature-extraction model, for example.
 *
 * transformers.js is imported lazily, so the embedded (no-model) scorers never pay for
 * loading ONNX Runtime.
 */

/** A loaded transformers.js pipeline: called with texts and options, disposed at the end. */
export interface LoadedPipeline {
  (texts: string | string[], options?: Record<string, unknown>): Promise<unknown>;
  dispose?(): Promise<void>;
  readonly model: ((inputs: Record<string, unknown>) => Promise<Record<string, ModelOutputTensor | undefined>>) & {
    readonly config: Record<string, unknown> & { id2label?: Record<string, string>; label2id?: Record<string, number> };
  };
  readonly tokenizer: LoadedTokenizer;
}

/** An output tensor of a transformers.js model call. */
export interface ModelOutputTensor {
  readonly data: ArrayLike<number>;
  readonly dims: number[];
  readonly type: string;
}

/** The parts of a transformers.js tokenizer the scorers use. */
export interface LoadedTokenizer {
  (texts: string | string[], options?: Record<string, unknown>): Record<string, unknown>;
  readonly model_max_length?: number;
}

/** A tokenizer plus a sequence classification model (logits out), for batched calls we shape ourselves. */
export interface LoadedClassifier {
  readonly model: ResolvedModel;
  readonly tokenizer: LoadedTokenizer;
  readonly classifier: ((inputs: Record<string, unknown>) => Promise<{ logits: { data: ArrayLike<number>; dims: number[] } }>) & {
    readonly config: Record<string, unknown> & { id2label?: Record<string, string>; label2id?: Record<string, number> };
    dispose?(): Promise<void>;
  };
}

const pipelines = new Map<string, Promise<LoadedPipeline>>();
const classifiers = new Map<string, Promise<LoadedClassifier>>();

/** ONNX Runtime session settings (see ModelOptions.intraOpNumThreads). */
export type ModelSessionOptions = Pick<ModelOptions, "intraOpNumThreads">;

function intraOpThreads(opts: ModelSessionOptions, environment: NodeJS.ProcessEnv = process.env): number | undefined {
  const n = opts.intraOpNumThreads ?? (environment.SIEVE_ONNX_THREADS ? Number(environment.SIEVE_ONNX_THREADS) : undefined);
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < 1) throw new Error(`intraOpNumThreads / SIEVE_ONNX_THREADS must be a whole number ≥ 1, got ${n}`);
  return n;
}

/** transformers.js loading options plus our session settings. */
function modelLoadingOptions(model: ResolvedModel, opts: ModelOptions & ModelSessionOptions): Record<string, unknown> {
  const o = loadingOptions(model, opts);
  const threads = intraOpThreads(opts);
  if (threads !== undefined) o.session_options = { intraOpNumThreads: threads };
  return o;
}

function cacheKey(kind: string, model: ResolvedModel, opts: ModelOptions & ModelSessionOptions): string {
  return JSON.stringify([kind, model.location, opts.device ?? null, opts.dtype ?? null, opts.cacheDir ?? null, intraOpThreads(opts) ?? null]);
}

/** Load (once) a transformers.js pipeline for `task` ("feature-extraction", "text-classification" …) and model `id`. */
export async function loadPipeline(task: string, id: string, opts: ModelOptions & ModelSessionOptions = {}): Promise<LoadedPipeline> {
  const model = await resolveModel(id, opts);
  const key = cacheKey(task, model, opts);
  let loading = pipelines.get(key);
  if (!loading) {
    loading = (async () => {
      const { pipeline } = await loadTransformers(`model "${id}"`);
      try {
        const make = pipeline as unknown as (t: string, m: string, o: Record<string, unknown>) => Promise<LoadedPipeline>;
        return await make(task, model.location, modelLoadingOptions(model, opts));
      } catch (err) {
        throw explainLoadFailure(model, opts, err);
      }
    })();
    pipelines.set(key, loading);
    // A failed load is not cached: the next call reports the problem again (or succeeds after a fix).
    loading.catch(() => pipelines.delete(key));
  }
  return loading;
}

/** Load (once) a tokenizer and a sequence-classification model (AutoModelForSequenceClassification) for `id`. */
export async function loadClassifier(id: string, opts: ModelOptions & ModelSessionOptions = {}): Promise<LoadedClassifier> {
  const model = await resolveModel(id, opts);
  const key = cacheKey("sequence-classification", model, opts);
  let loading = classifiers.get(key);
  if (!loading) {
    loading = (async () => {
      const { AutoTokenizer, AutoModelForSequenceClassification } = await loadTransformers(`model "${id}"`);
      try {
        const options = modelLoadingOptions(model, opts);
        const [tokenizer, classifier] = await Promise.all([
          AutoTokenizer.from_pretrained(model.location, options),
          AutoModelForSequenceClassification.from_pretrained(model.location, options),
        ]);
        return {
          model,
          tokenizer: tokenizer as unknown as LoadedTokenizer,
          classifier: classifier as unknown as LoadedClassifier["classifier"],
        };
      } catch (err) {
        throw explainLoadFailure(model, opts, err);
      }
    })();
    classifiers.set(key, loading);
    loading.catch(() => classifiers.delete(key));
  }
  return loading;
}

/** Dispose every loaded model (ONNX sessions hold native memory) and forget them. */
export async function disposeLoadedModels(): Promise<void> {
  const all = [...pipelines.values(), ...classifiers.values()];
  pipelines.clear();
  classifiers.clear();
  for (const p of all) {
    try {
      const loaded = await p;
      if ("classifier" in loaded) await loaded.classifier.dispose?.();
      else await loaded.dispose?.();
    } catch {
      // A model that failed to load holds nothing to release.
    }
  }
}
