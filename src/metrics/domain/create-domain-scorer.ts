import type { Scorer } from "../../core/scorer.js";
import { ScorerSpecError } from "../../core/scorer-spec-error.js";
import type { Embedder } from "../../embed/embedder.js";
import type { ModelOptions } from "../../models/model-source.js";
import { loadTaxonomy } from "./domain-taxonomy.js";
import { KeywordDomainScorer } from "./keyword-domain-scorer.js";
import { PrototypeDomainScorer } from "./prototype-domain-scorer.js";
import { DEFAULT_ZERO_SHOT_MODEL, ZeroShotDomainScorer } from "./zero-shot-domain-scorer.js";

const DOMAIN_FORMS = '"keywords", "prototypes", "zero-shot" (Xenova/mobilebert-uncased-mnli) or "zero-shot:<model id or folder>"';

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
