import type { Scorer } from "../../core/scorer.js";
import { defineScorer } from "../../core/scorer-entry.js";
import { EmbeddingScorer } from "../../embed/embedding-scorer.js";
import { ScorerSpecError } from "../../core/scorer-spec-error.js";
import type { Embedder } from "../../embed/embedder.js";
import type { ModelOptions } from "../../models/model-source.js";
import { loadTaxonomy } from "./domain-taxonomy.js";
import { KeywordDomainScorer } from "./keyword-domain-scorer.js";
import { LexiconDomainScorer } from "./lexicon-domain-scorer.js";
import { PrototypeDomainScorer } from "./prototype-domain-scorer.js";
import { DEFAULT_ZERO_SHOT_MODEL, ZeroShotDomainScorer } from "./zero-shot-domain-scorer.js";
import { defaultDomainLexiconData, useDefaultDomainLexicon, type DomainLexiconData } from "./domain-lexicon.js";

const DOMAIN_FORMS = '"keywords", "lexicon", "prototypes", "zero-shot" (Xenova/mobilebert-uncased-mnli) or "zero-shot:<model id or folder>"';

export interface DomainScorerOptions extends ModelOptions {
  /** A taxonomy file (JSON or YAML); default: the shipped 23 domains. */
  taxonomyPath?: string;
  /** The embedder the `prototypes` scorer embeds domain descriptions with: the one the embedding column uses. */
  embedder?: Embedder;
}

/**
 * Whether a --domain spec scores with the compiled lexicon: "keywords" (the default) or
 * "lexicon" with the built-in taxonomy, which has one; a user's taxonomy is matched on its
 * own keywords.
 */
export function usesDomainLexicon(spec: string, taxonomyPath: string | undefined): boolean {
  const [kind, ...rest] = spec.trim().split(":");
  return (kind === "keywords" || kind === "lexicon") && rest.join(":").trim() === "" && taxonomyPath === undefined;
}

/** Build the domain scorer named by a --domain spec: "keywords", "prototypes", "zero-shot", "zero-shot:<id>". */
export function createDomainScorer(spec: string, opts: DomainScorerOptions = {}): Scorer {
  const [kind, ...rest] = spec.trim().split(":");
  const arg = rest.join(":").trim();
  const taxonomy = loadTaxonomy(opts.taxonomyPath);
  if (usesDomainLexicon(spec, opts.taxonomyPath)) return new LexiconDomainScorer();
  if (kind === "keywords" && arg === "") return new KeywordDomainScorer({ taxonomy });
  if (kind === "prototypes" && arg === "") {
    if (!opts.embedder) throw new Error('--domain prototypes needs the embedder of the embedding column (pass opts.embedder)');
    return new PrototypeDomainScorer(opts.embedder, { taxonomy });
  }
  if (kind === "zero-shot") return new ZeroShotDomainScorer(arg === "" ? DEFAULT_ZERO_SHOT_MODEL : arg, { ...opts, taxonomy });
  throw new ScorerSpecError("--domain", spec, DOMAIN_FORMS);
}

/** The domain spec and taxonomy file the registry settings name. */
function domainSpecOf(settings: { domain?: unknown; taxonomy?: unknown }): { spec: string; taxonomyPath: string | undefined } {
  return { spec: String(settings.domain ?? "keywords"), taxonomyPath: typeof settings.taxonomy === "string" ? settings.taxonomy : undefined };
}

/** Registry entry: `--domain keywords | prototypes | zero-shot:<id> | off`, `--taxonomy <file>`. */
export const domainEntry = defineScorer({
  name: "domain",
  options: [
    { key: "domain", flags: "--domain <spec>", help: "domain labeller: keywords | prototypes | zero-shot:<id> | off", kind: "spec", default: "keywords" },
    { key: "taxonomy", flags: "--taxonomy <file>", help: "domain taxonomy file (JSON or YAML) replacing the built-in 23 domains", kind: "path" },
  ],
  columns: [
    { name: "domain", description: "Domain label (one of the taxonomy's domains)." },
    { name: "domain_score", description: "Confidence of the domain label (0..1)." },
    { name: "domain_top3", description: "The three most likely domains." },
  ],
  loadsModels: (settings) => String(settings.domain ?? "").trim().startsWith("zero-shot"),
  create: (settings, context) => {
    const { spec, taxonomyPath } = domainSpecOf(settings);
    if (spec === "off") return undefined;
    // "prototypes" embeds the domain descriptions with the embedding column's embedder.
    const embedder = context.created.find((s): s is EmbeddingScorer => s instanceof EmbeddingScorer)?.embedder;
    return createDomainScorer(spec, { ...context.models, taxonomyPath, embedder });
  },
  sharedTables: (settings) => {
    const { spec, taxonomyPath } = domainSpecOf(settings);
    return usesDomainLexicon(spec, taxonomyPath) ? defaultDomainLexiconData() : undefined;
  },
  adoptTables: (tables) => useDefaultDomainLexicon(tables as DomainLexiconData),
});
