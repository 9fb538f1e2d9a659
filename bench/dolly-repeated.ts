import { createWriteStream, existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { sharedPath } from "../test/shared-data.js";

/** Dolly 15k repeated (line by line, in order) to `n` rows in `<work>/dolly-x<n>.jsonl`; reused when it exists. */
export async function dollyRepeated(work: string, n: number): Promise<string> {
  const path = join(work, `dolly-x${n}.jsonl`);
  if (existsSync(path)) return path;
  const lines = (await readFile(sharedPath("data/dolly-15k/databricks-dolly-15k.jsonl"), "utf8")).split("\n").filter(Boolean);
  const out = createWriteStream(path);
  for (let i = 0; i < n; i++) {
    if (!out.write(lines[i % lines.length] + "\n")) await new Promise<void>((r) => out.once("drain", r));
  }
  await new Promise<void>((r) => out.end(r));
  return path;
}
