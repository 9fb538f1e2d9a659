import { findPii, type PiiType } from "./pii-detector.js";

/** The typed placeholder each kind of finding is replaced with. */
export const PII_PLACEHOLDERS: Readonly<Record<PiiType, string>> = {
  email: "<EMAIL>",
  phone: "<PHONE>",
  ipv4: "<IP>",
  ipv6: "<IP>",
  credit_card: "<CREDIT_CARD>",
  iban: "<IBAN>",
  secret_aws: "<SECRET>",
  secret_azure: "<SECRET>",
  secret_token: "<SECRET>",
  private_key: "<PRIVATE_KEY>",
  // Only the password is replaced: scheme://user:<SECRET>@host keeps the URL readable.
  url_password: "<SECRET>",
};

/**
 * `text` with every finding of findPii replaced by its typed placeholder (`<EMAIL>`,
 * `<PHONE>`, `<IP>`, `<CREDIT_CARD>`, `<IBAN>`, `<SECRET>`, `<PRIVATE_KEY>`); the rest of
 * the text is unchanged, and a text with no finding is returned as is.
 */
export function redactPii(text: string): string {
  const found = findPii(text);
  if (!found.length) return text;
  let out = "";
  let from = 0;
  for (const m of found) {
    out += text.slice(from, m.start) + PII_PLACEHOLDERS[m.type];
    from = m.end;
  }
  return out + text.slice(from);
}
