import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import { compile, type TopLevelSpec } from "vega-lite";
import { parse, View } from "vega";

const require = createRequire(import.meta.url);

/**
 * The font every chart is drawn with: DejaVu Sans from the `dejavu-fonts-ttf` npm package,
 * passed to resvg explicitly so the PNGs look the same on every machine (no system fonts).
 */
export const CHART_FONT_FAMILY = "DejaVu Sans";
let fontFiles: string[] | undefined;

function chartFontFiles(): string[] {
  fontFiles ??= ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));
  return fontFiles;
}

/** A vega-lite spec drawn to SVG text by vega's headless View (no browser, no canvas). */
export async function chartSvg(spec: TopLevelSpec): Promise<string> {
  const vgSpec = compile(spec).spec;
  const view = new View(parse(vgSpec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** SVG text rasterised to PNG bytes with the bundled font; deterministic for the same SVG. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
  });
  return resvg.render().asPng();
}

/** A vega-lite spec rendered to PNG bytes. */
export async function chartPng(spec: TopLevelSpec, scale = 2): Promise<Uint8Array> {
  return svgToPng(await chartSvg(spec), scale);
}
