import type { ReportStats } from "./report-stats.js";

/** A number for people: thousands separators, at most `digits` decimals. */
export function formatNumber(x: number, digits = 2): string {
  return x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** The card's headline figures as markdown table rows (shared by stats.md and README.md). */
export function headlineRows(s: ReportStats): string[] {
  const d = s.dataset;
  const rows: Array<[string, string]> = [
    ["Total rows", formatNumber(d.total_rows)],
    ["Filtered rows", d.filtered_rows === null ? "n/a (not filtered)" : formatNumber(d.filtered_rows)],
    ["Domains covered", formatNumber(d.domains_covered)],
    ["Average instruction length (characters)", formatNumber(d.avg_instruction_chars, 1)],
    ["Average response length (characters)", formatNumber(d.avg_response_chars, 1)],
    ["Multi-turn conversations", formatNumber(d.multi_turn_conversations)],
  ];
  return ["| Statistic | Value |", "|---|---:|", ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}

/** count/mean/quantiles of every numeric column as a markdown table. */
export function scoreTable(s: ReportStats): string[] {
  const out = ["| Column | Count | Mean | p5 | p25 | p50 | p75 | p95 |", "|---|---:|---:|---:|---:|---:|---:|---:|"];
  for (const [name, v] of Object.entries(s.scores)) {
    out.push(`| \`${name}\` | ${formatNumber(v.count)} | ${formatNumber(v.mean, 3)} | ${[v.p5, v.p25, v.p50, v.p75, v.p95].map((x) => formatNumber(x, 3)).join(" | ")} |`);
  }
  return out;
}

/** Rows per domain before/after filtering as a markdown table. */
export function domainTable(s: ReportStats): string[] {
  const after = s.domains.after;
  const out = after ? ["| Domain | Complete | Filtered |", "|---|---:|---:|"] : ["| Domain | Rows |", "|---|---:|"];
  for (const [d, n] of Object.entries(s.domains.before)) {
    out.push(after ? `| ${d} | ${formatNumber(n)} | ${formatNumber(after[d] ?? 0)} |` : `| ${d} | ${formatNumber(n)} |`);
  }
  return out;
}

/** One funnel row: a step, its rule, rows removed, their share of the rows in, rows left after it (null when rows in is unknown). */
export interface FunnelRow {
  name: string;
  rule: string;
  removed: number;
  share: number | null;
  left: number | null;
}

/** The filters as a funnel, in order: each step's removals, their share of the rows in, and what is left. */
export function funnelRows(s: ReportStats): FunnelRow[] {
  if (!s.filters) return [];
  const rowsIn = s.filters.rows_in;
  let left = rowsIn;
  return s.filters.steps.map((f) => {
    if (left !== null) left -= f.removed;
    return {
      name: f.name,
      rule: f.skipped ? `skipped: ${f.skipped}` : (f.rule ?? ""),
      removed: f.removed,
      share: rowsIn ? f.removed / rowsIn : null,
      left,
    };
  });
}

/** A share as a percentage for tables ("12.3%"). */
export function formatShare(share: number | null): string {
  return share === null ? "" : `${formatNumber(share * 100, 1)}%`;
}

/** The filter funnel as a markdown table: rows removed per filter, share of the rows in, rows left. */
export function filterTable(s: ReportStats): string[] {
  if (!s.filters) return [];
  const out = ["| Filter | Rule | Rows removed | Share of rows in | Rows left |", "|---|---|---:|---:|---:|"];
  if (s.filters.rows_in !== null) out.push(`| (rows in) | | | | ${formatNumber(s.filters.rows_in)} |`);
  for (const f of funnelRows(s)) {
    out.push(`| ${f.name} | ${f.rule.replace(/\|/g, "\\|")} | ${formatNumber(f.removed)} | ${formatShare(f.share)} | ${f.left === null ? "" : formatNumber(f.left)} |`);
  }
  return out;
}

/** Rows flagged per signal column (PII, secrets …) with example ids, as a markdown table; nothing when no signal column is present. */
export function signalTable(s: ReportStats): string[] {
  if (!s.signals?.length) return [];
  const total = s.dataset.total_rows;
  const out = ["| Signal column | Rows flagged | Share | Example row ids |", "|---|---:|---:|---|"];
  for (const g of s.signals) {
    out.push(`| \`${g.column}\` | ${formatNumber(g.flagged)} | ${formatShare(total ? g.flagged / total : null)} | ${g.examples.map((id) => `\`${id.replace(/[|`]/g, "\\$&")}\``).join(", ")} |`);
  }
  return out;
}

/** Rows per value of each label column (the language …), as markdown tables; nothing when no label column is present. */
export function labelTables(s: ReportStats): string[] {
  const total = s.dataset.total_rows;
  return (s.labels ?? []).flatMap((l) => [
    `| \`${l.column}\` | Rows | Share | Example row id |`,
    "|---|---:|---:|---|",
    ...Object.entries(l.counts).map(([value, n]) => {
      const id = l.examples[value];
      return `| ${value.replace(/[|`]/g, "\\$&")} | ${formatNumber(n)} | ${formatShare(total ? n / total : null)} | ${id === undefined ? "" : `\`${id.replace(/[|`]/g, "\\$&")}\``} |`;
    }),
    "",
  ]);
}

/** The line about rows whose text was repaired on reading, or nothing when there were none. */
export function replacedTextLines(s: ReportStats): string[] {
  const n = s.rows_with_replaced_text ?? 0;
  return n ? [`${formatNumber(n)} rows had invalid UTF-8 or lone surrogates in their text, read as U+FFFD (the replacement character).`, ""] : [];
}

/** stats.md: the statistics of stats.json for people. */
export function statsMarkdown(s: ReportStats): string {
  const lines = ["# Dataset statistics", "", ...headlineRows(s), "", ...replacedTextLines(s)];
  if (s.filtered_split) {
    const f = s.filtered_split;
    lines.push(
      "## Filtered split",
      "",
      `${formatNumber(f.rows)} rows, ${formatNumber(f.domains_covered)} domains, average instruction ${formatNumber(f.avg_instruction_chars, 1)} characters, ` +
        `average response ${formatNumber(f.avg_response_chars, 1)} characters, ${formatNumber(f.multi_turn_conversations)} multi-turn conversations.`,
      "",
    );
  }
  lines.push("## Score columns", "", ...scoreTable(s), "");
  if (s.signals?.length) lines.push("## Signals", "", "Rows of the complete split each flag or count column marks (value > 0 or not empty).", "", ...signalTable(s), "");
  if (s.labels?.length) lines.push("## Labels", "", "Rows of the complete split per value of each label column.", "", ...labelTables(s));
  const inexact = Object.entries(s.scores).filter(([, v]) => !v.exact).map(([k]) => `\`${k}\``);
  if (inexact.length) lines.push(`Quantiles of ${inexact.join(", ")} come from a log-bucketed histogram (within 0.5% relative error); the rest are exact.`, "");
  if (Object.keys(s.domains.before).length) lines.push(`## Rows per domain (\`${s.domains.column}\`)`, "", ...domainTable(s), "");
  if (s.filters) {
    lines.push("## Filters", "", ...filterTable(s), "");
    for (const w of s.filters.warnings ?? []) lines.push(`- warning: ${w}`);
    if (s.filters.warnings?.length) lines.push("");
    if (s.filters.balance) {
      const b = s.filters.balance;
      lines.push(`Domain balance by \`${b.by}\` (order: ${b.order}): ${Object.keys(b.after).length} values kept, largest quota ${formatNumber(Math.max(0, ...Object.values(b.quota)))} rows.`, "");
    }
  }
  const m = s.map_sample;
  lines.push("## Map sample", "", `${formatNumber(m.rows)} rows (at most ${formatNumber(m.max_rows)}), seed ${m.seed}: ${m.method}; vectors: ${m.embedder}.`, "");
  return lines.join("\n");
}
