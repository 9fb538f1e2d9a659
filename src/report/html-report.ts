import type { ClusterLabel } from "./cluster-labels.js";
import { DOMAIN_COLOURS } from "./chart-specs.js";
import type { SampleRow } from "./map-sample.js";
import { MAP_CLIENT_SCRIPT } from "./map-client-script.js";
import type { ReportStats } from "./report-stats.js";
import { formatNumber, formatShare, funnelRows } from "./stats-markdown.js";
import { escapeMarkup as esc } from "./escape-markup.js";

/** What index.html shows. */
export interface HtmlReportInput {
  title: string;
  stats: ReportStats;
  sample: readonly SampleRow[];
  /** 2-D coordinates of the sample in [0, 1], row-major. */
  points: Float64Array;
  clusters: readonly ClusterLabel[];
  /** Domain names in legend order (colour i belongs to domain i). */
  domains: readonly string[];
  /** PNG charts to show, by title. */
  charts: Array<{ title: string; png: Uint8Array }>;
}

/** JSON safe inside a <script> element: no "</script>" or "<!--" can appear. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 "DejaVu Sans",system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#222;background:#f6f7f9}
header{padding:18px 28px 8px}h1{margin:0 0 4px;font-size:22px}h2{font-size:17px;margin:28px 0 10px}
main{padding:0 28px 40px;max-width:1500px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}.card{background:#fff;border:1px solid #e3e5e8;border-radius:8px;padding:10px 14px;min-width:150px}
.card b{display:block;font-size:20px}.card span{color:#666;font-size:12px}
.mapwrap{display:flex;gap:12px;align-items:stretch}
.mapbox{position:relative;flex:1;min-width:0;height:680px;background:#fff;border:1px solid #e3e5e8;border-radius:8px;overflow:hidden}
#map{width:100%;height:100%;display:block;cursor:grab}#map:active{cursor:grabbing}
.tools{position:absolute;top:8px;left:8px;display:flex;gap:6px;align-items:center;background:rgba(255,255,255,.9);padding:4px 6px;border-radius:6px;border:1px solid #e3e5e8;font-size:13px}
.tools button{width:28px;height:26px;border:1px solid #ccc;background:#fff;border-radius:4px;cursor:pointer}
#tip{position:absolute;display:none;max-width:420px;background:#fff;border:1px solid #ccc;border-radius:6px;box-shadow:0 4px 14px rgba(0,0,0,.15);padding:8px 10px;font-size:12.5px;pointer-events:none}
#tip .dom{font-weight:bold;border-left:6px solid;padding-left:6px;margin-bottom:4px}#tip .ins{margin-bottom:4px}#tip .res{color:#555;margin-bottom:4px;border-top:1px dashed #ddd;padding-top:4px}
#tip table{font-size:11.5px;color:#444;border-collapse:collapse}#tip td{padding:0 8px 0 0}#tip .id{color:#999;font-size:11px}
#legend{width:250px;height:680px;overflow:auto;background:#fff;border:1px solid #e3e5e8;border-radius:8px;padding:8px}
#legend .item{display:flex;align-items:center;gap:6px;width:100%;border:0;background:none;padding:3px 4px;font:inherit;font-size:13px;text-align:left;cursor:pointer;border-radius:4px}
#legend .item:hover{background:#f0f2f5}#legend .off{opacity:.35}#legend .sw{width:12px;height:12px;border-radius:50%;flex:none}#legend .cnt{margin-left:auto;color:#888;font-size:11px}
#legend .hint{color:#777;font-size:12px}.ramp{height:14px;border-radius:3px;background:linear-gradient(90deg,rgb(60,150,200),rgb(157,95,115),rgb(255,40,30))}.rampl{display:flex;justify-content:space-between;font-size:11px;color:#555}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:14px}.charts figure{margin:0;background:#fff;border:1px solid #e3e5e8;border-radius:8px;padding:8px}
.charts img{width:100%;height:auto;display:block}.charts figcaption{font-size:12px;color:#666;padding:4px}
table.t{border-collapse:collapse;background:#fff;font-size:13px}table.t td,table.t th{border:1px solid #e3e5e8;padding:4px 10px;text-align:right}table.t td:first-child,table.t th:first-child{text-align:left}
`;

/** index.html: one self-contained, offline page (charts as data URIs, data inline, no external requests). */
export function htmlReport(input: HtmlReportInput): string {
  const { stats, sample, points } = input;
  const domainIndex = new Map(input.domains.map((d, i) => [d, i]));
  const domainCounts = input.domains.map(() => 0);
  const rows = sample.map((r, i) => {
    const d = domainIndex.get(r.domain) ?? 0;
    domainCounts[d]!++;
    const scores: Record<string, number> = {};
    for (const [k, v] of Object.entries(r.scores)) scores[k] = Math.round(v * 1000) / 1000;
    return [points[i * 2]!, points[i * 2 + 1]!, d, r.scores.toxicity_score ?? -1, r.kept === null ? -1 : r.kept ? 1 : 0, r.id, r.instruction, r.response, scores, r.filterReason ?? ""];
  });
  const data = { points: rows, domains: input.domains, colours: DOMAIN_COLOURS, domainCounts, clusters: input.clusters };
  const d = stats.dataset;
  const card = (value: string, label: string) => `<div class="card"><b>${esc(value)}</b><span>${esc(label)}</span></div>`;
  const scoreRows = Object.entries(stats.scores)
    .map(([k, v]) => `<tr><td>${esc(k)}</td>${[v.count, v.mean, v.p5, v.p25, v.p50, v.p75, v.p95].map((x) => `<td>${formatNumber(x, 3)}</td>`).join("")}</tr>`)
    .join("");
  const filterRows = funnelRows(stats)
    .map((f) => `<tr><td>${esc(f.name)}</td><td style="text-align:left">${esc(f.rule)}</td><td>${formatNumber(f.removed)}</td><td>${formatShare(f.share)}</td><td>${f.left === null ? "" : formatNumber(f.left)}</td></tr>`)
    .join("");
  const signalRows = (stats.signals ?? [])
    .map((g) => `<tr><td>${esc(g.column)}</td><td>${formatNumber(g.flagged)}</td><td>${formatShare(d.total_rows ? g.flagged / d.total_rows : null)}</td><td style="text-align:left">${esc(g.examples.join(", "))}</td></tr>`)
    .join("");
  const labelTables = (stats.labels ?? [])
    .map(
      (l) =>
        `<table class="t"><tr><th>${esc(l.column)}</th><th>rows</th><th>share</th><th>example row id</th></tr>${Object.entries(l.counts)
          .map(([value, n]) => `<tr><td>${esc(value)}</td><td>${formatNumber(n)}</td><td>${formatShare(d.total_rows ? n / d.total_rows : null)}</td><td style="text-align:left">${esc(l.examples[value] ?? "")}</td></tr>`)
          .join("")}</table>`,
    )
    .join("");
  const rowsIn = stats.filters?.rows_in ?? null;
  const filterWarnings = (stats.filters?.warnings ?? []).map((w) => `<li>${esc(w)}</li>`).join("");
  const charts = input.charts
    .map((c) => `<figure><img alt="${esc(c.title)}" src="data:image/png;base64,${Buffer.from(c.png).toString("base64")}"><figcaption>${esc(c.title)}</figcaption></figure>`)
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(input.title)} — sieve report</title><style>${STYLE}</style></head>
<body><header><h1>${esc(input.title)}</h1><div class="cards">
${card(formatNumber(d.total_rows), "total rows")}${d.filtered_rows === null ? "" : card(formatNumber(d.filtered_rows), "filtered rows")}${card(formatNumber(d.domains_covered), "domains")}
${card(formatNumber(d.avg_instruction_chars, 1), "avg instruction chars")}${card(formatNumber(d.avg_response_chars, 1), "avg response chars")}${card(formatNumber(d.multi_turn_conversations), "multi-turn conversations")}
</div></header>
<main>
<h2>Embedding map <small style="font-weight:normal;color:#666">(${formatNumber(sample.length)} sampled rows; drag to pan, wheel to zoom, hover to read)</small></h2>
<div class="mapwrap"><div class="mapbox"><canvas id="map" aria-label="embedding map"></canvas>
<div class="tools"><button id="zin" title="zoom in">+</button><button id="zout" title="zoom out">−</button><button id="zreset" title="reset view">⟲</button>
<label>colour <select id="colour"><option value="domain">domain</option><option value="toxicity">toxicity</option><option value="kept">kept / removed</option></select></label>
<label><input type="checkbox" id="labels" checked> labels</label></div><div id="tip"></div></div>
<div id="legend"></div></div>
<h2>Charts</h2><div class="charts">${charts}</div>
<h2>Score columns</h2><table class="t"><tr><th>column</th><th>count</th><th>mean</th><th>p5</th><th>p25</th><th>p50</th><th>p75</th><th>p95</th></tr>${scoreRows}</table>
${signalRows ? `<h2>Signals</h2><table class="t"><tr><th>column</th><th>rows flagged</th><th>share</th><th>example row ids</th></tr>${signalRows}</table>` : ""}
${labelTables ? `<h2>Labels</h2>${labelTables}` : ""}
${filterRows ? `<h2>Filters</h2><table class="t"><tr><th>filter</th><th>rule</th><th>removed</th><th>share of rows in</th><th>rows left</th></tr>${rowsIn === null ? "" : `<tr><td>(rows in)</td><td></td><td></td><td></td><td>${formatNumber(rowsIn)}</td></tr>`}${filterRows}</table>${filterWarnings ? `<ul>${filterWarnings}</ul>` : ""}` : ""}
</main>
<script type="application/json" id="sieve-data">${scriptJson(data)}</script>
<script>${MAP_CLIENT_SCRIPT}</script>
</body></html>
`;
}
