import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The layer rule of docs/architecture.md, checked on the source: a module imports only from
 * its own folder or from folders below it. src/index.ts (the public API) sits on top.
 */
const LAYERS = ["base", "core", "io", "models", "embed", "metrics", "filters", "report", "pipeline", "cli"] as const;
const SRC = fileURLToPath(new URL("../src/", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

/** Relative module specifiers of a file: static imports, re-exports and dynamic imports. */
function relativeImports(text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g)) specs.push(m[1]!);
  return specs;
}

function layerOf(path: string): string {
  const rel = relative(SRC, path);
  return rel.includes("/") ? rel.split("/")[0]! : "(root)";
}

describe("architecture", () => {
  const files = sourceFiles(SRC);

  it("every folder of src/ is a known layer", () => {
    const folders = new Set(files.map(layerOf));
    folders.delete("(root)");
    expect([...folders].sort()).toEqual([...LAYERS].sort());
  });

  it("imports flow one way: no module imports from a higher layer", () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      if (from === "(root)") continue; // src/index.ts: the public API, above every layer
      for (const spec of relativeImports(readFileSync(file, "utf8"))) {
        const to = layerOf(resolve(dirname(file), spec));
        if (to === from) continue;
        const a = LAYERS.indexOf(from as (typeof LAYERS)[number]);
        const b = LAYERS.indexOf(to as (typeof LAYERS)[number]);
        if (b < 0 || b > a) upward.push(`${relative(SRC, file)} imports ${spec} (${from} → ${to})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("the checker sees an upward import when there is one", () => {
    // Guards the regular expression above: a rule that matches nothing would always pass.
    expect(relativeImports('import { x } from "../pipeline/a.js";\nexport { y } from "./b.js";\nawait import("../cli/c.js");')).toEqual([
      "../pipeline/a.js",
      "./b.js",
      "../cli/c.js",
    ]);
  });
});
