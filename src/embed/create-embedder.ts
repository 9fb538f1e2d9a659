import { ScorerSpecError } from "../core/scorer-spec-error.js";
import type { ModelOptions } from "../models/model-source.js";
import type { Embedder } from "./embedder.js";
import { HashEmbedder } from "./hash-embedder.js";
import { DEFAULT_EMBEDDING_MODEL, ModelEmbedder } from "./model-embedder.js";

const EMBEDDER_FORMS = '"hash", "hash:<dim>", "model" (Xenova/all-MiniLM-L6-v2) or "model:<model id or folder>"';

/** Build the embedder named by an --embedder spec: "hash", "hash:<dim>", "model", "model:<id>". */
export function createEmbedder(spec: string, opts: ModelOptions = {}): Embedder {
  const [kind, ...rest] = spec.trim().split(":");
  const arg = rest.join(":").trim();
  if (kind === "hash") {
    if (arg === "") return new HashEmbedder();
    if (!/^\d+$/.test(arg)) throw new ScorerSpecError("--embedder", spec, EMBEDDER_FORMS);
    return new HashEmbedder({ dim: Number(arg) });
  }
  if (kind === "model") return new ModelEmbedder(arg === "" ? DEFAULT_EMBEDDING_MODEL : arg, opts);
  throw new ScorerSpecError("--embedder", spec, EMBEDDER_FORMS);
}
