import { AtomicFile } from "./atomic-file.js";

/** Write a value as pretty-printed JSON (two-space indent, trailing newline) under a temporary name, then rename. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  const f = await AtomicFile.create(path);
  await f.write(JSON.stringify(value, null, 2) + "\n");
  await f.commit();
}
