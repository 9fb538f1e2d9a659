import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDataset } from "../src/io/dataset-reader.js";
import { readAll, tempDir, writeJsonl } from "./io-fixtures.js";

async function layoutOf(rows: unknown[], options = {}) {
  const dir = tempDir();
  const r = await readAll(writeJsonl(join(dir, "d.jsonl"), rows), options);
  return r;
}

describe("layout detection", () => {
  it("the card's pairs and conversation.messages rows mixed in one file", async () => {
    const rows = [
      { instruction: "What is 2+2?", response: "4." },
      {
        conversation: {
          messages: [
            { role: "user", content: "Name a prime." },
            { role: "assistant", content: "7." },
            { role: "user", content: "Another?" },
            { role: "assistant", content: "11." },
          ],
        },
      },
      { instruction: "Spell cat.", response: "C-A-T." },
    ];
    const r = await layoutOf(rows);
    expect(r.dataset.layout.name).toBe("card|card");
    expect(r.rejects).toEqual([]);
    expect(r.instruction).toEqual(["What is 2+2?", "Name a prime.\n\nAnother?", "Spell cat."]);
    expect(r.response).toEqual(["4.", "7.\n\n11.", "C-A-T."]);
    expect(r.turns).toEqual([2, 4, 2]);
    expect(r.multiTurn).toEqual([0, 1, 0]);
    expect(r.roles[1]).toEqual(["user", "assistant", "user", "assistant"]);
    // Original columns pass through unchanged: the pair rows have a null conversation and vice versa.
    expect(r.rows[1]!.conversation).toEqual(rows[1]!.conversation);
    expect(r.rows[1]!.instruction).toBeNull();
    expect(r.rows[0]!.conversation).toBeNull();
  });

  it("Alpaca: a non-empty input joins the instruction after a blank line", async () => {
    const r = await layoutOf([
      { instruction: "Translate to German.", input: "Good morning", output: "Guten Morgen" },
      { instruction: "Name a colour.", input: "", output: "Blue" },
    ]);
    expect(r.dataset.layout.name).toBe("alpaca");
    expect(r.instruction).toEqual(["Translate to German.\n\nGood morning", "Name a colour."]);
    expect(r.response).toEqual(["Guten Morgen", "Blue"]);
    expect(r.rows[0]).toMatchObject({ instruction: "Translate to German.", input: "Good morning", output: "Guten Morgen" });
  });

  it("Dolly: the context joins the instruction; category passes through", async () => {
    const r = await layoutOf([
      { instruction: "Who wrote it?", context: "The novel was written by Jane Doe in 1901.", response: "Jane Doe.", category: "closed_qa" },
      { instruction: "Give a fruit.", context: "", response: "Pear.", category: "brainstorming" },
    ]);
    expect(r.dataset.layout.name).toBe("dolly");
    expect(r.instruction).toEqual(["Who wrote it?\n\nThe novel was written by Jane Doe in 1901.", "Give a fruit."]);
    expect(r.rows.map((x) => x.category)).toEqual(["closed_qa", "brainstorming"]);
    expect(r.rows[0]!.context).toBe("The novel was written by Jane Doe in 1901.");
  });

  it("OpenAI messages: system and tool roles are kept as turns, content parts become text", async () => {
    const r = await layoutOf([
      {
        messages: [
          { role: "system", content: "You are terse." },
          { role: "user", content: [{ type: "text", text: "Weather in Oslo?" }, { type: "image_url", image_url: { url: "x" } }] },
          { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "weather", arguments: "{}" } }] },
          { role: "tool", content: "rain, 6°C" },
          { role: "assistant", content: "Rainy, 6 °C." },
        ],
      },
    ]);
    expect(r.dataset.layout.name).toBe("openai-messages");
    expect(r.rejects).toEqual([]);
    expect(r.roles[0]).toEqual(["system", "user", "assistant", "tool", "assistant"]);
    expect(r.instruction).toEqual(["Weather in Oslo?"]);
    // The tool-call turn has no text: it stays a turn but adds nothing to the response.
    expect(r.response).toEqual(["Rainy, 6 °C."]);
    expect(r.turns).toEqual([5]);
    expect(r.multiTurn).toEqual([1]);
  });

  it("ShareGPT: conversations[{from, value}] with human/gpt/system", async () => {
    const r = await layoutOf([
      {
        id: "sg-1",
        conversations: [
          { from: "system", value: "Be kind." },
          { from: "human", value: "Hi!" },
          { from: "gpt", value: "Hello, how can I help?" },
        ],
      },
    ]);
    expect(r.dataset.layout.name).toBe("sharegpt");
    expect(r.roles[0]).toEqual(["system", "user", "assistant"]);
    expect(r.instruction).toEqual(["Hi!"]);
    expect(r.response).toEqual(["Hello, how can I help?"]);
    // The input's own id column is the row id.
    expect(r.ids).toEqual(["sg-1"]);
    expect(r.dataset.idAdded).toBe(false);
  });

  it("self-instruct seeds: instruction plus instances[0].input, response from instances[0].output", async () => {
    const r = await layoutOf([
      { id: "seed_0", name: "t", instruction: "Sort the words.", instances: [{ input: "pear apple", output: "apple pear" }], is_classification: false },
      { id: "seed_1", name: "u", instruction: "Tell a fact.", instances: [{ input: "", output: "Water boils at 100 °C at sea level." }], is_classification: false },
    ]);
    // Self-instruct first; a plain instruction-only pair is the fallback for rows without instances.
    expect(r.dataset.layout.name).toBe("self-instruct|pair");
    expect(r.instruction).toEqual(["Sort the words.\n\npear apple", "Tell a fact."]);
    expect(r.response).toEqual(["apple pear", "Water boils at 100 °C at sea level."]);
    expect(r.ids).toEqual(["seed_0", "seed_1"]);
  });

  it("hh-rlhf transcripts: Human/Assistant turns out of the chosen text", async () => {
    const r = await layoutOf([
      { chosen: "\n\nHuman: Is it cold?\n\nAssistant: Yes, wear a coat.\n\nHuman: Thanks\n\nAssistant: Anytime.", rejected: "\n\nHuman: Is it cold?\n\nAssistant: No." },
    ]);
    expect(r.dataset.layout.name).toBe("hh-rlhf");
    expect(r.roles[0]).toEqual(["user", "assistant", "user", "assistant"]);
    expect(r.instruction).toEqual(["Is it cold?\n\nThanks"]);
    expect(r.response).toEqual(["Yes, wear a coat.\n\nAnytime."]);
    expect(r.rows[0]!.rejected).toBe("\n\nHuman: Is it cold?\n\nAssistant: No.");
  });

  it("a row with an instruction and an empty response is scored, not rejected", async () => {
    const r = await layoutOf([
      { instruction: "Unanswered question?", response: "" },
      { instruction: "Missing response field" },
      { instruction: "Null response", response: null },
    ]);
    expect(r.rejects).toEqual([]);
    expect(r.response).toEqual(["", "", ""]);
    expect(r.turns).toEqual([1, 1, 1]);
  });

  it("fails, listing the fields seen and the flags to use, when no layout matches", async () => {
    const dir = tempDir();
    const file = writeJsonl(join(dir, "odd.jsonl"), [{ title: "a", summary: "b" }]);
    await expect(openDataset(file)).rejects.toThrow(/fields seen: title, summary.*--instruction-field and --response-field, or --messages-field/s);
  });
});

