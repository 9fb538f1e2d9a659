import type { ScoreColumn } from "../../core/score-column.js";
import type { Scorer } from "../../core/scorer.js";
import { defineScorer, onOffSwitch, switchIsOn } from "../../core/scorer-entry.js";
import type { TextView } from "../../core/text-view.js";
import { cosineAt, type Embedder } from "../../embed/embedder.js";
import { EmbeddingScorer } from "../../embed/embedding-scorer.js";
import { RelevanceMeter } from "./relevance-meter.js";

/**
 * The instruction–response pairs of row `row`: for a pair row, its instruction and response;
 * for a conversation, each assistant turn with the user text before it (the user turns since
 * the previous assistant turn, joined with a blank line; an assistant turn right after
 * another answers the same user text). System and tool turns are not instructions.
 */
export function relevancePairsOf(view: TextView, row: number): Array<[string, string]> {
  if (view.multiTurn[row] !== 1) return [[view.instruction[row] ?? "", view.response[row] ?? ""]];
  const pairs: Array<[string, string]> = [];
  let pending = "";
  let previous = "";
  for (let t = view.turnOffsets[row]!; t < view.turnOffsets[row + 1]!; t++) {
    const role = view.turnRole[t];
    const text = view.turnText[t] ?? "";
    if (role === "user") pending = pending === "" ? text : `${pending}\n\n${text}`;
    else if (role === "assistant") {
      if (pending !== "") previous = pending;
      pending = "";
      if (previous !== "") pairs.push([previous, text]);
    }
  }
  return pairs;
}

/**
 * Adds how well each response addresses its instruction (see docs/scorers.md, "Relevance"):
 *
 * - `relevance_score` (float64, 0..1): the probability that the response belongs to its
 *   instruction, from a logistic model over IDF-weighted term overlap (relevance-meter.ts),
 *   trained on real pairs against the same rows with responses shuffled; for a conversation,
 *   the mean over its assistant turns (each against the user text before it);
 * - `relevance_min_turn` (float64, 0..1): the lowest turn's score (the score itself for a
 *   pair row), which catches one off-topic turn in a long conversation.
 * - `relevance_embedding_cosine` (float64, −1..1; only when the embedding column comes from
 *   a model, `--embedder model:<id>`): the cosine of the model's embeddings of instruction
 *   and response, mean over turns.
 *
 * Rows with nothing to answer (an empty instruction: a plain-text layout; a conversation
 * with no user turn before an assistant turn) get 1 everywhere: not applicable, never
 * removed by a minimum. A response that is empty while its instruction is not gets 0.
 */
export class RelevanceScorer implements Scorer {
  readonly name = "relevance";
  readonly columns: readonly string[];
  private readonly meter = new RelevanceMeter();

  /** `embedder`: a model embedder whose cosine is added as a column; undefined for the lexical score alone. */
  constructor(private readonly embedder?: Embedder) {
    this.columns = embedder ? ["relevance_score", "relevance_min_turn", "relevance_embedding_cosine"] : ["relevance_score", "relevance_min_turn"];
  }

  async score(view: TextView): Promise<ScoreColumn[]> {
    const rows = view.length;
    const mean = new Float64Array(rows);
    const min = new Float64Array(rows);
    const pairsOfRow: Array<Array<[string, string]>> = [];
    for (let r = 0; r < rows; r++) {
      const pairs = relevancePairsOf(view, r);
      if (this.embedder) pairsOfRow.push(pairs);
      let sum = 0;
      let lowest = 1;
      for (const [instruction, response] of pairs) {
        const s = this.meter.score(instruction, response);
        sum += s;
        if (s < lowest) lowest = s;
      }
      mean[r] = pairs.length === 0 ? 1 : sum / pairs.length;
      min[r] = lowest;
    }
    const columns: ScoreColumn[] = [
      { name: "relevance_score", kind: "float64", values: mean },
      { name: "relevance_min_turn", kind: "float64", values: min },
    ];
    if (this.embedder) columns.push({ name: "relevance_embedding_cosine", kind: "float64", values: await this.embeddingCosines(pairsOfRow) });
    return columns;
  }

  /** Per row, the mean over its pairs of the model cosine (1 for an empty instruction, 0 for an empty response). */
  private async embeddingCosines(pairsOfRow: ReadonlyArray<ReadonlyArray<[string, string]>>): Promise<Float64Array> {
    const instructions: string[] = [];
    const responses: string[] = [];
    for (const pairs of pairsOfRow) {
      for (const [instruction, response] of pairs) {
        if (instruction.trim() === "" || response.trim() === "") continue;
        instructions.push(instruction);
        responses.push(response);
      }
    }
    const n = instructions.length;
    const { dim, values } = n > 0 ? await this.embedder!.embed([...instructions, ...responses]) : { dim: 0, values: new Float32Array(0) };
    const out = new Float64Array(pairsOfRow.length);
    let k = 0;
    pairsOfRow.forEach((pairs, r) => {
      let sum = 0;
      for (const [instruction, response] of pairs) {
        if (instruction.trim() === "") sum += 1;
        else if (response.trim() === "") sum += 0;
        else {
          sum += cosineAt(values, k, values, n + k, dim);
          k++;
        }
      }
      out[r] = pairs.length === 0 ? 1 : sum / pairs.length;
    });
    return out;
  }
}

/** Registry entry: `--relevance on|off` (default on); the embedding cosine column comes with `--embedder model:<id>`. */
export const relevanceEntry = defineScorer({
  name: "relevance",
  options: [
    onOffSwitch("relevance", "instruction–response relevance (term overlap model; with --embedder model:<id> also the model cosine)"),
  ],
  columns: [
    {
      name: "relevance_score",
      description: "Probability (0..1) that the response answers its instruction, from IDF-weighted term overlap (conversations: mean over assistant turns; 1 when there is no instruction).",
    },
    { name: "relevance_min_turn", description: "Lowest relevance_score among the row's assistant turns (the score itself for an instruction/response row)." },
  ],
  describeColumn: (name) =>
    name === "relevance_embedding_cosine" ? "Cosine (−1..1) of the embedding model's vectors of instruction and response (conversations: mean over assistant turns)." : undefined,
  loadsModels: () => false,
  create: (settings, context) => {
    if (!switchIsOn(settings.relevance)) return undefined;
    const embedder = context.created.find((s): s is EmbeddingScorer => s instanceof EmbeddingScorer)?.embedder;
    return new RelevanceScorer(embedder?.name.startsWith("model:") ? embedder : undefined);
  },
});
