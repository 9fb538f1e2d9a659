import { readFileSync } from "node:fs";
import { assetPath } from "../../base/assets.js";
import { grown } from "../../base/typed-array-growth.js";
import { TermScanner, type DocumentFrequencies } from "./relevance-terms.js";

/** The shipped logistic model (see scripts/train-relevance.ts). */
export const RELEVANCE_MODEL_ASSET = "relevance/model.json";

/**
 * The features of an instruction–response pair, in the order the logistic model weighs them.
 * Terms are content-word stems and numbers (relevance-terms.ts), weighted by IDF:
 * - `tfidf_cosine`: cosine of the two texts' TF-IDF vectors (sub-linear tf: 1 + ln tf);
 * - `sqrt_tfidf_cosine`: its square root (a bend the linear model cannot make itself);
 * - `response_coverage`: IDF mass of the response's distinct terms that the instruction holds too, over the response's;
 * - `instruction_coverage`: the same for the instruction's terms found in the response;
 * - `log_shared_idf`: ln(1 + IDF mass of the shared terms): the amount of evidence;
 * - `shared_number`: 1 when both hold the same number ("1969", "42");
 * - `yes_no_answer`: 1 when the instruction opens like a yes/no question ("Is …", "Can …")
 *   and the response starts with "yes" or "no";
 * - `number_answer`: 1 when the instruction asks for a quantity or date ("how many",
 *   "what year", "when") and the response holds a digit;
 * - `log_response_terms`, `log_instruction_terms`: ln(1 + term count), repeats counted;
 * - `no_shared_term`: 1 when the texts share no term, and its products with the two log
 *   counts: a long answer sharing nothing with a long question is strong evidence of a
 *   mismatch, a one-word answer sharing nothing is none ("Paris" to "capital of France?");
 * - `log_terms_product`: ln-count of the response times that of the instruction, over 10.
 */
export const RELEVANCE_FEATURES = [
  "tfidf_cosine",
  "sqrt_tfidf_cosine",
  "response_coverage",
  "instruction_coverage",
  "log_shared_idf",
  "shared_number",
  "yes_no_answer",
  "number_answer",
  "log_response_terms",
  "log_instruction_terms",
  "no_shared_term",
  "no_shared_term_x_log_response_terms",
  "no_shared_term_x_log_instruction_terms",
  "log_terms_product",
] as const;

/** A logistic model over RELEVANCE_FEATURES: P(the pair belongs together) = σ(bias + Σ weight·feature). */
export interface RelevanceModel {
  readonly features: readonly string[];
  readonly weights: readonly number[];
  readonly bias: number;
}

