/** A scorer spec (--toxicity, --embedder, --domain …) that is not one of the accepted forms. */
export class ScorerSpecError extends Error {
  constructor(flag: string, spec: string, accepted: string) {
    super(`${flag} "${spec}" is not understood; use ${accepted}`);
    this.name = "ScorerSpecError";
  }
}
