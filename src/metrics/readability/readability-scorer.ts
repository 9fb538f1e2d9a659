import type { ScoreColumn } from "../../core/score-column.js";
import type { Scorer } from "../../core/scorer.js";
import type { TextView } from "../../core/text-view.js";
import { READABILITY_COUNT_METRICS, READABILITY_METRICS, readabilityOf, type ReadabilityMetric } from "./readability.js";
import { defaultSyllableDictionary, type SyllableDictionary } from "./syllable-dictionary.js";

export interface ReadabilityScorerOptions {
  /**
   * Which text feeds the dataset card's `readability_score` (Flesch Reading Ease) and
   * `complexity_score` (text_standard). Default "response".
   */
  cardField?: "response" | "instruction";
}

const FIELDS = ["instruction", "response"] as const;

/**
 * Adds `instruction_<metric>` and `response_<metric>` for the 13 textstat metrics, then
 * `readability_score` and `complexity_score`. For conversations the view already holds
 * the user turns (instruction) and assistant turns (response) joined.
 */
export class ReadabilityScorer implements Scorer {
  readonly name = "readability";
  readonly columns: readonly string[];
  private readonly cardField: "response" | "instruction";
  private readonly dictionary: SyllableDictionary;

  constructor(options: ReadabilityScorerOptions = {}) {
    this.cardField = options.cardField ?? "response";
    this.dictionary = defaultSyllableDictionary();
    this.columns = [
      ...FIELDS.flatMap((field) => READABILITY_METRICS.map((metric) => `${field}_${metric}`)),
      "readability_score",
      "complexity_score",
    ];
  }

  score(view: TextView): ScoreColumn[] {
    const rows = view.length;
    const columns: ScoreColumn[] = [];
    const byName = new Map<string, Float64Array | Int32Array>();
    for (const field of FIELDS) {
      const arrays = READABILITY_METRICS.map((metric) => {
        const values = READABILITY_COUNT_METRICS.has(metric) ? new Int32Array(rows) : new Float64Array(rows);
        const name = `${field}_${metric}`;
        byName.set(name, values);
        columns.push(
          values instanceof Int32Array ? { name, kind: "int32", values } : { name, kind: "float64", values },
        );
        return values;
      });
      const texts = view[field];
      // Written metric by metric: a loop over metric names would be a keyed (slow)
      // property read per value.
      const column = (metric: ReadabilityMetric): Float64Array | Int32Array => arrays[READABILITY_METRICS.indexOf(metric)]!;
      const fre = column("flesch_reading_ease");
      const fkg = column("flesch_kincaid_grade");
      const fog = column("gunning_fog");
      const smog = column("smog_index");
      const cli = column("coleman_liau_index");
      const ari = column("automated_readability_index");
      const dale = column("dale_chall_readability_score");
      const linsear = column("linsear_write_formula");
      const standard = column("text_standard");
      const syllables = column("syllable_count");
      const lexicon = column("lexicon_count");
      const sentences = column("sentence_count");
      const difficult = column("difficult_words");
      for (let row = 0; row < rows; row++) {
        const s = readabilityOf(texts[row] ?? "", this.dictionary);
        fre[row] = s.flesch_reading_ease;
        fkg[row] = s.flesch_kincaid_grade;
        fog[row] = s.gunning_fog;
        smog[row] = s.smog_index;
        cli[row] = s.coleman_liau_index;
        ari[row] = s.automated_readability_index;
        dale[row] = s.dale_chall_readability_score;
        linsear[row] = s.linsear_write_formula;
        standard[row] = s.text_standard;
        syllables[row] = s.syllable_count;
        lexicon[row] = s.lexicon_count;
        sentences[row] = s.sentence_count;
        difficult[row] = s.difficult_words;
      }
    }
    // The card's columns are copies, so a consumer may own each column independently.
    const readability = Float64Array.from(byName.get(`${this.cardField}_flesch_reading_ease`)!);
    const complexity = Float64Array.from(byName.get(`${this.cardField}_text_standard`)!);
    columns.push({ name: "readability_score", kind: "float64", values: readability });
    columns.push({ name: "complexity_score", kind: "float64", values: complexity });
    return columns;
  }
}
