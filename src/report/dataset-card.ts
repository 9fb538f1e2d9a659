import type { Field, Schema } from "apache-arrow";
import { stringify as toYaml } from "yaml";
import { describeScoreColumn } from "../metrics/scorer-registry.js";
import type { ReportStats } from "./report-stats.js";
import { domainTable, filterTable, formatNumber, headlineRows, replacedTextLines, scoreTable } from "./stats-markdown.js";

/** What the card says about the dataset beyond the numbers. */
export interface CardOptions {
  /** Dataset name for the title (default "SFT dataset"). */
  name?: string;
  /** SPDX-style licence id for the front matter (default "other"). */
  license?: string;
  /** Language codes (default: those of the `language` column when the run identified languages, else ["en"]). */
  language?: string[];
  /** Paths of the split files relative to the folder the card is written in. */
  completeFile: string;
  filteredFile?: string;
  /** The PNG files written beside the card, by title. */
  images: Array<{ title: string; file: string }>;
}

/**
 * Meanings of the text and bookkeeping columns (the card's Data Fields table); the score
 * columns are described by the scorer registry.
 */
const FIELD_DESCRIPTIONS: Record<string, string> = {
  id: "Stable row id (the input's id, else `<file>:<row>`).",
  instruction: "The instruction or prompt.",
  response: "The model response.",
  conversation: "Multi-turn conversation: `messages` of `{role, content}`.",
  messages: "Chat messages (`role`, `content`).",
  filter_reason: "Filter that removed the row (rejected split only).",
  filter_detail: "The value that made the filter remove it.",
};

/** What the card says a column holds: the fields above, then every scorer's columns. */
export function fieldDescription(name: string): string {
  return FIELD_DESCRIPTIONS[name] ?? describeScoreColumn(name) ?? "";
}

function typeName(f: Field): string {
  return String(f.type).replace(/<.*>$/s, (m) => (m.length > 40 ? "<…>" : m));
}

function sizeCategory(n: number): string {
  const cats: Array<[number, string]> = [[1e3, "n<1K"], [1e4, "1K<n<10K"], [1e5, "10K<n<100K"], [1e6, "100K<n<1M"], [1e7, "1M<n<10M"], [1e8, "10M<n<100M"], [1e9, "100M<n<1B"]];
  for (const [limit, name] of cats) if (n < limit) return name;
  return "n>1T";
}

/** Share of the rows at and above which a language identified by the `language` scorer is listed in the card's front matter. */
export const CARD_LANGUAGE_MIN_SHARE = 0.01;

/**
 * The languages the `language` column found in at least CARD_LANGUAGE_MIN_SHARE of the rows
 * (not `und`), most frequent first; undefined when the run did not identify languages or
 * decided none.
 */
export function detectedLanguages(stats: ReportStats): string[] | undefined {
  const counts = stats.labels?.find((l) => l.column === "language")?.counts;
  if (!counts) return undefined;
  const total = stats.dataset.total_rows;
  const codes = Object.entries(counts)
    .filter(([code, n]) => /^[a-z]{2,3}$/.test(code) && code !== "und" && n >= CARD_LANGUAGE_MIN_SHARE * total)
    .map(([code]) => code);
  return codes.length ? codes : undefined;
}

