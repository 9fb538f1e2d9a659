import { cardIssuerKnown, ibanValid, luhnValid } from "./checksums.js";

/**
 * Personal data and secrets in a text, found by their formats (prefixes, lengths, grouping,
 * check digits), never by guessing from context alone. Each kind below says what counts; a
 * look-alike that fails its format is not reported, because in SFT data (code, maths,
 * tables, version strings) look-alikes far outnumber real personal data.
 *
 * Personal data:
 * - `email`: local@domain with a top-level domain of two letters or a common generic one
 *   (com, org, net, io, dev …); the reserved example domains (example.com/.org/.net,
 *   *.example, *.test, *.invalid, *.localhost) are placeholders, not addresses.
 * - `phone`: "+" and a country code with 8 to 15 digits in all, grouped by single spaces,
 *   dots, dashes or a parenthesised area code (+44 20 7946 0958, +1 (415) 555-2671), or
 *   written solid (E.164, +14155552671: then 10 to 15 digits); the North American
 *   (NNN) NNN-NNNN (area code and exchange starting 2–9), NNN-NNN-NNNN (dashes: a format
 *   nothing else uses, so any digits, 123-456-7890 included) and NNN.NNN.NNNN (area code and
 *   exchange starting 2–9).
 *   National formats without "+" ("020 7946 0958") are not read: they cannot be told from
 *   other numbers.
 * - `ipv4`: four decimal octets 0–255 without leading zeros, not inside a longer dotted
 *   number, not after "version", "ver", "release" or "v" and not before "release",
 *   "version", "update" or "build" (1.2.3.4 as a version); the "this network" block (0/8,
 *   where versions such as 0.11.0.0 fall), loopback (127/8) and netmasks (255.255.x.x) are
 *   not anyone's address.
 * - `ipv6`: eight groups of 1–4 hex digits, or fewer around one "::" (an IPv4 tail allowed),
 *   with a digit, and with at least three groups or a 4-digit first group (fe80::1): so C++
 *   "std::max" or Python "a[1::2]" are not addresses; "::1" and "::" are not anyone's.
 * - `credit_card`: 13 to 19 digits, solid or in groups of four (Amex 4-6-5) with one kind of
 *   separator, whose prefix and length are an issuer's (Visa, Mastercard, Amex, Discover,
 *   JCB, Diners, UnionPay, Maestro) and whose Luhn check holds.
 * - `iban`: two letters, two check digits and the account part (spaces every four allowed),
 *   at the length of that country, with the ISO 7064 mod-97 check holding.
 *
 * Secrets:
 * - `secret_aws`: an access key id (AKIA/ASIA and 16 upper-case letters or digits) or the
 *   40-character value of an `aws_secret_access_key` setting; AWS's documented example keys
 *   (ending in EXAMPLE / EXAMPLEKEY) are not secrets.
 * - `secret_azure`: the value of AccountKey= or SharedAccessKey= in a connection string.
 * - `secret_token`: API tokens of the common providers by prefix and length: GitHub
 *   (ghp_/gho_/ghu_/ghs_/ghr_ + 36, github_pat_ + 82), Slack (xoxa-/xoxb-/xoxp-/xoxr-/
 *   xoxs-), Stripe live keys (sk_live_/rk_live_), OpenAI (sk-, sk-proj- … with 32+ characters
 *   mixing upper case, lower case and digits), Google API keys (AIza + 35), Twilio API keys
 *   (SK + 32 hex), SendGrid (SG.<22>.<43>). A token body needs a digit (a random key has one;
 *   "ghp_xxxx…" placeholders do not).
 * - `private_key`: a PEM private-key block (-----BEGIN … PRIVATE KEY-----), up to its END
 *   line (or the end of the text when that is missing), holding at least 64 base64
 *   characters (a template with "..." for the body is not a key); a GCP service-account key
 *   file holds one.
 * - `url_password`: the password of scheme://user:password@host, unless it is a placeholder
 *   (password, pass, secret, changeme …, one repeated character, or $VAR, <x>, {x}, %s).
 *
 * Where two matches overlap, the first kind in PII_TYPES' priority order keeps the text
 * (a password's "pass@host.com" is no e-mail address).
 */
