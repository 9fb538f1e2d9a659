import type { ScoreColumn } from "../../core/score-column.js";
import type { Scorer } from "../../core/scorer.js";
import type { TextView } from "../../core/text-view.js";
import { defineScorer, switchIsOn } from "../../core/scorer-entry.js";
import { ScorerSpecError } from "../../core/scorer-spec-error.js";
import { READABILITY_COUNT_METRICS, READABILITY_METRICS, readabilityOf, type ReadabilityMetric } from "./readability.js";
import { defaultDictionaryTable, defaultSyllableDictionary, useDefaultDictionaryTable, type SyllableDictionary } from "./syllable-dictionary.js";
import type { WordTableData } from "../../base/word-table.js";

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

/** One line per metric, completed with the text it was computed on ("the instruction"). */
const METRIC_DESCRIPTIONS: Record<ReadabilityMetric, (text: string) => string> = {
  flesch_reading_ease: (t) => `Flesch Reading Ease of ${t} (higher is easier; textstat).`,
  flesch_kincaid_grade: (t) => `Flesch-Kincaid grade level of ${t}.`,
  gunning_fog: (t) => `Gunning fog index of ${t} (grade level).`,
  smog_index: (t) => `SMOG grade of ${t} (from words of 3+ syllables; 0 under 3 sentences).`,
  coleman_liau_index: (t) => `Coleman-Liau index of ${t} (grade level from letters and sentences per 100 words).`,
  automated_readability_index: (t) => `Automated Readability Index of ${t} (grade level).`,
  dale_chall_readability_score: (t) => `Dale-Chall readability score of ${t} (from words outside the Dale-Chall easy-word list).`,
  linsear_write_formula: (t) => `Linsear Write grade level of ${t}.`,
  text_standard: (t) => `Text-standard grade of ${t} (textstat's consensus of the grade formulas), as a number.`,
  syllable_count: (t) => `Syllables in ${t}.`,
  lexicon_count: (t) => `Words in ${t} (textstat's lexicon count).`,
  sentence_count: (t) => `Sentences in ${t}.`,
  difficult_words: (t) => `Distinct difficult words in ${t} (2+ syllables, not on the Dale-Chall easy-word list).`,
};

/** Registry entry: `--no-readability` turns the suite off; `--readability-field` picks the card's text. */
export const readabilityEntry = defineScorer({
  name: "readability",
  options: [
    { key: "readability", flags: "--no-readability", help: "skip the readability and complexity suite", kind: "switch", default: true },
    {
      key: "readabilityField",
      flags: "--readability-field <field>",
      help: "text feeding readability_score/complexity_score",
      kind: "choice",
      choices: ["response", "instruction"],
      default: "response",
    },
  ],
  columns: [
    ...FIELDS.flatMap((field) => READABILITY_METRICS.map((metric) => ({ name: `${field}_${metric}`, description: METRIC_DESCRIPTIONS[metric](`the ${field}`) }))),
    { name: "readability_score", description: "Flesch Reading Ease of the response (higher is easier)." },
    { name: "complexity_score", description: "Text-standard grade level (textstat's consensus), as a number." },
  ],
  loadsModels: () => false,
  create: (settings) => {
    if (!switchIsOn(settings.readability)) return undefined;
    const cardField = settings.readabilityField ?? "response";
    if (cardField !== "response" && cardField !== "instruction") throw new ScorerSpecError("--readability-field", String(cardField), '"response" or "instruction"');
    return new ReadabilityScorer({ cardField });
  },
  sharedTables: (settings) => (switchIsOn(settings.readability) ? defaultDictionaryTable() : undefined),
  adoptTables: (tables) => useDefaultDictionaryTable(tables as WordTableData),
});
