import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TextView } from "../src/core/text-view.js";
import { resolveFilterConfig } from "../src/filters/filter-config.js";
import { openDataset } from "../src/io/dataset-reader.js";
import { cardIssuerKnown, ibanValid, luhnValid } from "../src/metrics/pii/checksums.js";
import { findPii, ipv6Valid } from "../src/metrics/pii/pii-detector.js";
import { PiiScorer, rowPii } from "../src/metrics/pii/pii-scorer.js";
import { redactPii } from "../src/metrics/pii/redact-pii.js";
import { runPipeline } from "../src/pipeline/run-pipeline.js";
import { readJsonl, tempDir, writeJsonl } from "./io-fixtures.js";
import { haveShared, sharedPath } from "./shared-data.js";

/** The findings of a text as [kind, matched text] pairs. */
const hits = (text: string) => findPii(text).map((m) => [m.type, text.slice(m.start, m.end)]);

const KEY_BODY =
  "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvuNMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s";
const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${KEY_BODY}\n-----END RSA PRIVATE KEY-----`;

describe("checksums", () => {
  it("Luhn, IBAN mod 97 and issuer prefixes", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("79927398713")).toBe(true);
    expect(ibanValid("GB82WEST12345698765432")).toBe(true);
    expect(ibanValid("GB82WEST12345698765433")).toBe(false);
    expect(ibanValid("DE89370400440532013000")).toBe(true);
    expect(ibanValid("DE8937040044053201300")).toBe(false); // one digit short for Germany
    expect(ibanValid("ZZ82WEST12345698765432")).toBe(false);
    expect(cardIssuerKnown("4111111111111111")).toBe(true);
    expect(cardIssuerKnown("378282246310005")).toBe(true);
    expect(cardIssuerKnown("3782822463100050")).toBe(false); // Amex has 15 digits
    expect(cardIssuerKnown("1234567812345670")).toBe(false);
  });

  it("IPv6 needs a digit and three groups or a 4-digit first group", () => {
    expect(ipv6Valid("2001:db8::8a2e:370:7334")).toBe(true);
    expect(ipv6Valid("2001:0db8:85a3:0000:0000:8a2e:0370:7334")).toBe(true);
    expect(ipv6Valid("::ffff:192.0.2.128")).toBe(false); // two groups, the first empty
    expect(ipv6Valid("64:ff9b::192.0.2.33")).toBe(true);
    expect(ipv6Valid("fe80::1")).toBe(true);
    expect(ipv6Valid("::1")).toBe(false);
    expect(ipv6Valid("1::2")).toBe(false);
    expect(ipv6Valid("12:30:45")).toBe(false);
    expect(ipv6Valid("1:2:3:4:5:6:7:8:9")).toBe(false);
    expect(ipv6Valid("dead::beef:cafe")).toBe(false);
  });
});

describe("findPii on hand-made texts", () => {
  it("e-mail addresses, not the reserved example domains", () => {
    expect(hits("Mail me at jane.doe@acme-corp.co.uk or admin@example.com.")).toEqual([["email", "jane.doe@acme-corp.co.uk"]]);
    expect(hits("git x@self.weights, @app.route('/'), user@localhost, a@b.test")).toEqual([]);
  });

  it("phone numbers in international and North American formats; not dates, ISBNs, versions or long numbers", () => {
    expect(hits("Call +44 20 7946 0958, (415) 555-2671, +14155552671 or 415-555-2671.")).toEqual([
      ["phone", "+44 20 7946 0958"],
      ["phone", "(415) 555-2671"],
      ["phone", "+14155552671"],
      ["phone", "415-555-2671"],
    ]);
    expect(hits("Dates 2023-01-15, ISBN 978-3-16-148410-0, id 1234567890123, pi 3.14159, +100000000, 10:30:45, 2+3=5.")).toEqual([]);
  });

  it("IP addresses; not versions, loopback or C++/Python syntax", () => {
    const text = "Server 192.168.1.20 and 2001:db8::8a2e:370:7334 and fe80::1; not version 1.2.3.4, v1.2.3.4, 127.0.0.1, ::1, std::vector, a[1::2], the 0.11.0.0 release, 1.2.3.4.5.";
    expect(hits(text)).toEqual([
      ["ipv4", "192.168.1.20"],
      ["ipv6", "2001:db8::8a2e:370:7334"],
      ["ipv6", "fe80::1"],
    ]);
    expect(hits("Kafka 2.8.1.0 release notes")).toEqual([]);
  });

  it("card numbers with a valid Luhn check and issuer, and IBANs with a valid mod 97", () => {
    expect(hits("Cards 4111 1111 1111 1111, 378282246310005, 5555-5555-5555-4444; bad 4111 1111 1111 1112, 4111-1111 1111-1111.")).toEqual([
      ["credit_card", "4111 1111 1111 1111"],
      ["credit_card", "378282246310005"],
      ["credit_card", "5555-5555-5555-4444"],
    ]);
    expect(hits("IBAN GB82 WEST 1234 5698 7654 32 and DE89370400440532013000; bad GB82 WEST 1234 5698 7654 33.")).toEqual([
      ["iban", "GB82 WEST 1234 5698 7654 32"],
      ["iban", "DE89370400440532013000"],
    ]);
  });

  it("cloud keys and provider tokens by prefix and length; not documented examples or placeholders", () => {
    const text = [
      "AKIA2E0A8F3B244C9986",
      "AKIAIOSFODNN7EXAMPLE",
      "ghp_1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVwXyZ",
      "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c",
      "sk-learn-contrib-imbalanced-learn-package",
      "AIzaSyD3xamp1eKeyV4lue0123456789abcdEFG",
      "SK0123456789abcdef0123456789abcdef",
      "SG.abcdefghij0123456789AB.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
      "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
      "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
      "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "aws_secret_access_key=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo",
    ].join(" ");
    expect(hits(text)).toEqual([
      ["secret_aws", "AKIA2E0A8F3B244C9986"],
      ["secret_token", "ghp_1a2B3c4D5e6F7g8H9i0JkLmNoPqRsTuVwXyZ"],
      ["secret_token", "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c"],
      ["secret_token", "AIzaSyD3xamp1eKeyV4lue0123456789abcdEFG"],
      ["secret_token", "SK0123456789abcdef0123456789abcdef"],
      ["secret_token", "SG.abcdefghij0123456789AB.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"],
      ["secret_token", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"],
      ["secret_token", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"],
      ["secret_aws", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdo"],
    ]);
    expect(hits("api_key = 'YOUR_API_KEY'; token = 'your_token_here'")).toEqual([]);
  });

  it("Azure account keys, PEM private keys (not templates) and passwords in URLs (not placeholders)", () => {
    const azure = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;EndpointSuffix=core.windows.net";
    expect(hits(azure)).toEqual([["secret_azure", "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="]]);
    expect(hits(`key:\n${PEM}\ntemplate: -----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----`)).toEqual([["private_key", PEM]]);
    // A GCP service-account file holds its key with JSON escapes.
    const gcp = JSON.stringify({ type: "service_account", private_key: `-----BEGIN PRIVATE KEY-----\n${KEY_BODY}\n-----END PRIVATE KEY-----\n` });
    expect(findPii(gcp).map((m) => m.type)).toEqual(["private_key"]);
    expect(hits("postgres://admin:s3cr3tPw@db.internal:5432/app and postgres://user:password@localhost/db, redis://:${REDIS_PASS}@cache")).toEqual([
      ["url_password", "s3cr3tPw"],
    ]);
  });
});

describe("redactPii", () => {
  it("replaces each finding with its typed placeholder and leaves the rest", () => {
    expect(redactPii("Mail jane.doe@acme-corp.co.uk or call +44 20 7946 0958 from 192.168.1.20.")).toBe("Mail <EMAIL> or call <PHONE> from <IP>.");
    expect(redactPii("Card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32.")).toBe("Card <CREDIT_CARD>, IBAN <IBAN>.");
    expect(redactPii("DB postgres://admin:s3cr3tPw@db.internal/app, key AKIA2E0A8F3B244C9986")).toBe("DB postgres://admin:<SECRET>@db.internal/app, key <SECRET>");
    expect(redactPii(`a\n${PEM}\nb`)).toBe("a\n<PRIVATE_KEY>\nb");
    const clean = "Nothing here: version 1.2.3.4, 2023-01-15.";
    expect(redactPii(clean)).toBe(clean);
  });
});

/** A view of pair rows and one conversation. */
function view(): TextView {
  const turnText = ["Mail me at jane.doe@acme-corp.co.uk", "Done: key AKIA2E0A8F3B244C9986", "Just prose.", "Sure.", "sys: call +14155552671", "hi from 192.168.1.20", "ok jane.doe@acme-corp.co.uk"];
  return {
    length: 3,
    id: ["a", "b", "c"],
    instruction: ["Mail me at jane.doe@acme-corp.co.uk", "Just prose.", "hi from 192.168.1.20"],
    response: ["Done: key AKIA2E0A8F3B244C9986", "Sure.", "ok jane.doe@acme-corp.co.uk"],
    turns: Int32Array.from([2, 2, 3]),
    multiTurn: Uint8Array.from([0, 0, 1]),
    turnText,
    turnRole: ["user", "assistant", "user", "assistant", "system", "user", "assistant"],
    turnOffsets: Int32Array.from([0, 2, 4, 7]),
  };
}

describe("PiiScorer", () => {
  it("counts personal data and secrets over every turn, with the sorted kinds", () => {
    const v = view();
    expect(rowPii(v, 0)).toEqual({ pii: 1, secrets: 1, types: ["email", "secret_aws"] });
    expect(rowPii(v, 1)).toEqual({ pii: 0, secrets: 0, types: [] });
    // The system turn counts too.
    expect(rowPii(v, 2)).toEqual({ pii: 3, secrets: 0, types: ["email", "ipv4", "phone"] });
    const cols = new PiiScorer().score(v);
    expect(cols.map((c) => c.name)).toEqual(["pii_count", "secret_count", "pii_types"]);
    expect(Array.from(cols[0]!.values as Int32Array)).toEqual([1, 0, 3]);
    expect(Array.from(cols[1]!.values as Int32Array)).toEqual([1, 0, 0]);
    expect(cols[2]!.values).toEqual([["email", "secret_aws"], [], ["email", "ipv4", "phone"]]);
  });
});

describe("pii filter config", () => {
  it("the default preset removes rows with a secret and only counts personal data", () => {
    expect(resolveFilterConfig().filters.find((f) => f.kind === "pii")).toEqual({ kind: "pii", max_secrets: 0, redact: false });
    expect(resolveFilterConfig({}, "card").filters.map((f) => f.kind)).not.toContain("pii");
    expect(resolveFilterConfig({ filters: { pii: { max_pii: 2, redact: true } } }, "none").filters).toEqual([{ kind: "pii", max_pii: 2, redact: true }]);
    expect(() => resolveFilterConfig({ filters: { pii: { max_secrets: -1 } } }, "none")).toThrow(/filters\.pii\.max_secrets/);
    expect(() => resolveFilterConfig({ filters: { pii: { redact: "yes" } } }, "none")).toThrow(/filters\.pii\.redact/);
  });
});

describe("--redact-pii", () => {
  it("writes the filtered and rejected splits with placeholders; the complete split, other columns and the counts stay", async () => {
    const dir = tempDir("sieve-pii-");
    const input = writeJsonl(join(dir, "in.jsonl"), [
      { id: "r1", instruction: "Write to jane.doe@acme-corp.co.uk", response: "Call +44 20 7946 0958 instead.", note: "jane.doe@acme-corp.co.uk" },
      { id: "r2", instruction: "Connect the app", response: "Use postgres://admin:s3cr3tPw@db.internal/app", note: "n" },
      { id: "r3", instruction: "Say hi", response: "Hi there, nothing personal.", note: "n" },
    ]);
    const out = join(dir, "run");
    await runPipeline(input, {
      out,
      format: "jsonl",
      workers: 0,
      quiet: true,
      preset: "none",
      readability: false,
      toxicity: "off",
      embedder: "off",
      domain: "off",
      piiMaxSecrets: 0,
      redactPii: true,
    });
    const complete = readJsonl(join(out, "complete.jsonl"));
    expect(complete.map((r) => r.response)).toEqual(["Call +44 20 7946 0958 instead.", "Use postgres://admin:s3cr3tPw@db.internal/app", "Hi there, nothing personal."]);
    const kept = readJsonl(join(out, "filtered.jsonl"));
    expect(kept.map((r) => [r.id, r.instruction, r.response, r.note, r.pii_count, r.pii_types])).toEqual([
      ["r1", "Write to <EMAIL>", "Call <PHONE> instead.", "jane.doe@acme-corp.co.uk", 2, ["email", "phone"]],
      ["r3", "Say hi", "Hi there, nothing personal.", "n", 0, []],
    ]);
    const rejected = readJsonl(join(out, "rejected.jsonl"));
    expect(rejected.map((r) => [r.id, r.response, r.secret_count, r.filter_reason])).toEqual([["r2", "Use postgres://admin:<SECRET>@db.internal/app", 1, "pii"]]);
    const stats = JSON.parse(readFileSync(join(out, "stats.json"), "utf8"));
    expect(stats.signals).toEqual([
      { column: "pii_count", flagged: 1, examples: ["r1"] },
      { column: "secret_count", flagged: 1, examples: ["r2"] },
      { column: "pii_types", flagged: 2, examples: ["r1", "r2"] },
    ].concat(stats.signals.slice(3)));
    expect(readFileSync(join(out, "stats.md"), "utf8")).toContain("| `secret_count` | 1 | 33.3% | `r2` |");
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain("<h2>Signals</h2>");
  }, 120_000);

  it("rewrites every string of a messages column", async () => {
    const dir = tempDir("sieve-pii-");
    const input = writeJsonl(join(dir, "chat.jsonl"), [
      { messages: [{ role: "user", content: "My card is 4111 1111 1111 1111" }, { role: "assistant", content: "Never share it; mail security@bank-corp.com." }] },
    ]);
    const out = join(dir, "run");
    await runPipeline(input, { out, format: "jsonl", workers: 0, quiet: true, noReport: true, preset: "none", readability: false, toxicity: "off", embedder: "off", domain: "off", redactPii: true });
    expect(readJsonl(join(out, "filtered.jsonl"))[0]!.messages).toEqual([
      { role: "user", content: "My card is <CREDIT_CARD>" },
      { role: "assistant", content: "Never share it; mail <EMAIL>." },
    ]);
    expect((readJsonl(join(out, "complete.jsonl"))[0]!.messages as Array<{ content: string }>)[0]!.content).toBe("My card is 4111 1111 1111 1111");
  }, 60_000);
});

/** Every finding of a dataset, by kind, and the rows with any. */
async function datasetHits(path: string): Promise<{ rows: number; flagged: number; byType: Record<string, number> }> {
  const byType: Record<string, number> = {};
  let rows = 0;
  let flagged = 0;
  for await (const { view: v } of (await openDataset(path)).batches()) {
    for (let r = 0; r < v.length; r++, rows++) {
      const found = rowPii(v, r);
      if (found.types.length) flagged++;
      for (let t = v.turnOffsets[r]!; t < v.turnOffsets[r + 1]!; t++) for (const m of findPii(v.turnText[t]!)) byType[m.type] = (byType[m.type] ?? 0) + 1;
    }
  }
  return { rows, flagged, byType };
}

describe("findPii on real data (every hit read: see bench/RESULTS.md)", () => {
  it("Dolly 15k: 8 rows, illustrative addresses and phone numbers; no secrets", async () => {
    if (!haveShared("data/dolly-15k/databricks-dolly-15k.jsonl")) return;
    const got = await datasetHits(sharedPath("data/dolly-15k/databricks-dolly-15k.jsonl"));
    expect(got).toEqual({ rows: 15011, flagged: 8, byType: { email: 14, phone: 3 } });
  }, 120_000);

  it("GPTeacher codegen: example addresses and IPs in code, no secrets among the API-key placeholders", async () => {
    if (!haveShared("data/gpteacher/codegen-instruct.json")) return;
    const got = await datasetHits(sharedPath("data/gpteacher/codegen-instruct.json"));
    expect(got).toEqual({ rows: 4535, flagged: 10, byType: { email: 17, ipv4: 6 } });
  }, 120_000);
});