export const PII_TYPES = [
  "email",
  "phone",
  "ipv4",
  "ipv6",
  "credit_card",
  "iban",
  "secret_aws",
  "secret_azure",
  "secret_token",
  "private_key",
  "url_password",
] as const;

export type PiiType = (typeof PII_TYPES)[number];

/** The kinds that are secrets (credentials) rather than personal data. */
export const SECRET_TYPES: ReadonlySet<PiiType> = new Set<PiiType>(["secret_aws", "secret_azure", "secret_token", "private_key", "url_password"]);

/** One finding: its kind and the UTF-16 span [start, end) of the text it covers. */
export interface PiiMatch {
  type: PiiType;
  start: number;
  end: number;
}

/** A detector adds its candidates; `accept` keeps one unless it overlaps a kept one. */
type Accept = (type: PiiType, start: number, end: number) => void;

const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----/g;
const AWS_KEY_ID = /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g;
const AWS_SECRET = /aws_secret_access_key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi;
const AZURE_KEY = /(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{20,}={0,2})/g;
const TOKEN =
  /(?<![A-Za-z0-9_-])(?:gh[pousr]_([A-Za-z0-9]{36})|github_pat_([A-Za-z0-9_]{82})|xox[abprs]-([A-Za-z0-9]+(?:-[A-Za-z0-9]+)+)|[sr]k_live_([A-Za-z0-9]{24,99})|sk-(?:proj-|svcacct-|admin-)?([A-Za-z0-9_-]{32,200})|AIza([0-9A-Za-z_-]{35})|SK([0-9a-fA-F]{32})|SG\.([A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}))(?![A-Za-z0-9_-])/g;
const URL_CREDENTIALS = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,15}:\/\/([^\s:/@?#"'<>]+):([^\s/@?#"'<>]+)@[A-Za-z0-9[]/g;
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@((?:[A-Za-z0-9][A-Za-z0-9-]{0,62}\.)+([A-Za-z]{2,24}))(?![A-Za-z0-9-]|\.[A-Za-z0-9])/g;
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g;
const CARD = /(?<![A-Za-z0-9_.,+-])(?:\d{4}([ -])\d{4}\1\d{4}\1\d{1,4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{4,5}|\d{13,19})(?![A-Za-z0-9_]|[.,-]\d)/g;
const IPV6 = /(?<![A-Za-z0-9_:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?![A-Za-z0-9_:]|\.\d)/g;
const IPV4 = /(?<![A-Za-z0-9_.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![A-Za-z0-9_]|\.\d)/g;
const PHONE =
  /(?<![A-Za-z0-9_+)\].,-])(?:\+[1-9]\d{0,2}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,5})){1,6}|(?:\+?1[ .-]?)?\([2-9]\d{2}\) ?[2-9]\d{2}[ .-]\d{4}|\d{3}-\d{3}-\d{4}|[2-9]\d{2}\.[2-9]\d{2}\.\d{4})(?![A-Za-z0-9_]|[.,-]?\d)/g;

/** The words before an IPv4-shaped string that make it a version number. */
const VERSION_BEFORE = /(?:\bversion|\bver|\brelease|\bv)\s*[:=]?\s*$/i;
/** The words after one that do ("the 0.11.0.0 release"). */
const VERSION_AFTER = /^\s*(?:release|version|update|build)\b/i;
/** Generic top-level domains that e-mail addresses use (any two-letter one is a country's). */
const GENERIC_TLDS = new Set([
  "com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "io", "ai", "app", "dev", "me", "tech", "online", "site",
  "xyz", "email", "mail", "name", "pro", "mobi", "cloud", "company", "agency", "blog", "shop", "store", "media", "digital",
  "solutions", "services", "studio", "design", "network", "systems", "academy", "center", "group", "team", "world", "life",
  "live", "news", "space", "website", "club", "global", "law", "health", "bank", "finance", "consulting", "works", "zone",
]);
const RESERVED_EMAIL_DOMAIN = /(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid|localhost)$/i;
const PLACEHOLDER_PASSWORDS = new Set([
  "password", "pass", "passwd", "pwd", "pw", "secret", "mypassword", "yourpassword", "your_password", "your-password",
  "mypass", "changeme", "pa55word", "p4ssword", "123456", "12345678", "admin", "root", "user", "username", "token", "key",
]);

