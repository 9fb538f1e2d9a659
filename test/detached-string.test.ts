import { describe, expect, it } from "vitest";
import { detachedCopy } from "../src/base/detached-string.js";

describe("detachedCopy", () => {
  it("copies every code unit: ASCII, other scripts, emoji, quotes and escapes, a lone surrogate", () => {
    const line = JSON.stringify({ instruction: "Say \"hi\"\n\ttwice, naïve café — 東京 🚀 \\ end", other: "x".repeat(5000) });
    const parsed = (JSON.parse(line) as { instruction: string }).instruction;
    for (const s of [parsed, parsed.slice(3, 30), "", "a", "\ud800 lone", "tail \udfff", "\u0000\u001f"]) {
      const copy = detachedCopy(s);
      expect(copy).toBe(s);
      expect(Array.from({ length: copy.length }, (_, i) => copy.charCodeAt(i))).toEqual(Array.from({ length: s.length }, (_, i) => s.charCodeAt(i)));
    }
  });
});
