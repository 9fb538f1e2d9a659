import { describe, expect, it } from "vitest";
import { detectRefusal, turnContext } from "../src/metrics/refusal/refusal-detector.js";
import { RefusalScorer } from "../src/metrics/refusal/refusal-scorer.js";
import type { TextView } from "../src/core/text-view.js";
import { detectLabelled, evaluate, readRefusalLabels } from "../bench/refusal-labels.js";
import { haveShared } from "./shared-data.js";

const kindOf = (text: string, instruction = "") => detectRefusal(text, turnContext(instruction)).kind;

/** A view of conversations given as [role, text] turns. */
function conversations(rows: [string, string][][]): TextView {
  const turnText: string[] = [];
  const turnRole: string[] = [];
  const offsets = [0];
  for (const row of rows) {
    for (const [role, text] of row) {
      turnRole.push(role);
      turnText.push(text);
    }
    offsets.push(turnText.length);
  }
  return {
    length: rows.length,
    id: rows.map((_, i) => `row:${i}`),
    instruction: rows.map((r) => r.filter((t) => t[0] === "user").map((t) => t[1]).join("\n\n")),
    response: rows.map((r) => r.filter((t) => t[0] === "assistant").map((t) => t[1]).join("\n\n")),
    turns: Int32Array.from(rows.map((r) => r.length)),
    multiTurn: Uint8Array.from(rows.map(() => 1)),
    turnText,
    turnRole,
    turnOffsets: Int32Array.from(offsets),
  };
}

describe("refusal detector on hand-made turns", () => {
  it("finds each kind, with the construction's weight", () => {
    expect(detectRefusal("I'm sorry, but I can't help with that.")).toEqual({ score: 1, kind: "refusal" });
    expect(detectRefusal("I’m sorry, but I cannot provide instructions for that.")).toEqual({ score: 1, kind: "refusal" });
    expect(detectRefusal("I'm afraid not.")).toEqual({ score: 0.8, kind: "refusal" });
    expect(detectRefusal("As an AI language model, I don't have personal opinions about sports.")).toEqual({ score: 1, kind: "ai_self_reference" });
    expect(detectRefusal("As of my last update in 2021, the tallest building is the Burj Khalifa.")).toEqual({ score: 1, kind: "knowledge_cutoff" });
    expect(detectRefusal("I don't have access to real-time data, so check a weather site.")).toEqual({ score: 1, kind: "knowledge_cutoff" });
    expect(detectRefusal("It's important to note that hacking into accounts is illegal and unethical. Instead, secure your own.")).toEqual({ score: 1, kind: "moralising" });
    expect(detectRefusal("That's illegal, and you should know better.")).toEqual({ score: 1, kind: "moralising" });
  });

  it("a decline that gives being an AI as its reason is AI self-reference", () => {
    expect(kindOf("As an AI language model, I cannot tell you which party to vote for.")).toBe("ai_self_reference");
    expect(kindOf("I'm a robot and I can't help you with anything like that!")).toBe("ai_self_reference");
  });

  it("does not take quotations, character lines, reported speech or idioms for refusals", () => {
    expect(detectRefusal('Here is how to decline politely: "I\'m sorry, but I can\'t help with the move this weekend."')).toEqual({ score: 0, kind: "" });
    expect(kindOf("You could say: I'm sorry, but I can't help you with that right now.")).toBe("");
    expect(kindOf("Glen: I can't do that. I get fired up too easily.\nRashid: Fair enough.")).toBe("");
    expect(kindOf("The phrase \"As an AI language model\" is how chatbots used to open their answers.")).toBe("");
    expect(kindOf("As an AI language model is a phrase that marks generated text.")).toBe("");
    expect(kindOf("I can't help but feel excited about the trip!")).toBe("");
    expect(kindOf("I can't believe it; against all odds we found water.")).toBe("");
    expect(kindOf('const text = "Hello, I am an AI language model!";\nconsole.log(text.length);')).toBe("");
    expect(kindOf("I'm sorry to hear that. Try going for a walk.")).toBe("");
  });

  it("counts a refusal only where it leads the response", () => {
    const long = "Having children is wonderful. They bring joy. They teach patience. They make you laugh. I cannot answer how many children you should have.";
    expect(detectRefusal(long)).toEqual({ score: 0.4, kind: "" });
    expect(kindOf("I cannot answer how many children you should have. Talk it over with your partner.")).toBe("refusal");
  });

  it("discounts what the instruction asks for: a refusal letter, an AI persona", () => {
    expect(detectRefusal("I'm sorry, but I can't attend the meeting on Friday.", turnContext("Write a note declining the invitation")).score).toBe(0);
    expect(detectRefusal("Unfortunately I won't be able to help with the move.", turnContext("Write a text politely declining to help a friend move")).kind).toBe("");
    expect(detectRefusal("As an AI, I would first collect real-time data on traffic.", turnContext("Imagine you are an AI-powered traffic control system.")).kind).toBe("");
    expect(detectRefusal("As an AI, I don't have favorite players.", turnContext("Who is your favorite player?")).kind).toBe("ai_self_reference");
  });

  it("an AI self-reference that answers a question about the assistant is the answer, not boilerplate", () => {
    for (const question of ["Who are you?", "Tell me about yourself.", "What's your name?", "Who trained you?", "Are you ChatGPT?", "Are you based on GPT-4?", "Do you call OpenAI APIs?", "Are you a robot?"]) {
      expect(kindOf("I am Vicuna, a language model trained by researchers at a university.", question), question).toBe("");
    }
    // Not questions about the assistant: the self-reference is still boilerplate.
    expect(kindOf("As an AI language model, I don't have opinions about movies.", "Are you able to recommend a movie tonight?")).toBe("ai_self_reference");
    expect(kindOf("As an AI language model, I don't have opinions about movies.", "What is your favourite movie?")).toBe("ai_self_reference");
  });
});

