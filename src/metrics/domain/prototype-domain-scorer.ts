import type { ComputedColumns, ScoreColumn } from "../../core/score-column.js";
import type { Scorer } from "../../core/scorer.js";
import type { TextView } from "../../core/text-view.js";
import { DOMAIN_COLUMNS, DomainColumns, softmaxInto } from "./domain-columns.js";
import { loadDefaultTaxonomy, prototypeText, type DomainTaxonomy } from "./domain-taxonomy.js";
import { cosineAt, type Embedder, type EmbeddingMatrix } from "../../embed/embedder.js";

/**
 * Domains by nearest prototype: each domain's label, description and keywords are embedded
 * once with the same embedder that made the rows' `embedding` column, and a row gets the
 * domain whose prototype is most cosine-similar. `domain_score` is the softmax of the cosines
 * / `temperature` (default 0.05: a cosine lead of 0.05 is a factor e). Rows whose best cosine
 * is below `minSimilarity` (default 0, i.e. off) get the fallback domain.
 */
export interface PrototypeDomainOptions {
  taxonomy?: DomainTaxonomy;
  temperature?: number;
  minSimilarity?: number;
}

export class PrototypeDomainScorer implements Scorer {
  readonly name = "domain";
  readonly columns = DOMAIN_COLUMNS;
  readonly needs = ["embedding"] as const;
  readonly taxonomy: DomainTaxonomy;
  readonly domainNames: readonly string[];
  private prototypes?: Promise<EmbeddingMatrix>;
  private readonly temperature: number;
  private readonly minSimilarity: number;

  constructor(
    readonly embedder: Embedder,
    opts: PrototypeDomainOptions = {},
  ) {
    this.taxonomy = opts.taxonomy ?? loadDefaultTaxonomy();
    this.domainNames = this.taxonomy.domains.map((d) => d.name);
    this.temperature = opts.temperature ?? 0.05;
    this.minSimilarity = opts.minSimilarity ?? 0;
    if (!(this.temperature > 0)) throw new Error(`prototype domain temperature must be > 0, got ${opts.temperature}`);
  }

  /** The domain prototypes (embedded on first use). */
  prototypeMatrix(): Promise<EmbeddingMatrix> {
    this.prototypes ??= Promise.resolve(this.embedder.embed(this.taxonomy.domains.map(prototypeText)));
    return this.prototypes;
  }

  async score(view: TextView, computed: ComputedColumns): Promise<ScoreColumn[]> {
    const column = computed.get("embedding");
    if (!column || column.kind !== "float32-vector") {
      throw new Error('the prototype domain scorer needs the "embedding" column: run the embedding scorer before it');
    }
    const protos = await this.prototypeMatrix();
    if (protos.dim !== column.dim) {
      throw new Error(
        `domain prototypes were embedded with ${this.embedder.name} (dim ${protos.dim}) but the embedding column has dim ${column.dim}: use the same embedder for both`,
      );
    }
    const out = new DomainColumns(this.domainNames, view.length);
    const k = this.domainNames.length;
    const cos = new Float64Array(k);
    const probs = new Float64Array(k);
    const fallback = this.domainNames.indexOf(this.taxonomy.fallback);
    for (let i = 0; i < view.length; i++) {
      let best = -Infinity;
      for (let d = 0; d < k; d++) {
        cos[d] = cosineAt(column.values, i, protos.values, d, column.dim);
        if (cos[d]! > best) best = cos[d]!;
      }
      if (best <= this.minSimilarity && this.minSimilarity > 0) out.setFallback(i, fallback);
      else out.set(i, softmaxInto(cos, this.temperature, probs));
    }
    return out.columns();
  }
}
