import { describe, expect, it } from "vitest";
import { embeddingMapSpec, mapPointSize } from "../src/report/chart-specs.js";
import { embeddingMapSvg } from "../src/report/embedding-map-png.js";
import { chartSvg } from "../src/report/render-png.js";
import type { ClusterLabel } from "../src/report/cluster-labels.js";

const LAYER = '<g class="mark-symbol role-mark layer_0_marks"';

/** The SVG split into the points layer's content and everything else. */
function splitPointsLayer(svg: string): { content: string; rest: string } {
  const start = svg.indexOf(">", svg.indexOf(LAYER)) + 1;
  const end = svg.indexOf("</g>", start);
  return { content: svg.slice(start, end), rest: svg.slice(0, start) + svg.slice(end) };
}

describe("embedding map", () => {
  const order = ["science", "health", "coding"];
  const points = Float64Array.of(0.1, 0.2, 0.5, 0.5, 0.93, 0.07, 0.31, 0.77);
  const domains = ["health", "science", "health", "coding"];
  const labels: ClusterLabel[] = [{ x: 0.5, y: 0.5, size: 2, terms: ["cell", "gene"] }];

  it("draws each point where vega draws it, in its domain's colour, with vega's frame, legend and labels around them", async () => {
    const vega = splitPointsLayer(await chartSvg(embeddingMapSpec(points, domains, labels, order)));
    const ours = splitPointsLayer(await embeddingMapSvg(points, domains, labels, order));
    expect(ours.rest).toBe(vega.rest);

    // Vega: one element per point, at translate(x,y), filled with its domain's colour.
    const vegaPoints = [...vega.content.matchAll(/transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*fill="(#[0-9a-f]+)"/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), fill: m[3] }));
    expect(vegaPoints).toHaveLength(4);
    // Ours: one path per domain, a circle (move to its right edge, two arcs) per point.
    const paths = [...ours.content.matchAll(/<path [^>]*fill="(#[0-9a-f]+)" opacity="0.75" d="([^"]+)"\/>/g)];
    expect(paths).toHaveLength(3);
    const r = Math.sqrt(mapPointSize(4)) / 2;
    const oursPoints = paths.flatMap((p) => [...p[2]!.matchAll(/M([-\d.]+),([-\d.]+)a/g)].map((m) => ({ x: Number(m[1]) - r, y: Number(m[2]), fill: p[1] })));
    expect(oursPoints).toHaveLength(4);
    for (const v of vegaPoints) {
      const match = oursPoints.find((o) => Math.abs(o.x - v.x) < 0.01 && Math.abs(o.y - v.y) < 0.01);
      expect(match, `a point at (${v.x}, ${v.y})`).toBeDefined();
      expect(match!.fill).toBe(v.fill);
    }
  });

  it("draws a map without points as vega does", async () => {
    expect(await embeddingMapSvg(new Float64Array(0), [], [], order)).toBe(await chartSvg(embeddingMapSpec(new Float64Array(0), [], [], order)));
  });

  it("stays small for a large sample: one element per domain, not per point, and the subtitle counts every point", async () => {
    const n = 6000;
    const many = Float64Array.from({ length: 2 * n }, (_, i) => ((i * 7919) % 1000) / 1000);
    const manyDomains = Array.from({ length: n }, (_, i) => order[i % 3]!);
    const svg = await embeddingMapSvg(many, manyDomains, [], order);
    const { content } = splitPointsLayer(svg);
    expect(content.match(/<path /g)).toHaveLength(3);
    expect(content.match(/M/g)).toHaveLength(n);
    expect(svg).toContain("UMAP projection of 6,000 sampled rows");
    const vegaSvg = await chartSvg(embeddingMapSpec(many, manyDomains, [], order));
    expect(svg.length).toBeLessThan(vegaSvg.length / 3);
  });
});
