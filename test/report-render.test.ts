import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import { domainDistributionSpec, scoreHistogramSpec } from "../src/report/chart-specs.js";
import { chartPng, chartSvg } from "../src/report/render-png.js";
import type { TopLevelSpec } from "vega-lite";

const DOMAINS = [
  "coding", "mathematics", "science", "history", "geography", "literature", "arts", "music", "sports", "health", "medicine", "law",
  "finance", "business", "technology", "education", "travel", "cooking", "politics", "philosophy", "psychology", "entertainment", "general",
];

interface Raster {
  width: number;
  data: Uint8Array;
}

/** A chart rasterised to RGBA exactly as svgToPng draws it (same font, no system fonts). */
async function raster(spec: TopLevelSpec): Promise<Raster> {
  const svg = await chartSvg(spec);
  const font = createRequire(import.meta.url).resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
  const r = new Resvg(svg, { background: "white", font: { fontFiles: [font], loadSystemFonts: false, defaultFontFamily: "DejaVu Sans" } }).render();
  return { width: r.width, data: new Uint8Array(r.pixels) };
}

/** Dark pixels (every channel < 128) inside a box. */
function darkPixels(img: Raster, box: { x0: number; y0: number; x1: number; y1: number }): number {
  let n = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const o = (y * img.width + x) * 4;
      if (img.data[o]! < 128 && img.data[o + 1]! < 128 && img.data[o + 2]! < 128) n++;
    }
  }
  return n;
}

const counts = Object.fromEntries(DOMAINS.map((d, i) => [d, 1000 - i * 37]));

describe("chart rendering", () => {
  it("draws text: a title darkens the title area, axis labels darken the label column", async () => {
    const spec = domainDistributionSpec(counts, null, "Domain distribution");
    const untitled = { ...spec, title: undefined } as TopLevelSpec;
    const withTitle = await raster(spec);
    const without = await raster(untitled);
    const titleBox = { x0: 0, y0: 0, x1: 300, y1: 30 };
    expect(darkPixels(withTitle, titleBox)).toBeGreaterThan(200);
    expect(darkPixels(without, titleBox)).toBeLessThan(darkPixels(withTitle, titleBox) / 4);
    // Domain names left of the bars: many dark pixels in the label column.
    expect(darkPixels(without, { x0: 0, y0: 0, x1: 100, y1: 460 })).toBeGreaterThan(400);
  });

  it("puts 23 domain labels on distinct, non-overlapping rows, sorted by count", async () => {
    const svg = await chartSvg(domainDistributionSpec(counts, Object.fromEntries(DOMAINS.map((d) => [d, 100]))));
    // Axis labels are <text> elements with a transform translate(x, y); take those holding a domain name.
    const ys: Array<[string, number]> = [];
    for (const m of svg.matchAll(/<text[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*>([^<]+)<\/text>/g)) {
      if (DOMAINS.includes(m[3]!)) ys.push([m[3]!, Number(m[2])]);
    }
    expect(ys.map((e) => e[0])).toEqual(DOMAINS);
    for (let i = 1; i < ys.length; i++) expect(ys[i]![1] - ys[i - 1]![1]).toBeGreaterThanOrEqual(14);
  });

  it("renders the same PNG bytes twice", async () => {
    const spec = scoreHistogramSpec({ scale: "linear", edges: [0, 0.25, 0.5, 0.75, 1], counts: [5, 3, 2, 1], clipped_low: 0, clipped_high: 0 }, "Toxicity", "toxicity_score", "#e15759");
    const a = await chartPng(spec);
    const b = await chartPng(spec);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).subarray(1, 4).toString()).toBe("PNG");
  });
});
