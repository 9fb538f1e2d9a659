import type { TextView } from "./text-view.js";

/** Strings as one UTF-8 buffer plus byte offsets: two transferable buffers instead of N cloned strings. */
export interface PackedStrings {
  bytes: Uint8Array;
  offsets: Int32Array;
}

/** A TextView in a form whose bulk moves between threads without copying. */
export interface PackedTextView {
  length: number;
  id: PackedStrings;
  instruction: PackedStrings;
  response: PackedStrings;
  turnText: PackedStrings;
  turnRole: string[];
  turns: Int32Array;
  multiTurn: Uint8Array;
  turnOffsets: Int32Array;
}

/** Pack strings into one UTF-8 buffer with offsets. */
export function packStrings(values: ReadonlyArray<string>): PackedStrings {
  let upper = 0;
  for (const v of values) upper += v.length;
  const buf = Buffer.allocUnsafeSlow(upper * 3);
  const offsets = new Int32Array(values.length + 1);
  let pos = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v.length) pos += buf.write(v, pos, "utf8");
    offsets[i + 1] = pos;
  }
  // A fresh exact-size buffer: transferring it moves no more memory than the text needs.
  const bytes = new Uint8Array(pos);
  bytes.set(buf.subarray(0, pos));
  return { bytes, offsets };
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

/** Pack a view; `transfer` receives the buffers to hand over. */
export function packTextView(view: TextView): { packed: PackedTextView; transfer: ArrayBuffer[] } {
  const packed: PackedTextView = {
    length: view.length,
    id: packStrings(view.id),
    instruction: packStrings(view.instruction),
    response: packStrings(view.response),
    turnText: packStrings(view.turnText),
    turnRole: view.turnRole,
    turns: Int32Array.from(view.turns),
    multiTurn: Uint8Array.from(view.multiTurn),
    turnOffsets: Int32Array.from(view.turnOffsets),
  };
  const transfer: ArrayBuffer[] = [];
  for (const s of [packed.id, packed.instruction, packed.response, packed.turnText]) {
    transfer.push(s.bytes.buffer as ArrayBuffer, s.offsets.buffer as ArrayBuffer);
  }
  transfer.push(packed.turns.buffer as ArrayBuffer, packed.multiTurn.buffer as ArrayBuffer, packed.turnOffsets.buffer as ArrayBuffer);
  return { packed, transfer };
}

/** The view back from its packed form. */
export function unpackTextView(p: PackedTextView): TextView {
  return {
    length: p.length,
    id: unpackStrings(p.id),
    instruction: unpackStrings(p.instruction),
    response: unpackStrings(p.response),
    turnText: unpackStrings(p.turnText),
    turnRole: p.turnRole,
    turns: p.turns,
    multiTurn: p.multiTurn,
    turnOffsets: p.turnOffsets,
  };
}