const YES_NO_QUESTION = /^\s*(is|are|was|were|do|does|did|can|could|should|would|will|has|have|had|am|isn't|aren't|don't|doesn't|didn't)\b/i;
const YES_NO_ANSWER = /^\s*(yes|no)\b/i;
const QUANTITY_QUESTION = /\b(how (many|much|old|long|far|tall|big|often|fast)|what (year|percentage|number|date)|when)\b/i;
const DIGIT = /[0-9]/;

let shippedModel: RelevanceModel | undefined;

/** The shipped model, read once per thread and checked against RELEVANCE_FEATURES. */
export function shippedRelevanceModel(): RelevanceModel {
  shippedModel ??= checkedModel(JSON.parse(readFileSync(assetPath(RELEVANCE_MODEL_ASSET), "utf8")) as RelevanceModel);
  return shippedModel;
}

function checkedModel(model: RelevanceModel): RelevanceModel {
  if (model.features.join() !== RELEVANCE_FEATURES.join() || model.weights.length !== RELEVANCE_FEATURES.length) {
    throw new Error(`relevance model: its features (${model.features.join(", ")}) are not RELEVANCE_FEATURES`);
  }
  return model;
}

/**
 * Measures pairs with reusable buffers (one per scorer): the features of a pair, and the
 * model's probability that the pair belongs together. Deterministic: sums run over the
 * distinct terms in order of first appearance, whatever the caches hold.
 */
export class RelevanceMeter {
  private readonly scanner: TermScanner;
  private readonly model: RelevanceModel | undefined;
  private instructionTerms: Int32Array = new Int32Array(256);
  private responseTerms: Int32Array = new Int32Array(256);
  /** Per term id: the pair it was last counted in (stamp) and its counts in each text. */
  private stampI = new Int32Array(0);
  private stampR = new Int32Array(0);
  private tfI = new Int32Array(0);
  private tfR = new Int32Array(0);
  private pair = 0;
  private readonly features = new Float64Array(RELEVANCE_FEATURES.length);

  /** `model` undefined: the shipped one; null: features only (training). */
  constructor(opts: { frequencies?: DocumentFrequencies; model?: RelevanceModel | null } = {}) {
    this.scanner = new TermScanner(opts.frequencies);
    this.model = opts.model === null ? undefined : checkedModel(opts.model ?? shippedRelevanceModel());
  }

  /**
   * The probability (0..1) that `response` answers `instruction`, as the model learnt it
   * from real pairs against shuffled ones (even odds). An empty instruction gives 1 (nothing
   * to answer: not applicable, never filtered); an empty response to an instruction gives 0.
   */
  score(instruction: string, response: string): number {
    if (instruction.trim() === "") return 1;
    if (response.trim() === "") return 0;
    const f = this.measure(instruction, response);
    const model = this.model;
    if (!model) throw new Error("RelevanceMeter built without a model (features only)");
    let s = model.bias;
    for (let k = 0; k < f.length; k++) s += model.weights[k]! * f[k]!;
    return 1 / (1 + Math.exp(-s));
  }

  /** The features of a pair in RELEVANCE_FEATURES order (a view into a reused buffer). */
  measure(instruction: string, response: string): Float64Array {
    let ni: number;
    let nr: number;
    this.scanner.reserve(instruction.length + response.length);
    [this.instructionTerms, ni] = this.scanner.scan(instruction, this.instructionTerms);
    [this.responseTerms, nr] = this.scanner.scan(response, this.responseTerms);
    this.ensureIds(this.scanner.idLimit);
    if (++this.pair === 0x7fffffff) {
      this.stampI.fill(0);
      this.stampR.fill(0);
      this.pair = 1;
    }
    const pair = this.pair;
    const { stampI, stampR, tfI, tfR, instructionTerms, responseTerms } = this;
    const idf = this.scanner.idf;
    const isNumber = this.scanner.isNumber;
    for (let k = 0; k < ni; k++) {
      const t = instructionTerms[k]!;
      if (stampI[t] !== pair) {
        stampI[t] = pair;
        tfI[t] = 1;
      } else tfI[t]!++;
    }
    for (let k = 0; k < nr; k++) {
      const t = responseTerms[k]!;
      if (stampR[t] !== pair) {
        stampR[t] = pair;
        tfR[t] = 1;
      } else tfR[t]!++;
    }
    // Each distinct term once, in order of first appearance: its first occurrence is where
    // its count is still unclaimed (the count is negated once the term is summed).
    let instructionMass = 0;
    let instructionNorm = 0;
    let sharedMass = 0;
    let dot = 0;
    let sharedNumber = 0;
    for (let k = 0; k < ni; k++) {
      const t = instructionTerms[k]!;
      const tf = tfI[t]!;
      if (tf < 0) continue;
      tfI[t] = -tf;
      const w = idf[t]!;
      const v = (1 + Math.log(tf)) * w;
      instructionMass += w;
      instructionNorm += v * v;
      if (stampR[t] === pair) {
        sharedMass += w;
        dot += v * (1 + Math.log(Math.abs(tfR[t]!))) * w;
        if (isNumber[t]) sharedNumber = 1;
      }
    }
    let responseMass = 0;
    let responseNorm = 0;
    for (let k = 0; k < nr; k++) {
      const t = responseTerms[k]!;
      const tf = tfR[t]!;
      if (tf < 0) continue;
      tfR[t] = -tf;
      const w = idf[t]!;
      const v = (1 + Math.log(tf)) * w;
      responseMass += w;
      responseNorm += v * v;
    }
    const cosine = instructionNorm > 0 && responseNorm > 0 ? dot / Math.sqrt(instructionNorm * responseNorm) : 0;
    const logR = Math.log1p(nr);
    const logI = Math.log1p(ni);
    const none = sharedMass === 0 ? 1 : 0;
    const f = this.features;
    f[0] = cosine;
    f[1] = Math.sqrt(cosine);
    f[2] = responseMass > 0 ? sharedMass / responseMass : 0;
    f[3] = instructionMass > 0 ? sharedMass / instructionMass : 0;
    f[4] = Math.log1p(sharedMass);
    f[5] = sharedNumber;
    f[6] = YES_NO_QUESTION.test(instruction) && YES_NO_ANSWER.test(response) ? 1 : 0;
    f[7] = QUANTITY_QUESTION.test(instruction) && DIGIT.test(response) ? 1 : 0;
    f[8] = logR;
    f[9] = logI;
    f[10] = none;
    f[11] = none * logR;
    f[12] = none * logI;
    f[13] = (logR * logI) / 10;
    return f;
  }

  private ensureIds(limit: number): void {
    if (limit <= this.stampI.length) return;
    const n = Math.max(limit, this.stampI.length * 2, 1024);
    this.stampI = grown(this.stampI, n);
    this.stampR = grown(this.stampR, n);
    this.tfI = grown(this.tfI, n);
    this.tfR = grown(this.tfR, n);
  }
}
