/**
 * Layout detection: which fields of a row hold the instruction, the response or the
 * conversation, for the common SFT layouts. The original columns are never changed; a
 * layout only says how to read the canonical view (instruction, response, turns) out of
 * a row.
 */

import { ownValue } from "./own-value.js";

/** One message of a conversation, normalised. */
export interface Turn {
  role: string;
  content: string;
}

/** The canonical view of one row. */
export interface CanonicalRow {
  instruction: string;
  response: string;
  turns: Turn[];
  multiTurn: boolean;
}

/** Field overrides from flags/options; each wins over detection. */
export interface LayoutOverrides {
  /** Field (dotted path allowed) holding the instruction. */
  instructionField?: string;
  /** Field holding the response. */
  responseField?: string;
  /** Field holding a list of messages ({role, content} or {from, value}). */
  messagesField?: string;
}

/** How to read the canonical view out of rows of one dataset. */
export interface Layout {
  /** "card", "alpaca", "dolly", "openai-messages", "sharegpt", "hh-rlhf", "custom" … */
  readonly name: string;
  /** Human description of the fields used, for logs and summaries. */
  readonly description: string;
  /**
   * The top-level columns it reads text from (the first part of a dotted path), in the
   * order above: what PII redaction rewrites in the written splits.
   */
  readonly fields?: readonly string[];
  /** The canonical view of a row, or the reason it cannot be read. */
  extract(row: Record<string, unknown>): CanonicalRow | { error: string };
}

const RESPONSE_FIELDS = ["response", "output", "answer", "completion", "chosen_response", "target"];
const CONTEXT_FIELDS = ["input", "context"];
const INSTRUCTION_FIELDS = ["instruction", "prompt", "question", "query"];
/** Single-text fields of comment, tweet and document datasets, in order of preference. */
const TEXT_FIELDS = ["text", "content", "comment_text", "comment", "tweet", "body", "sentence", "document"];

/**
 * The layout of a dataset from the top-level keys seen in a sample of its rows
 * (first-seen order) and the overrides. Throws, naming the fields found and the flags
 * to use, when nothing matches.
 */
export function detectLayout(
  keys: ReadonlyArray<string>,
  sample: ReadonlyArray<Record<string, unknown>>,
  overrides: LayoutOverrides = {},
): Layout {
  const has = (k: string) => keys.includes(k);
  if (overrides.messagesField) return messagesLayout("custom", overrides.messagesField);
  if (overrides.instructionField || overrides.responseField) {
    const instruction = overrides.instructionField ?? INSTRUCTION_FIELDS.find(has);
    const response = overrides.responseField ?? RESPONSE_FIELDS.find(has);
    if (!instruction) throw noLayoutError(keys, "no instruction field: pass --instruction-field");
    return pairLayout("custom", instruction, response, undefined);
  }
  const candidates = candidateLayouts(keys, sample);
  if (!candidates.length) throw noLayoutError(keys, "no known layout matched");
  if (candidates.length === 1) return candidates[0]!;
  // Several layouts fit the keys (files of different layouts read as one dataset, or
  // the card's rows that are either pairs or conversations): each row uses the first
  // layout that can read it.
  return {
    name: candidates.map((c) => c.name).join("|"),
    description: `mixed: ${candidates.map((c) => c.description).join(" | ")}`,
    fields: [...new Set(candidates.flatMap((c) => c.fields ?? []))],
    extract(row) {
      let first: { error: string } | undefined;
      for (const c of candidates) {
        const r = c.extract(row);
        if (!("error" in r)) return r;
        first ??= r;
      }
      return first!;
    },
  };
}

