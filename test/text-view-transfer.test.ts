import { describe, expect, it } from "vitest";
import { openDataset, textView } from "../src/io/dataset-reader.js";
import type { CanonicalRow } from "../src/io/layout.js";
import { encodeUtf8Strings } from "../src/io/utf8-strings.js";
import { EMPTY_VIEW } from "../src/pipeline/run-scorers.js";
import { packTextView, unpackTextView } from "../src/pipeline/text-view-transfer.js";
import type { TextView } from "../src/core/text-view.js";

/** A view as plain data, typed arrays as arrays, for deep comparison. */
function plain(v: TextView): unknown {
  return { ...v, turns: [...v.turns], multiTurn: [...v.multiTurn], turnOffsets: [...v.turnOffsets] };
}

const pair = (instruction: string, response: string): CanonicalRow => ({
  instruction,
  response,
  turns: response ? [{ role: "user", content: instruction }, { role: "assistant", content: response }] : [{ role: "user", content: instruction }],
  multiTurn: false,
});

describe("encodeUtf8Strings", () => {
  it("gives exact-size UTF-8 bytes and offsets, nulls in a bitmap", () => {
    const values = ["añb", null, "", "日本", "😀", undefined, "x"];
    const s = encodeUtf8Strings(values);
    expect([...s.offsets]).toEqual([0, 4, 4, 4, 10, 14, 14, 15]);
    expect(s.bytes.byteLength).toBe(15);
    expect(s.bytes.buffer.byteLength).toBe(15); // its own buffer, not a slice of a pool
    expect(Buffer.from(s.bytes).toString("utf8")).toBe("añb日本😀x");
    expect(s.nullCount).toBe(2);
    expect([...s.nullBitmap!]).toEqual([0b1011101]);
    expect(encodeUtf8Strings(["a", "b"]).nullBitmap).toBeUndefined();
  });
});

describe("packTextView / unpackTextView", () => {
  it("round-trips the example dataset's views exactly", async () => {
    const ds = await openDataset(new URL("../examples/sample.jsonl", import.meta.url).pathname, { batchSize: 7 });
    let batches = 0;
    for await (const sb of ds.batches()) {
      expect(plain(unpackTextView(packTextView(sb.view).packed))).toEqual(plain(sb.view));
      batches++;
    }
    expect(batches).toBeGreaterThan(1);
  });

  it("round-trips pairs, conversations, empty responses and non-ASCII text", () => {
    const rows: CanonicalRow[] = [
      pair("Explain zstd.", "A fast compressor — «très» rapide 😀."),
      pair("Only an instruction", ""),
      {
        instruction: "Hi\n\nAnd then?",
        response: "Hello\n\nThe end.",
        turns: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Hi" },
          { role: "assistant", content: "Hello" },
          { role: "user", content: "And then?" },
          { role: "assistant", content: "The end." },
        ],
        multiTurn: true,
      },
      { instruction: "Q", response: "A", turns: [{ role: "user", content: "Q" }, { role: "assistant", content: "A" }], multiTurn: true },
      // A response turn that differs from the response field must travel as its own text.
      { instruction: "Q", response: "A", turns: [{ role: "user", content: "Q" }, { role: "tool", content: "B" }], multiTurn: true },
    ];
    const view = textView(["a", "b", "c", "d", "é"], rows);
    const { packed, transfer } = packTextView(view);
    expect([...packed.pairTurns]).toEqual([1, 1, 0, 1, 0]);
    expect(Buffer.from(packed.otherTurnText.bytes).toString("utf8")).toBe("Be brief.HiHelloAnd then?The end.QB");
    expect(new Set(transfer).size).toBe(transfer.length);
    const back = unpackTextView(structuredClone(packed, { transfer }));
    expect(plain(back)).toEqual(plain(view));
    // Pair turns are the instruction/response strings themselves, not second copies.
    expect(back.turnText[back.turnOffsets[0]!]).toBe(back.instruction[0]);
  });

  it("packs pair rows without encoding their text twice", () => {
    const text = "word ".repeat(200);
    const view = textView(["1", "2"], [pair(text, text), pair(text, "")]);
    const { packed } = packTextView(view);
    expect(packed.otherTurnText.bytes.byteLength).toBe(0);
    expect(packed.instruction.bytes.byteLength + packed.response.bytes.byteLength).toBe(3 * text.length);
  });

  it("round-trips the empty view", () => {
    expect(plain(unpackTextView(packTextView(EMPTY_VIEW).packed))).toEqual(plain(EMPTY_VIEW));
  });
});
