import type { ScoreColumn } from "../../core/score-column.js";
import type { Scorer } from "../../core/scorer.js";
import type { TextView } from "../../core/text-view.js";
import { EmbeddedToxicityClassifier } from "./embedded-toxicity-classifier.js";
import { TOXICITY_LABELS, type ToxicityLabel } from "./toxicity-evidence.js";

export const TOXICITY_SCORE_COLUMN = "toxicity_score";
export const TOXICITY_LABELS_COLUMN = "toxicity_labels";

/**
 * The embedded default toxicity scorer (`--toxicity lexicon`): no download, deterministic.
 * `toxicity_score` is the highest probability over every turn of the row; `toxicity_labels`
 * the categories whose evidence fired on any turn, in TOXICITY_LABELS order.
 */
export class LexiconToxicityScorer implements Scorer {
  readonly name = "toxicity";
  readonly columns = [TOXICITY_SCORE_COLUMN, TOXICITY_LABELS_COLUMN] as const;
  private readonly classifier: EmbeddedToxicityClassifier;

  constructor(classifier: EmbeddedToxicityClassifier = new EmbeddedToxicityClassifier()) {
    this.classifier = classifier;
  }

  score(view: TextView): ScoreColumn[] {
    const scores = new Float64Array(view.length);
    const labels: string[][] = new Array<string[]>(view.length);
    const fired = new Set<ToxicityLabel>();
    for (let row = 0; row < view.length; row++) {
      let best = 0;
      fired.clear();
      for (let t = view.turnOffsets[row]!; t < view.turnOffsets[row + 1]!; t++) {
        const text = view.turnText[t]!;
        if (text === "") continue;
        const p = this.classifier.score(text);
        if (p > best) best = p;
        this.classifier.labels(fired);
      }
      scores[row] = best;
      labels[row] = fired.size === 0 ? [] : TOXICITY_LABELS.filter((l) => fired.has(l));
    }
    return [
      { name: TOXICITY_SCORE_COLUMN, kind: "float64", values: scores },
      { name: TOXICITY_LABELS_COLUMN, kind: "utf8-list", values: labels },
    ];
  }

  /** Probability and labels of one text (library use, explanations). */
  scoreText(text: string): { score: number; labels: ToxicityLabel[] } {
    const score = this.classifier.score(text);
    const fired = new Set<ToxicityLabel>();
    this.classifier.labels(fired);
    return { score, labels: TOXICITY_LABELS.filter((l) => fired.has(l)) };
  }
}
