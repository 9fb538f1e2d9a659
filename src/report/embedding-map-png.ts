import { DOMAIN_COLOURS, embeddingMapSpec, MAP_AXIS_MAX, MAP_AXIS_MIN, MAP_PLOT_SIZE, MAP_POINT_OPACITY, mapPointSize } from "./chart-specs.js";
import type { ClusterLabel } from "./cluster-labels.js";
import { chartSvg, svgToPng } from "./render-png.js";
import { escapeMarkup } from "./escape-markup.js";

/** The opening of the points layer's group in vega's SVG (the map's first layer). */
const POINTS_LAYER = '<g class="mark-symbol role-mark layer_0_marks"';

/**
 * The embedding map as SVG text. Vega draws the frame, the legend, the title and the cluster
 * labels; the points are drawn here. Through vega, every point would be a scene-graph item
 * and an SVG element of its own (10,000 by default: about 3 MB of SVG, some 50 MB of
 * short-lived heap in vega and as much again in the rasteriser, the largest allocation of a
 * whole `sieve run`). So vega gets the first point only, and its points layer is then
 * filled with one path per domain, each point a circle of the same centre, radius, colour
 * and opacity vega gives it. Domains are drawn in `domainOrder` (most frequent first), so
 * the rarer ones lie on top.
 */
export async function embeddingMapSvg(
  points: Float64Array,
  domains: readonly string[],
  labels: readonly ClusterLabel[],
  domainOrder: readonly string[],
): Promise<string> {
  if (domains.length === 0) return chartSvg(embeddingMapSpec(points, domains, labels, domainOrder));
  const svg = await chartSvg(embeddingMapSpec(points.subarray(0, 2), domains.slice(0, 1), labels, domainOrder, domains.length));
  const open = svg.indexOf(POINTS_LAYER);
  const tagEnd = open < 0 ? -1 : svg.indexOf(">", open);
  // With its one point the layer is a group with content, never an empty "<g …/>".
  const contentStart = tagEnd < 0 || svg[tagEnd - 1] === "/" ? -1 : tagEnd + 1;
  const close = contentStart <= 0 ? -1 : svg.indexOf("</g>", contentStart);
  if (close < 0) throw new Error("embedding map: vega's SVG has no points layer to draw into (has vega's SVG output changed?)");
  return svg.slice(0, contentStart) + pointPaths(points, domains, domainOrder) + svg.slice(close);
}

/** The embedding map as PNG bytes (see embeddingMapSvg). */
export async function embeddingMapPng(
  points: Float64Array,
  domains: readonly string[],
  labels: readonly ClusterLabel[],
  domainOrder: readonly string[],
): Promise<Uint8Array> {
  return svgToPng(await embeddingMapSvg(points, domains, labels, domainOrder));
}

/** One `<path>` per domain with a point: a full circle (two arcs) around each point's pixel position. */
function pointPaths(points: Float64Array, domains: readonly string[], domainOrder: readonly string[]): string {
  // Vega draws a circle of area `size` with radius √size / 2.
  const r = Math.sqrt(mapPointSize(domains.length)) / 2;
  const arc = `a${fixed(r)},${fixed(r)} 0 1 1 `;
  const across = fixed(2 * r);
  const pixels = MAP_PLOT_SIZE / (MAP_AXIS_MAX - MAP_AXIS_MIN);
  const byDomain = new Map<string, string[]>(domainOrder.map((d) => [d, []]));
  for (let i = 0; i < domains.length; i++) {
    const x = (points[2 * i]! - MAP_AXIS_MIN) * pixels;
    const y = MAP_PLOT_SIZE - (points[2 * i + 1]! - MAP_AXIS_MIN) * pixels;
    let list = byDomain.get(domains[i]!);
    if (!list) byDomain.set(domains[i]!, (list = []));
    list.push(`M${fixed(x + r)},${fixed(y)}${arc}-${across},0${arc}${across},0`);
  }
  let out = "";
  let colour = 0;
  for (const [domain, list] of byDomain) {
    // The colour scale's domain is domainOrder, its range DOMAIN_COLOURS (repeated past its end).
    const fill = DOMAIN_COLOURS[colour++ % DOMAIN_COLOURS.length]!;
    if (list.length) out += `<path aria-label="${escapeMarkup(domain)}: ${list.length} points" fill="${fill}" opacity="${MAP_POINT_OPACITY}" d="${list.join("")}"/>`;
  }
  return out;
}

/** A coordinate with two decimals (a hundredth of a pixel), without a trailing ".00". */
function fixed(v: number): string {
  return String(Math.round(v * 100) / 100);
}
