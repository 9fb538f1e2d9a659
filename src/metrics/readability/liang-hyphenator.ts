import { grown } from "../../base/typed-array-growth.js";

/**
 * Liang's hyphenation algorithm as Pyphen applies it, because textstat counts the
 * syllables of a word missing from the CMU dictionary as Pyphen's hyphenation positions
 * + 1. Pyphen's rules, reproduced here:
 * - the word (already lower-cased) is framed with "." on both sides; every substring
 *   that is a pattern key raises the inter-letter values with its digits (max);
 * - a pattern whose digits are all zero is ignored; a later pattern with the same
 *   letters replaces an earlier one;
 * - odd values are hyphenation points; only positions i with left <= i <= length-right
 *   count, with Pyphen's defaults left = right = 2 (the dictionary's own
 *   LEFTHYPHENMIN/RIGHTHYPHENMIN header is not used by Pyphen);
 * - lengths and positions are in code points (Python strings), not UTF-16 units.
 *
 * The patterns are held in a trie over code points, so the substrings starting at one
 * position are all found in one walk that stops where no pattern continues, instead of a
 * string slice and a Map lookup per substring: a corpus of millions of rows meets new
 * words all the time, and each costs one hyphenation.
 */
const FRAME = 0x2e; // "."

export class LiangHyphenator {
  /** Trie edges, open addressing: per slot [parent node, code point, child node + 1]. */
  private edgeSlots = new Int32Array(3 * 16384);
  private edgeMask = 16383;
  private nodeCount = 1; // node 0 is the root
  /** Per node: index into `packed` of its pattern, or -1. */
  private patternOf: Int32Array = new Int32Array(1024).fill(-1);
  /** Patterns back to back: [offset of the first non-zero value, count of values, values…]. */
  private packed: number[] = [];
  /** Scratch: the framed word's code points and inter-letter values. */
  private codes = new Int32Array(64);
  private refs = new Uint8Array(65);

  constructor(patternLines: Iterable<string>, private readonly left = 2, private readonly right = 2) {
    const packed = this.packed;
    for (const raw of patternLines) {
      const line = raw.trim();
      if (line.length === 0) continue;
      const letters: number[] = [];
      const values: number[] = [];
      let pendingDigit = 0;
      for (const ch of line) {
        const code = ch.codePointAt(0)!;
        if (code >= 48 && code <= 57) {
          pendingDigit = code - 48;
        } else {
          values.push(pendingDigit);
          letters.push(code);
          pendingDigit = 0;
        }
      }
      values.push(pendingDigit);
      let start = 0;
      let end = values.length;
      while (start < end && values[start] === 0) start++;
      if (start === end) continue;
      while (values[end - 1] === 0) end--;
      let node = 0;
      for (const letter of letters) node = this.childOrAdd(node, letter);
      this.patternOf[node] = packed.length;
      packed.push(start, end - start);
      for (let i = start; i < end; i++) packed.push(values[i]!);
    }
  }

  /** Number of hyphenation positions Pyphen reports for a lower-cased word. */
  countPositions(word: string): number {
    // Code points, as Python indexes them.
    if (this.codes.length < word.length + 2) {
      this.codes = new Int32Array(word.length + 2);
      this.refs = new Uint8Array(word.length + 3);
    }
    const codes = this.codes;
    let n = 0;
    codes[n++] = FRAME;
    for (let i = 0; i < word.length; i++) {
      const c = word.codePointAt(i)!;
      codes[n++] = c;
      if (c > 0xffff) i++;
    }
    codes[n++] = FRAME;
    const refs = this.refs;
    refs.fill(0, 0, n + 1);
    const packed = this.packed;
    for (let i = 0; i < n - 1; i++) {
      let node = 0;
      for (let j = i; j < n; j++) {
        node = this.child(node, codes[j]!);
        if (node < 0) break;
        const p = this.patternOf[node]!;
        if (p < 0) continue;
        const from = i + packed[p]!;
        const count = packed[p + 1]!;
        for (let k = 0; k < count; k++) {
          const at = from + k;
          const v = packed[p + 2 + k]!;
          if (at <= n && v > refs[at]!) refs[at] = v;
        }
      }
    }
    const wordLength = n - 2;
    let count = 0;
    // refs[i] is the value before framed character i; Pyphen's position is i - 1.
    for (let i = 0; i <= n; i++) {
      if (refs[i]! % 2 === 1) {
        const position = i - 1;
        if (position >= this.left && position <= wordLength - this.right) count++;
      }
    }
    return count;
  }

  /** The child of `node` along code point `c`, or -1. */
  private child(node: number, c: number): number {
    const slots = this.edgeSlots;
    let slot = edgeHash(node, c) & this.edgeMask;
    for (;;) {
      const child = slots[3 * slot + 2]! - 1;
      if (child < 0) return -1;
      if (slots[3 * slot] === node && slots[3 * slot + 1] === c) return child;
      slot = (slot + 1) & this.edgeMask;
    }
  }

  private childOrAdd(node: number, c: number): number {
    const existing = this.child(node, c);
    if (existing >= 0) return existing;
    if ((this.nodeCount + 1) * 2 > this.edgeMask + 1) this.growEdges();
    const child = this.nodeCount++;
    if (child >= this.patternOf.length) {
      const old = this.patternOf.length;
      this.patternOf = grown(this.patternOf, old * 2).fill(-1, old);
    }
    this.insertEdge(node, c, child);
    return child;
  }

  private insertEdge(node: number, c: number, child: number): void {
    const slots = this.edgeSlots;
    let slot = edgeHash(node, c) & this.edgeMask;
    while (slots[3 * slot + 2] !== 0) slot = (slot + 1) & this.edgeMask;
    slots[3 * slot] = node;
    slots[3 * slot + 1] = c;
    slots[3 * slot + 2] = child + 1;
  }

  private growEdges(): void {
    const old = this.edgeSlots;
    this.edgeSlots = new Int32Array(old.length * 2);
    this.edgeMask = this.edgeMask * 2 + 1;
    for (let s = 0; s < old.length; s += 3) if (old[s + 2] !== 0) this.insertEdge(old[s]!, old[s + 1]!, old[s + 2]! - 1);
  }
}

function edgeHash(node: number, c: number): number {
  let h = Math.imul(node, 0x9e3779b1) ^ c;
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
