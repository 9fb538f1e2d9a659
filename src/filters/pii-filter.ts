import { BoundsFilter, type ColumnBound } from "./bounds-filter.js";
import { int, objectAt } from "./config-values.js";
import { FilterConfigError } from "./filter-config-error.js";
import { filterFlag, type FilterEntry } from "../core/filter-entry.js";

/** Removes rows with more secrets or more personal data than allowed (the pii scorer's counts). */
export class PiiFilter extends BoundsFilter {
  constructor(step: PiiStep) {
    const bounds: ColumnBound[] = [];
    if (step.max_secrets !== undefined) bounds.push({ column: "secret_count", max: step.max_secrets });
    if (step.max_pii !== undefined) bounds.push({ column: "pii_count", max: step.max_pii });
    super("pii", bounds);
  }
}

export interface PiiStep {
  kind: "pii";
  /** Most secrets a kept row may hold; absent: no bound. */
  max_secrets?: number;
  /** Most personal-data findings a kept row may hold; absent: no bound. */
  max_pii?: number;
  /**
   * Write the filtered and rejected splits with findings replaced by typed placeholders
   * (<EMAIL>, <PHONE>, <IP>, <CREDIT_CARD>, <IBAN>, <SECRET>, <PRIVATE_KEY>) in the text
   * fields the layout reads; the complete (scored) split keeps the original text.
   */
  redact: boolean;
}

/**
 * `filters.pii: { max_secrets, max_pii, redact }`. The default preset has
 * `{ max_secrets: 0 }`: a row holding a credential is removed, personal data is only
 * counted (docs/filters.md). A step with neither bound removes nothing and builds no filter
 * (`--redact-pii` alone only redacts).
 */
export const piiFilterEntry = {
  kind: "pii",
  defaults: { max_secrets: 0 },
  example: { max_secrets: 0, max_pii: 0, redact: true },
  parse(key, value): PiiStep {
    const o = objectAt(key, value, ["max_secrets", "max_pii", "redact"]);
    const step: PiiStep = { kind: "pii", redact: false };
    if (o.max_secrets !== undefined && o.max_secrets !== null) step.max_secrets = int(`${key}.max_secrets`, o.max_secrets, 0, 1e9);
    if (o.max_pii !== undefined && o.max_pii !== null) step.max_pii = int(`${key}.max_pii`, o.max_pii, 0, 1e9);
    if (o.redact !== undefined && o.redact !== null) {
      if (typeof o.redact !== "boolean") throw new FilterConfigError(`${key}.redact`, o.redact, "true or false");
      step.redact = o.redact;
    }
    return step;
  },
  build: (step, context) => (step.max_secrets === undefined && step.max_pii === undefined ? [] : [context.scoreColumnsOf(new PiiFilter(step))]),
  flags: [
    filterFlag({ option: "piiMaxSecrets", value: "count", arg: "n", help: "filters.pii.max_secrets: remove rows holding more than n secrets (keys, tokens, private keys, URL passwords)", sets: "filters.pii.max_secrets" }),
    filterFlag({ option: "piiMaxPii", value: "count", arg: "n", help: "filters.pii.max_pii: remove rows holding more than n e-mail addresses, phone numbers, IPs, card numbers or IBANs", sets: "filters.pii.max_pii" }),
    filterFlag({ option: "redactPii", value: "switch", help: "filters.pii.redact: write the filtered and rejected splits with PII and secrets replaced by <EMAIL>, <PHONE>, <IP>, <CREDIT_CARD>, <IBAN>, <SECRET>, <PRIVATE_KEY> (the complete split keeps the text)", sets: "filters.pii.redact" }),
  ],
} satisfies FilterEntry<PiiStep>;
