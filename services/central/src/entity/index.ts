export * from "./Assembly.js";
export * from "./BudgetPriority.js";
export * from "./Country.js";
export * from "./Recommendation.js";
export * from "./Resolution.js";
export * from "./SipCycle.js";
export * from "./WorkingGroup.js";
export * from "./WorkingGroupParticipant.js";
export * from "./Translation.js";
import { AssemblyEntity } from "./Assembly.js";
import { BudgetPriorityEntity } from "./BudgetPriority.js";
import { CountryEntity } from "./Country.js";
import { RecommendationEntity } from "./Recommendation.js";
import { ResolutionEntity } from "./Resolution.js";
import { SipCycleEntity } from "./SipCycle.js";
import { WorkingGroupEntity } from "./WorkingGroup.js";
import { WorkingGroupParticipantEntity } from "./WorkingGroupParticipant.js";
import { TranslationEntity } from "./Translation.js";

export const entities = [
  CountryEntity,
  AssemblyEntity,
  ResolutionEntity,
  SipCycleEntity,
  WorkingGroupEntity,
  WorkingGroupParticipantEntity,
  RecommendationEntity,
  BudgetPriorityEntity,
  TranslationEntity,
];