/** Every finding in `text`, in text order, no two overlapping. */
export function findPii(text: string): PiiMatch[] {
  const found: PiiMatch[] = [];
  scanPii(text, (type, start, end) => {
    for (const m of found) if (start < m.end && m.start < end) return;
    found.push({ type, start, end });
  });
  return found.sort((a, b) => a.start - b.start);
}

/**
 * Run the detectors in priority order. Each runs only when the text holds what its format
 * needs (an "@", a digit, "://", a key prefix …): most texts hold no personal data, and a
 * substring test is far cheaper than a regular expression.
 */
function scanPii(text: string, accept: Accept): void {
  if (text.length < 7) return;
  if (text.includes("-----BEGIN ")) privateKeys(text, accept);
  if (text.includes("AKIA") || text.includes("ASIA")) {
    for (const m of text.matchAll(AWS_KEY_ID)) if (!m[0].endsWith("EXAMPLE")) accept("secret_aws", m.index, m.index + m[0].length);
  }
  if (text.includes("ws_secret") || text.includes("WS_SECRET")) {
    for (const m of text.matchAll(AWS_SECRET)) {
      if (m[1]!.includes("EXAMPLE")) continue;
      const end = m.index + m[0].length;
      accept("secret_aws", end - m[1]!.length, end);
    }
  }
  if (text.includes("Key=")) {
    for (const m of text.matchAll(AZURE_KEY)) {
      if (!/\d/.test(m[1]!)) continue;
      const end = m.index + m[0].length;
      accept("secret_azure", end - m[1]!.length, end);
    }
  }
  if (mayHoldToken(text)) {
    for (const m of text.matchAll(TOKEN)) if (tokenBodyRandom(m)) accept("secret_token", m.index, m.index + m[0].length);
  }
  const at = text.includes("@");
  if (at && text.includes("://")) urlPasswords(text, accept);
  if (at) emails(text, accept);
  if (!hasDigit(text)) return;
  ibans(text, accept);
  cards(text, accept);
  if (text.includes(":")) ipv6s(text, accept);
  if (text.includes(".")) ipv4s(text, accept);
  phones(text, accept);
}

function hasDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function mayHoldToken(text: string): boolean {
  return (
    text.includes("_") || text.includes("xox") || text.includes("sk-") || text.includes("AIza") || text.includes("SK") || text.includes("SG.")
  );
}

/** A token's body (the capture that matched) holds a digit; an OpenAI key's mixes cases and digits too. */
function tokenBodyRandom(m: RegExpMatchArray): boolean {
  let body = "";
  let k = 1;
  for (; k < m.length; k++) {
    if (m[k] !== undefined) {
      body = m[k]!;
      break;
    }
  }
  if (!/\d/.test(body)) return false;
  // sk- (group 5) also starts ordinary words ("sk-learn"): a key is random base62.
  if (k === 5) return /[A-Z]/.test(body) && /[a-z]/.test(body);
  return true;
}

function privateKeys(text: string, accept: Accept): void {
  for (const m of text.matchAll(PEM_BEGIN)) {
    const endLine = text.indexOf("-----END ", m.index + m[0].length);
    let end = text.length;
    if (endLine >= 0) {
      const close = text.indexOf("-----", endLine + 9);
      end = close >= 0 ? close + 5 : text.length;
    }
    // A template ("-----BEGIN PRIVATE KEY-----\n...\n-----END …") holds no key material.
    const body = text.slice(m.index + m[0].length, endLine >= 0 ? endLine : end);
    if (countBase64(body) >= 64) accept("private_key", m.index, end);
  }
}

function countBase64(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 47 && c <= 57) || c === 43) n++;
  }
  return n;
}

function urlPasswords(text: string, accept: Accept): void {
  for (const m of text.matchAll(URL_CREDENTIALS)) {
    const password = m[2]!;
    if (passwordIsPlaceholder(password)) continue;
    // The match ends with "@" and the host's first character.
    const end = m.index + m[0].length - 2;
    accept("url_password", end - password.length, end);
  }
}

