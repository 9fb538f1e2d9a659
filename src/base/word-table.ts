import { FNV_OFFSET, FNV_PRIME, fmix32 } from "./hashing.js";
import { grown } from "./typed-array-growth.js";

/**
 * A map from words (sequences of UTF-16 code units) to non-negative integers, built for the
 * per-word hot loops of the scorers: the caller hashes the word's code units while it scans
 * the text (`wordHashStep`), and a lookup is one probe in a flat open-addressing table whose
 * candidates are verified code unit by code unit. No string is sliced, lower-cased or hashed
 * by V8 per word, and nothing is allocated per lookup.
 *
 * Exact, not probabilistic: two words with the same 32-bit hash are still told apart.
 * Entries can be dropped newest-first (`truncate`), which lets a table hold a fixed set of
 * words (a dictionary) followed by a bounded cache of computed ones.
 *
 * A finished table can be copied into SharedArrayBuffers (`toShared`) and opened read-only
 * in other threads (`WordTable.readOnly`): worker threads then read one copy of a static
 * dictionary instead of each building and holding its own.
 */

/** FNV-1a offset basis as a signed int: the hash of the empty word. */
export const WORD_HASH_SEED = FNV_OFFSET | 0;

/** The hash of a word extended by one code unit (FNV-1a, 32 bits). */
export function wordHashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/** The hash of s[from, to) as wordHashStep computes it. */
export function wordHashOf(s: string, from = 0, to = s.length): number {
  let h = WORD_HASH_SEED;
  for (let i = from; i < to; i++) h = wordHashStep(h, s.charCodeAt(i));
  return h;
}

// Slots are taken from the low bits, which FNV leaves weak: every slot index goes through fmix32.

/** Entry record layout in `entries` (stride 4). */
const E_START = 0;
const E_LENGTH = 1;
const E_VALUE = 2;
const E_SLOT = 3;

/** A table's contents as typed arrays (over SharedArrayBuffers from toShared()); see WordTable.readOnly. */
export interface WordTableData {
  /** Per slot: word hash, entry index + 1; its length is twice a power of two. */
  readonly slots: Int32Array;
  /** Per entry: start, length, value, slot. */
  readonly entries: Int32Array;
  /** Every entry's code units, back to back. */
  readonly chars: Uint16Array;
}

export class WordTable {
  /** Per slot: [word hash, entry index + 1] (0: empty), adjacent so one cache line decides most probes. */
  private slots: Int32Array;
  private mask: number;
  /** Per entry: start and length of its code units in `chars`, its value, its slot. */
  private entries: Int32Array;
  private chars: Uint16Array;
  private charsUsed = 0;
  private count = 0;
  /** Scratch for setString. */
  private stringCodes = new Uint16Array(64);
  /** Set on tables opened with readOnly(): their arrays may be shared with other threads. */
  private readonly frozen: boolean;

