import type { TextView } from "../src/core/text-view.js";

/** A TextView over rows given as message lists (for the toxicity suites). */
export function viewOfConversations(rows: Array<Array<{ role: string; content: string }>>): TextView {
  const turnText: string[] = [];
  const turnRole: string[] = [];
  const turnOffsets = new Int32Array(rows.length + 1);
  rows.forEach((messages, i) => {
    for (const m of messages) {
      turnText.push(m.content);
      turnRole.push(m.role);
    }
    turnOffsets[i + 1] = turnText.length;
  });
  const join = (messages: Array<{ role: string; content: string }>, role: string): string =>
    messages.filter((m) => m.role === role).map((m) => m.content).join("\n\n");
  return {
    length: rows.length,
    id: rows.map((_, i) => `test:${i}`),
    instruction: rows.map((m) => join(m, "user")),
    response: rows.map((m) => join(m, "assistant")),
    turns: Int32Array.from(rows, (m) => m.length),
    multiTurn: Uint8Array.from(rows, (m) => (m.length > 2 ? 1 : 0)),
    turnText,
    turnRole,
    turnOffsets,
  };
}

/** A TextView of instruction/response pairs. */
export function viewOfPairs(pairs: Array<[string, string]>): TextView {
  return viewOfConversations(pairs.map(([q, a]) => [{ role: "user", content: q }, ...(a === "" ? [] : [{ role: "assistant", content: a }])]));
}
