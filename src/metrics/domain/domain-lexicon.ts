import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { assetPath } from "../../base/assets.js";
import { WordTable, type WordTableData } from "../../base/word-table.js";
import { BRIDGE_FEATURES, COLLOCATION_JOINER } from "./domain-features.js";

/**
 * The scoring parameters fixed with the method (the compile script writes them into the table
 * header with the fitted temperature and the weight scale): `general` competes with a constant
 * logit of `generalScore`, and the response counts `responseWeight` times as much as the user
 * turns.
 */
export const LEXICON_PARAMETERS = { generalScore: 1.5, responseWeight: 1 / 3 } as const;

/**
 * The compiled domain model (data/domains/domain-lexicon.txt.gz, built by
 * scripts/compile-domain-tables.ts): a multinomial logistic regression over word features
 * (featureOfWord, valued as featureValues says). For each feature, its non-zero weights (logit
 * per unit of feature value, signed). Entry e's pairs are domains/weights[start[e] .. start[e+1]).
 * A collocation ("suppli_demand") is an entry of its own; the entries it can follow a word's
 * entry as are listed per first word (collocationStart), so the scorer finds pairs by entry.
 *
 * Everything bulky is a typed array, and the feature → entry map a WordTable, so the whole
 * model can live in SharedArrayBuffers (shareDomainLexicon) that every scoring thread reads:
 * one copy per process instead of one per thread.
 */
export interface DomainLexicon {
  /** The subject domains the weights index, in taxonomy order (without the fallback). */
  readonly domains: readonly string[];
  readonly fallback: string;
  readonly temperature: number;
  readonly generalScore: number;
  readonly responseWeight: number;
  /** Feature → entry index (entries are numbered in table order; -1 for a feature without one). */
  readonly entries: WordTable;
  readonly start: Int32Array;
  readonly domainOf: Uint8Array;
  readonly weight: Float32Array;
  /** Collocations starting with entry e: second word's entry in collocationSecond[collocationStart[e] .. collocationStart[e+1]), the pair's entry at the same index of collocationEntry. */
  readonly collocationStart: Int32Array;
  readonly collocationSecond: Int32Array;
  readonly collocationEntry: Int32Array;
  /** 1 for the entries of BRIDGE_FEATURES (words a collocation may span). */
  readonly bridge: Uint8Array;
}

/** A lexicon as plain data (its entries as WordTableData): what passes to a worker thread. */
export type DomainLexiconData = Omit<DomainLexicon, "entries"> & { readonly entries: WordTableData };

interface Header {
  format: number;
  domains: string[];
  fallback: string;
  temperature: number;
  generalScore: number;
  responseWeight: number;
  /** The logit one quantisation level stands for. */
  scale: number;
}

/** Parse a compiled lexicon (the gunzipped text). */
export function parseDomainLexicon(text: string): DomainLexicon {
  const lines = text.split("\n");
  const header = JSON.parse(lines[0]!) as Header;
  if (header.format !== 2) throw new Error(`domain lexicon: unknown format ${header.format}`);
  const features: string[] = [];
  const entries = new WordTable(lines.length);
  const start: number[] = [0];
  const domainOf: number[] = [];
  const weight: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length === 0) continue;
    const fields = line.split(" ");
    entries.setString(fields[0]!, features.length);
    features.push(fields[0]!);
    for (let k = 1; k < fields.length; k++) {
      const colon = fields[k]!.indexOf(":");
      domainOf.push(Number(fields[k]!.slice(0, colon)));
      weight.push(Number(fields[k]!.slice(colon + 1)) * header.scale);
    }
    start.push(domainOf.length);
  }
  // Collocations by their first word's entry (in entry order, so the layout is deterministic).
  const byFirst: Array<Array<[number, number]>> = Array.from({ length: features.length }, () => []);
  features.forEach((feature, e) => {
    const joint = feature.indexOf(COLLOCATION_JOINER);
    if (joint < 0) return;
    const first = entries.getString(feature.slice(0, joint));
    const second = entries.getString(feature.slice(joint + 1));
    if (first >= 0 && second >= 0) byFirst[first]!.push([second, e]);
  });
  const collocationStart = new Int32Array(features.length + 1);
  const collocationSecond: number[] = [];
  const collocationEntry: number[] = [];
  byFirst.forEach((list, e) => {
    for (const [second, entry] of list) (collocationSecond.push(second), collocationEntry.push(entry));
    collocationStart[e + 1] = collocationSecond.length;
  });
  const bridge = new Uint8Array(features.length);
  for (const f of BRIDGE_FEATURES) {
    const e = entries.getString(f);
    if (e >= 0) bridge[e] = 1;
  }
  return {
    domains: header.domains,
    fallback: header.fallback,
    temperature: header.temperature,
    generalScore: header.generalScore,
    responseWeight: header.responseWeight,
    entries,
    start: Int32Array.from(start),
    domainOf: Uint8Array.from(domainOf),
    weight: Float32Array.from(weight),
    collocationStart,
    collocationSecond: Int32Array.from(collocationSecond),
    collocationEntry: Int32Array.from(collocationEntry),
    bridge,
  };
}

/** A copy of a lexicon in SharedArrayBuffers (structured clone passes them to workers without copying). */
export function shareDomainLexicon(lexicon: DomainLexicon): DomainLexiconData {
  return {
    ...lexicon,
    entries: lexicon.entries.toShared(),
    start: sharedCopy(lexicon.start),
    domainOf: sharedCopy(lexicon.domainOf),
    weight: sharedCopy(lexicon.weight),
    collocationStart: sharedCopy(lexicon.collocationStart),
    collocationSecond: sharedCopy(lexicon.collocationSecond),
    collocationEntry: sharedCopy(lexicon.collocationEntry),
    bridge: sharedCopy(lexicon.bridge),
  };
}

/** The lexicon `data` (shareDomainLexicon's, possibly from another thread) describes, read in place. */
export function domainLexiconFromData(data: DomainLexiconData): DomainLexicon {
  return { ...data, entries: WordTable.readOnly(data.entries) };
}

function sharedCopy<T extends Int32Array | Uint8Array | Float32Array>(a: T): T {
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Ctor(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

let sharedData: DomainLexiconData | undefined;
let shipped: DomainLexicon | undefined;

/**
 * The shipped lexicon as shared data, read once per process: hand it to worker threads
 * (useDefaultDomainLexicon) so that they read this copy instead of each parsing their own.
 */
export function defaultDomainLexiconData(): DomainLexiconData {
  sharedData ??= shareDomainLexicon(parseDomainLexicon(gunzipSync(readFileSync(assetPath("domains/domain-lexicon.txt.gz"))).toString("utf8")));
  return sharedData;
}

/** Make `data` (defaultDomainLexiconData() of another thread) this thread's shipped lexicon. */
export function useDefaultDomainLexicon(data: DomainLexiconData): void {
  if (sharedData === data) return;
  sharedData = data;
  shipped = undefined;
}

/** The shipped lexicon (its tables shared with the threads given them). */
export function loadDomainLexicon(): DomainLexicon {
  shipped ??= domainLexiconFromData(defaultDomainLexiconData());
  return shipped;
}
