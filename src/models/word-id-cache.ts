import { fmix32 } from "../base/hashing.js";
import { wordHashOf } from "../base/word-table.js";

/**
 * Word → token ids, for the WordPiece fast path: an open-addressing hash table keyed by a word's
 * characters, looked up straight from a range of the text being tokenised, so a word already
 * seen costs a hash over its characters and one comparison, with no substring created (a
 * `Map<string, …>` lookup needs the substring and hashes it again).
 *
 * Bounded: once it holds `capacity` words it is emptied and refills, so memory stays flat on
 * endless streams while the frequent words (nearly all words of a real corpus) come back at
 * once. Its contents never change a result, only how fast it comes.
 */
export class WordIdCache {
  private slotHash = new Int32Array(1 << 12);
  private slotEntry = new Int32Array(1 << 12);
  private words: string[] = [];
  private values: (number | Int32Array)[] = [];

  constructor(private readonly capacity = 200_000) {}

  /** FNV-1a over the UTF-16 units of `text` from `start` to `end` (word-table.ts's word hash). */
  static hash(text: string, start: number, end: number): number {
    return wordHashOf(text, start, end);
  }

  /** The ids stored for the word `text[start, end)` whose hash is `hash`, or undefined. */
  get(text: string, start: number, end: number, hash: number): number | Int32Array | undefined {
    const mask = this.slotEntry.length - 1;
    const len = end - start;
    for (let slot = fmix32(hash) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slotEntry[slot]!;
      if (entry === 0) return undefined;
      if (this.slotHash[slot] !== hash) continue;
      const word = this.words[entry - 1]!;
      if (word.length !== len) continue;
      let k = 0;
      while (k < len && word.charCodeAt(k) === text.charCodeAt(start + k)) k++;
      if (k === len) return this.values[entry - 1];
    }
  }

  /** Store `ids` for `word` (not already present) whose hash is `hash`. */
  set(word: string, hash: number, ids: number | Int32Array): void {
    if (this.words.length >= this.capacity) this.clear();
    if ((this.words.length + 1) * 2 > this.slotEntry.length) this.grow();
    this.words.push(word);
    this.values.push(ids);
    this.place(hash, this.words.length);
  }

  get size(): number {
    return this.words.length;
  }

  clear(): void {
    this.words = [];
    this.values = [];
    this.slotHash = new Int32Array(1 << 12);
    this.slotEntry = new Int32Array(1 << 12);
  }

  private place(hash: number, entry: number): void {
    const mask = this.slotEntry.length - 1;
    // FNV's low bits are weak: the slot comes from the mixed hash.
    let slot = fmix32(hash) & mask;
    while (this.slotEntry[slot] !== 0) slot = (slot + 1) & mask;
    this.slotHash[slot] = hash;
    this.slotEntry[slot] = entry;
  }

  private grow(): void {
    const size = this.slotEntry.length * 2;
    this.slotHash = new Int32Array(size);
    this.slotEntry = new Int32Array(size);
    this.words.forEach((w, k) => this.place(WordIdCache.hash(w, 0, w.length), k + 1));
  }
}