  /** An empty table sized for about `expectedWords` words, or (readOnly) a view of existing data. */
  constructor(expectedWords: number | WordTableData = 64) {
    if (typeof expectedWords !== "number") {
      const data: WordTableData = expectedWords;
      const capacity = data.slots.length / 2;
      if (!Number.isInteger(capacity) || capacity < 1 || (capacity & (capacity - 1)) !== 0 || data.entries.length % 4 !== 0) {
        throw new Error("word table data is malformed: slots must hold 2 × a power of two values, and entries 4 values per word");
      }
      this.slots = data.slots;
      this.mask = capacity - 1;
      this.entries = data.entries;
      this.chars = data.chars;
      this.charsUsed = data.chars.length;
      this.count = data.entries.length / 4;
      this.frozen = true;
      return;
    }
    let capacity = 16;
    while (capacity < expectedWords * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    this.entries = new Int32Array(Math.max(8, expectedWords) * 4);
    this.chars = new Uint16Array(Math.max(64, expectedWords * 8));
    this.frozen = false;
  }

  /**
   * A table reading `data` (from toShared(), possibly made in another thread) without
   * copying it. It cannot change: set() and truncate() throw.
   */
  static readOnly(data: WordTableData): WordTable {
    return new WordTable(data);
  }

  /**
   * A copy of the table in SharedArrayBuffers, for readOnly() in this thread or others
   * (structured clone passes SharedArrayBuffers without copying). Trimmed to what it holds:
   * entries and code units at their exact size, and the fewest slots that keep the table at
   * most half full (the load every WordTable keeps).
   */
  toShared(): WordTableData {
    let capacity = 16;
    while (capacity < this.count * 2) capacity *= 2;
    const slots = new Int32Array(new SharedArrayBuffer(capacity * 2 * 4));
    const entries = new Int32Array(new SharedArrayBuffer(this.count * 4 * 4));
    const chars = new Uint16Array(new SharedArrayBuffer(this.charsUsed * 2));
    entries.set(this.entries.subarray(0, this.count * 4));
    chars.set(this.chars.subarray(0, this.charsUsed));
    placeEntries(slots, entries, this.count, this.slots);
    return { slots, entries, chars };
  }

  /** Number of words held. */
  get size(): number {
    return this.count;
  }

  /** Value of the word codes[from, from + length) whose wordHashOf is `hash`, or -1. */
  get(codes: Uint16Array, from: number, length: number, hash: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = fmix32(hash) & mask;
    for (;;) {
      const entry = slots[2 * slot + 1]! - 1;
      if (entry < 0) return -1;
      if (slots[2 * slot] === hash && this.entryEquals(entry, codes, from, length)) return this.entries[4 * entry + E_VALUE]!;
      slot = (slot + 1) & mask;
    }
  }

  /** The word added `entry`-th (0-based, insertion order), for diagnostics and tests: not for hot loops. */
  wordAt(entry: number): string {
    if (!Number.isInteger(entry) || entry < 0 || entry >= this.count) throw new RangeError(`word table has no entry ${entry} (it holds ${this.count})`);
    const start = this.entries[4 * entry + E_START]!;
    return String.fromCharCode(...this.chars.subarray(start, start + this.entries[4 * entry + E_LENGTH]!));
  }

  /** Value of a word given as a string, or -1. */
  getString(word: string): number {
    const slots = this.slots;
    const mask = this.mask;
    const hash = wordHashOf(word);
    let slot = fmix32(hash) & mask;
    for (;;) {
      const entry = slots[2 * slot + 1]! - 1;
      if (entry < 0) return -1;
      if (slots[2 * slot] === hash && this.entryEqualsString(entry, word)) return this.entries[4 * entry + E_VALUE]!;
      slot = (slot + 1) & mask;
    }
  }

  /** Set the value (>= 0) of the word codes[from, from + length); adds the word when absent. */
  set(codes: Uint16Array, from: number, length: number, hash: number, value: number): void {
    if (this.frozen) throw new Error("this word table is read-only (opened with WordTable.readOnly)");
    let slot = fmix32(hash) & this.mask;
    for (;;) {
      const entry = this.slots[2 * slot + 1]! - 1;
      if (entry < 0) break;
      if (this.slots[2 * slot] === hash && this.entryEquals(entry, codes, from, length)) {
        this.entries[4 * entry + E_VALUE] = value;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    if ((this.count + 1) * 2 > this.mask + 1) {
      this.rehash(2 * (this.mask + 1));
      slot = fmix32(hash) & this.mask;
      while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & this.mask;
    }
    if (this.charsUsed + length > this.chars.length) this.chars = grown(this.chars, Math.max(this.chars.length * 2, this.charsUsed + length));
    if (4 * (this.count + 1) > this.entries.length) this.entries = grown(this.entries, this.entries.length * 2);
    const e = this.count++;
    const at = this.charsUsed;
    const chars = this.chars;
    for (let k = 0; k < length; k++) chars[at + k] = codes[from + k]!;
    this.charsUsed += length;
    this.entries[4 * e + E_START] = at;
    this.entries[4 * e + E_LENGTH] = length;
    this.entries[4 * e + E_VALUE] = value;
    this.entries[4 * e + E_SLOT] = slot;
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = e + 1;
  }

  /** Set the value of a word given as a string. */
  setString(word: string, value: number): void {
    if (this.stringCodes.length < word.length) this.stringCodes = new Uint16Array(word.length * 2);
    const codes = this.stringCodes;
    for (let i = 0; i < word.length; i++) codes[i] = word.charCodeAt(i);
    this.set(codes, 0, word.length, wordHashOf(word), value);
  }

  /**
   * Drop every word added after the first `size` ones. Safe in open addressing because a
   * probe chain only ever runs over slots taken by words added before its own word: the
   * words dropped last-in-first-out never sit in the chain of a word that stays.
   */
  truncate(size: number): void {
    if (size >= this.count) return;
    if (this.frozen) throw new Error("this word table is read-only (opened with WordTable.readOnly)");
    for (let e = this.count - 1; e >= size; e--) {
      const slot = this.entries[4 * e + E_SLOT]!;
      this.slots[2 * slot] = 0;
      this.slots[2 * slot + 1] = 0;
    }
    this.count = size;
    this.charsUsed = size === 0 ? 0 : this.entries[4 * (size - 1) + E_START]! + this.entries[4 * (size - 1) + E_LENGTH]!;
  }

  /** Drop every word (cost proportional to the words held, not the capacity). */
  clear(): void {
    this.truncate(0);
  }

  private entryEquals(entry: number, codes: Uint16Array, from: number, length: number): boolean {
    const entries = this.entries;
    if (entries[4 * entry + E_LENGTH] !== length) return false;
    const chars = this.chars;
    const start = entries[4 * entry + E_START]!;
    for (let k = 0; k < length; k++) if (chars[start + k] !== codes[from + k]) return false;
    return true;
  }

  private entryEqualsString(entry: number, word: string): boolean {
    const entries = this.entries;
    if (entries[4 * entry + E_LENGTH] !== word.length) return false;
    const chars = this.chars;
    const start = entries[4 * entry + E_START]!;
    for (let k = 0; k < word.length; k++) if (chars[start + k] !== word.charCodeAt(k)) return false;
    return true;
  }

  /** Re-insert every entry, in insertion order, into a table of `capacity` slots. */
  private rehash(capacity: number): void {
    const old = this.slots;
    this.slots = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    placeEntries(this.slots, this.entries, this.count, old);
  }
}

/**
 * Insert entries [0, count) into the empty `slots`, in entry order (which keeps the
 * last-in-first-out property truncate() relies on), reading each entry's hash from
 * `oldSlots` at its current slot and recording its new slot in `entries`.
 */
function placeEntries(slots: Int32Array, entries: Int32Array, count: number, oldSlots: Int32Array): void {
  const mask = slots.length / 2 - 1;
  for (let e = 0; e < count; e++) {
    const hash = oldSlots[2 * entries[4 * e + E_SLOT]!]!;
    let slot = fmix32(hash) & mask;
    while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = e + 1;
    entries[4 * e + E_SLOT] = slot;
  }
}
