/** Helpers shared by the io suites: temporary folders, fixture files, reading a dataset whole. */
import { expect } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { batchToObjects } from "../src/io/arrow-values.js";
import { openDataset, type Dataset, type ReadOptions, type RejectedRecord } from "../src/io/dataset-reader.js";
import { makeBuilder, makeVector, type DataType, type Vector } from "apache-arrow";

/** A fresh temporary folder. */
export function tempDir(prefix = "sieve-io-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write rows as JSON Lines (gzip when the path ends in .gz); returns the path. */
export function writeJsonl(path: string, rows: ReadonlyArray<unknown>): string {
  const text = rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length ? "\n" : "");
  writeFileSync(path, /\.gz$/.test(path) ? gzipSync(text) : text);
  return path;
}

/** Write raw text (gzip when the path ends in .gz); returns the path. */
export function writeText(path: string, text: string): string {
  writeFileSync(path, /\.gz$/.test(path) ? gzipSync(text) : text);
  return path;
}

/** Parse a JSON Lines file. */
export function readJsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Everything a dataset yields, gathered: rows as objects, the text view columns, rejects, batch sizes. */
export interface ReadResult {
  dataset: Dataset;
  rows: Record<string, unknown>[];
  ids: string[];
  instruction: string[];
  response: string[];
  turns: number[];
  multiTurn: number[];
  roles: string[][];
  rejects: RejectedRecord[];
  batchSizes: number[];
}

/** Open a dataset and read every batch. */
export async function readAll(inputs: string | string[], options: ReadOptions = {}): Promise<ReadResult> {
  const dataset = await openDataset(inputs, options);
  const out: ReadResult = { dataset, rows: [], ids: [], instruction: [], response: [], turns: [], multiTurn: [], roles: [], rejects: [], batchSizes: [] };
  for await (const sb of dataset.batches()) {
    out.rows.push(...batchToObjects(sb.batch));
    out.batchSizes.push(sb.batch.numRows);
    const v = sb.view;
    expect(v.length).toBe(sb.batch.numRows);
    out.ids.push(...v.id);
    out.instruction.push(...v.instruction);
    out.response.push(...v.response);
    out.turns.push(...v.turns);
    out.multiTurn.push(...v.multiTurn);
    for (let i = 0; i < v.length; i++) out.roles.push(v.turnRole.slice(v.turnOffsets[i]!, v.turnOffsets[i + 1]!));
    out.rejects.push(...sb.rejects);
  }
  return out;
}

/** The scorers switched off, so io suites measure io alone (lengths still run: they are the base columns). */
export const IO_ONLY = { readability: false, toxicity: "off", embedder: "off", domain: "off", quiet: true } as const;

/** An Arrow vector of `type` holding `values` (null and undefined as nulls), through Arrow's own builder. */
export function vectorOf(type: DataType, values: readonly unknown[]): Vector {
  const b = makeBuilder({ type, nullValues: [null, undefined] });
  for (const v of values) b.append(v as never);
  return makeVector(b.flush());
}
