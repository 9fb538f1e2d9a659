/**
 * `@huggingface/transformers` is an optional peer dependency: the embedded scorers never load
 * it, and it brings about 430 MB of ONNX Runtime with it. Every import of it goes through
 * here, so a missing package is one clear error naming what to install.
 */
export const TRANSFORMERS_PACKAGE = "@huggingface/transformers";

type TransformersModule = typeof import("@huggingface/transformers");

/** The model-backed spec needs a package that is not installed. */
export class MissingPackageError extends Error {
  constructor(
    readonly packageName: string,
    readonly neededFor: string,
  ) {
    super(`${neededFor} needs the optional package ${packageName}, which is not installed: run 'npm install ${packageName}' (the embedded scorers need no extra package).`);
    this.name = "MissingPackageError";
  }
}

let loading: Promise<TransformersModule> | undefined;

/**
 * Import transformers.js once; `neededFor` names the spec in the error when it is missing.
 * @internal Its return type names the optional package, so it stays out of the published
 * declarations (tsconfig's stripInternal): a project without transformers.js type-checks.
 */
export function loadTransformers(neededFor = "a model-backed scorer"): Promise<TransformersModule> {
  loading ??= import(TRANSFORMERS_PACKAGE).catch((err: NodeJS.ErrnoException) => {
    loading = undefined;
    if (isMissingModule(err)) throw new MissingPackageError(TRANSFORMERS_PACKAGE, neededFor);
    throw err;
  }) as Promise<TransformersModule>;
  return loading;
}

/** Fail fast, before any data is read, when a model-backed spec is asked for without the package. */
export async function requireTransformers(neededFor: string): Promise<void> {
  await loadTransformers(neededFor);
}

function isMissingModule(err: NodeJS.ErrnoException): boolean {
  return (err.code === "ERR_MODULE_NOT_FOUND" || err.code === "MODULE_NOT_FOUND") && String(err.message).includes(TRANSFORMERS_PACKAGE);
}
