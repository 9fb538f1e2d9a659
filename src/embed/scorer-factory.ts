import type { Scorer } from "../pipeline/scorer.js";
import { loadTaxonomy } from "./domain-taxonomy.js";
import type { Embedder } from "./embedder.js";
import { HashEmbedder } from "./hash-embedder.js";
import { KeywordDomainScorer } from "./keyword-domain-scorer.js";
import { DEFAULT_EMBEDDING_MODEL, ModelEmbedder } from "./model-embedder.js";
import type { ModelOptions } from "./model-source.js";
import { PrototypeDomainScorer } from "./prototype-domain-scorer.js";
import { DEFAULT_ZERO_SHOT_MODEL, ZeroShotDomainScorer } from "./zero-shot-domain-scorer.js";

/** A --embedder / --domain value that is not one of the accepted forms. */
export class ScorerSpecError extends Error {
  constructor(flag: string, spec: string, accepted: string) {
    super(`${flag} "${spec}" is not understood; use ${accepted}`);
    this.name = "ScorerSpecError";
  }
}

const EMBEDDER_FORMS = '"hash", "hash:<dim>", "model" (Xenova/all-MiniLM-L6-v2) or "model:<model id or folder>"';
const DOMAIN_FORMS = '"keywords", "prototypes", "zero-shot" (Xenova/mobilebert-uncased-mnli) or "zero-shot:<model id or folder>"';

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

export interface DomainScorerOptions extends ModelOptions {
  /** A taxonomy file (JSON or YAML); default: the shipped 23 domains. */
  taxonomyPath?: string;
  /** The embedder the `prototypes` scorer embeds domain descriptions with: the one the embedding column uses. */
  embedder?: Embedder;
}

/** Build the domain scorer named by a --domain spec: "keywords", "prototypes", "zero-shot", "zero-shot:<id>". */
export function createDomainScorer(spec: string, opts: DomainScorerOptions = {}): Scorer {
  const [kind, ...rest] = spec.trim().split(":");
  const arg = rest.join(":").trim();
  const taxonomy = loadTaxonomy(opts.taxonomyPath);
  if (kind === "keywords" && arg === "") return new KeywordDomainScorer({ taxonomy });
  if (kind === "prototypes" && arg === "") {
    if (!opts.embedder) throw new Error('--domain prototypes needs the embedder of the embedding column (pass opts.embedder)');
    return new PrototypeDomainScorer(opts.embedder, { taxonomy });
  }
  if (kind === "zero-shot") return new ZeroShotDomainScorer(arg === "" ? DEFAULT_ZERO_SHOT_MODEL : arg, { ...opts, taxonomy });
  throw new ScorerSpecError("--domain", spec, DOMAIN_FORMS);
}
