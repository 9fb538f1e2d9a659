import type { TopLevelSpec } from "vega-lite";
import type { ClusterLabel } from "./cluster-labels.js";
import type { Histogram } from "./report-stats.js";
import { CHART_FONT_FAMILY } from "./render-png.js";

/** 24 distinguishable colours for domains (23 in the default taxonomy, plus "(none)"). */
export const DOMAIN_COLOURS = [
  "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
  "#9c755f", "#bab0ac", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
  "#17becf", "#bcbd22", "#7f7f7f", "#aec7e8", "#ffbb78", "#98df8a", "#c5b0d5", "#393b79",
];

const CONFIG = {
  font: CHART_FONT_FAMILY,
  background: "white",
  padding: 12,
  title: { fontSize: 16, subtitleFontSize: 12, subtitleColor: "#555", anchor: "start" as const, offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal" as const, labelColor: "#333", titleColor: "#222", gridColor: "#eee" },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal" as const },
  view: { stroke: null },
};

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Rows per domain, complete vs filtered, as grouped horizontal bars sorted by complete count. */
export function domainDistributionSpec(before: Record<string, number>, after: Record<string, number> | null, title = "Domain distribution"): TopLevelSpec {
  const domains = Object.keys(before).sort((a, b) => before[b]! - before[a]! || (a < b ? -1 : 1));
  for (const d of Object.keys(after ?? {})) if (!(d in before)) domains.push(d);
  const values: Array<{ domain: string; split: string; rows: number }> = [];
  for (const d of domains) {
    values.push({ domain: d, split: "complete", rows: before[d] ?? 0 });
    if (after) values.push({ domain: d, split: "filtered", rows: after[d] ?? 0 });
  }
  const bandHeight = after ? 26 : 18;
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: title, subtitle: after ? "rows per domain, complete split vs filtered split" : "rows per domain" },
    width: 560,
    height: Math.max(80, domains.length * bandHeight),
    data: { values },
    mark: { type: "bar", height: { band: after ? 0.45 : 0.8 } },
    encoding: {
      y: { field: "domain", type: "nominal", sort: domains, title: null, axis: { labelLimit: 220, ticks: false, labelPadding: 6 } },
      ...(after ? { yOffset: { field: "split", type: "nominal", sort: ["complete", "filtered"] } } : {}),
      x: { field: "rows", type: "quantitative", title: "rows", axis: { format: "~s", tickCount: 6 } },
      color: {
        field: "split",
        type: "nominal",
        sort: ["complete", "filtered"],
        scale: { domain: ["complete", "filtered"], range: ["#9fb7d3", "#2c5d8f"] },
        legend: after ? { title: null, orient: "bottom-right", direction: "vertical" } : null,
      },
    },
  } as TopLevelSpec;
}

function binRows(h: Histogram, extra: Record<string, string> = {}): Array<Record<string, number | string>> {
  return h.counts.map((c, i) => ({ lo: h.edges[i]!, hi: h.edges[i + 1]!, rows: c, ...extra }));
}

/** Instruction and response length histograms side by side, log-scaled x (characters). */
export function lengthDistributionsSpec(instruction: Histogram | undefined, response: Histogram | undefined): TopLevelSpec {
  const panel = (h: Histogram | undefined, name: string, colour: string) => ({
    title: { text: `${name} length`, fontSize: 13 },
    width: 380,
    height: 220,
    data: { values: h ? binRows(h) : [] },
    mark: { type: "rect" as const, color: colour, stroke: "white", strokeWidth: 0.5 },
    encoding: {
      x: { field: "lo", type: "quantitative" as const, scale: { type: "log" as const, domain: h ? [h.edges[0]!, h.edges[h.edges.length - 1]!] : [1, 10] }, title: "characters (log scale)", axis: { format: "~s", grid: false } },
      x2: { field: "hi" },
      y: { field: "rows", type: "quantitative" as const, title: "rows", axis: { format: "~s" } },
    },
  });
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: "Length distributions", subtitle: "characters per row; each decade split into 10 bins" },
    hconcat: [panel(instruction, "Instruction", "#4e79a7"), panel(response, "Response", "#f28e2b")],
    spacing: 40,
  } as TopLevelSpec;
}