describe("layout overrides", () => {
  const rows = [
    { meta: { q: "Capital of Peru?", a: "Lima." }, question: "ignored", answer: "ignored", chat: { turns: [{ role: "user", content: "u" }, { role: "assistant", content: "a" }] } },
    { meta: { q: "Capital of Chile?", a: "Santiago." }, question: "ignored", answer: "ignored", chat: { turns: [{ from: "human", value: "u2" }, { from: "gpt", value: "a2" }] } },
  ];

  it("--instruction-field and --response-field with dotted paths win over detection", async () => {
    const r = await layoutOf(rows, { instructionField: "meta.q", responseField: "meta.a" });
    expect(r.dataset.layout.name).toBe("custom");
    expect(r.instruction).toEqual(["Capital of Peru?", "Capital of Chile?"]);
    expect(r.response).toEqual(["Lima.", "Santiago."]);
  });

  it("detection alone picks question/answer", async () => {
    const r = await layoutOf(rows);
    expect(r.instruction).toEqual(["ignored", "ignored"]);
  });

  it("--response-field alone keeps the detected instruction field", async () => {
    const r = await layoutOf(rows, { responseField: "meta.a" });
    expect(r.instruction).toEqual(["ignored", "ignored"]);
    expect(r.response).toEqual(["Lima.", "Santiago."]);
  });

  it("--messages-field with a dotted path reads {role, content} and {from, value} messages", async () => {
    const r = await layoutOf(rows, { messagesField: "chat.turns" });
    expect(r.instruction).toEqual(["u", "u2"]);
    expect(r.response).toEqual(["a", "a2"]);
    expect(r.multiTurn).toEqual([1, 1]);
  });

  it("a field of the wrong type under an override is a reject, not a crash", async () => {
    const r = await layoutOf([{ q: "fine", a: "ok" }, { q: ["not", "a", "string"], a: "ok" }], { instructionField: "q", responseField: "a" });
    expect(r.response).toEqual(["ok"]);
    expect(r.rejects).toHaveLength(1);
    expect(r.rejects[0]!.reason).toMatch(/field 'q' is an array, expected a string/);
  });
});
