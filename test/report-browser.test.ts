import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { buildReport } from "../src/report/build-report.js";

// The page.evaluate callbacks run in Chromium: they name its globals, which Node's types lack
// (each use narrows `window` to the map's test hooks).
declare const window: unknown;
declare const document: { getElementById(id: string): { getAttribute(name: string): string | null } | null };

const CHROMIUM = process.env.SIEVE_CHROMIUM ?? "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM) || process.env.SIEVE_REQUIRE_BROWSER === "1";
if (!haveChromium) console.warn(`skipping the browser test: ${CHROMIUM} is missing (apt-get install chromium)`);

const DOMAINS = ["coding", "cooking", "music", "travel", "law"];
const TOPICS = ["python function loop array", "recipe oven flour butter", "guitar chord melody rhythm", "flight hotel passport luggage", "contract court judge lawsuit"];

describe.runIf(haveChromium)("index.html in headless Chromium", () => {
  it("loads offline with no console errors, draws every sampled point, shows a row on hover and isolates a domain", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sieve-report-html-"));
    const rows: string[] = [];
    for (let i = 0; i < 240; i++) {
      const d = i % 5;
      rows.push(JSON.stringify({
        id: `r${i}`,
        instruction: `Row ${i}: tell me about ${TOPICS[d]!.split(" ")[i % 4]} <b>and</b> ${TOPICS[d]}`,
        response: `${TOPICS[d]} `.repeat(1 + (i % 4)),
        domain: DOMAINS[d],
        toxicity_score: (i % 10) / 10,
        readability_score: 50 + (i % 30),
        complexity_score: i % 12,
      }));
    }
    writeFileSync(join(dir, "complete.jsonl"), rows.join("\n") + "\n");
    const out = join(dir, "out");
    await buildReport({ complete: join(dir, "complete.jsonl"), out, sampleSize: 200, seed: 5, umapEpochs: 50 });

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(m.text()); });
      page.on("pageerror", (e) => problems.push(e.message));
      page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
      await page.goto(pathToFileURL(join(out, "index.html")).href);
      await page.waitForFunction(() => (window as unknown as { __sieveMap?: unknown }).__sieveMap !== undefined);

      const counts = await page.evaluate(() => {
        const m = (window as unknown as { __sieveMap: { pointCount: number; drawnCount: number } }).__sieveMap;
        return { points: m.pointCount, drawn: m.drawnCount, attr: document.getElementById("map")!.getAttribute("data-drawn") };
      });
      expect(counts).toEqual({ points: 200, drawn: 200, attr: "200" });

      // Hover the first sampled point: the tooltip shows its instruction (escaped, not as HTML).
      const data = JSON.parse(readFileSync(join(out, "index.html"), "utf8").match(/<script type="application\/json" id="sieve-data">(.*?)<\/script>/s)![1]!) as { points: unknown[][]; domains: string[] };
      const target = 0;
      const pos = await page.evaluate((i) => (window as unknown as { __sieveMap: { screenPosition(i: number): { x: number; y: number } } }).__sieveMap.screenPosition(i), target);
      await page.mouse.move(pos.x, pos.y);
      const tip = page.locator("#tip");
      await expect.poll(() => tip.isVisible()).toBe(true);
      const hoveredId = await tip.locator(".id").textContent();
      const hovered = data.points.find((p) => p[5] === hoveredId)!;
      expect(await tip.locator(".ins").textContent()).toBe(hovered[6]);
      expect(await tip.locator(".ins b").count()).toBe(0);
      await page.screenshot({ path: join(out, "screenshot.png") });

      // Clicking a legend domain isolates it.
      await page.locator("#legend button.item", { hasText: "music" }).click();
      const drawn = await page.evaluate(() => (window as unknown as { __sieveMap: { drawnCount: number } }).__sieveMap.drawnCount);
      const music = data.points.filter((p) => p[2] === data.domains.indexOf("music")).length;
      expect(drawn).toBe(music);
      expect(drawn).toBeGreaterThan(0);
      expect(drawn).toBeLessThan(200);

      // Colouring by toxicity keeps every point drawn.
      await page.selectOption("#colour", "toxicity");
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
