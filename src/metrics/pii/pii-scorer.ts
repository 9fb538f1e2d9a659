import type { ScoreColumn } from "../../core/score-column.js";
import type { Scorer } from "../../core/scorer.js";
import { defineScorer, onOffSwitch, switchIsOn } from "../../core/scorer-entry.js";
import type { TextView } from "../../core/text-view.js";
import { findPii, PII_TYPES, SECRET_TYPES, type PiiType } from "./pii-detector.js";

/** What one row holds, over all its turns. */
export interface RowPii {
  /** Personal data found (e-mail, phone, IP, card, IBAN). */
  pii: number;
  /** Secrets found (keys, tokens, private keys, passwords in URLs). */
  secrets: number;
  /** The distinct kinds of both, sorted. */
  types: string[];
}

/**
 * Counts a row's findings over every turn (every role: a secret in a system prompt or a
 * user turn leaks as much as one in a response). For an instruction/response row the turns
 * are the instruction (with its context) and the response.
 */
export function rowPii(view: TextView, row: number): RowPii {
  let pii = 0;
  let secrets = 0;
  let kinds: Set<PiiType> | undefined;
  for (let t = view.turnOffsets[row]!; t < view.turnOffsets[row + 1]!; t++) {
    for (const m of findPii(view.turnText[t] ?? "")) {
      if (SECRET_TYPES.has(m.type)) secrets++;
      else pii++;
      (kinds ??= new Set()).add(m.type);
    }
  }
  return { pii, secrets, types: kinds ? [...kinds].sort() : [] };
}

/** Adds `pii_count`, `secret_count` (int32) and `pii_types` (utf8 list) per row. */
export class PiiScorer implements Scorer {
  readonly name = "pii";
  readonly columns = ["pii_count", "secret_count", "pii_types"];

  score(view: TextView): ScoreColumn[] {
    const rows = view.length;
    const pii = new Int32Array(rows);
    const secrets = new Int32Array(rows);
    const types: string[][] = new Array(rows);
    for (let r = 0; r < rows; r++) {
      const found = rowPii(view, r);
      pii[r] = found.pii;
      secrets[r] = found.secrets;
      types[r] = found.types;
    }
    return [
      { name: "pii_count", kind: "int32", values: pii },
      { name: "secret_count", kind: "int32", values: secrets },
      { name: "pii_types", kind: "utf8-list", values: types },
    ];
  }
}

/** Registry entry: `--pii on|off` (default on). */
export const piiEntry = defineScorer({
  name: "pii",
  options: [
    onOffSwitch("pii", "personal data and secrets per row, all turns (e-mail, phone, IP, card, IBAN; cloud keys, API tokens, private keys, URL passwords)"),
  ],
  columns: [
    { name: "pii_count", description: "Personal data found in all turns of the row: e-mail addresses, phone numbers, IPv4/IPv6 addresses, Luhn-valid card numbers, mod-97-valid IBANs.", signal: true },
    { name: "secret_count", description: "Secrets found in all turns of the row: cloud access keys, provider API tokens, PEM private keys, passwords in URLs.", signal: true },
    { name: "pii_types", description: `The kinds found in the row, sorted and distinct (${PII_TYPES.join(", ")}).`, signal: true },
  ],
  loadsModels: () => false,
  create: (settings) => (switchIsOn(settings.pii) ? new PiiScorer() : undefined),
});
