import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { WORD_HASH_SEED, WordTable, wordHashOf, wordHashStep } from "../src/base/word-table.js";
import { LiangHyphenator } from "../src/metrics/readability/liang-hyphenator.js";

function codesOf(word: string): Uint16Array {
  return Uint16Array.from(word, (ch) => ch.charCodeAt(0));
}

describe("WordTable", () => {
  it("finds words by codes and by string, and misses absent ones", () => {
    const table = new WordTable(4);
    const words = ["apple", "banana", "cherry", "Apple", "naïve", "don't", ""];
    words.forEach((w, i) => table.setString(w, i));
    expect(table.size).toBe(words.length);
    words.forEach((w, i) => {
      expect(table.getString(w)).toBe(i);
      const codes = codesOf(`xx${w}`);
      expect(table.get(codes, 2, w.length, wordHashOf(w))).toBe(i);
    });
    expect(table.getString("appl")).toBe(-1);
    expect(table.getString("apples")).toBe(-1);
    expect(table.getString("APPLE")).toBe(-1);
  });

  it("tells apart different words given the same hash", () => {
    const table = new WordTable();
    const sameHash = 12345;
    table.set(codesOf("cat"), 0, 3, sameHash, 1);
    table.set(codesOf("dog"), 0, 3, sameHash, 2);
    table.set(codesOf("cats"), 0, 4, sameHash, 3);
    expect(table.size).toBe(3);
    expect(table.get(codesOf("cat"), 0, 3, sameHash)).toBe(1);
    expect(table.get(codesOf("dog"), 0, 3, sameHash)).toBe(2);
    expect(table.get(codesOf("cats"), 0, 4, sameHash)).toBe(3);
    expect(table.get(codesOf("cow"), 0, 3, sameHash)).toBe(-1);
  });

  it("overwrites the value of a word already present", () => {
    const table = new WordTable();
    table.setString("word", 1);
    table.setString("word", 7);
    expect(table.size).toBe(1);
    expect(table.getString("word")).toBe(7);
  });

  it("keeps every word through growth, and truncate drops exactly the newest", () => {
    const table = new WordTable(2);
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
    words.forEach((w, i) => table.setString(w, i));
    for (let i = 0; i < words.length; i += 97) expect(table.getString(words[i]!)).toBe(i);
    table.truncate(1200);
    expect(table.size).toBe(1200);
    expect(table.getString(words[1199]!)).toBe(1199);
    expect(table.getString(words[0]!)).toBe(0);
    expect(table.getString(words[1200]!)).toBe(-1);
    expect(table.getString(words[4999]!)).toBe(-1);
    // Words added after a truncate are found, and reuse the freed space.
    table.setString("fresh", 42);
    expect(table.getString("fresh")).toBe(42);
    table.clear();
    expect(table.size).toBe(0);
    expect(table.getString(words[0]!)).toBe(-1);
    expect(table.getString("fresh")).toBe(-1);
  });

  it("copies into SharedArrayBuffers that another thread reads without copying, read-only", async () => {
    const table = new WordTable(4);
    const words = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}é`);
    words.forEach((w, i) => table.setString(w, i));
    table.truncate(2500); // dropped words must not come back in the copy
    const data = table.toShared();
    expect(data.slots.buffer).toBeInstanceOf(SharedArrayBuffer);
    // Trimmed: the fewest slots at most half full, entries and code units at their exact size.
    expect(data.slots.length / 2).toBe(8192);
    expect(data.entries.length).toBe(2500 * 4);
    expect(data.chars.length).toBe(words.slice(0, 2500).reduce((n, w) => n + w.length, 0));

    const shared = WordTable.readOnly(data);
    expect(shared.size).toBe(2500);
    expect([0, 1234, 2499].map((e) => shared.wordAt(e))).toEqual([words[0], words[1234], words[2499]]);
    expect(() => shared.wordAt(2500)).toThrow("no entry 2500");
    for (let i = 0; i < 2500; i += 7) expect(shared.getString(words[i]!)).toBe(i);
    expect(shared.get(codesOf("xx" + words[42]!), 2, words[42]!.length, wordHashOf(words[42]!))).toBe(42);
    expect(shared.getString(words[2600]!)).toBe(-1);
    expect(() => shared.setString("new", 1)).toThrow("read-only");
    expect(() => shared.clear()).toThrow("read-only");

    // A worker thread sees the same memory: a value changed here after the hand-over shows there.
    const worker = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
       parentPort.once("message", () => parentPort.postMessage([workerData.entries.length, workerData.entries[4 * 7 + 2]]));`,
      { eval: true, workerData: data },
    );
    data.entries[4 * 7 + 2] = 777;
    const seen = await new Promise<number[]>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.postMessage("go");
    });
    await worker.terminate();
    expect(seen).toEqual([10000, 777]);
    expect(() => new WordTable({ slots: new Int32Array(6), entries: new Int32Array(0), chars: new Uint16Array(0) })).toThrow("malformed");
  });

  it("hashes incrementally as it hashes whole strings", () => {
    let h = WORD_HASH_SEED;
    for (const ch of "hello") h = wordHashStep(h, ch.charCodeAt(0));
    expect(h).toBe(wordHashOf("hello"));
    expect(wordHashOf("say hello", 4)).toBe(h);
    expect(wordHashOf("")).toBe(WORD_HASH_SEED);
  });
});

describe("LiangHyphenator", () => {
  // Nine of the patterns of Liang's thesis example: with only these, "hy-phen-ation".
  const hyphenator = new LiangHyphenator(["hy3ph", "he2n", "hena4", "hen5at", "1na", "n2at", "1tio", "2io", "o2n"], 2, 2);

  it("finds the hyphenation points the patterns give", () => {
    expect(hyphenator.countPositions("hyphenation")).toBe(2);
  });

  it("counts nothing for a word no pattern matches, or one too short", () => {
    expect(hyphenator.countPositions("xyz")).toBe(0);
    expect(hyphenator.countPositions("")).toBe(0);
    expect(hyphenator.countPositions("hyph")).toBe(1);
  });

  it("ignores all-zero patterns, and a later pattern with the same letters replaces an earlier one", () => {
    expect(new LiangHyphenator(["ab1c", "ab0c"], 1, 1).countPositions("abc")).toBe(1);
    // Replaced, not merged: max(2, 1) would be even, no hyphen.
    expect(new LiangHyphenator(["ab2c", "ab1c"], 1, 1).countPositions("abc")).toBe(1);
    expect(new LiangHyphenator(["ab1c", "ab2c"], 1, 1).countPositions("abc")).toBe(0);
  });
});
