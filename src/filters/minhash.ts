import { hashString32, mix32 } from "../base/hashing.js";

/**
 * MinHash signatures over word shingles: each word is hashed once, a shingle's hash
 * mixes its k word hashes, and permutation p of a shingle hash h is simulated by
 * h1 + p·h2 (two independent hashes of the shingle) followed by an avalanche, the usual
 * double-hashing shortcut that costs two multiplies per permutation instead of a
 * fresh hash. Texts shorter than k words are one shingle.
 */
export class MinHasher {
  private readonly signature: Uint32Array;
  private wordHashes = new Uint32Array(256);

  constructor(
    readonly permutations: number,
    readonly shingleWords: number,
  ) {
    this.signature = new Uint32Array(permutations);
  }

  /** The signature of a list of words (reused buffer: copy it to keep it). Empty input gives all 0xffffffff. */
  sign(words: ReadonlyArray<string>): Uint32Array {
    const sig = this.signature.fill(0xffffffff);
    const n = words.length;
    if (!n) return sig;
    if (this.wordHashes.length < n) this.wordHashes = new Uint32Array(n * 2);
    const wh = this.wordHashes;
    for (let i = 0; i < n; i++) wh[i] = hashString32(words[i]!, 0x1b873593);
    const k = Math.min(this.shingleWords, n);
    const P = this.permutations;
    for (let s = 0; s + k <= n; s++) {
      let h = 0x811c9dc5;
      for (let w = s; w < s + k; w++) h = mix32(h, wh[w]!);
      const h1 = h;
      const h2 = mix32(h, 0x5bd1e995) | 1;
      for (let p = 0; p < P; p++) {
        let x = (h1 + Math.imul(p, h2)) | 0;
        x ^= x >>> 16;
        x = Math.imul(x, 0x7feb352d);
        x ^= x >>> 15;
        x >>>= 0;
        if (x < sig[p]!) sig[p] = x;
      }
    }
    return sig;
  }
}

/** The share of equal positions of two signatures: the MinHash estimate of Jaccard similarity. */
export function estimatedJaccard(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return a.length ? same / a.length : 0;
}
