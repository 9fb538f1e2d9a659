import { encodeUtf8Strings } from "../io/utf8-strings.js";
import type { TextView } from "../core/text-view.js";

/** Strings as one UTF-8 buffer plus byte offsets: two transferable buffers instead of N cloned strings. */
export interface PackedStrings {
  bytes: Uint8Array;
  offsets: Int32Array;
}

/**
 * A TextView in a form whose bulk moves between threads without copying.
 *
 * For instruction/response rows (and one-exchange conversations) the turns are the
 * instruction and the response again: packing them would encode, move and decode every
 * such text twice. Those rows are flagged in `pairTurns` and their turns are rebuilt on
 * the other side from the instruction and response strings (the same string objects, so
 * the worker holds that text once too). Roles travel as small integer codes.
 */
export interface PackedTextView {
  length: number;
  id: PackedStrings;
  instruction: PackedStrings;
  response: PackedStrings;
  /** The turns of the rows whose `pairTurns` flag is 0, in order. */
  otherTurnText: PackedStrings;
  /** 1 when row i's turns are [instruction] or [instruction, response]. */
  pairTurns: Uint8Array;
  /** Each turn's role as an index into `roleNames`. */
  turnRoleCode: Int32Array;
  roleNames: string[];
  turns: Int32Array;
  multiTurn: Uint8Array;
  turnOffsets: Int32Array;
}

/** Where packed text goes: a buffer of at least the given bytes (a new one, or one recycled, see RecycledBuffers). */
export type ByteAllocator = (byteLength: number) => ArrayBuffer;

/** Pack strings into one UTF-8 buffer with offsets. */
export function packStrings(values: ReadonlyArray<string>, allocate?: ByteAllocator): PackedStrings {
  const { bytes, offsets } = encodeUtf8Strings(values, allocate);
  return { bytes, offsets };
}

/** The buffers that hold a packed view's text, which the receiver may hand back once it has unpacked the view. */
export function textBuffersOf(p: PackedTextView): ArrayBuffer[] {
  return [p.id, p.instruction, p.response, p.otherTurnText].map((s) => s.bytes.buffer as ArrayBuffer);
}

/** The strings of a packed buffer. */
export function unpackStrings(p: PackedStrings): string[] {
  const n = p.offsets.length - 1;
  const out = new Array<string>(n);
  const buf = Buffer.from(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength);
  for (let i = 0; i < n; i++) {
    const a = p.offsets[i]!;
    const b = p.offsets[i + 1]!;
    out[i] = a === b ? "" : buf.toString("utf8", a, b);
  }
  return out;
}

/** Pack a view (its text into buffers from `allocate` when given); `transfer` receives the buffers to hand over. */
export function packTextView(view: TextView, allocate?: ByteAllocator): { packed: PackedTextView; transfer: ArrayBuffer[] } {
  const n = view.length;
  const pairTurns = new Uint8Array(n);
  const otherTurns: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = view.turnOffsets[i]!;
    const count = view.turnOffsets[i + 1]! - a;
    const pair =
      (count === 1 || count === 2) &&
      view.turnText[a] === view.instruction[i] &&
      (count === 1 || view.turnText[a + 1] === view.response[i]);
    if (pair) pairTurns[i] = 1;
    else for (let t = a; t < a + count; t++) otherTurns.push(view.turnText[t]!);
  }
  const roleNames: string[] = [];
  const roleIndex = new Map<string, number>();
  const turnRoleCode = new Int32Array(view.turnRole.length);
  for (let t = 0; t < view.turnRole.length; t++) {
    const role = view.turnRole[t]!;
    let code = roleIndex.get(role);
    if (code === undefined) {
      code = roleNames.length;
      roleIndex.set(role, code);
      roleNames.push(role);
    }
    turnRoleCode[t] = code;
  }
  const packed: PackedTextView = {
    length: n,
    id: packStrings(view.id, allocate),
    instruction: packStrings(view.instruction, allocate),
    response: packStrings(view.response, allocate),
    otherTurnText: packStrings(otherTurns, allocate),
    pairTurns,
    turnRoleCode,
    roleNames,
    turns: Int32Array.from(view.turns),
    multiTurn: Uint8Array.from(view.multiTurn),
    turnOffsets: Int32Array.from(view.turnOffsets),
  };
  const transfer: ArrayBuffer[] = [];
  for (const s of [packed.id, packed.instruction, packed.response, packed.otherTurnText]) {
    transfer.push(s.bytes.buffer as ArrayBuffer, s.offsets.buffer as ArrayBuffer);
  }
  for (const a of [packed.pairTurns, packed.turnRoleCode, packed.turns, packed.multiTurn, packed.turnOffsets]) {
    transfer.push(a.buffer as ArrayBuffer);
  }
  return { packed, transfer };
}

/** The view back from its packed form. */
export function unpackTextView(p: PackedTextView): TextView {
  const instruction = unpackStrings(p.instruction);
  const response = unpackStrings(p.response);
  const other = unpackStrings(p.otherTurnText);
  const turnCount = p.turnOffsets[p.length] ?? 0;
  const turnText = new Array<string>(turnCount);
  let next = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p.turnOffsets[i]!;
    const b = p.turnOffsets[i + 1]!;
    if (p.pairTurns[i]) {
      turnText[a] = instruction[i]!;
      if (b - a === 2) turnText[a + 1] = response[i]!;
    } else for (let t = a; t < b; t++) turnText[t] = other[next++]!;
  }
  const turnRole = new Array<string>(turnCount);
  for (let t = 0; t < turnCount; t++) turnRole[t] = p.roleNames[p.turnRoleCode[t]!]!;
  return {
    length: p.length,
    id: unpackStrings(p.id),
    instruction,
    response,
    turnText,
    turnRole,
    turns: p.turns,
    multiTurn: p.multiTurn,
    turnOffsets: p.turnOffsets,
  };
}
