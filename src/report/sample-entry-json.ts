import { base64ToFloat32, float32ToBase64 } from "../base/float-array-base64.js";
import { decodeNumber, encodeNumber, type EncodedNumber } from "../base/lossless-number.js";
import type { SampleEntry } from "./map-sample.js";

/**
 * A map sample entry as JSON, lossless: the hash (an integer below 2^53), the row's text
 * fields as they are, its scores as lossless numbers, and its vector as base64 of the
 * Float32 bytes (or the text to embed, when the data had no vector). What the filter did to
 * the row (kept, filterReason) is not part of it: it is known only later.
 */
export interface SampleEntryJson {
  hash: number;
  id: string;
  instruction: string;
  response: string;
  domain: string;
  scores: Record<string, EncodedNumber>;
  embedding: string | null;
  embedText: string | null;
}

export function sampleEntryToJson({ hash, row }: SampleEntry): SampleEntryJson {
  return {
    hash,
    id: row.id,
    instruction: row.instruction,
    response: row.response,
    domain: row.domain,
    scores: Object.fromEntries(Object.entries(row.scores).map(([k, v]) => [k, encodeNumber(v)])),
    embedding: row.embedding ? float32ToBase64(row.embedding) : null,
    embedText: row.embedText,
  };
}

export function sampleEntryFromJson(json: SampleEntryJson): SampleEntry {
  return {
    hash: json.hash,
    row: {
      id: json.id,
      instruction: json.instruction,
      response: json.response,
      domain: json.domain,
      scores: Object.fromEntries(Object.entries(json.scores).map(([k, v]) => [k, decodeNumber(v)])),
      kept: null,
      filterReason: null,
      embedding: json.embedding === null ? null : base64ToFloat32(json.embedding),
      embedText: json.embedText,
    },
  };
}
