import { ToxicityLexicon, loadToxicityLexicon } from "./lexicon.js";
import { DEFAULT_HASHING, ToxicityFeatures, type NgramHashing } from "./ngram-features.js";
import { TokenBuffer, tokenize } from "./text-tokens.js";
import { COMBINER_INPUTS, loadShippedToxicityModel, type LoadedToxicityModel } from "./toxicity-model-file.js";
import { ToxicityWordCache } from "./word-cache.js";
import { EvidenceScratch, collectEvidence, evidenceLabels, type EvidenceCounts, type ToxicityLabel } from "./toxicity-evidence.js";
import { sentenceSpans } from "../../base/sentence-spans.js";

/** Logits are clipped here: beyond it the probability is 0 or 1 to float64 anyway. */
const LOGIT_CLIP = 30;

function sigmoid(z: number): number {
  const c = z > LOGIT_CLIP ? LOGIT_CLIP : z < -LOGIT_CLIP ? -LOGIT_CLIP : z;
  return 1 / (1 + Math.exp(-c));
}

/**
 * The combiner's inputs for one text: the linear model's logit, then log(1 + count) of each
 * kind of lexicon/rule evidence, log(1 + tokens), then log(1 + count) of the group-statement
 * evidence (hateful, negated, counter-speech), and of group mentions with a negative word
 * nearby that no construction decided. Order = COMBINER_INPUTS.
 */
export function combinerInputs(linearLogit: number, ev: EvidenceCounts, tokens: number, out: Float64Array): Float64Array {
  out[0] = linearLogit;
  out[1] = Math.log1p(ev.strong);
  out[2] = Math.log1p(ev.mild);
  out[3] = Math.log1p(ev.insultAimed);
  out[4] = Math.log1p(ev.insultWords);
  out[5] = Math.log1p(ev.threat);
  out[6] = Math.log1p(ev.identity);
  out[7] = Math.log1p(ev.sexual);
  out[8] = Math.log1p(ev.obfuscated);
  out[9] = Math.log1p(tokens);
  out[10] = Math.log1p(ev.groupHate);
  out[11] = Math.log1p(ev.negated);
  out[12] = Math.log1p(ev.counter);
  out[13] = Math.log1p(ev.groupNegative);
  return out;
}

/**
 * Evidence that stands on its own in one sentence: strong profanity, an insult aimed at a
 * person, a threat. A text with such evidence is also scored sentence by sentence (see
 * `score`). Mild profanity, insult words with no target, sexual or obfuscated words and
 * group mentions are left out: alone in a sentence they lose the context that clears them
 * ("Dogs like to chase balls.", "Dumb and Dumber"); with them in, clean Dolly responses
 * flagged went from 0.27 % to 0.55 % (bench/RESULTS.md, Toxicity).
 */
function standsAlone(ev: EvidenceCounts): boolean {
  return ev.strong + ev.insultAimed + ev.threat > 0;
}

/**
 * The embedded (no download) toxicity classifier for one text: canonical tokens →
 * lexicon and rule evidence + hashed n-gram linear model → logistic combiner → probability.
 * Holds reusable buffers: one instance per thread, texts scored one after another.
 */
export class EmbeddedToxicityClassifier {
  readonly tokens = new TokenBuffer();
  readonly scratch = new EvidenceScratch();
  readonly features: ToxicityFeatures;
  readonly words: ToxicityWordCache;
  readonly inputs = new Float64Array(COMBINER_INPUTS.length);
  /** Sentence offsets of the text being scored (sentenceSpans). */
  private readonly spans: number[] = [];
  private readonly hasModel: boolean;
  private readonly weightScale: number;
  private readonly linearBias: number;
  private readonly combinerWeights: Float64Array | undefined;
  private readonly combinerBias: number;

  /**
   * @param lexicon defaults to the shipped lexicon.
   * @param model defaults to the shipped model; `null` builds a featuriser only (training).
   * @param wordCacheLimit distinct words the per-word cache holds before starting over
   *   (scores do not depend on it, only speed).
   */
  constructor(
    readonly lexicon: ToxicityLexicon = loadToxicityLexicon(),
    model: LoadedToxicityModel | null = loadShippedToxicityModel(),
    hashing: NgramHashing = model?.file.hashing ?? DEFAULT_HASHING,
    wordCacheLimit?: number,
  ) {
    this.features = new ToxicityFeatures(hashing, model?.quantised);
    this.words = new ToxicityWordCache(lexicon, hashing, model?.quantised, wordCacheLimit);
    this.hasModel = model !== null;
    this.weightScale = model?.file.linear.scale ?? 0;
    this.linearBias = model?.file.linear.bias ?? 0;
    if (model) {
      const c = model.file.combiner;
      if (c.inputs.join() !== COMBINER_INPUTS.join()) throw new Error(`toxicity model combiner inputs ${c.inputs.join()} differ from ${COMBINER_INPUTS.join()}`);
      this.combinerWeights = Float64Array.from(c.weights);
    }
    this.combinerBias = model?.file.combiner.bias ?? 0;
  }

  /** Tokenise, collect evidence and hash features of `text` (the state stays in this object). */
  analyse(text: string): void {
    tokenize(text, this.tokens);
    collectEvidence(this.lexicon, this.tokens, this.scratch, this.words);
    this.features.analyse(this.tokens, this.scratch, this.words);
  }

  /** The linear model's logit for the last analysed text. */
  linearLogit(): number {
    if (!this.hasModel) throw new Error("EmbeddedToxicityClassifier built without a model");
    return this.linearBias + (this.features.dot(this.words) * this.weightScale) / this.features.norm(this.words);
  }

  /**
   * Toxicity probability of `text`, 0..1: the whole text's, or, where the text has evidence
   * that stands alone in a sentence (standsAlone) and more than one sentence, the highest of
   * that and the probability of each of its sentences that holds such evidence itself. The
   * model reads a text as one bag of words, so one insult in a long comment is diluted by
   * the rest ("Only a moron would think so." 0.74 alone, 0.11 after one neutral sentence),
   * as one toxic turn would be in a whole conversation (the scorer takes the maximum over
   * turns for the same reason). Labels stay those of the whole text.
   */
  score(text: string): number {
    const whole = this.scoreWhole(text);
    // The same object throughout: collectEvidence overwrites its counts for each text.
    const evidence = this.scratch.evidence;
    if (!standsAlone(evidence)) return whole;
    const spans = sentenceSpans(text, this.spans);
    if (spans.length <= 2) return whole;
    const saved: EvidenceCounts = { ...evidence };
    let best = whole;
    for (let k = 0; k < spans.length; k += 2) {
      const p = this.scoreWhole(text.slice(spans[k], spans[k + 1]));
      if (p > best && standsAlone(evidence)) best = p;
    }
    Object.assign(evidence, saved);
    return best;
  }

  /** Toxicity probability of `text` read as one bag of words (no sentence pass). */
  scoreWhole(text: string): number {
    this.analyse(text);
    if (this.tokens.count === 0) return sigmoid(this.combinerBias + this.combinerWeights![0]! * this.linearBias);
    combinerInputs(this.linearLogit(), this.scratch.evidence, this.tokens.count, this.inputs);
    let z = this.combinerBias;
    const w = this.combinerWeights!;
    for (let k = 0; k < w.length; k++) z += w[k]! * this.inputs[k]!;
    return sigmoid(z);
  }

  /** Add the labels the last scored text's evidence supports to `out`. */
  labels(out: Set<ToxicityLabel>): void {
    evidenceLabels(this.scratch.evidence, out);
  }
}
