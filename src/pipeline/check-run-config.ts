import { Field, Float64, Schema } from "apache-arrow";
import type { ScorerEntry, ScorerSettings } from "../core/scorer-entry.js";
import { switchIsOn } from "../core/scorer-entry.js";
import { openDataset, type ReadOptions } from "../io/dataset-reader.js";
import { buildFilters, NO_DECISIONS } from "../filters/build-filters.js";
import type { FilterConfig } from "../filters/filter-config.js";
import { FilterConfigError } from "../filters/filter-config-error.js";
import { loadTaxonomy } from "../metrics/domain/domain-taxonomy.js";
import { SCORERS } from "../metrics/scorer-registry.js";
import { withScorerDefaults } from "./create-scorers.js";
import { scorerConfigOf, type ScoreOptions } from "./score-dataset.js";

/**
 * The columns the scored file of a run will have, known before scoring: the input's own
 * (from its schema) and those the configured scorers write, as the scorer registry declares
 * them (an entry whose first setting is "off" writes none; the embedding only when it is kept).
 */
export async function plannedColumns(inputs: string | string[], options: ScoreOptions): Promise<{ input: Schema; scores: string[] }> {
  const { instructionField, responseField, messagesField, idField, batchSize, schemaRows } = options as ReadOptions;
  const dataset = await openDataset(inputs, { instructionField, responseField, messagesField, idField, batchSize, schemaRows });
  let scores: string[];
  if (options.scorers) scores = options.scorers.flatMap((s) => [...s.columns]);
  else {
    const settings = withScorerDefaults(scorerConfigOf(options)) as ScorerSettings;
    scores = (SCORERS as ReadonlyArray<ScorerEntry>).flatMap((entry) => (entryIsOn(entry, settings) ? entry.columns.map((c) => c.name) : []));
  }
  if (!options.keepEmbeddings) scores = scores.filter((c) => c !== "embedding");
  return { input: dataset.schema, scores };
}

/**
 * Columns of the scorers the caller turned off by name (`toxicity: "off"`, `--pii off`):
 * a preset's filter on them is skipped with a warning when filtering, as asked, rather than
 * failing the run.
 */
function columnsTurnedOff(options: ScoreOptions): string[] {
  if (options.scorers) return [];
  const explicit = scorerConfigOf(options) as ScorerSettings;
  return (SCORERS as ReadonlyArray<ScorerEntry>).flatMap((entry) => {
    const first = entry.options[0];
    return first && explicit[first.key] !== undefined && !entryIsOn(entry, explicit) ? entry.columns.map((c) => c.name) : [];
  });
}

/** Whether an entry's settings turn it on: its first option (the on/off or implementation choice) is not off. */
function entryIsOn(entry: ScorerEntry, settings: ScorerSettings): boolean {
  const first = entry.options[0];
  if (!first || (first.kind !== "spec" && first.kind !== "switch")) return true;
  const value = settings[first.key];
  return first.kind === "switch" ? switchIsOn(value) : value !== "off";
}

/**
 * Checks, before any scoring, that a run's filter config can be met: every filter's
 * columns will exist (a filter on a column the configured scorers do not write is a usage
 * error naming the filter and the scorer option, instead of a warning after the scoring),
 * the balance column will exist, and an explicit balance.max_share on the domain column is
 * at least 1 / (the taxonomy's domains) — below that no data could ever meet it. Throws
 * FilterConfigError.
 */
export async function checkRunConfig(inputs: string | string[], options: ScoreOptions, config: FilterConfig): Promise<void> {
  const { input, scores } = await plannedColumns(inputs, options);
  const inputNames = new Set(input.fields.map((f) => f.name));
  // Score columns typed as numbers: presence is what can be known now (types are checked
  // again on the scored file).
  const schema = new Schema([...input.fields, ...scores.filter((c) => !inputNames.has(c)).map((c) => new Field(c, new Float64(), true))]);
  const off = new Set(columnsTurnedOff(options));
  for (const entry of buildFilters(config, schema, NO_DECISIONS)) {
    // A named filter on the columns of a scorer turned off on purpose is skipped when
    // filtering, with a warning; any other missing column is an error now.
    if ("skipped" in entry && !entry.missing.every((c) => off.has(c))) {
      throw new FilterConfigError(
        `filters.${entry.skipped}`,
        "(on)",
        `a filter whose columns the run writes; ${entry.reason.replace(" (was that scorer off?)", "")}: the configured scorers do not write it. Turn that scorer on, or the filter off (--skip-filter ${entry.skipped.split(".")[0]})`,
      );
    }
  }
  const balance = config.balance;
  if (!balance) return;
  if (!schema.fields.some((f) => f.name === balance.by)) {
    throw new FilterConfigError("balance.by", balance.by, `a column the run writes (${schema.fields.map((f) => f.name).join(", ")}), or --no-balance`);
  }
  if (balance.by === "domain" && !inputNames.has("domain") && balance.max_share !== undefined) {
    const taxonomy = (options as { taxonomy?: string }).taxonomy;
    const domains = loadTaxonomy(taxonomy).domains.length;
    if (balance.max_share * domains < 1) {
      throw new FilterConfigError(
        "balance.max_share",
        balance.max_share,
        `a share ≥ 1/${domains} = ${+(1 / domains).toFixed(6)}: the taxonomy has ${domains} domains, so one of them always holds at least 1/${domains} of the rows`,
      );
    }
  }
}
