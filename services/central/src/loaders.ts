import DataLoader from "dataloader";
import { In, type DataSource } from "typeorm";
import type { CountryCode, Translations } from "@smart/platform";
import {
  AssemblyEntity,
  BudgetPriorityEntity,
  CountryEntity,
  RecommendationEntity,
  ResolutionEntity,
  SipCycleEntity,
  WorkingGroupEntity,
  WorkingGroupParticipantEntity,
  TranslationEntity,
  type Assembly,
  type BudgetPriority,
  type Country,
  type Recommendation,
  type RecommendationStatus,
  type Resolution,
  type SipCycle,
  type WorkingGroup,
} from "./entity/index.js";

/** A cycle's recommendations, all of them (`status` null) or those with one status. */
export interface RecommendationsKey {
  cycleId: string;
  status: RecommendationStatus | null;
}

/**
 * Per-request DataLoaders: every relation and every `__resolveReference` goes
 * through one, so a request's SQL statements stay constant as results grow
 * (one statement per batch).
 */
export function createLoaders(dataSource: DataSource) {
  const countries = dataSource.getRepository(CountryEntity);
  const assemblies = dataSource.getRepository(AssemblyEntity);
  const resolutions = dataSource.getRepository(ResolutionEntity);
  const sipCycles = dataSource.getRepository(SipCycleEntity);
  const workingGroups = dataSource.getRepository(WorkingGroupEntity);
  const participants = dataSource.getRepository(WorkingGroupParticipantEntity);
  const recommendations = dataSource.getRepository(RecommendationEntity);
  const budgetPriorities = dataSource.getRepository(BudgetPriorityEntity);
  const translations = dataSource.getRepository(TranslationEntity);

  const byIds = <T extends { id: string }>(load: (ids: string[]) => Promise<T[]>) =>
    new DataLoader<string, T | null>(async (ids) => pickOne(ids, await load([...ids]), (row) => row.id));

  return {
    country: new DataLoader<CountryCode, Country | null>(async (codes) =>
      pickOne(codes, await countries.findBy({ code: In([...codes]) }), (row) => row.code),
    ),
    assembly: byIds<Assembly>((ids) => assemblies.findBy({ id: In(ids) })),
    sipCycle: byIds<SipCycle>((ids) => sipCycles.findBy({ id: In(ids) })),
    workingGroup: byIds<WorkingGroup>((ids) => workingGroups.findBy({ id: In(ids) })),
    recommendation: byIds<Recommendation>((ids) => recommendations.findBy({ id: In(ids) })),

    /** How many members support each recommendation. */
    supportCount: new DataLoader<string, number>(async (recommendationIds) => {
      const rows: { recommendation_id: string; supports: number }[] = await dataSource.query(
        `SELECT recommendation_id, count(*)::int AS supports FROM recommendation_support WHERE recommendation_id = ANY($1) GROUP BY recommendation_id`,
        [[...recommendationIds]],
      );
      const counts = new Map(rows.map((row) => [row.recommendation_id, row.supports]));
      return recommendationIds.map((id) => counts.get(id) ?? 0);
    }),
    budgetPriority: byIds<BudgetPriority>((ids) => budgetPriorities.findBy({ id: In(ids) })),

    budgetPrioritiesByAssembly: new DataLoader<string, BudgetPriority[]>(async (assemblyIds) => {
      const rows = await budgetPriorities.find({
        where: { assemblyId: In([...assemblyIds]) },
        order: { assemblyId: "ASC", rank: "ASC" },
      });
      return pickMany(assemblyIds, rows, (row) => row.assemblyId);
    }),

    /** A subject's texts (a country code or an `EU:` ID), by field, in the languages they are written in. */
    translations: new DataLoader<string, Map<string, Translations>>(async (subjectIds) => {
      const rows = await translations.findBy({ subjectId: In([...subjectIds]) });
      return pickMany(subjectIds, rows, (row) => row.subjectId).map((subjectRows) => {
        const byField = new Map<string, Translations>();
        for (const row of subjectRows) byField.set(row.field, { ...byField.get(row.field), [row.lang]: row.text });
        return byField;
      });
    }),

    resolutionsByAssembly: new DataLoader<string, Resolution[]>(async (assemblyIds) => {
      const rows = await resolutions.find({
        where: { assemblyId: In([...assemblyIds]) },
        order: { assemblyId: "ASC", position: "ASC" },
      });
      return pickMany(assemblyIds, rows, (row) => row.assemblyId);
    }),

    workingGroupsByCycle: new DataLoader<string, WorkingGroup[]>(async (cycleIds) => {
      const rows = await workingGroups.find({
        where: { cycleId: In([...cycleIds]) },
        order: { cycleId: "ASC", cityId: "ASC", topic: "ASC" },
      });
      return pickMany(cycleIds, rows, (row) => row.cycleId);
    }),

    participantIdsByWorkingGroup: new DataLoader<string, string[]>(async (groupIds) => {
      const rows = await participants.find({
        where: { workingGroupId: In([...groupIds]) },
        order: { workingGroupId: "ASC", memberId: "ASC" },
      });
      return pickMany(groupIds, rows, (row) => row.workingGroupId).map((group) => group.map((row) => row.memberId));
    }),

    /** The members of each cycle's working groups, each once, by ID. */
    participantIdsByCycle: new DataLoader<string, string[]>(async (cycleIds) => {
      const rows: { cycle_id: string; member_id: string }[] = await dataSource.query(
        `SELECT DISTINCT g.cycle_id, p.member_id FROM working_group_participant p JOIN working_group g ON g.id = p.working_group_id
          WHERE g.cycle_id = ANY($1) ORDER BY g.cycle_id, p.member_id`,
        [[...cycleIds]],
      );
      return pickMany(cycleIds, rows, (row) => row.cycle_id).map((cycle) => cycle.map((row) => row.member_id));
    }),

    recommendationsByCycle: new DataLoader<RecommendationsKey, Recommendation[], string>(
      async (keys) => {
        // One statement for the whole batch: filter by status in SQL unless some key wants them all.
        const statuses = keys.some((key) => key.status === null) ? null : [...new Set(keys.map((key) => key.status!))];
        const rows = await recommendations.find({
          where: {
            cycleId: In([...new Set(keys.map((key) => key.cycleId))]),
            ...(statuses ? { status: In(statuses) } : {}),
          },
          order: { id: "ASC" },
        });
        return keys.map((key) =>
          rows.filter((row) => row.cycleId === key.cycleId && (key.status === null || row.status === key.status)),
        );
      },
      { cacheKeyFn: (key) => `${key.cycleId}|${key.status ?? "*"}` },
    ),
  };
}

export type CentralLoaders = ReturnType<typeof createLoaders>;

/** The row for each key, or null, in the keys' order. */
function pickOne<K, T>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): (T | null)[] {
  const byKey = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => byKey.get(key) ?? null);
}

/** The rows of each key (in the rows' order), in the keys' order. */
function pickMany<K, T>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): T[][] {
  const byKey = new Map<K, T[]>();
  for (const row of rows) {
    const group = byKey.get(keyOf(row));
    if (group) group.push(row);
    else byKey.set(keyOf(row), [row]);
  }
  return keys.map((key) => byKey.get(key) ?? []);
}
