import type { ScoreColumn } from "../../core/score-column.js";
import type { Scorer } from "../../core/scorer.js";
import { defineScorer, onOffSwitch, switchIsOn } from "../../core/scorer-entry.js";
import type { TextView } from "../../core/text-view.js";
import { detectRefusal, FLAG_SCORE, strongerFinding, turnContext, type RefusalFinding } from "./refusal-detector.js";

/**
 * The refusal finding of row `r`: every assistant turn is read with the user turn before it
 * (and any system turn) as its instruction, and the row keeps its strongest turn. A row with
 * no assistant turn is read as its response against its instruction.
 */
export function rowRefusal(view: TextView, r: number): RefusalFinding {
  let best: RefusalFinding = { score: 0, kind: "" };
  let system = "";
  let user = "";
  let sawAssistant = false;
  for (let t = view.turnOffsets[r]!; t < view.turnOffsets[r + 1]!; t++) {
    const role = view.turnRole[t];
    const text = view.turnText[t] ?? "";
    if (role === "system") system += `${text}\n`;
    else if (role === "user") user = text;
    else if (role === "assistant") {
      sawAssistant = true;
      best = strongerFinding(best, detectRefusal(text, turnContext(system + user)));
    }
  }
  if (!sawAssistant) best = detectRefusal(view.response[r] ?? "", turnContext(view.instruction[r] ?? ""));
  return best;
}

/**
 * Adds `response_refusal` (float64 0..1, the strongest finding over the assistant turns) and
 * `response_refusal_kind` (utf8: refusal | ai_self_reference | knowledge_cutoff | moralising,
 * or "" below the flag line). See refusal-detector.ts for the rules.
 */
export class RefusalScorer implements Scorer {
  readonly name = "refusal";
  readonly columns = ["response_refusal", "response_refusal_kind"];

  score(view: TextView): ScoreColumn[] {
    const scores = new Float64Array(view.length);
    const kinds: string[] = new Array<string>(view.length);
    for (let r = 0; r < view.length; r++) {
      const found = rowRefusal(view, r);
      scores[r] = found.score;
      kinds[r] = found.kind;
    }
    return [
      { name: "response_refusal", kind: "float64", values: scores },
      { name: "response_refusal_kind", kind: "utf8", values: kinds },
    ];
  }
}

/** Registry entry: `--refusal on|off` (default on). */
export const refusalEntry = defineScorer({
  name: "refusal",
  options: [
    onOffSwitch("refusal", "refusals and AI boilerplate in the assistant turns (canned refusals, AI self-reference, knowledge-cutoff disclaimers, moralising preambles)"),
  ],
  columns: [
    { name: "response_refusal", description: `Strength of the strongest refusal or AI-boilerplate finding over the assistant turns (0..1; flagged at ${FLAG_SCORE} or more).` },
    { name: "response_refusal_kind", description: "Kind of that finding when flagged: refusal, ai_self_reference, knowledge_cutoff or moralising (empty when none)." },
  ],
  loadsModels: () => false,
  create: (settings) => (switchIsOn(settings.refusal) ? new RefusalScorer() : undefined),
});