function passwordIsPlaceholder(password: string): boolean {
  if (PLACEHOLDER_PASSWORDS.has(password.toLowerCase())) return true;
  const first = password[0]!;
  if (first === "$" || first === "<" || first === "{" || first === "%" || first === "[" || first === "*") return true;
  for (let i = 1; i < password.length; i++) if (password[i] !== first) return false;
  return true;
}

function emails(text: string, accept: Accept): void {
  for (const m of text.matchAll(EMAIL)) {
    const domain = m[1]!;
    const tld = m[2]!.toLowerCase();
    if (tld.length !== 2 && !GENERIC_TLDS.has(tld)) continue;
    if (RESERVED_EMAIL_DOMAIN.test(domain)) continue;
    accept("email", m.index, m.index + m[0].length);
  }
}

function ibans(text: string, accept: Accept): void {
  for (const m of text.matchAll(IBAN)) {
    const s = m[0];
    const compact = s.replace(/ /g, "");
    // The greedy match may run into a following word of capitals: try the country's length too.
    for (const take of [compact.length, ibanPrefixLength(compact)]) {
      if (take > 0 && ibanValid(compact.slice(0, take))) {
        accept("iban", m.index, m.index + spanOfChars(s, take));
        break;
      }
    }
  }
}

/** The IBAN length of a candidate's country when it is shorter than the candidate, else 0. */
function ibanPrefixLength(compact: string): number {
  for (let take = compact.length - 1; take >= 15; take--) if (ibanValid(compact.slice(0, take))) return take;
  return 0;
}

/** Characters of `s` that hold its first `count` non-space characters. */
function spanOfChars(s: string, count: number): number {
  let seen = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== " ") seen++;
    if (seen === count) return i + 1;
  }
  return s.length;
}

function cards(text: string, accept: Accept): void {
  for (const m of text.matchAll(CARD)) {
    const digits = m[0].replace(/[ -]/g, "");
    if (digits.length < 13 || digits.length > 19) continue;
    if (cardIssuerKnown(digits) && luhnValid(digits)) accept("credit_card", m.index, m.index + m[0].length);
  }
}

function ipv6s(text: string, accept: Accept): void {
  for (const m of text.matchAll(IPV6)) if (ipv6Valid(m[0])) accept("ipv6", m.index, m.index + m[0].length);
}

/** Whether `s` is an IPv6 address that names a host (see the module comment). */
export function ipv6Valid(s: string): boolean {
  if (!/\d/.test(s)) return false;
  const halves = s.split("::");
  if (halves.length > 2) return false;
  const groupsOf = (part: string): string[] => (part === "" ? [] : part.split(":"));
  const groups = halves.flatMap(groupsOf);
  let count = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (i === groups.length - 1 && g.includes(".")) {
      if (!ipv4Octets(g)) return false;
      count += 2;
    } else if (/^[0-9A-Fa-f]{1,4}$/.test(g)) count++;
    else return false;
  }
  if (halves.length === 1) return count === 8;
  if (count > 7) return false;
  return groups.length >= 3 || (groups.length >= 1 && halves[0]!.split(":")[0]!.length === 4);
}

function ipv4Octets(s: string): boolean {
  return /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(s);
}

function ipv4s(text: string, accept: Accept): void {
  for (const m of text.matchAll(IPV4)) {
    const ip = m[0];
    if (ip.startsWith("0.") || ip.startsWith("127.") || ip.startsWith("255.255.")) continue;
    if (VERSION_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    if (VERSION_AFTER.test(text.slice(m.index + ip.length, m.index + ip.length + 12))) continue;
    accept("ipv4", m.index, m.index + ip.length);
  }
}

function phones(text: string, accept: Accept): void {
  for (const m of text.matchAll(PHONE)) {
    const s = m[0];
    let digits = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 48 && c <= 57) digits++;
    }
    if (s[0] === "+") {
      const solid = !/[ .()-]/.test(s);
      if (digits > 15 || digits < (solid ? 10 : 8)) continue;
      if (solid && /0{6}$/.test(s)) continue; // +1000000000 is a number, not a subscriber
    }
    accept("phone", m.index, m.index + s.length);
  }
}
