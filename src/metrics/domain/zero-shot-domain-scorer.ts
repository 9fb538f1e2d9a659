import type { ScoreColumn } from "../../core/score-column.js";
import type { Scorer } from "../../core/scorer.js";
import { firstUserTurn, type TextView } from "../../core/text-view.js";
import { batchTokenizerFor } from "../../models/batch-tokenizer.js";
import { DOMAIN_COLUMNS, DomainColumns, softmaxInto } from "./domain-columns.js";
import { loadDefaultTaxonomy, type DomainTaxonomy } from "./domain-taxonomy.js";
import { embeddingText } from "../../embed/embedder.js";
import { loadClassifier, type LoadedClassifier } from "../../models/model-loader.js";
import type { ModelOptions } from "../../models/model-source.js";

/** The default NLI model for zero-shot domains. */
export const DEFAULT_ZERO_SHOT_MODEL = "Xenova/mobilebert-uncased-mnli";

/**
 * Zero-shot domains with an NLI model (transformers.js sequence classification with
 * entailment / contradiction labels): for each row (first user turn + response, the premise)
 * and each non-fallback domain, the hypothesis "This example is about <label>." is scored; the
 * softmax of the entailment logits over the domains is the distribution, as the
 * zero-shot-classification pipeline computes it. Unlike that pipeline, premise/hypothesis
 * pairs are run in batches of `batchSize` (one model call per pair there), sorted by length.
 * Rows whose best probability is below `minScore` (default 0.2) get the fallback domain.
 * Cost: (domains − 1) model passes per row.
 */
export interface ZeroShotDomainOptions extends ModelOptions {
  taxonomy?: DomainTaxonomy;
  hypothesisTemplate?: string;
  minScore?: number;
}

export class ZeroShotDomainScorer implements Scorer {
  readonly name = "domain";
  readonly columns = DOMAIN_COLUMNS;
  readonly taxonomy: DomainTaxonomy;
  readonly domainNames: readonly string[];
  private loaded?: Promise<LoadedClassifier>;

  constructor(
    readonly modelId: string = DEFAULT_ZERO_SHOT_MODEL,
    private readonly opts: ZeroShotDomainOptions = {},
  ) {
    this.taxonomy = opts.taxonomy ?? loadDefaultTaxonomy();
    this.domainNames = this.taxonomy.domains.map((d) => d.name);
  }

  load(): Promise<LoadedClassifier> {
    this.loaded ??= loadClassifier(this.modelId, this.opts).then((m) => {
      const ids = Object.fromEntries(Object.entries(m.classifier.config.label2id ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      if (ids.entailment === undefined) {
        throw new Error(`model "${this.modelId}" is not an NLI model: its config.json label2id has no "entailment" label`);
      }
      return m;
    });
    return this.loaded;
  }

  async score(view: TextView): Promise<ScoreColumn[]> {
    const { tokenizer: loadedTokenizer, classifier } = await this.load();
    // Our WordPiece fast path for BERT-style tokenizers, transformers.js's tokenizer otherwise: the same ids either way.
    const tokenizer = await batchTokenizerFor(loadedTokenizer);
    const label2id = Object.fromEntries(Object.entries(classifier.config.label2id ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const entailment = label2id.entailment!;
    const template = this.opts.hypothesisTemplate ?? "This example is about {}.";
    const fallback = this.domainNames.indexOf(this.taxonomy.fallback);
    const candidates = this.taxonomy.domains.map((d, k) => ({ k, hypothesis: template.replace("{}", d.label) })).filter((c) => c.k !== fallback);
    const premises = Array.from({ length: view.length }, (_, i) => embeddingText(firstUserTurn(view, i), view.response[i]!));

    // Every (row, candidate) pair, run in batches grouped by token count.
    const pairs = premises.length * candidates.length;
    const pairPremises = Array.from({ length: pairs }, (_, p) => premises[Math.floor(p / candidates.length)]!);
    const pairHypotheses = Array.from({ length: pairs }, (_, p) => candidates[p % candidates.length]!.hypothesis);
    const entail = new Float64Array(pairs);
    const batchSize = Math.max(1, this.opts.batchSize ?? 32);
    for (const { rows, inputs } of tokenizer.batches(pairPremises, batchSize, pairHypotheses)) {
      const { logits } = await classifier(inputs);
      const width = logits.dims[1]!;
      rows.forEach((p, j) => (entail[p] = logits.data[j * width + entailment]!));
    }

    const out = new DomainColumns(this.domainNames, view.length);
    const minScore = this.opts.minScore ?? 0.2;
    const logits = new Float64Array(this.domainNames.length);
    const probs = new Float64Array(this.domainNames.length);
    for (let i = 0; i < view.length; i++) {
      logits.fill(-Infinity);
      candidates.forEach((c, j) => (logits[c.k] = Number.isFinite(entail[i * candidates.length + j]!) ? entail[i * candidates.length + j]! : -1e9));
      // The fallback takes no part in the softmax (exp(-Infinity) = 0) unless no domain is confident.
      softmaxInto(logits, 1, probs);
      let best = 0;
      for (let d = 0; d < probs.length; d++) if (probs[d]! > best) best = probs[d]!;
      if (best < minScore) out.setFallback(i, fallback);
      else out.set(i, probs);
    }
    return out.columns();
  }
}