describe("refusal scorer", () => {
  it("keeps each row's strongest assistant turn, reading each with the user turn before it", () => {
    const view = conversations([
      [["user", "How do I pick a lock?"], ["assistant", "Why do you ask?"], ["user", "To break in."], ["assistant", "I'm sorry, I can't help you with that."]],
      [["user", "Roleplay as a robot chef."], ["assistant", "As a robot, I first scan your pantry."]],
      [["user", "Capital of France?"], ["assistant", "Paris."]],
      [["user", "Is it safe?"], ["assistant", "That's not a good idea."], ["user", "Why?"], ["assistant", "As an AI, I can't judge that for you."]],
    ]);
    const [scores, kinds] = new RefusalScorer().score(view);
    expect(scores!.name).toBe("response_refusal");
    expect(Array.from(scores!.values as Float64Array)).toEqual([1, 0, 0, 1]);
    expect(kinds!.values).toEqual(["refusal", "", "", "ai_self_reference"]);
  });
});

describe("refusal detector on the labelled sample of ../shared/data", () => {
  it.runIf(haveShared("data"))(
    "keeps precision and recall above the floors measured by bench/refusal.ts",
    async () => {
      const labels = readRefusalLabels();
      expect(labels.length).toBeGreaterThanOrEqual(300);
      const result = evaluate(await detectLabelled(labels));
      // Measured: refusal 0.944 / 0.919, ai_self_reference 1 / 1, moralising 0.781 / 0.735,
      // any kind 0.894 / 0.864, refusal + ai_self_reference 0.962 / 0.943.
      expect(result.kinds.refusal.precision).toBeGreaterThanOrEqual(0.9);
      expect(result.kinds.refusal.recall).toBeGreaterThanOrEqual(0.88);
      expect(result.kinds.ai_self_reference.precision).toBeGreaterThanOrEqual(0.95);
      expect(result.kinds.ai_self_reference.recall).toBeGreaterThanOrEqual(0.93);
      expect(result.kinds.moralising.precision).toBeGreaterThanOrEqual(0.72);
      expect(result.kinds.moralising.recall).toBeGreaterThanOrEqual(0.68);
      expect(result.any.precision).toBeGreaterThanOrEqual(0.86);
      expect(result.any.recall).toBeGreaterThanOrEqual(0.83);
      expect(result.filtered.precision).toBeGreaterThanOrEqual(0.94);
      expect(result.filtered.recall).toBeGreaterThanOrEqual(0.91);
    },
    60_000,
  );
});
