/** Public API of the filter stage (re-exported by src/index.ts). */
export {
  resolveFilterConfig,
  defaultFilterConfigObject,
  defaultFilterConfigYaml,
  loadFilterConfigFile,
  type FilterConfig,
  type FilterStep,
  type BalanceConfig,
  type DedupConfig,
  type NearDedupConfig,
  type QualityConfig,
} from "./filter-config.js";
export { FilterConfigError } from "./filter-config-error.js";
export type { FilterOverrides } from "./filter-overrides.js";
export type { FilterStats, FilterStepStats, BalanceStats } from "./filter-stats.js";
export type { RowFilter, BoundFilter, FilterBatch } from "../core/row-filter.js";
export { qualityScores } from "./quality-score.js";
export { balanceQuotas } from "./balance-quotas.js";