/** Every known layout the keys fit, most specific first. */
function candidateLayouts(keys: ReadonlyArray<string>, sample: ReadonlyArray<Record<string, unknown>>): Layout[] {
  const has = (k: string) => keys.includes(k);
  const out: Layout[] = [];
  const conversationHasMessages = sample.some((r) => {
    const c = r.conversation;
    return c !== null && typeof c === "object" && !Array.isArray(c) && "messages" in (c as object);
  });
  if (has("conversation") && conversationHasMessages) out.push(messagesLayout("card", "conversation.messages"));
  if (has("messages")) out.push(messagesLayout("openai-messages", "messages"));
  if (has("conversations")) out.push(messagesLayout("sharegpt", "conversations"));
  if (has("instruction") && has("instances") && !RESPONSE_FIELDS.some(has)) out.push(selfInstructLayout());
  const instruction = INSTRUCTION_FIELDS.find(has);
  const response = RESPONSE_FIELDS.find(has);
  if (instruction && (response || out.length)) {
    const context = CONTEXT_FIELDS.find((k) => has(k) && k !== response && k !== instruction);
    const name =
      instruction === "instruction" && response === "output" ? "alpaca"
      : instruction === "instruction" && response === "response" && context === "context" ? "dolly"
      : instruction === "instruction" && response === "response" ? "card"
      : "pair";
    out.push(pairLayout(name, instruction, response, context));
  } else if (has("input") && has("output")) out.push(pairLayout("pair", "input", "output", undefined));
  if (has("chosen") && sample.some((r) => typeof r.chosen === "string" && /\n\nHuman: /.test(r.chosen))) {
    out.push(transcriptLayout("chosen"));
  }
  // Last resort: rows that are one piece of text (comments, documents, exam questions). The
  // text is what every response-side signal reads; there is no instruction.
  const text = out.length ? undefined : TEXT_FIELDS.find(has);
  if (text !== undefined) out.push(textLayout(text));
  return out;
}

/** One text field per row, read as the response; the instruction is empty. */
function textLayout(field: string): Layout {
  return {
    name: "text",
    description: `text: response=${field}, no instruction`,
    fields: [field],
    extract(row) {
      const text = textField(row, field);
      if (typeof text !== "string") return text;
      if (!text.trim()) return { error: `no text: '${field}' is empty or missing` };
      return { instruction: "", response: text, turns: [{ role: "assistant", content: text }], multiTurn: false };
    },
  };
}

function noLayoutError(keys: ReadonlyArray<string>, why: string): Error {
  return new Error(
    `cannot find the text fields (${why}); fields seen: ${keys.length ? keys.join(", ") : "(none)"}. ` +
      `Known layouts: instruction/response, instruction/input/output (Alpaca), instruction/context/response (Dolly), ` +
      `messages[{role, content}], conversations[{from, value}], conversation.messages, one text field (${TEXT_FIELDS.join("/")}). ` +
      `Name the fields with --instruction-field and --response-field, or --messages-field.`,
  );
}

/** Value at a dotted path ("conversation.messages"). */
export function valueAt(row: Record<string, unknown>, path: string): unknown {
  if (!path.includes(".")) return ownValue(row, path);
  let v: unknown = row;
  for (const part of path.split(".")) {
    if (v === null || typeof v !== "object") return undefined;
    v = ownValue(v as Record<string, unknown>, part);
  }
  return v;
}

function textField(row: Record<string, unknown>, path: string): string | { error: string } {
  const v = valueAt(row, path);
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  return { error: `field '${path}' is ${describe(v)}, expected a string` };
}

