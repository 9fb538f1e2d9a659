/**
 * The canonical text view of a batch of rows: what every scorer reads.
 *
 * Readers build it once per batch from whatever layout the input has (the card's own
 * fields, Alpaca, Dolly, OpenAI messages, ShareGPT …), so scorers never look at the
 * original columns and never parse nested values again. Plain arrays and typed arrays
 * only: a view can be handed to a worker thread cheaply.
 */
export interface TextView {
  /** Number of rows. */
  readonly length: number;
  /** Stable row id: the input's id column, else `<file name>:<row number>`. */
  readonly id: string[];
  /** Instruction text: for a conversation, the user turns joined with a blank line. */
  readonly instruction: string[];
  /** Response text: for a conversation, the assistant turns joined with a blank line. */
  readonly response: string[];
  /** Number of messages in the row (a single instruction/response pair counts 2). */
  readonly turns: Int32Array;
  /** 1 when the row came from a messages/conversations layout, else 0. */
  readonly multiTurn: Uint8Array;
  /**
   * Every message's text, flattened. Row i owns turnText[turnOffsets[i] .. turnOffsets[i+1]).
   * For instruction/response rows: [instruction, response] (response omitted when empty).
   */
  readonly turnText: string[];
  /** The role of each flattened message: "system" | "user" | "assistant" | "tool" | other. */
  readonly turnRole: string[];
  /** Length `length + 1`. */
  readonly turnOffsets: Int32Array;
}

/** The text of the first user turn of row i (the instruction for pair rows). */
export function firstUserTurn(view: TextView, row: number): string {
  for (let t = view.turnOffsets[row]!; t < view.turnOffsets[row + 1]!; t++) {
    if (view.turnRole[t] === "user") return view.turnText[t]!;
  }
  return view.instruction[row]!;
}
