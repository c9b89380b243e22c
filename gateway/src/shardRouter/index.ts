export { ShardRouter, type ShardRouterOptions, type UnitRequest } from "./router.js";
export { readShardRules, type ShardRule, type ShardRules, type ShardMerge } from "./shardRules.js";