/** The distinct top-level columns of field paths ("conversation.messages" → "conversation"). */
function topLevel(paths: ReadonlyArray<string | undefined>): string[] {
  return [...new Set(paths.flatMap((p) => (p ? [p.split(".")[0]!] : [])))];
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  if (v === null) return "null";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

function pairLayout(name: string, instruction: string, response: string | undefined, context: string | undefined): Layout {
  return {
    name,
    description: `${name}: instruction=${instruction}${context ? ` (+${context})` : ""}, response=${response ?? "(none)"}`,
    fields: topLevel([instruction, context, response]),
    extract(row) {
      let ins = textField(row, instruction);
      if (typeof ins !== "string") return ins;
      if (context) {
        const ctx = textField(row, context);
        if (typeof ctx !== "string") return ctx;
        // The context/input is part of what the model is asked: it joins the instruction.
        if (ctx.trim()) ins = ins ? `${ins}\n\n${ctx}` : ctx;
      }
      const res = response ? textField(row, response) : "";
      if (typeof res !== "string") return res;
      if (!ins.trim() && !res.trim()) return { error: `no text: '${instruction}' and '${response ?? "response"}' are both empty or missing` };
      const turns: Turn[] = [{ role: "user", content: ins }];
      if (res) turns.push({ role: "assistant", content: res });
      return { instruction: ins, response: res, turns, multiTurn: false };
    },
  };
}

const ROLE_NAMES: Record<string, string> = {
  user: "user",
  human: "user",
  prompter: "user",
  assistant: "assistant",
  gpt: "assistant",
  bot: "assistant",
  model: "assistant",
  chatgpt: "assistant",
  system: "system",
  tool: "tool",
  function: "tool",
  ipython: "tool",
};

/** The normalised role name ("human" → "user", "gpt" → "assistant" …); unknown roles pass through lower-cased. */
export function normaliseRole(role: string): string {
  const r = role.toLowerCase();
  return ROLE_NAMES[r] ?? r;
}

function messageContent(m: Record<string, unknown>): string | { error: string } | undefined {
  const c = "content" in m ? m.content : "value" in m ? m.value : m.text;
  if (c === undefined || c === null) return "";
  if (typeof c === "string") return c;
  if (Array.isArray(c)) {
    // OpenAI content parts: keep the text parts.
    const texts: string[] = [];
    for (const part of c) {
      if (typeof part === "string") texts.push(part);
      else if (part && typeof part === "object" && typeof (part as { text?: unknown }).text === "string") texts.push((part as { text: string }).text);
    }
    return texts.join("\n");
  }
  return { error: `message content is ${describe(c)}, expected a string` };
}

function messagesLayout(name: string, path: string): Layout {
  return {
    name,
    description: `${name}: messages=${path}`,
    fields: topLevel([path]),
    extract(row) {
      const list = valueAt(row, path);
      if (list === undefined || list === null) return { error: `no text: '${path}' is missing` };
      if (!Array.isArray(list)) return { error: `field '${path}' is ${describe(list)}, expected a list of messages` };
      const turns: Turn[] = [];
      for (let i = 0; i < list.length; i++) {
        const m = list[i];
        if (m === null || typeof m !== "object" || Array.isArray(m)) {
          return { error: `'${path}[${i}]' is ${describe(m)}, expected a message object` };
        }
        const rec = m as Record<string, unknown>;
        const roleValue = rec.role ?? rec.from;
        if (typeof roleValue !== "string") return { error: `'${path}[${i}]' has no string 'role' or 'from'` };
        const content = messageContent(rec);
        if (typeof content === "object") return { error: `'${path}[${i}]': ${content.error}` };
        turns.push({ role: normaliseRole(roleValue), content: content ?? "" });
      }
      return fromTurns(turns, path);
    },
  };
}

function fromTurns(turns: Turn[], path: string): CanonicalRow | { error: string } {
  const user: string[] = [];
  const assistant: string[] = [];
  for (const t of turns) {
    // Turns with no text (an assistant turn that only makes tool calls) add nothing: joining
    // them would leave a stray blank line in the text and inflate its length.
    if (!t.content) continue;
    if (t.role === "user") user.push(t.content);
    else if (t.role === "assistant") assistant.push(t.content);
  }
  const instruction = user.join("\n\n");
  const response = assistant.join("\n\n");
  if (!instruction.trim() && !response.trim()) return { error: `no text: '${path}' has no user or assistant text` };
  return { instruction, response, turns, multiTurn: true };
}

function selfInstructLayout(): Layout {
  return {
    name: "self-instruct",
    description: "self-instruct: instruction (+instances[0].input), response=instances[0].output",
    fields: ["instruction", "instances"],
    extract(row) {
      const ins = textField(row, "instruction");
      if (typeof ins !== "string") return ins;
      const instances = row.instances;
      const first = Array.isArray(instances) && instances[0] && typeof instances[0] === "object" ? (instances[0] as Record<string, unknown>) : {};
      const input = typeof first.input === "string" ? first.input : "";
      const output = typeof first.output === "string" ? first.output : "";
      const instruction = input.trim() ? `${ins}\n\n${input}` : ins;
      if (!instruction.trim() && !output.trim()) return { error: "no text: 'instruction' and 'instances[0].output' are both empty" };
      const turns: Turn[] = [{ role: "user", content: instruction }];
      if (output) turns.push({ role: "assistant", content: output });
      return { instruction, response: output, turns, multiTurn: false };
    },
  };
}

/** Anthropic hh-rlhf transcripts: "\n\nHuman: …\n\nAssistant: …" in one string. */
function transcriptLayout(field: string): Layout {
  return {
    name: "hh-rlhf",
    description: `hh-rlhf transcript in '${field}'`,
    fields: [field],
    extract(row) {
      const text = textField(row, field);
      if (typeof text !== "string") return text;
      const turns: Turn[] = [];
      const re = /\n\n(Human|Assistant): /g;
      let m: RegExpExecArray | null;
      let last: { role: string; start: number } | undefined;
      while ((m = re.exec(text))) {
        if (last) turns.push({ role: last.role, content: text.slice(last.start, m.index) });
        last = { role: m[1] === "Human" ? "user" : "assistant", start: m.index + m[0].length };
      }
      if (last) turns.push({ role: last.role, content: text.slice(last.start) });
      if (!turns.length) return { error: `'${field}' holds no "Human:"/"Assistant:" turns` };
      return fromTurns(turns, field);
    },
  };
}