/** A histogram of one score column. */
export function scoreHistogramSpec(h: Histogram, title: string, xTitle: string, colour: string): TopLevelSpec {
  const notes: string[] = [];
  if (h.clipped_low) notes.push(`${h.clipped_low.toLocaleString("en-US")} rows below ${h.edges[0]} counted in the first bin`);
  if (h.clipped_high) notes.push(`${h.clipped_high.toLocaleString("en-US")} rows above ${h.edges[h.edges.length - 1]} counted in the last bin`);
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: title, ...(notes.length ? { subtitle: notes.join("; ") } : {}) },
    width: 520,
    height: 240,
    data: { values: binRows(h) },
    mark: { type: "rect", color: colour, stroke: "white", strokeWidth: 0.5 },
    encoding: {
      x: { field: "lo", type: "quantitative", scale: { domain: [h.edges[0]!, h.edges[h.edges.length - 1]!], nice: false, zero: false }, title: xTitle, axis: { grid: false } },
      x2: { field: "hi" },
      y: { field: "rows", type: "quantitative", title: "rows", axis: { format: "~s" } },
    },
  } as TopLevelSpec;
}

/** The embedding map's plot: MAP_PLOT_SIZE pixels square, showing [MAP_AXIS_MIN, MAP_AXIS_MAX] of the projection on both axes. */
export const MAP_PLOT_SIZE = 640;
export const MAP_AXIS_MIN = -0.02;
export const MAP_AXIS_MAX = 1.02;
/** The points' opacity on the map. */
export const MAP_POINT_OPACITY = 0.75;

/** The area (square pixels) of one point on a map of `count` points: smaller points when there are many. */
export function mapPointSize(count: number): number {
  return count > 3000 ? 7 : 16;
}

/**
 * The 2-D projection of the sample coloured by domain, with a legend and cluster labels.
 * `pointCount` is the number of points the map stands for (its subtitle and point size):
 * embeddingMapPng draws the points itself and gives vega only the first.
 */
export function embeddingMapSpec(
  points: Float64Array,
  domains: readonly string[],
  labels: readonly ClusterLabel[],
  domainOrder: readonly string[],
  pointCount = domains.length,
): TopLevelSpec {
  const values = domains.map((d, i) => ({ x: points[i * 2]!, y: points[i * 2 + 1]!, domain: d }));
  const axis = { title: null, labels: false, ticks: false, grid: false, domain: false };
  const scale = { domain: [MAP_AXIS_MIN, MAP_AXIS_MAX], nice: false, zero: false };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: "Embedding map", subtitle: `UMAP projection of ${pointCount.toLocaleString("en-US")} sampled rows, coloured by domain; labels: characteristic terms of each region` },
    width: MAP_PLOT_SIZE,
    height: MAP_PLOT_SIZE,
    layer: [
      {
        data: { values },
        mark: { type: "circle", size: mapPointSize(pointCount), opacity: MAP_POINT_OPACITY },
        encoding: {
          x: { field: "x", type: "quantitative", scale, axis },
          y: { field: "y", type: "quantitative", scale, axis },
          color: { field: "domain", type: "nominal", scale: { domain: [...domainOrder], range: DOMAIN_COLOURS }, legend: { title: "domain", symbolSize: 80, columns: 1, labelLimit: 200 } },
        },
      },
      {
        data: { values: labels.map((l) => ({ x: l.x, y: l.y, text: l.terms.join(" · ") })) },
        mark: { type: "text", dy: -9, fontSize: 11, fontWeight: "bold", color: "#222", stroke: "white", strokeWidth: 3, strokeOpacity: 0.85 },
        encoding: { x: { field: "x", type: "quantitative", scale }, y: { field: "y", type: "quantitative", scale }, text: { field: "text" } },
      },
      {
        data: { values: labels.map((l) => ({ x: l.x, y: l.y, text: l.terms.join(" · ") })) },
        mark: { type: "text", dy: -9, fontSize: 11, fontWeight: "bold", color: "#222" },
        encoding: { x: { field: "x", type: "quantitative", scale }, y: { field: "y", type: "quantitative", scale }, text: { field: "text" } },
      },
    ],
  } as TopLevelSpec;
}
