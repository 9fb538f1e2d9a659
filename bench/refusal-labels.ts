/**
 * The labelled sample of the refusal detector and its scoring: rows of ../shared/data read
 * the way `sieve run` reads them (row ids as the reader assigns them), each labelled by
 * reading it (test/fixtures/refusal-labels.jsonl: source file, row id, the row's kind or
 * "none", and a short reason). Used by bench/refusal.ts and test/refusal.test.ts.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openDataset } from "../src/io/dataset-reader.js";
import { REFUSAL_KINDS, type RefusalKind } from "../src/metrics/refusal/refusal-patterns.js";
import { rowRefusal } from "../src/metrics/refusal/refusal-scorer.js";
import type { RefusalFinding } from "../src/metrics/refusal/refusal-detector.js";
import { sharedPath } from "../test/shared-data.js";

export const LABELS_PATH = fileURLToPath(new URL("../test/fixtures/refusal-labels.jsonl", import.meta.url));

export interface RefusalLabel {
  /** File under ../shared/data. */
  source: string;
  id: string;
  label: RefusalKind | "none";
  note: string;
}

export interface LabelledFinding extends RefusalLabel {
  found: RefusalFinding;
}

export function readRefusalLabels(path = LABELS_PATH): RefusalLabel[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as RefusalLabel);
}

/** Every labelled row with the detector's finding (each source file read once). */
export async function detectLabelled(labels: readonly RefusalLabel[]): Promise<LabelledFinding[]> {
  const bySource = new Map<string, Map<string, RefusalLabel>>();
  for (const l of labels) {
    if (!bySource.has(l.source)) bySource.set(l.source, new Map());
    bySource.get(l.source)!.set(l.id, l);
  }
  const out: LabelledFinding[] = [];
  for (const [source, wanted] of bySource) {
    const dataset = await openDataset(sharedPath("data", source));
    for await (const batch of dataset.batches()) {
      const view = batch.view;
      for (let r = 0; r < view.length; r++) {
        const label = wanted.get(view.id[r]!);
        if (label) out.push({ ...label, found: rowRefusal(view, r) });
      }
    }
  }
  if (out.length !== labels.length) throw new Error(`${labels.length - out.length} labelled rows were not found in ../shared/data`);
  return out;
}

export interface PrecisionRecall {
  /** Rows labelled this kind. */
  labelled: number;
  /** Rows the detector gave this kind. */
  flagged: number;
  /** Both. */
  agreed: number;
  precision: number;
  recall: number;
}

function pr(labelled: number, flagged: number, agreed: number): PrecisionRecall {
  return { labelled, flagged, agreed, precision: flagged === 0 ? 1 : agreed / flagged, recall: labelled === 0 ? 1 : agreed / labelled };
}

export interface RefusalEvaluation {
  rows: number;
  /** Per kind: the row's label against the detector's kind. */
  kinds: Record<RefusalKind, PrecisionRecall>;
  /** Any kind against none (flagged or not, whatever the kind). */
  any: PrecisionRecall;
  /** The kinds the default filter would remove (refusal, ai_self_reference) against those labels. */
  filtered: PrecisionRecall;
}

export function evaluate(rows: readonly LabelledFinding[], filteredKinds: readonly RefusalKind[] = ["refusal", "ai_self_reference"]): RefusalEvaluation {
  const kinds = {} as Record<RefusalKind, PrecisionRecall>;
  for (const k of REFUSAL_KINDS) {
    kinds[k] = pr(rows.filter((r) => r.label === k).length, rows.filter((r) => r.found.kind === k).length, rows.filter((r) => r.label === k && r.found.kind === k).length);
  }
  const isAny = (k: string) => k !== "none" && k !== "";
  const any = pr(rows.filter((r) => isAny(r.label)).length, rows.filter((r) => isAny(r.found.kind)).length, rows.filter((r) => isAny(r.label) && isAny(r.found.kind)).length);
  const inSet = (k: string) => (filteredKinds as readonly string[]).includes(k);
  const filtered = pr(rows.filter((r) => inSet(r.label)).length, rows.filter((r) => inSet(r.found.kind)).length, rows.filter((r) => inSet(r.label) && inSet(r.found.kind)).length);
  return { rows: rows.length, kinds, any, filtered };
}
