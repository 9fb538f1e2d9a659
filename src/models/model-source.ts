import { loadTransformers } from "./transformers-package.js";
import { existsSync, readdirSync, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";

/**
 * Where transformers.js models come from, shared by every model-backed scorer (embeddings,
 * domains, toxicity).
 *
 * A model id ("Xenova/all-MiniLM-L6-v2") is looked up in the local model folders first
 * (`modelDir` / SIEVE_MODEL_DIR, hub layout `<dir>/<id>/config.json, tokenizer.json,
 * onnx/model*.onnx`), then in transformers.js's own download cache. When a local copy is found,
 * transformers.js is handed its absolute folder (which it never tries to download). When none is
 * found, the model is downloaded from the hub, unless loading is offline: offline is the
 * default as soon as a model folder is configured, or with SIEVE_OFFLINE=1, and then a missing
 * model is a ModelNotFoundError that says where we looked and how to fetch the files.
 */
export interface ModelOptions {
  /** Local model folders in hub layout; also read from SIEVE_MODEL_DIR (several joined with the path delimiter). */
  modelDir?: string | readonly string[];
  /** Never download. Default: true when a model folder is configured or SIEVE_OFFLINE=1. */
  offline?: boolean;
  /** transformers.js device ("cpu", "cuda", "webgpu", "dml" …), passed through. */
  device?: string;
  /** transformers.js dtype ("fp32", "fp16", "q8", "q4" …), passed through; selects onnx/model<suffix>.onnx. */
  dtype?: string;
  /** Texts per model call (default 32). */
  batchSize?: number;
  /**
   * ONNX Runtime threads per model call (default: SIEVE_ONNX_THREADS, else ONNX Runtime's
   * own, one per core). 1 suits small models and runs where the pipeline already keeps every
   * core busy: waking a thread pool costs more than a tiny model's work.
   */
  intraOpNumThreads?: number;
  /** transformers.js download cache folder (default: its own). */
  cacheDir?: string;
}

/** Where a model will be loaded from. */
export interface ResolvedModel {
  /** The id asked for. */
  id: string;
  /** An absolute folder (a local copy) or the hub id (to be downloaded). */
  location: string;
  /** Whether `location` is a local folder. */
  local: boolean;
  /** The folders that were searched, in order. */
  searched: string[];
}

/** A model that is neither in a local folder nor allowed to be downloaded, or is incomplete. */
export class ModelNotFoundError extends Error {
  constructor(
    readonly modelId: string,
    readonly searched: readonly string[],
    detail: string,
  ) {
    super(detail);
    this.name = "ModelNotFoundError";
  }
}

/** The file-name suffix transformers.js uses for each dtype (onnx/model<suffix>.onnx). */
const DTYPE_SUFFIX: Record<string, string> = {
  fp32: "",
  fp16: "_fp16",
  int8: "_int8",
  uint8: "_uint8",
  q8: "_quantized",
  q4: "_q4",
  q4f16: "_q4f16",
  bnb4: "_bnb4",
};

/** The configured local model folders: `opts.modelDir` first, then SIEVE_MODEL_DIR. */
export function modelDirs(opts: ModelOptions = {}, environment: NodeJS.ProcessEnv = process.env): string[] {
  const given = opts.modelDir === undefined ? [] : typeof opts.modelDir === "string" ? [opts.modelDir] : [...opts.modelDir];
  const fromEnv = (environment.SIEVE_MODEL_DIR ?? "").split(delimiter).filter((d) => d.length > 0);
  return [...new Set([...given, ...fromEnv].map((d) => resolve(d)))];
}

/** Whether downloads are off: explicitly, by SIEVE_OFFLINE=1, or because a model folder is configured. */
export function isOffline(opts: ModelOptions = {}, environment: NodeJS.ProcessEnv = process.env): boolean {
  if (opts.offline !== undefined) return opts.offline;
  if (environment.SIEVE_OFFLINE === "1" || environment.SIEVE_OFFLINE === "true") return true;
  return modelDirs(opts, environment).length > 0;
}

function looksLikePath(id: string): boolean {
  return isAbsolute(id) || id.startsWith("./") || id.startsWith("../") || id.startsWith("~");
}

function fetchHint(id: string, dirs: readonly string[]): string {
  const target = dirs[0] ?? "<model-dir>";
  return (
    `Fetch it on a machine with internet access, e.g.\n` +
    `  huggingface-cli download ${id} --local-dir ${join(target, id)}\n` +
    `(the folder needs config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx or the onnx file for your --dtype), ` +
    `then point --model-dir / SIEVE_MODEL_DIR at ${target}` +
    (dirs.length === 0 ? ", or allow downloads (unset SIEVE_OFFLINE)." : ".")
  );
}

/**
 * Check that a local model folder holds what transformers.js will read, so a half-copied model
 * fails here with the missing file's name rather than deep inside the runtime.
 */
function checkFolder(id: string, folder: string, searched: readonly string[], dtype: string | undefined): void {
  const missing = ["config.json", "tokenizer.json"].filter((f) => !existsSync(join(folder, f)));
  const onnxDir = join(folder, "onnx");
  const onnxFiles = existsSync(onnxDir) ? readdirSync(onnxDir).filter((f) => f.endsWith(".onnx")) : [];
  if (onnxFiles.length === 0) missing.push("onnx/model*.onnx");
  else if (dtype !== undefined && dtype !== "auto" && DTYPE_SUFFIX[dtype] !== undefined) {
    const wanted = `model${DTYPE_SUFFIX[dtype]}.onnx`;
    if (!onnxFiles.includes(wanted)) {
      throw new ModelNotFoundError(
        id,
        searched,
        `model "${id}" at ${folder} has no onnx/${wanted} for dtype "${dtype}" (it has: ${onnxFiles.join(", ")}). ` +
          `Pick a dtype it has, or download that file.`,
      );
    }
  }
  if (missing.length > 0) {
    throw new ModelNotFoundError(id, searched, `model "${id}" at ${folder} is incomplete: missing ${missing.join(", ")}.\n${fetchHint(id, searched)}`);
  }
}

/** The transformers.js download cache folder (read lazily: importing transformers.js is slow). */
async function transformersCacheDir(opts: ModelOptions): Promise<string | undefined> {
  if (opts.cacheDir) return resolve(opts.cacheDir);
  const { env } = await loadTransformers();
  return env.cacheDir ? resolve(env.cacheDir) : undefined;
}

/** Find model `id` locally, or decide to download it; throws ModelNotFoundError when neither is possible. */
export async function resolveModel(id: string, opts: ModelOptions = {}, environment: NodeJS.ProcessEnv = process.env): Promise<ResolvedModel> {
  if (id.trim().length === 0) throw new ModelNotFoundError(id, [], "empty model id");
  if (looksLikePath(id)) {
    const folder = resolve(id.startsWith("~") ? join(environment.HOME ?? "", id.slice(1)) : id);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new ModelNotFoundError(id, [folder], `model folder ${folder} does not exist.`);
    }
    checkFolder(id, folder, [folder], opts.dtype);
    return { id, location: folder, local: true, searched: [folder] };
  }
  const dirs = modelDirs(opts, environment);
  const cache = await transformersCacheDir(opts);
  const searched = cache ? [...dirs, cache] : dirs;
  for (const dir of searched) {
    const folder = join(dir, id);
    if (existsSync(join(folder, "config.json"))) {
      checkFolder(id, folder, searched, opts.dtype);
      return { id, location: folder, local: true, searched };
    }
  }
  if (isOffline(opts, environment)) {
    const where = searched.length > 0 ? searched.map((d) => `  ${join(d, id)}`).join("\n") : "  (no model folder configured)";
    throw new ModelNotFoundError(id, searched, `model "${id}" is not available offline. Searched:\n${where}\n${fetchHint(id, dirs)}`);
  }
  return { id, location: id, local: false, searched };
}

/** The transformers.js loading options for a resolved model. */
export function loadingOptions(model: ResolvedModel, opts: ModelOptions): Record<string, unknown> {
  const o: Record<string, unknown> = { local_files_only: model.local };
  if (opts.device !== undefined) o.device = opts.device;
  if (opts.dtype !== undefined) o.dtype = opts.dtype;
  if (opts.cacheDir !== undefined) o.cache_dir = resolve(opts.cacheDir);
  return o;
}

/** Re-throw a transformers.js loading failure with the model id and where it was looked for. */
export function explainLoadFailure(model: ResolvedModel, opts: ModelOptions, err: unknown): Error {
  if (err instanceof ModelNotFoundError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  const from = model.local ? `from ${model.location}` : "from the Hugging Face hub";
  return new ModelNotFoundError(
    model.id,
    model.searched,
    `could not load model "${model.id}" ${from}: ${reason}\n${fetchHint(model.id, modelDirs(opts))}`,
  );
}
