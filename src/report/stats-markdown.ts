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

/** Rows removed per filter as a markdown table. */
export function filterTable(s: ReportStats): string[] {
  if (!s.filters) return [];
  const out = ["| Filter | Rule | Rows removed |", "|---|---|---:|"];
  for (const f of s.filters.steps) {
    const rule = f.skipped ? `skipped: ${f.skipped}` : (f.rule ?? "");
    out.push(`| ${f.name} | ${rule.replace(/\|/g, "\\|")} | ${formatNumber(f.removed)} |`);
  }
  return out;
}

/** stats.md: the statistics of stats.json for people. */
export function statsMarkdown(s: ReportStats): string {
  const lines = ["# Dataset statistics", "", ...headlineRows(s), ""];
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
  const inexact = Object.entries(s.scores).filter(([, v]) => !v.exact).map(([k]) => `\`${k}\``);
  if (inexact.length) lines.push(`Quantiles of ${inexact.join(", ")} come from a log-bucketed histogram (within 0.5% relative error); the rest are exact.`, "");
  if (Object.keys(s.domains.before).length) lines.push(`## Rows per domain (\`${s.domains.column}\`)`, "", ...domainTable(s), "");
  if (s.filters) {
    lines.push("## Filters", "", ...filterTable(s), "");
    if (s.filters.balance) {
      const b = s.filters.balance;
      lines.push(`Domain balance by \`${b.by}\` (order: ${b.order}): ${Object.keys(b.after).length} values kept, largest quota ${formatNumber(Math.max(0, ...Object.values(b.quota)))} rows.`, "");
    }
  }
  const m = s.map_sample;
  lines.push("## Map sample", "", `${formatNumber(m.rows)} rows (at most ${formatNumber(m.max_rows)}), seed ${m.seed}: ${m.method}; vectors: ${m.embedder}.`, "");
  return lines.join("\n");
}