/** README.md: a Hugging Face dataset card whose every figure is taken from stats.json. */
export function datasetCard(stats: ReportStats, schema: Schema | null, opts: CardOptions): string {
  const d = stats.dataset;
  const configs: Array<Record<string, unknown>> = [
    { config_name: "default", data_files: [{ split: "complete", path: opts.completeFile }, ...(opts.filteredFile ? [{ split: "filtered", path: opts.filteredFile }] : [])] },
  ];
  const front = {
    license: opts.license ?? "other",
    language: opts.language ?? detectedLanguages(stats) ?? ["en"],
    task_categories: ["text-generation", "question-answering"],
    size_categories: [sizeCategory(d.total_rows)],
    tags: ["sft", "instruction-tuning", "sieve"],
    pretty_name: opts.name ?? "SFT dataset",
    configs,
  };
  const name = opts.name ?? "SFT dataset";
  const lines: string[] = ["---", toYaml(front, { lineWidth: 0 }).trimEnd(), "---", "", `# ${name}`, ""];

  lines.push("## Dataset Summary", "");
  const filteredNote = d.filtered_rows === null ? "" : ` A filtered split keeps ${formatNumber(d.filtered_rows)} of them after quality filtering and domain balancing.`;
  lines.push(
    `A supervised fine-tuning dataset of ${formatNumber(d.total_rows)} instruction/response rows across ${formatNumber(d.domains_covered)} domains, ` +
      `each row scored for length, readability, complexity, toxicity and domain.${filteredNote} ` +
      `${formatNumber(d.multi_turn_conversations)} rows are multi-turn conversations.`,
    "",
    "| Split | File | Rows |",
    "|---|---|---:|",
    `| complete | \`${opts.completeFile}\` | ${formatNumber(d.total_rows)} |`,
    ...(opts.filteredFile && d.filtered_rows !== null ? [`| filtered | \`${opts.filteredFile}\` | ${formatNumber(d.filtered_rows)} |`] : []),
    "",
  );

  lines.push("## Data Fields", "", "| Field | Type | Description |", "|---|---|---|");
  for (const f of schema?.fields ?? []) {
    lines.push(`| \`${f.name}\` | \`${typeName(f).replace(/\|/g, "\\|")}\` | ${fieldDescription(f.name)} |`);
  }
  lines.push("");

  lines.push("## Dataset Statistics", "", ...headlineRows(stats), "", ...replacedTextLines(stats), "### Score columns", "", ...scoreTable(stats), "");
  if (Object.keys(stats.domains.before).length) lines.push("### Rows per domain", "", ...domainTable(stats), "");

  if (opts.images.length) {
    lines.push("## Data Visualization", "");
    for (const img of opts.images) lines.push(`### ${img.title}`, "", `![${img.title}](${img.file})`, "");
    lines.push("An interactive version of the embedding map (pan, zoom, hover to read rows) is in `index.html`.", "");
  }

  lines.push("## Quality Filtering", "");
  if (stats.filters) {
    const f = stats.filters;
    const removed = d.removed_rows ?? f.steps.reduce((a, s) => a + s.removed, 0);
    lines.push(`Filters were applied in this order; each removed row is in the rejected split with the filter's name and the value that removed it. ${formatNumber(removed)} rows were removed in total.`, "", ...filterTable(stats), "");
    for (const w of f.warnings ?? []) lines.push(`- warning: ${w}`);
    if (f.warnings?.length) lines.push("");
    if (f.balance) {
      const b = f.balance;
      const capped = Object.keys(b.before).filter((k) => (b.after[k] ?? 0) < b.before[k]!);
      lines.push(
        `Domain balance by \`${b.by}\` (keeping the ${b.order === "quality" ? "best rows by quality score" : "rows of a seeded random sample"} of over-full domains): ` +
          `${capped.length ? `${capped.length} domains were capped (${capped.map((k) => `${k}: ${formatNumber(b.before[k]!)} → ${formatNumber(b.after[k] ?? 0)}`).join(", ")})` : "no domain needed capping"}.`,
        "",
      );
    }
  } else lines.push("This dataset was not filtered: the complete split is the only split.", "");

  lines.push(
    "## Limitations",
    "",
    "- Scores are automatic signals, not human judgements: the toxicity score can miss implicit harm and flag quoted or clinical language; readability formulas measure sentence and word length, not clarity.",
    "- Domain labels come from an automatic classifier and a fixed taxonomy; rows that fit no domain well get the fallback label.",
    `- Quantiles of large columns are estimated from histograms (0.5% relative error); the embedding map shows a deterministic sample of ${formatNumber(stats.map_sample.rows)} rows, not every row.`,
    "- Filtering removes rows by thresholds; it does not check factual accuracy, licensing of the source texts or personal information.",
    "",
  );
  return lines.join("\n");
}
