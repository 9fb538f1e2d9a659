import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Where the timed modules come from: dist/ (default), another build (`dist`), or src/ through vite-node (`source`). */
export interface ModuleOrigin {
  dist?: string;
  source?: boolean;
}

/**
 * Import `path` (relative to src/, with a .js suffix) from the compiled package, so that a
 * benchmark times what the `sieve` CLI runs.
 *
 * vite-node serves src/ with every import rewritten to a getter on a module object, which V8
 * does not inline in hot loops: the scorers and the tokenizer run 2–3× slower that way. dist/
 * must be loaded by Node itself, not through vite-node (which would rewrite it the same way);
 * vite-node hands `data:` modules to Node's own loader, so dist/ is imported through a
 * one-line data: module that re-exports it.
 */
export async function compiledModule<T>(path: string, origin: ModuleOrigin = {}): Promise<T> {
  if (origin.source) return (await import(/* @vite-ignore */ fileURLToPath(new URL(`../src/${path}`, import.meta.url)))) as T;
  const url = origin.dist ? pathToFileURL(resolve(origin.dist, path)) : new URL(`../dist/${path}`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) throw new Error(`${fileURLToPath(url)} is missing: run \`npm run build\` first (or pass --source).`);
  const reexport = `data:text/javascript,export * from ${encodeURIComponent(JSON.stringify(url.href))};`;
  return (await import(/* @vite-ignore */ reexport)) as T;
}
